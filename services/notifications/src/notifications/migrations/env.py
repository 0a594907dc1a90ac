"""Alembic environment of the notifications database."""
from qms_shared.migrations import run_env

from notifications.adapters.orm import metadata

run_env(metadata)
