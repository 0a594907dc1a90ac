"""Fixtures for the reviews domain's unit tests and the handler tests (a fake unit of work and its bus)."""
import sys
from pathlib import Path

import pytest

# The suite runs with --import-mode=importlib, which puts no test folder on sys.path: add ours for the builders.
sys.path.insert(0, str(Path(__file__).parent))

from qms_shared.bootstrap import MessageBus  # noqa: E402
from reviews.service_layer.dependencies import Dependencies  # noqa: E402
from reviews.service_layer.handlers import HANDLERS  # noqa: E402

from reviews_builders import POLICY, submit  # noqa: E402
from reviews_fakes import FakeComplianceCopy, FakeUnitOfWork  # noqa: E402


@pytest.fixture
def uow():
    """A fake unit of work knowing P-100 as compliant."""
    return FakeUnitOfWork(FakeComplianceCopy(statuses={"P-100": "compliant"}))


@pytest.fixture
def bus(uow):
    """The handlers on the fake unit of work."""
    return MessageBus(lambda: uow, HANDLERS, deps=Dependencies(policy=POLICY))


@pytest.fixture
def regular():
    """A freshly submitted regular contract, events cleared."""
    contract = submit()
    contract.pull_events()
    return contract
