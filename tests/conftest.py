import pytest

import sipcodes


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
