"""Checking every data file of a catalog directory: entries, pair notes, glossary terms and their translations.

Each file is read with the same loader the library uses, so a file that passes here loads at run time. A broken
file gives one problem (the first the loader meets), naming the file and the field; files that are not where the
schema expects them are problems too.
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Callable

from ..errors import CatalogError
from ._load import DATA_DIR, _display_path, _parse_file, known_codes, load_entry

_CODE_FILE = re.compile(r"[1-6]\d\d\.toml")
_LANG_DIR = re.compile(r"[a-z]{2,3}")  # the folder names `catalog.languages()` offers
KINDS = ("codes", "pairs", "glossary", "causes", "warnings", "reasons", "platforms")


class _Problems:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.files = 0

    def add(self, line: str) -> None:
        self.lines.append(line)

    def attempt(self, load: Callable[..., object], *args: object) -> object | None:
        """Run one file's loader; a CatalogError becomes a problem line and the result None."""
        self.files += 1
        try:
            return load(*args)
        except CatalogError as exc:
            self.add(str(exc))
            return None


def _listing(problems: _Problems, folder: str, required: bool = True) -> tuple[list[str], list[str]]:
    """(files, language folders) of a kind's folder; anything else there is a problem."""
    if not os.path.isdir(folder):
        if required:
            problems.add(f"{_display_path(folder)}: missing folder")
        return [], []
    files, langs = [], []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if os.path.isdir(path):
            if _LANG_DIR.fullmatch(name):
                langs.append(name)
            else:
                problems.add(f"{_display_path(path)}: not a language folder (name it for a lower-case language code such as fr or pt)")
        elif name.endswith(".toml"):
            files.append(name)
        else:
            problems.add(f"{_display_path(path)}: not a data file (every file here is .toml)")
    return files, langs


def _check_registry(data_dir: str) -> None:
    path = os.path.join(data_dir, "registry.toml")
    name = _display_path(path)
    if not os.path.isfile(path):
        raise CatalogError(f"{name}: missing file")
    data = _parse_file(path)
    for key in ("registry", "url"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise CatalogError(f"{name}: field '{key}': missing or not text")
    if not isinstance(data.get("checked"), datetime.date) or isinstance(data["checked"], datetime.datetime):
        raise CatalogError(f"{name}: field 'checked': expected a date such as 2026-11-25")
    unknown = set(data) - {"registry", "url", "checked"}
    if unknown:
        raise CatalogError(f"{name}: field '{sorted(unknown)[0]}': unknown field; valid: registry, url, checked")


def check_catalog(data_dir: str = DATA_DIR) -> tuple[int, list[str]]:
    """(files checked, problem lines) for the catalog under `data_dir`; no lines means every file is valid."""
    # Pair notes are read by the comparison layer; the import is local so the catalog does not load it otherwise.
    from ..comparison import PAIR_FIELDS, _read_note
    from ._glossary import TERM_FIELDS, _load_term
    from . import _causes, _platforms
    from ._causes import CAUSE_FIELDS, REASON_FIELDS, WARNING_FIELDS
    from ._platforms import PLATFORM_FIELDS
    from ._translations import ENTRY_FIELDS, read_translation

    problems = _Problems()
    problems.attempt(_check_registry, data_dir)
    folders = {kind: os.path.join(data_dir, kind) for kind in KINDS}

    code_files, code_langs = _listing(problems, folders["codes"])
    for name in code_files:
        if not _CODE_FILE.fullmatch(name):
            problems.add(f"{_display_path(os.path.join(folders['codes'], name))}: not a code file; name it for "
                         "its code, such as 486.toml")
    known = known_codes(folders["codes"]) if os.path.isdir(folders["codes"]) else ()
    for code in known:
        problems.attempt(load_entry, code, known, folders["codes"])

    pair_files, pair_langs = _listing(problems, folders["pairs"], required=False)
    pairs = {name[:-5] for name in pair_files}  # a broken note's translations are still checked against its id
    for name in pair_files:
        problems.attempt(_read_note, os.path.join(folders["pairs"], name), known)

    term_files, term_langs = _listing(problems, folders["glossary"], required=False)
    terms = {name[:-5] for name in term_files}
    for name in term_files:
        problems.attempt(_load_term, os.path.join(folders["glossary"], name), terms)

    originals = {"codes": {str(c) for c in known}, "pairs": pairs, "glossary": terms}
    how = {"codes": ("code", int, ENTRY_FIELDS), "pairs": ("pair", str, PAIR_FIELDS),
           "glossary": ("term", str, TERM_FIELDS), "causes": ("cause", int, CAUSE_FIELDS),
           "warnings": ("warning", int, WARNING_FIELDS), "reasons": ("reason", str, REASON_FIELDS),
           "platforms": ("platform", str, PLATFORM_FIELDS)}
    kind_langs = [("codes", code_langs), ("pairs", pair_langs), ("glossary", term_langs)]
    for kind in ("causes", "warnings", "reasons", "platforms"):
        files, langs = _listing(problems, folders[kind], required=False)
        if kind == "platforms":
            originals[kind] = _platforms.check_folder(problems, folders[kind])
        else:
            originals[kind] = _causes.check_folder(kind, problems, folders[kind])
        kind_langs.append((kind, langs))
    for kind, langs in kind_langs:
        for lang in langs:
            folder = os.path.join(folders[kind], lang)
            if kind != "codes" and lang not in code_langs:
                problems.add(f"{_display_path(folder)}: language {lang} has no data/codes/{lang} folder, so "
                             "the catalog does not offer it")
                continue
            files, nested = _listing(problems, folder)
            for sub in nested:
                problems.add(f"{_display_path(os.path.join(folder, sub))}: translation folders do not nest")
            id_key, id_type, fields = how[kind]
            for name in files:
                path = os.path.join(folder, name)
                stem = name[:-5]
                if stem not in originals[kind]:
                    problems.add(f"{_display_path(path)}: translates data/{kind}/{name}, which does not exist")
                    continue
                problems.attempt(read_translation, path, lang, id_key, id_type(stem), fields)
    return problems.files, problems.lines
