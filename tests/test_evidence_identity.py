"""Identity / PASSporT evidence (RFC 8224 §4, §6.2, §8.3; RFC 8225 §5, §6; RFC 8588)."""

import json

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from hypothesis import given, strategies as st

from _passport import DATE, IAT, X5U, b64, make_signer, passport
from sipcodes import sip
from sipcodes.evidence import (
    ComparisonResult, ProblemKind, SignatureStatus, compare_identity, normalize_tn, parse_identity, verify_identity,
)




@pytest.fixture(scope="module")
def signer():
    return make_signer()



CLAIMS = {"attest": "A", "dest": {"tn": ["12155551213"]}, "iat": IAT, "orig": {"tn": "12155551212"},
          "origid": "123e4567-e89b-12d3-a456-426655440000"}


def invite(identity: str, *, to: str = "<tel:+1-215-555-1213>", date: str = DATE, uri: str = "tel:+12155551213",
           pai: str | None = "<sip:+12155551212@example.com;user=phone>") -> sip.Request:
    lines = [f"INVITE {uri} SIP/2.0", "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8",
             "From: Alice <sip:+1-215-555-1212@atlanta.example.com;user=phone>;tag=1928301774", f"To: {to}",
             "Call-ID: a84b4c76e66710", "CSeq: 314159 INVITE", f"Date: {date}", f"Identity: {identity}",
             "Content-Length: 0"]
    if pai:
        lines.insert(3, f"P-Asserted-Identity: {pai}")
    message = sip.parse(("\r\n".join(lines) + "\r\n\r\n").encode())
    assert isinstance(message, sip.Request)
    return message


def test_decodes_header_claims_and_parameters(signer):
    key, _ = signer
    (evidence,) = parse_identity(f"{passport(key, CLAIMS)};info=<{X5U}>;alg=ES256;ppt=shaken")
    assert not evidence.malformed
    assert (evidence.header.alg, evidence.header.typ, evidence.header.ppt, evidence.header.x5u) == (
        "ES256", "passport", "shaken", X5U)
    claims = evidence.claims
    assert (claims.orig_tn, claims.dest_tn, claims.iat, claims.attest) == ("12155551212", ("12155551213",), IAT, "A")
    assert claims.origid == CLAIMS["origid"]
    assert (evidence.info, evidence.alg, evidence.ppt) == (X5U, "ES256", "shaken")


def test_signature_verifies_with_certificate_and_public_key(signer):
    key, pem = signer
    (evidence,) = parse_identity(f"{passport(key, CLAIMS)};info=<{X5U}>")
    assert verify_identity(evidence, certificate_pem=pem).status is SignatureStatus.VALID
    assert verify_identity(evidence, public_key=key.public_key()).status is SignatureStatus.VALID


def test_tampered_payload_fails(signer):
    key, pem = signer
    header, _, signature = passport(key, CLAIMS).split(".")
    forged = dict(CLAIMS, orig={"tn": "19995550000"})
    (evidence,) = parse_identity(f"{header}.{b64(json.dumps(forged).encode())}.{signature};info=<{X5U}>")
    assert evidence.claims.orig_tn == "19995550000"
    assert verify_identity(evidence, certificate_pem=pem).status is SignatureStatus.INVALID


def test_other_key_fails(signer):
    key, _ = signer
    (evidence,) = parse_identity(f"{passport(key, CLAIMS)};info=<{X5U}>")
    other = ec.generate_private_key(ec.SECP256R1()).public_key()
    assert verify_identity(evidence, public_key=other).status is SignatureStatus.INVALID


def test_without_key_not_verifiable_offline_and_urls_given(signer):
    key, _ = signer
    (evidence,) = parse_identity(f"{passport(key, CLAIMS)};info=<https://info.example.org/c.pem>")
    check = verify_identity(evidence)
    assert (check.status, check.x5u, check.info) == (
        SignatureStatus.NOT_VERIFIABLE_OFFLINE, X5U, "https://info.example.org/c.pem")


def test_unreadable_key_and_unsupported_algorithm(signer):
    key, _ = signer
    (evidence,) = parse_identity(f"{passport(key, CLAIMS)};info=<{X5U}>")
    assert verify_identity(evidence, certificate_pem=b"not a pem").status is SignatureStatus.UNREADABLE_KEY
    rs256 = passport(key, CLAIMS, {"alg": "RS256", "typ": "passport", "x5u": X5U})
    (evidence,) = parse_identity(f"{rs256};info=<{X5U}>")
    assert verify_identity(evidence, public_key=key.public_key()).status is SignatureStatus.UNSUPPORTED_ALGORITHM


def test_claims_match_the_message(signer):
    key, _ = signer
    identity = f"{passport(key, CLAIMS)};info=<{X5U}>"
    (evidence,) = parse_identity(identity)
    results = {(c.claim, c.field): c.result for c in compare_identity(evidence, invite(identity))}
    assert results == {
        ("orig", "From"): ComparisonResult.MATCH,
        ("orig", "P-Asserted-Identity"): ComparisonResult.MATCH,
        ("dest", "To"): ComparisonResult.MATCH,
        ("dest", "Request-URI"): ComparisonResult.MATCH,
        ("iat", "Date"): ComparisonResult.MATCH,
    }


