"""The Kamailio, PJSIP and Teams Direct Routing platform files (data/platforms/*.toml).

None of the three maps SIP codes to Q.850 causes, so their files hold sources, the responses each platform
creates itself, and prose. Every row must name a source the file lists and a code the catalog has, each prose
list has one text per row in the same order, and a few facts read in the platforms' sources and documents are
pinned, so that an edit that changes them has to be deliberate.
"""

import os
import re
import tomllib

import pytest

import sipcodes
from sipcodes.catalog import _load

PLATFORMS = os.path.join(_load.DATA_DIR, "platforms")
IDS = ("kamailio", "pjsip", "teams")
TOP_LEVEL = {"platform", "name", "component", "sources", "generated", "settings", "sip_to_cause", "cause_to_sip", "en"}


def load(name):
    with open(os.path.join(PLATFORMS, f"{name}.toml"), "rb") as f:
        return tomllib.load(f)


def generated(data):
    """(code, source, setting) for each [[generated]] row, in file order."""
    return [(row["code"], row["source"], row.get("setting")) for row in data.get("generated", [])]


@pytest.fixture(scope="module", params=IDS)
def platform(request):
    return request.param, load(request.param)


def test_file_names_its_platform_and_keeps_to_the_schema(platform):
    name, data = platform
    assert data["platform"] == name
    assert set(data) <= TOP_LEVEL, set(data) - TOP_LEVEL
    assert data["name"].strip() and data["component"].strip()
    assert data["en"]["summary"].strip()


def test_sources_are_complete_and_distinct(platform):
    _, data = platform
    ids = [source["id"] for source in data["sources"]]
    assert len(ids) == len(set(ids)), ids
    for source in data["sources"]:
        assert set(source) == {"id", "project", "file", "version", "what"}, source
        assert all(isinstance(v, str) and v.strip() for v in source.values()), source


def test_sources_say_exactly_what_was_read(platform):
    """Source code names the commit and date it was read at; a document names its title and address."""
    _, data = platform
    for source in data["sources"]:
        if "https://" in source["file"]:
            title, url = source["file"].split(", https://", 1)
            assert title.strip() and " " not in url, source
        else:
            assert re.search(r"\b[0-9a-f]{40}\b \(\d{4}-\d{2}-\d{2}\)", source["version"]), source


def test_every_row_names_a_listed_source(platform):
    _, data = platform
    ids = {source["id"] for source in data["sources"]}
    used = [row["source"] for row in data.get("generated", []) + data.get("settings", [])]
    assert used and set(used) <= ids, set(used) - ids


def test_generated_codes_are_catalog_codes(platform):
    _, data = platform
    for code, _, _ in generated(data):
        assert sipcodes.get(code).code == code


def test_one_prose_item_per_row_in_the_same_order(platform):
    _, data = platform
    rows = generated(data)
    prose = data["en"].get("generated", [])
    assert len(prose) == len(rows)
    assert len(data["en"].get("settings", [])) == len(data.get("settings", []))
    for (code, _, setting), text in zip(rows, prose):
        assert re.search(rf"\b{code}\b", text), (code, text)
        if setting:
            assert setting in text, (setting, text)


def test_none_of_the_three_maps_causes(platform):
    """Kamailio, pjproject and the Direct Routing documents have no SIP/Q.850 table, so the files carry none."""
    _, data = platform
    assert "sip_to_cause" not in data and "cause_to_sip" not in data
    assert "Q.850" in data["en"]["summary"]


# Facts read in the sources, pinned.

def test_kamailio_fakes_408_on_both_final_response_timers():
    # src/modules/tm/timer.c final_response_handler() calls fake_reply(t, branch, _tm_reply_408_code); the timer
    # is fr_timer until a provisional response arrives and fr_inv_timer after one (t_reply.c, restart_rb_fr).
    data = load("kamailio")
    sources = {source["id"]: source for source in data["sources"]}
    rows = generated(data)
    assert (408, "tm-timer", "fr_timer") in rows and (408, "tm-timer", "fr_inv_timer") in rows
    assert sources["tm-timer"]["file"] == "src/modules/tm/timer.c"


