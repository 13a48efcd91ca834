"""`sipcodes serve`: uvicorn, with the connection limits a public site needs.

uvicorn closes idle keep-alive connections, but it starts no clock on a new connection, reads request headers of
any size, and answers its own errors without the site's headers. `GuardedProtocol` (uvicorn's httptools protocol
with those gaps closed) adds:
- a deadline for each request: headers complete within `header_timeout` seconds of the connection opening (or of
  the request's first byte on a kept-alive connection), the whole request within `body_timeout` more; else the
  connection is closed (with 408 when part of a request came);
- a cap on request headers (`max_header_bytes`: 431) and bodies (`max_body_bytes`: 413), raised to
  `max_upload_bytes`, with `upload_timeout` to send it, for the routes that take a trace (POST /explain,
  /{lang}/explain and /api/v1/explain);
- a cap on open connections per worker: a new connection past it closes the oldest one that has no request in
  flight, or, when every connection is busy, is answered 503;
- the site's security headers on every response it writes itself (400, 408, 413, 431, 503).
"""

from __future__ import annotations

import logging
import os
import resource
import socket
import sys
from dataclasses import dataclass

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from urllib.parse import parse_qsl

from .. import catalog
from ..errors import SipcodesError
from ..i18n import N_
from .app import SECURITY_HEADERS
from .explain import MAX_BYTES as EXPLAIN_MAX_BYTES, TOO_LARGE, error_json, explain_lang, size_label
from .explain import message as explain_message

APP_FACTORY = "sipcodes.web.app:create_app"
_REASONS = {400: b"Bad Request", 408: b"Request Timeout", 413: b"Content Too Large",
            431: b"Request Header Fields Too Large", 503: b"Service Unavailable"}


class ServeError(SipcodesError, OSError):
    """The server cannot start: the address is taken or cannot be used."""


@dataclass(frozen=True)
class Limits:
    """What one worker accepts from clients. The defaults suit a public site serving pages of a few kB."""

    header_timeout: float = 5.0
    body_timeout: float = 10.0
    keep_alive_timeout: int = 5
    max_header_bytes: int = 16 * 1024
    max_body_bytes: int = 64 * 1024
    max_connections: int = 1000
    max_upload_bytes: int = EXPLAIN_MAX_BYTES
    upload_timeout: float = 30.0


def _upload_route(method: bytes, url: bytes) -> tuple[str, str] | None:
    """("page" or "api", language) for a request that uploads a trace; None for every other request."""
    if method != b"POST":
        return None
    path, _, query = url.partition(b"?")
    try:
        path_text = path.decode("ascii")
    except UnicodeDecodeError:
        return None
    if path_text == "/api/v1/explain":
        lang = dict(parse_qsl(query.decode("latin-1"))).get("lang", "en")
        return "api", lang if lang in catalog.languages() else catalog.SOURCE_LANG
    lang = explain_lang(path_text)
    return None if lang is None else ("page", lang)


def _too_large(route: tuple[str, str] | None, limit: int) -> tuple[bytes, bytes]:
    """(body, content type) of a 413: for an upload, in its language (JSON on the API); else one English line."""
    if route is None:
        return b"This site accepts request bodies of at most %d bytes.\n" % limit, b"text/plain; charset=utf-8"
    kind, lang = route
    text = explain_message(lang, TOO_LARGE, size=size_label(lang))
    if kind == "api":
        return error_json("too_large", text), b"application/json"
    return text.encode("utf-8") + b"\n", b"text/plain; charset=utf-8"


def _raw_response(status: int, message: bytes, extra: list[tuple[bytes, bytes]] = (),
                  content_type: bytes = b"text/plain; charset=utf-8") -> bytes:
    lines = [b"HTTP/1.1 %d %s\r\n" % (status, _REASONS[status])]
    headers = [(b"content-type", content_type), (b"content-length", b"%d" % len(message)),
               (b"connection", b"close"), (b"cache-control", b"no-store"), *extra, *SECURITY_HEADERS]
    lines += [name + b": " + value + b"\r\n" for name, value in headers]
    return b"".join(lines) + b"\r\n" + message


