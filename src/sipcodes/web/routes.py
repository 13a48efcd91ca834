"""Turning a request path into a page: the site's routing, independent of any web framework.

`resolve` returns what to send — a page, a redirect to the canonical URL, or a 404 with suggestions — so the
server and the tests agree on every URL, and the static export can enumerate the same pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import catalog, i18n
from ..catalog import _glossary
from ..comparison import SameCode, code_slug, compare
from ..errors import UnknownCode
from . import urls
from .pages import SitePages

_CODE_SPEC = re.compile(r"^([0-9]{3})(?:-([a-z0-9]+(?:-[a-z0-9]+)*))?$")
_LANG_LIKE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})?$")


@dataclass
class Outcome:
    """What to answer: `status` 200 with `html`, 301 with `location`, or 404 with `html`."""

    status: int
    html: str = ""
    location: str = ""
    headers: dict[str, str] = field(default_factory=dict)


def _t(lang: str, message: str) -> str:
    return i18n.translator(lang)(message)


def _pages(lang: str, base_url: str = "") -> SitePages:
    key = (lang, base_url)
    if key not in _PAGES:
        _PAGES[key] = SitePages(lang, base_url)
    return _PAGES[key]


_PAGES: dict[tuple[str, str], SitePages] = {}


def _not_found(lang: str, message: str, near: list[int] = ()) -> Outcome:
    suggestions = [catalog.get(c, lang) for c in near]
    return Outcome(404, _pages(lang).not_found(message, suggestions))


def _nearest(number: int, count: int = 3) -> list[int]:
    return catalog.nearest_codes(number, count)


def _code_from_spec(spec: str, lang: str):
    """(entry, slug given or None) or an Outcome for a malformed spec."""
    match = _CODE_SPEC.match(spec)
    if not match:
        digits = re.match(r"^[0-9]{1,3}", spec)
        near = _nearest(int(digits.group(0))) if digits else [183, 404, 486]
        return _not_found(lang, _t(lang, "“{spec}” is not a SIP response code page.").format(spec=spec), near)
    number = int(match.group(1))
    if number not in catalog.codes():
        return _not_found(lang, _t(lang, "{number} is not a SIP response code in the catalog.").format(number=number), _nearest(number))
    return catalog.get(number, lang), match.group(2)


def split_lang(path: str) -> tuple[str, str] | Outcome:
    """(language, rest of the path without the prefix) or a 404 outcome for an unknown language prefix."""
    parts = path.lstrip("/").split("/", 1)
    first = parts[0]
    if first in catalog.languages() and first != catalog.SOURCE_LANG:
        return first, "/" + (parts[1] if len(parts) > 1 else "")
    if _LANG_LIKE.match(first) and first not in ("sip", "compare", "glossary", "search") and (
            len(parts) > 1 or first == catalog.SOURCE_LANG):
        if first == catalog.SOURCE_LANG:  # English has no prefix; send old or hand-typed links home
            return Outcome(301, location="/" + (parts[1] if len(parts) > 1 else ""))
        return _not_found(catalog.SOURCE_LANG, _t("en", "There are no pages in the language “{lang}”. Available: {langs}.").format(lang=first, langs=", ".join(catalog.languages())))
    return catalog.SOURCE_LANG, path


def resolve(path: str, query: dict[str, str] | None = None, base_url: str = "") -> Outcome:
    """Route a GET of `path` (with its query parameters) to a page, a redirect or a 404.

    `base_url` makes canonical and alternate links absolute (the static export knows where it will live)."""
    query = query or {}
    split = split_lang(path)
    if isinstance(split, Outcome):
        return split
    lang, rest = split
    pages = _pages(lang, base_url)
    prefix = urls.prefix(lang)

    if rest in ("", "/"):
        if lang != catalog.SOURCE_LANG and rest == "":
            return Outcome(301, location=urls.home(lang))
        return Outcome(200, pages.home())
    if rest != "/glossary/" and rest.endswith("/"):
        return Outcome(301, location=prefix + rest.rstrip("/"))

    segments = rest.strip("/").split("/")
    head = segments[0]

    if head == "sip" and len(segments) == 2:
        found = _code_from_spec(segments[1], lang)
        if isinstance(found, Outcome):
            return found
        entry, slug = found
        canonical = urls.code_page(entry, lang)
        if slug is None:
            return Outcome(301, location=canonical)
        if f"{entry.code}-{slug}" != code_slug(entry):
            return _not_found(lang, _t(lang, "The page for {code} is at {url}.").format(code=entry.code, url=canonical), [entry.code])
        return Outcome(200, pages.code(entry))

    if head == "compare" and len(segments) == 1:
        a, b = query.get("a", ""), query.get("b", "")
        if not a and not b:
            return Outcome(200, pages.picker())
        try:
            c = compare(a, b, lang)
        except UnknownCode:
            return _not_found(lang, _t(lang, "Pick two codes from the list to compare them."), [])
        except SameCode:
            return _not_found(lang, _t(lang, "A code cannot be compared with itself; pick two different codes."), [])
        return Outcome(301, location=urls.compare_page(c, lang))

    if head == "compare" and len(segments) == 3 and segments[1] == "sip":
        spec = segments[2]
        if "-vs-" not in spec:
            return _not_found(lang, _t(lang, "“{spec}” is not a comparison; use the form 183-vs-438.").format(spec=spec), [])
        left, right = spec.split("-vs-", 1)
        found_a, found_b = _code_from_spec(left, lang), _code_from_spec(right, lang)
        for found in (found_a, found_b):
            if isinstance(found, Outcome):
                return found
        (ea, slug_a), (eb, slug_b) = found_a, found_b
        if ea.code == eb.code:
            return _not_found(lang, _t(lang, "A code cannot be compared with itself; pick two different codes."),
                              [c for c in ea.related[:3]])
        c = compare(ea.code, eb.code, lang)
        canonical = urls.compare_page(c, lang)
        slugs_ok = all(s is None or f"{e.code}-{s}" == code_slug(e) for e, s in ((ea, slug_a), (eb, slug_b)))
        if not slugs_ok:
            return _not_found(lang, _t(lang, "The comparison of {a} and {b} is at {url}.").format(a=c.a.code, b=c.b.code, url=canonical),
                              [c.a.code, c.b.code])
        if prefix + rest != canonical:
            return Outcome(301, location=canonical)
        return Outcome(200, pages.comparison(c))

    if head == "glossary" and len(segments) == 1:
        if rest != "/glossary/":
            return Outcome(301, location=urls.glossary_index(lang))
        return Outcome(200, pages.glossary())
    if head == "glossary" and len(segments) == 2:
        term = _glossary.terms(lang).get(segments[1])
        if term is None:
            return _not_found(lang, _t(lang, "The glossary has no term “{term}”.").format(term=segments[1]), [])
        return Outcome(200, pages.term(term))

    if head == "search" and len(segments) == 1:
        return Outcome(200, pages.search(query.get("q", "")[:200]))

    return _not_found(lang, _t(lang, "There is no page at this address."), [])


def all_page_paths() -> list[str]:
    """Every page of the site in every language, as paths (for the sitemap and the static export)."""
    paths = []
    codes = catalog.codes()
    for lang in catalog.languages():
        paths.append(urls.home(lang))
        for code in codes:
            paths.append(urls.code_page(catalog.get(code, lang), lang))
        for i, a in enumerate(codes):
            for b in codes[i + 1:]:
                paths.append(f"{urls.prefix(lang)}/compare/sip/{_slug_pair(a, b)}")
        paths.append(f"{urls.prefix(lang)}/compare")
        paths.append(urls.glossary_index(lang))
        for term_id in _glossary.terms():
            paths.append(urls.glossary_term(term_id, lang))
    return paths


def _slug_pair(a: int, b: int) -> str:
    return f"{code_slug(catalog.get(a))}-vs-{code_slug(catalog.get(b))}"
