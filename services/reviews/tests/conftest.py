"""Fixtures: a real PostgreSQL database and isolated RabbitMQ names for the reviews service."""
import sys
from pathlib import Path

from qms_shared.pytest_fixtures import service_fixtures

# The suite runs with --import-mode=importlib, which puts no test folder on sys.path: add the helpers' folder.
sys.path.insert(0, str(Path(__file__).parent / "integration"))

globals().update(service_fixtures("reviews", default_role="sales"))
