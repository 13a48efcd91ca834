"""Terminal text: plain (piped, NO_COLOR) or coloured through Rich, which is imported only when colour is on."""

from __future__ import annotations

import textwrap
from functools import lru_cache

from .. import catalog
from .layout import Block, entry_layout, list_layout


@lru_cache(maxsize=4096)  # the same paragraphs recur across comparisons; wrapping is the costly part
def _wrap(text: str, width: int, indent: str = "", hang: str | None = None) -> str:
    return textwrap.fill(text, width=width, initial_indent=indent,
                         subsequent_indent=indent if hang is None else hang, break_on_hyphens=False)


def _plain(blocks: list[Block], width: int) -> str:
    out: list[str] = []
    for block in blocks:
        if block.kind == "title":
            out.append(block.text)
        elif block.kind == "meta":
            out.append(block.text)
        elif block.kind == "note":
            out += ["", _wrap("! " + block.text, width, "", "  ")]
        elif block.kind == "summary":
            out += ["", _wrap(block.text, width)]
        elif block.kind == "heading":
            out += ["", block.text]
        elif block.kind == "subheading":
            out += ["", "  " + block.text]
        elif block.kind == "diff":
            for aspect, a_label, a_value, b_label, b_value in block.items:
                out.append("  " + aspect)
                label_width = max(len(a_label), len(b_label)) + 2
                out.append(_wrap(a_value, width, "    " + a_label.ljust(label_width), " " * (label_width + 4)))
                out.append(_wrap(b_value, width, "    " + b_label.ljust(label_width), " " * (label_width + 4)))
        elif block.kind == "para":
            out.append(_wrap(block.text, width, "  "))
        elif block.kind == "bullets":
            out += [_wrap(item, width, "  - ", "    ") for item in block.items]
        elif block.kind == "steps":
            out += [_wrap(item, width, f"  {i}. ", "     ") for i, item in enumerate(block.items, 1)]
        elif block.kind == "facts":
            label_width = max(len(label) for label, _ in block.items) + 2
            for label, value in block.items:
                pad = "  " + label.ljust(label_width)
                out.append(_wrap(value, width, pad, " " * len(pad)))
        elif block.kind == "refs":
            for name, note, _url in block.items:
                out.append(_wrap(f"{name} — {note}" if note else name, width, "  ", "    "))
    return "\n".join(out) + "\n"


# Rich wraps at any Unicode white space, no-break spaces included; French puts one before ; : ! ? so that the
# mark never starts a line. Stand-ins from the private use area keep Rich from breaking there.
_GLUE = str.maketrans({"\u00a0": "\ue000", "\u202f": "\ue001"})
_UNGLUE = str.maketrans({"\ue000": "\u00a0", "\ue001": "\u202f"})


def _glue(text: str) -> str:
    return text.translate(_GLUE)


def _rich(blocks: list[Block], width: int) -> str:
    from rich.console import Console
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    g = _glue
    console = Console(width=width, force_terminal=True, highlight=False, record=False, file=_Sink())
    for block in blocks:
        if block.kind == "title":
            console.print(Text(g(block.text), style="bold"))
        elif block.kind == "meta":
            console.print(Text(g(block.text), style="dim"))
        elif block.kind == "note":
            console.print()
            console.print(Text(g(block.text), style="yellow"))
        elif block.kind == "summary":
            console.print()
            console.print(Text(g(block.text), style="italic"))
        elif block.kind == "heading":
            console.print()
            console.print(Text(g(block.text), style="bold cyan"))
        elif block.kind == "subheading":
            console.print()
            console.print(Padding(Text(g(block.text), style="bold"), (0, 0, 0, 2)))
        elif block.kind == "diff":
            table = Table(box=None, header_style="bold", pad_edge=False, padding=(0, 2))
            table.add_column("")
            if block.items:
                table.add_column(g(block.items[0][1]))
                table.add_column(g(block.items[0][3]))
            for aspect, _a_label, a_value, _b_label, b_value in block.items:
                table.add_row(Text(g(aspect), style="bold"), Text(g(a_value)), Text(g(b_value)))
            console.print(Padding(table, (0, 0, 0, 2)))
        elif block.kind == "para":
            console.print(Padding(Text(g(block.text)), (0, 0, 0, 2)))
        elif block.kind in ("bullets", "steps"):
            grid = Table.grid(padding=(0, 1))
            grid.add_column(style="cyan", no_wrap=True)
            grid.add_column()
            for i, item in enumerate(block.items, 1):
                grid.add_row(f"  {i}." if block.kind == "steps" else "  •", Text(g(item)))
            console.print(grid)
        elif block.kind == "facts":
            grid = Table.grid(padding=(0, 2))
            grid.add_column(style="bold", no_wrap=True)
            grid.add_column()
            for label, value in block.items:
                grid.add_row("  " + g(label), Text(g(value)))
            console.print(grid)
        elif block.kind == "refs":
            for name, note, url in block.items:
                line = Text("  ")
                line.append(g(name), style=f"link {url}")
                if note:
                    line.append(f" — {g(note)}", style="dim")
                console.print(line)
    return console.file.getvalue().translate(_UNGLUE)


class _Sink:
    """A file-like object collecting Rich's output so rendering stays separate from printing."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)

    def flush(self) -> None:
        pass

    def getvalue(self) -> str:
        return "".join(self.parts)


def render_blocks(blocks: list[Block], color: bool = False, width: int = 88) -> str:
    """Any layout for a terminal; ANSI colour only when `color` is true."""
    return _rich(blocks, width) if color else _plain(blocks, width)


def render_text(entry: catalog.Entry, color: bool = False, width: int = 88) -> str:
    """The entry laid out for a terminal; ANSI colour only when `color` is true."""
    return render_blocks(entry_layout(entry), color, width)


def render_list_text(entries: list[catalog.Entry], color: bool = False, lang: str = "en") -> str:
    from .. import i18n

    _ = i18n.translator(lang)
    rows = [(code, reason, klass, _(status)) for code, reason, klass, status in list_layout(entries)]
    headings = (_("Code"), _("Reason phrase"), _("Class"), _("Status"))
    if color:
        from rich.console import Console
        from rich.table import Table

        table = Table(box=None, header_style="bold cyan", pad_edge=False)
        for name in headings:
            table.add_column(name)
        for (code, reason, klass, status), entry in zip(rows, entries):
            table.add_row(code, reason, klass, status, style="dim" if entry.status != "current" else None)
        console = Console(force_terminal=True, file=_Sink(), width=100)
        console.print(table)
        return console.file.getvalue()
    code_w = max(len(headings[0]), 3)
    reason_w = max([len(headings[1])] + [len(r[1]) for r in rows])
    class_w = max(len(headings[2]), 3)
    lines = [f"{headings[0]:<{code_w}}  {headings[1]:<{reason_w}}  {headings[2]:<{class_w}}  {headings[3]}"]
    lines += [f"{code:<{code_w}}  {reason:<{reason_w}}  {klass:<{class_w}}  {status}"
              for code, reason, klass, status in rows]
    return "\n".join(lines) + "\n"
