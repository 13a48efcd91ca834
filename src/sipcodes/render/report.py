"""An explained trace as terminal text (a compact ladder per call, then its findings) or as Markdown.

Both read the report's JSON form (`Report.to_dict()`), the one contract every front end shares. Text from the
trace (addresses, start lines, header values) is the capture's, so it is cleaned of control characters before it
reaches a terminal, and escaped for Markdown.
"""

from __future__ import annotations

from ..i18n import translator
from .text import _sgr, wrap

#: Widest ladder drawn with one column per endpoint; beyond it each line names its two ends instead.
MAX_COLUMNS = 6
#: Messages drawn per call; the rest are counted.
MAX_LINES = 200
_COLUMN = 8
_CONTROL = {c: "?" for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)]}


def _clean(text: object) -> str:
    """Capture text made safe for a terminal: control characters (escape sequences included) become '?'."""
    return str(text).translate(_CONTROL)


def _endpoints(messages: list[dict]) -> list[str]:
    seen: dict[str, None] = {}
    for message in messages:
        seen.setdefault(message["src"], None)
        seen.setdefault(message["dst"], None)
    return list(seen)


def _letter(index: int) -> str:
    return chr(ord("A") + index) if index < 26 else f"E{index}"


def _offset(message: dict, start: float | None) -> str:
    if message["time"] is None or start is None:
        return ""
    return f"+{message['time'] - start:.3f}".rjust(9)


def _ladder_row(i: int, j: int, columns: int) -> str:
    """One arrow between column `i` and column `j` over `columns` lifelines."""
    width = (columns - 1) * _COLUMN + 1
    row = [" "] * width
    for k in range(columns):
        row[k * _COLUMN] = "│"
    left, right = sorted((i * _COLUMN, j * _COLUMN))
    for x in range(left + 1, right):
        row[x] = "─"
    if i == j:
        row[left] = "○"
    elif i < j:
        row[right - 1] = "►"
    else:
        row[left + 1] = "◄"
    return "".join(row)


def _ladder(call: dict, _, color: bool) -> list[str]:
    messages = call["messages"]
    points = _endpoints(messages)
    index = {address: k for k, address in enumerate(points)}
    unknown = _("(address not in the log)")
    lines = ["   " + "   ".join(f"{_letter(k)} = {_clean(a) or unknown}" for k, a in enumerate(points))]
    start = next((m["time"] for m in messages if m["time"] is not None), None)
    wide = len(points) > MAX_COLUMNS
    if not wide:
        heads = [" "] * ((len(points) - 1) * _COLUMN + 1)
        for k in range(len(points)):
            heads[k * _COLUMN] = _letter(k)
        lines.append(f"  {' ' * 9 if start is not None else ''}  {''.join(heads)}")
    for message in messages[:MAX_LINES]:
        i, j = index[message["src"]], index[message["dst"]]
        if wide:
            arrow = f"{_letter(i)} → {_letter(j)}"
        else:
            arrow = _ladder_row(i, j, len(points))
        summary = _clean(message["summary"])
        if message["retransmission"]:
            summary += " " + _("(retransmission)")
        line = f"  {_offset(message, start)}  {arrow}  {summary}".rstrip()
        if color:
            status = message["summary"][:3]
            if message["retransmission"]:
                line = _sgr("2", line)
            elif status.isdigit() and status[0] in "3456":
                line = _sgr("1;31", line)
        lines.append(line)
    left = len(messages) - MAX_LINES
    if left > 0:
        lines.append("   " + _("… %(count)s more messages") % {"count": left})
    return lines


def _final_text(call: dict, _) -> str:
    final = call["final"]
    if final is None:
        return _("no final response")
    return f"{final['code']} {_clean(final['reason'])}"


def _totals(report: dict, _) -> str:
    shown = len(report["calls"])
    text = _("SIP messages: %(messages)s · calls: %(calls)s, shown: %(shown)s · packets or lines skipped as "
             "not SIP: %(skipped)s") % {"messages": report["messages"], "calls": report["total_calls"],
                                      "shown": shown, "skipped": report["skipped"]}
    return text


def _outcome_counts(report: dict, _) -> str:
    from ..catalog._vocab import OUTCOMES

    parts = [f"{_(OUTCOMES[o])} {n}" for o, n in sorted(report["outcomes"].items(), key=lambda item: -item[1])
             if o in OUTCOMES]
    return ", ".join(parts)


