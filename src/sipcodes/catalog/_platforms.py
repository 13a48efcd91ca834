"""What a platform (Asterisk, FreeSWITCH, Kamailio, PJSIP, Teams Direct Routing) does with SIP codes.

One TOML file per platform under data/platforms/: its SIP-code-to-cause and cause-to-SIP-code tables where it has
them, the responses it sends on its own and when, the settings that change the mapping, and for every fact the
source it was read from (project, file or document, version). Each table states where it departs from RFC 3398;
the loader recomputes that list from the code files and rejects a file whose claim is wrong.
"""

from __future__ import annotations

import os
import re

from ..errors import SipcodesError
from ..i18n import N_
from ._load import DATA_DIR, _Checker, _parse_file, squash
from ._record import Record

PLATFORMS_DIR = os.path.join(DATA_DIR, "platforms")
PLATFORM_FIELDS = ("summary", "generated", "settings")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class UnknownPlatform(SipcodesError, LookupError):
    """No platform with that name in the catalog."""


class Source(Record):
    """Where a platform's facts were read: `project`, `file` (a path or a document), `version`, `what` (the
    function, table or section)."""

    __slots__ = ("id", "project", "file", "version", "what")

    def __str__(self) -> str:
        return f"{self.project} {self.file} ({self.what}), {self.version}"

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "project": self.project, "file": self.file, "version": self.version,
                "what": self.what}


class Mapping(Record):
    """One direction of a platform's table: `map` (from -> to), `default` (for anything unlisted, or None),
    `source` (a Source) and `differs` (the keys where the platform departs from RFC 3398)."""

    __slots__ = ("map", "default", "source", "differs")

    def lookup(self, key: int) -> tuple[int | None, bool]:
        """(value, whether it comes from the default rather than a row)."""
        if key in self.map:
            return self.map[key], False
        default = self.default
        if isinstance(default, dict):  # a default per class of code: {"4xx": 127, "5xx": 34, "other": 16}
            default = default.get(f"{key // 100}xx", default.get("other"))
        return default, default is not None

    def keys_to(self, value: int) -> tuple[int, ...]:
        return tuple(sorted(k for k, v in self.map.items() if v == value))


class Generated(Record):
    """A response the platform sends on its own: `code`, `source`, `setting` (or ""), `when` (prose); `local`
    when it only reports the status to its user and never sends it (a SIP stack's own timeout, say)."""

    __slots__ = ("code", "source", "setting", "when", "local")
    _defaults = {"local": False}


class Setting(Record):
    """An option that changes the platform's mapping: `name` as written, `source`, `text` (prose)."""

    __slots__ = ("name", "source", "text")


