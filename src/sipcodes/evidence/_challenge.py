"""Authentication challenges (WWW-Authenticate, Proxy-Authenticate; RFC 3261 §22, §20.27, §20.44; RFC 8760).

    WWW-Authenticate: Digest realm="atlanta.com", algorithm=SHA-256, qop="auth", nonce="...", stale=FALSE

A 401 or 407 may carry several challenges, one per header line (RFC 8760 lets a server offer SHA-256 beside MD5
that way); a line holding two comma-joined challenges is split where a new scheme starts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..sip import MessageError, parse_challenge
from ..sip._lists import split_outside_quotes
from ._common import Checked, Problem, ProblemKind, Reference, header_values, is_token

#: Digest algorithms, by their spelling on the wire (compared case-insensitively), and where they are defined.
ALGORITHMS: dict[str, Reference] = {
    "MD5": Reference(3261, "22.4"),
    "MD5-sess": Reference(7616, "3.3"),
    "SHA-256": Reference(8760, "2.1"),
    "SHA-256-sess": Reference(8760, "2.1"),
    "SHA-512-256": Reference(8760, "2.1"),
    "SHA-512-256-sess": Reference(8760, "2.1"),
}


@dataclass(frozen=True)
class ChallengeEvidence(Checked):
    """One challenge. `algorithm` is "MD5" when absent (`algorithm_given` False), per RFC 7616 §3.3.

    `algorithm_known` says whether the algorithm is one of ALGORITHMS; `stale` is None when absent.
    """

    scheme: str | None
    realm: str | None
    algorithm: str | None
    algorithm_given: bool
    algorithm_known: bool
    qop: tuple[str, ...]
    stale: bool | None
    nonce_present: bool
    params: tuple[tuple[str, str | None], ...]
    problems: tuple[Problem, ...]
    reference: Reference = Reference(3261, "22")


def _split_challenges(line: str) -> list[str]:
    """A header line cut where a comma is followed by a new `scheme param=` rather than another parameter."""
    pieces = split_outside_quotes(line, ",")
    out: list[str] = []
    for piece in pieces:
        head = piece.split(None, 1)
        starts_new = len(head) == 2 and "=" not in head[0] and is_token(head[0]) and "=" in head[1]
        if out and not starts_new:
            out[-1] += ", " + piece
        else:
            out.append(piece)
    return [part for part in out if part.strip()]


def _one(raw: str) -> ChallengeEvidence:
    problems: list[Problem] = []
    try:
        challenge = parse_challenge(raw)
    except MessageError:
        return ChallengeEvidence(None, None, None, False, False, (), None, False, (),
                                 (Problem(ProblemKind.BAD_SCHEME, raw),))
    params = challenge.params
    if not is_token(challenge.scheme):
        problems.append(Problem(ProblemKind.NOT_A_TOKEN, challenge.scheme))
    is_digest = challenge.scheme.lower() == "digest"
    if is_digest:
        # RFC 3261 §25.1 digest-cln / RFC 7616 §3.3: a Digest challenge names its realm and nonce.
        for required in ("realm", "nonce"):
            if params.get(required) is None:
                problems.append(Problem(ProblemKind.MISSING_PARAMETER, required))
    given = params.get("algorithm")
    algorithm = given if given is not None else ("MD5" if is_digest else None)
    known_names = {name.lower(): name for name in ALGORITHMS}
    algorithm_known = algorithm is not None and algorithm.strip().lower() in known_names
    if algorithm_known:
        algorithm = known_names[algorithm.strip().lower()]
    stale: bool | None = None
    raw_stale = params.get("stale")
    if raw_stale is not None:
        lowered = raw_stale.strip().lower()
        if lowered in ("true", "false"):
            stale = lowered == "true"
        else:
            problems.append(Problem(ProblemKind.BAD_PARAMETER, f"stale={raw_stale}"))
    return ChallengeEvidence(
        challenge.scheme, challenge.realm, algorithm, given is not None, algorithm_known, tuple(challenge.qop),
        stale, challenge.nonce is not None, tuple(params.items()), tuple(problems),
    )


def parse_challenges(values: str | Iterable[str]) -> tuple[ChallengeEvidence, ...]:
    """Every challenge in the WWW-Authenticate (or Proxy-Authenticate) lines given, in order."""
    out: list[ChallengeEvidence] = []
    for line in header_values(values, split=False):
        out.extend(_one(part) for part in _split_challenges(line))
    return tuple(out)
