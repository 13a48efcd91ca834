"""`python -m sipcodes.catalog` checks every data file: entries, pair notes, glossary terms, translations."""

import os
import shutil
import subprocess
import sys

import pytest

from sipcodes.catalog import _load
from sipcodes.catalog._check import KINDS, check_catalog


@pytest.fixture
def data(tmp_path):
    """A scratch copy of the whole data folder, for a test to break."""
    root = tmp_path / "data"
    shutil.copytree(_load.DATA_DIR, root)
    return root


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def run_check(data_dir):
    return subprocess.run([sys.executable, "-m", "sipcodes.catalog", "--data-dir", str(data_dir)],
                          capture_output=True, text=True)


def test_the_shipped_catalog_has_no_problems():
    files, problems = check_catalog()
    assert problems == []
    per_kind = {kind: len([n for n in os.listdir(os.path.join(_load.DATA_DIR, kind)) if n.endswith(".toml")])
                for kind in KINDS}
    # every English file, its translation in each of three languages, and registry.toml
    assert files == 4 * sum(per_kind.values()) + 1


def test_unchanged_copy_passes(data):
    proc = run_check(data)
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout == "" and "no problems" in proc.stderr


def test_every_kind_of_file_is_checked(data):
    edit(data / "pairs" / "486-600.toml", "[en]\nsummary =", "[en]\nsumary =")
    edit(data / "glossary" / "via.toml", '"record-route"]', '"record-route", "nat"]')
    edit(data / "codes" / "de" / "486.toml", "[de]\n", "[de]\ncolour = \"rot\"\n")
    edit(data / "pairs" / "es" / "486-600.toml", 'pair = "486-600"', 'pair = "486-603"')
    edit(data / "glossary" / "fr" / "via.toml", 'title = "2ed8b8066255"', 'title = "2ed8"')
    (data / "codes" / "fr" / "999.toml").write_text("code = 999\n", encoding="utf-8")
    (data / "codes" / "notes.txt").write_text("x", encoding="utf-8")
    edit(data / "codes" / "486.toml", "code = 486", 'code = "486"')

    proc = run_check(data)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert sorted(lines) == sorted([
        "data/pairs/486-600.toml: field 'en.sumary': unknown field; valid: summary, note, when_to_use",
        "data/glossary/via.toml: field 'related[4]': 'nat' is not a glossary term",
        "data/codes/de/486.toml: field 'de.colour': unknown field; valid: summary, description, when_you_see_it, "
        "causes, how_to_fix, notes",
        "data/pairs/es/486-600.toml: field 'pair': must be '486-600', as in the file name",
        "data/glossary/fr/via.toml: field 'source.title': expected the 12-character hash `sipcodes i18n` records",
        "data/codes/fr/999.toml: translates data/codes/999.toml, which does not exist",
        "data/codes/notes.txt: not a data file (every file here is .toml)",
        "data/codes/486.toml: field 'code': expected int, got str",
    ]), proc.stdout
    assert "8 problems" in proc.stderr and "Traceback" not in proc.stderr


def test_invalid_toml_in_a_translation_is_one_line(data):
    edit(data / "codes" / "es" / "603.toml", "code = 603", "code = = 603")
    files, problems = check_catalog(str(data))
    assert len(problems) == 1 and problems[0].startswith("data/codes/es/603.toml: not valid TOML")


def test_translation_language_without_codes_folder(data):
    shutil.move(str(data / "glossary" / "de"), str(data / "glossary" / "it"))
    _, problems = check_catalog(str(data))
    assert problems == ["data/glossary/it: language it has no data/codes/it folder, so the catalog does not offer "
                        "it"]


def test_missing_data_dir_is_a_usage_error(tmp_path):
    proc = run_check(tmp_path / "nowhere")
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "is not a directory" in proc.stderr


def test_bad_arguments_are_one_line(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "sipcodes.catalog", "486"], capture_output=True, text=True)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == "python -m sipcodes.catalog: error: unrecognized arguments: 486\n"


def test_folder_that_is_not_a_language(data):
    (data / "codes" / "FR").mkdir()
    _, problems = check_catalog(str(data))
    assert problems == ["data/codes/FR: not a language folder (name it for a lower-case language code such as fr "
                        "or pt)"]
