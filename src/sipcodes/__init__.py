"""sipcodes: every SIP response code — what it means, when you see it, how to fix it.

    >>> import sipcodes
    >>> sipcodes.get(486).reason
    'Busy Here'
    >>> sipcodes.SIPStatus(486).is_final
    True

Heavy parts (the enum, search, rendering) load on first use so that a single lookup stays fast.
"""

from __future__ import annotations

from .errors import CatalogError, SipcodesError, UnknownCode, UnknownLanguage

TYPE_CHECKING = False  # the typing module costs a few ms at start-up; type checkers read this block anyway
if TYPE_CHECKING:
    from .catalog import Entry
    from .comparison import Comparison
    from .textsearch import Hit
    from .status import Classification, SIPStatus  # noqa: F401

__all__ = [
    "CatalogError", "Classification", "Entry", "SIPStatus", "SipcodesError", "UnknownCode", "UnknownLanguage",
    "Comparison", "all", "classify", "codes", "compare", "explain", "get", "languages", "search",
]

__all__ += ["stats"]


def get(code: object, lang: str = "en") -> Entry:
    """The catalog entry for `code` (an int or a numeric string); raises UnknownCode or UnknownLanguage."""
    from . import catalog

    return catalog.get(code, lang)


def all(lang: str = "en") -> list[Entry]:  # noqa: A001 - the public name the library promises
    """Every entry, in code order."""
    from . import catalog

    return catalog.all_entries(lang)


def codes() -> tuple[int, ...]:
    """Every code in the catalog, ascending."""
    from . import catalog

    return catalog.codes()


def languages() -> tuple[str, ...]:
    """The languages the catalog has content for, English first."""
    from . import catalog

    return catalog.languages()


def search(query: str, lang: str = "en", limit: int | None = None) -> list[Hit]:
    """Hits (`.entry`, `.score`) for the entries that mention every word of `query` (one string), best first."""
    from .textsearch import search as _search

    return _search(query, lang, limit)


def compare(a: object, b: object, lang: str = "en") -> Comparison:
    """Compare two codes; `compare(438, 183)` is the same comparison as `compare(183, 438)`."""
    from .comparison import compare as _compare

    return _compare(a, b, lang)


def classify(code: int) -> Classification:
    """What any code from 100 to 699 means to a UAC, registered or not (RFC 3261 §8.1.3.2)."""
    from .status import classify as _classify

    return _classify(code)


def __getattr__(name: str) -> object:
    if name in ("SIPStatus", "Classification"):
        from . import status

        return getattr(status, name)
    if name == "Entry":
        from .catalog import Entry

        return Entry
    if name == "stats":
        # callable like explain: sipcodes.stats(paths, workers=2) and sipcodes.stats.Statistics both work
        import importlib

        return importlib.import_module(f"{__name__}.stats")
    if name == "explain":
        # a module made callable: sipcodes.explain(source, lang) and sipcodes.explain.Report both work
        import importlib

        return importlib.import_module(f"{__name__}.explain")
    if name == "Comparison":
        from .comparison import Comparison

        return Comparison
    raise AttributeError(f"module 'sipcodes' has no attribute {name!r}")
