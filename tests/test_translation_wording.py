"""Wording of the translations: one term per concept, no calques or ungrammatical constructions found in review,
computed sentences that read correctly in each language, and glossary links only where the term is meant."""

import itertools
import re

import pytest

import sipcodes
from sipcodes import comparison, i18n
from sipcodes.web import routes

from test_translation_style import SHIPPED, TEXTS

# "von dem" before a noun contracts to "vom"; as a relative pronoun ("das Element, von dem das 500 stammt") not
VON_DEM = r"(?<!, )\bvon dem (?!(?:der|die|das|den|dem|es|er|sie|ein|eine|einem|einen|man)\b)"

# Wording reviewers rejected, with what to write instead.
REJECTED = {
    "es": {
        r"\bal que se llegó\b|\ba la que se llegó\b": "a calque of 'that was reached': 'que recibió la llamada'",
        r"\bfirmas? rotas?\b": "'firma no válida', not a broken object",
        r"\bquedó obsolet[ao] por\b": "'la RFC X dejó obsoleta la RFC Y'",
    },
    "de": {
        r"\bverbindlich\w*": "'verbindlich' is 'binding'; definitive/authoritative information is 'gesichert'/"
                              "'maßgeblich'",
        VON_DEM: "'vom'",
    },
    "fr": {
        r"\bduplique l'appel\b|\bappels? dupliqués?\b": "forking is 'un proxy qui duplique la requête' throughout",
        r"\bun PBX ou une passerelle configuré\b": "agreement: 'configurés'",
    },
}


@pytest.mark.parametrize("lang", SHIPPED)
def test_rejected_wording(lang):
    failures = []
    for where, _english, text in TEXTS[lang]:
        for pattern, advice in REJECTED[lang].items():
            for match in re.finditer(pattern, text):
                failures.append(f"{where}: {match.group(0)!r}: {advice}")
    assert not failures, "\n".join(failures[:20])


# "si" + conditional is wrong in French and Spanish ("si … recevraient" → "si … recevaient"; "si … debería" →
# "si … debe" or "si se supone que …"). An indirect question ("savoir si …") may take one, so only a clause that
# starts with si, sauf si or même si is checked.
CONDITIONAL = {
    "fr": r"\b\w{2,}(?<!t)(?:rais|rait|raient)\b",
    "es": r"\b(?:debería|deberían|podría|podrían|tendría|tendrían|sería|serían|habría|habrían|haría|harían)\b",
}


def si_conditional(text, lang):
    clause_start = r"(?:^|[.;:!?]\s+|\(|\bsauf |\bmême |\bsalvo |\bincluso )"
    return [m.group(0) for m in re.finditer(rf"{clause_start}[Ss]i\b(?! bien)[^,.;:()]*?{CONDITIONAL[lang]}", text)]


@pytest.mark.parametrize("lang", ("fr", "es"))
def test_no_conditional_after_si(lang):
    failures = []
    for where, _english, text in TEXTS[lang]:
        failures += [f"{where}: {hit!r}" for hit in si_conditional(text, lang)]
    assert not failures, "\n".join(failures[:20])


def test_conditional_check_catches_si_with_conditional():
    assert si_conditional("un proxy ne relaie pas un 503, sauf si toutes les requêtes recevraient 503", "fr")
    assert si_conditional("Si la méthode devrait fonctionner, activer la fonction", "fr")
    assert si_conditional("Si el número debería estar en servicio, hable con el operador", "es")
    assert not si_conditional("un serveur qui ne peut pas savoir si la disparition est définitive devrait", "fr")
    assert not si_conditional("sauf si toutes les requêtes recevaient 503", "fr")


@pytest.mark.parametrize("lang", SHIPPED)
def test_media_is_not_narrowed_to_audio(lang):
    """'media' covers audio and video alike; a translation says audio only where the English does."""
    failures = []
    for where, english, text in TEXTS[lang]:
        if re.search(r"\baudio\b", text, re.IGNORECASE) and not re.search(r"\baudio\b|\bsound\b", english, re.I):
            failures.append(f"{where}: {text[:120]!r}")
    assert not failures, "\n".join(failures[:20])


