"""The ASGI application: the site's pages, static files and the JSON API, with security and caching headers.

Pages are rendered once and kept in a cache bounded in bytes, keyed only on what changes the page (its path; the
query only for search, which is never cached). Rendering, search and every other piece of CPU work runs outside
the event loop (in a render process under `sipcodes serve`), so a costly request never holds up the others;
cached pages and /healthz are answered from the loop at once. The API is a FastAPI app (OpenAPI schema at /api/openapi.json, documentation
rendered on the server at /api/docs).
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections import OrderedDict
from urllib.parse import parse_qsl, quote

from .. import catalog
from . import explain as explaining, routes, static
from .render import RenderFailed, RenderProcess, RenderThread

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"x-frame-options", b"DENY"),
]
PAGE_CACHE_CONTROL = b"public, max-age=3600"
DEFAULT_CACHE_MB = 64
_HTML, _JSON, _TEXT = b"text/html; charset=utf-8", b"application/json", b"text/plain; charset=utf-8"
_HEALTH = (b'{"status":"ok"}\n', [(b"content-type", b"application/json"), (b"cache-control", b"no-store")])
_log = logging.getLogger("sipcodes.web")
# Traces being received or explained at once, per worker: each holds up to explaining.MAX_BYTES in memory, and the
# render process takes them one at a time anyway. A request past this gets 503 at once rather than waiting.
UPLOAD_SLOTS = 3


class _Response:
    __slots__ = ("status", "headers", "body", "etag")

    def __init__(self, status: int, headers: list[tuple[bytes, bytes]], body: bytes, etag: bytes | None):
        self.status, self.headers, self.body, self.etag = status, headers, body, etag

    def size(self) -> int:
        return len(self.body) + sum(len(k) + len(v) for k, v in self.headers) + 200


class PageCache:
    """Least-recently-used responses, holding at most `max_bytes` of bodies and headers."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.used = 0
        self._items: OrderedDict[str, _Response] = OrderedDict()

    def get(self, key: str) -> _Response | None:
        hit = self._items.get(key)
        if hit is not None:
            self._items.move_to_end(key)
        return hit

    def put(self, key: str, response: _Response) -> None:
        size = response.size() + len(key)
        if size > self.max_bytes:
            return
        old = self._items.pop(key, None)
        if old is not None:
            self.used -= old.size() + len(key)
        self._items[key] = response
        self.used += size
        while self.used > self.max_bytes:
            old_key, old = self._items.popitem(last=False)
            self.used -= old.size() + len(old_key)

    def __len__(self) -> int:
        return len(self._items)


def _etag(body: bytes) -> bytes:
    return b'"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'


def _etag_matches(header: bytes, etag: bytes) -> bool:
    """If-None-Match uses the weak comparison (RFC 9110 §13.1.2): W/ is ignored and "*" matches any."""
    if header.strip() == b"*":
        return True
    for candidate in header.split(b","):
        candidate = candidate.strip()
        if candidate.startswith(b"W/"):
            candidate = candidate[2:]
        if candidate == etag:
            return True
    return False


def _is_local(location: str) -> bool:
    """A redirect target on this site: one leading slash, never "//" or a backslash that browsers read as "/"."""
    return location.startswith("/") and not location.startswith(("//", "/\\")) and "\\" not in location


def build_response(base_url: str, path: str, query_string: bytes) -> tuple[_Response, bool]:
    """The response for GET `path`, and whether it may be cached under the path alone. Pure CPU work: it runs in
    the render process (or thread), never on the event loop."""
    if path.startswith("/static/"):
        found = static.asset(path[len("/static/"):])
        if found is None:
            return _html(404, routes.resolve("/static-missing").html, cache=False), False
        body, content_type = found
        return _Response(200, [(b"content-type", content_type.encode()),
                               (b"cache-control", b"public, max-age=86400")], body, _etag(body)), True
    if path in ("/sitemap.xml", "/robots.txt"):
        found = static.special(path, base_url)
        if found is None:
            return _html(404, routes.sitemap_missing().html, cache=False), True
        body, content_type = found
        return _Response(200, [(b"content-type", content_type.encode()), (b"cache-control", PAGE_CACHE_CONTROL)],
                         body, _etag(body)), True
    query = dict(parse_qsl(query_string.decode("latin-1")))
    outcome = routes.resolve(path, query, base_url=base_url)
    if outcome.status == 301:
        if not _is_local(outcome.location):  # never send anyone off the site, whatever resolve says
            outcome = routes.resolve("/off-site-redirect")
        else:
            # paths arrive percent-decoded; a Location header must be ASCII again
            location = quote(outcome.location, safe="/-._~!$&'()*+,;=:@?")
            return _Response(301, [(b"location", location.encode("ascii")),
                                   (b"cache-control", PAGE_CACHE_CONTROL),
                                   (b"content-type", b"text/plain; charset=utf-8")],
                             b"Moved to " + location.encode("ascii") + b"\n", None), False
    # a page that exists depends on its path alone; search results depend on the query: never cached
    cacheable = outcome.status == 200 and not path.rstrip("/").endswith("/search")
    return _html(outcome.status, outcome.html, cache=cacheable), cacheable


