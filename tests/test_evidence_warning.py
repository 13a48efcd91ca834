"""Warning header evidence (RFC 3261 §20.43)."""

from hypothesis import given, strategies as st

from sipcodes.evidence import WARN_CODES, ProblemKind, parse_warning


def test_rfc3261_examples():
    # The examples of RFC 3261 §20.43, as one line and as two lines.
    line = ('307 isi.edu "Session parameter \'foo\' not understood", '
            '301 isi.edu "Incompatible network address type \'E.164\'"')
    for values in (line, line.split(", ", 1)):
        first, second = parse_warning(values)
        assert (first.code, first.agent, first.text) == (307, "isi.edu", "Session parameter 'foo' not understood")
        assert first.registered and first.code_id == "session-description-parameter-not-understood"
        assert (second.code, second.code_id) == (301, "incompatible-network-address-formats")
        assert not first.malformed and not second.malformed


def test_registered_codes_are_the_rfc3261_set():
    assert set(WARN_CODES) == {300, 301, 302, 303, 304, 305, 306, 307, 330, 331, 370, 399}
    assert all(ref.rfc == 3261 and ref.section == "20.43" for _, ref in WARN_CODES.values())


def test_unregistered_code_and_comma_inside_text():
    (value,) = parse_warning('392 10.0.0.1:5060 "Noisy feedback, tells: pid=1, req_src_ip=10.0.0.2"')
    assert value.code == 392 and not value.registered and value.code_id is None
    assert value.text.startswith("Noisy feedback, tells") and not value.malformed


def test_malformed_values_are_marked():
    (value,) = parse_warning("3070 host \"x\"")
    assert value.code is None and value.problems[0] == value.problems[0].__class__(ProblemKind.NOT_AN_INTEGER, "3070")
    (value,) = parse_warning("399 host unquoted text")
    assert value.code == 399 and value.problems[0].kind is ProblemKind.NOT_QUOTED
    (value,) = parse_warning('399 host "unterminated')
    assert value.problems[0].kind is ProblemKind.UNTERMINATED
    (value,) = parse_warning("399")
    assert value.problems[0].kind is ProblemKind.UNEXPECTED_TEXT


@given(st.text(max_size=300))
def test_arbitrary_text_never_raises(text):
    for value in parse_warning(text):
        assert value.registered == (value.code in WARN_CODES)
