"""The `sipcodes` command line. Errors become one line on stderr and exit status 2; never a traceback.

Built on the standard library's argparse rather than Click: `sipcodes show 486` must start near a bare interpreter,
and Click's import alone costs about a third of that budget. argparse itself is imported only when needed: the
plain forms of `sipcodes show CODE` are read by `_show_args`, and anything else goes through the full parser, which
also produces every usage error.
"""

from __future__ import annotations

import os
import sys

from .errors import CatalogError, SipcodesError

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse

FORMATS = ("text", "markdown", "json")


class UsageError(Exception):
    """A malformed command line; the message is one line."""


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


def _use_color() -> bool:
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty()


def _width(color: bool) -> int:
    """Terminal width for wrapping, within 60-100 columns (a pty may report 0)."""
    columns = 88
    if color:
        try:
            columns = os.get_terminal_size().columns or 88
        except OSError:
            pass
    return max(60, min(columns, 100))


def _class_arg(value: str) -> int:
    import argparse

    text = value.strip().lower().rstrip("x")
    if len(text) == 1 and text in "123456":
        return int(text)
    raise argparse.ArgumentTypeError(f"{value!r} is not a class; use one of 1xx, 2xx, 3xx, 4xx, 5xx, 6xx")


def _blocks_out(blocks, fmt: str) -> str:
    if fmt == "markdown":
        from .render.markdown import render_blocks

        return render_blocks(blocks)
    from .render.text import render_blocks

    color = _use_color()
    return render_blocks(blocks, color=color, width=_width(color))


def cmd_show(args: argparse.Namespace) -> int:
    from . import catalog

    entry = catalog.get(args.code, args.lang or _default_lang())
    platform = getattr(args, "platform", None)
    if platform is not None:
        platform = catalog.platform(platform, entry.lang)
    if args.format == "json":
        from .render.json import render_json

        out = render_json(entry)
    elif args.format == "markdown" or platform is not None:
        from .render.layout import entry_layout, platform_blocks

        blocks = entry_layout(entry)
        if platform is not None:
            blocks += platform_blocks(entry, platform)
        out = _blocks_out(blocks, args.format)
    else:
        from .render.text import render_text

        color = _use_color()
        out = render_text(entry, color=color, width=_width(color))
    sys.stdout.write(out)
    return 0


def cmd_cause(args: argparse.Namespace) -> int:
    from . import catalog
    from .render.json import render_cause_json
    from .render.layout import cause_layout

    cause = catalog.cause(args.cause, args.lang or _default_lang())
    out = render_cause_json(cause) if args.format == "json" else _blocks_out(cause_layout(cause), args.format)
    sys.stdout.write(out)
    return 0


