"""Markdown for pasting an entry into a ticket, a wiki or a chat."""

from __future__ import annotations

from .. import catalog
from .layout import Block, entry_layout


def _escape_cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_markdown(entry: catalog.Entry) -> str:
    return render_blocks(entry_layout(entry))


def render_blocks(blocks: list[Block]) -> str:
    """Any layout as Markdown."""
    out: list[str] = []
    for block in blocks:
        if block.kind == "title":
            # a code's title ("486 Busy Here") is said as people search for it: "SIP 486 Busy Here"
            out += [f"# SIP {block.text}" if block.text[:1].isdigit() else f"# {block.text}", ""]
        elif block.kind == "meta":
            out += [f"*{block.text}*", ""]
        elif block.kind == "note":
            out += [f"> {block.text}", ""]
        elif block.kind == "summary":
            out += [f"**{block.text}**", ""]
        elif block.kind == "heading":
            out += [f"## {block.text}", ""]
        elif block.kind == "subheading":
            out += [f"### {block.text}", ""]
        elif block.kind == "diff":
            if block.items:
                head = block.items[0]
                out += [f"| | {_escape_cell(head[1])} | {_escape_cell(head[3])} |", "|---|---|---|"]
                out += [f"| {_escape_cell(aspect)} | {_escape_cell(a)} | {_escape_cell(b)} |"
                        for aspect, _al, a, _bl, b in block.items]
                out.append("")
        elif block.kind == "para":
            out += [block.text, ""]
        elif block.kind == "bullets":
            out += [f"- {item}" for item in block.items] + [""]
        elif block.kind == "steps":
            out += [f"{i}. {item}" for i, item in enumerate(block.items, 1)] + [""]
        elif block.kind == "facts":
            out += ["| Fact | Value |", "|---|---|"]
            out += [f"| {_escape_cell(label)} | {_escape_cell(value)} |" for label, value in block.items] + [""]
        elif block.kind == "refs":
            out += [f"- [{name}]({url})" + (f" — {note}" if note else "") for name, note, url in block.items]
            out.append("")
    return "\n".join(out).rstrip() + "\n"
