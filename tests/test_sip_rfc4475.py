"""The parser against the RFC 4475 torture messages (tests/data/rfc4475, transcribed from the RFC).

Valid messages (§3.1.1, and the syntactically valid ones of §3.2–3.4) must parse with the right fields. For each
invalid message (§3.1.2) the test says whether the parser rejects it (MessageError) or reads it tolerantly, and
why: a parser of traces must still read what a robust element accepts, and must name what it tolerated.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sipcodes import sip

DATA = Path(__file__).parent / "data" / "rfc4475"


def load(name: str) -> bytes:
    return (DATA / f"{name}.dat").read_bytes()


def test_every_transcribed_message_is_tested():
    """A message added to the folder without an expectation here would go untested."""
    tested = set(VALID) | set(TOLERATED) | set(REJECTED)
    assert {p.stem for p in DATA.glob("*.dat")} == tested


# --- §3.1.1 valid messages: exact fields -------------------------------------------------------------------

def test_wsinv_short_tortuous_invite():
    """§3.1.1.1: LWS everywhere, folding, compact forms, escaped quotes, mixed-case names, unknown headers."""
    msg = sip.parse(load("wsinv"))
    assert isinstance(msg, sip.Request)
    assert (msg.method, msg.uri, msg.version) == (
        "INVITE", "sip:vivekg@chair-dnrc.example.com;unknownparam", "SIP/2.0")
    assert msg.to.uri == "sip:vivekg@chair-dnrc.example.com" and msg.to_tag == "1918181833n"
    assert msg.from_.display_name == 'J Rosenberg \\"' and msg.from_.uri == "sip:jdrosen@example.com"
    assert msg.from_tag == "98asjd8"
    assert msg.headers["Max-Forwards"] == "0068"
    assert msg.call_id == "wsinv.ndaksdj@192.0.2.1"
    assert msg.cseq == sip.CSeq(9, "INVITE")
    assert [(v.transport, v.host, v.port, v.branch) for v in msg.via] == [
        ("UDP", "192.0.2.2", None, "390skdjuw"),
        ("TCP", "spindle.example.com", None, "z9hG4bK9ikj8"),
        ("UDP", "192.168.255.111", None, "z9hG4bK30239"),
    ]
    assert msg.headers["Subject"] == ""  # `s :` with an empty value
    assert msg.headers["newfangledheader"] == "newfangled value continued newfangled value"
    assert msg.headers["UnknownHeaderWithUnusualValue"] == ";;,,;;,;"
    assert msg.headers["Route"] == "<sip:services.example.com;lr;unknownwith=value;unknown-no-value>"
    (contact,) = msg.contact
    assert contact.display_name == 'Quoted string ""' and contact.uri == "sip:jdrosen@example.com"
    assert contact.params == {"newparam": "newvalue", "secondparam": None, "q": "0.33"}
    assert len(msg.body) == 150 and msg.body.startswith(b"v=0\r\n") and msg.body.endswith(b"a=rtpmap:31 LPC\r\n")
    assert msg.defects == () and msg.trailing == b""


def test_intmeth_wide_range_of_valid_characters():
    """§3.1.1.2: every token character in the method, escaped controls in a display name, UTF-8 values."""
    msg = sip.parse(load("intmeth"))
    method = "!interesting-Method0123456789_*+`.%indeed'~"
    assert msg.method == method and msg.cseq == sip.CSeq(139122385, method)
    assert msg.uri.startswith("sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!")
    assert msg.to.display_name == "BEL:\x07 NUL:\x00 DEL:\x7f"
    assert msg.from_.display_name == "token1~` token2'+_ token3*%!.-"
    assert msg.from_.params["fromparam''~+*_!.-%"] == "работающий"
    assert msg.from_tag == "_token~1'+`*%!-."
    assert msg.call_id == "intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{"
    assert msg.headers["extensionHeader-!.%*+_`'~"] == "\ufeff大停電"
    assert msg.branch == "z9hG4bK-.!%66*_+`'~" and msg.body == b""


def test_esc01_percent_escapes_are_kept_as_written():
    """§3.1.1.3: escapes are URI business; the parser keeps them verbatim. `i` and `C` are compact forms."""
    msg = sip.parse(load("esc01"))
    assert msg.uri == "sip:sips%3Auser%40example.com@example.net"
    assert msg.call_id == "esc01.239409asdfakjkn23onasd0-3234"
    assert msg.headers["Content-Type"] == "application/sdp"
    assert msg.contact[0].uri == "sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31"
    assert msg.from_.uri == "sip:I%20have%20spaces@example.net" and len(msg.body) == 150


def test_escnull_escaped_nulls():
    """§3.1.1.4: %00 in URIs; two Contact lines; `L:0` is a compact Content-Length without space."""
    msg = sip.parse(load("escnull"))
    assert [c.uri for c in msg.contact] == ["sip:%00@host5.example.com", "sip:%00%00@host5.example.com"]
    assert msg.headers["Content-Length"] == "0" and msg.body == b""


def test_esc02_percent_that_is_not_an_escape():
    """§3.1.1.5: `RE%47IST%45R` is a method token, not REGISTER; `C%6Fntact` is an unknown header, not Contact."""
    msg = sip.parse(load("esc02"))
    assert msg.method == "RE%47IST%45R" and msg.cseq.method == "RE%47IST%45R"
    assert [c.uri for c in msg.contact] == ["sip:alias1@host1.example.com", "sip:alias3@host3.example.com"]
    assert msg.headers["C%6Fntact"] == "<sip:alias2@host2.example.com>"
    assert msg.to.display_name == "%Z%45" and msg.branch == "z9hG4bK209%fzsnel234"


def test_lwsdisp_no_space_before_angle_bracket():
    """§3.1.1.6: `caller<sip:…>` is a valid name-addr."""
    msg = sip.parse(load("lwsdisp"))
    assert msg.from_ == sip.NameAddr("caller", "sip:caller@example.com", {"tag": "323"})


def test_longreq_long_values_and_many_vias():
    """§3.1.1.7: very long values, 34 Via lines with every case spelling of Via and `v`, LWS before colons."""
    msg = sip.parse(load("longreq"))
    assert len(msg.via) == 34
    assert [v.host for v in msg.via[:3]] == ["sip33.example.com", "sip32.example.com", "sip31.example.com"]
    assert msg.via[-1].branch == "very" + "long" * 50 + "branchvalue" and msg.via[-1].received == "192.0.2.5"
    assert msg.from_tag == "12" + "982" * 50 + "424"
    assert msg.to.display_name == "I have a user name of " + "extreme" * 10 + " proportion"
    assert msg.to.uri.startswith("sip:user@example.com:6000;unknownparam1=very")
    assert msg.call_id == "longreq.one" + "really" * 20 + "longcallid"
    assert len(msg.body) == 150


def test_dblreq_extra_octets_after_the_first_message():
    """§3.1.1.8: a UDP datagram holding a REGISTER with Content-Length 0 and then more bytes: the REGISTER is
    read and the rest is kept in `trailing`, noted as a defect."""
    msg = sip.parse(load("dblreq"))
    assert msg.method == "REGISTER" and msg.body == b"" and msg.call_id == "dblreq.0ha0isndaksdj99sdfafnl3lk233412"
    assert msg.trailing.lstrip(b"\r\n").startswith(b"INVITE sip:joe@example.com SIP/2.0\r\n")
    assert any("after the 0-byte body" in d for d in msg.defects)


def test_semiuri_and_folded_list():
    """§3.1.1.9: `;` in the user part of the Request-URI; a folded comma list of six Accept values."""
    msg = sip.parse(load("semiuri"))
    assert msg.uri == "sip:user;par=u%40example.net@example.com"
    assert msg.headers.get_all("Accept") == [
        "application/sdp", "application/pkcs7-mime", "multipart/mixed", "multipart/signed", "message/sip",
        "message/sipfrag"]


def test_transports_varied_and_unknown():
    """§3.1.1.10: UDP, SCTP, TLS, an unknown transport and TCP in Via."""
    msg = sip.parse(load("transports"))
    assert [v.transport for v in msg.via] == ["UDP", "SCTP", "TLS", "UNKNOWN", "TCP"]
    assert msg.call_id == "transports.kijh4akdnaqjkwendsasfdj"


def test_unreason_utf8_reason_phrase():
    """§3.1.1.12: a reason phrase with UTF-8 text and characters that look like syntax."""
    msg = sip.parse(load("unreason"))
    assert isinstance(msg, sip.Response) and msg.status == 200
    assert msg.reason == "= 2**3 * 5**2 но сто девяносто девять - простое"
    assert len(msg.body) == 154 and msg.to_tag == "2229"


def test_noreason_empty_reason_phrase():
    """§3.1.1.13: `SIP/2.0 100 ` with an empty reason phrase."""
    msg = sip.parse(load("noreason"))
    assert (msg.status, msg.reason, msg.version) == (100, "", "SIP/2.0")
    assert msg.branch == "z9hG4bK2398ndaoe"


def test_mpart01_multipart_body_with_binary_part():
    """§3.1.1.11: a MESSAGE whose multipart/mixed body holds a text part and a binary (CMS) part; the body is taken
    as its Content-Length of octets, binary bytes included, and nothing is left over."""
    raw = load("mpart01")
    msg = sip.parse(raw)
    assert isinstance(msg, sip.Request) and (msg.method, msg.uri) == ("MESSAGE", "sip:kumiko@example.org")
    assert msg.call_id == "3d9485ad0c49859b@Zmx1ZmZ5LW1hYy0xNi5sb2NhbA.."
    assert msg.cseq == sip.CSeq(1, "MESSAGE") and msg.from_tag == "2fb0dcc9" and msg.to_tag is None
    assert msg.headers["Content-Type"] == "multipart/mixed;boundary=7a9cbec02ceef655"
    assert msg.headers["Content-Transfer-Encoding"] == "binary"
    assert [(v.transport, v.host, v.port) for v in msg.via] == [("UDP", "127.0.0.1", 5070)]
    # the body is every octet after the empty line: 553 as Content-Length says, with bytes that are not text
    assert len(msg.body) == int(msg.headers["Content-Length"]) == 553
    assert msg.body == raw[raw.index(b"\r\n\r\n") + 4:]
    assert msg.body.startswith(b"--7a9cbec02ceef655\r\nContent-Type: text/plain\r\n")
    assert msg.body.endswith(b"\r\n--7a9cbec02ceef655--\r\n")
    assert b"\x82" in msg.body and msg.body.count(b"--7a9cbec02ceef655") == 3
    assert msg.defects == () and msg.trailing == b""


VALID = {
    "wsinv", "intmeth", "esc01", "escnull", "esc02", "lwsdisp", "longreq", "dblreq", "semiuri", "transports",
    "unreason", "noreason", "mpart01",
    # §3.2–§3.4: syntactically valid messages whose problems lie in transaction or application semantics
    "badbranch", "insuf", "unkscm", "novelsc", "unksm2", "bext01", "invut", "regaut01", "multi01", "mcl01",
    "bcast", "zeromf", "cparam01", "cparam02", "regescrt", "sdp01", "inv2543",
}


@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_and_semantic_messages_parse(name):
    msg = sip.parse(load(name))
    assert msg.cseq is not None and msg.via, name


def test_semantic_messages_keep_what_later_layers_judge():
    """§3.2–§3.4: the parser reports what is there; the elements' checks (§ references) use these fields."""
    assert sip.parse(load("badbranch")).branch == "z9hG4bK"  # §3.2.1: the magic cookie alone
    insuf = sip.parse(load("insuf"))  # §3.3.1: no Call-ID, From, To, Max-Forwards
    assert (insuf.call_id, insuf.from_, insuf.to, insuf.headers.get("Max-Forwards")) == (None, None, None, None)
    assert sip.parse(load("unkscm")).uri == "nobodyKnowsThisScheme:totallyopaquecontent"  # §3.3.2
    assert sip.parse(load("novelsc")).uri == "soap.beep://192.0.2.103:3002"  # §3.3.3
    unksm2 = sip.parse(load("unksm2"))  # §3.3.4
    assert (unksm2.to.uri, unksm2.from_.uri, unksm2.contact[0].uri) == (
        "isbn:2983792873", "http://www.example.com", "name:John_Smith")
    bext01 = sip.parse(load("bext01"))  # §3.3.5
    assert bext01.headers.get_all("Require") == ["nothingSupportsThis", "nothingSupportsThisEither"]
    assert bext01.headers.get_all("Proxy-Require") == ["noProxiesSupportThis", "norDoAnyProxiesSupportThis"]
    assert sip.parse(load("invut")).body == b'<audio>\r\n <pcmu port="443"/>\r\n</audio>\r\n'  # §3.3.6
    regaut = sip.parse_challenge(sip.parse(load("regaut01")).headers["Authorization"])  # §3.3.7
    assert (regaut.scheme, regaut.params) == ("NoOneKnowsThisScheme", {"opaque-data": "here"})
    multi = sip.parse(load("multi01"))  # §3.3.8: the first of each duplicate is used, and each is reported
    assert (multi.call_id, multi.cseq.number, multi.from_tag) == ("multi01.98asdh@192.0.2.1", 5, "3413415")
    assert {"Call-ID appears 2 times; the first is used", "CSeq appears 2 times; the first is used",
            "To appears 2 times; the first is used"} <= set(multi.defects)
    mcl = sip.parse(load("mcl01"))  # §3.3.9: conflicting Content-Length values are reported
    assert "several different Content-Length values; the first is used" in mcl.defects
    assert [v.host for v in sip.parse(load("bcast")).via] == ["192.0.2.198", "255.255.255.255"]  # §3.3.10
    assert sip.parse(load("zeromf")).headers["Max-Forwards"] == "0"  # §3.3.11
    cparam01 = sip.parse(load("cparam01")).contact[0]  # §3.3.12: addr-spec, so the parameter is the header's
    assert (cparam01.uri, cparam01.params) == ("sip:+19725552222@gw1.example.net", {"unknownparam": None})
    cparam02 = sip.parse(load("cparam02")).contact[0]  # §3.3.13: inside <>, the parameter is the URI's
    assert (cparam02.uri, cparam02.params) == ("sip:+19725552222@gw1.example.net;unknownparam", {})
    assert sip.parse(load("regescrt")).contact[0].uri == (  # §3.3.14
        "sip:user@example.com?Route=%3Csip:sip.example.com%3E")
    assert sip.parse(load("sdp01")).headers["Accept"] == "text/nobodyKnowsThis"  # §3.3.15
    inv2543 = sip.parse(load("inv2543"))  # §3.4.1: RFC 2543 style, no branch, no Content-Length, no tags
    assert (inv2543.branch, inv2543.from_tag, inv2543.headers.get("Content-Length")) == (None, None, None)
    assert inv2543.body.endswith(b"m=audio 49217 RTP/AVP 0\r\n")  # without Content-Length: the rest


