"""The few fields that place a message in its call and transaction, read straight from the bytes.

Grouping a large capture needs, per message, only the start line, Call-ID, CSeq, the topmost Via branch and the
To tag; a full parse (`_reader`) costs several times more. `brief` reads those fields from well-formed messages
and returns None for anything unusual (folded lines, quoted commas in Via, a repeated Call-ID…), so that the caller
falls back to the full parser, whose reading is the reference: for every message `brief` accepts, both agree.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ._errors import MessageError
from ._message import Request, Response
from ._nameaddr import parse_name_addr
from ._via import parse_via


class Brief(NamedTuple):
    """What grouping reads of one message. `status` is 0 for a request; `method` is the request's method, or
    for a response the CSeq method. `from_` and `to` are the raw header values."""

    status: int
    reason: str
    method: str
    uri: str
    call_id: str
    cseq: str
    cseq_number: int
    cseq_method: str
    branch: str | None
    to_tag: str | None
    from_: str
    to: str


# a header line of interest: name (long or compact form, RFC 3261 §7.3.3), then the value up to the line end
_FIELD = re.compile(r"\n(call-id|i|cseq|via|v|to|t|from|f)[ \t]*:([^\r\n]*)", re.I)
_NAMES = {"call-id": "i", "i": "i", "cseq": "c", "via": "v", "v": "v", "to": "t", "t": "t", "from": "f", "f": "f"}
_REQUEST_LINE = re.compile(r"([A-Za-z0-9\-.!%*_+`'~]+) (\S+) SIP/2\.0\Z")
_STATUS_LINE = re.compile(r"SIP/2\.0 ([1-6][0-9][0-9])(?: ([^\r\n]*))?\r?\Z")
#: the bytes a plain header section is made of: printable ASCII, tab, CR and LF
_PLAIN = bytes(range(0x20, 0x7F)) + b"\t\r\n"
# The common plain forms of a Via entry and of a To value, read here without the full decoders: a transport,
# a host name or address with an optional port, and `;name=value` parameters made of token characters; a
# display name of token words (or a quoted one without escapes) and a URI in <>. Anything else goes to
# `parse_via` / `parse_name_addr`, which these shortcuts must agree with.
_PARAMS = r"((?:;[A-Za-z0-9\-.!%*_+`'~]+(?:=[A-Za-z0-9\-.!%*_+`'~:\[\]]+)?)*)"
_SIMPLE_VIA = re.compile(r"SIP/2\.0/[A-Za-z]+ (?:[A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?" + _PARAMS + r"\Z")
_SIMPLE_ADDRESS = re.compile(r"(?:\"[^\"\\]*\" ?|[A-Za-z0-9\-.!%*_+`'~]+(?: [A-Za-z0-9\-.!%*_+`'~]+)* )?"
                             r"<[^<>\"\s;]*(?:;[^<>\"\s]*)?>" + _PARAMS + r"\Z")
# the first parameter of that name, with or without a value (the decoders keep the first, as these do)
_BRANCH = re.compile(r";branch(?:=([^;]+))?(?=;|\Z)", re.I)
_TAG = re.compile(r";tag(?:=([^;]+))?(?=;|\Z)", re.I)
_CSEQ = re.compile(r"([0-9]{1,10})[ \t]+([A-Za-z0-9\-.!%*_+`'~]+)\Z")


def brief(data: bytes) -> Brief | None:
    """The grouping fields of `data`, or None when the message is not plain enough to read this way."""
    end = data.find(b"\r\n\r\n")
    if end < 0:
        return None
    raw = data[:end]
    if raw.translate(None, _PLAIN):
        return None  # control characters or non-ASCII text: the full parser decides what they mean
    head = raw.decode("ascii")
    # folded header lines, and bare LFs and CRs, are left to the full parser too
    lines = head.count("\r\n")
    if "\n " in head or "\n\t" in head or head.count("\n") != lines or head.count("\r") != lines:
        return None
    line_end = head.find("\r\n")
    if line_end < 0:
        return None
    start = head[:line_end]
    if start.startswith("SIP/"):
        match = _STATUS_LINE.match(start)
        if match is None:
            return None
        status = int(match.group(1))
        reason = (match.group(2) or "").strip()
        method = uri = ""
    else:
        match = _REQUEST_LINE.match(start)
        if match is None:
            return None
        status, reason = 0, ""
        method, uri = match.group(1), match.group(2)
    found: dict[str, str] = {}
    for name, value in _FIELD.findall(head, line_end):
        key = _NAMES[name.lower()]
        if key in found:
            if key == "v":
                continue  # only the topmost Via counts
            return None  # a repeated single field: the full parser reports it
        found[key] = value
    if len(found) != 5:
        return None
    call_id = found["i"].strip()
    cseq = found["c"].strip()
    via = found["v"].strip()
    to = found["t"].strip()
    cseq_match = _CSEQ.match(cseq)
    if not call_id or cseq_match is None or '"' in via:
        return None
    branch = _parameter(via.split(",", 1)[0], _SIMPLE_VIA, _BRANCH, lambda text: parse_via(text).branch)
    to_tag = _parameter(to, _SIMPLE_ADDRESS, _TAG, lambda text: parse_name_addr(text).tag)
    cseq_method = cseq_match.group(2)
    return Brief(status, reason, method if status == 0 else cseq_method, uri, call_id, cseq,
                 int(cseq_match.group(1)), cseq_method, branch, to_tag, found["f"].strip(), to)


def _parameter(value: str, simple: re.Pattern, parameter: re.Pattern, decode) -> str | None:
    """One parameter of a header value: read by `parameter` from the parameters of a value in the plain form
    `simple` describes, else by the full decoder `decode`; None when absent or unreadable."""
    plain = simple.match(value)
    if plain is not None:
        found = parameter.search(plain.group(1))
        return found.group(1) if found else None
    try:
        return decode(value)
    except MessageError:
        return None


def brief_of(message: Request | Response) -> Brief:
    """The same fields taken from a fully parsed message (for messages `brief` declines)."""
    cseq = message.cseq
    if isinstance(message, Response):
        status, reason, method, uri = message.status, message.reason, cseq.method if cseq else "", ""
    else:
        status, reason, method, uri = 0, "", message.method, message.uri
    return Brief(status, reason, method, uri, message.call_id or "", message.headers.get("cseq") or "",
                 cseq.number if cseq else -1, cseq.method if cseq else "", message.branch, message.to_tag,
                 message.headers.get("from") or "", message.headers.get("to") or "")


try:
    # the same reading in C for the plain messages that make up nearly all of a large capture (None otherwise)
    from .._speedups import brief as native_brief, set_brief_type as _set_brief_type
except ImportError:  # built without a C compiler: the Python reading alone
    native_brief = None
else:
    _set_brief_type(Brief)


def read_brief(data: bytes) -> Brief:
    """`brief`, falling back to the full parser; raises MessageError when `data` is not a SIP message."""
    if native_brief is not None:
        found = native_brief(data)
        if found is not None:
            return found
    found = brief(data)
    if found is not None:
        return found
    from ._reader import parse
    return brief_of(parse(data))


__all__ = ["Brief", "MessageError", "brief", "brief_of", "read_brief"]
