"""The report `explain` returns: calls, their ladders and findings, all prose already in the report's language."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..calls import Seen
from ._evidence import EvidenceLine


@dataclass(slots=True)
class Finding:
    """What one non-2xx final response means for its call: the catalog's explanation of the code, what this
    message's own header fields add (`evidence`), and what the client should do next."""

    code: int
    reason: str
    explanation: str
    evidence: list[EvidenceLine] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {"code": self.code, "reason": self.reason, "explanation": self.explanation,
                "evidence": [line.to_dict() for line in self.evidence], "next_steps": list(self.next_steps)}


#: One message of a call's ladder: `time` (seconds since the epoch, None when the input had no times), `src`,
#: `dst`, `summary` (the start line in short) and `retransmission`; the grouping's own record, with `to_dict()`.
MessageLine = Seen


@dataclass(slots=True)
class CallReport:
    """One call: who called whom, the main request's method, how it ended, its ladder and findings."""

    call_id: str
    from_: str
    to: str
    method: str | None
    outcome: str
    outcome_label: str
    final: tuple[int, str] | None
    messages: list[MessageLine]
    findings: list[Finding]

    def to_dict(self) -> dict[str, object]:
        return {
            "call_id": self.call_id, "from": self.from_, "to": self.to, "method": self.method,
            "outcome": self.outcome, "outcome_label": self.outcome_label,
            "final": {"code": self.final[0], "reason": self.final[1]} if self.final else None,
            "messages": [m.to_dict() for m in self.messages],
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass(slots=True)
class Report:
    """Everything `explain` found: the calls shown, how many SIP messages were read, how many packets or lines
    were skipped as not SIP (or damaged), warnings about damage (one line each, in `lang`), and the language."""

    lang: str
    messages: int
    skipped: int
    calls: list[CallReport]
    warnings: list[str] = field(default_factory=list)
    #: calls read in total, including those not shown (answered calls, unless all calls were asked for)
    total_calls: int = 0
    #: how many calls of each outcome were read, shown or not
    outcomes: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return {"lang": self.lang, "messages": self.messages, "skipped": self.skipped,
                "warnings": list(self.warnings), "total_calls": self.total_calls, "outcomes": dict(self.outcomes),
                "calls": [c.to_dict() for c in self.calls]}
