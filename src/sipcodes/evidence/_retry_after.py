"""The Retry-After header field (RFC 3261 §20.33): seconds to wait, an optional comment, optional `duration`.

    Retry-After: 18000;duration=3600
    Retry-After: 120 (I'm in a meeting)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..sip import parse_params
from ._common import Checked, Problem, ProblemKind, Reference, header_values, params_tuple, read_int


@dataclass(frozen=True)
class RetryAfter(Checked):
    """The wait in seconds, the comment (without its parentheses), `duration` in seconds, other parameters."""

    seconds: int | None
    comment: str | None
    duration: int | None
    params: tuple[tuple[str, str | None], ...]
    problems: tuple[Problem, ...]
    reference: Reference = Reference(3261, "20.33")


def _comment_end(text: str) -> int:
    """Index of the parenthesis closing the comment opened at text[0] (comments nest, RFC 3261 §25.1), or -1."""
    depth = 0
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def parse_retry_after(values: str | Iterable[str]) -> RetryAfter:
    """The first Retry-After value given (the field appears once); an absent or empty value is marked EMPTY."""
    lines = header_values(values, split=False)
    if not lines:
        return RetryAfter(None, None, None, (), (Problem(ProblemKind.EMPTY, ""),))
    raw = lines[0]
    problems: list[Problem] = []
    digits_end = 0
    while digits_end < len(raw) and raw[digits_end].isascii() and raw[digits_end].isdigit():
        digits_end += 1
    seconds = read_int(raw[:digits_end]) if digits_end else None
    if seconds is None:
        problems.append(Problem(ProblemKind.NOT_AN_INTEGER, raw.split(";")[0].strip() or raw))
    rest = raw[digits_end:].lstrip()
    comment: str | None = None
    if rest.startswith("("):
        end = _comment_end(rest)
        if end < 0:
            problems.append(Problem(ProblemKind.UNTERMINATED, rest))
            comment, rest = rest[1:], ""
        else:
            comment, rest = rest[1:end], rest[end + 1 :].lstrip()
    params: dict[str, str | None] = {}
    if rest:
        if not rest.startswith(";"):
            problems.append(Problem(ProblemKind.UNEXPECTED_TEXT, rest))
        else:
            params = parse_params(rest)
    duration: int | None = None
    if "duration" in params:
        raw_duration = params.pop("duration") or ""
        duration = read_int(raw_duration)
        if duration is None:
            problems.append(Problem(ProblemKind.NOT_AN_INTEGER, raw_duration))
    return RetryAfter(seconds, comment, duration, params_tuple(params), tuple(problems))
