"""Evidence lines: each header field of a failure response said in the reader's language, with its RFC section."""

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from hypothesis import HealthCheck, given, settings, strategies as st

from _passport import DATE, IAT, X5U, make_signer, passport
from sipcodes import i18n, sip
from sipcodes.explain._evidence import EvidenceLine, gather_evidence, one_line

BASE = ["Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8",
        "From: Alice <sip:+12155551212@atlanta.example.com;user=phone>;tag=1928301774",
        "To: <tel:+15559870000>", "Call-ID: a84b4c76e66710", "CSeq: 314159 INVITE"]


def message(first: str, *headers: str, base=BASE) -> sip.Message:
    return sip.parse(("\r\n".join([first, *base, *headers, "Content-Length: 0"]) + "\r\n\r\n").encode())


def response(status_line: str, *headers: str) -> sip.Response:
    parsed = message(f"SIP/2.0 {status_line}", *headers)
    assert isinstance(parsed, sip.Response)
    return parsed


INVITE = message("INVITE tel:+15559870000 SIP/2.0", "Content-Type: application/sdp")


def lines_for(resp, header, lang="en", request=INVITE, **kwargs):
    return [line for line in gather_evidence(resp, request, lang, **kwargs) if line.header == header]


def test_evidence_line_dict_matches_the_report_contract():
    line = EvidenceLine("Retry-After", "300", "Try again after 300 s (5 min).", "RFC 3261 §20.33")
    assert line.to_dict() == {"header": "Retry-After", "value": "300", "meaning": "Try again after 300 s (5 min).",
                              "reference": "RFC 3261 §20.33"}


def test_value_is_one_line_cut_to_300_characters():
    assert one_line("a\r\n  b\tc") == "a b c"
    cut = one_line("x" * 400)
    assert len(cut) == 300 and cut.endswith("…")


# --- 486 with Retry-After and Reason Q.850 cause 17 -----------------------------------------------------------------

BUSY = response("486 Busy Here", "Retry-After: 300 (in a meeting);duration=3600",
                'Reason: Q.850;cause=17;text="User busy"')


def test_busy_retry_after_in_english():
    (line,) = lines_for(BUSY, "Retry-After")
    assert (line.value, line.reference) == ("300 (in a meeting);duration=3600", "RFC 3261 §20.33")
    assert "300 s" in line.meaning and "5 min" in line.meaning
    assert "3,600 s" in line.meaning and "in a meeting" in line.meaning


def test_busy_retry_after_in_french_formats_numbers_for_french():
    (line,) = lines_for(BUSY, "Retry-After", "fr")
    assert "3\u202f600\u00a0s" in line.meaning and "300\u00a0s" in line.meaning
    assert "Try again" not in line.meaning and "Réessayer" in line.meaning


def test_busy_reason_names_the_q850_cause():
    (line,) = lines_for(BUSY, "Reason")
    assert line.reference == "RFC 3326 §2"
    assert "17" in line.meaning and "User busy" in line.meaning and "Q.850" in line.meaning
    (de,) = lines_for(BUSY, "Reason", "de")
    assert "17" in de.meaning and "User busy" in de.meaning and "telephone network" not in de.meaning


def test_q850_cause_without_a_standard_name_is_said_so():
    (line,) = lines_for(response("480 Temporarily Unavailable", "Reason: Q.850;cause=13"), "Reason")
    assert "13" in line.meaning and "without a standard name" in line.meaning


def test_sip_cause_uses_the_catalog_reason_phrase():
    (line,) = lines_for(response("487 Request Terminated", "Reason: SIP;cause=600"), "Reason")
    assert "600" in line.meaning and "Busy Everywhere" in line.meaning


def test_stir_cause_with_ppi():
    resp = response("183 Session Progress", 'Reason: STIR ;cause=436 ;text="Bad Identity Info" ;ppi="..rq3pjT1hoR"')
    (line,) = lines_for(resp, "Reason")
    assert line.reference == "RFC 9410 §5"
    assert "436" in line.meaning and "Bad Identity Info" in line.meaning and "..rq3pjT1hoR" in line.meaning
    assert "let through" in line.meaning  # a 1xx: the call goes on
    (es,) = lines_for(resp, "Reason", "es")
    assert "436" in es.meaning and "PASSporT" in es.meaning and "let through" not in es.meaning


# --- 488 with Warning 304 -------------------------------------------------------------------------------------------

