"""The Warning header field (RFC 3261 §20.43): warn-code, warn-agent and quoted warn-text, one or more values.

    Warning: 307 isi.edu "Session parameter 'foo' not understood",
             301 isi.edu "Incompatible network address type 'E.164'"
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..sip import unquote
from ._common import Checked, Problem, ProblemKind, Reference, header_values

#: The warn-codes RFC 3261 §20.43 defines, by code: an id for renderers and the section defining it.
WARN_CODES: dict[int, tuple[str, Reference]] = {
    300: ("incompatible-network-protocol", Reference(3261, "20.43")),
    301: ("incompatible-network-address-formats", Reference(3261, "20.43")),
    302: ("incompatible-transport-protocol", Reference(3261, "20.43")),
    303: ("incompatible-bandwidth-units", Reference(3261, "20.43")),
    304: ("media-type-not-available", Reference(3261, "20.43")),
    305: ("incompatible-media-format", Reference(3261, "20.43")),
    306: ("attribute-not-understood", Reference(3261, "20.43")),
    307: ("session-description-parameter-not-understood", Reference(3261, "20.43")),
    330: ("multicast-not-available", Reference(3261, "20.43")),
    331: ("unicast-not-available", Reference(3261, "20.43")),
    370: ("insufficient-bandwidth", Reference(3261, "20.43")),
    399: ("miscellaneous-warning", Reference(3261, "20.43")),
}

_VALUE = re.compile(r"\s*(\S+)\s+(\S+)\s+(.*)\Z", re.S)


@dataclass(frozen=True)
class WarningValue(Checked):
    """One warning-value. `code_id` is the RFC 3261 id of a registered code, None for any other code."""

    code: int | None
    agent: str | None
    text: str | None
    registered: bool
    code_id: str | None
    problems: tuple[Problem, ...]
    reference: Reference = Reference(3261, "20.43")


def _one(raw: str) -> WarningValue:
    match = _VALUE.match(raw)
    if not match:
        return WarningValue(None, None, None, False, None, (Problem(ProblemKind.UNEXPECTED_TEXT, raw),))
    raw_code, agent, raw_text = match.groups()
    problems: list[Problem] = []
    code: int | None = None
    if len(raw_code) == 3 and raw_code.isdigit() and raw_code.isascii():  # warn-code = 3DIGIT
        code = int(raw_code)
    else:
        problems.append(Problem(ProblemKind.NOT_AN_INTEGER, raw_code))
    raw_text = raw_text.strip()
    if not raw_text.startswith('"'):
        problems.append(Problem(ProblemKind.NOT_QUOTED, raw_text))
        text = raw_text
    else:
        text = unquote(raw_text)
        end = _closing(raw_text)
        if end < 0:
            problems.append(Problem(ProblemKind.UNTERMINATED, raw_text))
        elif raw_text[end + 1 :].strip():
            problems.append(Problem(ProblemKind.UNEXPECTED_TEXT, raw_text[end + 1 :].strip()))
    known = WARN_CODES.get(code) if code is not None else None
    return WarningValue(code, agent, text, known is not None, known[0] if known else None, tuple(problems))


def _closing(quoted: str) -> int:
    i = 1
    while i < len(quoted):
        if quoted[i] == "\\":
            i += 2
            continue
        if quoted[i] == '"':
            return i
        i += 1
    return -1


def parse_warning(values: str | Iterable[str]) -> tuple[WarningValue, ...]:
    """Every warning-value in one Warning header line or several (commas inside the quoted text do not split)."""
    return tuple(_one(raw) for raw in header_values(values))
