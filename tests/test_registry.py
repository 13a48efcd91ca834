"""The catalog holds IANA's Response Codes registry exactly, plus RFC 2543's two historic codes."""

import pytest

import sipcodes

# IANA "Session Initiation Protocol (SIP) Parameters" -> "Response Codes": code -> (reason phrase, reference).
IANA = {
    100: ("Trying", 3261), 180: ("Ringing", 3261), 181: ("Call Is Being Forwarded", 3261),
    182: ("Queued", 3261), 183: ("Session Progress", 3261), 199: ("Early Dialog Terminated", 6228),
    200: ("OK", 3261), 202: ("Accepted", 6665), 204: ("No Notification", 5839),
    300: ("Multiple Choices", 3261), 301: ("Moved Permanently", 3261), 302: ("Moved Temporarily", 3261),
    305: ("Use Proxy", 3261), 380: ("Alternative Service", 3261),
    400: ("Bad Request", 3261), 401: ("Unauthorized", 3261), 402: ("Payment Required", 3261),
    403: ("Forbidden", 3261), 404: ("Not Found", 3261), 405: ("Method Not Allowed", 3261),
    406: ("Not Acceptable", 3261), 407: ("Proxy Authentication Required", 3261), 408: ("Request Timeout", 3261),
    410: ("Gone", 3261), 412: ("Conditional Request Failed", 3903), 413: ("Request Entity Too Large", 3261),
    414: ("Request-URI Too Long", 3261), 415: ("Unsupported Media Type", 3261),
    416: ("Unsupported URI Scheme", 3261), 417: ("Unknown Resource-Priority", 4412),
    420: ("Bad Extension", 3261), 421: ("Extension Required", 3261), 422: ("Session Interval Too Small", 4028),
    423: ("Interval Too Brief", 3261), 424: ("Bad Location Information", 6442), 425: ("Bad Alert Message", 8876),
    428: ("Use Identity Header", 8224), 429: ("Provide Referrer Identity", 3892), 430: ("Flow Failed", 5626),
    433: ("Anonymity Disallowed", 5079), 436: ("Bad Identity Info", 8224), 437: ("Unsupported Credential", 8224),
    438: ("Invalid Identity Header", 8224), 439: ("First Hop Lacks Outbound Support", 5626),
    440: ("Max-Breadth Exceeded", 5393), 469: ("Bad Info Package", 6086), 470: ("Consent Needed", 5360),
    480: ("Temporarily Unavailable", 3261), 481: ("Call/Transaction Does Not Exist", 3261),
    482: ("Loop Detected", 3261), 483: ("Too Many Hops", 3261), 484: ("Address Incomplete", 3261),
    485: ("Ambiguous", 3261), 486: ("Busy Here", 3261), 487: ("Request Terminated", 3261),
    488: ("Not Acceptable Here", 3261), 489: ("Bad Event", 6665), 491: ("Request Pending", 3261),
    493: ("Undecipherable", 3261), 494: ("Security Agreement Required", 3329),
    500: ("Server Internal Error", 3261), 501: ("Not Implemented", 3261), 502: ("Bad Gateway", 3261),
    503: ("Service Unavailable", 3261), 504: ("Server Time-out", 3261), 505: ("Version Not Supported", 3261),
    513: ("Message Too Large", 3261), 555: ("Push Notification Service Not Supported", 8599),
    580: ("Precondition Failure", 3312),
    600: ("Busy Everywhere", 3261), 603: ("Decline", 3261), 604: ("Does Not Exist Anywhere", 3261),
    606: ("Not Acceptable", 3261), 607: ("Unwanted", 8197), 608: ("Rejected", 8688),
}
HISTORIC = {409: "Conflict", 411: "Length Required"}
DEPRECATED = {202}


def test_registry_size():
    assert len(IANA) == 75  # 50 from RFC 3261 section 21, 25 registered by later RFCs
    assert sum(1 for _, rfc in IANA.values() if rfc == 3261) == 50


def test_catalog_is_registry_plus_historic_and_nothing_else():
    assert set(sipcodes.codes()) == set(IANA) | set(HISTORIC)


@pytest.mark.parametrize("code", sorted(IANA))
def test_registered_phrase_and_rfc(code):
    entry = sipcodes.get(code)
    reason, rfc = IANA[code]
    assert entry.reason == reason
    assert entry.registered_by == rfc
    assert entry.status == ("deprecated" if code in DEPRECATED else "current")


@pytest.mark.parametrize("code", sorted(HISTORIC))
def test_historic_codes(code):
    entry = sipcodes.get(code)
    assert entry.reason == HISTORIC[code]
    assert entry.status == "historic"
    assert entry.registered_by == 2543
