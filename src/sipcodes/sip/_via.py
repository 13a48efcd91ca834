"""Via header values (RFC 3261 §20.42, §25.1 `via-parm`): sent-protocol, sent-by and parameters.

    SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds;received=198.51.100.7;rport=49152

LWS is allowed around each `/` and `:` of the grammar, and folded lines may split a Via anywhere LWS may appear.
"""

from __future__ import annotations

from typing import NamedTuple

from ._errors import MessageError
from ._params import parse_params


class Via(NamedTuple):
    """One Via entry: protocol ("SIP/2.0"), transport (upper-cased), host, port (None when absent), parameters."""

    protocol: str
    transport: str
    host: str
    port: int | None
    params: dict[str, str | None]

    @property
    def branch(self) -> str | None:
        """The transaction id (RFC 3261 §8.1.1.7), None when absent."""
        return self.params.get("branch")

    @property
    def received(self) -> str | None:
        """The source address the next hop saw (RFC 3261 §18.2.1), None when absent."""
        return self.params.get("received")

    @property
    def has_rport(self) -> bool:
        """True when the `rport` parameter is present, with or without a value (RFC 3581)."""
        return "rport" in self.params

    @property
    def rport(self) -> int | None:
        """The source port the next hop saw (RFC 3581 §4), None when absent, empty or not a number."""
        value = self.params.get("rport")
        return int(value) if value and value.isdigit() and value.isascii() and len(value) <= 5 else None


def _port(text: str, value: str) -> int:
    if not (text.isdigit() and text.isascii()) or len(text) > 5:
        raise MessageError(f"bad port {text!r} in Via {value.strip()!r}")
    return int(text)


def parse_via(value: str) -> Via:
    """One via-parm (a Via value already split at its commas); raises MessageError when it cannot be read."""
    head, _, param_text = value.partition(";")
    parts = head.split("/", 2)
    if len(parts) != 3:
        raise MessageError(f"Via without protocol/version/transport: {value.strip()!r}")
    name = parts[0].strip()
    version = parts[1].strip()
    transport_and_host = parts[2].split(None, 1)
    if not name or not version or len(transport_and_host) != 2:
        raise MessageError(f"Via without transport or sent-by: {value.strip()!r}")
    transport, sent_by = transport_and_host
    sent_by = "".join(sent_by.split())  # LWS may surround the colon
    port: int | None = None
    if sent_by.startswith("["):  # IPv6 reference (RFC 3261 §25.1 `IPv6reference`)
        close = sent_by.find("]")
        if close < 0:
            raise MessageError(f"unterminated IPv6 reference in Via {value.strip()!r}")
        host, rest = sent_by[: close + 1], sent_by[close + 1 :]
        if rest:
            if not rest.startswith(":"):
                raise MessageError(f"bad sent-by in Via {value.strip()!r}")
            port = _port(rest[1:], value)
    else:
        host, colon, port_text = sent_by.partition(":")
        if colon:
            port = _port(port_text, value)
    if not host:
        raise MessageError(f"Via without host: {value.strip()!r}")
    return Via(f"{name.upper()}/{version}", transport.upper(), host, port, parse_params(param_text))
