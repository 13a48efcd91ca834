"""Unit tests of the SIP message parser and its header-value decoders (sipcodes.sip)."""

from __future__ import annotations

import pytest

from sipcodes import sip

BUSY = (
    b"SIP/2.0 486 Busy Here\r\n"
    b"Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds;received=192.0.2.1;rport=5060\r\n"
    b"To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf\r\n"
    b"From: \"Alice, A.\" <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
    b"Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
    b"CSeq: 314159 INVITE\r\n"
    b"Reason: Q.850;cause=17;text=\"User busy\", SIP;cause=486;text=\"Busy, really\"\r\n"
    b"Retry-After: 120 (in a meeting);duration=3600\r\n"
    b"Content-Length: 0\r\n\r\n"
)


# --- compact forms ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("letter, name", sorted(sip.COMPACT_FORMS.items()))
def test_every_compact_form_reads_as_its_full_name(letter, name):
    msg = sip.parse(b"OPTIONS sip:a@example.com SIP/2.0\r\n" + letter.encode() + b": value-x\r\n\r\n")
    assert list(msg.headers) == [(name, "value-x")]
    assert msg.headers[name] == msg.headers[name.upper()] == msg.headers[letter.upper()] == "value-x"


def test_compact_forms_match_rfc3261_and_iana():
    assert sip.COMPACT_FORMS == {
        "a": "Accept-Contact", "b": "Referred-By", "c": "Content-Type", "d": "Request-Disposition",
        "e": "Content-Encoding", "f": "From", "i": "Call-ID", "j": "Reject-Contact", "k": "Supported",
        "l": "Content-Length", "m": "Contact", "n": "Identity-Info", "o": "Event", "r": "Refer-To",
        "s": "Subject", "t": "To", "u": "Allow-Events", "v": "Via", "x": "Session-Expires", "y": "Identity"}


def test_compact_and_full_lines_of_one_field_are_one_field():
    msg = sip.parse(b"OPTIONS sip:a@example.com SIP/2.0\r\nv: SIP/2.0/UDP a.example.com;branch=z9hG4bK1\r\n"
                    b"VIA: SIP/2.0/TCP b.example.com;branch=z9hG4bK2\r\n\r\n")
    assert [v.host for v in msg.via] == ["a.example.com", "b.example.com"]
    assert msg.headers.get_lines("Via") == ["SIP/2.0/UDP a.example.com;branch=z9hG4bK1",
                                            "SIP/2.0/TCP b.example.com;branch=z9hG4bK2"]


def test_canonical_name():
    assert sip.canonical_name("i") == "Call-ID"
    assert sip.canonical_name("CSEQ") == "CSeq"
    assert sip.canonical_name("www-authenticate") == "WWW-Authenticate"
    assert sip.canonical_name("X-Custom") == "X-Custom"


# --- folding ----------------------------------------------------------------------------------------------

def test_folded_lines_join_with_one_space():
    msg = sip.parse(b"OPTIONS sip:a@example.com SIP/2.0\r\nSubject: I know you're there,\r\n"
                    b"\tpick up the phone\r\n   and talk to me!\r\nCSeq: 1\r\n OPTIONS\r\n\r\n")
    assert msg.headers["Subject"] == "I know you're there, pick up the phone and talk to me!"
    assert msg.cseq == sip.CSeq(1, "OPTIONS")


def test_bare_lf_line_endings_are_read_and_reported():
    msg = sip.parse(b"OPTIONS sip:a@example.com SIP/2.0\nCall-ID: x1\nCSeq: 2 OPTIONS\n\nbody")
    assert (msg.call_id, msg.cseq.number, msg.body) == ("x1", 2, b"body")
    assert "header section ends with a bare LF" in msg.defects


def test_leading_crlf_keepalives_are_skipped():
    msg = sip.parse(b"\r\n\r\nSIP/2.0 200 OK\r\nCall-ID: k\r\n\r\n")
    assert (msg.status, msg.call_id) == (200, "k")


# --- comma splitting --------------------------------------------------------------------------------------

