"""Glossary terms the prose relies on: one TOML file per term under data/glossary/, validated on load."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from ..errors import CatalogError, SipcodesError
from ._entry import Reference
from ._load import DATA_DIR, _Checker, _parse_file, squash

GLOSSARY_DIR = os.path.join(DATA_DIR, "glossary")
_TERM_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class UnknownTerm(SipcodesError, LookupError):
    """The glossary has no such term."""


@dataclass(frozen=True)
class Term:
    term: str
    title: str
    aliases: tuple[str, ...]
    related: tuple[str, ...]
    references: tuple[Reference, ...]
    definition: str
    lang: str = "en"
    untranslated: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {"term": self.term, "title": self.title, "aliases": list(self.aliases),
                "related": list(self.related), "references": [r.to_dict() for r in self.references],
                "definition": self.definition, "lang": self.lang}


def _load_term(path: str, known: set[str]) -> Term:
    name = "data/glossary/" + os.path.basename(path)

    def fail(field: str, problem: str) -> CatalogError:
        return CatalogError(f"{name}: field '{field}': {problem}")

    data = _parse_file(path)
    allowed = ("term", "title", "aliases", "related", "references", "en")
    for key in data:
        if key not in allowed:
            raise fail(key, "unknown field; valid: " + ", ".join(allowed))
    term = data.get("term")
    if not isinstance(term, str) or not _TERM_ID.match(term):
        raise fail("term", "missing or not a lower-case id with hyphens")
    if os.path.basename(path) != f"{term}.toml":
        raise fail("term", f"must match the file name ({term}.toml)")
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        raise fail("title", "missing")
    aliases = data.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise fail("aliases", "expected a list of strings")
    related = data.get("related", [])
    if not isinstance(related, list):
        raise fail("related", "expected a list of term ids")
    for i, other in enumerate(related):
        if other not in known:
            raise fail(f"related[{i}]", f"{other!r} is not a glossary term")
    references = _Checker(path, data).references(data)
    prose = data.get("en")
    if not isinstance(prose, dict) or not isinstance(prose.get("definition"), str) or not prose["definition"].strip():
        raise fail("en.definition", "missing")
    if set(prose) - {"definition"}:
        raise fail("en", "only 'definition' is allowed")
    return Term(term, title.strip(), tuple(aliases), tuple(related), tuple(references),
                squash(prose["definition"]))


_terms: dict[str, dict[str, Term]] = {}
TERM_FIELDS = ("title", "definition", "aliases")


def term_source(t: Term) -> dict[str, object]:
    return {"title": t.title, "definition": t.definition, "aliases": list(t.aliases)}


def _translate(t: Term, lang: str) -> Term:
    from ._translations import field_states, read_translation, translation_file

    source = term_source(t)
    hashes, text = read_translation(translation_file("glossary", lang, t.term), lang, "term", t.term, TERM_FIELDS)
    states = field_states(source, hashes, text)
    value = {f: (text[f] if states.get(f) == "ok" else source[f]) for f in source}
    return Term(t.term, squash(str(value["title"])), tuple(value["aliases"]), t.related, t.references,
                squash(str(value["definition"])), lang,
                tuple(f for f, state in states.items() if state != "ok"))


def terms(lang: str = "en") -> dict[str, Term]:
    """Every glossary term by id, in alphabetical order of id, in `lang` where translated."""
    if lang not in _terms:
        if lang == "en":
            files = sorted(f for f in os.listdir(GLOSSARY_DIR) if f.endswith(".toml")) if os.path.isdir(
                GLOSSARY_DIR) else []
            known = {f[:-5] for f in files}
            _terms[lang] = {t.term: t for t in (_load_term(os.path.join(GLOSSARY_DIR, f), known) for f in files)}
        else:
            _terms[lang] = {tid: _translate(t, lang) for tid, t in terms().items()}
    return _terms[lang]


def term(term_id: str, lang: str = "en") -> Term:
    found = terms(lang).get(str(term_id).strip().lower())
    if found is None:
        raise UnknownTerm(f"unknown glossary term {term_id!r}; see the glossary index for the list")
    return found
