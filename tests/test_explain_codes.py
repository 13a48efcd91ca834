"""`sipcodes.explain` on real captures, one exchange per file (tests/data/explain, made by make-captures.sh there):
each call's outcome, and for each failure the evidence its own header fields give (header, value, meaning,
RFC section)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sipcodes.explain import explain

DATA = Path(__file__).parent / "data" / "explain"
CERT = (DATA / "cert.pem").read_bytes()
LANGS = ["en", "fr", "es", "de"]
HAS_TSHARK = shutil.which("tshark") is not None


def only_call(name: str, lang: str = "en", **options):
    report = explain(DATA / name, lang, all_calls=True, **options)
    assert report.total_calls == 1, f"{name}: {report.total_calls} calls"
    assert len(report.calls) == 1
    return report.calls[0]


def lines(call, header: str, code: int | None = None):
    """The evidence lines about `header` in the call's findings (for `code` only, when given)."""
    return [line for finding in call.findings if code is None or finding.code == code
            for line in finding.evidence if line.header.lower() == header.lower()]


def digits(text: str) -> str:
    """The text with the digit-group separators of any language removed ("3,600", "3 600", "3.600" → "3600")."""
    return re.sub(r"(?<=\d)[,.\u00a0\u202f ](?=\d{3}\b)", "", text)


# -- outcomes ---------------------------------------------------------------------------------------------------------

OUTCOMES = [
    # file, outcome, final status, method, codes of the findings
    ("486-busy-here.pcapng", "busy", 486, "INVITE", {486}),
    ("488-not-acceptable-here.pcapng", "rejected", 488, "INVITE", {488}),
    ("503-service-unavailable.pcapng", "network-failure", 503, "INVITE", {503}),
    ("401-stale-nonce.pcapng", "challenged-then-answered", 200, "INVITE", {401}),
    ("420-bad-extension.pcapng", "rejected", 420, "INVITE", {420}),
    ("423-interval-too-brief.pcapng", "answered", 200, "REGISTER", {423}),
    ("302-moved-temporarily.pcapng", "redirected", 302, "INVITE", {302}),
    ("428-use-identity-header.pcapng", "rejected", 428, "INVITE", {428}),
    ("438-wrong-dest.pcapng", "rejected", 438, "INVITE", {438}),
    ("438-bad-signature.pcapng", "rejected", 438, "INVITE", {438}),
    ("480-temporarily-unavailable.pcapng", "no-answer", 480, "INVITE", {480}),
    ("603-decline.pcapng", "declined", 603, "INVITE", {603}),
    ("607-unwanted.pcapng", "declined", 607, "INVITE", {607}),
    ("608-rejected.pcapng", "rejected", 608, "INVITE", {608}),
    ("answered.pcapng", "answered", 200, "INVITE", set()),
    ("cancelled.pcapng", "cancelled", 487, "INVITE", {487}),
    ("unanswered.pcapng", "unfinished", None, "INVITE", set()),
]


@pytest.mark.parametrize("name, outcome, status, method, codes", OUTCOMES, ids=[o[0] for o in OUTCOMES])
def test_outcome(name, outcome, status, method, codes):
    call = only_call(name)
    assert call.outcome == outcome
    assert (call.final[0] if call.final else None) == status
    assert call.method == method
    assert {finding.code for finding in call.findings} == codes
    assert call.from_ == ("sip:alice@example.net" if method == "REGISTER" else "sip:+12155551212@example.com")
    for finding in call.findings:
        assert finding.explanation and finding.next_steps


def test_every_capture_is_covered():
    assert {path.name for path in DATA.glob("*.pcapng")} == {o[0] for o in OUTCOMES}


@pytest.mark.skipif(not HAS_TSHARK, reason="tshark is not installed (.ci/run installs it)")
@pytest.mark.parametrize("name", [o[0] for o in OUTCOMES])
def test_ladder_is_what_tshark_sees(name):
    out = subprocess.run(["tshark", "-r", str(DATA / name), "-Y", "sip", "-T", "fields", "-e", "sip.Request-Line",
                          "-e", "sip.Status-Line", "-e", "ip.src", "-e", "udp.srcport"],
                         capture_output=True, text=True, check=True).stdout
    expected = []
    for row in out.splitlines():
        request, status, address, port = row.split("\t")
        line = request or status.removeprefix("SIP/2.0 ")
        expected.append((line.removesuffix(" SIP/2.0"), f"{address}:{port}"))
    call = only_call(name)
    assert [(m.summary, m.src) for m in call.messages] == expected


@pytest.mark.parametrize("lang", ["fr", "es", "de"])
def test_outcome_label_in_the_language(lang):
    english = only_call("486-busy-here.pcapng").outcome_label
    call = only_call("486-busy-here.pcapng", lang)
    assert call.outcome == "busy"
    assert call.outcome_label and call.outcome_label != english


def test_answered_call_is_counted_but_not_shown_by_default():
    report = explain(DATA / "answered.pcapng")
    assert report.calls == [] and report.total_calls == 1 and report.outcomes == {"answered": 1}
    assert report.messages == 7