class Platform(Record):
    __slots__ = ("platform", "name", "component", "sources", "sip_to_cause", "cause_to_sip", "generated", "settings",
                 "summary", "lang", "untranslated")
    _defaults = {"untranslated": ()}

    @property
    def title(self) -> str:
        return f"{self.name} ({self.component})"

    def generated_for(self, code: int) -> tuple[Generated, ...]:
        return tuple(g for g in self.generated if g.code == code)

    def cause_for(self, code: int) -> tuple[int | None, bool]:
        """(the hangup cause the platform gives a call that ends with `code`, whether it is the table's default).
        A default applies only to final failure responses (300-699): only those end a call attempt."""
        if self.sip_to_cause is None:
            return None, False
        cause, by_default = self.sip_to_cause.lookup(code)
        return (None, False) if by_default and code < 300 else (cause, by_default)

    def for_code(self, code: int) -> dict[str, object]:
        """What `show --format json` says of this platform for one code."""
        cause, by_default = self.cause_for(code)
        rows = self.generated_for(code)
        sources = [self.sip_to_cause.source] if self.sip_to_cause and cause is not None else []
        sources += [g.source for g in rows]
        return {"cause": cause, "cause_by_default": by_default,
                "generated_when": " ".join(g.when for g in rows) or None,
                "setting": "; ".join(g.setting for g in rows if g.setting) or None,
                "source": "; ".join(dict.fromkeys(str(s) for s in sources)) or None}

    def for_cause(self, cause: int) -> dict[str, object]:
        """What `cause --format json` says of this platform for one cause."""
        to_sip, by_default = self.cause_to_sip.lookup(cause) if self.cause_to_sip else (None, False)
        from_sip = self.sip_to_cause.keys_to(cause) if self.sip_to_cause else ()
        sources = [m.source for m in (self.cause_to_sip, self.sip_to_cause) if m is not None]
        return {"to_sip": to_sip, "to_sip_by_default": by_default, "from_sip": list(from_sip),
                "source": "; ".join(dict.fromkeys(str(s) for s in sources)) or None}

    def to_dict(self) -> dict[str, object]:
        def table(m: Mapping | None):
            if m is None:
                return None
            return {"map": {str(k): v for k, v in sorted(m.map.items())}, "default": m.default,
                    "differs_from_rfc3398": list(m.differs), "source": m.source.id}

        return {"platform": self.platform, "name": self.name, "component": self.component,
                "sources": [s.to_dict() for s in self.sources], "sip_to_cause": table(self.sip_to_cause),
                "cause_to_sip": table(self.cause_to_sip),
                "generated": [{"code": g.code, "when": g.when, "setting": g.setting or None, "local": g.local,
                               "source": g.source.id}
                              for g in self.generated],
                "settings": [{"name": s.name, "text": s.text, "source": s.source.id} for s in self.settings],
                "summary": self.summary, "lang": self.lang, "untranslated": list(self.untranslated)}


def _rfc3398() -> tuple[dict[int, int], dict[int, set[int]]]:
    """(code -> cause by RFC 3398 §8.2.6.1, cause -> codes by §7.2.4.1) from the code files."""
    from . import all_entries

    to_cause: dict[int, int] = {}
    to_codes: dict[int, set[int]] = {}
    for entry in all_entries():
        if entry.q850 is None:
            continue
        if entry.q850.to_isup is not None:
            to_cause[entry.code] = entry.q850.to_isup
        for c in entry.q850.from_isup:
            to_codes.setdefault(c, set()).add(entry.code)
    return to_cause, to_codes