def test_dest_mismatch_is_named(signer):
    key, _ = signer
    identity = f"{passport(key, CLAIMS)};info=<{X5U}>"
    (evidence,) = parse_identity(identity)
    comparisons = compare_identity(evidence, invite(identity, to="<sip:+12155559999@example.com;user=phone>",
                                                    uri="sip:+12155559999@example.com;user=phone"))
    differ = [(c.claim, c.field, c.passport_value, c.message_value) for c in comparisons
              if c.result is ComparisonResult.DIFFER]
    assert differ == [
        ("dest", "To", "12155551213", "sip:+12155559999@example.com;user=phone"),
        ("dest", "Request-URI", "12155551213", "sip:+12155559999@example.com;user=phone"),
    ]


def test_stale_date_and_observed_time(signer):
    # RFC 8224 §6.2: 60 seconds is the recommended freshness window.
    key, _ = signer
    identity = f"{passport(key, CLAIMS)};info=<{X5U}>"
    (evidence,) = parse_identity(identity)
    late = invite(identity, date="Fri, 25 Sep 2015 19:13:26 GMT", pai=None)  # 61 s after iat
    by_field = {c.field: c for c in compare_identity(evidence, late, observed_at=IAT + 30)}
    assert by_field["Date"].result is ComparisonResult.DIFFER and by_field["Date"].difference_seconds == 61
    assert by_field["observed-at"].result is ComparisonResult.MATCH
    assert "P-Asserted-Identity" not in by_field
    on_edge = invite(identity, date="Fri, 25 Sep 2015 19:13:25 GMT")
    assert {c.field: c.result for c in compare_identity(evidence, on_edge)}["Date"] is ComparisonResult.MATCH


def test_missing_date_is_absent_in_message(signer):
    key, _ = signer
    identity = f"{passport(key, CLAIMS)};info=<{X5U}>"
    (evidence,) = parse_identity(identity)
    by_field = {c.field: c for c in compare_identity(evidence, invite(identity, date="not a date"))}
    assert by_field["Date"].result is ComparisonResult.ABSENT_IN_MESSAGE


def test_normalize_tn_rfc8224_section_8_3():
    assert normalize_tn("+1 (215) 555-1212") == normalize_tn("12155551212") == "12155551212"
    assert normalize_tn("1.215.555.1212") == "12155551212"
    assert normalize_tn("alice") is None and normalize_tn("+") is None


def test_malformed_identity_values():
    (evidence,) = parse_identity("not-a-passport")
    kinds = {p.kind for p in evidence.problems}
    assert kinds == {ProblemKind.BAD_COMPACT_FORM, ProblemKind.MISSING_PARAMETER}
    assert verify_identity(evidence).status is SignatureStatus.UNREADABLE_PASSPORT
    (evidence,) = parse_identity(f"{b64(b'[1,2]')}.{b64(b'{')}.AAAA;info=https://no.brackets/")
    kinds = [(p.kind, p.text) for p in evidence.problems]
    assert (ProblemKind.BAD_JSON, "header") in kinds and (ProblemKind.BAD_JSON, "payload") in kinds
    assert (ProblemKind.BAD_PARAMETER, "info=https://no.brackets/") in kinds
    (evidence,) = parse_identity(f"{b64(b'{}')}.{b64(json.dumps({'orig': 5, 'iat': True}).encode())}.A!;info=<x:y>")
    kinds = {(p.kind, p.text) for p in evidence.problems}
    assert {(ProblemKind.MISSING_CLAIM, "dest"), (ProblemKind.BAD_CLAIM, "orig"), (ProblemKind.BAD_CLAIM, "iat"),
            (ProblemKind.BAD_BASE64, "A!")} <= kinds
    (evidence,) = parse_identity("A" * 20000 + ";info=<x:y>")
    assert evidence.problems[0].kind is ProblemKind.TOO_LONG


def test_compact_form_has_no_payload(signer):
    key, _ = signer
    header, _, signature = passport(key, CLAIMS).split(".")
    (evidence,) = parse_identity(f"{header}..{signature};info=<{X5U}>")
    assert evidence.payload_omitted and evidence.claims is None and not evidence.malformed
    assert verify_identity(evidence, public_key=key.public_key()).status is SignatureStatus.PAYLOAD_OMITTED


@given(st.text(max_size=400))
def test_arbitrary_text_never_raises(text):
    for evidence in parse_identity(text):
        verify_identity(evidence)


@given(st.dictionaries(st.text(max_size=8), st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=10), max_size=6))
def test_arbitrary_json_claims_never_raise(claims):
    identity = f"{b64(b'{}')}.{b64(json.dumps(claims).encode())}.AAAA;info=<x:y>"
    for evidence in parse_identity(identity):
        message = invite(identity)
        compare_identity(evidence, message)


def test_iat_as_a_string_of_digits_is_read_and_flagged(signer):
    """RFC 8225 §5.1.1 makes iat a JSON number; RFC 8588 §6 (erratum 6656) and RFC 9410 examples quote it."""
    key, _ = signer
    quoted = dict(CLAIMS, iat=str(IAT))
    (evidence,) = parse_identity(f"{passport(key, quoted)};info=<{X5U}>")
    assert not evidence.malformed
    assert (evidence.claims.iat, evidence.claims.iat_quoted) == (IAT, True)
    (number,) = parse_identity(f"{passport(key, CLAIMS)};info=<{X5U}>")
    assert (number.claims.iat, number.claims.iat_quoted) == (IAT, False)
    (words,) = parse_identity(f"{passport(key, dict(CLAIMS, iat='yesterday'))};info=<{X5U}>")
    assert words.claims.iat is None and (ProblemKind.BAD_CLAIM, "iat") in {(p.kind, p.text) for p in words.problems}
