"""The catalog's ISUP/Q.850 mappings against RFC 3398's two tables, row by row, and the Q.850 cause files.

The tables below are transcribed from RFC 3398 (December 2002): §7.2.4.1 "ISDN Cause Code to Status Code Mapping"
(pages 24-27) and §8.2.6.1 "SIP Status Code to ISDN Cause Code Mapping" (pages 45-46). Each row is kept as printed,
with the reason phrase the RFC gives, so that a reader can hold this file against the RFC. The catalog stores the
same facts per code (`q850 = { from_isup = [...], to_isup = N }`); the tests check through the public API that
every row is in the catalog and that the catalog claims no mapping the tables lack. RFC 4497 §8.4.1/§8.4.4
(QSIG) are transcribed where they differ, to check the `[[mappings]]` rows of the cause files.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import sipcodes

# RFC 3398 §7.2.4.1: (ISUP cause, SIP code or None, the response as printed). None: no response (cause 16 ends
# the call with BYE or CANCEL, footnote (*)).
ISUP_TO_SIP: list[tuple[int, int | None, str]] = [
    # Normal event
    (1, 404, "404 Not Found"),
    (2, 404, "404 Not found"),
    (3, 404, "404 Not found"),
    (16, None, "--- (*)"),
    (17, 486, "486 Busy here"),
    (18, 408, "408 Request Timeout"),
    (19, 480, "480 Temporarily unavailable"),
    (20, 480, "480 Temporarily unavailable"),
    (21, 403, "403 Forbidden (+)"),
    (22, 410, "410 Gone"),  # number changed (w/o diagnostic)
    (22, 301, "301 Moved Permanently"),  # number changed (w/ diagnostic): the new number goes into Contact
    (23, 410, "410 Gone"),
    (26, 404, "404 Not Found (=)"),
    (27, 502, "502 Bad Gateway"),
    (28, 484, "484 Address incomplete"),
    (29, 501, "501 Not implemented"),
    (31, 480, "480 Temporarily unavailable"),
    # Resource unavailable
    (34, 503, "503 Service unavailable"),
    (38, 503, "503 Service unavailable"),
    (41, 503, "503 Service unavailable"),
    (42, 503, "503 Service unavailable"),
    (47, 503, "503 Service unavailable"),
    # Service or option not available
    (55, 403, "403 Forbidden"),
    (57, 403, "403 Forbidden"),
    (58, 503, "503 Service unavailable"),
    # Service or option not implemented (printed under a repeated "Service or option not available" heading)
    (65, 488, "488 Not Acceptable Here"),
    (70, 488, "488 Not Acceptable Here"),
    (79, 501, "501 Not implemented"),
    # Invalid message
    (87, 403, "403 Forbidden"),
    (88, 503, "503 Service unavailable"),
    # Protocol error
    (102, 504, "504 Gateway timeout"),
    (111, 500, "500 Server internal error"),
    # Interworking
    (127, 500, "500 Server internal error"),
]
# Footnote (+) of §7.2.4.1: when the cause location is 'user', the 6xx may be given instead (403 becomes 603).
ISUP_TO_SIP_FOOTNOTE = [(21, 603)]

# RFC 3398 §8.2.6.1: (code as printed, reason phrase as printed, ISUP cause or None). None: the RFC gives no fixed
# cause (487 "no mapping"; 488 and 606 "by Warning header", 31 by default or 65 for a bearer-capability warning).
SIP_TO_ISUP_PRINTED: list[tuple[int, str, int | None]] = [
    (400, "Bad Request", 41),
    (401, "Unauthorized", 21),
    (402, "Payment required", 21),
    (403, "Forbidden", 21),
    (404, "Not found", 1),
    (405, "Method not allowed", 63),
    (406, "Not acceptable", 79),
    (407, "Proxy authentication required", 21),
    (408, "Request timeout", 102),
    (410, "Gone", 22),
    (413, "Request Entity too long", 127),
    (414, "Request-URI too long", 127),
    (415, "Unsupported media type", 79),
    (416, "Unsupported URI Scheme", 127),
    (420, "Bad extension", 127),
    (421, "Extension Required", 127),
    (423, "Interval Too Brief", 127),
    (480, "Temporarily unavailable", 18),
    (481, "Call/Transaction Does not Exist", 41),
    (482, "Loop Detected", 25),
    (483, "Too many hops", 25),
    (484, "Address incomplete", 28),
    (485, "Ambiguous", 1),
    (486, "Busy here", 17),
    (487, "Request Terminated", None),
    (488, "Not Acceptable here", None),
    (500, "Server internal error", 41),
    (501, "Not implemented", 79),
    (502, "Bad gateway", 38),
    (503, "Service unavailable", 41),
    (504, "Server time-out", 102),
    # Misprint: the RFC prints this row as "504 Version Not Supported". 504 is Server Time-out (the row above);
    # Version Not Supported is 505, the only code with that phrase, and the row sits between 504 and 513 in
    # code order. The catalog therefore gives 505 the cause 127 and keeps 102 for 504 (data/codes/505.toml says so).
    (504, "Version Not Supported", 127),
    (513, "Message Too Large", 127),
    (600, "Busy everywhere", 17),
    (603, "Decline", 21),
    (604, "Does not exist anywhere", 1),
    (606, "Not acceptable", None),
]


def _sip_to_isup() -> dict[int, int | None]:
    """The §8.2.6.1 rows keyed by the code each row is about, the misprinted 504 row read as 505."""
    table: dict[int, int | None] = {}
    for printed, phrase, cause in SIP_TO_ISUP_PRINTED:
        code = printed
        if printed == 504 and phrase == "Version Not Supported":
            code = 505
        assert code not in table, f"two rows for {code}"
        table[code] = cause
    return table


SIP_TO_ISUP = _sip_to_isup()


def _from_isup(code: int) -> tuple[int, ...]:
    q850 = sipcodes.get(code).q850
    return tuple(q850.from_isup) if q850 else ()


def _to_isup(code: int) -> int | None:
    q850 = sipcodes.get(code).q850
    return q850.to_isup if q850 else None


# --- §7.2.4.1: ISUP cause -> SIP response ----------------------------------------------------------------------

@pytest.mark.parametrize(("cause", "code", "printed"), [row for row in ISUP_TO_SIP if row[1] is not None])
def test_every_isup_to_sip_row_is_in_the_catalog(cause, code, printed):
    assert cause in _from_isup(code), f"RFC 3398 §7.2.4.1 maps cause {cause} to {printed}; {code}.toml lacks it"


def test_the_user_location_footnote_gives_603_for_cause_21():
    for cause, code in ISUP_TO_SIP_FOOTNOTE:
        assert cause in _from_isup(code)


def test_no_code_claims_an_isup_cause_the_table_lacks():
    allowed = {(cause, code) for cause, code, _ in ISUP_TO_SIP if code is not None} | set(ISUP_TO_SIP_FOOTNOTE)
    claimed = {(cause, code) for code in sipcodes.codes() for cause in _from_isup(code)}
    assert claimed - allowed == set()
    assert allowed - claimed == set()


def test_cause_16_maps_to_no_response():
    assert all(16 not in _from_isup(code) for code in sipcodes.codes())


# --- §8.2.6.1: SIP response -> ISUP cause ----------------------------------------------------------------------

@pytest.mark.parametrize(("code", "cause"), sorted(SIP_TO_ISUP.items()))
def test_every_sip_to_isup_row_is_in_the_catalog(code, cause):
    assert _to_isup(code) == cause, f"RFC 3398 §8.2.6.1 maps {code} to {cause}"


def test_no_code_claims_an_isup_cause_the_sip_table_lacks():
    claimed = {code: _to_isup(code) for code in sipcodes.codes() if _to_isup(code) is not None}
    expected = {code: cause for code, cause in SIP_TO_ISUP.items() if cause is not None}
    assert claimed == expected


def test_the_misprinted_row_is_505():
    # The printed number 504 would give Server Time-out two causes; the phrase identifies the code.
    assert sipcodes.get(504).reason == "Server Time-out"
    assert sipcodes.get(505).reason == "Version Not Supported"
    assert [phrase for printed, phrase, _ in SIP_TO_ISUP_PRINTED if printed == 504] == [
        "Server time-out", "Version Not Supported"]
    assert (_to_isup(504), _to_isup(505)) == (102, 127)
    assert any(ref.rfc == 3398 and ref.section == "8.2.6.1" and "misprint" in (ref.note or "")
               for ref in sipcodes.get(505).references)


def test_every_table_row_names_a_catalogued_code():
    codes = set(sipcodes.codes())
    assert {code for _, code, _ in ISUP_TO_SIP if code is not None} <= codes
    assert set(SIP_TO_ISUP) <= codes


def test_every_mapped_code_cites_the_table_section():
    for code in sipcodes.codes():
        sections = {ref.section for ref in sipcodes.get(code).references if ref.rfc == 3398}
        if _from_isup(code):
            assert "7.2.4.1" in sections, code
        if _to_isup(code) is not None or code in SIP_TO_ISUP:
            assert "8.2.6.1" in sections, code


# --- the Q.850 cause files -------------------------------------------------------------------------------------

REVIEWED_NAMES = {  # the names the evidence layer carried, each checked against Q.850 Table 1 as
    # reproduced in independent public ISDN/ISUP implementations
    # normal class
    1: "Unallocated (unassigned) number",
    2: "No route to specified transit network",
    3: "No route to destination",
    4: "Send special information tone",
    5: "Misdialled trunk prefix",
    6: "Channel unacceptable",
    7: "Call awarded and being delivered in an established channel",
    8: "Preemption",
    9: "Preemption - circuit reserved for reuse",
    14: "QoR: ported number",  # added by an addendum to Q.850
    16: "Normal call clearing",
    17: "User busy",
    18: "No user responding",
    19: "No answer from user (user alerted)",
    20: "Subscriber absent",
    21: "Call rejected",
    22: "Number changed",
    23: "Redirection to new destination",
    24: "Call rejected due to feature at the destination",  # added by an amendment to Q.850
    25: "Exchange routing error",
    26: "Non-selected user clearing",
    27: "Destination out of order",
    28: "Invalid number format (address incomplete)",
    29: "Facility rejected",
    30: "Response to STATUS ENQUIRY",
    31: "Normal, unspecified",
    # resource unavailable class
    34: "No circuit/channel available",
    38: "Network out of order",
    39: "Permanent frame mode connection out of service",
    40: "Permanent frame mode connection operational",
    41: "Temporary failure",
    42: "Switching equipment congestion",
    43: "Access information discarded",
    44: "Requested circuit/channel not available",
    46: "Precedence call blocked",
    47: "Resource unavailable, unspecified",
    # service or option not available class
    49: "Quality of service not available",
    50: "Requested facility not subscribed",
    53: "Outgoing calls barred within CUG",
    55: "Incoming calls barred within CUG",
    57: "Bearer capability not authorized",
    58: "Bearer capability not presently available",
    62: "Inconsistency in designated outgoing access information and subscriber class",
    63: "Service or option not available, unspecified",
    # service or option not implemented class
    65: "Bearer capability not implemented",
    66: "Channel type not implemented",
    69: "Requested facility not implemented",
    70: "Only restricted digital information bearer capability is available",
    79: "Service or option not implemented, unspecified",
    # invalid message class
    81: "Invalid call reference value",
    82: "Identified channel does not exist",
    83: "A suspended call exists, but this call identity does not",
    84: "Call identity in use",
    85: "No call suspended",
    86: "Call having the requested call identity has been cleared",
    87: "User not member of CUG",
    88: "Incompatible destination",
    90: "Non-existent CUG",
    91: "Invalid transit network selection",
    95: "Invalid message, unspecified",
    # protocol error class
    96: "Mandatory information element is missing",
    97: "Message type non-existent or not implemented",
    98: "Message not compatible with call state or message type non-existent or not implemented",
    99: "Information element/parameter non-existent or not implemented",
    100: "Invalid information element contents",
    101: "Message not compatible with call state",
    102: "Recovery on timer expiry",
    103: "Parameter non-existent or not implemented, passed on",
    110: "Message with unrecognized parameter, discarded",
    111: "Protocol error, unspecified",
    # interworking class
    127: "Interworking, unspecified",
}
Q850_CAUSES = REVIEWED_NAMES

CAUSES_DIR = Path(sipcodes.__file__).parent / "data" / "causes"
CLASS_RANGES = {
    "normal-event": range(1, 32), "resource-unavailable": range(32, 48), "service-not-available": range(48, 64),
    "service-not-implemented": range(64, 80), "invalid-message": range(80, 96), "protocol-error": range(96, 112),
    "interworking": range(112, 128),
}


def _cause_files() -> dict[int, dict]:
    files = {}
    for path in sorted(CAUSES_DIR.glob("*.toml")):
        with path.open("rb") as f:
            data = tomllib.load(f)
        assert path.stem == str(data["cause"]), f"{path.name} holds cause {data['cause']}"
        files[data["cause"]] = data
    return files


CAUSE_FILES = _cause_files()


def test_cause_files_exist():
    assert len(CAUSE_FILES) >= len(Q850_CAUSES)


@pytest.mark.parametrize("cause", sorted(CAUSE_FILES))
def test_cause_file_name_and_class(cause):
    data = CAUSE_FILES[cause]
    if cause in Q850_CAUSES:
        assert data["name"] == Q850_CAUSES[cause]
    assert cause in CLASS_RANGES[data["class"]], f"cause {cause} is not in the {data['class']} range"
    assert data["references"], f"cause {cause} cites nothing"
    assert data["en"]["summary"] and data["en"]["description"]


# Q.850 cause location values (the 4-bit location field) and the abbreviations RFC 8606 writes in the location
# parameter of a Reason header field; every other value is spare or reserved for national use.
Q850_LOCATIONS = {0: "U", 1: "LPN", 2: "LN", 3: "TN", 4: "RLN", 5: "RPN", 7: "INTL", 10: "BI"}


def test_cause_locations_are_the_q850_values():
    from sipcodes.catalog import _vocab

    assert {value: abbr for value, (abbr, _label) in _vocab.CAUSE_LOCATIONS.items()} == Q850_LOCATIONS


def test_cause_classes_follow_the_q850_class_field():
    from sipcodes.catalog import _vocab

    # the class is the top three bits of the 7-bit cause value; classes 0 and 1 together form the normal class
    assert [cls for cls, _label in _vocab.CAUSE_CLASSES] == list(CLASS_RANGES)
    for index, cls in enumerate(CLASS_RANGES):
        first = 1 if index == 0 else 16 * (index + 1)
        assert CLASS_RANGES[cls] == range(first, 16 * (index + 2)), cls


def test_every_named_cause_has_a_file():
    assert set(Q850_CAUSES) <= set(CAUSE_FILES)


def test_every_cause_in_the_rfc_3398_tables_has_a_file():
    causes = {cause for cause, _, _ in ISUP_TO_SIP} | {c for c in SIP_TO_ISUP.values() if c is not None}
    assert causes <= set(CAUSE_FILES)


def test_cause_files_cite_their_rfc_3398_rows():
    in_7241 = {cause for cause, _, _ in ISUP_TO_SIP}
    in_8261 = {c for c in SIP_TO_ISUP.values() if c is not None}
    for cause, data in CAUSE_FILES.items():
        sections = {ref["section"] for ref in data["references"] if ref["rfc"] == 3398}
        if cause in in_7241:
            assert "7.2.4.1" in sections, cause
        if cause in in_8261:
            assert "8.2.6.1" in sections, cause


# RFC 4497 §8.4.1 Table 1 (QSIG cause -> SIP response), every row; 16 gives no response (NOTE 3); 21 and 22 give
# the same pair of responses as RFC 3398 (603 for a 'user' location else 403; 301 with a usable diagnostic else 410).
QSIG_TO_SIP: dict[int, set[int]] = {
    1: {404}, 2: {404}, 3: {404}, 16: set(), 17: {486}, 18: {408}, 19: {480}, 20: {480}, 21: {603, 403},
    22: {301, 410}, 23: {410}, 27: {502}, 28: {484}, 29: {501}, 31: {480}, 34: {503}, 38: {503}, 41: {503},
    42: {503}, 47: {503}, 55: {403}, 57: {403}, 58: {503}, 65: {488}, 69: {501}, 70: {488}, 79: {501}, 87: {403},
    88: {503}, 102: {504},
}
# RFC 4497 §8.4.4 Table 2 (SIP response -> QSIG cause): it agrees with RFC 3398 §8.2.6.1 on every code both list
# (488 and 606 depend on the Warning code in both; 487 has no fixed cause in either).
SIP_TO_QSIG: dict[int, int | None] = {
    400: 41, 401: 21, 402: 21, 403: 21, 404: 1, 405: 63, 406: 79, 407: 21, 408: 102, 410: 22, 413: 127, 414: 127,
    415: 79, 416: 127, 420: 127, 421: 127, 423: 127, 480: 18, 481: 41, 482: 25, 483: 25, 484: 28, 485: 1, 486: 17,
    487: None, 488: None, 500: 41, 501: 79, 502: 38, 503: 41, 504: 102, 505: 127, 513: 127, 600: 17, 603: 21,
    604: 1, 606: None,
}


def test_rfc_4497_mapping_rows_are_exactly_where_it_differs_from_rfc_3398():
    rfc3398 = {cause: set() for cause, _, _ in ISUP_TO_SIP}
    for cause, code, _ in ISUP_TO_SIP:
        if code is not None:
            rfc3398[cause].add(code)
    for cause, code in ISUP_TO_SIP_FOOTNOTE:
        rfc3398[cause].add(code)
    differing = {cause: codes for cause, codes in QSIG_TO_SIP.items() if rfc3398.get(cause, set()) != codes}
    rows = {}
    for cause, data in CAUSE_FILES.items():
        for row in data.get("mappings", []):
            if row["standard"] == "RFC 4497":
                assert row["section"] == "8.4.1" and "from_sip" not in row, (cause, row)
                rows[cause] = {row["to_sip"]}
    assert rows == differing
    assert {code: cause for code, cause in SIP_TO_QSIG.items()} == SIP_TO_ISUP
