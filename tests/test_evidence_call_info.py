"""Call-Info evidence (RFC 3261 §20.9, RFC 8688 jwscard)."""

from hypothesis import given, strategies as st

from sipcodes.evidence import ProblemKind, parse_call_info


def test_rfc3261_example():
    # RFC 3261 §20.9's example.
    icon, info = parse_call_info('<http://wwww.example.com/alice/photo.jpg> ;purpose=icon, '
                                 '<http://www.example.com/alice/> ;purpose=info')
    assert (icon.uri, icon.purpose, icon.purpose_known) == ("http://wwww.example.com/alice/photo.jpg", "icon", True)
    assert (info.purpose, info.reference.section) == ("info", "20.9")


def test_jwscard_of_a_608():
    (value,) = parse_call_info("<https://analytics.example.com/jws/123>;purpose=jwscard")
    assert (value.uri, value.purpose, value.purpose_known) == ("https://analytics.example.com/jws/123", "jwscard", True)


def test_unknown_purpose_and_missing_brackets():
    (value,) = parse_call_info("<https://x.example/a>;purpose=Mystery;m=1")
    assert value.purpose == "mystery" and not value.purpose_known and value.params == (("m", "1"),)
    (value,) = parse_call_info("https://x.example/a;purpose=icon")
    assert value.uri is None and value.problems[0].kind is ProblemKind.BAD_ADDRESS


@given(st.text(max_size=200))
def test_arbitrary_text_never_raises(text):
    for value in parse_call_info(text):
        assert value.purpose is None or value.purpose == value.purpose.lower()