def _html(status: int, html: str, cache: bool) -> _Response:
    body = html.encode("utf-8")
    headers = [(b"content-type", b"text/html; charset=utf-8"),
               (b"cache-control", PAGE_CACHE_CONTROL if cache else b"public, max-age=60")]
    return _Response(status, headers, body, _etag(body) if status == 200 else None)


class SiteApp:
    """Serves pages and static files itself and hands /api/… to its FastAPI app, whose JSON it caches and builds
    where it builds pages.

    `renderer` says where pages are built (see `render`): "process", what `sipcodes serve` uses, or "thread", for
    embedding the app and for in-process tests."""

    def __init__(self, base_url: str = "", cache_bytes: int = DEFAULT_CACHE_MB * 1024 * 1024,
                 renderer: str = "thread"):
        from .api import create_api

        if renderer not in ("thread", "process"):
            raise ValueError(f"renderer must be 'thread' or 'process', not {renderer!r}")
        self.api = create_api(self.api_body, self.explain_upload)
        self.base_url = base_url.rstrip("/")
        self.cache = PageCache(cache_bytes)
        self.renderer = (RenderProcess if renderer == "process" else RenderThread)(self.base_url)
        self.free_upload_slots = UPLOAD_SLOTS

    async def explain_upload(self, kind: str, lang: str, content_type: str, chunks,
                             all_calls: bool = False) -> tuple[int, bytes, bytes]:
        """(status, content type, body) for a trace sent to /explain (kind "page": HTML) or /api/v1/explain ("api": JSON).

        `chunks` is the request body as an async iterator of bytes; it is read only once a slot is free and never
        past explaining.MAX_BYTES. The trace is explained where pages are built, not on the event loop."""
        answer_type = _JSON if kind == "api" else _HTML

        def refusal(status: int, template: str, **values) -> tuple[int, bytes, bytes]:
            text = explaining.message(lang, template, **values)
            if kind == "api":
                return status, _JSON, explaining.error_json({413: "too_large", 503: "busy"}[status], text)
            return status, _TEXT, (text + "\n").encode("utf-8")

        if self.free_upload_slots <= 0:
            return refusal(503, explaining.BUSY)
        self.free_upload_slots -= 1
        try:
            parts, size = [], 0
            async for chunk in chunks:
                size += len(chunk)
                if size > explaining.MAX_BYTES:
                    return refusal(413, explaining.TOO_LARGE, size=explaining.size_label(lang))
                parts.append(chunk)
            body = b"".join(parts)
            del parts
            try:
                status, answer = await self.renderer.run("explain", kind, lang, content_type, body, all_calls,
                                                         attempts=1)
                return status, answer_type, answer
            except RenderFailed:  # the job outlived the render timeout (the process was restarted) or crashed it
                return refusal(503, explaining.SLOW)
        finally:
            self.free_upload_slots += 1

    async def api_body(self, kind: str, key: tuple) -> bytes:
        """The JSON of a valid API request (canonical `key`), from the cache or built off the event loop."""
        cache_key = f"api {kind} {key}"
        hit = self.cache.get(cache_key)
        if hit is None:
            hit = _Response(200, [], await self.renderer.run("api", kind, key), None)
            self.cache.put(cache_key, hit)
        return hit.body

    async def _page(self, path: str, query_string: bytes) -> _Response:
        # only the picker (a=, b=) and search (q=) read the query; every other page is the same whatever it holds
        query_matters = query_string and path.rstrip("/").endswith(("/compare", "/search"))
        hit = None if query_matters else self.cache.get(path)
        if hit is not None:
            return hit
        response, cacheable = await self.renderer.run("page", path, query_string)
        if cacheable and not query_matters:
            self.cache.put(path, response)
        return response

    # --- ASGI ------------------------------------------------------------------------------------------------
    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.api(scope, receive, send)
        started = False

        async def tracked(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self._dispatch(scope, receive, tracked)
        except ClientGone:
            pass
        except Exception:  # a bug must still answer with the site's headers, and be logged
            _log.exception("error while answering %s %s", scope.get("method"), scope.get("path", "")[:200])
            if not started:
                await _plain(send, 500, b"Something went wrong on this server.\n")

    async def _dispatch(self, scope, receive, send):
        path = scope["path"]
        if path in ("/api", "/api/"):
            return await _redirect(send, "/api/docs")
        if path.startswith("/api/"):
            return await self.api(scope, receive, _with_security(send))
        method = scope["method"]
        upload_lang = explaining.explain_lang(path)
        if upload_lang is not None and method == "POST":
            return await self._explain_page(scope, receive, send, upload_lang)
        if method not in ("GET", "HEAD"):
            if upload_lang is not None:
                return await _plain(send, 405, b"Only GET, HEAD and POST (the form) are served here.\n",
                                    [(b"allow", b"GET, HEAD, POST")])
            return await _plain(send, 405, b"Only GET and HEAD are served here.\n", [(b"allow", b"GET, HEAD")])
        if path == "/healthz":
            body, headers = _HEALTH
            page = _Response(200, headers, body, None)
        else:
            page = await self._page(path, scope.get("query_string", b""))
        headers = [*page.headers, *SECURITY_HEADERS]
        status, body = page.status, page.body
        if page.etag is not None:
            headers.append((b"etag", page.etag))
            if any(name == b"if-none-match" and _etag_matches(value, page.etag) for name, value in scope["headers"]):
                # 304 carries the validators and caching headers, no body and no length (RFC 9110 §15.4.5)
                status, body = 304, b""
                headers = [h for h in headers if h[0] != b"content-type"]
        if status != 304:
            headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if method == "HEAD" else body})


    async def _explain_page(self, scope, receive, send, lang: str) -> None:
        content_type = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"content-type"), "")
        status, content_type, body = await self.explain_upload("page", lang, content_type, _body_chunks(receive))
        # a page answering a form carries the report of one upload: never cached, nor kept by the browser
        headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode()),
                   (b"cache-control", b"no-store"), *SECURITY_HEADERS]
        if status == 503:
            headers.append((b"retry-after", b"5"))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


