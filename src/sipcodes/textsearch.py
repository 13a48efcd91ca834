"""Full-text search over the catalog: which codes' phrase or prose mention every given word."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import catalog


@dataclass(frozen=True)
class Hit:
    entry: catalog.Entry
    score: int


# Weights: a word in the reason phrase says more than one in a list of causes.
_FIELD_WEIGHTS = (("reason", 8), ("summary", 4), ("description", 2), ("when_you_see_it", 1), ("causes", 1),
                  ("how_to_fix", 1))


def _fields(entry: catalog.Entry) -> list[tuple[str, int]]:
    out = []
    for name, weight in _FIELD_WEIGHTS:
        value = getattr(entry, name)
        out.append((" ".join(value) if isinstance(value, tuple) else value, weight))
    out.append((" ".join(entry.headers), 3))
    return out


def search(query: str, lang: str = catalog.SOURCE_LANG, limit: int | None = None) -> list[Hit]:
    """Entries matching every word of `query` (prefix match, case-insensitive), best first.

    `query` is one string of words ("busy here"); a word of digits also matches the codes that start with it.
    """
    if not isinstance(query, str):
        raise TypeError(f"search() takes the words as one string, such as 'busy here', not a "
                        f"{type(query).__name__}")
    words = [w for w in re.split(r"[^\w\-/]+", query.lower()) if w]
    if not words:
        return []
    patterns = [re.compile(r"(?<![\w])" + re.escape(w), re.IGNORECASE) for w in words]
    hits = []
    for entry in catalog.all_entries(lang):
        fields = _fields(entry)
        score = 0
        for word, pattern in zip(words, patterns):
            if word.isdigit() and str(entry.code).startswith(word):
                score += 20
                continue
            word_score = sum(weight * len(pattern.findall(text)) for text, weight in fields)
            if not word_score:
                break
            score += word_score
        else:
            hits.append(Hit(entry, score))
    hits.sort(key=lambda h: (-h.score, h.entry.code))
    return hits[:limit] if limit else hits
