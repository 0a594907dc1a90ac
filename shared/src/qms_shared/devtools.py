"""Developer commands: `python -m qms_shared.devtools revision <package> "<message>"` autogenerates
a migration by comparing the package's metadata with a scratch SQLite database at head."""
from __future__ import annotations

import sys
import tempfile

from alembic import command

from .migrations import alembic_config


def revision(package: str, message: str) -> None:
    """Autogenerate the next migration of `package`."""
    with tempfile.TemporaryDirectory() as tmp:
        cfg = alembic_config(package, f"sqlite:///{tmp}/scratch.db")
        command.upgrade(cfg, "head")
        command.revision(cfg, message=message, autogenerate=True)


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] != "revision":
        sys.exit('usage: python -m qms_shared.devtools revision <package> "<message>"')
    revision(sys.argv[2], sys.argv[3])
