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
_FIELD = re.compile(rb"\n(call-id|i|cseq|via|v|to|t|from|f)[ \t]*:([^\r\n]*)", re.I)
_NAMES = {b"call-id": "i", b"i": "i", b"cseq": "c", b"via": "v", b"v": "v", b"to": "t", b"t": "t", b"from": "f",
          b"f": "f"}
_BRANCH = re.compile(r";[ \t]*branch[ \t]*=[ \t]*([^;, \t]+)", re.I)
_TAG = re.compile(r";[ \t]*tag[ \t]*=[ \t]*([^;, \t>]+)", re.I)
_REQUEST_LINE = re.compile(rb"([A-Za-z0-9\-.!%*_+`'~]+) ([^ \r\n]+) SIP/2\.0\r?\Z")
_STATUS_LINE = re.compile(rb"SIP/2\.0 ([1-6][0-9][0-9])(?: ([^\r\n]*))?\r?\Z")
_CSEQ = re.compile(r"([0-9]{1,10})[ \t]+([A-Za-z0-9\-.!%*_+`'~]+)\Z")


def brief(data: bytes) -> Brief | None:
    """The grouping fields of `data`, or None when the message is not plain enough to read this way."""
    end = data.find(b"\r\n\r\n")
    if end < 0:
        return None
    head = data[:end]
    line_end = head.find(b"\n")
    if line_end < 0:
        return None
    # folded header lines and bare LFs are left to the full parser
    if b"\n " in head or b"\n\t" in head or head.count(b"\n") != head.count(b"\r\n"):
        return None
    start = head[:line_end]
    if start.startswith(b"SIP/"):
        match = _STATUS_LINE.match(start)
        if match is None:
            return None
        status = int(match.group(1))
        reason = (match.group(2) or b"").decode("utf-8", "replace").strip()
        method = uri = ""
    else:
        match = _REQUEST_LINE.match(start)
        if match is None:
            return None
        status, reason = 0, ""
        method = match.group(1).decode("ascii")
        uri = match.group(2).decode("utf-8", "replace")
    found: dict[str, bytes] = {}
    for name, value in _FIELD.findall(head, line_end):
        key = _NAMES[name.lower()]
        if key in found:
            if key == "v":
                continue  # only the topmost Via counts
            return None  # a repeated single field: the full parser reports it
        found[key] = value
    try:
        call_id, cseq, via, to, from_ = (found[k].strip(b" \t").decode("utf-8", "replace") for k in "icvtf")
    except KeyError:
        return None
    if not call_id:
        return None
    cseq_match = _CSEQ.match(cseq)
    if cseq_match is None or '"' in via:
        return None
    top = via.split(",", 1)[0]
    branch_match = _BRANCH.search(top)
    tag_part = to[to.rfind(">") + 1:] if "<" in to else to
    if '"' in tag_part:
        return None
    tag_match = _TAG.search(tag_part)
    cseq_method = cseq_match.group(2)
    return Brief(status, reason, method if status == 0 else cseq_method, uri, call_id,
                 cseq, int(cseq_match.group(1)), cseq_method,
                 branch_match.group(1) if branch_match else None,
                 tag_match.group(1) if tag_match else None, from_, to)


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


def read_brief(data: bytes) -> Brief:
    """`brief`, falling back to the full parser; raises MessageError when `data` is not a SIP message."""
    found = brief(data)
    if found is not None:
        return found
    from ._reader import parse
    return brief_of(parse(data))


__all__ = ["Brief", "MessageError", "brief", "brief_of", "read_brief"]