def cmd_warning(args: argparse.Namespace) -> int:
    from . import catalog
    from .render.json import render_warning_json
    from .render.layout import warning_layout

    warning = catalog.warning(args.warning, args.lang or _default_lang())
    out = render_warning_json(warning) if args.format == "json" else _blocks_out(warning_layout(warning), args.format)
    sys.stdout.write(out)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from . import catalog

    lang = args.lang or _default_lang()
    entries = [e for e in catalog.all_entries(lang) if args.klass is None or e.code // 100 == args.klass]
    if args.format == "json":
        from .render.json import render_list_json

        sys.stdout.write(render_list_json(entries))
    else:
        from .render.text import render_list_text

        sys.stdout.write(render_list_text(entries, color=_use_color(), lang=lang))
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from .textsearch import search, search_other

    from . import i18n

    query = " ".join(args.words)
    lang = args.lang or _default_lang()
    hits = search(query, lang)
    others = search_other(query, lang)
    if args.format == "json":
        import json

        from .render.json import list_item

        items = [{"kind": "code", **list_item(h.entry)} for h in hits]
        items += [{"kind": "cause", "cause": h.number, "name": h.item.name, "class": h.item.klass,
                   "to_sip": h.item.to_sip, "summary": h.item.summary} if h.kind == "cause" else
                  {"kind": "warning", "warning": h.number, "text": h.item.text, "summary": h.item.summary}
                  for h in others]
        sys.stdout.write(json.dumps(items, ensure_ascii=False, indent=2) + "\n")
    if not hits and not others:  # exit 1 in every format, as grep does, so a script can test for "no match"
        message = i18n.translator(lang)("No code mentions “{query}”. Try fewer or shorter words.")
        print(message.format(query=query), file=sys.stderr)
        return 1
    if args.format == "json":
        return 0
    _ = i18n.translator(lang)
    for hit in hits:
        sys.stdout.write(f"{hit.entry.code}  {hit.entry.reason}\n     {hit.entry.summary}\n")
    for hit in others:
        if hit.kind == "cause":
            label = _("Q.850 cause {cause}: {name}").format(cause=hit.number, name=hit.item.name)
        else:
            label = _("Warning {code}: {text}").format(code=hit.number, text=hit.item.text)
        sys.stdout.write(f"{label}\n     {hit.item.summary}\n")
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from .comparison import compare

    comparison = compare(args.a, args.b, args.lang or _default_lang())
    if args.format == "json":
        import json

        out = json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2) + "\n"
    elif args.format == "html":
        from .render.html import render_comparison_html

        out = render_comparison_html(comparison)
    else:
        from .render.layout import comparison_layout

        out = _blocks_out(comparison_layout(comparison), args.format)
    sys.stdout.write(out)
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    import gc

    from . import capture
    from .explain import explain

    # a report of a large capture is hundreds of thousands of objects without cycles, made once and written once;
    # the cyclic collector would only rescan them (the process ends right after)
    gc.disable()

    sources: list[object] = []
    for name in args.files:
        if name == "-":
            sources.append(sys.stdin.buffer)
        elif os.path.isdir(name):
            raise UsageError(f"{name} is a directory; give the capture or log files in it")
        else:
            sources.append(name)
    cert = None
    if args.cert:
        try:
            with open(args.cert, "rb") as handle:
                cert = handle.read(1 << 20)
        except OSError as exc:
            raise UsageError(f"cannot read the certificate {args.cert}: {exc.strerror}") from None
    try:
        report = explain(sources, args.lang or _default_lang(), cert=cert, all_calls=args.all, call_id=args.call)
    except capture.CaptureError as exc:
        raise UsageError(str(exc)) from None
    if args.format == "json":
        _write_report_json(report)
        _explain_warnings(report)
        return 0
    data = report.to_dict()
    if args.format == "markdown":
        from .render.report import render_report_markdown

        out = render_report_markdown(data)
    elif args.format == "html":
        from .render.explain_html import render_report_html

        out = render_report_html(data, data["lang"])
    else:
        from .render.report import render_report_text

        color = _use_color()
        out = render_report_text(data, color=color, width=_width(color))
    sys.stdout.write(out)
    _explain_warnings(report)
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    """Counts over many inputs; exit 0 when every input was counted, 1 when some were skipped, 2 when none could
    be read (each skipped input named on stderr)."""
    from .stats import stats

    lang = args.lang or _default_lang()
    from . import catalog

    catalog.check_language(lang)
    if args.format == "parquet" and not args.output and sys.stdout.isatty():
        raise UsageError("Parquet is binary: give --output FILE or redirect the output")
    progress = _progress_bar if sys.stderr.isatty() else None
    try:
        result = stats(args.paths, by=args.by, workers=args.workers, scheduler=args.scheduler,
                       variants=args.variant or (), progress=progress)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    except (RuntimeError, OSError) as exc:  # no distributed package, an unreachable scheduler
        raise UsageError(str(exc) or type(exc).__name__) from None
    finally:
        if progress is not None:
            sys.stderr.write("\r\x1b[K")
    for error in result.errors:
        print(f"sipcodes: warning: {error['input']}: {error['error']}", file=sys.stderr)
    if result.counted_inputs == 0:
        print(f"sipcodes: error: none of the {len(result.errors)} inputs could be read", file=sys.stderr)
        return 2
    if args.format == "parquet":
        from .render.stats import write_stats_parquet

        try:
            write_stats_parquet(result, args.output or sys.stdout.buffer)
        except RuntimeError as exc:
            raise UsageError(str(exc)) from None
    else:
        if args.format == "json":
            import json

            out = json.dumps(result.to_dict(), ensure_ascii=False, indent=1 if sys.stdout.isatty() else None) + "\n"
        elif args.format == "csv":
            from .render.stats import render_stats_csv

            out = render_stats_csv(result)
        else:
            from .render.stats import render_stats_text

            color = _use_color() and not args.output
            out = render_stats_text(result, lang, width=_width(color), color=color)
        if args.output:
            try:
                with open(args.output, "w", encoding="utf-8", newline="") as handle:
                    handle.write(out)
            except OSError as exc:
                raise UsageError(f"cannot write {args.output}: {exc.strerror}") from None
        else:
            sys.stdout.write(out)
    return 1 if result.errors else 0


