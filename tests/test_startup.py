"""What keeps `sipcodes show` fast, checked for being right: the compiled catalog store (used only while its sources
are unchanged), the .mo files of an installed wheel, the argparse-free reading of `show`, the wrapping that
replaces textwrap, and the modules the show path imports."""

import os
import shutil
import subprocess
import sys
import textwrap

import pytest
from hypothesis import given, settings, strategies as st

import sipcodes
from sipcodes import catalog, cli
from sipcodes.catalog import _store
from sipcodes.render.text import wrap

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = os.path.dirname(os.path.abspath(sipcodes.__file__))

# never on the path of `sipcodes show CODE` (text), piped or on a terminal
HEAVY = {"argparse", "re", "tomllib", "shutil", "locale", "babel", "rich", "textwrap", "gettext", "json",
         "hashlib", "typing", "dataclasses", "enum"}

# run the command line in a child and report, on stderr after a marker, every module it imported
REPORT_MODULES = (
    "import sys\n"
    "from sipcodes.cli import main\n"
    "try:\n"
    "    main(sys.argv[1:])\n"
    "except SystemExit:\n"
    "    pass\n"
    "sys.stderr.write('\\nMODULES ' + ' '.join(sorted(sys.modules)) + '\\n')\n"
)


def interpreter_modules() -> set[str]:
    """What this interpreter imports before any code runs (its site packages' .pth files may bring in more)."""
    proc = subprocess.run([sys.executable, "-c", "import sys; print(' '.join(sys.modules))"], capture_output=True,
                          text=True, timeout=60, env={**os.environ, "LC_ALL": "C", "LANG": "C"})
    return set(proc.stdout.split())


def run_show(pythonpath: str, *argv: str) -> tuple[str, set[str]]:
    """(stdout, modules imported beyond the interpreter's own) of `sipcodes show …` run from the package copy
    under `pythonpath`."""
    env = {**os.environ, "PYTHONPATH": pythonpath, "LC_ALL": "C", "LANG": "C"}
    env.pop("NO_COLOR", None)
    proc = subprocess.run([sys.executable, "-c", REPORT_MODULES, "show", *argv], env=env, capture_output=True,
                          text=True, timeout=60)
    modules = set(proc.stderr.rsplit("MODULES ", 1)[1].split())
    return proc.stdout, modules - interpreter_modules()


def flat(text: str) -> str:
    """Text with its line breaks and indents folded, to find a wrapped sentence."""
    return " ".join(text.split())


# --- wrapping ---------------------------------------------------------------------------------------------------

@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("ab cd-\t\n\x0b\r\xa0\u2003éxyz  "), max_size=80),
       room=st.integers(1, 30), indent=st.sampled_from(["", "  ", "  - ", "  1. ", "0123456789"]),
       hang=st.sampled_from([None, "", "    ", "     "]))
def test_wrap_gives_what_textwrap_gives(text, room, indent, hang):
    # at least one column beside the widest prefix: textwrap itself never returns when a prefix fills the line
    width = max(len(indent), len(hang or "")) + room
    expected = textwrap.fill(text, width=width, initial_indent=indent,
                             subsequent_indent=indent if hang is None else hang, break_on_hyphens=False)
    assert wrap(text, width, indent, hang) == expected


def test_wrap_gives_what_textwrap_gives_for_every_paragraph_of_the_catalog():
    for lang in catalog.languages():
        for entry in sipcodes.all(lang):
            for text in (entry.summary, entry.description, entry.when_you_see_it, *entry.causes, *entry.how_to_fix,
                         *(ref.note for ref in entry.references)):
                for width, indent, hang in ((60, "  ", None), (88, "  - ", "    "), (100, "  12. ", "      ")):
                    assert wrap(text, width, indent, hang) == textwrap.fill(
                        text, width=width, initial_indent=indent, subsequent_indent=indent if hang is None else hang,
                        break_on_hyphens=False)


# --- `show` read without argparse -------------------------------------------------------------------------------

SHOW_LINES = [
    ["show", "486"], ["show", "486", "--lang", "fr"], ["show", "--lang=de", "486", "-f", "json"],
    ["show", "183", "-f", "markdown"], ["show", "-l", "es", "--format=text", "603"], ["show", " 486 "],
    ["show", "999"], ["show", "abc"], ["show", ""], ["show", "499"], ["show", "486", "--lang", "xx"],
    ["show", "486", "--lang", "fr_FR"], ["show", "486", "--lang="],
]
ARGPARSE_ONLY = [
    ["show"], ["show", "486", "--format", "xml"], ["show", "486", "--lang"], ["show", "486", "extra"],
    ["show", "486", "--lang", "fr", "--lang", "de"], ["show", "486", "-lfr"], ["show", "--", "486"], ["show", "-5"],
    ["show", "486", "--form", "json"], ["show", "486", "-l=fr"], ["show", "486", "--lang", "-x"], ["show", "-h"],
    ["show", "486", "--color"], ["--lang", "fr", "show", "486"],
]