def test_warning_304_says_what_to_fix():
    resp = response("488 Not Acceptable Here", 'Warning: 304 pbx.example.com "Media type not available"')
    (line,) = lines_for(resp, "Warning")
    assert (line.value, line.reference) == ('304 pbx.example.com "Media type not available"', "RFC 3261 §20.43")
    assert "304" in line.meaning and "media type" in line.meaning and "pbx.example.com" in line.meaning
    (fr,) = lines_for(resp, "Warning", "fr")
    assert "304" in fr.meaning and "pbx.example.com" in fr.meaning and "média" in fr.meaning


def test_warning_399_keeps_its_must_not():
    resp = response("488 Not Acceptable Here", 'Warning: 399 pbx.example.com "Maintenance tonight"')
    (line,) = lines_for(resp, "Warning")
    assert "must not act on it automatically" in line.meaning and line.reference == "RFC 3261 §20.43"
    (de,) = lines_for(resp, "Warning", "de")
    assert "darf" in de.meaning and "nicht" in de.meaning


def test_unknown_warning_codes_are_said_as_such():
    resp = response("488 Not Acceptable Here", 'Warning: 388 a.example "x", 199 b.example "y"')
    first, second = lines_for(resp, "Warning")
    assert "388" in first.meaning and "not one of the codes RFC 3261 defines" in first.meaning
    assert "199" in second.meaning and "outside the 3xx range" in second.meaning


# --- 503 with Retry-After, and without --------------------------------------------------------------------------------

def test_service_unavailable_retry_after():
    (line,) = lines_for(response("503 Service Unavailable", "Retry-After: 18000"), "Retry-After")
    assert "18,000 s" in line.meaning and "5 hr" in line.meaning
    (de,) = lines_for(response("503 Service Unavailable", "Retry-After: 18000"), "Retry-After", "de")
    assert "18.000\u00a0s" in de.meaning and "5 Std." in de.meaning


def test_retry_after_zero_and_missing():
    (zero,) = lines_for(response("503 Service Unavailable", "Retry-After: 0"), "Retry-After")
    assert "0 seconds" in zero.meaning and "Try again after" not in zero.meaning
    (missing,) = lines_for(response("503 Service Unavailable"), "Retry-After")
    assert (missing.value, missing.reference) == ("", "RFC 3261 §21.5.4") and "500" in missing.meaning
    assert "has to treat it" in missing.meaning  # RFC 3261 §21.5.4: the client MUST act as for a 500
    assert not lines_for(response("486 Busy Here"), "Retry-After")


# --- 401 with stale=true -------------------------------------------------------------------------------------------

STALE = response("401 Unauthorized", 'WWW-Authenticate: Digest realm="atlanta.example.com", '
                 'nonce="84a4cc6f3082121f32b42a2187831a9e", algorithm=SHA-256, qop="auth", stale=true')


def test_stale_challenge_means_retry_with_the_new_nonce():
    (line,) = lines_for(STALE, "WWW-Authenticate")
    assert line.reference == "RFC 7616 §3.3"
    assert "atlanta.example.com" in line.meaning and "SHA-256" in line.meaning and "auth" in line.meaning
    assert "nonce had expired" in line.meaning and "without asking the user" in line.meaning
    (fr,) = lines_for(STALE, "WWW-Authenticate", "fr")
    assert "SHA-256" in fr.meaning and "nonce" in fr.meaning and "expired" not in fr.meaning


def test_challenge_again_after_credentials_means_they_were_refused():
    resp = response("407 Proxy Authentication Required",
                    'Proxy-Authenticate: Digest realm="biloxi.com", nonce="ab"')
    request = message("INVITE sip:bob@biloxi.com SIP/2.0", 'Proxy-Authorization: Digest username="bob"')
    (line,) = lines_for(resp, "Proxy-Authenticate", request=request)
    assert "MD5" in line.meaning and "was not accepted" in line.meaning and line.reference == "RFC 7616 §3.3"
    (first,) = lines_for(resp, "Proxy-Authenticate")
    assert "was not accepted" not in first.meaning and first.reference == "RFC 3261 §20.27"


# --- 420 with Unsupported; option tags --------------------------------------------------------------------------------