def _progress_bar(done: int, total: int) -> None:
    width = 30
    filled = width * done // total if total else width
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} files")
    sys.stderr.flush()


def _explain_warnings(report) -> None:
    for warning in report.warnings:
        print(f"sipcodes: warning: {warning}", file=sys.stderr)


def _write_report_json(report) -> None:
    """The report's JSON, written call by call so that a large report is never held as one string; indented for
    a person at a terminal, on one line otherwise. orjson writes it several times faster than the standard
    library, which matters for reports of tens of megabytes."""
    import orjson

    option = orjson.OPT_INDENT_2 if sys.stdout.isatty() else 0
    calls = report.calls
    report.calls = []
    head = orjson.dumps(report.to_dict(), option=option)
    report.calls = calls
    # the calls list is last in the dict: write everything before it, then the calls one by one
    cut = head.rindex(b"[")
    sys.stdout.flush()
    out = sys.stdout.buffer
    out.write(head[:cut] + b"[")
    for i, call in enumerate(calls):
        if i:
            out.write(b",")
        out.write(orjson.dumps(call.to_dict(), option=option))
    out.write(head[cut + 1:] + b"\n")
    out.flush()


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        from .web.server import Limits, serve
    except ImportError as exc:
        raise UsageError(f"the web server needs its dependencies: {exc.name} is missing") from None
    serve(args.host, args.port, args.workers, base_url=args.base_url,
          limits=Limits(max_connections=args.max_connections), cache_mb=args.cache_mb)
    return 0


