"""Explaining an uploaded trace: the /explain page's form and POST /api/v1/explain.

Everything here runs where pages are built (the render process under `sipcodes serve`), never on the event loop:
reading the form, reading the capture, grouping calls, rendering. The upload stays in memory; nothing of it is
written to disk or to a log.
"""

from __future__ import annotations

import json
import logging

from .. import catalog, i18n
from ..i18n import N_

MAX_BYTES = 10 * 1024 * 1024  # a request body to /explain, /{lang}/explain or /api/v1/explain
FORM_FIELDS = ("file", "text", "all")  # the form's file input, textarea, and "show every call" checkbox
_log = logging.getLogger("sipcodes.web")

NO_INPUT = N_("Paste SIP messages or a log, or choose a capture file, before asking for an explanation.")
EMPTY_BODY = N_("The request body is empty; send the capture or log itself as the body.")
NOT_A_FORM = N_("This request is not the form of this page; send the trace from the form.")
NO_SIP = N_("No SIP message was found in this input.")
UNREADABLE = N_("This input cannot be explained: {reason}.")
TOO_LARGE = N_("The input is larger than {size}; cut the capture into smaller files, or use the command line.")
FAILED = N_("Something went wrong while explaining this input.")
BUSY = N_("Too many traces are being explained right now; try again in a few seconds.")
SLOW = N_("Explaining this input took too long; try a smaller capture, or the command line.")


class FormError(ValueError):
    """The request body is not the form this page sends (or the form is empty); `template` is the message id."""

    def __init__(self, template: str):
        super().__init__(template)
        self.template = template


def size_label(lang: str) -> str:
    """The upload limit as people write it in `lang` ("10 MiB", "10 Mio")."""
    from babel.numbers import format_decimal

    return i18n.gettext(lang, "{size} MiB").format(size=format_decimal(MAX_BYTES / (1024 * 1024), locale=lang))


def message(lang: str, template: str, **values: object) -> str:
    return i18n.gettext(lang, template).format(**values)


def explain_lang(path: str) -> str | None:
    """The page language of an /explain path ("/explain" → "en", "/fr/explain" → "fr"); None for other paths."""
    if path == "/explain":
        return catalog.SOURCE_LANG
    parts = path.split("/")
    if len(parts) == 3 and parts[0] == "" and parts[2] == "explain" and parts[1] in catalog.languages() \
            and parts[1] != catalog.SOURCE_LANG:
        return parts[1]
    return None


def read_form(content_type: str, body: bytes) -> tuple[bytes, bool]:
    """The trace sent by the /explain form (the chosen file when there is one, else the pasted text, UTF-8), and
    whether every call is asked for (the checkbox) or only those that went wrong.

    Multipart bodies are parsed in memory with python-multipart; a URL-encoded body (the form sent without its
    enctype) gives its text field."""
    from python_multipart.multipart import parse_options_header

    kind, options = parse_options_header(content_type or "")
    fields: dict[str, bytes] = {}
    if kind == b"multipart/form-data":
        boundary = options.get(b"boundary")
        if not boundary or len(boundary) > 200:
            raise FormError(NOT_A_FORM)
        fields = _multipart(boundary, body)
    elif kind == b"application/x-www-form-urlencoded":
        from urllib.parse import parse_qs

        try:
            values = parse_qs(body.decode("ascii"), keep_blank_values=True, max_num_fields=20)
        except (UnicodeDecodeError, ValueError):
            raise FormError(NOT_A_FORM) from None
        fields = {name: values[name][0].encode("utf-8") for name in FORM_FIELDS if name in values}
    else:
        raise FormError(NOT_A_FORM)
    all_calls = bool(fields.get("all", b"").strip())
    for name in ("file", "text"):
        data = fields.get(name, b"")
        if data.strip():
            return data, all_calls
    raise FormError(NO_INPUT)


