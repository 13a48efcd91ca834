"""The Security-Server header field (RFC 3329 §2.2): the security mechanisms a server offers, by preference.

    Security-Server: ipsec-ike;q=0.1, tls;q=0.2
    Security-Server: digest;d-alg=md5;d-qop=auth;q=0.5
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..sip import parse_params
from ._common import Checked, Problem, ProblemKind, Reference, header_values, is_token, params_tuple, pop_qvalue

#: Mechanism names RFC 3329 §2.2 defines; others (e.g. "ipsec-3gpp" of 3GPP TS 33.203) are kept as written.
SECURITY_MECHANISMS: dict[str, Reference] = {
    "digest": Reference(3329, "2.2"),
    "tls": Reference(3329, "2.2"),
    "ipsec-ike": Reference(3329, "2.2"),
    "ipsec-man": Reference(3329, "2.2"),
}


@dataclass(frozen=True)
class SecurityMechanism(Checked):
    """One mechanism: name (lower-cased), whether RFC 3329 defines it, q, digest parameters, other parameters."""

    mechanism: str | None
    known: bool
    q: float | None
    d_alg: str | None
    d_qop: str | None
    d_ver: str | None
    params: tuple[tuple[str, str | None], ...]
    problems: tuple[Problem, ...]
    reference: Reference = Reference(3329, "2.2")


def _one(raw: str) -> SecurityMechanism:
    name, _, rest = raw.partition(";")
    name = name.strip()
    problems: list[Problem] = []
    if not is_token(name):
        return SecurityMechanism(None, False, None, None, None, None, (), (Problem(ProblemKind.NOT_A_TOKEN, raw),))
    params = parse_params(rest)
    q = pop_qvalue(params, problems)
    mechanism = name.lower()
    return SecurityMechanism(mechanism, mechanism in SECURITY_MECHANISMS, q, params.pop("d-alg", None),
                             params.pop("d-qop", None), params.pop("d-ver", None), params_tuple(params),
                             tuple(problems))


def parse_security_server(values: str | Iterable[str]) -> tuple[SecurityMechanism, ...]:
    """Every mechanism given, most preferred (highest q) first; equal or absent q keep their order."""
    mechanisms = [_one(raw) for raw in header_values(values)]
    return tuple(sorted(mechanisms, key=lambda m: -(m.q if m.q is not None else 0.0)))
