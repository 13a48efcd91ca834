"""The `sipcodes` command line. Errors become one line on stderr and exit status 2; never a traceback."""

from __future__ import annotations

import os
import sys

import click

from .errors import CatalogError, SipcodesError

FORMATS = ("text", "markdown", "json")


def _default_lang() -> str:
    """The language of the user's locale when the catalog has it, else English."""
    from . import catalog

    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            lang = value.split(".")[0].split("_")[0].lower()
            if lang in ("c", "posix"):
                break
            return lang if lang in catalog.languages() else catalog.SOURCE_LANG
    return catalog.SOURCE_LANG


def _width(color: bool) -> int:
    """Terminal width for wrapping, within 60-100 columns (a pty may report 0)."""
    columns = 88
    if color:
        try:
            columns = os.get_terminal_size().columns or 88
        except OSError:
            pass
    return max(60, min(columns, 100))


def _use_color() -> bool:
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty()


def _parse_class(value: str | None) -> int | None:
    if value is None:
        return None
    text = value.strip().lower().rstrip("x")
    if len(text) == 1 and text in "123456":
        return int(text)
    raise click.BadParameter(f"{value!r} is not a class; use one of 1xx, 2xx, 3xx, 4xx, 5xx, 6xx",
                             param_hint="'--class'")


lang_option = click.option("--lang", "-l", default=None, metavar="LANG",
                           help="Language of the prose (default: from the locale, else en).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="sipcodes", prog_name="sipcodes")
def cli() -> None:
    """Explain SIP response codes: what they mean, when you see them, how to fix them."""


@cli.command()
@click.argument("code")
@lang_option
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
def show(code: str, lang: str | None, fmt: str) -> None:
    """Explain one response code (for example: sipcodes show 486)."""
    from . import catalog

    entry = catalog.get(code, lang or _default_lang())
    if fmt == "json":
        from .render.json import render_json

        out = render_json(entry)
    elif fmt == "markdown":
        from .render.markdown import render_markdown

        out = render_markdown(entry)
    else:
        from .render.text import render_text

        color = _use_color()
        out = render_text(entry, color=color, width=_width(color))
    sys.stdout.write(out)


@cli.command(name="list")
@click.option("--class", "klass", default=None, metavar="CLASS", help="Only this class: 1xx … 6xx.")
@lang_option
@click.option("--format", "-f", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
def list_codes(klass: str | None, lang: str | None, fmt: str) -> None:
    """Print the table of codes."""
    from . import catalog

    cls = _parse_class(klass)
    entries = [e for e in catalog.all_entries(lang or _default_lang()) if cls is None or e.code // 100 == cls]
    if fmt == "json":
        from .render.json import render_list_json

        sys.stdout.write(render_list_json(entries))
    else:
        from .render.text import render_list_text

        sys.stdout.write(render_list_text(entries, color=_use_color()))


@cli.command()
@click.argument("words", nargs=-1, required=True)
@lang_option
@click.option("--format", "-f", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
def search(words: tuple[str, ...], lang: str | None, fmt: str) -> None:
    """Find codes whose phrase or explanation mention all WORDS (for example: sipcodes search identity)."""
    from .textsearch import search as run_search

    query = " ".join(words)
    hits = run_search(query, lang or _default_lang())
    if fmt == "json":
        import json

        from .render.json import list_item

        sys.stdout.write(json.dumps([list_item(h.entry) for h in hits], ensure_ascii=False, indent=2) + "\n")
        return
    if not hits:
        click.echo(f"No code mentions {query!r}. Try fewer or shorter words.", err=True)
        sys.exit(1)
    for hit in hits:
        click.echo(f"{hit.entry.code}  {hit.entry.reason}\n     {hit.entry.summary}")


@cli.command()
@click.argument("code_a", metavar="A")
@click.argument("code_b", metavar="B")
@lang_option
@click.option("--format", "-f", "fmt", type=click.Choice((*FORMATS, "html")), default="text", show_default=True)
def compare(code_a: str, code_b: str, lang: str | None, fmt: str) -> None:
    """Compare two response codes (for example: sipcodes compare 486 600)."""
    from .compare import compare as build

    comparison = build(code_a, code_b, lang or _default_lang())
    if fmt == "json":
        import json

        out = json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "html":
        from .render.html import render_comparison_html

        out = render_comparison_html(comparison)
    else:
        from .render.layout import comparison_layout

        blocks = comparison_layout(comparison)
        if fmt == "markdown":
            from .render.markdown import render_blocks as to_markdown

            out = to_markdown(blocks)
        else:
            from .render.text import render_blocks as to_text

            color = _use_color()
            out = to_text(blocks, color=color, width=_width(color))
    sys.stdout.write(out)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script: runs the CLI and maps every error to one line and an exit status."""
    try:
        status = cli.main(args=argv, prog_name="sipcodes", standalone_mode=False)
    except click.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx else "sipcodes"
        click.echo(f"sipcodes: error: {exc.format_message()} (see '{command} --help')", err=True)
        sys.exit(2)
    except CatalogError as exc:
        click.echo(f"sipcodes: broken catalog data: {exc}", err=True)
        sys.exit(1)
    except SipcodesError as exc:
        click.echo(f"sipcodes: error: {exc}", err=True)
        sys.exit(2)
    except click.ClickException as exc:
        click.echo(f"sipcodes: error: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("sipcodes: aborted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        # the reader (head, less) went away; nothing left to say
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    sys.exit(status or 0)
