"""The JSON API (/api/v1/…): the same objects as the CLI's --format json, with errors as JSON.

FastAPI generates the OpenAPI schema; /api/docs renders it as a plain HTML page on the server (no scripts from
other hosts, so the site's Content-Security-Policy holds there too). A request is checked on the event loop (a
code and a language are cheap to validate); the JSON of a valid one is built by `api_body`, which the site runs
where it renders pages and caches under the request's canonical form, so no input makes the loop do costly work.
"""

from __future__ import annotations

import json
from typing import Any, Awaitable, Callable

from fastapi import FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from .. import catalog
from ..comparison import SameCode, _ordered, compare
from ..errors import UnknownCode, UnknownLanguage
from ..catalog._causes import UnknownCause, UnknownWarning
from ..render.json import cause_dict, entry_dict, list_item
from ..render.html import render_page


class Reference(BaseModel):
    rfc: int
    section: str
    note: str | None = None


class CodeSummary(BaseModel):
    code: int
    reason: str
    class_: str = Field(alias="class")
    status: str
    final: bool
    summary: str


class FailoverBasis(BaseModel):
    kind: str = Field(description='"rfc" (the action rests on the cited section) or "practice" (common carrier '
                                  "and SBC practice)")
    rfc: int | None = None
    section: str | None = None


class Entry(BaseModel):
    """A catalog entry: the JSON contract documented in the README."""

    code: int
    reason: str
    class_: str = Field(alias="class")
    class_name: str
    status: str
    meaning: str
    final: bool
    registered_by: int
    references: list[Reference]
    senders: list[str]
    answers: list[str]
    headers: list[str]
    next_steps: list[str]
    retry_change: str | None
    dialog: list[str]
    forking: list[str]
    outcome: str | None
    failover: str | None = Field(description="codes 300-699: what a router with several routes should do when this "
                                             "response comes back on one (next-route, stop, retry-later, "
                                             "retry-modified); null below 300")
    failover_basis: FailoverBasis | None = Field(description="what the failover action rests on; null below 300")
    session_setup: str | None
    ack: str
    q850: dict[str, Any] | None
    related: list[int]
    summary: str
    description: str
    when_you_see_it: str
    causes: list[str]
    how_to_fix: list[str]
    lang: str
    platforms: dict[str, "PlatformOnCode"] = {}


class PlatformOnCode(BaseModel):
    """What one platform does with a code: the hangup cause it maps it to and when it sends it itself."""

    cause: int | None
    cause_by_default: bool
    generated_when: str | None
    setting: str | None
    source: str | None


class PlatformOnCause(BaseModel):
    """What one platform does with a Q.850 cause: the code it sends for it and the codes it turns into it."""

    to_sip: int | None
    to_sip_by_default: bool
    from_sip: list[int]
    source: str | None


Entry.model_rebuild()


class OtherMapping(BaseModel):
    standard: str
    section: str
    to_sip: int | None
    from_sip: list[int]


class Cause(BaseModel):
    """A Q.850 cause value with its RFC 3398 mappings and each platform's."""

    cause: int
    name: str
    class_: str = Field(alias="class")
    aliases: list[str]
    to_sip: int | None
    to_sip_also: list[int]
    from_sip: list[int]
    mappings: list[OtherMapping]
    references: list[Reference]
    summary: str
    description: str
    platforms: dict[str, PlatformOnCause]
    lang: str


class CauseSummary(BaseModel):
    cause: int
    name: str
    class_: str = Field(alias="class")
    to_sip: int | None
    summary: str


class WarningCode(BaseModel):
    """A warn-code of the Warning header field."""

    warning: int
    text: str
    registered_by: int
    references: list[Reference]
    summary: str
    description: str
    how_to_fix: list[str]
    lang: str


class Side(BaseModel):
    code: int
    reason: str
    class_: str = Field(alias="class")
    status: str
    final: bool
    summary: str
    description: str
    when_you_see_it: str
    how_to_fix: list[str]


class Difference(BaseModel):
    aspect: str
    a: str
    b: str


