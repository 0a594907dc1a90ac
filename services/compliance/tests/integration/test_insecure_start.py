"""The compliance worker refuses an insecure start before it loads reference data (before any database work)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

QMS_COMPLIANCE = Path(sys.executable).parent / "qms-compliance"


def _worker(database_url: str, tmp_path, **env_vars) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("QMS_ENV", "JWT_SECRET", "WEBHOOK_SECRET")}
    env.update({"DATABASE_URL": database_url, "QMS_DATA_DIR": str(tmp_path), **env_vars})
    return subprocess.run([str(QMS_COMPLIANCE), "worker"], env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("secret, says", [(None, "JWT_SECRET is not set"),
                                          ("short", "JWT_SECRET is shorter than 32 bytes"),
                                          ("change-me", "JWT_SECRET is a value shipped in the repository")])
def test_the_worker_without_a_good_secret_exits_naming_it_and_leaves_the_database_alone(ctx, tmp_path, secret, says):
    with ctx.db.engine.begin() as conn:  # an empty register: loading reference data would fill it
        conn.execute(text("DELETE FROM regulations"))
        conn.execute(text("DELETE FROM substance_groups"))
    result = _worker(ctx.config.database_url, tmp_path, **({"JWT_SECRET": secret} if secret else {}))
    assert result.returncode != 0 and says in result.stderr, result.stderr
    assert "QMS_ENV=development" in result.stderr and "Traceback" not in result.stderr
    with ctx.db.engine.connect() as conn:
        counts = [conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
                  for table in ("regulations", "substance_groups", "impact_reports", "outbox")]
    assert counts == [0, 0, 0, 0]  # no reference data loaded, nothing evaluated, nothing published
