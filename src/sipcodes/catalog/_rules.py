"""Class-wide rules that every entry obeys, unless its data file overrides one by citing the RFC section that
says otherwise (the `overrides` field, described in data/SCHEMA.md).

The loader applies them, so a file that breaks a rule without an override, or overrides a rule it obeys, is
rejected with the rule's id and wording.
"""

from __future__ import annotations

from ._entry import Entry
from ._record import Record


class ClassRule(Record):
    """`text`: the rule as SCHEMA.md states it; `field`: the data field it constrains, for error messages;
    `applies(entry)` and `holds(entry)`: predicates on an entry's facts."""

    __slots__ = ("text", "field", "applies", "holds")


def _klass(*classes: int):
    # a plain function rather than typing.Callable: importing typing would cost the start-up budget
    def applies(e: Entry) -> bool:
        return e.code // 100 in classes
    return applies


CLASS_RULES: dict[str, ClassRule] = {
    "provisional-waits-for-final": ClassRule(
        '1xx: next_steps is ["wait-for-final"]', "next_steps", _klass(1),
        lambda e: e.next_steps == ("wait-for-final",)),
    "provisional-forwarded": ClassRule(
        '1xx: forking is ["forwarded-immediately"]', "forking", _klass(1),
        lambda e: e.forking == ("forwarded-immediately",)),
    "success-done": ClassRule(
        '2xx: next_steps is ["done"]', "next_steps", _klass(2), lambda e: e.next_steps == ("done",)),
    "success-forwarded": ClassRule(
        '2xx: forking is ["forwarded-immediately"]', "forking", _klass(2),
        lambda e: e.forking == ("forwarded-immediately",)),
    "redirect-try-other-destination": ClassRule(
        "3xx: next_steps includes try-other-destination", "next_steps", _klass(3),
        lambda e: "try-other-destination" in e.next_steps),
    "redirect-may-recurse": ClassRule(
        "3xx: forking includes may-recurse", "forking", _klass(3), lambda e: "may-recurse" in e.forking),
    "redirect-contact": ClassRule(
        "3xx: headers include Contact", "headers", _klass(3), lambda e: "Contact" in e.headers),
    "failure-best-response": ClassRule(
        "4xx and 5xx: forking includes best-response", "forking", _klass(4, 5),
        lambda e: "best-response" in e.forking),
    "global-cancels-all-branches": ClassRule(
        '6xx: forking is ["cancels-all-branches"]', "forking", _klass(6),
        lambda e: e.forking == ("cancels-all-branches",)),
    "final-failure-ends-early-dialogs": ClassRule(
        "3xx-6xx answering INVITE (or *): dialog includes ends-early-dialogs", "dialog",
        lambda e: e.code >= 300 and ("INVITE" in e.answers or "*" in e.answers),
        lambda e: "ends-early-dialogs" in e.dialog),
}