def test_list_headers_split_outside_quotes_and_angle_brackets():
    msg = sip.parse(b"OPTIONS sip:a@example.com SIP/2.0\r\n"
                    b"Contact: \"Doe, John\" <sip:j@example.com;x=a,b>;q=0.7, <sip:k@example.com>\r\n"
                    b"Contact: sip:l@example.com\r\nAllow: INVITE,ACK , BYE,,\r\n\r\n")
    assert [c.uri for c in msg.contact] == ["sip:j@example.com;x=a,b", "sip:k@example.com", "sip:l@example.com"]
    assert msg.contact[0].display_name == "Doe, John" and msg.contact[0].params == {"q": "0.7"}
    assert msg.headers.get_all("allow") == ["INVITE", "ACK", "BYE"]


def test_reason_list_keeps_commas_inside_quotes():
    msg = sip.parse(BUSY)
    assert msg.headers.get_all("Reason") == ['Q.850;cause=17;text="User busy"', 'SIP;cause=486;text="Busy, really"']


@pytest.mark.parametrize("name, value", [
    ("WWW-Authenticate", 'Digest realm="a.example.com", nonce="n1", algorithm=MD5'),
    ("Proxy-Authenticate", 'Digest realm="a.example.com", qop="auth,auth-int", nonce="n2"'),
    ("Authorization", 'Digest username="bob", realm="a", uri="sip:a@b", response="x"'),
    ("Date", "Sat, 13 Nov 2010 23:29:00 GMT"),
    ("Retry-After", "18000;duration=3600, junk"),
    ("From", "Bell, Alexander <sip:a.g.bell@example.com>;tag=43"),
    ("X-Unknown-List", "a, b, c"),
])
def test_non_list_headers_are_never_split(name, value):
    msg = sip.parse(f"OPTIONS sip:a@example.com SIP/2.0\r\n{name}: {value}\r\n\r\n".encode())
    assert msg.headers.get_all(name) == [value]


def test_split_list_helper():
    assert sip.split_list('a, "b, c" , <d,e>;p="f,g",  ') == ["a", '"b, c"', '<d,e>;p="f,g"']
    assert sip.split_list("") == []


# --- start line, body, errors -----------------------------------------------------------------------------

def test_response_fields_and_evidence():
    msg = sip.parse(BUSY)
    assert isinstance(msg, sip.Response)
    assert (msg.status, msg.reason, msg.version) == (486, "Busy Here", "SIP/2.0")
    assert msg.from_.display_name == "Alice, A." and msg.from_tag == "1928301774" and msg.to_tag == "a6c85cf"
    top = msg.top_via
    assert (top.branch, top.received, top.rport, top.has_rport) == ("z9hG4bK776asdhds", "192.0.2.1", 5060, True)
    assert msg.headers["Retry-After"] == "120 (in a meeting);duration=3600"
    assert msg.body == b"" and msg.defects == ()


def test_body_framed_by_content_length_and_trailing_bytes_noted():
    msg = sip.parse(b"MESSAGE sip:a@example.com SIP/2.0\r\nContent-Length: 5\r\n\r\nhello\r\nEXTRA")
    assert (msg.body, msg.trailing) == (b"hello", b"\r\nEXTRA")
    assert msg.defects == ("7 bytes after the 5-byte body",)


def test_body_without_content_length_is_the_rest():
    assert sip.parse(b"MESSAGE sip:a@example.com SIP/2.0\r\n\r\nall of it").body == b"all of it"


@pytest.mark.parametrize("data, message", [
    (b"", "empty message"),
    (b"\r\n\r\n", "empty message"),
    (b"GET / HTTP/1.1\r\nHost: example.com\r\n\r\n", "not a SIP request line"),
    (b"SIP/2.0 20 OK\r\n\r\n", "three digits"),
    (b"SIP/2.0 abc OK\r\n\r\n", "three digits"),
    (b"SIP/2.0\r\n\r\n", "without a status code"),
    (b"INV(ITE sip:a@example.com SIP/2.0\r\n\r\n", "method is not a token"),
    (b"\x00\x01\x02", "not a SIP request line"),
])
def test_not_sip_raises_message_error_naming_the_problem(data, message):
    with pytest.raises(sip.MessageError, match=message) as info:
        sip.parse(data)
    assert "\n" not in str(info.value)


def test_non_bytes_input_is_a_message_error():
    with pytest.raises(sip.MessageError, match="expected bytes"):
        sip.parse(12.5)  # type: ignore[arg-type]


