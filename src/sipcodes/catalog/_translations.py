"""Translations of the prose: one file per entry per language, beside the English source.

`data/codes/<lang>/<code>.toml` (likewise `pairs/<lang>/` and `glossary/<lang>/`) holds the translated fields
and, under `[source]`, a hash of the English text each field was translated from. A field whose hash no longer
matches the English is stale: it is shown in English, and `sipcodes i18n status` lists it.
"""

from __future__ import annotations

import hashlib
import os

from ..errors import CatalogError
from ._entry import Entry, Prose, Reference
from ._load import DATA_DIR, _display_path, _parse_file, squash

ENTRY_FIELDS = ("summary", "description", "when_you_see_it", "causes", "how_to_fix", "notes")
_LIST_FIELDS = {"causes", "how_to_fix", "notes", "aliases", "generated", "settings"}


def source_hash(value: object) -> str:
    """A short hash of an English field: the text, or list items joined by newlines."""
    text = "\n".join(value) if isinstance(value, (list, tuple)) else str(value)
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


def entry_source(entry: Entry) -> dict[str, object]:
    """The English value of every translatable field of an entry."""
    p = entry.prose
    return {"summary": p.summary, "description": p.description, "when_you_see_it": p.when_you_see_it,
            "causes": list(p.causes), "how_to_fix": list(p.how_to_fix),
            "notes": [ref.note for ref in entry.references]}


def translation_file(kind: str, lang: str, name: str) -> str:
    return os.path.join(DATA_DIR, kind, lang, f"{name}.toml")


def read_translation(path: str, lang: str, id_key: str, id_value: object,
                     fields: tuple[str, ...]) -> tuple[dict[str, str], dict[str, object]]:
    """(source hashes, translated values) of one translation file, validated; empty when the file is absent."""
    if not os.path.exists(path):
        return {}, {}
    data = _parse_file(path)
    name = _display_path(path)

    def fail(field: str, problem: str) -> CatalogError:
        return CatalogError(f"{name}: field '{field}': {problem}")

    for key in data:
        if key not in (id_key, "source", lang):
            raise fail(key, f"unknown field; valid: {id_key}, source, {lang}")
    if data.get(id_key) != id_value:
        raise fail(id_key, f"must be {id_value!r}, as in the file name")
    source = data.get("source", {})
    text = data.get(lang, {})
    if not isinstance(source, dict) or not isinstance(text, dict):
        raise fail("source", f"[source] and [{lang}] must be tables")
    for key, value in source.items():
        if key not in fields:
            raise fail(f"source.{key}", "unknown field; valid: " + ", ".join(fields))
        if not isinstance(value, str) or len(value) != 12 or not all(c in "0123456789abcdef" for c in value):
            raise fail(f"source.{key}", "expected the 12-character hash `sipcodes i18n` records")
    for key, value in text.items():
        if key not in fields:
            raise fail(f"{lang}.{key}", "unknown field; valid: " + ", ".join(fields))
        if key in _LIST_FIELDS:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise fail(f"{lang}.{key}", "expected a list of strings")
        elif not isinstance(value, str) or not value.strip():
            raise fail(f"{lang}.{key}", "expected non-empty text")
        if key not in source:
            raise fail(f"source.{key}", "missing: every translated field records the hash of its English source")
    return {k: str(v) for k, v in source.items()}, text


def field_states(english: dict[str, object], source: dict[str, str], text: dict[str, object]) -> dict[str, str]:
    """For each field: "ok", "missing" or "stale"."""
    states = {}
    for field, value in english.items():
        if isinstance(value, list) and not any(value):
            continue  # nothing to translate (an entry whose references carry no notes)
        if field not in text:
            states[field] = "missing"
        elif source.get(field) != source_hash(value) or (
                isinstance(value, list) and len(text[field]) != len(value)):
            states[field] = "stale"
        else:
            states[field] = "ok"
    return states


def translate_entry(entry: Entry, lang: str) -> Entry:
    """`entry` (English) with the prose of `lang` wherever a current translation exists."""
    english = entry_source(entry)
    source, text = read_translation(translation_file("codes", lang, str(entry.code)), lang, "code", entry.code,
                                    ENTRY_FIELDS)
    states = field_states(english, source, text)
    value = {f: (text[f] if states.get(f) == "ok" else english[f]) for f in english}
    untranslated = tuple(f for f, s in states.items() if s != "ok")
    prose = Prose(lang, squash(value["summary"]), value["description"].strip(),
                  value["when_you_see_it"].strip(), tuple(s.strip() for s in value["causes"]),
                  tuple(s.strip() for s in value["how_to_fix"]))
    references = tuple(Reference(r.rfc, r.section, note) for r, note in zip(entry.references, value["notes"]))
    fields = {name: getattr(entry, name) for name in Entry.__slots__}
    fields.update(prose=prose, references=references, untranslated=untranslated)
    return Entry(**fields)
