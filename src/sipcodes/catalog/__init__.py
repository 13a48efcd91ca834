"""The catalog: every SIP response code as a validated, immutable `Entry`.

Entries are read from the package's data files on first use and cached; looking up one code reads one file. An
installed package also has the compiled store (`_store`), the loader's output saved at build time, which is used
for an entry only while the files it came from are unchanged.
"""

from __future__ import annotations

import os

from ..errors import UnknownCode, UnknownLanguage
from ..i18n import N_
from ._entry import Entry, Prose, Q850Mapping, Reference
from ._load import CODES_DIR, SOURCE_LANG, known_codes, load_entry, read_reason

__all__ = [
    "Entry", "Prose", "Q850Mapping", "Reference", "all_entries", "codes", "get", "languages", "parse_code",
    "SOURCE_LANG",
]

_cache: dict[tuple[int, str], Entry] = {}
_codes: tuple[int, ...] | None = None
_compiled_store = None  # the compiled store, opened on first use; False when there is none


def codes() -> tuple[int, ...]:
    """Every code in the catalog, ascending."""
    global _codes
    if _codes is None:
        _codes = known_codes()
    return _codes


_languages: tuple[str, ...] | None = None


def languages() -> tuple[str, ...]:
    """Languages the catalog has prose for; the source language first."""
    global _languages
    if _languages is None:
        others = sorted(  # isalpha first: it spares a stat of every code file
            name for name in os.listdir(CODES_DIR)
            if name.isalpha() and os.path.isdir(os.path.join(CODES_DIR, name))
        )
        _languages = (SOURCE_LANG, *others)
    return _languages


def check_language(lang: str) -> str:
    """Return `lang` normalised, or raise UnknownLanguage naming the valid ones."""
    norm = str(lang).strip().lower().replace("_", "-")
    available = languages()
    if norm not in available:
        raise UnknownLanguage(N_("unknown language {lang}; available: {available}"), lang=repr(lang),
                              available=", ".join(available))
    return norm


def _nearest(code: int, pool: tuple[int, ...], count: int = 3) -> list[int]:
    return sorted(sorted(pool, key=lambda c: (abs(c - code), c))[:count])


