"""The suite runs with --import-mode=importlib, which puts no test folder on sys.path: add ours for the helpers."""
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture
def shipped(ctx):
    """The register and catalogue as `load-reference-data` enters them."""
    from compliance.domain.commands import LoadReferenceData
    from qms_shared.domain import Actor

    return ctx.bus.handle(LoadReferenceData(actor=Actor(id="test"), at=datetime.now(timezone.utc)))
