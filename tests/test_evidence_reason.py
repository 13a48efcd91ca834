"""Reason header evidence (RFC 3326 §2, RFC 9410)."""

from hypothesis import given, strategies as st

from sipcodes.evidence import ProblemKind, ReasonProtocol, Reference, parse_reason


def test_rfc3326_examples_in_one_line():
    # The two example values of RFC 3326 §3, joined as one comma-separated line.
    values = parse_reason('SIP ;cause=200 ;text="Call completed elsewhere", Q.850 ;cause=16 ;text="Terminated"')
    assert [(v.protocol_kind, v.cause, v.text) for v in values] == [
        (ReasonProtocol.SIP, 200, "Call completed elsewhere"),
        (ReasonProtocol.Q850, 16, "Terminated"),
    ]
    assert not any(v.malformed for v in values)


def test_repeated_header_lines_are_all_read():
    values = parse_reason(['SIP;cause=600;text="Busy Everywhere"', 'Q.850;cause=17'])
    assert [(v.protocol, v.cause) for v in values] == [("SIP", 600), ("Q.850", 17)]


def test_stir_protocol_and_ppi():
    (value,) = parse_reason('STIR;cause=438;text="Invalid Identity Header";ppi="eyJ.eyJ.sig"')
    assert value.protocol_kind is ReasonProtocol.STIR
    assert value.cause == 438 and value.ppi == "eyJ.eyJ.sig"
    assert value.reference.rfc == 9410
    # as sent by a verifier that lets an anonymous call continue (433 Anonymity Disallowed, RFC 5079)
    (value,) = parse_reason('STIR; cause=433; text="Anonymity Disallowed"')
    assert (value.protocol_kind, value.cause, value.malformed) == (ReasonProtocol.STIR, 433, False)
    assert parse_reason("STIR;cause=603")[0].problems[0].kind.value == "out-of-range"


def test_protocol_is_case_insensitive_and_unknown_kept():
    assert parse_reason("q.850;cause=31")[0].protocol_kind is ReasonProtocol.Q850
    other = parse_reason("X-Vendor;cause=7")[0]
    assert other.protocol_kind is ReasonProtocol.OTHER and other.cause == 7 and not other.malformed


def test_bad_cause_is_marked_with_the_offending_text():
    (value,) = parse_reason("SIP;cause=busy")
    assert value.cause is None
    assert [(p.kind, p.text) for p in value.problems] == [(ProblemKind.NOT_AN_INTEGER, "busy")]
    (value,) = parse_reason("Q.850;cause=300")
    assert value.cause == 300 and value.problems[0].kind is ProblemKind.OUT_OF_RANGE
    (value,) = parse_reason("SIP;cause=99")
    assert value.problems[0].kind is ProblemKind.OUT_OF_RANGE


def test_missing_protocol_is_marked():
    (value,) = parse_reason(";cause=16")
    assert value.problems[0].kind is ProblemKind.EMPTY
    assert parse_reason("") == ()


@given(st.text(max_size=300))
def test_arbitrary_text_never_raises(text):
    for value in parse_reason(text):
        assert value.cause is None or isinstance(value.cause, int)


def test_stir_protocol_and_ppi_sections():
    """RFC 9410 §3 defines the STIR Reason protocol; §5 the ppi parameter."""
    (value,) = parse_reason('STIR ;cause=436 ;text="Bad Identity Info" ;ppi="..rq3pjT1hoRw"')
    assert value.reference == Reference(9410, "3")
    assert value.ppi == "..rq3pjT1hoRw"


def test_q850_cause_names():
    """Standard ITU-T Q.850 names (Table 1); values the table gives no checked name for are absent."""
    from sipcodes import catalog
    from sipcodes.evidence import q850_cause_name

    assert q850_cause_name(16) == "Normal call clearing"
    assert q850_cause_name(17) == "User busy"
    assert q850_cause_name(18) == "No user responding"
    assert q850_cause_name(34) == "No circuit/channel available"
    assert q850_cause_name(41) == "Temporary failure"
    assert q850_cause_name(127) == "Interworking, unspecified"
    assert q850_cause_name(13) is None and q850_cause_name(None) is None
    assert all(q850_cause_name(cause) == c.name for cause, c in catalog.causes().items())
