"""The immutable records the catalog is made of: an entry per code and its parts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ._vocab import CLASS_NAMES


@dataclass(frozen=True)
class Reference:
    """One RFC section that defines the code or changes what it means."""

    rfc: int
    section: str
    note: str = ""

    def __str__(self) -> str:
        return f"RFC {self.rfc} §{self.section}"

    @property
    def url(self) -> str:
        return f"https://www.rfc-editor.org/rfc/rfc{self.rfc}#section-{self.section}"

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"rfc": self.rfc, "section": self.section}
        if self.note:
            data["note"] = self.note
        return data


@dataclass(frozen=True)
class Q850Mapping:
    """ISUP / Q.850 cause values RFC 3398 maps to this code and from it."""

    from_isup: tuple[int, ...] = ()
    to_isup: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"from_isup": list(self.from_isup), "to_isup": self.to_isup}


@dataclass(frozen=True)
class Prose:
    """The human-written text of an entry, in one language."""

    lang: str
    summary: str
    description: str
    when_you_see_it: str
    causes: tuple[str, ...]
    how_to_fix: tuple[str, ...]


@dataclass(frozen=True)
class Entry:
    """Everything the catalog knows about one SIP response code."""

    code: int
    reason: str
    status: str
    registered_by: int
    references: tuple[Reference, ...]
    senders: tuple[str, ...]
    answers: tuple[str, ...]
    headers: tuple[str, ...]
    next_steps: tuple[str, ...]
    retry_change: str | None
    dialog: tuple[str, ...]
    forking: tuple[str, ...]
    q850: Q850Mapping | None
    related: tuple[int, ...]
    prose: Prose

    @property
    def klass(self) -> str:
        """The class as written in specs: "4xx"."""
        return f"{self.code // 100}xx"

    @property
    def class_name(self) -> str:
        return CLASS_NAMES[self.code // 100]

    @property
    def final(self) -> bool:
        return self.code >= 200

    @property
    def ack(self) -> str:
        """Who acknowledges this response when it answers an INVITE (RFC 3261 §17.1.1.3, §13.2.2.4)."""
        if not self.final:
            return "none"
        if self.code < 300:
            return "end-to-end"
        return "hop-by-hop"

    @property
    def lang(self) -> str:
        return self.prose.lang

    @property
    def summary(self) -> str:
        return self.prose.summary

    @property
    def description(self) -> str:
        return self.prose.description

    @property
    def when_you_see_it(self) -> str:
        return self.prose.when_you_see_it

    @property
    def causes(self) -> tuple[str, ...]:
        return self.prose.causes

    @property
    def how_to_fix(self) -> tuple[str, ...]:
        return self.prose.how_to_fix

    @property
    def title(self) -> str:
        return f"{self.code} {self.reason}"

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of an entry (documented in the README; extended, never broken)."""
        return {
            "code": self.code,
            "reason": self.reason,
            "class": self.klass,
            "class_name": self.class_name,
            "status": self.status,
            "final": self.final,
            "registered_by": self.registered_by,
            "references": [ref.to_dict() for ref in self.references],
            "senders": list(self.senders),
            "answers": list(self.answers),
            "headers": list(self.headers),
            "next_steps": list(self.next_steps),
            "retry_change": self.retry_change,
            "dialog": list(self.dialog),
            "forking": list(self.forking),
            "ack": self.ack,
            "q850": self.q850.to_dict() if self.q850 else None,
            "related": list(self.related),
            "summary": self.summary,
            "description": self.description,
            "when_you_see_it": self.when_you_see_it,
            "causes": list(self.causes),
            "how_to_fix": list(self.how_to_fix),
            "lang": self.lang,
        }
