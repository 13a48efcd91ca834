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
_CAUSE_SPEC = re.compile(r"^([1-9][0-9]{0,2})(?:-([a-z0-9]+(?:-[a-z0-9]+)*))?$")
# A path this site can answer: printable, one slash between segments, no backslash. Anything else (such as
# "//evil.example", which a browser reads as another host) is a 404, never a redirect.
_SAFE_PATH = re.compile(r"^(?:/[^/\\\x00-\x20\x7f]+)*/?$")
# What a 404 page may echo of the address asked for.
_ECHO_LENGTH = 60
SEARCH_MAX_WORDS = 8
SEARCH_SHOWN = 50
_LANG_LIKE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})?$")


@dataclass
class Outcome:
    """What to answer: `status` 200 with `html`, 301 with `location`, or 404 with `html`."""

    status: int
    html: str = ""
    location: str = ""
    headers: dict[str, str] = field(default_factory=dict)


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


def _echo(text: str) -> str:
    return text if len(text) <= _ECHO_LENGTH else text[:_ECHO_LENGTH] + "…"


def _code_from_spec(spec: str, lang: str):
    """(entry, slug given or None) or an Outcome for a malformed spec."""
    match = _CODE_SPEC.match(spec)
    if not match:
        digits = re.match(r"^[0-9]{1,3}", spec)
        near = _nearest(int(digits.group(0))) if digits else [183, 404, 486]
        return _not_found(lang, i18n.gettext(lang, "“{spec}” is not a SIP response code page.").format(spec=_echo(spec)), near)
    number = int(match.group(1))
    if number not in catalog.codes():
        return _not_found(lang, i18n.gettext(lang, "{number} is not a SIP response code in the catalog.").format(number=number), _nearest(number))
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
        return _not_found(catalog.SOURCE_LANG, i18n.gettext(catalog.SOURCE_LANG, "There are no pages in the language “{lang}”. Available: {langs}.").format(lang=_echo(first), langs=", ".join(catalog.languages())))
    return catalog.SOURCE_LANG, path


