"""Comparisons: every pair in every format is complete, clean, and says something specific."""

import itertools
import json
import re

import pytest

import sipcodes
from sipcodes.cli import main
from sipcodes.comparison import SameCode, compare, pair_notes
from sipcodes.render.html import render_comparison_html
from sipcodes.render.layout import comparison_layout
from sipcodes.render.markdown import render_blocks as to_markdown
from sipcodes.render.text import render_blocks as to_text

CODES = sipcodes.codes()
PAIRS = list(itertools.combinations(CODES, 2))
REQUIRED_NOTES = [
    (180, 183), (401, 407), (401, 403), (403, 603), (404, 604), (404, 410), (480, 486), (486, 600), (486, 603),
    (488, 606), (415, 488), (408, 504), (408, 480), (500, 503), (502, 504), (301, 302), (302, 305), (481, 487),
    (491, 500), (422, 423), (428, 438), (436, 437), (437, 438), (603, 607), (607, 608),
]
DOUBLED = re.compile(r"\b([A-Za-z]+)\s+\1\b", re.IGNORECASE)
PLACEHOLDER = re.compile(r"\{[a-z_.]*\}|\bNone\b|\bnull\b|\[\]|\(\)|\s[,;.]|,,|\.\.(?!\.)")


def words(text):
    return re.findall(r"[a-z0-9]+", text.lower())


def shingles(text, n=8):
    w = words(text)
    return {tuple(w[i:i + n]) for i in range(len(w) - n + 1)}


@pytest.fixture(scope="module")
def all_comparisons():
    return [compare(a, b) for a, b in PAIRS]


def test_every_pair_every_format(all_comparisons):
    for c in all_comparisons:
        data = c.to_dict()
        for key in ("slug", "title", "summary", "when_to_use"):
            assert data[key].strip(), (c.slug, key)
        assert data["key_differences"], c.slug
        assert data["differences"], c.slug
        for side in ("a", "b"):
            for key in ("summary", "description", "when_you_see_it"):
                assert data[side][key].strip()
            assert data[side]["how_to_fix"]
        outputs = {
            "json": json.dumps(data, ensure_ascii=False),
            "text": to_text(comparison_layout(c)),
            "markdown": to_markdown(comparison_layout(c)),
            "html": render_comparison_html(c),
        }
        for fmt, out in outputs.items():
            assert c.a.reason in out and c.b.reason in out, (c.slug, fmt)
        generated = [data["summary"], data["when_to_use"], *data["key_differences"]]
        for text in generated:
            match = DOUBLED.search(text)
            assert not match, f"{c.slug}: doubled word {match.group(0)!r} in {text!r}"
            match = PLACEHOLDER.search(text)
            assert not match, f"{c.slug}: placeholder or dangling punctuation {match.group(0)!r} in {text!r}"
        html = outputs["html"]
        assert "{{" not in html and "{%" not in html


def test_key_differences_do_not_restate_descriptions(all_comparisons):
    for c in all_comparisons:
        prose = set()
        for e in (c.a, c.b):
            for text in (e.summary, e.description, e.when_you_see_it, *e.causes, *e.how_to_fix):
                prose |= shingles(text)
        for sentence in c.key_differences:
            shared = shingles(sentence) & prose
            assert not shared, f"{c.slug}: {sentence!r} repeats the prose ({' '.join(next(iter(shared)))})"


def test_key_differences_are_specific_to_the_pair(all_comparisons):
    """A key difference names at least one of the two codes, so it cannot be a generic remark."""
    for c in all_comparisons:
        for sentence in c.key_differences:
            assert str(c.a.code) in sentence or str(c.b.code) in sentence, (c.slug, sentence)


def test_order_does_not_matter():
    assert compare(438, 183).to_dict() == compare(183, 438).to_dict()
    c = compare(438, 183)
    assert (c.a.code, c.b.code) == (183, 438)
    assert c.slug == "183-session-progress-vs-438-invalid-identity-header"
    assert c.title == "SIP 183 Session Progress vs 438 Invalid Identity Header"


def test_same_code_and_unknown_code():
    with pytest.raises(SameCode, match="itself"):
        compare(486, "486")
    with pytest.raises(sipcodes.UnknownCode):
        compare(486, 999)


def test_required_notes_exist_and_are_used():
    notes = pair_notes()
    for pair in REQUIRED_NOTES:
        assert pair in notes, pair
        c = compare(*pair)
        assert c.note == notes[pair].note and c.summary == notes[pair].summary


def test_401_vs_407_says_which_header_and_who():
    c = compare(407, 401)
    text = " ".join([c.summary, c.note, *c.key_differences])
    for needle in ("WWW-Authenticate", "Proxy-Authenticate", "Proxy-Authorization", "Authorization"):
        assert needle in text


def test_183_vs_438_is_about_progress_versus_rejection():
    c = compare(183, 438)
    keys = " ".join(c.key_differences)
    assert "183 Session Progress is provisional" in keys
    assert "438 Invalid Identity Header is final" in keys
    assert "RFC 8224" in keys
    assert "STIR verification service" in c.when_to_use


def test_differences_table_only_lists_differences(all_comparisons):
    for c in all_comparisons[:500]:
        for d in c.differences:
            assert d.a != d.b


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "html"])
def test_cli_compare(capsys, fmt):
    with pytest.raises(SystemExit) as info:
        main(["compare", "600", "486", "--format", fmt])
    out, err = capsys.readouterr()
    assert info.value.code == 0 and err == ""
    assert "486 Busy Here" in out and "600 Busy Everywhere" in out
    if fmt == "json":
        assert json.loads(out)["slug"] == "486-busy-here-vs-600-busy-everywhere"
    if fmt == "html":
        assert out.startswith("<!doctype html>") and "<style>" in out


