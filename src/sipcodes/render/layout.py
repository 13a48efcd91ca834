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
    failover = failover_row(_, entry)
    if failover:
        rows.append(failover)
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
    ]
    hc = c.hangup_causes
    if hc:
        dash = "—"
        blocks += [Block("heading", _("Hangup causes")),
                   Block("diff", items=tuple((r["source"] + (" — " + _("same cause") if r["same"] else ""),
                                              str(c.a.code), dash if r["a"] is None else str(r["a"]),
                                              str(c.b.code), dash if r["b"] is None else str(r["b"]))
                                             for r in hc))]
        notes = c.hangup_cause_notes()
        if notes:
            blocks.append(Block("bullets", items=tuple(notes)))
    blocks += [
        Block("heading", _("When to use which")),
        Block("para", c.when_to_use),
    ]
    return blocks


def _codes_text(codes) -> str:
    return ", ".join(f"{c} {catalog.reason(c)}" for c in codes)


def platform_rows(_, platform, code: int) -> list[tuple[str, str]]:
    """Fact rows saying what `platform` does with `code`: the cause it maps the code to, and when it sends it."""
    rows = []
    if platform.sip_to_cause is not None:
        cause, by_default = platform.cause_for(code)
        if cause is None:
            text = _("not in its table; no cause")
        else:
            text = _("cause {cause}").format(cause=cause)
            name = catalog.cause_name(cause)
            if name:
                text += f" ({name})"
            if by_default:
                text += " — " + _("its default for codes it does not list")
            rfc = catalog.get(code).q850
            if rfc is not None and rfc.to_isup is not None and rfc.to_isup != cause:
                text += " — " + _("RFC 3398 gives {cause}").format(cause=rfc.to_isup)
        rows.append((_("Maps it to"), text))
    for g in platform.generated_for(code):
        text = g.when + (" " + _("Setting: {name}.").format(name=g.setting) if g.setting else "")
        rows.append((_("Reports it without sending it") if g.local else _("Sends it itself"), text))
    return rows


def platform_blocks(entry: catalog.Entry, platform) -> list[Block]:
    """The section `sipcodes show CODE --platform NAME` adds: the platform's mapping and its own uses of the code."""
    _ = i18n.translator(entry.lang)
    rows = platform_rows(_, platform, entry.code)
    blocks = [Block("heading", _("On {platform}").format(platform=platform.title)), Block("para", platform.summary)]
    if rows:
        blocks.append(Block("facts", items=tuple(rows)))
    else:
        blocks.append(Block("para", _("Its sources say nothing particular about {code}.").format(code=entry.code)))
    used = ([platform.sip_to_cause.source] if platform.sip_to_cause else []) + [
        g.source for g in platform.generated_for(entry.code)]
    sources = tuple(dict.fromkeys(str(s) for s in used))
    if sources:
        blocks += [Block("subheading", _("Sources")), Block("bullets", items=sources)]
    return blocks


def failover_row(_, entry: catalog.Entry) -> tuple[str, str] | None:
    """"Routing on failure": what a router with several routes should do with this response, and on what basis."""
    if entry.failover is None:
        return None
    text = _(_vocab.FAILOVER_ACTIONS[entry.failover.action])
    basis = entry.failover.basis_dict()
    if basis.get("kind") == "rfc":
        text += f" (RFC {basis['rfc']} §{basis['section']})"
    else:
        text += " (" + _(_vocab.FAILOVER_BASES["practice"]) + ")"
    return (_("Routing on failure"), text)


def cause_layout(cause) -> list[Block]:
    """A Q.850 cause page: name, class, meaning, RFC 3398 mappings both ways, each platform's mapping."""
    from ..catalog import _platforms

    _ = i18n.translator(cause.lang)
    blocks = [Block("title", _("Q.850 cause {cause}: {name}").format(cause=cause.cause, name=cause.name)),
              Block("meta", _("Class: {klass}").format(klass=_(_vocab.CAUSE_CLASS_NAMES[cause.klass])))]
    if cause.untranslated:
        blocks.append(Block("note", _("Not yet translated, shown in English: {fields}.").format(
            fields=", ".join(_(FIELD_NAMES.get(f, f)) for f in cause.untranslated))))
    blocks += [Block("summary", cause.summary), Block("heading", _("What it means")), Block("para", cause.description)]
    rows = []
    if cause.to_sip is not None:
        text = _codes_text([cause.to_sip])
        if cause.to_sip_also:
            text += " " + _("(in some circumstances: {codes})").format(codes=_codes_text(cause.to_sip_also))
        rows.append((_("Cause → SIP (RFC 3398 §7.2.4.1)"), text))
    else:
        rows.append((_("Cause → SIP (RFC 3398 §7.2.4.1)"), _("not in the table")))
    rows.append((_("SIP → cause (RFC 3398 §8.2.6.1)"),
                 _codes_text(cause.from_sip) if cause.from_sip else _("no code maps to it")))
    for m in cause.mappings:
        parts = []
        if m.to_sip is not None:
            parts.append(_("cause → {code}").format(code=m.to_sip))
        if m.from_sip:
            parts.append(_("{codes} → cause").format(codes=", ".join(map(str, m.from_sip))))
        rows.append((f"{m.standard} §{m.section}", _(i18n.LIST_SEPARATOR).join(parts)))
    blocks += [Block("heading", _("Mappings")), Block("facts", items=tuple(rows))]
    prows = []
    for p in _platforms.platforms(cause.lang).values():
        info = p.for_cause(cause.cause)
        if p.cause_to_sip is None and p.sip_to_cause is None:
            continue
        parts = []
        if info["to_sip"] is not None:
            text = _("sends {code}").format(code=info["to_sip"])
            if info["to_sip_by_default"]:
                text += " (" + _("its default") + ")"
            parts.append(text)
        if info["from_sip"]:
            parts.append(_("{codes} → this cause").format(codes=", ".join(map(str, info["from_sip"]))))
        prows.append((p.name, _(i18n.LIST_SEPARATOR).join(parts) or _("not in its tables")))
    if prows:
        blocks += [Block("heading", _("On each platform")), Block("facts", items=tuple(prows))]
    blocks += [Block("heading", _("References")),
               Block("refs", items=tuple((str(ref), ref.note, ref.url) for ref in cause.references))]
    return blocks


def warning_layout(w) -> list[Block]:
    _ = i18n.translator(w.lang)
    blocks = [Block("title", _("Warning {code}: {text}").format(code=w.warning, text=w.text)),
              Block("meta", f"RFC {w.registered_by}")]
    if w.untranslated:
        blocks.append(Block("note", _("Not yet translated, shown in English: {fields}.").format(
            fields=", ".join(_(FIELD_NAMES.get(f, f)) for f in w.untranslated))))
    return blocks + [
        Block("summary", w.summary),
        Block("heading", _("What it means")),
        Block("para", w.description),
        Block("heading", _("How to fix")),
        Block("steps", items=w.how_to_fix),
        Block("heading", _("References")),
        Block("refs", items=tuple((str(ref), ref.note, ref.url) for ref in w.references)),
    ]