def test_parsed_fields_are_cached():
    msg = sip.parse(BUSY)
    assert msg.cseq is msg.cseq and msg.via is msg.via and msg.from_ is msg.from_


def test_headers_collection_api():
    msg = sip.parse(BUSY)
    headers = msg.headers
    assert "call-id" in headers and "i" in headers and "Subject" not in headers and 3 not in headers
    assert headers.get("Subject") is None and headers.get("Subject", "-") == "-"
    with pytest.raises(KeyError):
        headers["Subject"]
    assert headers.names()[:3] == ["Via", "To", "From"] and len(headers) == 8


# --- name-addr / addr-spec --------------------------------------------------------------------------------

@pytest.mark.parametrize("value, display, uri, params", [
    ('"Alice" <sip:alice@example.com>;tag=1', "Alice", "sip:alice@example.com", {"tag": "1"}),
    ("Bob Smith <sips:bob@example.com;transport=tls>", "Bob Smith", "sips:bob@example.com;transport=tls", {}),
    ("<sip:carol@example.com>", None, "sip:carol@example.com", {}),
    ("sip:dave@example.com;tag=abc;x", None, "sip:dave@example.com", {"tag": "abc", "x": None}),
    ('"\\"Q\\" \\\\ man" <tel:+15551234>', '"Q" \\ man', "tel:+15551234", {}),
    ("*", None, "*", {}),
    ('  "Eve"<sip:eve@example.com>  ;  TAG = X1 ', "Eve", "sip:eve@example.com", {"tag": "X1"}),
])
def test_parse_name_addr(value, display, uri, params):
    assert sip.parse_name_addr(value) == sip.NameAddr(display, uri, params)


@pytest.mark.parametrize("value", ['"open <sip:a@b>', "Name <sip:a@b", "", "   ", '"x" sip:a@b', "<>"])
def test_parse_name_addr_rejects_unreadable(value):
    with pytest.raises(sip.MessageError):
        sip.parse_name_addr(value)


# --- params -----------------------------------------------------------------------------------------------

def test_parse_params():
    assert sip.parse_params(';tag=98asjd8 ; LR ;text="a;b \\"c\\"";;q = 0.5;tag=second') == {
        "tag": "98asjd8", "lr": None, "text": 'a;b "c"', "q": "0.5"}
    assert sip.parse_params("") == {}


# --- Via --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1", ("SIP/2.0", "UDP", "192.0.2.1", 5060, "z9hG4bK1")),
    ("SIP / 2.0 / tcp host.example.com : 5061 ; branch = b2", ("SIP/2.0", "TCP", "host.example.com", 5061, "b2")),
    ("SIP/2.0/TLS [2001:db8::9:1]:5061;branch=b3", ("SIP/2.0", "TLS", "[2001:db8::9:1]", 5061, "b3")),
    ("SIP/2.0/WSS [2001:db8::9:1]", ("SIP/2.0", "WSS", "[2001:db8::9:1]", None, None)),
])
def test_parse_via(value, expected):
    via = sip.parse_via(value)
    assert (via.protocol, via.transport, via.host, via.port, via.branch) == expected


def test_via_rport_forms():
    assert sip.parse_via("SIP/2.0/UDP a;rport").rport is None and sip.parse_via("SIP/2.0/UDP a;rport").has_rport
    assert sip.parse_via("SIP/2.0/UDP a;rport=5062").rport == 5062
    assert not sip.parse_via("SIP/2.0/UDP a").has_rport


@pytest.mark.parametrize("value", ["SIP/2.0 host", "SIP/2.0/UDP", "SIP/2.0/UDP host:port", "SIP/2.0/UDP [::1",
                                   "SIP/2.0/UDP host:123456"])
def test_parse_via_rejects_unreadable(value):
    with pytest.raises(sip.MessageError):
        sip.parse_via(value)


# --- auth challenges --------------------------------------------------------------------------------------

