import pytest

import sipcodes


@pytest.fixture(scope="session")
def entries():
    return sipcodes.all()
