"""Translations checked against their English: the strength of every normative word (a SHOULD never becomes a
MUST), each language's punctuation spacing, and rendered lines that never start with a punctuation mark."""

import itertools
import os
import re

import pytest

import sipcodes
from sipcodes import comparison, i18n
from sipcodes.catalog import _glossary
from sipcodes.catalog._translations import ENTRY_FIELDS, entry_source, read_translation, translation_file
from sipcodes.render.layout import comparison_layout, entry_layout
from sipcodes.render.text import render_blocks

SHIPPED = ("fr", "es", "de")
NNBSP, NBSP = "\u202f", "\u00a0"


def translated_texts(lang):
    """(where, English, translation) for every translated text of `lang`: each prose field and list item of the
    entries, pair notes and glossary definitions, and every interface message."""
    from babel.messages.pofile import read_po

    for entry in sipcodes.all():
        _, text = read_translation(translation_file("codes", lang, str(entry.code)), lang, "code", entry.code,
                                   ENTRY_FIELDS)
        for field, english in entry_source(entry).items():
            if field not in text:
                continue
            if isinstance(english, list):
                for i, (en, tr) in enumerate(zip(english, text[field])):
                    yield f"codes/{lang}/{entry.code} {field}[{i}]", en, tr
            else:
                yield f"codes/{lang}/{entry.code} {field}", english, text[field]
    for (a, b), note in comparison.pair_notes().items():
        _, text = read_translation(translation_file("pairs", lang, f"{a}-{b}"), lang, "pair", f"{a}-{b}",
                                   comparison.PAIR_FIELDS)
        for field, english in comparison.pair_source(note).items():
            if field in text:
                yield f"pairs/{lang}/{a}-{b} {field}", english, text[field]
    for term in _glossary.terms().values():
        _, text = read_translation(translation_file("glossary", lang, term.term), lang, "term", term.term,
                                   _glossary.TERM_FIELDS)
        for field in ("title", "definition"):
            if field in text:
                yield f"glossary/{lang}/{term.term} {field}", getattr(term, field), text[field]
    with open(i18n.po_path(lang), "rb") as fh:
        po = read_po(fh, locale=lang)
    for message in po:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for i, string in enumerate(strings):
            yield f"{lang}.po {ids[0]!r}", ids[min(i, len(ids) - 1)], string


TEXTS = {lang: list(translated_texts(lang)) for lang in SHIPPED}


# --- normative strength ------------------------------------------------------------------------------------
# The agreed words per language are the table in SCHEMA.md. Three levels are checked; the English side counts:
#   MUST:   MUST, MUST NOT, SHALL, REQUIRED, and lower-case "must", "shall" (not "must have", which guesses)
#   SHOULD: SHOULD, SHOULD NOT, RECOMMENDED, NOT RECOMMENDED, "should" (not "should have"), "recommend(s/ed)"
#   MAY:    MAY and OPTIONAL in capitals only. Lower-case "may" is mostly possibility ("the user may still be
#           reachable") and puede/peut/kann carry both senses, so it cannot be checked by counting.
# Rules, per field: the translation has at least as many MUST words as the English (a MUST never weakens),
# at least as many SHOULD words (a SHOULD never disappears or turns into a MUST), at least as many MAY words as
# the English has capital MAYs, and no more MUST words than the English has must-like wording (the keywords
# above plus "mandatory", "required", "has to", "needs to", "is to be", "may not", "need not", "owes"…, which
# the agreed MUST words may also render; so a SHOULD can never become a MUST). A "should" inside an if-clause
# ("if voicemail should still get the call") is a wish, not a rule, and is not counted as a SHOULD.
# An English keyword quoted in parentheses after the local word ("debe (MUST)") restates it and counts once.
def _agreed_words():
    """The table of agreed words in SCHEMA.md (one place for translators and for this test)."""
    path = os.path.join(os.path.dirname(sipcodes.__file__), "data", "SCHEMA.md")
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    header = re.search(r"^\s*\| level \| (.+) \|$", text, re.M)
    langs = [cell.strip() for cell in header.group(1).split("|")]
    table = {lang: {} for lang in langs}
    for level in ("MUST", "SHOULD", "MAY"):
        row = re.search(rf"^\s*\| {level} \| (.+) \|$", text, re.M)
        for lang, cell in zip(langs, row.group(1).split("|")):
            table[lang][level.lower()] = [word.strip() for word in cell.split(",")]
    return table


