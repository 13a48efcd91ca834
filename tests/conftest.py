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
