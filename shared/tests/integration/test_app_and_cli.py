"""The app factory opens nothing before gunicorn forks; the command line tools work."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jwt

import notes_service
from qms_shared.web.app import create_service_app

BIN = Path(sys.executable).parent


def test_building_the_app_opens_no_database_or_broker_connection():
    ctx = notes_service.bootstrap({"database_url": "postgresql://nobody@127.0.0.1:1/none",
                                   "broker_url": "amqp://guest:guest@127.0.0.1:1//"})
    app = create_service_app(ctx, title="QMS notes API", blueprints=[])
    assert app is not None
    assert ctx.db._engine is None  # not even an engine: nothing can have connected
    assert app.test_client().get("/healthz").status_code == 200


def test_readyz_names_the_database_when_it_is_down():
    ctx = notes_service.bootstrap({"database_url": "postgresql://nobody@127.0.0.1:1/none",
                                   "broker_url": "amqp://guest:guest@127.0.0.1:1//"})
    response = create_service_app(ctx, title="t", blueprints=[]).test_client().get("/readyz")
    body = response.get_json()
    assert response.status_code == 503 and response.mimetype == "application/problem+json"
    assert body["checks"]["database"].startswith("down") and body["checks"]["broker"].startswith("down")


def test_readyz_and_metrics_say_when_working_days_are_counted_without_the_official_schedule(ctx, monkeypatch):
    from datetime import datetime, timezone
    from qms_shared.web import health
    monkeypatch.setattr(health, "utcnow", lambda: datetime(2026, 12, 7, tzinfo=timezone.utc))
    counting = notes_service.bootstrap({**_overrides(ctx), "counts_working_days": True})
    client = create_service_app(counting, title="t", blueprints=[]).test_client()
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.get_json()["status"] == "ready"  # still ready
    assert ready.get_json()["calendar"]["provisional_years"] == [2027]  # chinese_calendar 1.11 ends with 2026
    assert 'qms_calendar_provisional_year{year="2027"} 1.0' in client.get("/metrics").get_data(as_text=True)
    confirmed = notes_service.bootstrap({**_overrides(ctx), "counts_working_days": True,
                                         "calendar_confirmed_years": (2027,)})
    assert "calendar" not in create_service_app(confirmed, title="t", blueprints=[]).test_client().get(
        "/readyz").get_json()
    quiet = create_service_app(ctx, title="t", blueprints=[]).test_client()  # counts no working days
    assert "calendar" not in quiet.get("/readyz").get_json()


def _overrides(ctx) -> dict:
    return {"database_url": ctx.config.database_url, "broker_url": ctx.config.broker_url,
            "exchange": ctx.config.exchange, "queue_prefix": ctx.config.queue_prefix}


def test_qms_token_mints_a_token_other_systems_can_use():
    env = {**os.environ, "JWT_SECRET": "a-secret-of-at-least-thirty-two-bytes!!"}
    out = subprocess.run([str(BIN / "qms-token"), "--sub", "erp", "--roles", "system,viewer", "--ttl", "60"],
                         env=env, capture_output=True, text=True, check=True).stdout.strip()
    claims = jwt.decode(out, env["JWT_SECRET"], algorithms=["HS256"])
    assert claims["sub"] == "erp" and claims["roles"] == ["system", "viewer"] and claims["exp"] - claims["iat"] == 60


def test_qms_token_names_the_audience_and_issuer_when_they_are_set_and_keeps_to_the_maximum_lifetime():
    env = {**os.environ, "JWT_SECRET": "a-secret-of-at-least-thirty-two-bytes!!", "JWT_AUDIENCE": "qms",
           "JWT_ISSUER": "https://sso.example", "JWT_MAX_TTL": "600"}
    out = subprocess.run([str(BIN / "qms-token"), "--sub", "erp", "--roles", "system", "--ttl", "600"],
                         env=env, capture_output=True, text=True, check=True).stdout.strip()
    claims = jwt.decode(out, env["JWT_SECRET"], algorithms=["HS256"], audience="qms", issuer="https://sso.example")
    assert claims["aud"] == "qms" and claims["iss"] == "https://sso.example" and "iat" in claims
    too_long = subprocess.run([str(BIN / "qms-token"), "--sub", "erp", "--roles", "system", "--ttl", "601"],
                              env=env, capture_output=True, text=True)
    assert too_long.returncode == 2 and "JWT_MAX_TTL" in too_long.stderr


def test_qms_token_refuses_unknown_roles():
    result = subprocess.run([str(BIN / "qms-token"), "--sub", "x", "--roles", "wizard"],
                            capture_output=True, text=True)
    assert result.returncode == 2 and "unknown roles: wizard" in result.stderr


def test_outbox_command_reports_the_backlog(ctx):
    with ctx.uow_factory() as uow:
        uow.publish("test.note.waiting", "s", {})
        uow.commit()
    env = {**os.environ, "DATABASE_URL": ctx.config.database_url}
    out = subprocess.run([str(BIN / "qms-complaints"), "outbox"], env=env, capture_output=True, text=True, check=True)
    # the notes tables live in this database; the complaints CLI reads the same outbox table layout
    assert json.loads(out.stdout) == {"service": "complaints", "pending": 1, "unroutable": 0}
