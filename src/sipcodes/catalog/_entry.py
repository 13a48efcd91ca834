"""The immutable records the catalog is made of: an entry per code and its parts."""

from __future__ import annotations

from ._record import Record
from ._vocab import CLASS_NAMES


class Reference(Record):
    """One RFC section that defines the code or changes what it means: `rfc`, `section`, `note`."""

    __slots__ = ("rfc", "section", "note")
    _defaults = {"note": ""}

    def __str__(self) -> str:
        return f"RFC {self.rfc} §{self.section}"

    @property
    def url(self) -> str:
        return f"https://www.rfc-editor.org/rfc/rfc{self.rfc}#section-{self.section}"

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"rfc": self.rfc, "section": self.section}
        if self.note:
            data["note"] = self.note
        return data


class Override(Record):
    """An exemption from a class-wide rule (`rule`, an id of `_rules.CLASS_RULES`), justified by an RFC section
    the entry cites among its references."""

    __slots__ = ("rule", "rfc", "section")

    def __str__(self) -> str:
        return f"{self.rule} (RFC {self.rfc} §{self.section})"


class Q850Mapping(Record):
    """ISUP / Q.850 cause values RFC 3398 maps to this code (`from_isup`) and from it (`to_isup`)."""

    __slots__ = ("from_isup", "to_isup")
    _defaults = {"from_isup": (), "to_isup": None}

    def to_dict(self) -> dict[str, object]:
        return {"from_isup": list(self.from_isup), "to_isup": self.to_isup}


class Failover(Record):
    """What a router with several routes should do when this response comes back on one route: `action` (an id of
    `_vocab.FAILOVER_ACTIONS`) and `basis` ("rfc", with the cited `rfc` and `section`, or "practice")."""

    __slots__ = ("action", "basis", "rfc", "section")
    _defaults = {"rfc": None, "section": None}

    def basis_dict(self) -> dict[str, object]:
        if self.basis == "rfc":
            return {"kind": "rfc", "rfc": self.rfc, "section": self.section}
        return {"kind": self.basis}


class Prose(Record):
    """The human-written text of an entry, in one language."""

    __slots__ = ("lang", "summary", "description", "when_you_see_it", "causes", "how_to_fix")


class Entry(Record):
    """Everything the catalog knows about one SIP response code: facts, then `prose` in one language."""

    __slots__ = ("code", "reason", "status", "meaning", "registered_by", "references", "senders", "answers", "headers",
                 "next_steps", "retry_change", "dialog", "forking", "outcome", "q850", "related", "prose", "untranslated",
                 "overrides", "failover", "session_setup", "registration")
    # prose fields shown in English because their translation is missing or stale; class-wide rules exempted from
    # `failover` is None below 300, `session_setup` and `registration` for 1xx
    _defaults = {"untranslated": (), "overrides": (), "failover": None, "session_setup": None, "registration": None}

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

    def to_dict(self) -> dict[str, object]:
        """The JSON contract of an entry (documented in the README; extended, never broken)."""
        return {
            "code": self.code,
            "reason": self.reason,
            "class": self.klass,
            "class_name": self.class_name,
            "status": self.status,
            "meaning": self.meaning,
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
            "outcome": self.outcome,
            "failover": self.failover.action if self.failover else None,
            "failover_basis": self.failover.basis_dict() if self.failover else None,
            "session_setup": self.session_setup,
            "registration": self.registration,
            "ack": self.ack,
            "q850": self.q850.to_dict() if self.q850 else None,
            "related": list(self.related),
            "summary": self.summary,
            "description": self.description,
            "when_you_see_it": self.when_you_see_it,
            "causes": list(self.causes),
            "how_to_fix": list(self.how_to_fix),
            "lang": self.lang,
            "untranslated": list(self.untranslated),
        }
