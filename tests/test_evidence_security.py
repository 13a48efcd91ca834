"""Security-Server evidence (RFC 3329 §2.2)."""

from hypothesis import given, strategies as st

from sipcodes.evidence import ProblemKind, parse_security_server


def test_mechanisms_ordered_by_preference():
    # Two Security-Server values as in RFC 3329's examples (ipsec-ike;q=0.1 and tls;q=0.2).
    first, second = parse_security_server(["ipsec-ike;q=0.1", "tls;q=0.2"])
    assert (first.mechanism, first.q, second.mechanism, second.q) == ("tls", 0.2, "ipsec-ike", 0.1)
    assert first.known and second.known


def test_digest_parameters_and_unknown_mechanism():
    (digest, ipsec) = parse_security_server(
        "digest;d-alg=md5;d-qop=auth;q=0.5, ipsec-3gpp;q=0.1;alg=hmac-sha-1-96;spi-c=1;spi-s=2;port-c=5062")
    assert (digest.d_alg, digest.d_qop, digest.known) == ("md5", "auth", True)
    assert ipsec.mechanism == "ipsec-3gpp" and not ipsec.known and ("alg", "hmac-sha-1-96") in ipsec.params


def test_malformed_values():
    (bad,) = parse_security_server("tls;q=high")
    assert bad.mechanism == "tls" and bad.problems[0].kind is ProblemKind.BAD_QVALUE
    (bad,) = parse_security_server("no such;q=0.1")
    assert bad.mechanism is None and bad.problems[0].kind is ProblemKind.NOT_A_TOKEN


@given(st.text(max_size=200))
def test_arbitrary_text_never_raises(text):
    for mechanism in parse_security_server(text):
        assert mechanism.q is None or 0 <= mechanism.q <= 1
