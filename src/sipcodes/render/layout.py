"""The layout of an entry as a list of blocks (title, paragraphs, lists, fact rows) before any formatting."""

from __future__ import annotations

from .. import catalog
from ..catalog import _vocab
from ..catalog._record import Record


class Block(Record):
    """One piece of a page: `kind` (title, meta, summary, heading, subheading, para, bullets, steps, facts, refs,
    diff), its `text`, or its `items`."""

    __slots__ = ("kind", "text", "items")
    _defaults = {"text": "", "items": ()}


def _labels(ids, table) -> str:
    return "; ".join(table[i] for i in ids)


def _answers(entry: catalog.Entry) -> str:
    return "any request" if _vocab.ANY_METHOD in entry.answers else ", ".join(entry.answers)


def _q850(entry: catalog.Entry) -> str:
    parts = []
    if entry.q850.from_isup:
        causes = ", ".join(str(c) for c in entry.q850.from_isup)
        parts.append(f"ISUP cause {causes} → {entry.code}")
    if entry.q850.to_isup is not None:
        parts.append(f"{entry.code} → ISUP cause {entry.q850.to_isup}")
    return "; ".join(parts) + " (RFC 3398)"


def fact_rows(entry: catalog.Entry) -> list[tuple[str, str]]:
    rows = [
        ("Class", f"{entry.klass} {entry.class_name} ({'final' if entry.final else 'provisional'})"),
        ("Status", _vocab.STATUSES[entry.status]),
        ("Sent by", _labels(entry.senders, _vocab.SENDERS)),
        ("Answers", _answers(entry)),
        ("Header fields", ", ".join(entry.headers) if entry.headers else "none specific to this code"),
        ("Next step", _labels(entry.next_steps, _vocab.NEXT_STEPS)),
    ]
    if entry.retry_change:
        rows.append(("Change before retrying", _vocab.RETRY_CHANGES[entry.retry_change]))
    rows.append(("Dialogs", _labels(entry.dialog, _vocab.DIALOG_EFFECTS)))
    rows.append(("Forking", _labels(entry.forking, _vocab.FORKING_EFFECTS)))
    if "INVITE" in entry.answers or _vocab.ANY_METHOD in entry.answers:
        rows.append(("ACK", _vocab.ACK_BEHAVIOURS[entry.ack]))
    if entry.q850:
        rows.append(("ISUP / Q.850", _q850(entry)))
    return rows


def entry_layout(entry: catalog.Entry) -> list[Block]:
    registered = f"RFC {entry.registered_by}"
    meta = f"{entry.klass} {entry.class_name} · {'final' if entry.final else 'provisional'} · {entry.status} · {registered}"
    related = [f"{code} {catalog.reason(code)}" for code in entry.related]
    return [
        Block("title", entry.title),
        Block("meta", meta),
        Block("summary", entry.summary),
        Block("heading", "What it means"),
        Block("para", entry.description),
        Block("heading", "When you see it"),
        Block("para", entry.when_you_see_it),
        Block("heading", "Likely causes"),
        Block("bullets", items=entry.causes),
        Block("heading", "How to fix"),
        Block("steps", items=entry.how_to_fix),
        Block("heading", "Facts"),
        Block("facts", items=tuple(fact_rows(entry))),
        Block("heading", "References"),
        Block("refs", items=tuple((str(ref), ref.note, ref.url) for ref in entry.references)),
        Block("heading", "Related codes"),
        Block("para", ", ".join(related)),
    ]


def list_layout(entries: list[catalog.Entry]) -> list[tuple[str, str, str, str]]:
    """Rows of the code table: code, reason, class, status."""
    return [(str(e.code), e.reason, e.klass, e.status) for e in entries]


def comparison_layout(comparison) -> list[Block]:
    """The sections of a comparison, in the order readers expect them."""
    c = comparison
    blocks = [Block("title", c.title), Block("summary", c.summary)]
    if c.note:
        blocks += [Block("heading", "What separates them"), Block("para", c.note)]
    for e in (c.a, c.b):
        blocks += [
            Block("heading", e.title),
            Block("meta", f"{e.klass} {e.class_name} · {'final' if e.final else 'provisional'} · {e.status}"),
            Block("para", e.description),
            Block("subheading", "When you see it"),
            Block("para", e.when_you_see_it),
            Block("subheading", "How to fix"),
            Block("steps", items=e.how_to_fix),
        ]
    blocks += [
        Block("heading", "Key differences"),
        Block("bullets", items=c.key_differences),
        Block("heading", "Side by side"),
        Block("diff", items=tuple((d.aspect, str(c.a.code), d.a, str(c.b.code), d.b) for d in c.differences)),
        Block("heading", "When to use which"),
        Block("para", c.when_to_use),
    ]
    return blocks
