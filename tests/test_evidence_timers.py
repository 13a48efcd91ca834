"""Min-Expires, Min-SE and Session-Expires evidence (RFC 3261 §20.23, RFC 4028 §4, §5)."""

from hypothesis import given, strategies as st

from sipcodes.evidence import ProblemKind, parse_min_expires, parse_min_se, parse_session_expires


def test_min_expires():
    # RFC 3261 §20.23's example.
    value = parse_min_expires("60")
    assert (value.seconds, value.header, value.reference.section) == (60, "Min-Expires", "20.23")
    assert not value.malformed
    assert parse_min_expires("60;x=1").problems[0].kind is ProblemKind.UNEXPECTED_TEXT


def test_min_se_with_generic_parameter():
    value = parse_min_se("3600;lr")
    assert (value.seconds, value.params, value.reference.rfc) == (3600, (("lr", None),), 4028)


def test_session_expires_refresher():
    value = parse_session_expires("4000;refresher=uac")
    assert (value.seconds, value.refresher, value.malformed) == (4000, "uac", False)
    assert parse_session_expires("1800").refresher is None


def test_malformed_values():
    value = parse_session_expires("1800;refresher=proxy")
    assert value.seconds == 1800 and value.problems[0].text == "refresher=proxy"
    assert parse_min_se("ninety").problems[0].kind is ProblemKind.NOT_AN_INTEGER
    assert parse_min_expires([]).problems[0].kind is ProblemKind.EMPTY


@given(st.text(max_size=200))
def test_arbitrary_text_never_raises(text):
    assert parse_session_expires(text).refresher in (None, "uac", "uas")
    parse_min_se(text)
    parse_min_expires(text)
