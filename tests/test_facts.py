"""Real facts from the RFCs, checked code by code across every class."""

import pytest

import sipcodes


def refs(code):
    return {(r.rfc, r.section) for r in sipcodes.get(code).references}


@pytest.mark.parametrize("code,header", [
    (401, "WWW-Authenticate"), (407, "Proxy-Authenticate"), (405, "Allow"), (420, "Unsupported"),
    (421, "Require"), (422, "Min-SE"), (423, "Min-Expires"), (494, "Security-Server"), (503, "Retry-After"),
    (488, "Warning"), (606, "Warning"), (300, "Contact"), (301, "Contact"), (302, "Contact"), (305, "Contact"),
    (489, "Allow-Events"), (417, "Accept-Resource-Priority"), (415, "Accept"),
])
def test_header_that_comes_with_the_code(code, header):
    assert header in sipcodes.get(code).headers


def test_challenges_do_not_mix():
    assert "Proxy-Authenticate" not in sipcodes.get(401).headers
    assert "WWW-Authenticate" not in sipcodes.get(407).headers
    assert "proxy" in sipcodes.get(407).senders
    assert "registrar" in sipcodes.get(401).senders
    assert sipcodes.get(401).retry_change == sipcodes.get(407).retry_change == "add-credentials"


@pytest.mark.parametrize("code", [100, 180, 181, 182, 183, 199])
def test_provisional_is_not_final(code):
    entry = sipcodes.get(code)
    assert not entry.final and entry.ack == "none" and entry.klass == "1xx"


def test_100_is_never_forwarded_and_creates_no_dialog():
    entry = sipcodes.get(100)
    assert entry.forking == ("not-forwarded",) and entry.dialog == ("none",)
    assert [(o.rule, o.rfc, o.section) for o in entry.overrides] == [("provisional-forwarded", 3261, "16.7")]


def test_380_has_no_contact_to_recurse_on():
    """RFC 3261 §21.3.5: 380 describes the alternatives in its body; recursion uses a 3xx's Contact URIs (§6)."""
    entry = sipcodes.get(380)
    assert "Contact" not in entry.headers and "may-recurse" not in entry.forking
    assert {o.rule: (o.rfc, o.section) for o in entry.overrides} == {
        "redirect-contact": (3261, "21.3.5"), "redirect-may-recurse": (3261, "21.3.5"),
        "redirect-try-other-destination": (3261, "21.3.5")}
    assert entry.next_steps == ("follow-alternative",)
    assert (3261, "6") in refs(380)
    for code in (300, 301, 302, 305):
        assert "may-recurse" in sipcodes.get(code).forking
    for code in (300, 301, 302):
        assert not sipcodes.get(code).overrides


def test_305_repeats_the_same_request_through_the_proxy():
    """RFC 3261 §21.3.4: the client repeats this one request via the proxy in Contact (same target, another route),
    and only UASs generate 305, which includes redirect servers (a redirect server is a UAS, §6)."""
    entry = sipcodes.get(305)
    assert entry.next_steps == ("retry-via-proxy",)
    assert [(o.rule, o.rfc, o.section) for o in entry.overrides] == [
        ("redirect-try-other-destination", 3261, "21.3.4")]
    assert {"uas", "redirect-server"} <= set(entry.senders) and "proxy" not in entry.senders
    assert (3261, "6") in refs(305)
    from sipcodes.comparison import compare

    text = compare(300, 305).when_to_use
    assert "After 305 Use Proxy, the client should send this same request again through the proxy named in Contact." \
        in text
    assert "redirect server" not in " ".join(compare(300, 305).key_differences)  # both can come from one


def test_next_steps_of_single_codes():
    """487 ended by CANCEL, BYE or Expires (§21.4.25, §15.1.2, §13.3.1): nothing failed, so nothing to retry; 491
    waits a random time (§14.1), not Retry-After, which §20.33 does not list for it; 408 may be repeated unchanged
    at any later time (§21.4.9)."""
    from sipcodes.comparison import _Writer

    write = _Writer("en").next
    assert sipcodes.get(487).next_steps == ("request-ended",)
    assert "nothing to retry" in write(sipcodes.get(487)) and "give up" not in write(sipcodes.get(487))
    assert sipcodes.get(491).next_steps == ("retry-after-random-wait",)
    assert "Retry-After" not in write(sipcodes.get(491)) and "2.1 to 4 seconds" in write(sipcodes.get(491))
    assert (3261, "14.1") in refs(491)
    assert write(sipcodes.get(408)) == ("After 408 Request Timeout, the client may repeat the request without "
                                        "changing it, at any later time.")
    assert write(sipcodes.get(603)) == ("After 603 Decline, the client should not send the same request again right "
                                        "away. It may try again later, at the time Retry-After suggests if present.")


