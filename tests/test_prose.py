"""A linter for the English prose, in the manner of tldr-pages' page linter."""

import re

import pytest

import sipcodes
from sipcodes.catalog import _vocab

ENTRIES = sipcodes.all()


def texts(entry):
    yield "summary", entry.summary
    yield "description", entry.description
    yield "when_you_see_it", entry.when_you_see_it
    for i, cause in enumerate(entry.causes):
        yield f"causes[{i}]", cause
    for i, step in enumerate(entry.how_to_fix):
        yield f"how_to_fix[{i}]", step


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: str(e.code))
def test_no_doubled_words(entry):
    for field, text in texts(entry):
        match = re.search(r"\b([A-Za-z]+)\s+\1\b", text, re.IGNORECASE)
        assert not match, f"{entry.code} {field}: doubled word {match.group(0)!r}"


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: str(e.code))
def test_lengths(entry):
    assert len(entry.summary.split()) <= 25, "summary: one short sentence"
    assert 2 <= len(re.findall(r"[.!?](?:\s|$)", entry.description)) <= 5, "description: 2-4 sentences"
    assert 3 <= len(entry.causes) <= 6
    assert 2 <= len(entry.how_to_fix) <= 7


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: str(e.code))
def test_codes_are_named_with_their_registered_phrase(entry):
    reasons = {e.code: e.reason for e in ENTRIES}
    for field, text in texts(entry):
        # a capitalised word after a code starts its phrase; an all-caps one is a normative keyword ("422 MUST")
        for match in re.finditer(r'(?<![\w.§"-])([1-6]\d\d) ([A-Z][a-z][\w/-]*(?: [A-Z][\w/-]*)*)', text):
            code = int(match.group(1))
            if code in reasons:
                assert match.group(2).startswith(reasons[code]), (
                    f"{entry.code} {field}: {match.group(0)!r} should read '{code} {reasons[code]}'")


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: str(e.code))
def test_header_names_in_canonical_case(entry):
    hyphenated = [h for h in _vocab.HEADERS if "-" in h]
    for field, text in texts(entry):
        for header in hyphenated:
            for match in re.finditer(re.escape(header), text, re.IGNORECASE):
                assert match.group(0) == header, f"{entry.code} {field}: write {header}, not {match.group(0)}"


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: str(e.code))
def test_no_filler(entry):
    banned = ("in the world of", "it is important to note", "simply put", "seamless", "robust solution",
              "may possibly", "might possibly", "used to convey information")
    for field, text in texts(entry):
        for phrase in banned:
            assert phrase not in text.lower(), f"{entry.code} {field}: {phrase!r}"