def test_unsupported_names_each_tag_with_its_rfc():
    resp = response("420 Bad Extension", "Unsupported: 100rel, x-private")
    rel, private = lines_for(resp, "Unsupported")
    assert (rel.value, rel.reference) == ("100rel", "RFC 3261 §20.40")
    assert "100rel (RFC 3262)" in rel.meaning and "Require" in rel.meaning
    assert "x-private" in private.meaning and "RFC" not in private.meaning
    rel_es, _ = lines_for(resp, "Unsupported", "es")
    assert "100rel (RFC 3262)" in rel_es.meaning and "does not support" not in rel_es.meaning


def test_extension_required_and_supported():
    resp = response("421 Extension Required", "Require: timer", "Supported: path, gruu")
    (require,) = lines_for(resp, "Require")
    assert "timer (RFC 4028)" in require.meaning and "Supported" in require.meaning
    (supported,) = lines_for(resp, "Supported")
    assert "path (RFC 3327)" in supported.meaning and "gruu (RFC 5627)" in supported.meaning


# --- Allow, Accept on 405 / 415 ------------------------------------------------------------------------------------

def test_allow_says_the_method_is_missing():
    (line,) = lines_for(response("405 Method Not Allowed", "Allow: INVITE, ACK, BYE"), "Allow",
                        request=message("MESSAGE sip:b@example.com SIP/2.0"))
    assert "INVITE, ACK, BYE" in line.meaning and "MESSAGE" in line.meaning and line.reference == "RFC 3261 §20.5"


def test_unsupported_media_type_lists_what_is_accepted():
    resp = response("415 Unsupported Media Type", "Accept: application/sdp, text/plain;q=0.5",
                    "Accept-Encoding: gzip", "Accept-Language: da, en-gb;q=0.8")
    request = message("MESSAGE sip:b@example.com SIP/2.0", "Content-Type: application/xml")
    (accept,) = lines_for(resp, "Accept", request=request)
    assert "application/sdp" in accept.meaning and "q=0.5" in accept.meaning
    assert "application/xml" in accept.meaning and accept.reference == "RFC 3261 §20.1"
    (encoding,) = lines_for(resp, "Accept-Encoding", request=request)
    assert "gzip" in encoding.meaning and encoding.reference == "RFC 3261 §20.2"
    (language,) = lines_for(resp, "Accept-Language", "fr", request=request)
    assert "en-gb (q=0,8)" in language.meaning and language.reference == "RFC 3261 §20.3"


# --- 423 with Min-Expires, 422 with Min-SE, Session-Expires --------------------------------------------------------

def test_interval_too_brief():
    resp = response("423 Interval Too Brief", "Min-Expires: 3600")
    (line,) = lines_for(resp, "Min-Expires")
    assert (line.value, line.reference) == ("3600", "RFC 3261 §20.23")
    assert "at least 3,600 seconds" in line.meaning and "1 hr" in line.meaning
    (es,) = lines_for(resp, "Min-Expires", "es")
    assert "3600" in es.meaning.replace(".", "") and "at least" not in es.meaning


def test_session_interval_too_small_and_session_expires():
    resp = response("422 Session Interval Too Small", "Min-SE: 1800", "Session-Expires: 1800;refresher=uas")
    (min_se,) = lines_for(resp, "Min-SE")
    assert "1,800" in min_se.meaning and min_se.reference == "RFC 4028 §5"
    (expires,) = lines_for(resp, "Session-Expires")
    assert "30 min" in expires.meaning and "uas" in expires.meaning and expires.reference == "RFC 4028 §4"


def test_session_expires_refresher_is_a_side_of_the_transaction_not_of_the_call():
    # refresher=uac names the side that sent the request the response answers, which is the called party's side
    # when it sent the re-INVITE or UPDATE: never say "caller" for it.
    for refresher, words in (("uac", "sent the request"), ("uas", "answered the request")):
        (line,) = lines_for(response("200 OK", f"Session-Expires: 1800;refresher={refresher}"), "Session-Expires")
        assert words in line.meaning and f"({refresher})" in line.meaning and "caller" not in line.meaning
        assert line.reference == "RFC 4028 §4"


# --- 302 with two Contacts ------------------------------------------------------------------------------------------

def test_redirect_targets_by_preference():
    resp = response("302 Moved Temporarily",
                    "Contact: <sip:bob@192.0.2.4>;q=0.5, <sip:bob@biloxi.example.com>;q=0.9;expires=3600")
    first, second = lines_for(resp, "Contact")
    assert first.value == "<sip:bob@biloxi.example.com>;q=0.9;expires=3600"
    assert "1 of 2" in first.meaning and "sip:bob@biloxi.example.com" in first.meaning and "q=0.9" in first.meaning
    assert "2 of 2" in second.meaning and "sip:bob@192.0.2.4" in second.meaning
    assert first.reference == "RFC 3261 §8.1.3.4"
    first_de, _ = lines_for(resp, "Contact", "de")
    assert "q=0,9" in first_de.meaning and "by preference" not in first_de.meaning


