"""Static assets (stylesheet, script, per-language search index) and the sitemap, robots.txt and health check."""

from __future__ import annotations

import json
import os
from functools import lru_cache
from xml.sax.saxutils import escape as xml_escape

from .. import catalog
from . import urls

_RENDER_STATIC = os.path.join(os.path.dirname(os.path.dirname(__file__)), "render", "static")
_WEB_STATIC = os.path.join(os.path.dirname(__file__), "static")
_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
          ".json": "application/json", ".svg": "image/svg+xml"}


def search_index(lang: str) -> list[dict]:
    """What the static site's search script matches against: one record per code, in the page language."""
    records = []
    for e in catalog.all_entries(lang):
        text = " ".join([e.reason, e.summary, e.description, e.when_you_see_it, *e.causes, *e.how_to_fix,
                         *e.headers])
        records.append({"code": e.code, "reason": e.reason, "summary": e.summary,
                        "url": urls.code_page(e, lang), "text": text.lower()})
    return records


_assets: dict[str, tuple[bytes, str]] = {}


def asset(name: str) -> tuple[bytes, str] | None:
    """The bytes and content type of /static/<name>, or None. Only names in `asset_names()` are ever read or
    kept, so asking for other names costs nothing and stores nothing."""
    found = _assets.get(name)
    if found is not None or name not in _asset_names():
        return found
    if name.startswith("search-") and name.endswith(".json"):
        lang = name[len("search-"):-len(".json")]
        body = json.dumps(search_index(lang), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        found = body, _TYPES[".json"]
    else:
        for folder in (_WEB_STATIC, _RENDER_STATIC):
            path = os.path.join(folder, name)
            if os.path.isfile(path):
                with open(path, "rb") as fh:
                    found = fh.read(), _TYPES.get(os.path.splitext(name)[1], "application/octet-stream")
                break
    _assets[name] = found
    return found


@lru_cache(maxsize=1)
def _asset_names() -> frozenset[str]:
    names = {n for folder in (_WEB_STATIC, _RENDER_STATIC) for n in os.listdir(folder) if not n.startswith(".")}
    names |= {f"search-{lang}.json" for lang in catalog.languages()}
    return frozenset(names)


def asset_names() -> list[str]:
    return sorted(_asset_names())


def sitemap(base_url: str) -> bytes:
    from .routes import all_page_paths

    base = base_url.rstrip("/")
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for path in all_page_paths():
        lines.append(f"<url><loc>{xml_escape(base + path)}</loc></url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots(base_url: str = "") -> bytes:
    """robots.txt; it names the sitemap only when the site's absolute address is known."""
    lines = ["User-agent: *", "Allow: /"]
    if base_url:
        lines.append(f"Sitemap: {base_url.rstrip('/')}/sitemap.xml")
    return ("\n".join(lines) + "\n").encode()


def special(path: str, base_url: str = "") -> tuple[bytes, str] | None:
    """/sitemap.xml or /robots.txt for a site served from `base_url`; None for a sitemap without one, since a
    sitemap must list absolute URLs."""
    if path == "/sitemap.xml":
        return (sitemap(base_url), "application/xml") if base_url else None
    if path == "/robots.txt":
        return robots(base_url), "text/plain; charset=utf-8"
    raise ValueError(f"no special file at {path}")
