"""What people find next to a SIP code: ITU-T Q.850 causes, Warning codes and the protocols of the Reason header.

One TOML file each under data/causes/, data/warnings/ and data/reasons/, validated on load like the code entries,
with English prose in `[en]` and translations beside it (`<kind>/<lang>/<id>.toml`). The RFC 3398 mappings are
not repeated in cause files: each code file says which causes map to it and from it, and a cause's `to_sip` and
`from_sip` are worked out from those, so the two directions can never disagree.
"""

from __future__ import annotations

import os
import re

from ..errors import CatalogError, SipcodesError
from ..i18n import N_
from ._entry import Reference
from ._load import DATA_DIR, _Checker, _parse_file, squash
from ._record import Record
from ._vocab import CAUSE_CLASSES

CAUSES_DIR = os.path.join(DATA_DIR, "causes")
WARNINGS_DIR = os.path.join(DATA_DIR, "warnings")
REASONS_DIR = os.path.join(DATA_DIR, "reasons")
_REASON_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class UnknownCause(SipcodesError, LookupError):
    """No Q.850 cause with that value in the catalog."""


class UnknownWarning(SipcodesError, LookupError):
    """No Warning code with that value in the catalog."""


def cause_class(value: int) -> str:
    """The class a cause value belongs to by its range (Q.850 groups values in blocks of 16)."""
    if not 1 <= value <= 127:
        return ""
    return CAUSE_CLASSES[0 if value <= 31 else (value - 32) // 16 + 1][0]


class OtherMapping(Record):
    """Another standard's mapping of a cause where it differs from RFC 3398: `standard`, `section`, `to_sip`
    (a code or None) and `from_sip` (codes)."""

    __slots__ = ("standard", "section", "to_sip", "from_sip")

    def to_dict(self) -> dict[str, object]:
        return {"standard": self.standard, "section": self.section, "to_sip": self.to_sip,
                "from_sip": list(self.from_sip)}


class Cause(Record):
    """One Q.850 cause value: its standard name, class, RFC 3398 mappings and what it means, in one language.

    `to_sip` is the code RFC 3398 §7.2.4.1 maps the cause to (None when its table does not list the cause) and
    `to_sip_also` the codes the same section gives for particular circumstances; `from_sip` the codes §8.2.6.1
    maps to the cause."""

    __slots__ = ("cause", "name", "klass", "aliases", "references", "mappings", "to_sip", "to_sip_also", "from_sip",
                 "summary", "description", "lang", "untranslated")
    _defaults = {"untranslated": ()}

    @property
    def slug(self) -> str:
        words = re.findall(r"[a-z0-9]+", self.name.lower())
        return f"{self.cause}-{'-'.join(words)}"

    def to_dict(self) -> dict[str, object]:
        return {"cause": self.cause, "name": self.name, "class": self.klass, "aliases": list(self.aliases),
                "to_sip": self.to_sip, "to_sip_also": list(self.to_sip_also), "from_sip": list(self.from_sip),
                "mappings": [m.to_dict() for m in self.mappings],
                "references": [r.to_dict() for r in self.references],
                "summary": self.summary, "description": self.description, "lang": self.lang,
                "untranslated": list(self.untranslated)}


class WarningCode(Record):
    """One warn-code of the Warning header field (RFC 3261 §20.43 and later registrations)."""

    __slots__ = ("warning", "text", "registered_by", "references", "summary", "description", "how_to_fix", "lang",
                 "untranslated")
    _defaults = {"untranslated": ()}

    def to_dict(self) -> dict[str, object]:
        return {"warning": self.warning, "text": self.text, "registered_by": self.registered_by,
                "references": [r.to_dict() for r in self.references], "summary": self.summary,
                "description": self.description, "how_to_fix": list(self.how_to_fix), "lang": self.lang,
                "untranslated": list(self.untranslated)}


class ReasonProtocol(Record):
    """A protocol value of the Reason header field (SIP, Q.850, STIR) and how to read its causes."""

    __slots__ = ("reason", "protocol", "references", "summary", "how_to_read", "lang", "untranslated")
    _defaults = {"untranslated": ()}

    def to_dict(self) -> dict[str, object]:
        return {"reason": self.reason, "protocol": self.protocol,
                "references": [r.to_dict() for r in self.references], "summary": self.summary,
                "how_to_read": self.how_to_read, "lang": self.lang, "untranslated": list(self.untranslated)}


CAUSE_FIELDS = ("summary", "description", "notes")
WARNING_FIELDS = ("summary", "description", "how_to_fix", "notes")
REASON_FIELDS = ("summary", "how_to_read", "notes")


def _allowed(check: _Checker, data: dict, keys: tuple[str, ...]) -> None:
    for key in data:
        if key not in keys:
            raise check.fail(key, "unknown field; valid: " + ", ".join(keys))


def _prose_table(check: _Checker, data: dict, fields: dict[str, type]) -> dict[str, object]:
    table = check.get(data, "en", "en", dict)
    _allowed(check, table, tuple(fields))
    prose: dict[str, object] = {}
    for key, kind in fields.items():
        if kind is list:
            prose[key] = tuple(squash(s) for s in check.str_list(table, key, f"en.{key}", max_len=8))
        else:
            prose[key] = squash(check.get(table, key, f"en.{key}", str))
    return prose


def _number_files(folder: str) -> list[int]:
    if not os.path.isdir(folder):
        return []
    return sorted(int(name[:-5]) for name in os.listdir(folder) if name.endswith(".toml") and name[:-5].isdigit())


def _code_list(check: _Checker, value: object, field: str, known: tuple[int, ...]) -> tuple[int, ...]:
    if not isinstance(value, list):
        raise check.fail(field, "expected a list of codes")
    for i, code in enumerate(value):
        if not isinstance(code, int) or isinstance(code, bool) or code not in known:
            raise check.fail(f"{field}[{i}]", f"{code!r} is not a code the catalog has")
    return tuple(value)


def load_cause(path: str, known_codes: tuple[int, ...], rfc3398: dict[int, tuple[list[int], list[int]]]) -> Cause:
    """Read and validate one cause file; `rfc3398` maps a cause to (codes it maps to, codes that map to it) as
    the code files say."""
    data = _parse_file(path)
    check = _Checker(path, data)
    _allowed(check, data, ("cause", "name", "class", "aliases", "to_sip", "references", "mappings", "en"))
    value = check.get(data, "cause", "cause", int)
    stem = os.path.basename(path)[:-5]
    if str(value) != stem:
        raise check.fail("cause", f"is {value} but the file is named {stem}.toml")
    if not 1 <= value <= 127:
        raise check.fail("cause", "Q.850 cause values run from 1 to 127")
    name = squash(check.get(data, "name", "name", str))
    klass = check.get(data, "class", "class", str)
    valid = [cid for cid, _label in CAUSE_CLASSES]
    if klass not in valid:
        raise check.fail("class", f"unknown value {klass!r}; valid: {', '.join(valid)}")
    if klass != cause_class(value):
        raise check.fail("class", f"cause {value} is in the {cause_class(value)} range, not {klass}")
    aliases = check.str_list(data, "aliases", "aliases", min_len=0) if "aliases" in data else ()
    references = check.references(data)
    mappings = []
    for i, raw in enumerate(check.get(data, "mappings", "mappings", list, required=False) or []):
        field = f"mappings[{i}]"
        if not isinstance(raw, dict):
            raise check.fail(field, "expected a table with standard, section, to_sip and/or from_sip")
        _allowed(check, raw, ("standard", "section", "to_sip", "from_sip"))
        standard = check.get(raw, "standard", f"{field}.standard", str)
        section = check.get(raw, "section", f"{field}.section", str)
        to_sip = check.get(raw, "to_sip", f"{field}.to_sip", int, required=False)
        if to_sip is not None and to_sip not in known_codes:
            raise check.fail(f"{field}.to_sip", f"{to_sip} is not a code the catalog has")
        from_sip = _code_list(check, raw.get("from_sip", []), f"{field}.from_sip", known_codes)
        if to_sip is None and not from_sip:
            raise check.fail(field, "says nothing; give to_sip or from_sip")
        mappings.append(OtherMapping(standard, section, to_sip, from_sip))
    to_codes, from_codes = rfc3398.get(value, ([], []))
    to_sip = check.get(data, "to_sip", "to_sip", int, required=False)
    if len(to_codes) > 1:
        if to_sip not in to_codes:
            raise check.fail("to_sip", f"RFC 3398 §7.2.4.1 maps cause {value} to {sorted(to_codes)} (by the code "
                                       "files); name the code its table gives first")
    elif to_sip is not None:
        raise check.fail("to_sip", "only needed when several code files map the cause; the code files decide")
    else:
        to_sip = to_codes[0] if to_codes else None
    also = tuple(sorted(c for c in to_codes if c != to_sip))
    prose = _prose_table(check, data, {"summary": str, "description": str})
    return Cause(value, name, klass, aliases, references, tuple(mappings), to_sip, also, tuple(sorted(from_codes)),
                 prose["summary"], prose["description"], "en")


def load_warning(path: str) -> WarningCode:
    data = _parse_file(path)
    check = _Checker(path, data)
    _allowed(check, data, ("warning", "text", "registered_by", "references", "en"))
    value = check.get(data, "warning", "warning", int)
    stem = os.path.basename(path)[:-5]
    if str(value) != stem:
        raise check.fail("warning", f"is {value} but the file is named {stem}.toml")
    if not 300 <= value <= 399:
        raise check.fail("warning", "warn-codes run from 300 to 399 (RFC 3261 §20.43)")
    text = squash(check.get(data, "text", "text", str))
    registered_by = check.get(data, "registered_by", "registered_by", int)
    references = check.references(data)
    if registered_by not in {r.rfc for r in references}:
        raise check.fail("registered_by", f"RFC {registered_by} is not among the references")
    prose = _prose_table(check, data, {"summary": str, "description": str, "how_to_fix": list})
    return WarningCode(value, text, registered_by, references, prose["summary"], prose["description"],
                       prose["how_to_fix"], "en")


def load_reason(path: str) -> ReasonProtocol:
    data = _parse_file(path)
    check = _Checker(path, data)
    _allowed(check, data, ("reason", "protocol", "references", "en"))
    rid = check.get(data, "reason", "reason", str)
    if not _REASON_ID.match(rid) or os.path.basename(path) != f"{rid}.toml":
        raise check.fail("reason", f"must be a lower-case id matching the file name ({rid}.toml)")
    protocol = squash(check.get(data, "protocol", "protocol", str))
    references = check.references(data)
    prose = _prose_table(check, data, {"summary": str, "how_to_read": str})
    return ReasonProtocol(rid, protocol, references, prose["summary"], prose["how_to_read"], "en")


def rfc3398_by_cause() -> dict[int, tuple[list[int], list[int]]]:
    """cause -> (codes RFC 3398 §7.2.4.1 maps it to, codes §8.2.6.1 maps to it), from the code files."""
    from . import all_entries

    table: dict[int, tuple[list[int], list[int]]] = {}
    for entry in all_entries():
        if entry.q850 is None:
            continue
        for cause in entry.q850.from_isup:
            table.setdefault(cause, ([], []))[0].append(entry.code)
        if entry.q850.to_isup is not None:
            table.setdefault(entry.q850.to_isup, ([], []))[1].append(entry.code)
    return table


# ---- loading, translation and lookup -------------------------------------------------------------------------

_cache: dict[tuple[str, str], dict] = {}


def _english(kind: str) -> dict:
    from . import codes

    if kind == "causes":
        rfc3398 = rfc3398_by_cause()
        known = codes()
        return {n: load_cause(os.path.join(CAUSES_DIR, f"{n}.toml"), known, rfc3398)
                for n in _number_files(CAUSES_DIR)}
    if kind == "warnings":
        return {n: load_warning(os.path.join(WARNINGS_DIR, f"{n}.toml")) for n in _number_files(WARNINGS_DIR)}
    names = sorted(f[:-5] for f in os.listdir(REASONS_DIR) if f.endswith(".toml")) if os.path.isdir(
        REASONS_DIR) else []
    return {rid: load_reason(os.path.join(REASONS_DIR, f"{rid}.toml")) for rid in names}


def cause_source(c: Cause) -> dict[str, object]:
    return {"summary": c.summary, "description": c.description, "notes": [r.note for r in c.references]}


def warning_source(w: WarningCode) -> dict[str, object]:
    return {"summary": w.summary, "description": w.description, "how_to_fix": list(w.how_to_fix),
            "notes": [r.note for r in w.references]}


def reason_source(r: ReasonProtocol) -> dict[str, object]:
    return {"summary": r.summary, "how_to_read": r.how_to_read, "notes": [ref.note for ref in r.references]}


_KINDS = {
    # kind: (id key in translation files, translatable fields, English source of an item)
    "causes": ("cause", CAUSE_FIELDS, cause_source),
    "warnings": ("warning", WARNING_FIELDS, warning_source),
    "reasons": ("reason", REASON_FIELDS, reason_source),
}


def _translate(kind: str, item: Record, item_id: object, lang: str) -> Record:
    from ._translations import field_states, read_translation, translation_file

    id_key, fields, source_of = _KINDS[kind]
    english = source_of(item)
    hashes, text = read_translation(translation_file(kind, lang, str(item_id)), lang, id_key, item_id, fields)
    states = field_states(english, hashes, text)
    value = {f: (text[f] if states.get(f) == "ok" else english[f]) for f in english}
    untranslated = tuple(f for f, state in states.items() if state != "ok")
    references = tuple(Reference(r.rfc, r.section, note) for r, note in zip(item.references, value["notes"]))
    fields_now = {name: getattr(item, name) for name in type(item).__slots__}
    for f in english:
        if f == "notes":
            continue
        v = value[f]
        fields_now[f] = tuple(squash(s) for s in v) if isinstance(v, (list, tuple)) else squash(v)
    fields_now.update(references=references, lang=lang, untranslated=untranslated)
    return type(item)(**fields_now)


def _all(kind: str, lang: str) -> dict:
    key = (kind, lang)
    if key not in _cache:
        if lang == "en":
            _cache[key] = _english(kind)
        else:
            _cache[key] = {i: _translate(kind, item, i, lang) for i, item in _all(kind, "en").items()}
    return _cache[key]


def causes(lang: str = "en") -> dict[int, Cause]:
    """Every Q.850 cause in the catalog by value, in `lang` where translated."""
    from . import check_language

    return _all("causes", check_language(lang))


def warnings(lang: str = "en") -> dict[int, WarningCode]:
    """Every warn-code in the catalog by value, in `lang` where translated."""
    from . import check_language

    return _all("warnings", check_language(lang))


def reasons(lang: str = "en") -> dict[str, ReasonProtocol]:
    """The Reason header protocols the catalog explains, by id, in `lang` where translated."""
    from . import check_language

    return _all("reasons", check_language(lang))


def _number(value: object, error: SipcodesError) -> int:
    """`value` as a small non-negative number, or raise `error` (which says what is valid)."""
    text = str(value).strip()
    if isinstance(value, bool) or not (isinstance(value, int) or (text.isascii() and text.isdigit()
                                                                   and len(text) <= 4)):
        raise error
    return int(value)


def cause(value: object, lang: str = "en") -> Cause:
    """The Q.850 cause `value` (1-127); raises UnknownCause saying which values exist."""
    number = _number(value, UnknownCause(N_("{value} is not a Q.850 cause value; give a number from 1 to 127, "
                                            "such as 34"), value=repr(str(value).strip()[:24])))
    found = causes(lang).get(number)
    if found is None:
        if not 1 <= number <= 127:
            raise UnknownCause(N_("{value} is not a Q.850 cause value; causes run from 1 to 127 (for example 34)"),
                               value=number)
        near = sorted(sorted(causes(), key=lambda c: (abs(c - number), c))[:3])
        raise UnknownCause(N_("Q.850 defines no cause {value}; nearest defined causes: {near}"),
                           value=number, near=", ".join(map(str, near)))
    return found


def warning(value: object, lang: str = "en") -> WarningCode:
    """The warn-code `value` (300-399); raises UnknownWarning saying which values exist."""
    number = _number(value, UnknownWarning(N_("{value} is not a Warning code; give a number from 300 to 399, "
                                              "such as 399"), value=repr(str(value).strip()[:24])))
    found = warnings(lang).get(number)
    if found is None:
        near = sorted(sorted(warnings(), key=lambda c: (abs(c - number), c))[:3])
        raise UnknownWarning(N_("{value} is not a registered Warning code; nearest registered codes: {near}"),
                             value=number, near=", ".join(map(str, near)))
    return found


def check_folder(kind: str, problems, folder: str) -> set[str]:
    """Check every English file of `kind` in `folder` (for `python -m sipcodes.catalog`); returns the ids found."""
    from . import codes

    if not os.path.isdir(folder):
        return set()
    ids = set()
    rfc3398 = rfc3398_by_cause() if kind == "causes" else {}
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if os.path.isdir(path) or not name.endswith(".toml"):
            continue
        stem = name[:-5]
        if kind != "reasons" and not stem.isdigit():
            problems.add(f"data/{kind}/{name}: not a data file of this folder; name it for its number, such as "
                         f"{'34' if kind == 'causes' else '399'}.toml")
            continue
        ids.add(stem)
        if kind == "causes":
            problems.attempt(load_cause, path, codes(), rfc3398)
        elif kind == "warnings":
            problems.attempt(load_warning, path)
        else:
            problems.attempt(load_reason, path)
    return ids

