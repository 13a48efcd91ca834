"""WWW-Authenticate / Proxy-Authenticate evidence (RFC 3261 §22, §20.44; RFC 8760)."""

from hypothesis import given, strategies as st

from sipcodes.evidence import ProblemKind, parse_challenges


def test_rfc3261_example():
    # The example of RFC 3261 §20.44.
    (value,) = parse_challenges('Digest realm="atlanta.com", domain="sip:boxesbybob.com", qop="auth", '
                                'nonce="f84f1cec41e6cbe5aea9c8e88d359", opaque="", stale=FALSE, algorithm=MD5')
    assert (value.scheme, value.realm, value.algorithm, value.qop, value.stale) == (
        "Digest", "atlanta.com", "MD5", ("auth",), False)
    assert value.algorithm_given and value.algorithm_known and not value.malformed


def test_algorithm_defaults_to_md5_when_absent():
    (value,) = parse_challenges('Digest realm="biloxi.com", nonce="dcd98b"')
    assert value.algorithm == "MD5" and not value.algorithm_given


def test_several_challenges_sha256_first_lines_and_one_line():
    lines = ['Digest realm="atlanta.com", nonce="n1", algorithm=SHA-256, qop="auth,auth-int", stale=TRUE',
             'Digest realm="atlanta.com", nonce="n2", algorithm=MD5']
    for values in (lines, ", ".join(lines)):
        first, second = parse_challenges(values)
        assert (first.algorithm, first.qop, first.stale) == ("SHA-256", ("auth", "auth-int"), True)
        assert (second.algorithm, second.realm) == ("MD5", "atlanta.com")


def test_algorithm_spelling_is_normalised_and_unknown_flagged():
    (value,) = parse_challenges('Digest realm="r", nonce="n", algorithm=sha-512-256')
    assert value.algorithm == "SHA-512-256" and value.algorithm_known
    (value,) = parse_challenges('Digest realm="r", nonce="n", algorithm=SHA-1')
    assert value.algorithm == "SHA-1" and not value.algorithm_known


def test_malformed_challenges():
    (value,) = parse_challenges('Digest nonce="n", stale=maybe')
    kinds = [(p.kind, p.text) for p in value.problems]
    assert (ProblemKind.MISSING_PARAMETER, "realm") in kinds
    assert (ProblemKind.BAD_PARAMETER, "stale=maybe") in kinds and value.stale is None
    (value,) = parse_challenges('realm="r"')
    assert value.scheme is None and value.problems[0].kind is ProblemKind.BAD_SCHEME


@given(st.lists(st.text(max_size=200), max_size=3))
def test_arbitrary_text_never_raises(lines):
    for value in parse_challenges(lines):
        assert value.stale in (None, True, False)
