"""The ASGI application: the site's pages, static files and the JSON API, with security and caching headers.

Pages are rendered once and kept in memory with their ETag; the API is a FastAPI app (OpenAPI schema at
/api/openapi.json, documentation rendered on the server at /api/docs).
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from urllib.parse import parse_qsl, quote

from .. import catalog
from . import routes, static

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"x-frame-options", b"DENY"),
]
PAGE_CACHE_CONTROL = b"public, max-age=3600"


class _Cached:
    __slots__ = ("status", "headers", "body", "etag")

    def __init__(self, status: int, headers: list[tuple[bytes, bytes]], body: bytes, etag: bytes | None):
        self.status, self.headers, self.body, self.etag = status, headers, body, etag


def _etag(body: bytes) -> bytes:
    return b'"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'


class SiteApp:
    """Serves pages and static files itself and hands /api/… to the FastAPI app."""

    def __init__(self, api, cache_size: int = 4096):
        self.api = api
        self.cache: OrderedDict[str, _Cached] = OrderedDict()
        self.cache_size = cache_size

    def _page(self, path: str, query_string: bytes, base_url: str) -> _Cached:
        key = path if not query_string else f"{path}?{query_string.decode('latin-1')}"
        if path in ("/sitemap.xml", "/robots.txt"):
            key = base_url + path  # absolute URLs inside depend on the host asked for
        hit = self.cache.get(key)
        if hit is not None:
            self.cache.move_to_end(key)
            return hit
        cacheable = True
        if path.startswith("/static/"):
            found = static.asset(path[len("/static/"):])
            if found is None:
                outcome = routes.resolve("/static-missing")
                made = self._html(outcome.status, outcome.html, cache=False)
            else:
                body, content_type = found
                made = _Cached(200, [(b"content-type", content_type.encode()),
                                     (b"cache-control", b"public, max-age=86400")], body, _etag(body))
        elif path in ("/sitemap.xml", "/robots.txt", "/healthz"):
            body, content_type = static.special(path, base_url)
            made = _Cached(200, [(b"content-type", content_type.encode()),
                                 (b"cache-control", b"no-store" if path == "/healthz" else PAGE_CACHE_CONTROL)],
                           body, None if path == "/healthz" else _etag(body))
            cacheable = path != "/healthz"
        else:
            query = dict(parse_qsl(query_string.decode("latin-1")))
            outcome = routes.resolve(path, query)
            if outcome.status == 301:
                # paths arrive percent-decoded; a Location header must be ASCII again
                location = quote(outcome.location, safe="/-._~!$&'()*+,;=:@?")
                made = _Cached(301, [(b"location", location.encode("ascii")),
                                     (b"cache-control", PAGE_CACHE_CONTROL),
                                     (b"content-type", b"text/plain; charset=utf-8")],
                               b"Moved to " + location.encode("ascii") + b"\n", None)
            else:
                made = self._html(outcome.status, outcome.html, cache=outcome.status == 200)
            # search results depend on free text: keep them out of the cache
            cacheable = not path.rstrip("/").endswith("/search")
        if cacheable:
            self.cache[key] = made
            if len(self.cache) > self.cache_size:
                self.cache.popitem(last=False)
        return made

    @staticmethod
    def _html(status: int, html: str, cache: bool) -> _Cached:
        body = html.encode("utf-8")
        headers = [(b"content-type", b"text/html; charset=utf-8"),
                   (b"cache-control", PAGE_CACHE_CONTROL if cache else b"public, max-age=60")]
        return _Cached(status, headers, body, _etag(body) if status == 200 else None)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.api(scope, receive, send)
        path = scope["path"]
        if path.startswith("/api/") or path == "/api":
            return await self.api(scope, receive, _with_security(send))
        method = scope["method"]
        if method not in ("GET", "HEAD"):
            body = b"Only GET and HEAD are served here.\n"
            await send({"type": "http.response.start", "status": 405, "headers": [
                (b"allow", b"GET, HEAD"), (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()), *SECURITY_HEADERS]})
            await send({"type": "http.response.body", "body": body})
            return
        page = self._page(path, scope.get("query_string", b""), _base_url(scope))
        headers = [*page.headers, *SECURITY_HEADERS]
        status, body = page.status, page.body
        if page.etag is not None:
            headers.append((b"etag", page.etag))
            for name, value in scope["headers"]:
                if name == b"if-none-match" and page.etag in [v.strip() for v in value.split(b",")]:
                    status, body = 304, b""
                    break
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if method == "HEAD" else body})


def _base_url(scope) -> str:
    host = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"host"), "")
    if not host or any(c in host for c in "/\\ <>\"'"):
        server = scope.get("server") or ("127.0.0.1", 8000)
        host = f"{server[0]}:{server[1]}"
    return f"{scope.get('scheme', 'http')}://{host}"


def _with_security(send):
    async def wrapped(message):
        if message["type"] == "http.response.start":
            message = dict(message)
            existing = {name.lower() for name, _ in message.get("headers", [])}
            message["headers"] = [*message.get("headers", []),
                                  *(h for h in SECURITY_HEADERS if h[0] not in existing)]
        await send(message)
    return wrapped


def create_app() -> SiteApp:
    """The whole site: pages, static files and the API."""
    from .api import create_api

    # Load and validate the catalog at start-up, so a broken data file stops the server instead of a request.
    for lang in catalog.languages():
        catalog.all_entries(lang)
    return SiteApp(create_api())


def serve(host: str = "127.0.0.1", port: int = 8000, workers: int = 1) -> None:
    import uvicorn

    if workers > 1:
        uvicorn.run("sipcodes.web.app:create_app", factory=True, host=host, port=port, workers=workers,
                    log_level="warning", access_log=False)
    else:
        uvicorn.run(create_app(), host=host, port=port, log_level="info", access_log=False)