def cmd_build_site(args: argparse.Namespace) -> int:
    from .site import build_site

    if sys.stderr.isatty():  # a progress bar only for a person watching; logs and pipes get the summary alone
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(TextColumn("building"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task("build", total=None)
            report = build_site(args.out_dir, base_url=args.base_url,
                                on_progress=lambda done, total: bar.update(task, completed=done, total=total))
    else:
        report = build_site(args.out_dir, base_url=args.base_url)
    print(f"wrote {report.pages} pages and {report.files} files to {args.out_dir} in {report.seconds:.1f} s")
    if not args.base_url:
        print("sipcodes: warning: without --base-url the sitemap lists relative paths, but search engines need "
              "absolute URLs (give --base-url https://your.host)", file=sys.stderr)
    return 0


def cmd_i18n_status(args: argparse.Namespace) -> int:
    from . import catalog
    from .translation import status

    langs = args.langs or [lang for lang in catalog.languages() if lang != catalog.SOURCE_LANG]
    for lang in langs:
        catalog.check_language(lang)
    incomplete = 0
    for lang in langs:
        report = status(lang)
        if report.complete:
            print(f"{lang}: complete")
            continue
        incomplete += 1
        print(f"{lang}: {len(report.missing)} missing, {len(report.stale)} stale")
        limit = None if args.verbose else 10
        for label, items in (("missing", report.missing), ("stale", report.stale)):
            for item in items[:limit]:
                print(f"  {label}  {item}")
            if limit is not None and len(items) > limit:
                print(f"  … and {len(items) - limit} more {label} (use --verbose)")
    if not langs:
        print("no translated languages yet; start one with `sipcodes i18n init LANG`")
    return 1 if incomplete else 0


def cmd_i18n_init(args: argparse.Namespace) -> int:
    from .translation import init_language

    written = init_language(args.lang)
    print(f"{args.lang}: wrote {written} files to translate; `sipcodes i18n status {args.lang}` lists what is left")
    return 0


def cmd_i18n_extract(args: argparse.Namespace) -> int:
    from .translation import update_catalogs, write_template

    count = write_template()
    langs = update_catalogs()
    print(f"{count} interface messages; updated catalogs: {', '.join(langs) or 'none'}")
    return 0


def _port(value: str) -> int:
    import argparse

    if value.isascii() and value.isdigit() and 0 < int(value) < 65536:
        return int(value)
    raise argparse.ArgumentTypeError(f"{value!r} is not a TCP port; use a number from 1 to 65535")


def _base_url(value: str) -> str:
    import argparse
    from urllib.parse import urlsplit

    if not value.strip():
        return ""
    parts = urlsplit(value.strip())
    if parts.scheme in ("http", "https") and parts.netloc and not parts.query and not parts.fragment \
            and not any(c in value for c in " <>\"'\\"):
        return value.strip().rstrip("/")
    raise argparse.ArgumentTypeError(f"{value!r} is not an absolute http(s) address; use one like "
                                     "https://sip.example")


def _count(low: int, high: int, what: str):
    def parse(value: str) -> int:
        import argparse

        if value.isascii() and value.isdigit() and len(value) < 10 and low <= int(value) <= high:
            return int(value)
        raise argparse.ArgumentTypeError(f"{value!r} is not {what}; use a number from {low} to {high}")
    return parse


def _workers(value: str) -> int:
    import argparse

    if value.isascii() and value.isdigit() and 1 <= int(value) <= 64:
        return int(value)
    raise argparse.ArgumentTypeError(f"{value!r} is not a worker count; use a number from 1 to 64")


def build_parser() -> argparse.ArgumentParser:
    import argparse

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str) -> None:  # argparse would print the usage block; one line is clearer
            raise UsageError(f"{message} (see '{self.prog} --help')")

    class _Version(argparse.Action):
        def __init__(self, option_strings, dest, **kwargs):
            super().__init__(option_strings, dest, nargs=0, help="print the version and exit")

        def __call__(self, parser, namespace, values, option_string=None):
            from importlib.metadata import version

            print(f"sipcodes {version('sipcodes')}")
            parser.exit()

    parser = _Parser(prog="sipcodes",
                     description="Explain SIP response codes: what they mean, when you see them, how to fix them.")
    parser.add_argument("--version", action=_Version)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    def lang(p: argparse.ArgumentParser) -> None:
        p.add_argument("--lang", "-l", metavar="LANG",
                       help="language of the prose (default: from the locale, else en)")

    p = commands.add_parser("show", help="explain one response code (sipcodes show 486)")
    p.add_argument("code", metavar="CODE", help="a response code, such as 486")
    lang(p)
    p.add_argument("--format", "-f", choices=FORMATS, default="text", help="output format (default: text)")
    p.add_argument("--platform", "-p", metavar="NAME", type=str.lower,
                   help="add what this platform does with the code: asterisk, freeswitch, kamailio, pjsip, teams")
    p.set_defaults(run=cmd_show)

    p = commands.add_parser("cause", help="explain a Q.850 / ISUP cause value (sipcodes cause 34)")
    p.add_argument("cause", metavar="N", help="a cause value from 1 to 127, such as 34")
    lang(p)
    p.add_argument("--format", "-f", choices=FORMATS, default="text", help="output format (default: text)")
    p.set_defaults(run=cmd_cause)

    p = commands.add_parser("warning", help="explain a Warning header code (sipcodes warning 304)")
    p.add_argument("warning", metavar="N", help="a warn-code from 300 to 399, such as 304")
    lang(p)
    p.add_argument("--format", "-f", choices=FORMATS, default="text", help="output format (default: text)")
    p.set_defaults(run=cmd_warning)

    p = commands.add_parser("list", help="print the table of codes")
    p.add_argument("--class", dest="klass", type=_class_arg, metavar="CLASS", help="only this class: 1xx … 6xx")
    lang(p)
    p.add_argument("--format", "-f", choices=("text", "json"), default="text", help="output format (default: text)")
    p.set_defaults(run=cmd_list)

    p = commands.add_parser("search", help="find codes whose phrase or explanation mention all WORDS")
    p.add_argument("words", nargs="+", metavar="WORDS")
    lang(p)
    p.add_argument("--format", "-f", choices=("text", "json"), default="text", help="output format (default: text)")
    p.set_defaults(run=cmd_search)

    p = commands.add_parser("compare", help="compare two response codes (sipcodes compare 486 600)")
    p.add_argument("a", metavar="A")
    p.add_argument("b", metavar="B")
    lang(p)
    p.add_argument("--format", "-f", choices=(*FORMATS, "html"), default="text",
                   help="output format (default: text)")
    p.set_defaults(run=cmd_compare)

    p = commands.add_parser("explain", help="explain the failed calls in a capture or log (pcap, pcapng, HEP, "
                                            "SIP text; '-' reads stdin)")
    p.add_argument("files", nargs="+", metavar="FILE", help="capture or log files, read as one trace; '-' for stdin")
    lang(p)
    p.add_argument("--format", "-f", choices=(*FORMATS, "html"), default="text",
                   help="output format (default: text)")
    p.add_argument("--call", metavar="CALL-ID", help="explain only the call with this Call-ID")
    p.add_argument("--all", action="store_true", help="show every call, also those answered")
    p.add_argument("--cert", metavar="FILE",
                   help="certificate or public key (PEM or DER) to verify Identity header signatures with")
    p.set_defaults(run=cmd_explain)

    p = commands.add_parser("stats", help="count responses, call outcomes and RFC 6076 metrics over many captures "
                                          "or logs (files and directories)")
    p.add_argument("paths", nargs="+", metavar="PATH", help="capture or log files, or directories read recursively")
    lang(p)
    p.add_argument("--by", choices=("code", "outcome", "peer", "hour"), default="code",
                   help="the table to show and export (default: code)")
    p.add_argument("--format", "-f", choices=("text", "json", "csv", "parquet"), default="text",
                   help="output format (default: text; parquet needs pyarrow)")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")
    p.add_argument("--workers", "-j", type=int, metavar="N",
                   help="local worker processes (default: the CPU count)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="count on a Dask cluster (tcp://host:8786; needs the distributed extra)")
    p.add_argument("--variant", action="append", choices=("exclude-challenges", "ner"),
                   help="add a practice variant of the metrics (repeatable); the RFC 6076 definitions stay")
    p.set_defaults(run=cmd_stats)

    p = commands.add_parser("serve", help="run the website and JSON API (default http://127.0.0.1:8000)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=_port, default=8000, help="port to listen on (default: 8000)")
    p.add_argument("--workers", type=_workers, default=1, help="worker processes (default: 1)")
    p.add_argument("--base-url", type=_base_url, default="", metavar="URL",
                   help="the site's public address (https://sip.example), for canonical links, robots.txt and "
                        "the sitemap; without it links are relative and there is no sitemap")
    p.add_argument("--max-connections", type=_count(16, 100000, "a connection count"), default=1000,
                   metavar="N", help="open connections per worker (default: 1000); past it the oldest idle one "
                                     "is closed")
    p.add_argument("--cache-mb", type=_count(1, 65536, "a size in MB"), default=64, metavar="MB",
                   help="memory for rendered pages per worker (default: 64)")
    p.set_defaults(run=cmd_serve)

    p = commands.add_parser("build-site", help="write the whole website as static files into OUT_DIR")
    p.add_argument("out_dir", metavar="OUT_DIR")
    p.add_argument("--base-url", default="", metavar="URL",
                   help="absolute address the site will be served from, for canonical links and the sitemap")
    p.set_defaults(run=cmd_build_site)

    p = commands.add_parser("i18n", help="translation status and tools")
    i18n_commands = p.add_subparsers(title="i18n commands", metavar="COMMAND", parser_class=_Parser)
    i18n_commands.required = True
    q = i18n_commands.add_parser("status", help="list what each language is missing or has stale; exit 0 only "
                                                "when nothing is")
    q.add_argument("langs", nargs="*", metavar="LANG")
    q.add_argument("--verbose", "-v", action="store_true", help="list every missing or stale item")
    q.set_defaults(run=cmd_i18n_status)
    q = i18n_commands.add_parser("init", help="scaffold the translation files of a new language")
    q.add_argument("lang", metavar="LANG")
    q.set_defaults(run=cmd_i18n_init)
    q = i18n_commands.add_parser("extract", help="regenerate the interface message template and update catalogs")
    q.set_defaults(run=cmd_i18n_extract)
    return parser


def _error_lang(argv: list[str] | None) -> str:
    """The language to report an error in: --lang when it names a catalog language, else the locale's."""
    from . import catalog

    args = sys.argv[1:] if argv is None else argv
    for i, arg in enumerate(args):
        value = None
        if arg in ("--lang", "-l") and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value is not None and value.strip().lower() in catalog.languages():
            return value.strip().lower()
    return _default_lang()


class _ShowArgs:
    """What the full parser would return for `show`, for the forms `_show_args` reads itself."""

    run = staticmethod(cmd_show)

    def __init__(self, code: str, lang: str | None, format: str) -> None:
        self.code, self.lang, self.format = code, lang, format


_SHOW_OPTIONS = {"--lang": "lang", "-l": "lang", "--format": "format", "-f": "format"}


def _show_args(argv: list[str]) -> _ShowArgs | None:
    """`show CODE [--lang L] [--format F]` (also `-l`, `-f`, `--opt=value`, any order) read without argparse.

    Returns None for every other command line, including anything argparse would reject or read differently
    (help, abbreviations, a repeated option, a value that looks like an option, an unknown format), so that the
    full parser handles it and its messages stay exactly the same.
    """
    if len(argv) < 2 or argv[0] != "show":
        return None
    code = None
    values: dict[str, str] = {}
    rest = argv[1:]
    i = 0
    while i < len(rest):
        arg = rest[i]
        if arg.startswith("-"):
            name, eq, value = arg.partition("=")
            dest = _SHOW_OPTIONS.get(name)
            if dest is None or dest in values or (eq and not name.startswith("--")):
                return None
            if not eq:
                i += 1
                if i == len(rest):
                    return None
                value = rest[i]
            if value.startswith("-"):
                return None
            values[dest] = value
        elif code is None:
            code = arg
        else:
            return None
        i += 1
    fmt = values.get("format", "text")
    if code is None or fmt not in FORMATS:
        return None
    return _ShowArgs(code, values.get("lang"), fmt)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script: runs a command and maps every error to one line and an exit status."""
    try:
        args = _show_args(sys.argv[1:] if argv is None else argv) or build_parser().parse_args(argv)
        status = args.run(args)
    except UsageError as exc:
        print(f"sipcodes: error: {exc}", file=sys.stderr)
        sys.exit(2)
    except CatalogError as exc:
        print(f"sipcodes: broken catalog data: {exc}", file=sys.stderr)
        sys.exit(1)
    except SipcodesError as exc:
        print(f"sipcodes: error: {exc.translated(_error_lang(argv))}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("sipcodes: interrupted", file=sys.stderr)
        sys.exit(130)
    except BrokenPipeError:
        # the reader (head, less) went away; nothing left to say
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    if argv is None and args.run in (cmd_explain, cmd_stats):
        _exit_at_once(status)
    sys.exit(status)


def _exit_at_once(status: int) -> None:
    """End the process once its output is out, without freeing the object graph of a large capture one object at
    a time (a tenth of the run of `explain` on a large capture); only for the process's own command."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        status = status or 1
    sys.stderr.flush()
    os._exit(status)
