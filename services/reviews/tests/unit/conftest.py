"""Fixtures for the reviews domain's unit tests."""
import sys
from pathlib import Path

import pytest

# The suite runs with --import-mode=importlib, which puts no test folder on sys.path: add ours for the builders.
sys.path.insert(0, str(Path(__file__).parent))

from reviews_builders import submit  # noqa: E402


@pytest.fixture
def regular():
    """A freshly submitted regular contract, events cleared."""
    contract = submit()
    contract.pull_events()
    return contract