class GuardedProtocol(HttpToolsProtocol):
    """uvicorn's HTTP/1.1 protocol with request deadlines, size caps and a per-worker connection cap."""

    def __init__(self, config, server_state, app_state, _loop=None):
        super().__init__(config, server_state, app_state, _loop)
        self.limits: Limits = getattr(config, "sipcodes_limits", None) or Limits()
        self._deadline = None
        self._received = 0  # bytes of the current request so far (headers, then body)
        self._in_headers = True
        self._opened = 0.0
        self._body_cap = self.limits.max_body_bytes  # of the current request
        self._upload: tuple[str, str] | None = None

    # --- connection -----------------------------------------------------------------------------------------
    def connection_made(self, transport):
        super().connection_made(transport)
        self._opened = self.loop.time()
        if len(self.connections) > self.limits.max_connections and not self._make_room():
            self._refuse(503, b"Too many connections; try again shortly.\n", [(b"retry-after", b"2")])
            return
        self._arm(self.limits.header_timeout)

    def connection_lost(self, exc):
        self._disarm()
        super().connection_lost(exc)

    def _make_room(self) -> bool:
        """Close the oldest connection that has no request in flight; False when there is none."""
        idle = [c for c in self.connections if c is not self and isinstance(c, GuardedProtocol) and c._idle()]
        if not idle:
            return False
        oldest = min(idle, key=lambda c: c._opened)
        oldest.transport.close()
        self.connections.discard(oldest)
        return True

    def _idle(self) -> bool:
        return (self.cycle is None or self.cycle.response_complete) and not self.pipeline

    # --- deadlines and caps ---------------------------------------------------------------------------------
    def _arm(self, seconds: float) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(seconds, self._expired)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expired(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        if self._received and (self.cycle is None or not self.cycle.response_started):
            self._refuse(408, b"The request did not arrive in time.\n")
        else:
            self.transport.close()

    def _refuse(self, status: int, message: bytes, extra: list[tuple[bytes, bytes]] = (),
                content_type: bytes = b"text/plain; charset=utf-8") -> None:
        self._disarm()
        if not self.transport.is_closing():
            self.transport.write(_raw_response(status, message, extra, content_type))
            self.transport.close()

    def _refuse_body(self) -> None:
        body, content_type = _too_large(self._upload, self._body_cap)
        self._refuse(413, body, content_type=content_type)

    def send_400_response(self, msg: str) -> None:
        self._refuse(400, msg.encode("ascii", "replace") + b"\n")

    def data_received(self, data: bytes) -> None:
        if self.transport.is_closing():
            return
        self._received += len(data)
        super().data_received(data)
        # checked after parsing, so that a body arriving with its headers counts as a body; a head still
        # unfinished past the cap is refused before another chunk of it is read
        if self._in_headers and self._received > self.limits.max_header_bytes:
            self._refuse(431, b"The request line and header fields are too large.\n")

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_headers = True
        if self._deadline is None:  # a later request on a kept-alive connection gets its own deadline
            self._arm(self.limits.header_timeout)

    def on_headers_complete(self) -> None:
        self._in_headers = False
        if len(self.url) + sum(len(k) + len(v) + 4 for k, v in self.headers) > self.limits.max_header_bytes:
            self._refuse(431, b"The request line and header fields are too large.\n")
            return
        self._upload = _upload_route(self.parser.get_method(), self.url)
        self._body_cap = self.limits.max_upload_bytes if self._upload else self.limits.max_body_bytes
        length = next((v for k, v in self.headers if k == b"content-length"), b"0")
        if not length.isdigit() or len(length) > 12 or int(length) > self._body_cap:
            self._refuse_body()
            return
        if length == b"0" and not any(k == b"transfer-encoding" for k, _ in self.headers):
            self._disarm()  # no body to wait for (every GET): the request is complete
        else:
            self._arm(self.limits.upload_timeout if self._upload else self.limits.body_timeout)
        super().on_headers_complete()

    def on_body(self, body: bytes) -> None:
        if self.transport.is_closing():  # refused: nothing more of this request is read
            return
        if self._received > self.limits.max_header_bytes + self._body_cap:  # chunked bodies
            self._refuse_body()
            return
        super().on_body(body)

    def on_message_complete(self) -> None:
        if self.transport.is_closing():
            return
        self._disarm()
        self._received = 0
        super().on_message_complete()


def raise_descriptor_limit(wanted: int = 65536) -> int:
    """Raise this process's open-file limit toward `wanted` as far as the hard limit allows; the new soft limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    return soft


def bind(host: str, port: int) -> socket.socket:
    """A listening socket, or ServeError in one line naming the address and what is wrong."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise ServeError(N_("cannot listen on {host}: {reason}; give an address of this machine, such as 127.0.0.1 "
                            "or 0.0.0.0"), host=repr(host), reason=reason) from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        raise ServeError(N_("cannot listen on {host} port {port}: {reason}; stop what uses it or choose another "
                            "--port"), host=host, port=port, reason=exc.strerror or str(exc)) from None
    sock.set_inheritable(True)
    return sock


def serve(host: str = "127.0.0.1", port: int = 8000, workers: int = 1, base_url: str = "",
          limits: Limits | None = None, cache_mb: int | None = None) -> None:
    """Run the site until interrupted. Prints one line saying where it listens."""
    from uvicorn.supervisors import Multiprocess

    limits = limits or Limits()
    descriptors = raise_descriptor_limit()
    # each connection costs a descriptor; keep a margin for files and the listening socket
    limits = Limits(**{**limits.__dict__, "max_connections": max(16, min(limits.max_connections, descriptors - 64))})
    sock = bind(host, port)
    # the settings reach the app in every worker process through the environment
    os.environ["SIPCODES_BASE_URL"] = base_url
    os.environ["SIPCODES_RENDERER"] = "process"
    if cache_mb is not None:
        os.environ["SIPCODES_CACHE_MB"] = str(cache_mb)
    config = uvicorn.Config(APP_FACTORY, factory=True, http=GuardedProtocol, workers=workers,
                            timeout_keep_alive=limits.keep_alive_timeout, log_level="warning", access_log=False,
                            lifespan="off")
    config.sipcodes_limits = limits
    shown_host = f"[{host}]" if ":" in host else host
    print(f"sipcodes: serving http://{shown_host}:{sock.getsockname()[1]}/ with {workers} worker"
          f"{'s' if workers > 1 else ''} (at most {limits.max_connections} connections each); Ctrl-C stops",
          file=sys.stderr, flush=True)
    logging.getLogger("uvicorn.error").setLevel(logging.WARNING)
    try:
        if workers > 1:
            Multiprocess(config, sockets=[sock]).run()
        else:
            uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:
        pass
