"""Alembic environment of the complaints database."""
from qms_shared.migrations import run_env

from complaints.adapters.orm import metadata

run_env(metadata)