def resolve(path: str, query: dict[str, str] | None = None, base_url: str = "") -> Outcome:
    """Route a GET of `path` (with its query parameters) to a page, a redirect or a 404.

    `base_url` makes canonical and alternate links absolute (the static export knows where it will live)."""
    query = query or {}
    if not _SAFE_PATH.match(path):
        return _not_found(catalog.SOURCE_LANG, i18n.gettext(catalog.SOURCE_LANG, "There is no page at this address."), [])
    split = split_lang(path)
    if isinstance(split, Outcome):
        return _only_to_a_page(split, query, base_url)
    lang, rest = split
    pages = _pages(lang, base_url)
    prefix = urls.prefix(lang)

    if rest == "/":
        if lang != catalog.SOURCE_LANG and not path.endswith("/"):
            return Outcome(301, location=urls.home(lang))
        return Outcome(200, pages.home())
    if rest not in ("/glossary/", "/q850/", "/warning/") and rest.endswith("/"):
        return _only_to_a_page(Outcome(301, location=prefix + rest.rstrip("/")), query, base_url)

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
            return _not_found(lang, i18n.gettext(lang, "The page for {code} is at {url}.").format(code=entry.code, url=canonical), [entry.code])
        return Outcome(200, pages.code(entry))

    if head == "compare" and len(segments) == 1:
        a, b = query.get("a", ""), query.get("b", "")
        if not a and not b:
            return Outcome(200, pages.picker())
        try:
            c = compare(a, b, lang)
        except UnknownCode:
            return _not_found(lang, i18n.gettext(lang, "Pick two codes from the list to compare them."), [])
        except SameCode:
            return _not_found(lang, i18n.gettext(lang, "A code cannot be compared with itself; pick two different codes."), [])
        return Outcome(301, location=urls.compare_page(c, lang))

    if head == "compare" and len(segments) == 3 and segments[1] == "sip":
        spec = segments[2]
        if "-vs-" not in spec:
            return _not_found(lang, i18n.gettext(lang, "“{spec}” is not a comparison; use the form 183-vs-438.").format(spec=_echo(spec)), [])
        left, right = spec.split("-vs-", 1)
        found_a, found_b = _code_from_spec(left, lang), _code_from_spec(right, lang)
        for found in (found_a, found_b):
            if isinstance(found, Outcome):
                return found
        (ea, slug_a), (eb, slug_b) = found_a, found_b
        if ea.code == eb.code:
            return _not_found(lang, i18n.gettext(lang, "A code cannot be compared with itself; pick two different codes."),
                              [c for c in ea.related[:3]])
        c = compare(ea.code, eb.code, lang)
        canonical = urls.compare_page(c, lang)
        slugs_ok = all(s is None or f"{e.code}-{s}" == code_slug(e) for e, s in ((ea, slug_a), (eb, slug_b)))
        if not slugs_ok:
            return _not_found(lang, i18n.gettext(lang, "The comparison of {a} and {b} is at {url}.").format(a=c.a.code, b=c.b.code, url=canonical),
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
            return _not_found(lang, i18n.gettext(lang, "The glossary has no term “{term}”.").format(term=_echo(segments[1])), [])
        return Outcome(200, pages.term(term))

    if head in ("q850", "warning") and len(segments) == 1:
        index = urls.causes_index(lang) if head == "q850" else urls.warnings_index(lang)
        if prefix + rest != index:
            return Outcome(301, location=index)
        return Outcome(200, pages.causes() if head == "q850" else pages.warnings())
    if head == "q850" and len(segments) == 2:
        match = _CAUSE_SPEC.match(segments[1])
        found = catalog.causes(lang).get(int(match.group(1))) if match else None
        if found is None:
            return _not_found(lang, i18n.gettext(lang, "“{spec}” is not a Q.850 cause page; causes run from 1 to 127.").format(spec=_echo(segments[1])), [])
        canonical = urls.cause_page(found, lang)
        if match.group(2) is None:
            return Outcome(301, location=canonical)
        if segments[1] != found.slug:
            return _not_found(lang, i18n.gettext(lang, "The page for cause {cause} is at {url}.").format(cause=found.cause, url=canonical), [])
        return Outcome(200, pages.cause(found))
    if head == "warning" and len(segments) == 2:
        spec = segments[1]
        found = catalog.warnings(lang).get(int(spec)) if spec.isascii() and spec.isdigit() and len(spec) == 3 else None
        if found is None:
            return _not_found(lang, i18n.gettext(lang, "“{spec}” is not a registered Warning code.").format(spec=_echo(spec)), [])
        return Outcome(200, pages.warning(found))

    if head == "explain" and len(segments) == 1:
        return Outcome(200, pages.explain())

    if head == "search" and len(segments) == 1:
        return Outcome(200, pages.search(query.get("q", "")[:200], SEARCH_MAX_WORDS, SEARCH_SHOWN))

    return _not_found(lang, i18n.gettext(lang, "There is no page at this address."), [])


def _only_to_a_page(outcome: Outcome, query: dict[str, str], base_url: str) -> Outcome:
    """A redirect that only tidies the address (a trailing slash, an /en/ prefix) is sent only when its target is
    a page; otherwise the answer is the target's own (a 404), so no address redirects somewhere arbitrary."""
    if outcome.status != 301:
        return outcome
    target = resolve(outcome.location, query, base_url)
    return outcome if target.status in (200, 301) else target


def sitemap_missing(lang: str = catalog.SOURCE_LANG) -> Outcome:
    """The 404 for /sitemap.xml on a server that does not know its absolute address."""
    return _not_found(lang, i18n.gettext(lang, "This server has no sitemap: a sitemap lists absolute addresses, so the site "
                                     "must be started with --base-url."), [])


def explain_without_server(lang: str, base_url: str = "") -> str:
    """The static export's /explain page (a static host cannot read uploads): how to explain a trace with the
    command line."""
    return _pages(lang, base_url).explain_cli()


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
        paths.append(urls.causes_index(lang))
        for cause in catalog.causes().values():
            paths.append(urls.cause_page(cause, lang))
        paths.append(urls.warnings_index(lang))
        for value in catalog.warnings():
            paths.append(urls.warning_page(value, lang))
    return paths


def _slug_pair(a: int, b: int) -> str:
    return f"{code_slug(catalog.get(a))}-vs-{code_slug(catalog.get(b))}"