def render_report_text(report: dict, *, color: bool = False, width: int = 88) -> str:
    """The report for a terminal: totals, then per call a title line, its ladder, and its findings."""
    _ = translator(report["lang"])
    bold = (lambda s: _sgr("1", s)) if color else (lambda s: s)
    out = [wrap(_totals(report, _), width)]
    if report["outcomes"]:
        out.append(wrap(_("Outcomes: %(counts)s") % {"counts": _outcome_counts(report, _)}, width))
    for warning in report["warnings"]:
        out.append(wrap(_("warning: %(text)s") % {"text": _clean(warning)}, width))
    if not report["calls"]:
        out += ["", _("No failed call to explain (use --all to see every call).")]
    for call in report["calls"]:
        out.append("")
        out.append(bold(_("Call %(call_id)s") % {"call_id": _clean(call["call_id"])}))
        out.append(wrap(f"{_clean(call['from'])} → {_clean(call['to'])} · {call['method'] or '?'} · "
                        f"{call['outcome_label']} · {_final_text(call, _)}", width, "  ", "    "))
        out += _ladder(call, _, color)
        for finding in call["findings"]:
            out.append("")
            title = f"{finding['code']} {_clean(finding['reason'])}"
            out.append("  " + (_sgr("1;31", title) if color else title))
            out.append(wrap(finding["explanation"], width, "    "))
            if finding["evidence"]:
                out.append("    " + bold(_("What the header fields say:")))
                shown = None
                for item in finding["evidence"]:
                    if (item["header"], item["value"]) != shown:  # one value may say several things
                        shown = (item["header"], item["value"])
                        out.append(wrap(f"{_clean(item['header'])}: {_clean(item['value'])}", width, "      ",
                                        "        "))
                    meaning = item["meaning"]
                    if item["reference"]:
                        meaning += f" ({item['reference']})"
                    out.append(wrap(meaning, width, "        "))
            if finding["next_steps"]:
                out.append("    " + bold(_("What to do next:")))
                for step in finding["next_steps"]:
                    out.append(wrap(step, width, "      • ", "        "))
    return "\n".join(out) + "\n"


def _md(text: object) -> str:
    """Capture text made inert in Markdown: control characters removed, markup characters escaped."""
    cleaned = _clean(text)
    for char in "\\`*_[]<>|#":
        cleaned = cleaned.replace(char, "\\" + char)
    return cleaned


def render_report_markdown(report: dict) -> str:
    """The report as Markdown for a ticket: per call a heading, the ladder as a table, then the findings."""
    _ = translator(report["lang"])
    title = _("Explained SIP trace")
    headings = (_("Time"), _("From"), _("To"), _("Message"))
    retransmission = _("(retransmission)")
    out = [f"# {title}", "", _totals(report, _) + ".", ""]
    if report["outcomes"]:
        out += [_("Outcomes: %(counts)s") % {"counts": _outcome_counts(report, _)}, ""]
    for warning in report["warnings"]:
        out += ["> " + _("warning: %(text)s") % {"text": _md(warning)}, ""]
    for call in report["calls"]:
        out += ["## " + _("Call %(call_id)s") % {"call_id": _md(call["call_id"])}, ""]
        out += [f"{_md(call['from'])} → {_md(call['to'])} · {call['method'] or '?'} · **{call['outcome_label']}** · "
                f"{_md(_final_text(call, _))}", ""]
        messages = call["messages"]
        start = next((m["time"] for m in messages if m["time"] is not None), None)
        out += ["| " + " | ".join(headings) + " |", "|---:|---|---|---|"]
        for message in messages[:MAX_LINES]:
            summary = _md(message["summary"])
            if message["retransmission"]:
                summary = f"*{summary} {retransmission}*"
            out.append(f"| {_offset(message, start).strip()} | {_md(message['src'])} | {_md(message['dst'])} | "
                       f"{summary} |")
        if len(messages) > MAX_LINES:
            more = _("… %(count)s more messages") % {"count": len(messages) - MAX_LINES}
            out.append(f"| | | | {more} |")
        out.append("")
        for finding in call["findings"]:
            out += [f"### {finding['code']} {_md(finding['reason'])}", "", finding["explanation"], ""]
            if finding["evidence"]:
                heading = _("What the header fields say:")
                out += [f"**{heading}**", ""]
                for item in finding["evidence"]:
                    reference = f" ({item['reference']})" if item["reference"] else ""
                    out.append(f"- `{_clean(item['header'])}: {_clean(item['value']).replace('`', '´')}` — "
                               f"{item['meaning']}{reference}")
                out.append("")
            if finding["next_steps"]:
                next_heading = _("What to do next:")
                out += [f"**{next_heading}**", ""]
                out += [f"- {step}" for step in finding["next_steps"]]
                out.append("")
    return "\n".join(out).rstrip() + "\n"
