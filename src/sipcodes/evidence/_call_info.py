"""The Call-Info header field (RFC 3261 §20.9): URIs with a purpose; RFC 8688 adds `jwscard` for 608 responses.

    Call-Info: <https://analytics.example.com/jws/123>;purpose=jwscard
    Call-Info: <http://wwww.example.com/alice/photo.jpg> ;purpose=icon
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..sip import MessageError, parse_name_addr
from ._common import Checked, Problem, ProblemKind, Reference, header_values, params_tuple

#: Purposes (compared case-insensitively) and where they are defined.
CALL_INFO_PURPOSES: dict[str, Reference] = {
    "icon": Reference(3261, "20.9"),
    "info": Reference(3261, "20.9"),
    "card": Reference(3261, "20.9"),
    # RFC 8688 §3.1: a 608 carries Call-Info with purpose "jwscard" referring to a JWS-signed jCard (§3.2) of the
    # intermediary that rejected the call, so the caller can contact it; the purpose is registered in §5.4.
    "jwscard": Reference(8688, "3.1"),
}


@dataclass(frozen=True)
class CallInfo(Checked):
    """One Call-Info value: URI, purpose (lower-cased; None when absent), whether the purpose is known."""

    uri: str | None
    purpose: str | None
    purpose_known: bool
    params: tuple[tuple[str, str | None], ...]
    problems: tuple[Problem, ...]
    reference: Reference = Reference(3261, "20.9")


def _one(raw: str) -> CallInfo:
    text = raw.strip()
    # info = LAQUOT absoluteURI RAQUOT *( SEMI info-param ): the angle brackets are required.
    if not text.startswith("<"):
        return CallInfo(None, None, False, (), (Problem(ProblemKind.BAD_ADDRESS, raw),))
    try:
        address = parse_name_addr(text)
    except MessageError:
        return CallInfo(None, None, False, (), (Problem(ProblemKind.BAD_ADDRESS, raw),))
    params = dict(address.params)
    purpose = params.pop("purpose", None)
    purpose = purpose.lower() if purpose else None
    return CallInfo(address.uri, purpose, purpose in CALL_INFO_PURPOSES, params_tuple(params), ())


def parse_call_info(values: str | Iterable[str]) -> tuple[CallInfo, ...]:
    """Every Call-Info value given, in order."""
    return tuple(_one(raw) for raw in header_values(values))
