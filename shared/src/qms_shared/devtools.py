"""Developer commands: `python -m qms_shared.devtools revision <package> "<message>"` autogenerates
a migration by comparing the package's metadata with a scratch PostgreSQL database at head
(made from `QMS_TEST_PG_ADMIN`, as the tests do, and dropped afterwards)."""
from __future__ import annotations

import sys
import uuid

from alembic import command

from .migrations import alembic_config
from .testing import drop_database, fresh_database


def revision(package: str, message: str) -> None:
    """Autogenerate the next migration of `package`."""
    name = f"scratch_{uuid.uuid4().hex[:8]}"
    try:
        cfg = alembic_config(package, fresh_database(name))
        command.upgrade(cfg, "heads")
        command.revision(cfg, message=message, autogenerate=True)
    finally:
        drop_database(name)


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] != "revision":
        sys.exit('usage: python -m qms_shared.devtools revision <package> "<message>"')
    revision(sys.argv[2], sys.argv[3])