class ComparisonModel(BaseModel):
    slug: str
    title: str
    summary: str
    a: Side
    b: Side
    differences: list[Difference]
    key_differences: list[str]
    note: str | None
    when_to_use: str
    hangup_causes: list[dict[str, Any]] = []
    lang: str


class ExplainedMessage(BaseModel):
    time: float | None = Field(description="seconds since the epoch; null for text without timestamps")
    src: str
    dst: str
    summary: str = Field(description='the request line without "SIP/2.0", or the status line without it')
    retransmission: bool


class Evidence(BaseModel):
    header: str
    value: str
    meaning: str
    reference: str = Field(examples=["RFC 3261 §20.33"])


class Finding(BaseModel):
    code: int
    reason: str
    explanation: str
    evidence: list[Evidence]
    next_steps: list[str]


class FinalResponse(BaseModel):
    code: int
    reason: str


class ExplainedCall(BaseModel):
    call_id: str
    from_: str = Field(alias="from")
    to: str
    method: str | None
    outcome: str = Field(description="answered, busy, declined, no-answer, cancelled, redirected, "
                                     "challenged-then-answered, rejected, network-failure, timed-out or unfinished")
    outcome_label: str = Field(description="the outcome said in `lang`")
    final: FinalResponse | None
    messages: list[ExplainedMessage]
    findings: list[Finding]


class ExplainReport(BaseModel):
    """The explanation of a trace: the JSON contract documented in the README."""

    lang: str
    messages: int = Field(description="SIP messages read")
    skipped: int = Field(description="packets or lines skipped as not SIP (or damaged)")
    warnings: list[str]
    total_calls: int = Field(description="calls read, including those not shown")
    outcomes: dict[str, int] = Field(description="how many calls read had each outcome")
    calls: list[ExplainedCall] = Field(description="the calls that went wrong (every call with `all`)")


class ErrorDetail(BaseModel):
    type: str
    message: str
    suggestions: list[int] = []


class Error(BaseModel):
    error: ErrorDetail


EXPLAIN_PATH = "/api/v1/explain"
LANG = Query("en", description="language of the prose (en, or another language the catalog has)",
             max_length=16, examples=["en", "fr"])


def _code_param(example: str):
    return Path(description="a SIP response code (100–699)", examples=[example])


def _error(status: int, kind: str, message: str, suggestions: list[int] = (),
           headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"type": kind, "message": message, "suggestions": list(suggestions)}},
                        status_code=status, headers={"cache-control": "public, max-age=60", **(headers or {})})


def _nearest(value: str) -> list[int]:
    """Catalog codes near a wrong value that starts with three digits ("499", "4861"); none for other values."""
    head = str(value).strip()[:3]
    if len(head) < 3 or not (head.isascii() and head.isdigit()):
        return []
    return catalog.nearest_codes(int(head))


def _wrong_code(request: Request) -> str:
    """The path parameter that is not a catalog code (for a comparison, the first of a and b that is not)."""
    params = request.path_params
    for name in ("code", "a", "b"):
        value = params.get(name)
        if value is None:
            continue
        try:
            catalog.parse_code(value)
        except UnknownCode:
            return value
    return ""


def api_body(kind: str, key: tuple) -> bytes:
    """The JSON of a valid request, by kind: ("codes", (lang,)), ("code", (code, lang)), ("compare", (a, b, lang))."""
    if kind == "codes":
        data: Any = [list_item(e) for e in catalog.all_entries(*key)]
    elif kind == "code":
        data = entry_dict(catalog.get(*key))
    elif kind == "causes":
        data = [{"cause": c.cause, "name": c.name, "class": c.klass, "to_sip": c.to_sip, "summary": c.summary}
                for c in catalog.causes(*key).values()]
    elif kind == "cause":
        data = cause_dict(catalog.cause(*key))
    elif kind == "warnings":
        data = [w.to_dict() for w in catalog.warnings(*key).values()]
    elif kind == "warning":
        data = catalog.warning(*key).to_dict()
    elif kind == "compare":
        data = compare(*key).to_dict()
    else:
        raise ValueError(f"no API answer of kind {kind!r}")
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


async def _compute_here(kind: str, key: tuple) -> bytes:
    return api_body(kind, key)


