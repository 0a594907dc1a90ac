"""Fixtures for the reviews domain's unit tests."""
import pytest

from reviews_builders import submit


@pytest.fixture
def regular():
    """A freshly submitted regular contract, events cleared."""
    contract = submit()
    contract.pull_events()
    return contract
