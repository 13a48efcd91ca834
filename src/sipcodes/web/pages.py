"""Every HTML page of the site, rendered from the catalog for one language. The server and the static export
both call these, so a page is the same whichever way it is served."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlencode

from markupsafe import Markup, escape

from .. import catalog, i18n
from ..catalog import _glossary
from ..comparison import Comparison, code_slug, compare, pair_notes
from ..render import html as html_render
from ..render.layout import fact_rows
from ..textsearch import search as run_search
from ..textsearch import search_other
from . import urls


@lru_cache(maxsize=None)
def language_name(lang: str) -> str:
    """The language's own name for itself ("français"), from Babel's locale data."""
    from babel import Locale

    name = Locale.parse(lang).get_display_name(lang) or lang
    return name[:1].upper() + name[1:]


@lru_cache(maxsize=None)
def _term_pattern(lang: str) -> tuple[re.Pattern | None, dict[str, str]]:
    """One regex over every glossary title and alias, longest first, and a map from lower-cased match to term id."""
    names: dict[str, str] = {}
    originals: dict[str, str] = {}
    for term in _glossary.terms(lang).values():
        # a title is written as a heading ("Early dialog"); in a sentence it starts in lower case
        title_in_sentence = term.title[:1].lower() + term.title[1:]
        for name in (term.title, title_in_sentence, *term.aliases):
            names.setdefault(name.lower(), term.term)
            if name == name.lower() or name.lower() not in originals:
                originals[name.lower()] = name
    if not names:
        return None, names
    # a name written in lower case matches any case; one with capitals ("Digest", "SBC") only as written,
    # so "digest string" in ordinary prose is not mistaken for the term
    parts = [f"(?i:{re.escape(n)})" if originals[n] == n else re.escape(originals[n])
             for n in sorted(names, key=len, reverse=True)]
    return re.compile(rf"(?<![\w-])(?:{'|'.join(parts)})(?![\w-])"), names


@lru_cache(maxsize=1)
def _reason_pattern() -> re.Pattern:
    reasons = sorted({e.reason for e in catalog.all_entries()}, key=len, reverse=True)
    return re.compile("|".join(re.escape(r) for r in reasons))


class SitePages:
    """Renders pages in one language. `base_url` prefixes canonical and alternate links (empty: site-relative)."""

    def __init__(self, lang: str, base_url: str = ""):
        self.lang = lang
        self.base_url = base_url.rstrip("/")
        self.env = html_render.environment_for(lang)
        self._linked: dict[tuple[str, str | None], Markup] = {}

    # --- helpers --------------------------------------------------------------------------------------------
    def _(self, message: str) -> str:
        return i18n.gettext(self.lang, message)

    def prose(self, text: str, skip_term: str | None = None) -> Markup:
        """Escape `text` and link the first mention of each glossary term to its page."""
        key = (text, skip_term)
        linked = self._linked.get(key)
        if linked is None:  # the same paragraphs recur on many pages; the term regex is the costly part
            linked = self._linked[key] = self._link_terms(text, skip_term)
        return linked

    def _link_terms(self, text: str, skip_term: str | None) -> Markup:
        pattern, names = _term_pattern(self.lang)
        # registered reason phrases are protocol tokens: never link a word inside "481 Call/Transaction …"
        protected = [m.span() for m in _reason_pattern().finditer(text)]
        if pattern is None:
            return Markup(escape(text))
        out, last, seen = [], 0, set()
        for match in pattern.finditer(text):
            term_id = names[match.group(0).lower()]
            if term_id in seen or term_id == skip_term:
                continue
            if any(start < match.end() and match.start() < end for start, end in protected):
                continue
            seen.add(term_id)
            out.append(escape(text[last:match.start()]))
            href = urls.glossary_term(term_id, self.lang)
            out.append(Markup('<a class="term" href="{}">{}</a>').format(href, match.group(0)))
            last = match.end()
        out.append(escape(text[last:]))
        return Markup("").join(out)

    def _render(self, template: str, path_by_lang, title: str, description: str = "", switch_query: str = "",
                **context) -> str:
        """`switch_query` ("?q=…") follows the language switcher's links, so a search stays a search."""
        langs = catalog.languages()
        path = path_by_lang(self.lang)
        context.setdefault("prose", self.prose)
        return self.env.get_template(template).render(
            lang=self.lang, title=title, description=description, urls=urls, base_url=self.base_url,
            canonical=path, alternates=[(lang, path_by_lang(lang)) for lang in langs],
            switch=[(lang, path_by_lang(lang) + switch_query, language_name(lang)) for lang in langs]
            if len(langs) > 1 else [],
            link_code=lambda e: urls.code_page(e, self.lang),
            status_label=lambda s: self._(s), footer=self.footer(), **context,
        )

    def footer(self) -> str:
        """Counts and dates formatted for the page's locale (Babel)."""
        from babel.dates import format_date
        from babel.numbers import format_decimal

        return self._("{count} response codes · IANA registry checked on {date}").format(
            count=format_decimal(len(catalog.codes()), locale=self.lang),
            date=format_date(catalog.registry_checked(), format="long", locale=self.lang))

    # --- pages ----------------------------------------------------------------------------------------------
    def home(self) -> str:
        entries = catalog.all_entries(self.lang)
        groups = []
        for cls in range(1, 7):
            group = [e for e in entries if e.code // 100 == cls]
            groups.append((f"{cls}xx", self._(group[0].class_name), group))
        return self._render("site/home.html", urls.home, self._("SIP response codes"),
                            self._("Every SIP response code: what it means, when you see it, how to fix it."),
                            entries=entries, groups=groups, slug=code_slug, compare_action=urls.prefix(self.lang) + "/compare")

    def code(self, entry: catalog.Entry) -> str:
        related = [catalog.get(c, self.lang) for c in entry.related]
        pairs = []
        seen = set()
        for a, b in pair_notes():
            if entry.code in (a, b):
                seen.add((a, b))
        for other in entry.related:
            seen.add((min(entry.code, other), max(entry.code, other)))
        for a, b in sorted(seen):
            c = compare(a, b, self.lang)
            pairs.append((f"{c.a.code} {c.a.reason} vs {c.b.code} {c.b.reason}", urls.compare_page(c, self.lang)))
        platform_rows = []
        for p in catalog.platforms(self.lang).values():
            info, rows = p.for_code(entry.code), p.generated_for(entry.code)
            if info["cause"] is not None or rows:
                platform_rows.append((p, info, rows))
        return self._render(
            "site/code.html", lambda lang: urls.code_page(entry, lang), f"SIP {entry.code} {entry.reason}",
            entry.summary, e=entry, facts=fact_rows(entry), related=related, comparisons=pairs,
            platform_rows=platform_rows, causes=catalog.causes(self.lang),
        )

    def causes(self) -> str:
        from ..catalog import _vocab

        by_class: dict[str, list] = {}
        for c in catalog.causes(self.lang).values():
            by_class.setdefault(c.klass, []).append(c)
        groups = [(klass, self._(label), by_class[klass]) for klass, label in _vocab.CAUSE_CLASSES
                  if klass in by_class]
        locations = [(value, abbr, self._(label)) for value, (abbr, label) in _vocab.CAUSE_LOCATIONS.items()]
        return self._render("site/causes.html", urls.causes_index, self._("Q.850 cause values"),
                            self._("Every ITU-T Q.850 cause value: what it means and the SIP response it maps to."),
                            groups=groups, locations=locations, reasons=list(catalog.reasons(self.lang).values()),
                            entries={e.code: e for e in catalog.all_entries(self.lang)})

    def cause(self, cause) -> str:
        from ..catalog import _vocab

        platform_rows = [(p, p.for_cause(cause.cause)) for p in catalog.platforms(self.lang).values()
                         if p.sip_to_cause is not None or p.cause_to_sip is not None]
        return self._render("site/cause.html", lambda lang: urls.cause_page(cause, lang),
                            self._("Q.850 cause {cause}: {name}").format(cause=cause.cause, name=cause.name),
                            cause.summary, c=cause, klass_label=self._(_vocab.CAUSE_CLASS_NAMES[cause.klass]),
                            platform_rows=platform_rows, entries={e.code: e for e in catalog.all_entries(self.lang)})

    def warnings(self) -> str:
        return self._render("site/warnings.html", urls.warnings_index, self._("Warning codes"),
                            self._("Every registered SIP Warning code: what it means and what to fix."),
                            items=list(catalog.warnings(self.lang).values()))

    def warning(self, w) -> str:
        return self._render("site/warning.html", lambda lang: urls.warning_page(w.warning, lang),
                            self._("Warning {code}: {text}").format(code=w.warning, text=w.text), w.summary, w=w)

    def picker(self) -> str:
        return self._render("site/picker.html", lambda lang: urls.prefix(lang) + "/compare",
                            self._("Compare two SIP response codes"), entries=catalog.all_entries(self.lang),
                            slug=code_slug, compare_action=urls.prefix(self.lang) + "/compare")

    def comparison(self, c: Comparison) -> str:
        return self._render("site/compare.html", lambda lang: urls.compare_page(c, lang), c.title, c.summary, c=c)

    def glossary(self) -> str:
        terms = sorted(_glossary.terms(self.lang).values(), key=lambda t: t.title.lower())
        return self._render("site/glossary.html", urls.glossary_index, self._("Glossary"),
                            self._("The terms the code pages rely on."), terms=terms)

    def term(self, term: _glossary.Term) -> str:
        related = [_glossary.terms(self.lang)[r] for r in term.related]
        names = [n.lower() for n in (term.title, *term.aliases)]
        used_by = []
        for e in catalog.all_entries(self.lang):
            text = " ".join([e.description, e.when_you_see_it, *e.causes, *e.how_to_fix]).lower()
            if any(re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", text) for n in names):
                used_by.append(e)
        return self._render(
            "site/term.html", lambda lang: urls.glossary_term(term.term, lang), term.title, term.definition,
            t=term, related=related, used_by=used_by,
            prose=lambda text: self.prose(text, skip_term=term.term),
        )

    def search(self, query: str, max_words: int | None = None, shown: int = 50) -> str:
        """Results for `query`: how many codes match, and the first `shown` of them."""
        hits = run_search(query, self.lang, max_words=max_words) if query.strip() else []
        others = search_other(query, self.lang, max_words=max_words)[:shown] if query.strip() else []
        switch_query = "?" + urlencode({"q": query}) if query.strip() else ""
        return self._render("site/search.html", urls.search, self._("Search"), switch_query=switch_query,
                            query=query, hits=hits[:shown], total=len(hits), others=others)

    def explain(self, report: dict | None = None, error: str | None = None, all_calls: bool = False) -> str:
        """The /explain page: the form, with the report of the trace just sent, or the error it gave."""
        from ..render.explain_html import report_context
        from .explain import MAX_BYTES, size_label

        context = report_context(report, self.lang, base_url="") if report is not None else {}
        return self._render("site/explain.html", urls.explain, self._("Explain a SIP trace"),
                            self._("Paste SIP messages or a log, or choose a capture, and see each failing call "
                                   "explained with the RFC sections behind it."),
                            action=urls.explain(self.lang), error=error, has_report=report is not None,
                            all_calls=all_calls,
                            max_bytes=MAX_BYTES, size=size_label(self.lang), **context)

    def explain_cli(self) -> str:
        """What the static site shows at /explain: a static host cannot read uploads, the command line can."""
        return self._render("site/explain_cli.html", urls.explain, self._("Explain a SIP trace"),
                            self._("Explain each failing call of a capture or log with the sipcodes command line."))

    def not_found(self, message: str, suggestions: list[catalog.Entry] = ()) -> str:
        return self._render("site/404.html", urls.home, self._("Page not found"), message=message,
                            suggestions=list(suggestions), canonical_override=None)