def test_size_codes_each_say_what_to_shrink():
    """413: omit or shrink the body (§8.1.3.5); 414: shorten the Request-URI (§21.4.12); 513: a smaller message
    (§21.5.7); 505: SIP/2.0 (§7.1)."""
    changes = {code: sipcodes.get(code).retry_change for code in (413, 414, 513, 505)}
    assert changes == {413: "shrink-body", 414: "shorten-request-uri", 513: "shrink-message", 505: "use-sip-2-0"}


def test_early_dialogs():
    for code in (180, 183):
        assert "creates-early" in sipcodes.get(code).dialog
    assert sipcodes.get(199).dialog == ("reports-early-terminated",)
    assert (6228, "4") in refs(199) or any(r.rfc == 6228 for r in sipcodes.get(199).references)


@pytest.mark.parametrize("code", [600, 603, 604, 606, 607, 608])
def test_global_failures_end_the_search(code):
    entry = sipcodes.get(code)
    assert entry.final and entry.klass == "6xx" and entry.class_name == "Global Failure"
    assert entry.forking == ("cancels-all-branches",)
    assert sipcodes.SIPStatus(code).is_global_failure


def test_487_answers_a_cancelled_invite():
    entry = sipcodes.get(487)
    assert entry.answers == ("INVITE",)
    assert (3261, "9.2") in refs(487)


def test_ack_rules():
    assert sipcodes.get(200).ack == "end-to-end"
    assert sipcodes.get(486).ack == "hop-by-hop"
    assert sipcodes.get(603).ack == "hop-by-hop"


def test_438_is_rfc_8224():
    entry = sipcodes.get(438)
    rfcs = {r.rfc for r in entry.references}
    assert 8224 in rfcs
    text = " ".join([entry.summary, entry.description, entry.when_you_see_it, *entry.causes, *entry.how_to_fix])
    assert "PASSporT" in text
    # RFC 4474's Identity-Info header no longer exists; mentioning it is allowed only to say so
    if "Identity-Info" in text:
        assert "4474" in text


def test_identity_family_phrases():
    assert sipcodes.get(436).reason == "Bad Identity Info"
    assert sipcodes.get(437).reason == "Unsupported Credential"
    assert sipcodes.get(428).reason == "Use Identity Header"
    for code in (428, 436, 437, 438):
        assert "stir-verifier" in sipcodes.get(code).senders


def test_session_timer_and_registration_intervals():
    assert any(r.rfc == 4028 for r in sipcodes.get(422).references)
    assert sipcodes.get(422).retry_change == "raise-session-interval"
    assert sipcodes.get(423).retry_change == "raise-expires"
    assert "REGISTER" in sipcodes.get(423).answers


def test_isup_mappings():
    assert sipcodes.get(486).q850.to_isup == 17 and 17 in sipcodes.get(486).q850.from_isup
    assert 1 in sipcodes.get(404).q850.from_isup and sipcodes.get(404).q850.to_isup == 1
    assert sipcodes.get(480).q850.to_isup == 18
    assert 18 in sipcodes.get(408).q850.from_isup
    assert sipcodes.get(600).q850.to_isup == 17
    assert sipcodes.get(603).q850.to_isup == 21


def test_dialog_ending_failures():
    for code in (408, 481):
        assert (3261, "12.2.1.2") in refs(code)


def test_503_is_not_passed_on_by_proxies():
    assert "Retry-After" in sipcodes.get(503).headers
    assert (3261, "16.7") in refs(503)


def _english_texts():
    from sipcodes.catalog import _glossary
    from sipcodes.comparison import pair_notes

    for e in sipcodes.all():
        yield e.code, (e.summary, e.description, e.when_you_see_it, *e.causes, *e.how_to_fix,
                       *(r.note for r in e.references))
    for pair, n in pair_notes().items():
        yield pair, (n.summary, n.note, n.when_to_use or "", *(r.note for r in n.references))
    for t in _glossary.terms().values():
        yield t.term, (t.definition, *(r.note for r in t.references))