def test_contact_of_a_failure_is_not_evidence():
    assert not lines_for(response("486 Busy Here", "Contact: <sip:bob@192.0.2.4>"), "Contact")


# --- Security-Server, Call-Info -------------------------------------------------------------------------------------

def test_security_server_lists_mechanisms_by_preference():
    (line,) = lines_for(response("494 Security Agreement Required", "Security-Server: ipsec-ike;q=0.1, tls;q=0.2"),
                        "Security-Server")
    assert line.meaning.index("tls") < line.meaning.index("ipsec-ike") and "Security-Verify" in line.meaning
    assert line.reference == "RFC 3329 §2.1"


@pytest.mark.parametrize("code", ["607 Unwanted", "608 Rejected"])
def test_call_info_jwscard(code):
    resp = response(code, "Call-Info: <https://analytics.example.com/jws/123>;purpose=jwscard")
    (line,) = lines_for(resp, "Call-Info")
    assert line.reference == "RFC 8688 §3.1"
    assert "https://analytics.example.com/jws/123" in line.meaning and "jCard" in line.meaning
    (fr,) = lines_for(resp, "Call-Info", "fr")
    assert "https://analytics.example.com/jws/123" in fr.meaning and "rejected" not in fr.meaning


# --- STIR: 428 and 438 ------------------------------------------------------------------------------------------------

def test_use_identity_header_without_identity():
    (line,) = lines_for(response("428 Use Identity Header"), "Identity")
    assert (line.value, line.reference) == ("", "RFC 8224 §6.2.2") and "no Identity" in line.meaning





@pytest.fixture(scope="module")
def signer():
    return make_signer()



def signed_invite(key, claims):
    return message("INVITE tel:+15559870000 SIP/2.0", f"Date: {DATE}",
                   f"Identity: {passport(key, claims)};info=<{X5U}>;alg=ES256;ppt=shaken")


CLAIMS = {"attest": "A", "dest": {"tn": ["15551230000"]}, "iat": IAT, "orig": {"tn": "12155551212"},
          "origid": "123e4567-e89b-12d3-a456-426655440000"}
INVALID = response("438 Invalid Identity Header")


def test_invalid_identity_names_the_differing_field(signer):
    key, pem = signer
    request = signed_invite(key, CLAIMS)
    lines = lines_for(INVALID, "Identity", request=request, cert=pem)
    meanings = [line.meaning for line in lines]
    assert "The PASSporT's dest is 15551230000 but the To header has tel:+15559870000." in meanings
    assert not any("orig is" in m for m in meanings)  # orig agrees with From
    assert any("ES256" in m and "12155551212" in m for m in meanings) and any("Attestation A" in m for m in meanings)
    (valid,) = [line for line in lines if "signature" in line.meaning]
    assert "valid for the certificate given" in valid.meaning and valid.reference == "RFC 7518 §3.4"
    assert {line.value for line in lines} == {one_line(request.headers["identity"])}
    fr = [line.meaning for line in lines_for(INVALID, "Identity", "fr", request=request, cert=pem)]
    assert any("15551230000" in m and "tel:+15559870000" in m and "dest" in m and "but the" not in m for m in fr)


def test_signature_checked_against_another_key_is_invalid(signer):
    key, _ = signer
    other = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    lines = lines_for(INVALID, "Identity", request=signed_invite(key, CLAIMS), cert=other)
    assert any("does not verify" in line.meaning for line in lines)
    rsa_like = lines_for(INVALID, "Identity", request=signed_invite(key, CLAIMS), cert=b"not a key")
    assert any("cannot be used" in line.meaning for line in rsa_like)


def test_signature_without_certificate_says_where_it_is(signer):
    key, _ = signer
    lines = lines_for(INVALID, "Identity", request=signed_invite(key, CLAIMS))
    (offline,) = [line for line in lines if "offline" in line.meaning]
    assert X5U in offline.meaning and offline.reference == "RFC 8225 §4.1"