AGREED = _agreed_words()
# Impersonal "hay que" / "il faut" + infinitive render English infinitives of purpose ("whether to fix", "the
# route to use") and are not counted; a normative statement names who acts, with the verbs above. "se debe a"
# (is due to) is not "debe"; German "muss … nicht" / "nicht … müssen" is "need not" and not a MUST.
EN_LEVELS = {
    "must": r"\b(?:MUST|SHALL|REQUIRED|must(?! (?:not )?have)|shall)\b",
    "should": r"\b(?:SHOULD|RECOMMENDED|should(?! (?:not )?have)|recommend(?:s|ed)?)\b",
    "may": r"\b(?:MAY|OPTIONAL)\b",
}
EN_MUST_LIKE = (r"\b(?:MUST|SHALL|REQUIRED|must|shall|mandatory|required|obligatory|ha(?:s|ve|d) to|needs? to|"
                r"(?:is|are) to be|may not|not allowed|not authori[sz]ed|need not|needs? no|need do|owes?|owed)\b")
QUOTED_KEYWORD = r"\b(?:MUST|SHALL|REQUIRED|SHOULD|RECOMMENDED|MAY|OPTIONAL)\b"


def _word_pattern(words):
    alternatives = []
    for word in words:
        if "…" in word and "/" in word:
            continue  # a rule, applied in code below
        alternatives.append(re.escape(word.rstrip("…")) + (r"\w*" if word.endswith("…") else ""))
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)


PATTERNS = {lang: {level: _word_pattern(words) for level, words in levels.items()}
            for lang, levels in AGREED.items()}


def english_strength(text):
    text = text.replace("NOT RECOMMENDED", "RECOMMENDED")
    counts = {level: len(re.findall(pattern, text)) for level, pattern in EN_LEVELS.items()}
    counts["must_like"] = len(re.findall(EN_MUST_LIKE, text))
    # "If voicemail should still get the call": a should inside a condition states a wish, not a rule; the
    # translation may say "doit"/"debe", or "est censé"/"se supone que" (si + conditional is not French or Spanish)
    putative = len(re.findall(r"\b[Ii]f\b[^,.;:]*?\bshould\b(?! (?:not )?have)", text))
    counts["should"] -= putative
    counts["must_like"] += putative
    return counts


def translated_strength(text, lang):
    text = re.sub(r"\s*\((?:NOT )?(?:MUST|SHALL|SHOULD|MAY|REQUIRED|RECOMMENDED|OPTIONAL)(?: NOT)?\)", "", text)
    text = text.replace("NOT RECOMMENDED", "RECOMMENDED")
    if lang == "es":
        text = re.sub(r"\bse debe a\b|\btienen? que ver\b", " ", text)
    counts = {level: len(pattern.findall(text)) for level, pattern in PATTERNS[lang].items()}
    if lang == "de":
        gap = r"(?:[^\s.,;:()]+\s+){0,6}?"
        banned = len(re.findall(rf"\b(?:darf|dürfen)\s+{gap}(?:nicht|kein\w*)\b|\b(?:nicht|kein\w*)\s+{gap}"
                                rf"(?:darf|dürfen)\b", text))
        counts["must"] += banned
        counts["may"] -= banned
        gap = r"(?:[^\s.,;:()]+\s+){0,4}?"
        counts["must"] -= len(re.findall(rf"\b(?:muss|müssen|musst)\s+{gap}(?:nicht|nichts)\b(?!\s+\w+\s+"
                                         rf"(?:darf|dürfen))|\bnicht\s+(?:[^\s.,;:()]+\s+){{0,2}}?müssen\b", text))
    for level, keyword in (("must", r"\b(?:MUST|SHALL|REQUIRED)\b"), ("should", r"\b(?:SHOULD|RECOMMENDED)\b"),
                           ("may", r"\b(?:MAY|OPTIONAL)\b")):
        counts[level] += len(re.findall(keyword, text))  # a keyword quoted on its own, in capitals
    return counts


