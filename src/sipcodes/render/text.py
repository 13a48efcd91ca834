"""Terminal text: plain (piped, NO_COLOR) or coloured.

Colour is ANSI escape codes written here for an entry page, and Rich only for the layouts that hold a table (a
comparison's side-by-side facts, the code list): `sipcodes show` is a short-lived process, and importing Rich took
longer than everything else it does. Wrapping is `wrap`, which gives exactly what `textwrap.fill` gives with
`break_on_hyphens=False` without importing textwrap (and with it `re`).
"""

from __future__ import annotations

from .. import catalog
from .layout import Block, entry_layout, list_layout

_WHITESPACE = {ord(c): " " for c in "\t\n\x0b\x0c\r "}  # what textwrap turns into spaces (tabs expanded first)


def _chunks(text: str) -> list[str]:
    """Words and runs of spaces, in order: textwrap's chunks when hyphens are not break points."""
    chunks: list[str] = []
    spaces = 0
    for i, part in enumerate(text.split(" ")):
        if i:
            spaces += 1
        if part:
            if spaces:
                chunks.append(" " * spaces)
                spaces = 0
            chunks.append(part)
    if spaces:
        chunks.append(" " * spaces)
    return chunks


def wrap(text: str, width: int, indent: str = "", hang: str | None = None) -> str:
    """`text` filled to `width` columns, first line prefixed by `indent`, the others by `hang` (default `indent`).

    The same greedy algorithm as the standard library's TextWrapper (whitespace made single spaces, spaces
    dropped at line ends and starts, words longer than a line cut), so output matches `textwrap.fill`.
    """
    if width <= 0:
        raise ValueError(f"invalid width {width!r} (must be > 0)")
    hang = indent if hang is None else hang
    chunks = _chunks(text.expandtabs().translate(_WHITESPACE))
    chunks.reverse()
    lines: list[str] = []
    while chunks:
        line: list[str] = []
        length = 0
        prefix = hang if lines else indent
        room = width - len(prefix)
        if chunks[-1].strip() == "" and lines:
            del chunks[-1]
        while chunks:
            size = len(chunks[-1])
            if length + size > room:
                break
            line.append(chunks.pop())
            length += size
        if chunks and len(chunks[-1]) > room:  # a word longer than the line: cut it
            cut = room - length if room >= 1 else 1  # may be 0: textwrap then adds an empty piece, as here
            line.append(chunks[-1][:cut])
            chunks[-1] = chunks[-1][cut:]
        if line and line[-1].strip() == "":
            del line[-1]
        if line:
            lines.append(prefix + "".join(line))
    return "\n".join(lines)


_wrapped: dict[tuple, str] = {}


def _wrap(text: str, width: int, indent: str = "", hang: str | None = None) -> str:
    # the same paragraphs recur across comparisons and pages; wrapping is the costly part
    key = (text, width, indent, hang)
    found = _wrapped.get(key)
    if found is None:
        if len(_wrapped) >= 4096:
            _wrapped.clear()
        found = _wrapped[key] = wrap(text, width, indent, hang)
    return found


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


_BOLD, _DIM, _ITALIC, _YELLOW, _CYAN, _BOLD_CYAN = "1", "2", "3", "33", "36", "1;36"


def _sgr(style: str, text: str) -> str:
    return f"\x1b[{style}m{text}\x1b[0m" if text else text


def _link(url: str, text: str) -> str:
    """An OSC 8 hyperlink, as Rich writes them; terminals without hyperlinks show the text."""
    return f"\x1b]8;;{url}\x1b\\{text}\x1b]8;;\x1b\\"


def _lines(style: str, text: str) -> list[str]:
    """Each line styled on its own, so that a pager showing part of the page keeps the style."""
    return [_sgr(style, line) for line in text.split("\n")]


def _marked(text: str, mark_width: int, style: str) -> list[str]:
    """Wrapped lines whose mark (the first `mark_width` columns: a bullet, a number) is styled."""
    first, *rest = text.split("\n")
    return [_sgr(style, first[:mark_width]) + first[mark_width:], *rest]


_ANSI_KINDS = {"title", "meta", "note", "summary", "heading", "subheading", "para", "bullets", "steps", "facts",
               "refs"}


def _ansi(blocks: list[Block], width: int) -> str:
    """The page in the plain layout, with the styles of the Rich rendering (bold title, cyan headings, …)."""
    out: list[str] = []
    for block in blocks:
        if block.kind == "title":
            out.append(_sgr(_BOLD, block.text))
        elif block.kind == "meta":
            out.append(_sgr(_DIM, block.text))
        elif block.kind == "note":
            out += ["", *_lines(_YELLOW, _wrap(block.text, width))]
        elif block.kind == "summary":
            out += ["", *_lines(_ITALIC, _wrap(block.text, width))]
        elif block.kind == "heading":
            out += ["", _sgr(_BOLD_CYAN, block.text)]
        elif block.kind == "subheading":
            out += ["", "  " + _sgr(_BOLD, block.text)]
        elif block.kind == "para":
            out.append(_wrap(block.text, width, "  "))
        elif block.kind == "bullets":
            for item in block.items:
                out += _marked(_wrap(item, width, "  • ", "    "), 3, _CYAN)
        elif block.kind == "steps":
            for i, item in enumerate(block.items, 1):
                out += _marked(_wrap(item, width, f"  {i}. ", "     "), len(f"  {i}."), _CYAN)
        elif block.kind == "facts":
            label_width = max(len(label) for label, _ in block.items) + 2
            for label, value in block.items:
                pad = "  " + label.ljust(label_width)
                lines = _wrap(value, width, pad, " " * len(pad)).split("\n")
                out += [_sgr(_BOLD, "  " + label) + lines[0][2 + len(label):], *lines[1:]]
        elif block.kind == "refs":
            for name, note, url in block.items:
                lines = _wrap(f"{name} — {note}" if note else name, width, "  ", "    ").split("\n")
                first = lines[0]
                if first.startswith("  " + name):
                    first = "  " + _link(url, name) + _sgr(_DIM, first[2 + len(name):])
                out += [first, *(_sgr(_DIM, line) for line in lines[1:])]
        else:
            raise ValueError(f"no ANSI layout for a {block.kind!r} block")
    return "\n".join(out) + "\n"


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
    """Any layout for a terminal; ANSI colour only when `color` is true (through Rich when it holds a table)."""
    if not color:
        return _plain(blocks, width)
    if all(block.kind in _ANSI_KINDS for block in blocks):
        return _ansi(blocks, width)
    return _rich(blocks, width)  # a table (a comparison's side by side) or a kind the ANSI layout lacks


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