def test_parse_digest_challenge():
    challenge = sip.parse_challenge(
        'Digest realm="atlanta.example.com", domain="sip:ss1.example.com, sip:ss2.example.com", '
        'qop="auth,auth-int", nonce="f84f1cec41e6cbe5aea9c8e88d359", opaque="", stale=TRUE, algorithm=SHA-256')
    assert challenge.scheme == "Digest"
    assert challenge.realm == "atlanta.example.com" and challenge.nonce == "f84f1cec41e6cbe5aea9c8e88d359"
    assert challenge.params["domain"] == "sip:ss1.example.com, sip:ss2.example.com"
    assert challenge.qop == ["auth", "auth-int"] and challenge.params["opaque"] == ""
    assert challenge.stale is True and challenge.algorithm == "SHA-256"


def test_challenge_defaults_and_escapes():
    challenge = sip.parse_challenge('Digest realm="a \\"b\\"",nonce=abc')
    assert challenge.realm == 'a "b"' and challenge.stale is None and challenge.qop == []
    assert challenge.algorithm is None
    assert sip.parse_challenge("Bearer mF_9.B5f-4.1JqM").params == {"mf_9.b5f-4.1jqm": None}
    assert sip.parse_challenge("Digest stale=false").stale is False


@pytest.mark.parametrize("value", ["", 'realm="x"', ", nonce=1"])
def test_parse_challenge_rejects_unreadable(value):
    with pytest.raises(sip.MessageError):
        sip.parse_challenge(value)


def test_challenge_read_from_a_401():
    msg = sip.parse(b"SIP/2.0 401 Unauthorized\r\nCSeq: 1 REGISTER\r\n"
                    b'WWW-Authenticate: Digest realm="r1", nonce="a,b", algorithm=MD5\r\n'
                    b'WWW-Authenticate: Digest realm="r1", nonce="c", algorithm=SHA-256\r\n\r\n')
    challenges = [sip.parse_challenge(v) for v in msg.headers.get_all("WWW-Authenticate")]
    assert [(c.nonce, c.algorithm) for c in challenges] == [("a,b", "MD5"), ("c", "SHA-256")]


def test_huge_numbers_do_not_escape_as_value_errors():
    """Python refuses int() of more than 4300 digits; such values must be read as unreadable, not crash."""
    digits = "9" * 5000
    msg = sip.parse(f"SIP/2.0 200 OK\r\nCSeq: {digits} INVITE\r\nContent-Length: {digits}\r\n"
                    f"Via: SIP/2.0/UDP a;rport={digits}\r\n\r\nbody".encode())
    assert msg.cseq is None and msg.top_via.rport is None and msg.body == b"body"
    assert any("Content-Length is not a number" in d for d in msg.defects)


def test_bytearray_and_memoryview_are_accepted():
    data = b"SIP/2.0 180 Ringing\r\n\r\n"
    assert sip.parse(bytearray(data)).status == sip.parse(memoryview(data)).status == 180


@pytest.mark.parametrize("module", ["sipcodes.sip", "sipcodes.sip._params", "sipcodes.sip._nameaddr"])
def test_docstring_examples_hold(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0


def test_bare_lf_message_with_crlf_in_its_body():
    msg = sip.parse(b"MESSAGE sip:a@example.com SIP/2.0\nCall-ID: lf\n\nline one\r\n\r\nline two")
    assert msg.call_id == "lf" and msg.body == b"line one\r\n\r\nline two"


def test_message_without_empty_line_keeps_its_headers():
    msg = sip.parse(b"SIP/2.0 503 Service Unavailable\r\nRetry-After: 30")
    assert msg.headers["Retry-After"] == "30" and msg.body == b""
    assert "no empty line after the header section" in msg.defects


def test_unreadable_top_via_is_not_replaced_by_the_next():
    msg = sip.parse(b"SIP/2.0 200 OK\r\nVia: garbage, SIP/2.0/UDP b.example.com;branch=z9hG4bK2\r\n\r\n")
    assert [v.host for v in msg.via] == ["b.example.com"]
    assert msg.top_via is None and msg.branch is None


def test_headers_from_pairs_normalise_names_like_the_parser():
    headers = sip.Headers.from_pairs([("v", "SIP/2.0/UDP a"), ("VIA", "SIP/2.0/UDP b"), ("x-Foo", "1")])
    assert list(headers) == [("Via", "SIP/2.0/UDP a"), ("Via", "SIP/2.0/UDP b"), ("x-Foo", "1")]
    assert headers.get_all("via") == ["SIP/2.0/UDP a", "SIP/2.0/UDP b"] and headers["X-FOO"] == "1"
