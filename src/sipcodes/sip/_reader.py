"""Reading one SIP message from bytes: start line, header lines (unfolded), body framed by Content-Length.

The reader is tolerant where a trace reader must be (RFC 4475 lists what robust elements accept) and records
each tolerated deviation in `defects`; it raises MessageError only when the bytes are not a SIP message at all:
no request line or status line it can read.
"""

from __future__ import annotations

import re

from ._errors import MessageError
from ._headers import Headers, name_and_key
from ._message import Request, Response

# RFC 3261 §25.1 `token`: the characters a method name may use.
_TOKEN = re.compile(r"[A-Za-z0-9\-.!%*_+`'~]+")
_LWS_START = (" ", "\t")
# Header fields a message carries at most once (RFC 3261 §20: not list-valued, and each names the dialog or
# frames the message); a second copy is reported, the first is used.
_SINGLE = (("call-id", "Call-ID"), ("cseq", "CSeq"), ("from", "From"), ("to", "To"),
           ("max-forwards", "Max-Forwards"))


def _unfold(lines: list[str]) -> list[str]:
    """Header lines with each continuation line (starting with SP or HT) joined to the one before by one SP."""
    out: list[str] = []
    for line in lines:
        if line[:1] in _LWS_START and out:
            out[-1] = out[-1].rstrip() + " " + line.strip()
        else:
            out.append(line)
    return out


def _split_head(data: bytes) -> tuple[bytes, int, list[str]]:
    """(header section, offset of the body, defects) for `data`."""
    first_lf = data.find(b"\n")
    if first_lf > 0 and data[first_lf - 1] == 13:  # the start line ends with CRLF, as RFC 3261 §7 requires
        end = data.find(b"\r\n\r\n")
        if end >= 0:
            return data[:end], end + 4, []
    # lines end with bare LF (as in many text logs): the first empty line ends the header section, even when
    # the body holds a CRLF CRLF further on
    end = data.find(b"\n\n")
    crlf_end = data.find(b"\r\n\r\n")
    if end >= 0 and (crlf_end < 0 or end < crlf_end):
        return data[:end], end + 2, ["header section ends with a bare LF"]
    if crlf_end >= 0:
        return data[:crlf_end], crlf_end + 4, []
    return data, len(data), ["no empty line after the header section"]


def _start_line(line: str, defects: list[str]) -> tuple[bool, str, str, str]:
    """(is_request, first, second, third) of the start line; raises MessageError when it is neither kind."""
    if line.startswith("SIP/"):
        parts = line.split(" ", 2)
        if len(parts) < 2:
            raise MessageError(f"status line without a status code: {line[:80]!r}")
        code = parts[1]
        if len(code) != 3 or not (code.isdigit() and code.isascii()) or code[0] == "0":
            raise MessageError(f"status code must be three digits from 100 to 699: {code[:20]!r}")
        if not "1" <= code[0] <= "6":
            defects.append(f"status code {code} is outside 100-699")
        return False, parts[0], code, parts[2] if len(parts) == 3 else ""
    parts = line.split()
    if len(parts) < 3 or not parts[-1].upper().startswith("SIP/"):
        raise MessageError(f"not a SIP request line or status line: {line[:80]!r}")
    method = parts[0]
    if _TOKEN.fullmatch(method) is None:
        raise MessageError(f"method is not a token: {method[:40]!r}")
    if len(parts) > 3:
        defects.append("whitespace inside the Request-URI")
    if parts[1].startswith("<"):
        defects.append("Request-URI enclosed in <>")
    elif line != f"{parts[0]} {parts[1]} {parts[2]}":
        defects.append("request line elements not separated by exactly one SP")
    return True, method, " ".join(parts[1:-1]), parts[-1]


def parse(data: bytes) -> Request | Response:
    """The Request or Response in `data`, one whole SIP message; raises MessageError for anything else.

    Line endings may be CRLF or bare LF; folded header lines (RFC 3261 §7.3.1) are joined; CRLFs before the
    start line (keep-alives, RFC 3261 §7.5) are skipped. The body is the Content-Length bytes after the empty
    line; without Content-Length it is everything after it (as over UDP, RFC 3261 §18.3). Bytes past the
    announced length go to `trailing`; a body shorter than announced is kept and noted in `defects`.
    """
    if not isinstance(data, bytes):
        if not isinstance(data, (bytearray, memoryview)):
            raise MessageError(f"expected bytes, got {type(data).__name__}")
        data = bytes(data)
    if data[:1] in (b"\r", b"\n"):
        data = data.lstrip(b"\r\n")
    if not data:
        raise MessageError("empty message")
    head, body_start, defects = _split_head(data)
    text = head.decode("utf-8", "surrogateescape")
    lines = text.split("\r\n")
    if text.count("\n") != len(lines) - 1:  # some line ends with a bare LF
        lines = [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]
        defects.append("lines end with a bare LF")
    if "\n " in text or "\n\t" in text:
        lines = _unfold(lines)
    is_request, first, second, third = _start_line(lines[0], defects)

    fields: list[tuple[str, str]] = []
    index: dict[str, list[str]] = {}
    for line in lines[1:]:
        name, colon, value = line.partition(":")
        if not colon:
            if line.strip():
                defects.append(f"header line without a colon ignored: {line[:40]!r}")
            continue
        name = name.strip()
        if not name:
            defects.append("header line without a name ignored")
            continue
        canonical, key = name_and_key(name)
        value = value.strip()
        fields.append((canonical, value))
        values = index.get(key)
        if values is None:
            index[key] = [value]
        else:
            values.append(value)

    body = data[body_start:]
    trailing = b""
    lengths = index.get("content-length")
    if lengths is not None:
        length_text = lengths[0]
        if len(lengths) > 1 and len(set(lengths)) > 1:
            defects.append("several different Content-Length values; the first is used")
        # Python refuses to convert integers of more than 4300 digits; no real length has more than 10.
        if length_text.isdigit() and length_text.isascii() and len(length_text) <= 18:
            length = int(length_text)
            if length < len(body):
                body, trailing = body[:length], body[length:]
                if trailing.strip(b"\r\n\t "):
                    defects.append(f"{len(trailing)} bytes after the {length}-byte body")
            elif length > len(body):
                defects.append(f"Content-Length is {length} but only {len(body)} body bytes follow")
        else:
            defects.append(f"Content-Length is not a number: {length_text[:20]!r}")

    for key, name in _SINGLE:
        values = index.get(key)
        if values is not None and len(values) > 1:
            defects.append(f"{name} appears {len(values)} times; the first is used")

    headers = Headers(fields, index)
    if is_request:
        return Request(first, second, third, headers, body, trailing, tuple(defects))
    return Response(int(second), third, first, headers, body, trailing, tuple(defects))
