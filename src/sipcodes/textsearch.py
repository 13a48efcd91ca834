"""Full-text search over the catalog: which codes' phrase or prose mention every given word.

A word matches where some word of the text starts with it ("identi" matches "Identity"), case-insensitively. Each
language's text is indexed once: every place a word starts, as the text that follows it, sorted, so that finding
a query word is a binary search plus one step per place it occurs. The cost of a query is bounded by its number of
distinct words, whatever they are.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from . import catalog


@dataclass(frozen=True)
class Hit:
    entry: catalog.Entry
    score: int


# Weights: a word in the reason phrase says more than one in a list of causes.
_FIELD_WEIGHTS = (("reason", 8), ("summary", 4), ("description", 2), ("when_you_see_it", 1), ("causes", 1),
                  ("how_to_fix", 1), ("headers", 3))
# Each indexed place keeps this much of the text that follows it; a longer query word is checked in full.
_KEY_LENGTH = 24
_WORD_START = re.compile(r"(?<!\w)\w")
_QUERY_SPLIT = re.compile(r"[^\w\-/]+")


def query_words(query: str) -> list[str]:
    """The distinct words of `query`, lower-cased, in the order given (hyphens and slashes stay inside a word)."""
    words = []
    for word in _QUERY_SPLIT.split(query.lower()):
        word = word.strip("-/")
        if word and word not in words:
            words.append(word)
    return words


@dataclass(frozen=True)
class OtherHit:
    """A Q.850 cause (`kind` "cause") or a Warning code ("warning") that matches a query."""

    kind: str
    item: object
    number: int
    score: int


_CAUSE_WEIGHTS = (("name", 8), ("aliases", 8), ("summary", 4), ("description", 2))
_WARNING_WEIGHTS = (("text", 8), ("summary", 4), ("description", 2), ("how_to_fix", 1))


class _Index:
    """Every word start of one language's catalog text, sorted by the text that follows it."""

    def __init__(self, lang: str, items=None, weights=_FIELD_WEIGHTS):
        self.entries = catalog.all_entries(lang) if items is None else items
        self.texts: list[str] = []
        places = []
        for number, entry in enumerate(self.entries):
            for name, weight in weights:
                value = getattr(entry, name)
                text = (" ".join(value) if isinstance(value, tuple) else value).lower()
                text_id = len(self.texts)
                self.texts.append(text)
                for match in _WORD_START.finditer(text):
                    start = match.start()
                    places.append((text[start:start + _KEY_LENGTH], number, weight, text_id, start))
        places.sort()
        self.keys = [p[0] for p in places]
        self.places = [p[1:] for p in places]

    def scores(self, word: str) -> dict[int, int]:
        """Entry number → weighted count of the places where a word of its text starts with `word`."""
        key = word[:_KEY_LENGTH]
        low, high = bisect_left(self.keys, key), bisect_right(self.keys, key + "\U0010ffff")
        out: dict[int, int] = {}
        for number, weight, text_id, start in self.places[low:high]:
            if len(word) > _KEY_LENGTH and not self.texts[text_id].startswith(word, start):
                continue
            out[number] = out.get(number, 0) + weight
        return out


@lru_cache(maxsize=None)  # one per catalog language
def _index(lang: str) -> _Index:
    return _Index(lang)


@lru_cache(maxsize=1024)  # keys are single words of bounded length; values at most one int per code
def _word_scores(lang: str, word: str) -> dict[int, int]:
    return _index(lang).scores(word)


def search(query: str, lang: str = catalog.SOURCE_LANG, limit: int | None = None,
           max_words: int | None = None) -> list[Hit]:
    """Entries matching every word of `query` (prefix match, case-insensitive), best first.

    `query` is one string of words ("busy here"). A number matches the codes it begins ("48" finds 480–489).
    `max_words` keeps only the first distinct words (the website bounds the cost of a query this way)."""
    if not isinstance(query, str):
        raise TypeError(f"search() takes the words as one string, such as 'busy here', not a "
                        f"{type(query).__name__}")
    lang = catalog.check_language(lang)
    words = query_words(query)[:max_words]
    if not words:
        return []
    index = _index(lang)
    totals: dict[int, int] | None = None
    for word in words:
        scores = _word_scores(lang, word[:200])
        if word.isdigit():  # a code it begins scores as a code, not as text that mentions it
            scores = {**scores, **{n: 20 for n, e in enumerate(index.entries) if str(e.code).startswith(word)}}
        totals = dict(scores) if totals is None else {n: s + scores[n] for n, s in totals.items() if n in scores}
        if not totals:
            return []
    hits = [Hit(index.entries[n], score) for n, score in totals.items()]
    hits.sort(key=lambda h: (-h.score, h.entry.code))
    return hits[:limit] if limit else hits


@lru_cache(maxsize=None)  # one per catalog language and kind
def _other_index(lang: str, kind: str) -> _Index:
    if kind == "cause":
        return _Index(lang, list(catalog.causes(lang).values()), _CAUSE_WEIGHTS)
    return _Index(lang, list(catalog.warnings(lang).values()), _WARNING_WEIGHTS)


def search_other(query: str, lang: str = catalog.SOURCE_LANG, max_words: int | None = None) -> list[OtherHit]:
    """Q.850 causes and Warning codes matching every word of `query` (as `search` matches codes), best first:
    causes, then Warning codes. A number matches the values it begins."""
    lang = catalog.check_language(lang)
    words = query_words(query)[:max_words]
    hits: list[OtherHit] = []
    if not words:
        return hits
    for kind, attr in (("cause", "cause"), ("warning", "warning")):
        index = _other_index(lang, kind)
        totals: dict[int, int] | None = None
        for word in words:
            scores = index.scores(word[:200])
            if word.isdigit():
                scores = {**scores, **{n: 20 for n, item in enumerate(index.entries)
                                       if str(getattr(item, attr)).startswith(word)}}
            totals = dict(scores) if totals is None else {n: v + scores[n] for n, v in totals.items() if n in scores}
            if not totals:
                break
        found = [OtherHit(kind, index.entries[n], getattr(index.entries[n], attr), score)
                 for n, score in (totals or {}).items()]
        found.sort(key=lambda h: (-h.score, h.number))
        hits += found
    return hits