# --- §3.1.2 invalid messages ------------------------------------------------------------------------------

#: Messages the parser rejects, with the RFC's reason.
REJECTED = {
    # §3.1.2.19: a status code is exactly three digits; 4294967301 would overflow a receiver's integer.
    "bigcode": "status code must be three digits",
}

#: Messages the parser reads tolerantly: name -> (RFC section and reason it is invalid, check of what it gives).
TOLERATED = {
    "badinv01": ("§3.1.2.1: empty ;/, elements in Via and Contact. The empty list elements are dropped: Via "
                 "gives one entry (no branch), Contact one address",
                 lambda m: [(v.host, v.branch) for v in m.via] == [("192.0.2.15", None)]
                 and [c.uri for c in m.contact] == ["sip:joe@example.org"]),
    "clerr": ("§3.1.2.2: Content-Length 9999 is larger than the body. The body received is kept and the "
              "shortfall is a defect (over a stream the capture reader would wait for more bytes)",
              lambda m: len(m.body) == 154 and "Content-Length is 9999 but only 154 body bytes follow" in m.defects),
    "ncl": ("§3.1.2.3: negative Content-Length. Read as absent (the body is the rest of the datagram), noted",
            lambda m: len(m.body) == 152 and "Content-Length is not a number: '-999'" in m.defects),
    "scalar02": ("§3.1.2.4: CSeq, Max-Forwards, Expires and contact expires beyond 2**32. Read as Python "
                 "integers; judging the range belongs to the element",
                 lambda m: m.cseq == sip.CSeq(36893488147419103232, "REGISTER")
                 and m.contact[0].params == {"expires": "280297596632815"}),
    "scalarlg": ("§3.1.2.5: overlarge CSeq, Retry-After and a four-digit warn-code in a 503. Read as written",
                 lambda m: m.status == 503 and m.cseq.number == 9292394834772304023312
                 and m.headers.get_all("Warning") == ['1812 overture "In Progress"']),
    "quotbal": ("§3.1.2.6: unterminated quoted display name in To. The message is read; `to` is None since the "
                "address cannot be read, and the raw value stays in headers",
                lambda m: m.to is None and m.headers["To"] == '"Mr. J. User <sip:j.user@example.com>'),
    "ltgtruri": ("§3.1.2.7: Request-URI enclosed in <>. Kept as written and reported",
                 lambda m: m.uri == "<sip:user@example.com>" and "Request-URI enclosed in <>" in m.defects),
    "lwsruri": ("§3.1.2.8: LWS inside the Request-URI. Method and version are the first and last elements; the "
                "URI is what lies between, reported",
                lambda m: m.uri == "sip:user@example.com; lr" and "whitespace inside the Request-URI" in m.defects),
    "lwsstart": ("§3.1.2.9: several SP between request-line elements. Read, reported",
                 lambda m: m.uri == "sip:user@example.com"
                 and "request line elements not separated by exactly one SP" in m.defects),
    "trws": ("§3.1.2.10: SP after the version in the request line. Read, reported",
             lambda m: m.version == "SIP/2.0"
             and "request line elements not separated by exactly one SP" in m.defects),
    "escruri": ("§3.1.2.11: escaped headers in the Request-URI. Syntax is fine; the URI is kept for the element "
                "to refuse", lambda m: m.uri == "sip:user@example.com?Route=%3Csip:example.com%3E"),
    "baddate": ("§3.1.2.12: Date with a non-GMT zone. Kept whole: Date is never split at its comma",
                lambda m: m.headers.get_all("Date") == ["Fri, 01 Jan 2010 16:00:00 EST"]),
    "regbadct": ("§3.1.2.13: a Contact with `?` not enclosed in <>. Read as an addr-spec",
                 lambda m: m.contact[0].uri == "sip:user@example.com?Route=%3Csip:sip.example.com%3E"),
    "badaspec": ("§3.1.2.14: spaces inside <> around the addr-spec. Stripped, as a robust element may",
                 lambda m: m.to.uri == "sip:t.watson@example.org" and m.to.display_name == "Watson, Thomas"),
    "baddn": ("§3.1.2.15: unquoted display names with a comma. From/To are not lists, so not split",
              lambda m: m.from_.display_name == "Bell, Alexander" and m.to.display_name == "Watson, Thomas"),
    "badvers": ("§3.1.2.16: SIP/7.0. The version is reported as written for the element to answer 505",
                lambda m: m.version == "SIP/7.0" and m.via[0].protocol == "SIP/7.0"),
    "mismatch01": ("§3.1.2.17: CSeq method differs from the request method. Both are reported",
                   lambda m: (m.method, m.cseq.method) == ("OPTIONS", "INVITE")),
    "mismatch02": ("§3.1.2.18: unknown method with a different CSeq method. Both are reported",
                   lambda m: (m.method, m.cseq.method, len(m.body)) == ("NEWMETHOD", "INVITE", 138)),
}


@pytest.mark.parametrize("name", sorted(REJECTED))
def test_invalid_messages_rejected(name):
    with pytest.raises(sip.MessageError, match=REJECTED[name]):
        sip.parse(load(name))


@pytest.mark.parametrize("name", sorted(TOLERATED))
def test_invalid_messages_read_tolerantly(name):
    reason, check = TOLERATED[name]
    assert check(sip.parse(load(name))), reason