@pytest.mark.parametrize("argv,fragment", [
    (["compare", "486", "486"], "itself"),
    (["compare", "486", "999"], "100 to 699"),
    (["compare", "486"], "arguments are required: B"),
    (["compare", "486", "600", "-f", "pdf"], "invalid choice: 'pdf'"),
])
def test_cli_compare_errors(capsys, argv, fragment):
    with pytest.raises(SystemExit) as info:
        main(argv)
    _, err = capsys.readouterr()
    assert info.value.code == 2 and err.count("\n") == 1 and fragment in err


def test_html_escapes_content():
    html = render_comparison_html(compare(481, 487))
    assert "Call/Transaction Does Not Exist" in html
    assert "<script" not in html


SENTENCE_BREAK = re.compile(r"(?<=\.)\s+(?=[A-ZÄÖÜÉ])")


@pytest.mark.parametrize("lang", sipcodes.languages())
def test_next_steps_are_whole_sentences_in_every_language(lang):
    """Each next step is its own whole sentence, however the steps combine (stop with try-elsewhere, …)."""
    from sipcodes.comparison import _Writer

    writer = _Writer(lang)
    notes = pair_notes()
    combined_with_stop = 0
    for entry in sipcodes.all(lang):
        text = writer.next(entry)
        sentences = SENTENCE_BREAK.split(text)
        assert len(sentences) == len(entry.next_steps), (entry.code, text)
        for sentence in sentences:
            assert sentence[0].isupper() and sentence.endswith(".") and "{" not in sentence, (entry.code, sentence)
        assert entry.title in sentences[0], (entry.code, text)
        if "stop" in entry.next_steps and len(entry.next_steps) > 1:
            combined_with_stop += 1
        partner = next(c for c in CODES if c != entry.code and tuple(sorted((c, entry.code))) not in notes)
        when = compare(entry.code, partner, lang).when_to_use
        assert text in when, (entry.code, lang)
    assert combined_with_stop >= 5


def test_every_combination_the_schema_allows_renders_as_whole_sentences():
    from sipcodes.catalog import _vocab
    from sipcodes.comparison import _Writer

    base = sipcodes.get(404)
    fields = {name: getattr(base, name) for name in type(base).__slots__}
    combos = 0
    for first, second in itertools.permutations(_vocab.NEXT_STEPS, 2):
        steps = {first, second}
        if steps & set(_vocab.STANDALONE_STEPS) or steps == {"stop", "retry-unchanged"}:
            continue  # the loader rejects these (test_schema)
        fields.update(next_steps=(first, second),
                      retry_change="add-credentials" if "retry-modified" in steps else None)
        entry = type(base)(**fields)
        for lang in sipcodes.languages():
            text = _Writer(lang).next(entry)
            assert len(SENTENCE_BREAK.split(text)) == 2 and "{" not in text, (first, second, lang, text)
        combos += 1
    assert combos == 18
    for step in _vocab.STANDALONE_STEPS:  # each stands alone as one whole sentence
        fields.update(next_steps=(step,), retry_change=None)
        for lang in sipcodes.languages():
            text = _Writer(lang).next(type(base)(**fields))
            assert len(SENTENCE_BREAK.split(text)) == 1 and text.endswith(".") and "{" not in text, (step, lang)
            assert base.title in text, (step, lang, text)


def test_stop_beside_another_step_reads_as_one_choice():
    c = compare(404, 603)
    text = " ".join([c.when_to_use, *c.key_differences])
    assert ("After 404 Not Found, the client should not simply send the same request again, which would fail the "
            "same way. Instead, it may try another destination.") in text
    assert ("After 603 Decline, the client should not send the same request again right away. It may try again "
            "later, at the time Retry-After suggests if present.") in text
    assert "give up" not in text  # give up is for "stop" alone, which neither code has
    assert "should give up, since the same request would fail again." in compare(400, 482).when_to_use


@pytest.mark.parametrize("lang", sipcodes.languages())
def test_every_pair_starts_from_meaning_and_has_three_differences(lang):
    """Over all 2,926 pairs: the key differences open with what separates the two meanings, taken from each
    code's `meaning` fact (never from prose), and there are at least three of them, or a curated note supplies
    what the facts cannot tell apart."""
    from sipcodes import i18n
    from sipcodes.catalog import _vocab

    _ = i18n.translator(lang)
    notes = pair_notes()
    short = []
    for a, b in PAIRS:
        c = compare(a, b, lang)
        first = c.key_differences[0]
        for e in (c.a, c.b):
            assert e.title in first and _(_vocab.MEANINGS[e.meaning]) in first, (c.slug, first)
        assert c.differences[0].a == _(_vocab.MEANINGS[c.a.meaning]), c.slug
        assert c.differences[0].b == _(_vocab.MEANINGS[c.b.meaning]), c.slug
        assert len(set(c.key_differences)) == len(c.key_differences), c.slug
        if len(c.key_differences) < 3:
            short.append((a, b))
            note = notes.get((a, b))
            assert note is not None, f"{c.slug}: {len(c.key_differences)} key differences and no curated note"
            assert str(a) in note.note and str(b) in note.note and "§" in note.note, c.slug
    assert len(PAIRS) == 2926 and len(short) < 20
