"""On PostgreSQL: idempotent retries compare canonical JSON; old keys and inbox rows are deleted;
escaped LIKE patterns match literally; metric labels of event types come from a closed set."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import String, column, insert, select, values

import http_app
from qms_shared import metrics, testing
from qms_shared.envelope import utcnow
from qms_shared.web.bounds import contains_pattern
from qms_shared.worker import Worker, delete_expired


def _client(ctx):
    app = http_app.create_app({"database_url": ctx.config.database_url, "jwt_secret": ctx.config.jwt_secret})
    return app.test_client(), testing.bearer(ctx.config, ["quality"])


def test_the_same_json_with_its_keys_in_another_order_is_replayed_not_refused(ctx):
    client, auth = _client(ctx)
    headers = {**auth, "Idempotency-Key": "k-order", "Content-Type": "application/json"}
    first = client.post("/api/v1/things", data='{"name": "a", "tags": [{"label": "x"}]}', headers=headers)
    assert first.status_code == 201
    again = client.post("/api/v1/things", data='{ "tags" : [ {"label":"x"} ],\n "name":"a" }', headers=headers)
    assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json() == first.get_json()
    other = client.post("/api/v1/things", data='{"name": "b"}', headers=headers)
    assert other.status_code == 422 and "different request body" in other.get_json()["detail"]


def _age(ctx, days: int):
    return utcnow() - timedelta(days=days)


def test_idempotency_keys_and_inbox_rows_older_than_the_retention_are_deleted(ctx):
    keys, inbox = ctx.tables.idempotency, ctx.tables.inbox
    with ctx.db.engine.begin() as conn:
        for key, days in (("old", 31), ("recent", 29)):
            conn.execute(insert(keys).values(key=key, principal="p", endpoint="POST /x", request_hash="h",
                                             status_code=201, response_body="{}", created_at=_age(ctx, days)))
        for event_id, days in (("e-old", 40), ("e-recent", 1)):
            conn.execute(insert(inbox).values(event_id=event_id, event_type="test.note.made",
                                              processed_at=_age(ctx, days)))
    assert delete_expired(ctx) == {"idempotency_keys": 1, "inbox": 1}
    with ctx.db.engine.connect() as conn:
        assert conn.execute(select(keys.c.key)).scalars().all() == ["recent"]
        assert conn.execute(select(inbox.c.event_id)).scalars().all() == ["e-recent"]
    shorter = ctx.config.with_overrides({"retention_days": 0})
    ctx.config = shorter
    assert delete_expired(ctx) == {"idempotency_keys": 1, "inbox": 1}


def test_the_worker_runs_the_retention_job_among_its_periodic_jobs(ctx):
    worker = Worker(ctx, relay=False, consume=False)
    assert {"outbox-cleanup", "retention"} <= {job.name for job in worker.jobs}


def test_an_escaped_pattern_matches_percent_underscore_and_backslash_literally(ctx):
    rows = ["50% off", "500 off", "a_b", "axb", "back\\slash", "backslash"]
    words = values(column("w", String), name="words").data([(r,) for r in rows])
    with ctx.db.engine.connect() as conn:
        for needle, expected in (("50%", ["50% off"]), ("a_b", ["a_b"]), ("k\\s", ["back\\slash"]),
                                 ("%", ["50% off"]), ("_", ["a_b"])):
            query = select(words.c.w).where(words.c.w.ilike(contains_pattern(needle), escape="\\"))
            assert conn.execute(query).scalars().all() == expected, needle


def test_event_type_labels_come_from_the_catalogue_and_handlers_or_are_other():
    metrics.set_event_types(["complaints.complaint.received"], ["test.note.*", "reviews.contract.accepted"])
    assert metrics.event_type_label("complaints.complaint.received") == "complaints.complaint.received"
    assert metrics.event_type_label("reviews.contract.accepted") == "reviews.contract.accepted"
    assert metrics.event_type_label("test.note.made") == "test.note.made"  # matched by a handler pattern
    assert metrics.event_type_label("evil.random.x1") == "other"
    assert metrics.event_type_label("x" * 10_000) == "other"
    for n in range(metrics.MAX_MATCHED_TYPES + 50):
        metrics.event_type_label(f"test.note.t{n}")
    assert metrics.event_type_label("test.note.one_too_many") == "other"  # the set stays bounded
    metrics.EVENTS_CONSUMED.labels("notes", "evil.random.x2", "applied").inc()
    text = metrics.render("notes", lambda: 0).decode()
    assert "evil.random" not in text and 'type="other"' in text
    metrics.set_event_types([], [])
