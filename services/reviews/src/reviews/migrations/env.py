"""Alembic environment of the reviews database."""
from qms_shared.migrations import run_env

from reviews.adapters.orm import metadata

run_env(metadata)