async def _explain_here(kind: str, lang: str, content_type: str, chunks,
                        all_calls: bool = False) -> tuple[int, bytes, bytes]:
    from .explain import MAX_BYTES, TOO_LARGE, error_json, explain_job, message, size_label

    body = b""
    async for chunk in chunks:
        body += chunk
        if len(body) > MAX_BYTES:
            return 413, b"application/json", error_json("too_large", message(lang, TOO_LARGE, size=size_label(lang)))
    status, answer = explain_job("", kind, lang, content_type, body, all_calls)
    return status, b"application/json", answer


def create_api(body: Callable[[str, tuple], Awaitable[bytes]] = _compute_here,
               explain: Callable[..., Awaitable[tuple[int, bytes, bytes]]] = _explain_here) -> FastAPI:
    """The API app. `body(kind, key)` gives the JSON of a valid request (see `api_body`); the site passes one that
    caches and builds off the event loop. `explain("api", lang, content_type, chunks)` answers an uploaded trace
    (see `SiteApp.explain_upload`)."""
    api = FastAPI(
        title="sipcodes",
        summary="Every SIP response code: what it means, when you see it, how to fix it.",
        version="1",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    # Starlette would answer a path that matches only without its trailing slash with a 307 to that path; the
    # API has no such aliases (and a code ending in a newline would otherwise be redirected)
    api.router.redirect_slashes = False

    def message(request: Request, exc) -> str:
        """The error in the language the request asked for, when the catalog has it."""
        lang = request.query_params.get("lang", "en")
        return exc.translated(lang) if lang in catalog.languages() else str(exc)

    @api.exception_handler(UnknownCode)
    async def unknown_code(request: Request, exc: UnknownCode):
        return _error(404, "unknown_code", message(request, exc), _nearest(_wrong_code(request)))

    @api.exception_handler(RequestValidationError)
    async def invalid_parameter(request: Request, exc: RequestValidationError):
        problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}" for e in exc.errors())
        return _error(422, "invalid_parameter", problems or "invalid parameters")

    @api.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        if exc.status_code == 405:
            if request.url.path == EXPLAIN_PATH:
                return _error(405, "method_not_allowed", f"{request.method} is not served here; POST the trace",
                              headers={"allow": "POST"})
            return _error(405, "method_not_allowed", f"{request.method} is not served here; use GET or HEAD",
                          headers={"allow": "GET, HEAD"})
        return _error(exc.status_code, "not_found" if exc.status_code == 404 else "http_error", str(exc.detail),
                      headers=exc.headers)

    @api.exception_handler(UnknownLanguage)
    async def unknown_language(request: Request, exc: UnknownLanguage):
        return _error(404, "unknown_language", str(exc))

    @api.exception_handler(UnknownCause)
    async def unknown_cause(request: Request, exc: UnknownCause):
        return _error(404, "unknown_cause", message(request, exc))

    @api.exception_handler(UnknownWarning)
    async def unknown_warning(request: Request, exc: UnknownWarning):
        return _error(404, "unknown_warning", message(request, exc))

    @api.exception_handler(SameCode)
    async def same_code(request: Request, exc: SameCode):
        return _error(400, "same_code", message(request, exc))

    responses = {404: {"model": Error, "description": "unknown code or language"},
                 422: {"model": Error, "description": "a parameter is malformed (such as a language tag too long)"}}

    def read(path: str, **options):
        """Register a GET route, and HEAD on the same function (answered like GET, without the body; the schema
        lists GET only)."""
        def register(func):
            api.add_api_route(path, func, methods=["HEAD"], include_in_schema=False, **options)
            return api.get(path, **options)(func)
        return register

    async def answer(kind: str, key: tuple) -> Response:
        return Response(await body(kind, key), media_type="application/json",
                        headers={"cache-control": "public, max-age=3600"})

    @read("/api/v1/codes", response_model=list[CodeSummary], responses=responses,
          summary="Every code in the catalog")
    async def list_codes(lang: str = LANG):
        return await answer("codes", (catalog.check_language(lang),))

    @read("/api/v1/codes/{code}", response_model=Entry, responses=responses, summary="One code")
    async def get_code(code: str = _code_param("486"), lang: str = LANG):
        return await answer("code", (catalog.parse_code(code), catalog.check_language(lang)))

    @read("/api/v1/causes", response_model=list[CauseSummary], responses=responses,
          summary="Every Q.850 cause in the catalog")
    async def list_causes(lang: str = LANG):
        return await answer("causes", (catalog.check_language(lang),))

    @read("/api/v1/causes/{n}", response_model=Cause, responses=responses, summary="One Q.850 cause")
    async def get_cause(n: str = Path(description="a Q.850 cause value (1–127)", examples=["34"]),
                        lang: str = LANG):
        lang = catalog.check_language(lang)
        return await answer("cause", (catalog.cause(n).cause, lang))

    @read("/api/v1/warnings", response_model=list[WarningCode], responses=responses,
          summary="Every Warning code in the catalog")
    async def list_warnings(lang: str = LANG):
        return await answer("warnings", (catalog.check_language(lang),))

    @read("/api/v1/warnings/{n}", response_model=WarningCode, responses=responses, summary="One Warning code")
    async def get_warning(n: str = Path(description="a warn-code (300–399)", examples=["304"]), lang: str = LANG):
        lang = catalog.check_language(lang)
        return await answer("warning", (catalog.warning(n).warning, lang))

    @read("/api/v1/compare/{a}/{b}", response_model=ComparisonModel,
          responses={**responses, 400: {"model": Error, "description": "the two codes are the same"}},
          summary="Compare two codes (order does not matter)")
    async def get_comparison(a: str = _code_param("486"), b: str = _code_param("600"), lang: str = LANG):
        lang = catalog.check_language(lang)
        first, second = _ordered(a, b, lang)  # raises UnknownCode or SameCode
        return await answer("compare", (first.code, second.code, lang))

    @api.post(EXPLAIN_PATH, response_model=ExplainReport, summary="Explain a capture or SIP log",
              description="The body is the trace itself: a capture (pcap, pcapng, HEPv3; gzip'd or not) or SIP "
                          "messages and log lines as text, at most 10 MiB. The answer groups the messages into "
                          "calls and explains each failing call, in `lang`. The trace is not stored.",
              responses={404: {"model": Error, "description": "unknown language"},
                         413: {"model": Error, "description": "the body is larger than 10 MiB"},
                         422: {"model": Error, "description": "the body is empty, not a capture or log sipcodes "
                                                              "can read, or holds no SIP message"},
                         503: {"model": Error, "description": "too many traces are being explained; try again"}},
              openapi_extra={"requestBody": {"required": True, "content": {
                  "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
                  "text/plain": {"schema": {"type": "string"}}}}})
    async def explain_trace(request: Request, lang: str = LANG,
                            all: bool = Query(False, description="every call, not only those that went wrong")):
        lang = catalog.check_language(lang)
        status, content_type, answer = await explain("api", lang, request.headers.get("content-type", ""),
                                                     request.stream(), all)
        headers = {"cache-control": "no-store"}
        if status == 503:
            headers["retry-after"] = "5"
        return Response(answer, status_code=status, media_type=content_type.decode(), headers=headers)

    @api.api_route(EXPLAIN_PATH, methods=["GET", "HEAD"], include_in_schema=False)
    async def explain_needs_post():
        return _error(405, "method_not_allowed", "send the trace with POST", headers={"allow": "POST"})

    docs_page: list[str] = []

    @api.api_route("/api/docs", methods=["GET", "HEAD"], response_class=HTMLResponse, include_in_schema=False)
    async def docs():
        if not docs_page:  # the same page every time: rendered once
            docs_page.append(render_page("site/apidocs.html", standalone=False, spec=api.openapi(),
                                         title="sipcodes API"))
        return HTMLResponse(docs_page[0], headers={"cache-control": "public, max-age=3600"})

    # Last, and for reading methods only: another method on a known route then gets 405, not 404.
    @api.api_route("/api/{rest:path}", methods=["GET", "HEAD"], include_in_schema=False)
    async def api_not_found(rest: str):
        return _error(404, "not_found", f"/api/{rest[:60]} is not an API route; see /api/docs")

    return api
