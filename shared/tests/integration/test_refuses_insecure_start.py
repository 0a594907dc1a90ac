"""Outside QMS_ENV=development, `serve` and `worker` stop at start when a secret is unset, short or shipped."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
UNREACHABLE_DB = "postgresql://nobody@127.0.0.1:1/none"  # a start that went on to migrate would fail otherwise
GOOD = "a-production-secret-of-enough-length-" + "k" * 8


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(service: str, command: str, tmp_path, **env_vars) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("QMS_ENV", "JWT_SECRET", "WEBHOOK_SECRET")}
    env.update({"DATABASE_URL": UNREACHABLE_DB, "QMS_DATA_DIR": str(tmp_path), **env_vars})
    args = [str(BIN / f"qms-{service}"), command]
    if command == "serve":
        args += ["--bind", f"127.0.0.1:{_free_port()}", "--workers", "1"]
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("service, command", [("complaints", "serve"), ("complaints", "worker"),
                                              ("compliance", "serve"), ("compliance", "worker")])
def test_without_a_secret_and_without_development_mode_the_service_refuses_to_start(service, command, tmp_path):
    result = _run(service, command, tmp_path)
    assert result.returncode != 0
    assert "JWT_SECRET is not set" in result.stderr and "QMS_ENV=development" in result.stderr
    assert "Traceback" not in result.stderr  # stopped before migrations, not by the unreachable database


@pytest.mark.parametrize("secret, says", [
    ("short-secret", "JWT_SECRET is shorter than 32 bytes"),
    ("qms-development-secret-change-me-in-production", "JWT_SECRET is not set"),  # the default in config.py
    ("change-me", "JWT_SECRET is a value shipped in the repository"),
])
def test_a_short_or_shipped_secret_is_refused(secret, says, tmp_path):
    result = _run("compliance", "serve", tmp_path, JWT_SECRET=secret)
    assert result.returncode != 0 and says in result.stderr, result.stderr


def test_explicit_production_is_checked_too(tmp_path):
    result = _run("compliance", "serve", tmp_path, QMS_ENV="production", JWT_SECRET="x" * 31)
    assert result.returncode != 0 and "JWT_SECRET is shorter than 32 bytes" in result.stderr


def test_a_service_with_a_webhook_secret_needs_that_one_too(tmp_path):
    result = _run("notifications", "worker", tmp_path, JWT_SECRET=GOOD)
    assert result.returncode != 0 and "WEBHOOK_SECRET is not set" in result.stderr, result.stderr
    assert "JWT_SECRET" not in result.stderr.split("refusing to start:")[1].split(".")[0]


def test_development_mode_passes_the_check_and_goes_on_to_migrate(tmp_path):
    result = _run("compliance", "serve", tmp_path, QMS_ENV="development")
    assert result.returncode != 0  # the database is unreachable on purpose
    assert "refusing to start" not in result.stderr


def test_good_secrets_pass_the_check(tmp_path):
    result = _run("notifications", "worker", tmp_path, JWT_SECRET=GOOD, WEBHOOK_SECRET=GOOD[::-1])
    assert result.returncode != 0  # the database is unreachable on purpose
    assert "refusing to start" not in result.stderr