class ClientGone(Exception):
    """The client closed the connection before its request body was complete."""


async def _body_chunks(receive):
    """The request body, chunk by chunk, as the server hands it over."""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientGone()
        yield message.get("body", b"")
        if not message.get("more_body"):
            return


async def _plain(send, status: int, body: bytes, extra: list[tuple[bytes, bytes]] = ()) -> None:
    await send({"type": "http.response.start", "status": status, "headers": [
        *extra, (b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
        (b"cache-control", b"no-store"), *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": body})


async def _redirect(send, location: str) -> None:
    body = f"Moved to {location}\n".encode()
    await send({"type": "http.response.start", "status": 301, "headers": [
        (b"location", location.encode("ascii")), (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode()), (b"cache-control", PAGE_CACHE_CONTROL), *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": body})


def _with_security(send):
    async def wrapped(message):
        if message["type"] == "http.response.start":
            message = dict(message)
            existing = {name.lower() for name, _ in message.get("headers", [])}
            message["headers"] = [*message.get("headers", []),
                                  *(h for h in SECURITY_HEADERS if h[0] not in existing)]
        await send(message)
    return wrapped


def create_app(base_url: str | None = None, cache_mb: int | None = None, renderer: str | None = None) -> SiteApp:
    """The whole site: pages, static files and the API.

    `base_url` (default: $SIPCODES_BASE_URL, else none) makes canonical links, robots.txt and the sitemap absolute;
    without it links are site-relative and there is no sitemap, since a sitemap must hold absolute URLs. Nothing
    in a request (such as its Host header) changes a page. `cache_mb` (default: $SIPCODES_CACHE_MB, else 64)
    bounds the page cache. `renderer` (default: $SIPCODES_RENDERER, else "thread") is described at `SiteApp`."""
    if base_url is None:
        base_url = os.environ.get("SIPCODES_BASE_URL", "")
    if cache_mb is None:
        cache_mb = int(os.environ.get("SIPCODES_CACHE_MB") or DEFAULT_CACHE_MB)
    # Load and validate the catalog at start-up, so a broken data file stops the server instead of a request.
    for lang in catalog.languages():
        catalog.all_entries(lang)
    renderer = renderer or os.environ.get("SIPCODES_RENDERER") or "thread"
    return SiteApp(base_url=base_url, cache_bytes=cache_mb * 1024 * 1024, renderer=renderer)
