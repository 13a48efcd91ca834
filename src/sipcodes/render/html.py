"""HTML pages from Jinja2 templates (autoescaped). Standalone pages inline their stylesheet."""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any, Callable

_HERE = os.path.dirname(__file__)


@lru_cache(maxsize=None)
def environment_for(lang: str):
    """A Jinja2 environment whose gettext calls translate into `lang` (autoescaping on)."""
    import jinja2

    from .. import i18n

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(os.path.join(_HERE, "templates")),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(i18n.translations(lang), newstyle=True)
    return env


@lru_cache(maxsize=1)
def stylesheet() -> str:
    with open(os.path.join(_HERE, "static", "style.css"), encoding="utf-8") as fh:
        return fh.read()


def render_page(template: str, *, lang: str = "en", standalone: bool = True,
                link_code: Callable[[Any], str] | None = None,
                static_url: Callable[[str], str] | None = None, **context: Any) -> str:
    """Render `template`; `link_code(entry)` turns code names into links when given."""
    return environment_for(lang).get_template(template).render(
        lang=lang, standalone=standalone, css=stylesheet() if standalone else "", link_code=link_code,
        static_url=static_url or (lambda name: f"/static/{name}"), prose=lambda text: text, **context,
    )


def render_comparison_html(comparison, standalone: bool = True, **context: Any) -> str:
    return render_page("compare.html", c=comparison, lang=comparison.lang, standalone=standalone,
                       title=comparison.title, description=comparison.summary, **context)