def _outcome(capsys, argv):
    with pytest.raises(SystemExit) as info:
        cli.main(list(argv))
    out, err = capsys.readouterr()
    return info.value.code, out, err


@pytest.mark.parametrize("argv", SHOW_LINES + ARGPARSE_ONLY, ids=" ".join)
def test_show_without_argparse_answers_as_argparse_does(capsys, monkeypatch, argv):
    handled = cli._show_args(argv) is not None
    assert handled == (argv in SHOW_LINES)
    fast = _outcome(capsys, argv)
    monkeypatch.setattr(cli, "_show_args", lambda argv: None)
    assert _outcome(capsys, argv) == fast


# --- the compiled catalog store ---------------------------------------------------------------------------------

def test_store_holds_exactly_what_the_loader_returns(tmp_path):
    path = str(tmp_path / "catalog.marshal")
    assert _store.write_store(path) == len(catalog.codes()) * len(catalog.languages())
    store = _store.Store.open(catalog.codes(), path)
    assert store is not None
    for lang in catalog.languages():
        for code in catalog.codes():
            assert store.entry(code, lang) == catalog._source_entry(code, lang)
            assert store.reason(code) == catalog.read_reason(code)


def test_store_is_not_opened_for_another_list_of_codes(tmp_path):
    path = str(tmp_path / "catalog.marshal")
    _store.write_store(path)
    assert _store.Store.open(catalog.codes()[1:], path) is None
    assert _store.Store.open(catalog.codes(), str(tmp_path / "absent")) is None


@pytest.fixture()
def package_copy(tmp_path):
    """A copy of the package with a compiled store, as a build leaves it; yields the directory to put on the path."""
    root = tmp_path / "lib"
    shutil.copytree(PACKAGE, root / "sipcodes", ignore=shutil.ignore_patterns("__pycache__", "catalog.marshal"))
    env = {**os.environ, "PYTHONPATH": str(root)}
    subprocess.run([sys.executable, "-m", "sipcodes.catalog", "--compile"], env=env, check=True,
                   capture_output=True, timeout=120)
    assert (root / "sipcodes" / "data" / "catalog.marshal").exists()
    return root


def _replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_store_is_used_and_data_edited_afterwards_is_read_from_the_files(package_copy):
    root = str(package_copy)
    data = package_copy / "sipcodes" / "data" / "codes"
    expected = sipcodes.get(486).summary

    out, modules = run_show(root, "486")
    assert expected in out and "tomllib" not in modules  # from the store

    _replace(data / "486.toml", expected, "An edited summary of 486.")
    out, modules = run_show(root, "486")
    assert "An edited summary of 486." in out and expected not in out and "tomllib" in modules

    # the French summary was translated from the old English: stale now, so the page shows the new English
    out, modules = run_show(root, "486", "--lang", "fr")
    assert "An edited summary of 486." in out and flat(sipcodes.get(486, "fr").description) in flat(out)

    # a related code's reason phrase comes from that code's file
    _replace(data / "600.toml", 'reason = "Busy Everywhere"', 'reason = "Busy Everywhere Edited"')
    out, _ = run_show(root, "603")
    assert "600 Busy Everywhere Edited" in out


def test_store_entry_of_an_edited_translation_is_read_from_the_files(package_copy):
    root = str(package_copy)
    fr_file = package_copy / "sipcodes" / "data" / "codes" / "fr" / "486.toml"
    summary = sipcodes.get(486, "fr").summary
    out, modules = run_show(root, "486", "--lang", "fr")
    assert flat(summary) in flat(out) and "tomllib" not in modules

    _replace(fr_file, summary.split()[0] + " ", "Modifié ")
    out, modules = run_show(root, "486", "--lang", "fr")
    assert "Modifié" in out and "tomllib" in modules

    os.remove(fr_file)  # no translation any more: the English prose, with the French interface around it
    out, _ = run_show(root, "486", "--lang", "fr")
    assert flat(sipcodes.get(486).description) in flat(out) and "Modifié" not in out
    assert flat(sipcodes.get(486, "fr").description) not in flat(out)


