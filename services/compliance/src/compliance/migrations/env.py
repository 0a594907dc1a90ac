"""Alembic environment of the compliance database."""
from qms_shared.migrations import run_env

from compliance.adapters.orm import metadata

run_env(metadata)