def test_a_proxy_replaces_503_with_500_only_when_503_is_its_only_response():
    """RFC 3261 §16.7 step 6: 500 replaces 503 only when 503 is the sole response; otherwise the best other
    response goes upstream (the RFC's own example forwards a 407 received beside a 503)."""
    import re

    from sipcodes.catalog import _vocab
    from sipcodes.comparison import compare

    replaces = re.compile(r"\bsends? 500\b|\bsent 500\b|\bin place of\b|(?<!treated )(?<!handled )\bas (a )?500\b"
                          r"|\bconvert", re.I)
    checked = 0
    for where, texts in _english_texts():
        for text in texts:
            for sentence in re.split(r"(?<=[.;])\s+", text):
                if "503" in sentence and "500" in sentence and "prox" in sentence.lower() \
                        and replaces.search(sentence):
                    checked += 1
                    assert re.search(r"\bonly\b", sentence), (where, sentence)
    assert checked >= 5
    label = _vocab.FORKING_EFFECTS["converted-to-500"]
    assert "only response" in label and "best other response" in label
    note = next(r.note for r in sipcodes.get(503).references if (r.rfc, r.section) == (3261, "16.7"))
    assert "only response" in note and "best of the other responses" in note
    sentence = next(k for k in compare(500, 503).key_differences if "relay" in k)
    assert "only response" in sentence and "best of their responses" in sentence


def test_retry_later_codes_mention_retry_after():
    for code in (486, 503):
        assert "retry-later" in sipcodes.get(code).next_steps


def test_every_code_references_a_section_of_its_registering_rfc(entries):
    for e in entries:
        assert any(r.rfc == e.registered_by for r in e.references), e.code


def test_408_keeps_one_link_to_expires():
    """RFC 3261 dropped RFC 2543's definition of 408 by the request's Expires (§21.4.9) and has a UAS answer its own
    expired INVITE with 487 (§13.3.1), but §21.5.5 still asks for 408 rather than 504 when no response came within
    the Expires period."""
    import re

    from sipcodes.comparison import pair_notes

    for code in (408, 504):
        assert (3261, "21.5.5") in refs(code)
    for pair in ((408, 504), (408, 487)):
        assert (3261, "21.5.5") in {(r.rfc, r.section) for r in pair_notes()[pair].references}
    seen = 0
    for where, texts in _english_texts():
        for text in texts:
            assert not re.search(r"that was RFC 2543", text), where
            for sentence in re.split(r"(?<=[.;])\s+", text):
                if "408" in sentence and "Expires" in sentence and "487" in sentence:
                    seen += 1
                    # 487 for an expired INVITE is the UAS's answer, not every element's
                    assert "UAS" in sentence, (where, sentence)
    assert seen >= 2
    assert "408 rather than 504" in sipcodes.get(408).when_you_see_it
    assert "21.5.5" in pair_notes()[(408, 487)].note and "21.5.5" in pair_notes()[(408, 504)].note
    note = next(r.note for r in sipcodes.get(408).references if (r.rfc, r.section) == (3261, "13.3.1"))
    assert note.startswith("a UAS") and "not 408" not in note


def test_100_to_non_invite_cites_rfc_4320():
    """RFC 4320 §4.1 updates RFC 3261 for 100 to a non-INVITE request (reliable transport: any time; UDP: only once
    Timer E has had time to reach T2); every text that speaks of both names it, and cites the section."""
    import re

    from sipcodes.catalog import _glossary
    from sipcodes.comparison import pair_notes

    def items():
        for e in sipcodes.all():
            yield e.code, e.references, (e.summary, e.description, e.when_you_see_it, *e.causes, *e.how_to_fix)
        for pair, n in pair_notes().items():
            yield pair, n.references, (n.summary, n.note, n.when_to_use or "")
        for t in _glossary.terms().values():
            yield t.term, t.references, (t.definition,)

    seen = 0
    for where, references, texts in items():
        cited = {(r.rfc, r.section) for r in references}
        notes = [f"RFC {r.rfc} §{r.section}: {r.note}" for r in references]
        for text in (*texts, *notes):
            for sentence in re.split(r"(?<=[.;])\s+", text):
                if "non-INVITE" in sentence and re.search(r"\b100\b", sentence):
                    seen += 1
                    assert (4320, "4.1") in cited, (where, sentence)
                    assert "4320" in text, (where, sentence)
    assert seen >= 4
    note = next(r.note for r in sipcodes.get(100).references if r.rfc == 4320)
    assert "reliable transport at any time" in note and "Timer E" in note and "T2" in note
    assert "RFC 4320 §4.1" in sipcodes.get(100).description