def test_store_is_ignored_when_the_catalog_code_changes(package_copy):
    root = str(package_copy)
    loader = package_copy / "sipcodes" / "catalog" / "_load.py"
    loader.write_text(loader.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    out, modules = run_show(root, "486")
    assert out.startswith("486 Busy Here\n") and "tomllib" in modules


# --- a real wheel: the store, the .mo files, the imports of `show` ----------------------------------------------

@pytest.fixture(scope="module")
def installed_wheel(tmp_path_factory):
    """The project built as a wheel (as pip builds it) and installed by pip into a directory of its own."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    source.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy(os.path.join(PROJECT, name), source / name)
    for folder in ("src", "scripts"):
        shutil.copytree(os.path.join(PROJECT, folder), source / folder,
                        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "*.mo", "*.mo.source",
                                                      "catalog.marshal"))
    pip = [sys.executable, "-m", "pip", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "wheel", "--no-deps", "--wheel-dir", str(tmp / "dist"),
                    str(source)], check=True, capture_output=True, timeout=300)
    (wheel,) = (tmp / "dist").glob("sipcodes-*.whl")
    target = tmp / "site"
    subprocess.run([*pip, "install", "--no-deps", "--target", str(target), str(wheel)], check=True,
                   capture_output=True, timeout=300)
    return target


def test_wheel_has_the_compiled_files(installed_wheel):
    package = installed_wheel / "sipcodes"
    assert (package / "data" / "catalog.marshal").exists()
    for lang in ("fr", "es", "de"):
        assert (package / "locale" / lang / "LC_MESSAGES" / "sipcodes.mo").exists()
    script = installed_wheel / "bin" / "sipcodes"
    assert "import re" not in script.read_text(encoding="utf-8")


def test_installed_mo_is_used_without_babel_whatever_the_file_times(installed_wheel):
    po = installed_wheel / "sipcodes" / "locale" / "fr" / "LC_MESSAGES" / "sipcodes.po"
    mo = po.with_suffix(".mo")
    os.utime(mo, (po.stat().st_mtime - 60, po.stat().st_mtime - 60))  # unpacked before its .po, as pip may do
    code = ("import sys\nfrom sipcodes import i18n\nt = i18n.translations('fr')\n"
            "print(type(t).__name__, 'babel' in sys.modules, t.gettext('Facts'), i18n.__file__)")
    env = {**os.environ, "PYTHONPATH": str(installed_wheel)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    kind, babel, facts, where = out.split()
    assert where.startswith(str(installed_wheel))
    assert (kind, babel, facts) == ("GNUTranslations", "False", "Faits")

    # a .po edited after the build: its .mo is out of date and the .po is compiled instead
    original = po.read_bytes()
    po.write_bytes(original + b"\n# edited\n")
    try:
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                             check=True).stdout
    finally:
        po.write_bytes(original)
    assert out.split()[1:3] == ["True", "Faits"]


@pytest.mark.parametrize("argv", [["486"], ["486", "--lang", "fr"], ["438", "-f", "markdown"]], ids=" ".join)
def test_installed_show_imports_nothing_heavy_and_prints_what_the_source_prints(installed_wheel, argv, capsys):
    out, modules = run_show(str(installed_wheel), *argv)
    # another language needs gettext (and the modules it imports) for the interface strings, nothing more
    heavy = HEAVY if "--lang" not in argv else HEAVY - {"gettext", "re", "locale", "enum", "typing"}
    assert modules & heavy == set(), sorted(modules & heavy)
    assert "sipcodes.catalog._translations" not in modules  # the French came from the store too
    expected = _outcome(capsys, ["show", *argv])
    assert expected[0] == 0 and out == expected[1]


def test_installed_show_on_a_terminal_imports_nothing_heavy(installed_wheel):
    import pty

    env = {**os.environ, "PYTHONPATH": str(installed_wheel), "LC_ALL": "C", "LANG": "C", "TERM": "xterm"}
    env.pop("NO_COLOR", None)
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(sys.executable, [sys.executable, "-c", REPORT_MODULES, "show", "486"], env)
    chunks = []
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.waitpid(pid, 0)
    os.close(fd)
    output = b"".join(chunks).decode()
    page, modules = output.rsplit("MODULES ", 1)
    assert "\x1b[1;36mWhat it means\x1b[0m" in page
    assert (set(modules.split()) - interpreter_modules()) & HEAVY == set()


# --- colour without Rich ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("code,lang", [(486, "en"), (438, "fr"), (183, "de"), (503, "es"), (100, "en")])
def test_colour_page_says_what_the_plain_page_says(code, lang):
    import re

    from sipcodes.render.text import render_text

    entry = sipcodes.get(code, lang)
    colour = render_text(entry, color=True, width=80)
    assert "\x1b[1m" in colour and "\x1b]8;;https://www.rfc-editor.org/" in colour
    text = re.sub(r"\x1b\]8;;[^\x1b]*\x1b\\|\x1b\[[0-9;]*m", "", colour)
    markers = {"-", "•", "!"}  # plain bullets are '-', coloured ones '•'; the plain note starts with '!'
    words = [w for w in text.split() if w not in markers]
    assert words == [w for w in render_text(entry, width=80).split() if w not in markers]