def test_ladder_of_the_cancelled_call():
    call = only_call("cancelled.pcapng")
    summaries = [line.summary for line in call.messages]
    assert summaries == ["INVITE sip:+12155550100@127.0.0.1:5070", "180 Ringing",
                         "CANCEL sip:+12155550100@127.0.0.1:5070", "200 OK", "487 Request Terminated",
                         "ACK sip:+12155550100@127.0.0.1:5070"]
    assert call.messages[0].src == "127.0.0.1:5071" and call.messages[0].dst == "127.0.0.1:5070"
    times = [line.time for line in call.messages]
    assert times == sorted(times) and 0.4 < times[2] - times[1] < 0.7  # the UAC waited 500 ms before CANCEL


def test_unanswered_invite_retransmissions_are_marked():
    call = only_call("unanswered.pcapng")
    assert [line.retransmission for line in call.messages] == [False, True, True, True]
    assert call.final is None and call.findings == []
    gaps = [round(b.time - a.time, 1) for a, b in zip(call.messages, call.messages[1:])]
    assert gaps == [0.5, 1.0, 2.0]  # Timer A doubling from T1 (RFC 3261 §17.1.1.2)


def test_json_contract():
    data = json.loads(json.dumps(explain(DATA / "486-busy-here.pcapng", "fr").to_dict()))
    assert data["lang"] == "fr" and data["messages"] == 5 and data["skipped"] == 0
    call = data["calls"][0]
    assert call["final"] == {"code": 486, "reason": "Busy Here"}
    assert [m["summary"] for m in call["messages"]] == [
        "INVITE sip:+12155550100@127.0.0.1:5070", "100 Trying", "180 Ringing", "486 Busy Here",
        "ACK sip:+12155550100@127.0.0.1:5070"]
    assert all(isinstance(m["time"], float) for m in call["messages"])
    evidence = call["findings"][0]["evidence"]
    assert evidence, "486-busy-here: no evidence in the JSON report"
    assert all(set(line) == {"header", "value", "meaning", "reference"} for line in evidence)


# -- evidence, in English ---------------------------------------------------------------------------------------------

def test_486_retry_after_and_q850_cause():
    call = only_call("486-busy-here.pcapng")
    [retry] = lines(call, "Retry-After", 486)
    assert retry.value == "300 (in a meeting);duration=3600"
    assert retry.reference == "RFC 3261 §20.33"
    meaning = digits(retry.meaning)
    assert "300 s" in meaning and "5 min" in meaning  # when to call again
    assert "3600 s" in meaning  # the duration parameter
    assert "in a meeting" in meaning
    [reason] = lines(call, "Reason", 486)
    assert reason.value == 'Q.850;cause=17;text="User busy"'
    assert reason.reference == "RFC 3326 §2"
    assert "cause 17" in reason.meaning and "“User busy”" in reason.meaning and "Q.850" in reason.meaning


def test_488_warning_304():
    call = only_call("488-not-acceptable-here.pcapng")
    [warning] = lines(call, "Warning", 488)
    assert warning.value == '304 gw.example.net "Media type not available"'
    assert warning.reference == "RFC 3261 §20.43"
    assert "304" in warning.meaning and "media type" in warning.meaning.lower()
    assert "gw.example.net" in warning.meaning


def test_503_retry_after():
    call = only_call("503-service-unavailable.pcapng")
    [retry] = lines(call, "Retry-After", 503)
    assert retry.value == "120" and retry.reference == "RFC 3261 §20.33"
    assert "120 s" in retry.meaning and "2 min" in retry.meaning


def test_401_challenge_then_stale_nonce():
    call = only_call("401-stale-nonce.pcapng")
    challenges = lines(call, "WWW-Authenticate", 401)
    assert len(challenges) == 2, [c.value for c in challenges]
    first, second = challenges
    assert 'nonce="5a1e7d2c0b9f4e3a8d6c"' in first.value and "stale" not in first.value
    assert 'nonce="9c3b1f0e7a5d2c4b6e8f"' in second.value and "stale=true" in second.value
    for line in challenges:
        assert "example.net" in line.meaning and "SHA-256" in line.meaning
    assert "stale" not in first.meaning.lower()
    assert "stale=true" in second.meaning and "nonce had expired" in second.meaning
    assert second.reference == "RFC 7616 §3.3"
    assert first.reference in ("RFC 3261 §20.44", "RFC 8760 §2.1")


def test_420_unsupported_tag():
    call = only_call("420-bad-extension.pcapng")
    [unsupported] = lines(call, "Unsupported", 420)
    assert unsupported.value == "foo" and unsupported.reference == "RFC 3261 §20.40"
    assert "foo" in unsupported.meaning and "Require" in unsupported.meaning


def test_423_min_expires():
    call = only_call("423-interval-too-brief.pcapng")
    [minimum] = lines(call, "Min-Expires", 423)
    assert minimum.value == "3600" and minimum.reference == "RFC 3261 §20.23"
    assert "3600 s" in digits(minimum.meaning) and "1 hr" in minimum.meaning