def strength_problems(english, translation, lang):
    en, tr = english_strength(english), translated_strength(translation, lang)
    problems = []
    if tr["must"] < en["must"]:
        problems.append(f"{en['must']} MUST-level word(s) in English, {tr['must']} in the translation")
    if tr["should"] < en["should"]:
        problems.append(f"{en['should']} SHOULD-level word(s) in English, {tr['should']} in the translation")
    if tr["may"] < en["may"]:
        problems.append(f"{en['may']} capital MAY/OPTIONAL in English, {tr['may']} in the translation")
    if tr["must"] > en["must_like"]:
        problems.append(f"{tr['must']} MUST-level word(s) in the translation, the English has {en['must_like']}")
    return problems


@pytest.mark.parametrize("lang", SHIPPED)
def test_normative_strength_matches_the_english(lang):
    failures = []
    for where, english, translation in TEXTS[lang]:
        for problem in strength_problems(english, translation, lang):
            failures.append(f"{where}: {problem}")
    assert len(TEXTS[lang]) > 1500
    assert not failures, "\n".join(failures[:20])


@pytest.mark.parametrize("lang,english,translation", [
    # a SHOULD turned into a MUST (the Spanish 3xx role string once read "debe")
    ("es", "is a redirection: the request should be sent again to another address",
     "es una redirección: la petición debe volver a enviarse a otra dirección"),
    ("fr", "the UAS should fall back to baseline SIP", "l'UAS doit se rabattre sur le SIP de base"),
    ("de", "the client should retry", "der Client muss es erneut versuchen"),
    # a MUST weakened, or dropped from a pair of MUSTs
    ("fr", "The response MUST carry Min-Expires", "La réponse devrait porter Min-Expires"),
    ("de", "A UAS MUST answer 405 and MUST add an Allow header field",
     "Ein UAS muss (MUST) mit 405 antworten und ein Allow-Header-Feld hinzufügen"),
    # a MUST NOT rendered as a permission
    ("de", "the callee must not send BYE", "der Angerufene darf BYE senden"),
])
def test_strength_check_catches_changed_force(lang, english, translation):
    assert strength_problems(english, translation, lang)


@pytest.mark.parametrize("lang,english,translation", [
    ("es", "the response SHOULD carry Retry-After", "la respuesta debería (SHOULD) llevar Retry-After"),
    ("de", "a proxy must not forward it", "ein Proxy darf ihn nicht weiterleiten"),
    ("de", "it needs no change", "er muss nicht geändert werden"),
    ("fr", "sending 421 is NOT RECOMMENDED", "envoyer un 421 est déconseillé (NOT RECOMMENDED)"),
])
def test_strength_check_accepts_faithful_wording(lang, english, translation):
    assert not strength_problems(english, translation, lang)


# --- punctuation spacing -----------------------------------------------------------------------------------
# French: U+202F (narrow no-break space) before ; ! ? and U+00A0 (no-break space) before : and inside « ».
# A mark with no space after it is part of a token (12:30, ;tag=, a URL) and is left alone, and so is a token
# written exactly as in the English: header syntax ("Retry-After: 120") and URI schemes ("tel:", "sip:").

URI_SCHEMES = {"sip", "sips", "tel", "mailto", "cid", "http", "https", "urn", "im", "pres"}


def french_spacing_problems(english, text):
    problems = []
    for match in re.finditer(r"(.?)([;!?:])(?=\s|$|[»)\"”,.])", text):
        before, mark = match.groups()
        wanted = NBSP if mark == ":" else NNBSP
        if before == wanted:
            continue
        token = re.search(r"[A-Za-z][\w.+-]*$", text[:match.start(2)])
        if mark == ":" and token and (token.group(0) in URI_SCHEMES
                                      or re.search(rf"(?<![\w-]){re.escape(token.group(0))}:", english)):
            continue  # header syntax or a URI scheme, as in the English
        problems.append(f"{text[max(0, match.start() - 20):match.end() + 10]!r}: {mark} needs U+{ord(wanted):04X}"
                        " before it")
    for match in re.finditer(r"«(.?)", text):
        if match.group(1) != NBSP:
            problems.append(f"{text[match.start():match.start() + 20]!r}: « needs U+00A0 after it")
    for match in re.finditer(r"(.?)»", text):
        if match.group(1) != NBSP:
            problems.append(f"{text[max(0, match.start() - 20):match.end()]!r}: » needs U+00A0 before it")
    return problems


