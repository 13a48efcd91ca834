"""The Reason header field (RFC 3326 §2, RFC 9366): why a request or a call ended, by protocol and cause.

    Reason: SIP ;cause=600 ;text="Busy Everywhere", Q.850 ;cause=17 ;text="User busy"

The protocol says which numbering the cause comes from: SIP status codes, ITU-T Q.850 cause values, or (RFC 9410)
the STIR error codes of RFC 8224 §6.2.2 (protocol defined in RFC 9410 §3), whose values may carry a `ppi` parameter
naming the PASSporT concerned (RFC 9410 §5).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from ..sip import parse_params
from ._common import Checked, Problem, ProblemKind, Reference, header_values, is_token, params_tuple, read_int


class ReasonProtocol(str, enum.Enum):
    """The protocol a Reason value's cause belongs to."""

    SIP = "sip"
    Q850 = "q850"
    STIR = "stir"
    OTHER = "other"


#: Protocol values (as the registry spells them) -> (kind, where defined, the cause range allowed).
REASON_PROTOCOLS: dict[str, tuple[ReasonProtocol, Reference, tuple[int, int]]] = {
    # RFC 3326 §2: the cause of "SIP" is a status code; of "Q.850" a Q.850 cause value (ITU-T Q.850 makes it
    # 7 bits, hence 0-127; the RFC itself states no range).
    "SIP": (ReasonProtocol.SIP, Reference(3326, "2"), (100, 699)),
    "Q.850": (ReasonProtocol.Q850, Reference(3326, "2"), (0, 127)),
    # RFC 9410 §3 defines the "STIR" protocol: its cause is one of the STIR error codes (RFC 8224 §6.2.2 defines
    # them, all 4xx today); the 400-499 range is inferred from that, RFC 9410 states none.
    "STIR": (ReasonProtocol.STIR, Reference(9410, "3"), (400, 499)),
}


@dataclass(frozen=True)
class ReasonValue(Checked):
    """One reason-value: the protocol (as written and as a kind), cause, text, other parameters, problems."""

    protocol: str
    protocol_kind: ReasonProtocol
    cause: int | None
    text: str | None
    params: tuple[tuple[str, str | None], ...]
    problems: tuple[Problem, ...]
    reference: Reference

    @property
    def ppi(self) -> str | None:
        """The PASSporT the STIR error refers to (RFC 9410 §5 `ppi` parameter), None when absent."""
        return dict(self.params).get("ppi")


def _one(raw: str) -> ReasonValue:
    problems: list[Problem] = []
    protocol, _, rest = raw.partition(";")
    protocol = protocol.strip()
    if not protocol:
        problems.append(Problem(ProblemKind.EMPTY, raw))
    elif not is_token(protocol):
        problems.append(Problem(ProblemKind.NOT_A_TOKEN, protocol))
    params = parse_params(rest)
    # Protocol names are tokens, compared case-insensitively like other SIP tokens.
    known = next((v for k, v in REASON_PROTOCOLS.items() if k.lower() == protocol.lower()), None)
    kind, reference, (low, high) = known if known else (ReasonProtocol.OTHER, Reference(3326, "2"), (0, 10**12))
    cause: int | None = None
    if "cause" in params:
        raw_cause = params.pop("cause") or ""
        cause = read_int(raw_cause)
        if cause is None:
            problems.append(Problem(ProblemKind.NOT_AN_INTEGER, raw_cause))
        elif not low <= cause <= high:
            problems.append(Problem(ProblemKind.OUT_OF_RANGE, raw_cause))
    text = params.pop("text", None)
    return ReasonValue(protocol, kind, cause, text, params_tuple(params), tuple(problems), reference)


def parse_reason(values: str | Iterable[str]) -> tuple[ReasonValue, ...]:
    """Every reason-value in one Reason header line or in several lines (each may hold a comma-separated list).

    The `text` parameter is returned unquoted. An empty input gives an empty tuple.
    """
    return tuple(_one(raw) for raw in header_values(values))