def load_platform(path: str, known_codes: tuple[int, ...]) -> Platform:
    data = _parse_file(path)
    check = _Checker(path, data)
    keys = ("platform", "name", "component", "sources", "sip_to_cause", "cause_to_sip", "generated", "settings", "en")
    for key in data:
        if key not in keys:
            raise check.fail(key, "unknown field; valid: " + ", ".join(keys))
    pid = check.get(data, "platform", "platform", str)
    if not _ID.match(pid) or os.path.basename(path) != f"{pid}.toml":
        raise check.fail("platform", f"must be a lower-case id matching the file name ({pid}.toml)")
    name = check.get(data, "name", "name", str)
    component = check.get(data, "component", "component", str)

    sources: dict[str, Source] = {}
    raw_sources = check.get(data, "sources", "sources", list)
    if not raw_sources:
        raise check.fail("sources", "needs at least one source")
    for i, raw in enumerate(raw_sources):
        field = f"sources[{i}]"
        if not isinstance(raw, dict):
            raise check.fail(field, "expected a table with id, project, file, version and what")
        for key in raw:
            if key not in Source.__slots__:
                raise check.fail(f"{field}.{key}", "unknown field; valid: " + ", ".join(Source.__slots__))
        values = [squash(check.get(raw, key, f"{field}.{key}", str)) for key in Source.__slots__]
        if values[0] in sources:
            raise check.fail(f"{field}.id", f"{values[0]!r} is used twice")
        sources[values[0]] = Source(*values)

    def source(table: dict, field: str) -> Source:
        sid = check.get(table, "source", field, str)
        if sid not in sources:
            raise check.fail(field, f"{sid!r} is not a source id; valid: {', '.join(sources)}")
        return sources[sid]

    to_cause_rfc, to_codes_rfc = _rfc3398()

    def mapping(key: str, low: int, high: int, to_low: int, to_high: int) -> Mapping | None:
        raw = check.get(data, key, key, dict, required=False)
        if raw is None:
            return None
        for k in raw:
            if k not in ("source", "default", "map", "differs_from_rfc3398"):
                raise check.fail(f"{key}.{k}", "unknown field; valid: source, default, map, differs_from_rfc3398")
        src = source(raw, f"{key}.source")
        default = raw.get("default")
        classes = ("1xx", "2xx", "3xx", "4xx", "5xx", "6xx", "other")
        if isinstance(default, dict) and key == "sip_to_cause":
            for k, v in default.items():
                if k not in classes or not isinstance(v, int) or isinstance(v, bool) or not to_low <= v <= to_high:
                    raise check.fail(f"{key}.default.{k}", f"expected classes ({', '.join(classes)}) with values "
                                                           f"from {to_low} to {to_high}")
        elif default is not None and (not isinstance(default, int) or isinstance(default, bool)
                                      or not to_low <= default <= to_high):
            raise check.fail(f"{key}.default", f"expected a value from {to_low} to {to_high}"
                                               + (" or a table of them per class of code ({\"4xx\": 127, "
                                                  "\"other\": 16})" if key == "sip_to_cause" else ""))
        table: dict[int, int] = {}
        for k, v in check.get(raw, "map", f"{key}.map", dict).items():
            if not (k.isascii() and k.isdigit() and low <= int(k) <= high):
                raise check.fail(f"{key}.map", f"key {k!r} is not a number from {low} to {high}")
            if not isinstance(v, int) or isinstance(v, bool) or not to_low <= v <= to_high:
                raise check.fail(f"{key}.map.{k}", f"expected a number from {to_low} to {to_high}")
            table[int(k)] = v
        if not table:
            raise check.fail(f"{key}.map", "is empty; leave the table out instead")
        claimed = raw.get("differs_from_rfc3398", [])
        if not isinstance(claimed, list) or not all(isinstance(c, int) and not isinstance(c, bool) for c in claimed):
            raise check.fail(f"{key}.differs_from_rfc3398", "expected a list of numbers")
        if key == "sip_to_cause":
            actual = {c for c, cause in table.items() if to_cause_rfc.get(c) != cause}
        else:
            actual = {c for c, code in table.items() if code not in to_codes_rfc.get(c, set())}
        if set(claimed) != actual:
            extra, lacking = sorted(set(claimed) - actual), sorted(actual - set(claimed))
            raise check.fail(f"{key}.differs_from_rfc3398", f"does not match the map against RFC 3398 as the code "
                                                            f"files have it: listed but agreeing {extra}, "
                                                            f"differing but not listed {lacking}")
        return Mapping(table, default, src, tuple(sorted(claimed)))

    sip_to_cause = mapping("sip_to_cause", 100, 699, 1, 127)
    cause_to_sip = mapping("cause_to_sip", 1, 127, 100, 699)

    prose = check.get(data, "en", "en", dict)
    for k in prose:
        if k not in PLATFORM_FIELDS:
            raise check.fail(f"en.{k}", "unknown field; valid: " + ", ".join(PLATFORM_FIELDS))
    summary = squash(check.get(prose, "summary", "en.summary", str))

    def rows(key: str, fields: tuple[str, ...]) -> list[dict]:
        raw = check.get(data, key, key, list, required=False) or []
        texts = prose.get(key, [])
        if not isinstance(texts, list) or len(texts) != len(raw) or not all(
                isinstance(t, str) and t.strip() for t in texts):
            raise check.fail(f"en.{key}", f"needs one text for each of the {len(raw)} [[{key}]] rows, in order")
        out = []
        for i, (row, text) in enumerate(zip(raw, texts)):
            if not isinstance(row, dict):
                raise check.fail(f"{key}[{i}]", "expected a table")
            for k in row:
                if k not in fields:
                    raise check.fail(f"{key}[{i}].{k}", "unknown field; valid: " + ", ".join(fields))
            out.append({**row, "text": squash(text), "index": i})
        return out

    generated = []
    for row in rows("generated", ("code", "source", "setting", "local")):
        field = f"generated[{row['index']}]"
        code = check.get(row, "code", f"{field}.code", int)
        if code not in known_codes:
            raise check.fail(f"{field}.code", f"{code} is not a code the catalog has")
        setting = check.get(row, "setting", f"{field}.setting", str, required=False) or ""
        local = row.get("local", False)
        if not isinstance(local, bool):
            raise check.fail(f"{field}.local", "expected true or false")
        generated.append(Generated(code, source(row, f"{field}.source"), setting, row["text"], local))
    settings = []
    for row in rows("settings", ("name", "source")):
        field = f"settings[{row['index']}]"
        settings.append(Setting(check.get(row, "name", f"{field}.name", str), source(row, f"{field}.source"),
                                row["text"]))
    return Platform(pid, name, component, tuple(sources.values()), sip_to_cause, cause_to_sip, tuple(generated),
                    tuple(settings), summary, "en")


