"""Fixtures of the end-to-end tests: the running suite scripts/test-e2e.sh started."""
import pytest

from e2e_support import Suite


@pytest.fixture(scope="session")
def suite():
    return Suite.from_environment()