def _multipart(boundary: bytes, body: bytes) -> dict[str, bytes]:
    """The parts named in FORM_FIELDS, kept in memory (other parts are read past and dropped)."""
    from python_multipart import MultipartParser
    from python_multipart.exceptions import MultipartParseError
    from python_multipart.multipart import parse_options_header

    fields: dict[str, bytes] = {}
    state: dict[str, object] = {"name": None, "header": b"", "value": b"", "headers": {}, "data": []}

    def on_part_begin():
        state.update(name=None, headers={}, data=[])

    def on_header_field(data, start, end):
        state["header"] = bytes(data[start:end]).lower()

    def on_header_value(data, start, end):
        state["value"] = bytes(data[start:end])

    def on_header_end():
        state["headers"][state["header"]] = state["value"]

    def on_headers_finished():
        _, params = parse_options_header(state["headers"].get(b"content-disposition", b""))
        name = params.get(b"name", b"").decode("latin-1")
        state["name"] = name if name in FORM_FIELDS else None

    def on_part_data(data, start, end):
        if state["name"] is not None:
            state["data"].append(bytes(data[start:end]))

    def on_part_end():
        if state["name"] is not None and state["name"] not in fields:
            fields[state["name"]] = b"".join(state["data"])

    parser = MultipartParser(boundary, {
        "on_part_begin": on_part_begin, "on_header_field": on_header_field, "on_header_value": on_header_value,
        "on_header_end": on_header_end, "on_headers_finished": on_headers_finished, "on_part_data": on_part_data,
        "on_part_end": on_part_end}, max_size=MAX_BYTES)
    try:
        parser.write(body)
        parser.finalize()
    except (MultipartParseError, ValueError):
        raise FormError(NOT_A_FORM) from None
    return fields


def explain_bytes(data: bytes, lang: str, all_calls: bool = False) -> dict:
    """The JSON contract for an uploaded trace. Raises `Unexplainable` with the message to show."""
    from ..capture import CaptureError
    from ..explain import explain

    try:
        report = explain(data, lang=lang, all_calls=all_calls).to_dict()
    except CaptureError as exc:
        raise Unexplainable(message(lang, UNREADABLE, reason=_translated(exc, lang)), "unreadable_input") from None
    if not report.get("messages"):
        raise Unexplainable(message(lang, NO_SIP), "no_sip")
    return report


def _translated(exc: Exception, lang: str) -> str:
    """The error's one line in `lang` where it has a translation, without the name `explain` gives an upload."""
    translated = getattr(exc, "translated", None)
    text = translated(lang) if callable(translated) else i18n.gettext(lang, str(exc))
    return text.removeprefix("input: ").rstrip(".")


class Unexplainable(ValueError):
    """The input cannot be explained; `str()` is the one-line message in the request's language."""

    def __init__(self, text: str, kind: str):
        super().__init__(text)
        self.kind = kind


def explain_job(base_url: str, kind: str, lang: str, content_type: str, body: bytes,
                all_calls: bool = False) -> tuple[int, bytes]:
    """(status, body) for an upload: kind "page" answers the /explain form with the page's HTML, kind "api" POST
    /api/v1/explain with JSON (the report, or `{"error": …}`; `all_calls` as the API's `all` parameter)."""
    try:
        if kind == "page":
            return _page(base_url, lang, content_type, body)
        return _api(lang, body, all_calls)
    except Exception as exc:  # a bug: logged without the input, answered in one line
        _log.error("error while explaining an upload: %s", type(exc).__name__)
        if kind == "page":
            from .routes import _pages

            return 500, _pages(lang, base_url).explain(error=message(lang, FAILED)).encode("utf-8")
        return 500, error_json("internal_error", message(lang, FAILED))


def _page(base_url: str, lang: str, content_type: str, body: bytes) -> tuple[int, bytes]:
    from .routes import _pages

    pages = _pages(lang, base_url)
    if len(body) > MAX_BYTES:
        return 413, pages.explain(error=message(lang, TOO_LARGE, size=size_label(lang))).encode("utf-8")
    try:
        data, all_calls = read_form(content_type, body)
        report = explain_bytes(data, lang, all_calls)
    except FormError as exc:
        return 422, pages.explain(error=message(lang, exc.template)).encode("utf-8")
    except Unexplainable as exc:
        return 422, pages.explain(error=str(exc)).encode("utf-8")
    return 200, pages.explain(report=report, all_calls=all_calls).encode("utf-8")


def error_json(kind: str, text: str) -> bytes:
    return json.dumps({"error": {"type": kind, "message": text, "suggestions": []}},
                      ensure_ascii=False).encode("utf-8")


def _api(lang: str, body: bytes, all_calls: bool) -> tuple[int, bytes]:
    if len(body) > MAX_BYTES:
        return 413, error_json("too_large", message(lang, TOO_LARGE, size=size_label(lang)))
    if not body.strip():
        return 422, error_json("no_input", message(lang, EMPTY_BODY))
    try:
        report = explain_bytes(body, lang, all_calls)
    except Unexplainable as exc:
        return 422, error_json(exc.kind, str(exc))
    return 200, json.dumps(report, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