def platform_source(p: Platform) -> dict[str, object]:
    return {"summary": p.summary, "generated": [g.when for g in p.generated], "settings": [s.text for s in p.settings]}


def _translate(p: Platform, lang: str) -> Platform:
    from ._translations import field_states, read_translation, translation_file

    english = platform_source(p)
    hashes, text = read_translation(translation_file("platforms", lang, p.platform), lang, "platform", p.platform,
                                    PLATFORM_FIELDS)
    states = field_states(english, hashes, text)
    value = {f: (text[f] if states.get(f) == "ok" else english[f]) for f in english}
    generated = tuple(Generated(g.code, g.source, g.setting, squash(t), g.local)
                      for g, t in zip(p.generated, value["generated"]))
    settings = tuple(Setting(s.name, s.source, squash(t)) for s, t in zip(p.settings, value["settings"]))
    return Platform(p.platform, p.name, p.component, p.sources, p.sip_to_cause, p.cause_to_sip, generated, settings,
                    squash(value["summary"]), lang, tuple(f for f, s in states.items() if s != "ok"))


_cache: dict[str, dict[str, Platform]] = {}
#: The order platforms are shown in.
ORDER = ("asterisk", "freeswitch", "kamailio", "pjsip", "teams")


def platforms(lang: str = "en") -> dict[str, Platform]:
    """Every platform by id, in `lang` where translated."""
    from . import check_language, codes

    lang = check_language(lang)
    if lang not in _cache:
        if lang == "en":
            names = sorted((f[:-5] for f in os.listdir(PLATFORMS_DIR) if f.endswith(".toml")),
                           key=lambda n: (ORDER.index(n) if n in ORDER else len(ORDER), n)) if os.path.isdir(
                PLATFORMS_DIR) else []
            _cache[lang] = {n: load_platform(os.path.join(PLATFORMS_DIR, f"{n}.toml"), codes()) for n in names}
        else:
            _cache[lang] = {n: _translate(p, lang) for n, p in platforms().items()}
    return _cache[lang]


def platform(name: object, lang: str = "en") -> Platform:
    key = str(name).strip().lower()
    found = platforms(lang).get(key)
    if found is None:
        raise UnknownPlatform(N_("unknown platform {name}; available: {available}"), name=repr(str(name)[:24]),
                              available=", ".join(platforms()))
    return found


def check_folder(problems, folder: str) -> set[str]:
    """Check every English platform file in `folder` (for `python -m sipcodes.catalog`); returns the ids."""
    from . import codes

    if not os.path.isdir(folder):
        return set()
    ids = set()
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if os.path.isdir(path) or not name.endswith(".toml"):
            continue
        ids.add(name[:-5])
        problems.attempt(load_platform, path, codes())
    return ids