def test_iat_far_from_date_and_quoted_iat(signer):
    key, _ = signer
    late = dict(CLAIMS, dest={"tn": ["15559870000"]}, iat=str(IAT - 600))
    lines = lines_for(INVALID, "Identity", request=signed_invite(key, late))
    meanings = [line.meaning for line in lines]
    assert any("iat" in m and "10 min" in m and "the Date header" in m for m in meanings)
    assert any("written as a string" in m for m in meanings)
    assert not any("dest is" in m for m in meanings)


def test_malformed_identity_is_said_to_be_malformed():
    request = message("INVITE tel:+15559870000 SIP/2.0", "Identity: not-a-passport")
    lines = lines_for(response("436 Bad Identity Info"), "Identity", request=request)
    assert any(line.meaning.startswith("Malformed:") or "Malformed:" in line.meaning for line in lines)
    assert any("cannot be decoded" in line.meaning for line in lines)


# --- every message translated, and robustness ------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["fr", "es", "de"])
def test_every_sentence_is_translated(lang):
    """Every message the module can say has a translation in each shipped language."""
    from sipcodes.translation import extract_messages

    translations = i18n.translations(lang)
    template = extract_messages()
    ours = [m for m in template if m.id and any("explain/_evidence.py" in loc for loc, _ in m.locations)]
    assert len(ours) > 80
    missing = [m.id for m in ours
               if (translations.gettext(m.id) == m.id if isinstance(m.id, str)
                   else translations.ngettext(m.id[0], m.id[1], 2) == m.id[1])]
    assert not missing, missing[:5]


HEADER_NAMES = ["Reason", "Warning", "Retry-After", "WWW-Authenticate", "Proxy-Authenticate", "Unsupported",
                "Require", "Supported", "Allow", "Accept", "Accept-Encoding", "Accept-Language", "Min-Expires",
                "Min-SE", "Session-Expires", "Contact", "Security-Server", "Call-Info", "Identity"]
VALUE = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=120)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([302, 401, 415, 420, 421, 423, 428, 438, 486, 503, 607]),
       st.lists(st.tuples(st.sampled_from(HEADER_NAMES), VALUE), max_size=4), st.sampled_from(["en", "fr"]))
def test_random_header_values_never_raise(code, headers, lang):
    pairs = [("Via", "SIP/2.0/UDP a;branch=z9hG4bK1"), ("CSeq", "1 INVITE")] + headers
    resp = sip.Response(code, "Reason", "SIP/2.0", sip.Headers.from_pairs(pairs), b"", b"", ())
    request = sip.Request("INVITE", "sip:b@example.com", "SIP/2.0", sip.Headers.from_pairs(pairs), b"", b"", ())
    for line in gather_evidence(resp, request, lang):
        assert isinstance(line.meaning, str) and "\n" not in line.value and len(line.value) <= 300


def test_plural_seconds():
    one = response("423 Interval Too Brief", "Min-Expires: 1")
    (line,) = lines_for(one, "Min-Expires")
    assert "at least 1 second." in line.meaning
    (de,) = lines_for(one, "Min-Expires", "de")
    assert "mindestens 1 Sekunde " in de.meaning
    (de_many,) = lines_for(response("423 Interval Too Brief", "Min-Expires: 60"), "Min-Expires", "de")
    assert "mindestens 60 Sekunden " in de_many.meaning


def test_require_outside_421():
    (provisional,) = lines_for(response("183 Session Progress", "Require: 100rel"), "Require")
    assert "100rel (RFC 3262)" in provisional.meaning and "has to apply" in provisional.meaning
    (failure,) = lines_for(response("420 Bad Extension", "Require: timer"), "Require")
    assert "timer (RFC 4028)" in failure.meaning and "has to apply" not in failure.meaning


@pytest.mark.parametrize("level, said, unsaid", [
    ("A", "has verified that this customer may use the calling number", "has not verified"),
    ("B", "has not verified that this customer may use the calling number", "international gateway"),
    ("C", "has no relationship with whoever started the call", "does not support PASSporT"),
])
def test_attestation_levels_say_what_the_signer_vouches_for(signer, level, said, unsaid):
    key, pem = signer
    request = signed_invite(key, {**CLAIMS, "attest": level})
    lines = [line for line in lines_for(INVALID, "Identity", request=request, cert=pem)
             if line.meaning.startswith(f"Attestation {level}")]
    assert len(lines) == 1 and lines[0].reference == "RFC 8588 §4"
    assert said in lines[0].meaning and unsaid not in lines[0].meaning
