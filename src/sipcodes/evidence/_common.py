"""What every decoder shares: the problem record for unreadable input, RFC references, and small readers."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from ..sip import split_list


class Reference(NamedTuple):
    """An RFC and a section ("" when the fact rests on the document as a whole)."""

    rfc: int
    section: str


class ProblemKind(str, enum.Enum):
    """Why (part of) a header value could not be read; renderers translate these ids."""

    EMPTY = "empty"
    NOT_A_TOKEN = "not-a-token"
    NOT_AN_INTEGER = "not-an-integer"
    OUT_OF_RANGE = "out-of-range"
    MISSING_PARAMETER = "missing-parameter"
    BAD_PARAMETER = "bad-parameter"
    BAD_QVALUE = "bad-qvalue"
    UNTERMINATED = "unterminated"
    UNEXPECTED_TEXT = "unexpected-text"
    NOT_QUOTED = "not-quoted"
    BAD_ADDRESS = "bad-address"
    BAD_SCHEME = "bad-scheme"
    TOO_LONG = "too-long"
    BAD_BASE64 = "bad-base64"
    BAD_JSON = "bad-json"
    BAD_COMPACT_FORM = "bad-compact-form"
    MISSING_CLAIM = "missing-claim"
    BAD_CLAIM = "bad-claim"
    BAD_DATE = "bad-date"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a value: what kind, and the text it was found in (or the part of it at fault)."""

    kind: ProblemKind
    text: str


#: RFC 3261 §25.1 `token` characters.
_TOKEN = re.compile(r"[A-Za-z0-9\-.!%*_+`'~]+\Z")
_DIGITS = re.compile(r"[0-9]+\Z")
#: Bound on the digits read as one integer: delta-seconds and causes are small, and int() of very long digit
#: strings is slow (and refused beyond 4300 digits).
MAX_DIGITS = 12


def is_token(text: str) -> bool:
    """True when `text` is an RFC 3261 token."""
    return bool(_TOKEN.match(text))


def read_int(text: str) -> int | None:
    """The value of a plain decimal number of at most MAX_DIGITS digits, else None."""
    text = text.strip()
    if len(text) > MAX_DIGITS or not _DIGITS.match(text):
        return None
    return int(text)


def read_qvalue(text: str) -> float | None:
    """An RFC 3261 §25.1 qvalue (0 to 1, at most three decimals), else None."""
    text = text.strip()
    if not re.fullmatch(r"0(\.[0-9]{0,3})?|1(\.0{0,3})?", text):
        return None
    return float(text)


def pop_qvalue(params: dict[str, str | None], problems: list[Problem]) -> float | None:
    """Take the `q` parameter out of `params` as a qvalue; None when absent, and a problem noted when unreadable."""
    if "q" not in params:
        return None
    raw_q = params.pop("q") or ""
    q = read_qvalue(raw_q)
    if q is None:
        problems.append(Problem(ProblemKind.BAD_QVALUE, raw_q))
    return q


class Checked:
    """Mixin for results with a `problems` tuple."""

    problems: tuple[Problem, ...]

    @property
    def malformed(self) -> bool:
        """True when part of the value could not be read."""
        return bool(self.problems)


def header_values(values: str | Iterable[str], *, split: bool = True) -> list[str]:
    """The values given as one header line or several lines, each line split at its list commas when `split`."""
    lines = [values] if isinstance(values, str) else list(values)
    out: list[str] = []
    for line in lines:
        if not isinstance(line, str):
            continue
        if split:
            out.extend(split_list(line))
        elif line.strip():
            out.append(line.strip())
    return out


def params_tuple(params: dict[str, str | None]) -> tuple[tuple[str, str | None], ...]:
    """Parameters as an immutable tuple of (name, value) pairs, in order."""
    return tuple(params.items())