def test_kamailio_internal_codes_stay_out_of_the_rows():
    # src/core/error.h: E_SEND -477, E_BAD_ADDRESS -478, E_BAD_URI -479; err2reason_phrase() answers with the
    # negated value. IANA registers none of the three, so they are told in the summary, not as rows.
    data = load("kamailio")
    codes = {code for code, _, _ in generated(data)}
    for code in (477, 478, 479):
        with pytest.raises(sipcodes.UnknownCode):
            sipcodes.get(code)
        assert code not in codes
        assert str(code) in data["en"]["summary"]


def test_pjsip_transaction_timeout_is_a_local_408():
    # pjsip/include/pjsip/sip_msg.h: PJSIP_SC_TSX_TIMEOUT = PJSIP_SC_REQUEST_TIMEOUT (408) and
    # PJSIP_SC_TSX_TRANSPORT_ERROR = PJSIP_SC_SERVICE_UNAVAILABLE (503); sip_transaction.c sets them when timer B/F
    # fires or the transport fails, and maps a DNS failure to 502 (send_msg_callback()).
    data = load("pjsip")
    rows = generated(data)
    assert rows[:3] == [(408, "sip-transaction", None), (503, "sip-transaction", None),
                        (502, "sip-transaction", None)]
    for text in data["en"]["generated"][:3]:
        assert text.startswith("Reported locally, never sent")
    assert not any(text.startswith("Reported locally") for text in data["en"]["generated"][3:])
    assert (486, "pjsua-call", "max_calls") in rows  # pjsua_call_on_incoming(): no free call slot


def test_teams_failover_defaults():
    # New-CsOnlinePSTNGateway, -FailoverResponseCodes: "Default value: 408, 503, 504"; -FailoverTimeSeconds: 10.
    summary = load("teams")["en"]["summary"]
    assert "408, 503 and 504 by default" in summary
    assert "FailoverTimeSeconds (10 s by default)" in summary
    # Direct Routing - SIP protocol: an IP address as the Contact host is refused with 403 Forbidden.
    assert (403, "sip-protocol", None) in generated(load("teams"))


def test_kamailio_sanity_never_sends_416():
    # src/modules/sanity/sanity.c check_ruri_scheme(): parse_uri() fails on a scheme other than sip, sips, tel or urn
    # (src/core/parser/parse_uri.c), so the 400 "Bad Request URI" branch answers; the 416 branch needs a parsed URI of
    # type ERROR_URI_T, which parse_sip_msg_uri() never leaves behind.
    data = load("kamailio")
    rows = generated(data)
    assert not any(code == 416 for code, _, _ in rows)
    texts = dict(zip(rows, data["en"]["generated"]))
    assert "scheme" in texts[(400, "sanity", "default_checks")]


def test_kamailio_registrar_outbound_codes():
    # src/modules/registrar/reply.c codes[]: R_OB_REQD -> 420, R_OB_UNSUP -> 421; save() sets them from outbound_mode.
    rows = generated(load("kamailio"))
    assert (420, "registrar", "outbound_mode") in rows and (421, "registrar", "outbound_mode") in rows


def test_kamailio_remap_503_500_is_for_a_received_503():
    # src/modules/tm/t_reply.c relay_reply(): the remap sits in the branch for a stored (received) reply; a FAKED_REPLY
    # 503 (timer.c retransmission_handler()) is built with its own code.
    data = load("kamailio")
    texts = dict(zip(generated(data), data["en"]["generated"]))
    assert "received" in texts[(500, "tm-reply", "remap_503_500")]
    assert "goes out as 503" in texts[(503, "tm-timer", None)]
