import os
import shutil

import pytest

import sipcodes
from sipcodes.catalog import _load
from sipcodes.errors import CatalogError


@pytest.fixture(scope="session")
def entries():
    return sipcodes.all()


@pytest.fixture(autouse=True)
def english_locale(monkeypatch):
    """The CLI picks its language from the locale; tests that expect English must not depend on the machine's."""
    monkeypatch.setenv("LC_ALL", "C")
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "C")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """(root, report) of the whole static site, built once per session: a full build takes many seconds."""
    from sipcodes.site import build_site

    root = tmp_path_factory.mktemp("site") / "out"
    report = build_site(str(root), base_url="https://sip.example")
    return str(root), report


@pytest.fixture
def broken(tmp_path):
    """Copy the model entry and the files it relates to into a scratch catalog, then let a test break it."""
    codes_dir = tmp_path / "data" / "codes"
    codes_dir.mkdir(parents=True)
    for code in (486, 600, 603, 480, 487):
        shutil.copy(os.path.join(_load.CODES_DIR, f"{code}.toml"), codes_dir)
    text = (codes_dir / "486.toml").read_text()

    def load(old, new, count=1):
        assert old in text, old
        (codes_dir / "486.toml").write_text(text.replace(old, new, count))
        with pytest.raises(CatalogError) as info:
            _load.load_entry(486, codes_dir=str(codes_dir))
        return str(info.value)

    return load
