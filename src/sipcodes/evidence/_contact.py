"""The Contact header field of a 3xx response (RFC 3261 §20.10, §8.1.3.4): the targets to try, best first.

    Contact: <sip:bob@biloxi.example.com>;q=0.7;expires=3600, <sip:bob@192.0.2.4>;q=0.9
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..sip import MessageError, parse_name_addr
from ._common import Checked, Problem, ProblemKind, Reference, header_values, params_tuple, read_int, pop_qvalue


@dataclass(frozen=True)
class RedirectTarget(Checked):
    """One Contact address: URI, display name, q (None when absent), expires in seconds, other parameters."""

    uri: str | None
    display_name: str | None
    q: float | None
    expires: int | None
    params: tuple[tuple[str, str | None], ...]
    problems: tuple[Problem, ...]
    reference: Reference = Reference(3261, "20.10")


def _one(raw: str) -> RedirectTarget:
    try:
        address = parse_name_addr(raw)
    except MessageError:
        return RedirectTarget(None, None, None, None, (), (Problem(ProblemKind.BAD_ADDRESS, raw),))
    problems: list[Problem] = []
    if address.uri == "*":
        # `Contact: *` only belongs in a REGISTER request (RFC 3261 §10.2.2), never in a redirect.
        problems.append(Problem(ProblemKind.BAD_ADDRESS, raw))
    params = dict(address.params)
    q = pop_qvalue(params, problems)
    expires: int | None = None
    if "expires" in params:
        raw_expires = params.pop("expires") or ""
        expires = read_int(raw_expires)
        if expires is None:
            problems.append(Problem(ProblemKind.NOT_AN_INTEGER, raw_expires))
    return RedirectTarget(address.uri, address.display_name, q, expires, params_tuple(params), tuple(problems))


def parse_redirect_contacts(values: str | Iterable[str]) -> tuple[RedirectTarget, ...]:
    """Every Contact address given, ordered by decreasing q (stable, so equal q keep the order of the message).

    An address without q is ranked as q=1.0, the highest value the qvalue grammar allows (RFC 3261 §25.1);
    its `q` stays None so a renderer can tell it was absent. Unreadable addresses come last.
    """
    targets = [_one(raw) for raw in header_values(values)]

    def rank(target: RedirectTarget) -> tuple[int, float]:
        if target.uri is None:
            return (1, 0.0)
        return (0, -(1.0 if target.q is None else target.q))

    return tuple(sorted(targets, key=rank))
