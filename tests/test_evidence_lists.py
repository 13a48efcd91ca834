"""Option tags and list header evidence (RFC 3261 §19.2, §20.1, §20.2, §20.3, §20.5, §20.40)."""

from hypothesis import given, strategies as st

from sipcodes.evidence import (
    ProblemKind, parse_accept, parse_accept_encoding, parse_accept_language, parse_allow, parse_option_tags,
)


def test_unsupported_and_require_lines():
    # RFC 3261 §20.40's example value, plus a second line.
    value = parse_option_tags(["foo", "100rel, timer"], header="Unsupported")
    assert value.values == ("foo", "100rel", "timer") and value.reference.section == "20.40"
    assert parse_option_tags("100rel", header="Require").reference.section == "20.32"


def test_allow_keeps_method_case():
    # RFC 3261 §20.5's example.
    assert parse_allow("INVITE, ACK, OPTIONS, CANCEL, BYE").values == ("INVITE", "ACK", "OPTIONS", "CANCEL", "BYE")


def test_accept_media_ranges_with_parameters():
    # RFC 3261 §20.1's example.
    value = parse_accept("application/sdp;level=1, application/x-private, text/html")
    assert value.values == ("application/sdp", "application/x-private", "text/html")
    assert value.items[0].params == (("level", "1"),)


def test_accept_language_q_values():
    # RFC 3261 §20.3's example.
    value = parse_accept_language("da, en-gb;q=0.8, en;q=0.7")
    assert [(i.value, i.q) for i in value.items] == [("da", None), ("en-gb", 0.8), ("en", 0.7)]


def test_accept_encoding():
    assert parse_accept_encoding("gzip, identity;q=0.5").values == ("gzip", "identity")


def test_malformed_elements_are_marked_and_others_kept():
    value = parse_option_tags("100rel, bad tag, timer")
    assert value.values == ("100rel", "timer")
    assert [(p.kind, p.text) for p in value.problems] == [(ProblemKind.NOT_A_TOKEN, "bad tag")]
    value = parse_accept("text, application/sdp")
    assert value.values == ("application/sdp",) and value.malformed
    value = parse_accept_language("en;q=2")
    assert value.problems[0] .kind is ProblemKind.BAD_QVALUE


@given(st.text(max_size=200))
def test_arbitrary_text_never_raises(text):
    for parse in (parse_option_tags, parse_allow, parse_accept, parse_accept_encoding, parse_accept_language):
        result = parse(text)
        assert all(item.q is None or 0 <= item.q <= 1 for item in result.items)
