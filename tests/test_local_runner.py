"""The local runner (`make up`) needs a real PostgreSQL and says so at once when there is none."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_make_up_stops_at_once_with_a_clear_message_when_postgresql_does_not_answer():
    pid_file = ROOT / "var" / "suite.pid"
    had_pid = pid_file.exists()
    env = {**os.environ, "QMS_PG_ADMIN": "postgresql://postgres@127.0.0.1:1/postgres"}
    for name in ("COMPLAINTS", "REVIEWS", "COMPLIANCE", "NOTIFICATIONS"):
        env.pop(f"{name}_DATABASE_URL", None)
    run = subprocess.run(["make", "-s", "up"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode != 0
    assert "PostgreSQL does not answer at postgresql://postgres@127.0.0.1:1/postgres" in run.stderr
    assert "apt-get install postgresql" in run.stderr and "QMS_PG_ADMIN" in run.stderr
    assert pid_file.exists() == had_pid  # nothing was started
