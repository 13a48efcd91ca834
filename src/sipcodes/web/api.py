"""The JSON API (/api/v1/…): the same objects as the CLI's --format json, with errors as JSON.

FastAPI generates the OpenAPI schema; /api/docs renders it as a plain HTML page on the server (no scripts from
other hosts, so the site's Content-Security-Policy holds there too).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field

from .. import catalog
from ..comparison import SameCode, compare
from ..errors import UnknownCode, UnknownLanguage
from ..render.json import list_item
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
    ack: str
    q850: dict[str, Any] | None
    related: list[int]
    summary: str
    description: str
    when_you_see_it: str
    causes: list[str]
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
    lang: str


class ErrorDetail(BaseModel):
    type: str
    message: str
    suggestions: list[int] = []


class Error(BaseModel):
    error: ErrorDetail


LANG = Query("en", description="language of the prose (en, or another language the catalog has)",
             max_length=16)


def _error(status: int, kind: str, message: str, suggestions: list[int] = ()) -> JSONResponse:
    return JSONResponse({"error": {"type": kind, "message": message, "suggestions": list(suggestions)}},
                        status_code=status, headers={"cache-control": "public, max-age=60"})


def _nearest(value: str) -> list[int]:
    digits = "".join(ch for ch in str(value)[:3] if ch in "0123456789")
    if not digits:
        return []
    return catalog.nearest_codes(int(digits))


def _json(data: Any) -> JSONResponse:
    return JSONResponse(data, headers={"cache-control": "public, max-age=3600"})


def create_api() -> FastAPI:
    api = FastAPI(
        title="sipcodes",
        summary="Every SIP response code: what it means, when you see it, how to fix it.",
        version="1",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
    )

    def message(request: Request, exc) -> str:
        """The error in the language the request asked for, when the catalog has it."""
        lang = request.query_params.get("lang", "en")
        return exc.translated(lang) if lang in catalog.languages() else str(exc)

    @api.exception_handler(UnknownCode)
    async def unknown_code(request: Request, exc: UnknownCode):
        near = _nearest(request.path_params.get("code", "") or request.path_params.get("b", ""))
        return _error(404, "unknown_code", message(request, exc), near)

    @api.exception_handler(UnknownLanguage)
    async def unknown_language(request: Request, exc: UnknownLanguage):
        return _error(404, "unknown_language", str(exc))

    @api.exception_handler(SameCode)
    async def same_code(request: Request, exc: SameCode):
        return _error(400, "same_code", message(request, exc))

    responses = {404: {"model": Error, "description": "unknown code or language"}}

    @api.get("/api/v1/codes", response_model=list[CodeSummary], responses=responses,
             summary="Every code in the catalog")
    def list_codes(lang: str = LANG):
        return _json([list_item(e) for e in catalog.all_entries(lang)])

    @api.get("/api/v1/codes/{code}", response_model=Entry, responses=responses, summary="One code")
    def get_code(code: str, lang: str = LANG):
        return _json(catalog.get(code, lang).to_dict())

    @api.get("/api/v1/compare/{a}/{b}", response_model=ComparisonModel,
             responses={**responses, 400: {"model": Error, "description": "the two codes are the same"}},
             summary="Compare two codes (order does not matter)")
    def get_comparison(a: str, b: str, lang: str = LANG):
        return _json(compare(a, b, lang).to_dict())

    @api.get("/api/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs():
        html = render_page("site/apidocs.html", standalone=False, spec=api.openapi(), title="sipcodes API")
        return HTMLResponse(html, headers={"cache-control": "public, max-age=3600"})

    @api.api_route("/api/{rest:path}", methods=["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"],
                   include_in_schema=False)
    def api_not_found(rest: str):
        return _error(404, "not_found", f"/api/{rest} is not an API route; see /api/docs")

    return api
