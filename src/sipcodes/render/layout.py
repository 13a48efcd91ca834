"""The layout of an entry as a list of blocks (title, paragraphs, lists, fact rows) before any formatting."""

from __future__ import annotations

from .. import catalog, i18n
from ..i18n import N_
from ..catalog import _vocab
from ..catalog._record import Record


class Block(Record):
    """One piece of a page: `kind` (title, meta, summary, heading, subheading, para, bullets, steps, facts, refs,
    diff), its `text`, or its `items`."""

    __slots__ = ("kind", "text", "items")
    _defaults = {"text": "", "items": ()}


def _labels(_, ids, table) -> str:
    return _(i18n.LIST_SEPARATOR).join(_(table[i]) for i in ids)


def _answers(_, entry: catalog.Entry) -> str:
    return _("any request") if _vocab.ANY_METHOD in entry.answers else ", ".join(entry.answers)


def _q850(_, entry: catalog.Entry) -> str:
    parts = []
    if entry.q850.from_isup:
        causes = ", ".join(str(c) for c in entry.q850.from_isup)
        parts.append(_("ISUP cause {causes} → {code}").format(causes=causes, code=entry.code))
    if entry.q850.to_isup is not None:
        parts.append(_("{code} → ISUP cause {cause}").format(code=entry.code, cause=entry.q850.to_isup))
    return _(i18n.LIST_SEPARATOR).join(parts) + " (RFC 3398)"


def class_line(entry: catalog.Entry) -> str:
    """"4xx Request Failure · final", in the entry's language."""
    _ = i18n.translator(entry.lang)
    return f"{entry.klass} {_(entry.class_name)} · {_('final') if entry.final else _('provisional')}"


def fact_rows(entry: catalog.Entry) -> list[tuple[str, str]]:
    _ = i18n.translator(entry.lang)
    rows = [
        (_("Class"), f"{entry.klass} {_(entry.class_name)} ({_('final') if entry.final else _('provisional')})"),
        (_("Status"), _(_vocab.STATUSES[entry.status])),
        (_("Sent by"), _labels(_, entry.senders, _vocab.SENDERS)),
        (_("Answers"), _answers(_, entry)),
        (_("Header fields"), ", ".join(entry.headers) if entry.headers else _("none specific to this code")),
        (_("Next step"), _labels(_, entry.next_steps, _vocab.NEXT_STEPS)),
    ]
    if entry.retry_change:
        rows.append((_("Change before retrying"), _(_vocab.RETRY_CHANGES[entry.retry_change])))
    rows.append((_("Dialogs"), _labels(_, entry.dialog, _vocab.DIALOG_EFFECTS)))
    rows.append((_("Forking"), _labels(_, entry.forking, _vocab.FORKING_EFFECTS)))
    if "INVITE" in entry.answers or _vocab.ANY_METHOD in entry.answers:
        rows.append((_("ACK"), _(_vocab.ACK_BEHAVIOURS[entry.ack])))
    if entry.q850:
        rows.append((_("ISUP / Q.850"), _q850(_, entry)))
    return rows


def entry_layout(entry: catalog.Entry) -> list[Block]:
    _ = i18n.translator(entry.lang)
    meta = f"{class_line(entry)} · {_(entry.status)} · RFC {entry.registered_by}"
    related = [f"{code} {catalog.reason(code)}" for code in entry.related]
    blocks = [Block("title", entry.title), Block("meta", meta)]
    if entry.untranslated:
        blocks.append(Block("note", _("Not yet translated, shown in English: {fields}.").format(
            fields=", ".join(_(FIELD_NAMES[f]) for f in entry.untranslated))))
    return blocks + [
        Block("summary", entry.summary),
        Block("heading", _("What it means")),
        Block("para", entry.description),
        Block("heading", _("When you see it")),
        Block("para", entry.when_you_see_it),
        Block("heading", _("Likely causes")),
        Block("bullets", items=entry.causes),
        Block("heading", _("How to fix")),
        Block("steps", items=entry.how_to_fix),
        Block("heading", _("Facts")),
        Block("facts", items=tuple(fact_rows(entry))),
        Block("heading", _("References")),
        Block("refs", items=tuple((str(ref), ref.note, ref.url) for ref in entry.references)),
        Block("heading", _("Related codes")),
        Block("para", ", ".join(related)),
    ]


FIELD_NAMES = {
    "summary": N_("summary"),
    "description": N_("what it means"),
    "when_you_see_it": N_("when you see it"),
    "causes": N_("likely causes"),
    "how_to_fix": N_("how to fix"),
    "notes": N_("reference notes"),
}


def list_layout(entries: list[catalog.Entry]) -> list[tuple[str, str, str, str]]:
    """Rows of the code table: code, reason, class, status."""
    return [(str(e.code), e.reason, e.klass, e.status) for e in entries]


def comparison_layout(comparison) -> list[Block]:
    """The sections of a comparison, in the order readers expect them."""
    c = comparison
    _ = i18n.translator(c.lang)
    blocks = [Block("title", c.title)]
    if c.untranslated:
        blocks.append(Block("note", _("Parts of this page are not yet translated and are shown in English.")))
    blocks.append(Block("summary", c.summary))
    if c.note:
        blocks += [Block("heading", _("What separates them")), Block("para", c.note)]
    for e in (c.a, c.b):
        blocks += [
            Block("heading", e.title),
            Block("meta", f"{class_line(e)} · {_(e.status)}"),
            Block("para", e.description),
            Block("subheading", _("When you see it")),
            Block("para", e.when_you_see_it),
            Block("subheading", _("How to fix")),
            Block("steps", items=e.how_to_fix),
        ]
    blocks += [
        Block("heading", _("Key differences")),
        Block("bullets", items=c.key_differences),
        Block("heading", _("Side by side")),
        Block("diff", items=tuple((d.aspect, str(c.a.code), d.a, str(c.b.code), d.b) for d in c.differences)),
        Block("heading", _("When to use which")),
        Block("para", c.when_to_use),
    ]
    return blocks
