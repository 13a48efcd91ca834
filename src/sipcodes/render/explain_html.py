"""The explanation of a trace as HTML: a summary, then per call a ladder diagram (SVG), the findings and next steps.

Input is exactly the JSON contract of `Report.to_dict()` (see the README), so a report can be rendered from a file
written earlier. The geometry of each ladder is computed here; the markup, in templates/_explain_body.html, is
autoescaped like every other page: every SIP value in a report comes from whoever sent the traffic.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

# A call with more messages than this draws the first ones and says how many it left out: the diagram stays a
# size a browser lays out quickly and a reader can scroll.
MAX_DRAWN_MESSAGES = 300
# A report with more calls than this shows the first ones and says how many it left out.
MAX_SHOWN_CALLS = 200

TIME_COLUMN = 86  # px: the offsets at the left
TOP = 50  # px: endpoint labels above the first arrow
ROW = 30  # px between two arrows
CHAR = 6.6  # px: the mean width of a character at the diagram's 12 px font, to fit labels between lanes
SELF_LOOP = 36  # px: how far a message an endpoint sends to itself goes right

_STATUS = re.compile(r"^([1-6][0-9][0-9])(?:\s|$)")
_REFERENCE = re.compile(r"^RFC\s*([0-9]{1,5})(?:\s*§\s*([A-Za-z]?[0-9A-Za-z.\-]*))?\s*$")


def reference_url(reference: str) -> str | None:
    """The rfc-editor.org address of "RFC 3261 §20.33" (a section), "RFC 3261 §A" (an appendix) or "RFC 3261";
    None for anything else (it is shown as text)."""
    match = _REFERENCE.match(reference.strip())
    if not match:
        return None
    rfc, section = match.group(1), (match.group(2) or "").rstrip(".")
    url = f"https://www.rfc-editor.org/rfc/rfc{int(rfc)}"
    if not section:
        return url
    kind = "appendix" if section[0].isalpha() else "section"
    return f"{url}#{kind}-{section}"


def status_of(summary: str) -> int | None:
    """The status code of a response's summary ("486 Busy Here"), None for a request's ("INVITE sip:…")."""
    match = _STATUS.match(summary or "")
    return int(match.group(1)) if match else None


def _shorten(text: str, chars: int) -> str:
    """`text` cut to `chars` characters with an ellipsis at the end."""
    chars = max(chars, 4)
    return text if len(text) <= chars else text[:chars - 1] + "…"


def _shorten_middle(text: str, chars: int) -> str:
    """`text` cut to `chars` characters in the middle, keeping both ends (an address's port stays visible)."""
    chars = max(chars, 5)
    if len(text) <= chars:
        return text
    head = (chars - 1) // 2
    return text[:head] + "…" + text[len(text) - (chars - 1 - head):]


@dataclass
class Lane:
    address: str
    label: str
    x: float


@dataclass
class Arrow:
    number: int  # 1-based position in the call
    y: float
    x1: float
    x2: float
    label: str  # the summary, shortened to fit
    summary: str
    src: str
    dst: str
    time: str  # the offset shown at the left ("+0.125 s"), or "#n" without timestamps
    classes: str  # "msg response failure", "msg request retransmission", …
    head: str = ""  # the arrowhead's polygon points
    path: str = ""  # for a message to itself: the loop drawn instead of a line
    text_x: float = 0.0
    text_anchor: str = "middle"


@dataclass
class Ladder:
    width: float
    height: float
    lanes: list[Lane]
    arrows: list[Arrow]
    total: int  # messages in the call
    line_top: float = 0.0
    line_bottom: float = 0.0

    @property
    def omitted(self) -> int:
        return self.total - len(self.arrows)


def _lane_gap(count: int) -> int:
    if count <= 3:
        return 210
    if count <= 5:
        return 170
    return 135


def _format_offset(seconds: float, lang: str) -> str:
    from babel.numbers import format_decimal

    return "+" + format_decimal(seconds, format="#,##0.000", locale=lang) + "\u00a0s"


def ladder(messages: list[dict], lang: str, limit: int = MAX_DRAWN_MESSAGES) -> Ladder:
    """The geometry of a call's ladder: one lane per address in order of first appearance, one arrow per message
    (the first `limit`)."""
    addresses: list[str] = []
    for message in messages:
        for address in (message.get("src") or "?", message.get("dst") or "?"):
            if address not in addresses:
                addresses.append(address)
    gap = _lane_gap(len(addresses))
    margin = gap / 2
    lanes = [Lane(a, _shorten_middle(a, int((gap - 10) / CHAR)), TIME_COLUMN + margin + i * gap)
             for i, a in enumerate(addresses)]
    x_of = {lane.address: lane.x for lane in lanes}
    drawn = messages[:limit]
    times = [m.get("time") for m in messages if isinstance(m.get("time"), (int, float))]
    start = min(times) if times else None
    arrows = []
    for i, message in enumerate(drawn):
        y = TOP + 24 + i * ROW
        src, dst = message.get("src") or "?", message.get("dst") or "?"
        summary = str(message.get("summary") or "")
        code = status_of(summary)
        classes = ["msg", "request" if code is None else "response"]
        if code is not None and code >= 300:
            classes.append("failure")
        elif code is not None and 200 <= code < 300:
            classes.append("success")
        if message.get("retransmission"):
            classes.append("retransmission")
        t = message.get("time")
        offset = _format_offset(t - start, lang) if isinstance(t, (int, float)) and start is not None else f"#{i + 1}"
        x1, x2 = x_of[src], x_of[dst]
        arrow = Arrow(number=i + 1, y=y, x1=x1, x2=x2, label="", summary=summary, src=src, dst=dst, time=offset,
                      classes=" ".join(classes))
        if x1 == x2:  # sent to itself: a loop to the right, labelled beside it
            arrow.path = f"M{x1:g} {y - 8:g}h{SELF_LOOP}v16h-{SELF_LOOP - 8}"
            arrow.head = f"{x1:g},{y + 8:g} {x1 + 8:g},{y + 4:g} {x1 + 8:g},{y + 12:g}"
            arrow.text_x, arrow.text_anchor = x1 + SELF_LOOP + 6, "start"
            arrow.label = _shorten(summary, int((gap - SELF_LOOP - 16) / CHAR))
        else:
            direction = 1 if x2 > x1 else -1
            arrow.head = f"{x2:g},{y:g} {x2 - 9 * direction:g},{y - 4.5:g} {x2 - 9 * direction:g},{y + 4.5:g}"
            arrow.text_x = (x1 + x2) / 2
            arrow.label = _shorten(summary, int((abs(x2 - x1) - 14) / CHAR))
        arrows.append(arrow)
    width = TIME_COLUMN + 2 * margin + gap * (len(lanes) - 1)
    height = TOP + 24 + max(len(drawn) - 1, 0) * ROW + 26
    return Ladder(width=width, height=height, lanes=lanes, arrows=arrows, total=len(messages),
                  line_top=TOP - 8, line_bottom=height - 6)


@dataclass
class CallView:
    """What the template needs of one call, beyond the contract's own fields."""

    index: int
    call: dict
    ladder: Ladder
    started: str
    final_href: str | None
    findings: list[dict] = field(default_factory=list)


def _started(messages: list[dict], lang: str) -> str:
    times = [m.get("time") for m in messages if isinstance(m.get("time"), (int, float))]
    if not times:
        return ""
    from babel.dates import format_datetime

    moment = datetime.fromtimestamp(min(times), tz=timezone.utc)
    return format_datetime(moment, format="medium", tzinfo=timezone.utc, locale=lang) + " UTC"


def _code_href(code: Any, lang: str, base_url: str | None) -> str | None:
    """The site's page for `code` in `lang`, under `base_url` ("" for a site-relative link); None without a base
    or for a code the catalog does not have."""
    if base_url is None or not isinstance(code, int):
        return None
    from .. import catalog
    from ..web import urls

    if code not in catalog.codes():
        return None
    page_lang = lang if lang in catalog.languages() else catalog.SOURCE_LANG
    return base_url.rstrip("/") + urls.code_page(catalog.get(code, page_lang), page_lang)


def report_context(report: dict, lang: str, base_url: str | None = None) -> dict[str, Any]:
    """The values templates/_explain_body.html renders, from the contract dict."""
    calls = list(report.get("calls") or [])
    # "outcomes" counts every call read, shown or not; labels come from the shown calls, else the vocabulary
    counts = report.get("outcomes") or Counter(call.get("outcome") or "" for call in calls)
    labels = {call.get("outcome"): call.get("outcome_label") for call in calls if call.get("outcome_label")}
    outcomes = [(labels.get(outcome) or _outcome_label(str(outcome), lang), count)
                for outcome, count in sorted(counts.items(), key=lambda item: -item[1])]
    views = []
    for i, call in enumerate(calls[:MAX_SHOWN_CALLS], 1):
        messages = list(call.get("messages") or [])
        final = call.get("final") or None
        findings = []
        for finding in call.get("findings") or []:
            evidence = [dict(item, url=reference_url(str(item.get("reference") or "")))
                        for item in finding.get("evidence") or []]
            findings.append(dict(finding, evidence=evidence, href=_code_href(finding.get("code"), lang, base_url)))
        views.append(CallView(index=i, call=call, ladder=ladder(messages, lang), started=_started(messages, lang),
                              final_href=_code_href(final.get("code"), lang, base_url) if final else None,
                              findings=findings))
    return {"report": report, "calls": views, "hidden_calls": max(len(calls) - MAX_SHOWN_CALLS, 0),
            "outcomes": outcomes, "total_calls": int(report.get("total_calls", len(calls)) or 0)}


def _outcome_label(outcome: str, lang: str) -> str:
    from .. import i18n
    from ..catalog._vocab import OUTCOMES

    return i18n.gettext(lang, OUTCOMES[outcome]) if outcome in OUTCOMES else outcome


def render_report_html(report: dict, lang: str, base_url: str | None = None) -> str:
    """One self-contained HTML document (inline stylesheet, no script, no other resource) explaining `report`.

    `base_url` links each final code to its page on the site ("" for site-relative links, "https://sip.example"
    for absolute ones); without it codes are plain text, so a saved report never points at a site it did not
    come from."""
    from .. import catalog
    from .html import render_page

    if lang not in catalog.languages():
        lang = catalog.SOURCE_LANG
    return render_page("explain.html", lang=lang, standalone=True, **report_context(report, lang, base_url))
