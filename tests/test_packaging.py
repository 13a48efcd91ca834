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