def test_french_no_break_spaces():
    failures = []
    for where, english, text in TEXTS["fr"]:
        failures += [f"{where}: {problem}" for problem in french_spacing_problems(english, text)]
    assert not failures, "\n".join(failures[:20])


def test_french_spacing_check_catches_plain_spaces():
    assert french_spacing_problems("a; b", "a ; b")
    assert french_spacing_problems("a: b", "a : b")
    assert french_spacing_problems("a; b", "a\u00a0; b")  # the wrong no-break space for a semicolon
    assert french_spacing_problems('"busy"', "« occupé »")
    assert not french_spacing_problems("send Retry-After: 120; wait", "envoyer Retry-After: 120\u202f; attendre")
    assert not french_spacing_problems("see https://example.com/a?b, sip:x;lr at 12:30",
                                       "voir https://example.com/a?b, sip:x;lr à 12:30")


@pytest.mark.parametrize("lang", ("es", "de"))
def test_no_space_before_punctuation(lang):
    """Spanish and German put no space before ; : ! ? and none inside quotation marks."""
    failures = []
    for where, _english, text in TEXTS[lang]:
        for match in re.finditer(r"[\s\u00a0\u202f][;:!?](?=\s|$)|[«„‚][\s\u00a0\u202f]|[\s\u00a0\u202f][»“‘]"
                                 r"(?=[\s.,;:)]|$)", text):
            failures.append(f"{where}: {text[max(0, match.start() - 20):match.end() + 10]!r}")
    assert not failures, "\n".join(failures[:20])


# --- rendered lines ----------------------------------------------------------------------------------------

PUNCTUATION_START = re.compile(r"^\s*(?:\d+\.\s+|-\s+)?[;:!?.,»)\u202f\u00a0]")


def _bad_lines(rendered):
    return [line for line in rendered.splitlines() if PUNCTUATION_START.match(line)]


@pytest.mark.parametrize("lang", ("en",) + SHIPPED)
def test_no_rendered_line_starts_with_punctuation(lang):
    """Plain and coloured terminal text at several widths, for every entry and a spread of comparisons."""
    failures = []
    entries = sipcodes.all(lang)
    pairs = list(comparison.pair_notes()) + list(itertools.combinations([e.code for e in entries], 2))[::37]
    layouts = [entry_layout(e) for e in entries]
    layouts += [comparison_layout(sipcodes.compare(a, b, lang)) for a, b in pairs]
    for blocks in layouts:
        for width in (60, 80, 100):
            failures += _bad_lines(render_blocks(blocks, width=width))
        failures += _bad_lines(re.sub(r"\x1b\[[0-9;]*m", "", render_blocks(blocks, color=True, width=72)))
    assert not failures, failures[:10]


def test_fact_cells_join_items_with_the_language_separator():
    """Fact and comparison cells join items with the translated separator: French with a narrow no-break
    space before the semicolon, so a wrapped line never starts with it."""
    from sipcodes.render.layout import fact_rows

    fr = dict(fact_rows(sipcodes.get(421, "fr")))
    sent_by = fr[i18n.gettext("fr", "Sent by")]
    assert f"{NNBSP}; " in sent_by and " ; " not in sent_by
    es = dict(fact_rows(sipcodes.get(421, "es")))
    assert "; " in es[i18n.gettext("es", "Sent by")] and f"{NNBSP};" not in es[i18n.gettext("es", "Sent by")]
    cells = [cell for d in sipcodes.compare(421, 486, "fr").differences for cell in (d.a, d.b) if ";" in cell]
    assert cells and all(f"{NNBSP}; " in cell for cell in cells)
