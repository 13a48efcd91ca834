"""The parsed message objects: Request and Response, with their fields decoded lazily on first access.

Parsing (see `_reader`) only splits the start line, the header lines and the body; the decoded fields (CSeq,
From/To, Via, Contact) are computed the first time they are read and cached, so that grouping code reading
only Call-ID and CSeq pays for nothing else. A decoded field is None (or an empty list) when its header field
is absent or cannot be read; the raw value stays available in `headers`.
"""

from __future__ import annotations

from typing import NamedTuple

from ._errors import MessageError
from ._headers import Headers
from ._lists import split_list
from ._nameaddr import NameAddr, parse_name_addr
from ._via import Via, parse_via


class CSeq(NamedTuple):
    """The CSeq header field (RFC 3261 §20.16): sequence number and method."""

    number: int
    method: str


def parse_cseq(value: str) -> CSeq:
    """The number and method of a CSeq value such as "4711 INVITE"; raises MessageError when unreadable."""
    parts = value.split()
    # Python refuses to convert integers of more than 4300 digits (RFC 4475 §3.1.2.4 uses 20 digits).
    if len(parts) != 2 or not (parts[0].isdigit() and parts[0].isascii()) or len(parts[0]) > 1000:
        raise MessageError(f"CSeq is not 'number METHOD': {value!r}")
    return CSeq(int(parts[0]), parts[1])


class _cached:
    """Like functools.cached_property, without its per-instance lock (Python 3.11 takes it on every first read).

    A non-data descriptor: the computed value is stored in the instance's __dict__, which later reads find first.
    """

    def __init__(self, func):
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)
        return value


class Message:
    """What requests and responses share: version, headers, body, and the decoded common fields.

    `trailing` holds bytes found after the body that Content-Length announced (another message in the same
    datagram, or junk); `defects` lists, in plain words, each deviation from RFC 3261 the parser tolerated.
    """

    version: str
    headers: Headers
    body: bytes
    trailing: bytes
    defects: tuple[str, ...]

    @property
    def call_id(self) -> str | None:
        """The Call-ID (RFC 3261 §20.8), None when absent."""
        return self.headers.get("call-id")

    @_cached
    def cseq(self) -> CSeq | None:
        """The CSeq number and method, None when absent or unreadable."""
        value = self.headers.get("cseq")
        if value is None:
            return None
        try:
            return parse_cseq(value)
        except MessageError:
            return None

    def _readable(self, name: str, parser):
        """Every value of header `name` that `parser` can read, in order; unreadable ones are left out."""
        found = []
        for value in self.headers.get_all(name):
            try:
                found.append(parser(value))
            except MessageError:
                continue
        return found

    def _address(self, name: str) -> NameAddr | None:
        value = self.headers.get(name)
        if value is None:
            return None
        try:
            return parse_name_addr(value)
        except MessageError:
            return None

    @_cached
    def from_(self) -> NameAddr | None:
        """The From address (display name, URI, tag), None when absent or unreadable."""
        return self._address("from")

    @_cached
    def to(self) -> NameAddr | None:
        """The To address (display name, URI, tag), None when absent or unreadable."""
        return self._address("to")

    @property
    def from_tag(self) -> str | None:
        """The From tag, None when absent."""
        address = self.from_
        return address.tag if address else None

    @property
    def to_tag(self) -> str | None:
        """The To tag, None when absent (a dialog-creating request, or a response without one)."""
        address = self.to
        return address.tag if address else None

    @_cached
    def via(self) -> list[Via]:
        """Every Via entry, topmost first; entries that cannot be read are left out."""
        return self._readable("via", parse_via)

    @_cached
    def top_via(self) -> Via | None:
        """The topmost Via entry, None when absent or unreadable (then it is not `via[0]`, which skips it).

        Cheaper than `via` when only the top entry is needed, as for matching a response to its transaction.
        """
        first = self.headers.get("via")
        if first is None:
            return None
        if "," in first:
            elements = split_list(first)
            first = elements[0] if elements else ""
        try:
            return parse_via(first)
        except MessageError:
            return None

    @property
    def branch(self) -> str | None:
        """The branch of the topmost Via (the transaction id, RFC 3261 §17.1.3), None when absent."""
        top = self.top_via
        return top.branch if top else None

    @_cached
    def contact(self) -> list[NameAddr]:
        """Every Contact address (`*` gives uri "*"); addresses that cannot be read are left out."""
        return self._readable("contact", parse_name_addr)


class Request(Message):
    """A SIP request: method, Request-URI and version from the request line (RFC 3261 §7.1)."""

    def __init__(self, method: str, uri: str, version: str, headers: Headers, body: bytes, trailing: bytes,
                 defects: tuple[str, ...]):
        self.method = method
        self.uri = uri
        self.version = version
        self.headers = headers
        self.body = body
        self.trailing = trailing
        self.defects = defects

    def __repr__(self) -> str:
        return f"<Request {self.method} {self.uri} ({len(self.headers)} headers, {len(self.body)} body bytes)>"


class Response(Message):
    """A SIP response: status code, reason phrase and version from the status line (RFC 3261 §7.2)."""

    def __init__(self, status: int, reason: str, version: str, headers: Headers, body: bytes, trailing: bytes,
                 defects: tuple[str, ...]):
        self.status = status
        self.reason = reason
        self.version = version
        self.headers = headers
        self.body = body
        self.trailing = trailing
        self.defects = defects

    def __repr__(self) -> str:
        return f"<Response {self.status} {self.reason} ({len(self.headers)} headers, {len(self.body)} body bytes)>"