def test_302_contacts_in_q_order():
    call = only_call("302-moved-temporarily.pcapng")
    contacts = lines(call, "Contact", 302)
    # sent as q=0.7 then q=1.0: listed in the order to try, highest q first
    assert [c.value for c in contacts] == ["<sip:bob-mobile@198.51.100.20:5060>;q=1.0",
                                           "<sip:bob@192.0.2.10:5060>;q=0.7"]
    assert "1 of 2" in contacts[0].meaning and "sip:bob-mobile@198.51.100.20:5060" in contacts[0].meaning
    assert "2 of 2" in contacts[1].meaning and "q=0.7" in contacts[1].meaning
    assert all(c.reference == "RFC 3261 §8.1.3.4" for c in contacts)


def test_428_says_the_identity_header_is_missing():
    call = only_call("428-use-identity-header.pcapng")
    found = lines(call, "Identity", 428)
    assert len(found) == 1, [line.meaning for line in found]
    assert "no Identity header" in found[0].meaning and found[0].reference == "RFC 8224 §6.2.2"


def test_438_names_the_mismatched_dest():
    call = only_call("438-wrong-dest.pcapng", cert=CERT)
    found = lines(call, "Identity", 438)
    meanings = " ".join(line.meaning for line in found)
    assert "dest" in meanings and "12155550199" in meanings and "sip:+12155550100@example.net" in meanings
    mismatch = [line for line in found if "12155550199" in line.meaning and "To " in line.meaning]
    assert mismatch and mismatch[0].reference == "RFC 8224 §4.1"
    assert not any("orig" in line.meaning and " but " in line.meaning for line in found)  # orig matches From
    [signature] = [line for line in found if "signature" in line.meaning.lower()]
    assert "valid" in signature.meaning and "not" not in signature.meaning
    assert signature.reference == "RFC 7518 §3.4"


def test_438_bad_signature_with_and_without_the_certificate():
    with_cert = only_call("438-bad-signature.pcapng", cert=CERT)
    found = lines(with_cert, "Identity", 438)
    assert not any(" but " in line.meaning for line in found)  # orig and dest both match
    [signature] = [line for line in found if "signature" in line.meaning.lower()]
    assert "does not verify" in signature.meaning and signature.reference == "RFC 7518 §3.4"
    offline = only_call("438-bad-signature.pcapng")
    [signature] = [line for line in lines(offline, "Identity", 438) if "signature" in line.meaning.lower()]
    assert "offline" in signature.meaning and "https://cert.example.net/sipcodes-test.pem" in signature.meaning


def test_608_call_info_jwscard():
    call = only_call("608-rejected.pcapng")
    [info] = lines(call, "Call-Info", 608)
    assert info.value == "<https://jwscard.example.net/blocked/7f3a9c>;purpose=jwscard"
    assert info.reference == "RFC 8688 §3.1"
    assert "jwscard" in info.meaning and "https://jwscard.example.net/blocked/7f3a9c" in info.meaning


@pytest.mark.parametrize("name", ["603-decline.pcapng", "607-unwanted.pcapng", "480-temporarily-unavailable.pcapng",
                                  "cancelled.pcapng"])
def test_no_header_evidence_where_the_response_carries_none(name):
    call = only_call(name)
    assert call.findings and all(finding.evidence == [] for finding in call.findings)


@pytest.mark.parametrize("name", sorted(o[0] for o in OUTCOMES))
def test_no_evidence_line_twice(name):
    for finding in only_call(name, cert=CERT).findings:
        assert len(set(finding.evidence)) == len(finding.evidence), [e.meaning for e in finding.evidence]


def _no_facts(text: str) -> str:
    return re.sub(r"(sips?|https?):\S+", "", text)


# -- evidence in every language ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", ["486-busy-here.pcapng", "401-stale-nonce.pcapng", "302-moved-temporarily.pcapng",
                                  "438-wrong-dest.pcapng", "608-rejected.pcapng", "423-interval-too-brief.pcapng"])
def test_evidence_same_facts_in_every_language(name, lang):
    english = only_call(name, cert=CERT)
    other = only_call(name, lang, cert=CERT)
    ours = [(line.header, line.value, line.reference) for f in other.findings for line in f.evidence]
    assert ours == [(line.header, line.value, line.reference) for f in english.findings for line in f.evidence]
    assert ours, f"{name}: no evidence"
    for theirs, en in zip((line for f in other.findings for line in f.evidence),
                          (line for f in english.findings for line in f.evidence)):
        assert theirs.meaning
        if lang != "en":  # most of the English words are gone (numbers and addresses aside)
            words = set(re.findall(r"\b[a-z]{5,}\b", _no_facts(en.meaning))) - {"stale", "jwscard", "shaken"}
            kept = {word for word in words if re.search(rf"\b{word}\b", theirs.meaning)}
            assert len(kept) <= len(words) // 2, f"{name}: not translated into {lang}: {theirs.meaning}"
        # numbers, addresses and quoted values survive translation
        for fact in re.findall(r"sip:\S+?@[\w.]+:\d+|https://\S+?(?=[\s,.;)]|$)|\b\d{5,}\b", en.meaning):
            assert fact in theirs.meaning, f"{name} [{lang}]: {fact} missing from {theirs.meaning}"
