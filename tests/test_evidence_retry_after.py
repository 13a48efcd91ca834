"""Retry-After evidence (RFC 3261 §20.33)."""

from hypothesis import given, strategies as st

from sipcodes.evidence import ProblemKind, parse_retry_after


def test_rfc3261_examples():
    # The examples of RFC 3261 §20.33.
    value = parse_retry_after("18000;duration=3600")
    assert (value.seconds, value.duration, value.comment, value.malformed) == (18000, 3600, None, False)
    value = parse_retry_after("120 (I'm in a meeting)")
    assert (value.seconds, value.comment, value.duration) == (120, "I'm in a meeting", None)


def test_comment_and_parameters_together_and_nested_comment():
    value = parse_retry_after("300 (back (soon)) ; duration=60;x=1")
    assert (value.seconds, value.comment, value.duration, value.params) == (300, "back (soon)", 60, (("x", "1"),))


def test_malformed_values():
    assert parse_retry_after("soon").problems[0].kind is ProblemKind.NOT_AN_INTEGER
    assert parse_retry_after("").problems[0].kind is ProblemKind.EMPTY
    assert parse_retry_after([]).problems[0].kind is ProblemKind.EMPTY
    value = parse_retry_after("60 (unterminated")
    assert value.seconds == 60 and value.problems[0].kind is ProblemKind.UNTERMINATED
    value = parse_retry_after("60;duration=long")
    assert value.duration is None and value.problems[0].text == "long"
    assert parse_retry_after("60 junk").problems[0].kind is ProblemKind.UNEXPECTED_TEXT


@given(st.text(max_size=300))
def test_arbitrary_text_never_raises(text):
    value = parse_retry_after(text)
    assert value.seconds is None or value.seconds >= 0
