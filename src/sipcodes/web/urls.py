"""The site's URL scheme, shared by the server and the static export so both link alike.

English pages have no prefix; every other language lives under /{lang}/.
"""

from __future__ import annotations

from .. import catalog
from ..comparison import Comparison, code_slug


def prefix(lang: str) -> str:
    return "" if lang == catalog.SOURCE_LANG else f"/{lang}"


def home(lang: str) -> str:
    return prefix(lang) + "/"


def code_page(entry: catalog.Entry, lang: str) -> str:
    return f"{prefix(lang)}/sip/{code_slug(entry)}"


def compare_page(comparison: Comparison, lang: str) -> str:
    return f"{prefix(lang)}/compare/sip/{comparison.slug}"


def glossary_index(lang: str) -> str:
    return f"{prefix(lang)}/glossary/"


def glossary_term(term_id: str, lang: str) -> str:
    return f"{prefix(lang)}/glossary/{term_id}"


def causes_index(lang: str) -> str:
    return f"{prefix(lang)}/q850/"


def cause_page(cause, lang: str) -> str:
    return f"{prefix(lang)}/q850/{cause.slug}"


def warnings_index(lang: str) -> str:
    return f"{prefix(lang)}/warning/"


def warning_page(value: int, lang: str) -> str:
    return f"{prefix(lang)}/warning/{value}"


def search(lang: str) -> str:
    return f"{prefix(lang)}/search"


def explain(lang: str) -> str:
    return f"{prefix(lang)}/explain"


def static(name: str) -> str:
    return f"/static/{name}"


def swap_lang(path: str, current: str, target: str) -> str:
    """The same page in another language."""
    bare = path[len(prefix(current)):] if current != catalog.SOURCE_LANG else path
    return prefix(target) + (bare or "/")
