"""Contact of a 3xx response (RFC 3261 §20.10, §8.1.3.4)."""

from hypothesis import given, strategies as st

from sipcodes.evidence import ProblemKind, parse_redirect_contacts


def test_rfc3261_example_ordered_by_q():
    # RFC 3261 §20.10's example, its two addresses given lowest q first.
    targets = parse_redirect_contacts('"Mr. Watson" <mailto:watson@bell-telephone.com> ;q=0.1, '
                                      '"Mr. Watson" <sip:watson@worcester.bell-telephone.com>;q=0.7; expires=3600')
    assert [(t.uri, t.q, t.expires) for t in targets] == [
        ("sip:watson@worcester.bell-telephone.com", 0.7, 3600),
        ("mailto:watson@bell-telephone.com", 0.1, None),
    ]
    assert targets[0].display_name == "Mr. Watson"


def test_equal_q_keep_message_order_and_absent_q_ranks_first():
    targets = parse_redirect_contacts(["<sip:a@x>;q=0.5", "<sip:b@x>;q=0.5", "<sip:c@x>"])
    assert [t.uri for t in targets] == ["sip:c@x", "sip:a@x", "sip:b@x"]
    assert targets[0].q is None


def test_malformed_addresses_are_marked_and_last():
    # an unterminated `<` swallows the rest of its line, so each case is on its own line
    targets = parse_redirect_contacts(['"Bob" <sip:b@x', "*", "<sip:c@x>;q=1.5", "<sip:d@x>;q=0.1;expires=soon"])
    problems = {(t.uri, p.kind, p.text) for t in targets for p in t.problems}
    assert problems == {
        (None, ProblemKind.BAD_ADDRESS, '"Bob" <sip:b@x'),
        ("*", ProblemKind.BAD_ADDRESS, "*"),
        ("sip:c@x", ProblemKind.BAD_QVALUE, "1.5"),
        ("sip:d@x", ProblemKind.NOT_AN_INTEGER, "soon"),
    }
    assert targets[-1].uri is None


@given(st.text(max_size=300))
def test_arbitrary_text_never_raises(text):
    for target in parse_redirect_contacts(text):
        assert target.q is None or 0 <= target.q <= 1
