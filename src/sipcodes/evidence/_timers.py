"""Interval header fields: Min-Expires (RFC 3261 §20.23), Min-SE (RFC 4028 §5), Session-Expires (RFC 4028 §4).

    Min-Expires: 60
    Min-SE: 90
    Session-Expires: 1800;refresher=uac
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..sip import parse_params
from ._common import Checked, Problem, ProblemKind, Reference, header_values, params_tuple, read_int


@dataclass(frozen=True)
class DeltaSeconds(Checked):
    """A header field holding a number of seconds and, for Min-SE, generic parameters."""

    header: str
    seconds: int | None
    params: tuple[tuple[str, str | None], ...]
    problems: tuple[Problem, ...]
    reference: Reference


@dataclass(frozen=True)
class SessionExpires(Checked):
    """The session interval, who refreshes ("uac", "uas" or None when absent), other parameters."""

    seconds: int | None
    refresher: str | None
    params: tuple[tuple[str, str | None], ...]
    problems: tuple[Problem, ...]
    reference: Reference = Reference(4028, "4")


def _seconds(values: str | Iterable[str], allow_params: bool) -> tuple[int | None, dict, list[Problem]]:
    lines = header_values(values, split=False)
    if not lines:
        return None, {}, [Problem(ProblemKind.EMPTY, "")]
    number, semi, rest = lines[0].partition(";")
    problems: list[Problem] = []
    seconds = read_int(number)
    if seconds is None:
        problems.append(Problem(ProblemKind.NOT_AN_INTEGER, number.strip() or lines[0]))
    params = parse_params(rest) if semi else {}
    if semi and not allow_params:
        problems.append(Problem(ProblemKind.UNEXPECTED_TEXT, semi + rest))
    return seconds, params, problems


def parse_min_expires(values: str | Iterable[str]) -> DeltaSeconds:
    """The shortest registration or subscription interval the server accepts (a bare delta-seconds)."""
    seconds, params, problems = _seconds(values, allow_params=False)
    return DeltaSeconds("Min-Expires", seconds, params_tuple(params), tuple(problems), Reference(3261, "20.23"))


def parse_min_se(values: str | Iterable[str]) -> DeltaSeconds:
    """The shortest session interval the sender accepts; RFC 4028 §5 allows generic parameters."""
    seconds, params, problems = _seconds(values, allow_params=True)
    return DeltaSeconds("Min-SE", seconds, params_tuple(params), tuple(problems), Reference(4028, "5"))


def parse_session_expires(values: str | Iterable[str]) -> SessionExpires:
    """The session interval and refresher of a Session-Expires (or compact `x`) value."""
    seconds, params, problems = _seconds(values, allow_params=True)
    refresher: str | None = None
    if "refresher" in params:
        raw = params.pop("refresher") or ""
        if raw.lower() in ("uac", "uas"):
            refresher = raw.lower()
        else:
            problems.append(Problem(ProblemKind.BAD_PARAMETER, f"refresher={raw}"))
    return SessionExpires(seconds, refresher, params_tuple(params), tuple(problems))
