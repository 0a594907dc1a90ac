"""The worker as a real process: SIGKILL loses nothing, SIGTERM finishes the event in hand and exits."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import kombu

import notes_service
from qms_shared import testing
from qms_shared.envelope import dumps, new_envelope

SCRIPT = Path(__file__).parent.parent / "notes_service.py"


def _start(ctx) -> subprocess.Popen:
    c = ctx.config
    env = {**os.environ, "DATABASE_URL": c.database_url, "BROKER_URL": c.broker_url,
           "QMS_EXCHANGE": c.exchange, "QMS_QUEUE_PREFIX": c.queue_prefix, "LOG_LEVEL": "WARNING",
           "QMS_BROKER_USERS": testing.broker_users_env(c)}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    return subprocess.Popen([sys.executable, str(SCRIPT)], env=env)


def _queue_depth(ctx) -> int:
    with kombu.Connection(ctx.config.broker_url) as conn:
        channel = conn.channel()
        return channel.queue_declare(ctx.config.queue, passive=True).message_count


def _publish_notes(ctx, count, **data):
    envs = [new_envelope(source="test", type="test.note.written", subject=str(n), data={"text": str(n), **data})
            for n in range(count)]
    for env in envs:
        testing.publish_raw(ctx.config, env["type"], dumps(env), message_id=env["id"])
    return envs


def test_killed_worker_loses_nothing_and_applies_nothing_twice(ctx):
    worker = _start(ctx)
    try:
        testing.wait_until(lambda: _declared(ctx), timeout=20)
        envs = _publish_notes(ctx, 30, action="sleep", seconds=0.05)
        testing.wait_until(lambda: notes_service.count_notes(ctx.db) >= 3, timeout=20)
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
        assert notes_service.count_notes(ctx.db) < 30  # it really died mid-way
        worker = _start(ctx)
        testing.wait_until(lambda: notes_service.count_notes(ctx.db) >= 30, timeout=30)
        time.sleep(0.5)
        assert [notes_service.count_notes(ctx.db, e["id"]) for e in envs] == [1] * 30
    finally:
        worker.kill()
        worker.wait(10)


def test_killed_worker_publishes_its_whole_outbox_after_restart(ctx):
    probe = testing.ProbeQueue(ctx.config, pattern="test.echo.#")
    with ctx.uow_factory() as uow:
        for n in range(2000):
            uow.publish("test.echo.said", "s", {"n": n})
        uow.commit()
    worker = _start(ctx)
    try:
        testing.wait_until(lambda: probe.count() > 0, timeout=20)
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
        worker = _start(ctx)
        seen: set = set()
        deadline = time.monotonic() + 60
        while len(seen) < 2000 and time.monotonic() < deadline:
            seen |= {m["data"]["n"] for m in probe.messages(2000 - len(seen), timeout=2)}
        assert seen == set(range(2000))  # duplicates of the unconfirmed batch are allowed, gaps are not
    finally:
        worker.kill()
        worker.wait(10)
        probe.close()


def test_sigterm_finishes_the_event_in_hand_acks_it_and_exits_cleanly(ctx):
    worker = _start(ctx)
    try:
        testing.wait_until(lambda: _declared(ctx), timeout=20)
        [env] = _publish_notes(ctx, 1, action="sleep", seconds=2)
        testing.wait_until(lambda: _queue_depth(ctx) == 0, timeout=10)  # taken by the worker
        time.sleep(0.5)
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(20) == 0
        assert notes_service.count_notes(ctx.db, env["id"]) == 1
        assert _queue_depth(ctx) == 0  # acked, so nothing comes back
    finally:
        worker.kill()
        worker.wait(10)


def _declared(ctx) -> bool:
    """True once the worker consumes: its queue is then declared and bound."""
    try:
        with kombu.Connection(ctx.config.broker_url) as conn:
            return conn.channel().queue_declare(ctx.config.queue, passive=True).consumer_count > 0
    except Exception:
        return False