def test_retry_changes_add_no_parentheses():
    """The change before retrying follows "to retry, it changes it:" in a next-step sentence; a
    bracket its translation adds to the English nests there ("… le justificatif (credential))")."""
    from sipcodes.catalog import _vocab

    labels = set(_vocab.RETRY_CHANGES.values())
    failures = [f"{where}: {text!r}" for lang in SHIPPED for where, english, text in TEXTS[lang]
                if where.startswith(f"{lang}.po") and english in labels and text.count("(") > english.count("(")]
    assert len(labels) > 20
    assert not failures, failures
    c = sipcodes.compare(436, 486, "fr")
    assert not any("))" in s for s in c.key_differences + (c.when_to_use,))


ALL_PAIRS = list(itertools.combinations(sipcodes.codes(), 2))


def _computed_sentences(c):
    yield c.summary
    yield from c.key_differences
    yield c.when_to_use
    for d in c.differences:
        yield d.a
        yield d.b


def test_german_comparisons_contract_von_dem():
    failures = []
    for a, b in ALL_PAIRS:
        for sentence in _computed_sentences(sipcodes.compare(a, b, "de")):
            if re.search(VON_DEM, sentence):
                failures.append(f"{a}-{b}: {sentence[:140]}")
    assert not failures, failures[:10]
    # the sender phrases carry their preposition; every computed sender sentence uses them whole
    c = sipcodes.compare(183, 302, "de")
    assert any("vom angerufenen User Agent" in s for s in c.key_differences)


def test_spanish_sender_list_is_closed_before_the_request_it_answers():
    """Without a comma, "… o una pasarela RTC/PSTN en respuesta a INVITE" makes the gateway the one answering."""
    failures = []
    template = i18n.gettext("es", "{e} is sent by {senders} in answer to {answers}, {moment}.")
    assert "{senders}, en respuesta a" in template
    for a, b in ALL_PAIRS:
        c = sipcodes.compare(a, b, "es")
        if comparison.pair_note(a, b) and comparison.pair_note(a, b).when_to_use:
            continue
        for match in re.finditer(r"(.)\s+en respuesta a\b", c.when_to_use):
            if match.group(1) != ",":
                failures.append(f"{a}-{b}: {c.when_to_use[:160]}")
    assert not failures, failures[:10]


# --- glossary links ----------------------------------------------------------------------------------------

def _used_by(lang, term):
    prefix = "" if lang == "en" else f"/{lang}"
    html = routes.resolve(f"{prefix}/glossary/{term}").html
    listing = html.split('<ul class="related">', 1)[1].split("</ul>", 1)[0] if '<ul class="related">' in html else ""
    return {int(code) for code in re.findall(r'<span class="code">(\d+)</span>', listing)}


@pytest.mark.parametrize("lang", SHIPPED)
def test_isup_cause_term_lists_the_codes_the_english_lists(lang):
    """Only ISUP / Q.850 causes belong to the term: a SIP or STIR cause ("Reason: STIR;cause=437") does not."""
    english = _used_by("en", "isup-cause")
    assert english and 437 not in english
    assert _used_by(lang, "isup-cause") == english


@pytest.mark.parametrize("lang", SHIPPED)
def test_isup_cause_links_name_an_isup_or_q850_cause(lang):
    failures = []
    for entry in sipcodes.all(lang):
        html = routes.resolve(f"/{lang}/sip/{comparison.code_slug(entry)}").html
        for text in re.findall(r'<a class="term" href="[^"]*/glossary/isup-cause">([^<]*)</a>', html):
            if not re.search(r"ISUP|Q\.850|ISDN|RDSI|RNIS", text):
                failures.append(f"{entry.code}: {text!r}")
    assert not failures, failures[:10]
