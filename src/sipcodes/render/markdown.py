"""Markdown for pasting an entry into a ticket, a wiki or a chat."""

from __future__ import annotations

from .. import catalog
from .layout import entry_layout


def _escape_cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_markdown(entry: catalog.Entry) -> str:
    out: list[str] = []
    for block in entry_layout(entry):
        if block.kind == "title":
            out += [f"# SIP {block.text}", ""]
        elif block.kind == "meta":
            out += [f"*{block.text}*", ""]
        elif block.kind == "summary":
            out += [f"**{block.text}**", ""]
        elif block.kind == "heading":
            out += [f"## {block.text}", ""]
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