def nearest_codes(number: int, count: int = 3) -> list[int]:
    """Catalog codes closest to `number`, from its own class when that class exists (for "did you mean")."""
    known = codes()
    same_class = tuple(c for c in known if c // 100 == number // 100)
    return _nearest(number, same_class or known, count)


_SHOWN_LENGTH = 24


def _shown(text: str) -> str:
    """User input as an error message may echo it: cut short, so a huge value cannot make a huge message."""
    return text if len(text) <= _SHOWN_LENGTH else text[:_SHOWN_LENGTH] + "…"


def parse_code(value: object) -> int:
    """Turn user input ("486", 486, " 486 ") into a catalog code or raise UnknownCode saying what is valid."""
    if isinstance(value, bool):
        raise UnknownCode(N_("{value} is not a SIP response code; give a number such as 486"), value=repr(value))
    if isinstance(value, int):
        code = value
    else:
        text = str(value).strip()
        if not text.isdigit() or not text.isascii():
            raise UnknownCode(N_("{value} is not a SIP response code; give a three-digit number from 100 to 699, "
                                 "such as 486"), value=repr(_shown(str(value))))
        if len(text.lstrip("0")) > 3:
            # never int() an arbitrarily long string: it is out of range whatever its value, and int() refuses
            # more than a few thousand digits
            raise UnknownCode(N_("{code} is not a SIP response code; codes run from 100 to 699 (for example 486)"),
                              code=_shown(text))
        code = int(text)
    known = codes()
    if code in known:
        return code
    if not 100 <= code <= 699:
        raise UnknownCode(N_("{code} is not a SIP response code; codes run from 100 to 699 (for example 486)"),
                          code=_shown(str(code)))
    near = ", ".join(str(c) for c in nearest_codes(code))
    raise UnknownCode(N_("{code} is not a registered SIP response code; nearest {klass} codes: {near} (a UAC "
                         "treats an unknown {klass} as {fallback})"),
                      code=code, klass=f"{code // 100}xx", near=near, fallback=code // 100 * 100)


def get(code: object, lang: str = SOURCE_LANG) -> Entry:
    """The entry for `code`; raises UnknownCode or UnknownLanguage with a message that says what is valid."""
    number = parse_code(code)
    lang = check_language(lang)
    key = (number, lang)
    entry = _cache.get(key)
    if entry is None:
        store = _compiled()
        entry = store.entry(number, lang) if store else None
        if entry is None:
            entry = _source_entry(number, lang)
        _cache[key] = entry
    return entry


def _source_entry(number: int, lang: str) -> Entry:
    """The entry as the loader builds it from the data files, never from the compiled store."""
    if lang == SOURCE_LANG:
        return load_entry(number, codes())
    from ._translations import translate_entry

    english = _cache.get((number, SOURCE_LANG)) or _source_entry(number, SOURCE_LANG)
    return translate_entry(english, lang)


def _compiled():
    """The compiled store, or None in a source checkout that has none (or whose catalog code has changed)."""
    global _compiled_store
    if _compiled_store is None:
        from ._store import Store

        _compiled_store = Store.open(codes()) or False
    return _compiled_store


def registry_checked():
    """The date the catalog was last compared with IANA's registry (data/registry.toml)."""
    import tomllib

    with open(os.path.join(os.path.dirname(CODES_DIR), "registry.toml"), "rb") as fh:
        return tomllib.load(fh)["checked"]


def reason(code: int) -> str:
    """The registered reason phrase of a catalog code, read without loading the whole entry."""
    number = parse_code(code)
    entry = _cache.get((number, SOURCE_LANG))
    if entry:
        return entry.reason
    store = _compiled()
    return (store and store.reason(number)) or read_reason(number)


def all_entries(lang: str = SOURCE_LANG) -> list[Entry]:
    """Every entry, in code order."""
    return [get(code, lang) for code in codes()]


# Q.850 causes, Warning codes, Reason protocols and platforms: read on first use, never by `sipcodes show CODE`.

def causes(lang: str = SOURCE_LANG) -> dict:
    """Every Q.850 cause by value (`Cause` objects), in `lang` where translated."""
    from ._causes import causes as _all

    return _all(lang)


def cause(value: object, lang: str = SOURCE_LANG):
    """The Q.850 cause `value`; raises UnknownCause saying which values exist."""
    from ._causes import cause as _one

    return _one(value, lang)


def cause_name(value: int) -> str | None:
    """The standard name of a Q.850 cause value, or None when the catalog has no such cause."""
    found = causes().get(value)
    return found.name if found else None


def warnings(lang: str = SOURCE_LANG) -> dict:
    """Every Warning code by value (`WarningCode` objects), in `lang` where translated."""
    from ._causes import warnings as _all

    return _all(lang)


def warning(value: object, lang: str = SOURCE_LANG):
    """The Warning code `value`; raises UnknownWarning saying which values exist."""
    from ._causes import warning as _one

    return _one(value, lang)


def reasons(lang: str = SOURCE_LANG) -> dict:
    """The protocols of the Reason header field (SIP, Q.850, STIR) by id, in `lang` where translated."""
    from ._causes import reasons as _all

    return _all(lang)


def platforms(lang: str = SOURCE_LANG) -> dict:
    """Every platform (Asterisk, FreeSWITCH, …) by id, in `lang` where translated."""
    from ._platforms import platforms as _all

    return _all(lang)


def platform(name: object, lang: str = SOURCE_LANG):
    """One platform by id; raises UnknownPlatform naming the valid ones."""
    from ._platforms import platform as _one

    return _one(name, lang)
