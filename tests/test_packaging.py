"""Packaging metadata: the licence is declared the way current build tools expect, and the text ships."""

import os
import re
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _pyproject():
    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as fh:
        return tomllib.load(fh)


def test_license_is_an_spdx_expression_with_its_file():
    project = _pyproject()["project"]
    assert project["license"] == "MIT"  # PEP 639: a string, not the deprecated {text = …} table
    assert project["license-files"] == ["LICENSE"]
    with open(os.path.join(ROOT, "LICENSE"), encoding="utf-8") as fh:
        text = fh.read()
    assert text.startswith("MIT License\n")
    assert re.search(r"^Copyright \(c\) \d{4} the sipcodes authors$", text, re.M)


def test_build_backend_understands_license_expressions():
    requires = _pyproject()["build-system"]["requires"]
    setuptools = [r for r in requires if r.startswith("setuptools")]
    assert len(setuptools) == 1
    minimum = re.fullmatch(r"setuptools>=(\d+)(?:\.\d+)*", setuptools[0])
    assert minimum and int(minimum.group(1)) >= 77, setuptools  # the first release that reads PEP 639 strings


def _setup_commands():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as fh:
        readme = fh.read()
    section = readme.split("\n## Set up\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)\n```", section, re.S)


def test_readme_setup_commands_use_a_virtualenv():
    """Debian's own Python refuses `pip install` outside a virtualenv (externally-managed-environment)."""
    install, test = _setup_commands()
    for command in (install, test):
        assert "\n" not in command and command.startswith("python3 -m venv .venv && .venv/bin/python -m pip install ")
        assert " pip install" not in command.replace(".venv/bin/python -m pip install", "")
    assert install.endswith(" && .venv/bin/sipcodes serve")
    assert "'.[test]'" in test and test.endswith(" && .venv/bin/python -m pytest")


def test_ci_runs_exactly_the_readme_test_command():
    _, test = _setup_commands()
    with open(os.path.join(ROOT, ".ci", "run"), encoding="utf-8") as fh:
        lines = [line for line in fh.read().splitlines() if line.strip()]
    assert lines[-1] == test
    assert os.access(os.path.join(ROOT, ".ci", "run"), os.X_OK)


def test_readme_documents_the_chromium_override():
    with open(os.path.join(ROOT, "tests", "test_browser.py"), encoding="utf-8") as fh:
        variables = set(re.findall(r'os\.environ\.get\("(SIPCODES_[A-Z_]+)"', fh.read()))
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as fh:
        readme = fh.read()
    assert variables == {"SIPCODES_CHROMIUM"}
    assert all(f"`{name}`" in readme for name in variables)


def test_every_data_file_ships_in_the_package():
    """Each data, template and locale file matches a package-data pattern, so an installed package has it."""
    import fnmatch

    patterns = _pyproject()["tool"]["setuptools"]["package-data"]["sipcodes"]
    import pathlib

    package = pathlib.Path(ROOT) / "src" / "sipcodes"
    missing = []
    for path in package.rglob("*"):
        rel = path.relative_to(package).as_posix()
        if not path.is_file() or not rel.startswith(("data/", "render/templates/", "locale/")):
            continue
        if rel.endswith((".pyc", ".marshal")) or "__pycache__" in rel:
            continue
        # setuptools' "*" does not cross a slash
        if not any(fnmatch.fnmatch(rel, p) and rel.count("/") == p.count("/") for p in patterns):
            missing.append(rel)
    assert not missing, missing[:10]
