"""The first event to cross services: a complaint created over HTTP reaches notifications once."""
from __future__ import annotations

import requests

from qms_shared import testing
from qms_shared.envelope import dumps

BODY = {"customer": {"id": "C-9", "name": "Globex"}, "category": "delivery", "description": "late by a week"}


def _received(suite, event_id=None):
    params = {"type": "complaints.complaint.received"}
    if event_id:
        params["event_id"] = event_id
    response = requests.get(suite.url("notifications", "/api/v1/received-events"), params=params,
                            headers=suite.headers("admin"), timeout=5)
    assert response.status_code == 200
    return response.json()


def _metric(suite, service, name, **labels) -> float:
    from prometheus_client.parser import text_string_to_metric_families
    text = requests.get(suite.url(service, "/metrics"), timeout=5).text
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                return sample.value
    return 0.0


def test_complaint_created_over_http_is_recorded_by_notifications_exactly_once(start_suite):
    suite = start_suite(["complaints", "notifications"])
    created = requests.post(suite.url("complaints", "/api/v1/complaints"), json=BODY,
                            headers={**suite.headers("sales"), "X-Correlation-ID": "e2e-corr-1"}, timeout=5)
    assert created.status_code == 201, created.text
    complaint = created.json()

    body = testing.wait_until(lambda: _received(suite)["total"] >= 1 and _received(suite), timeout=20)
    assert body["total"] == 1
    event = body["items"][0]
    assert event["subject"] == complaint["id"] and event["source"] == "complaints"
    assert event["correlation_id"] == "e2e-corr-1"
    # the workers' counters show in each API's /metrics (multiprocess mode adds the processes up)
    assert _metric(suite, "complaints", "qms_events_published_total", type="complaints.complaint.received") == 1
    assert _metric(suite, "notifications", "qms_events_consumed_total", outcome="applied",
                   type="complaints.complaint.received") == 1

    # the broker delivers the same event again: still recorded once
    import json
    from sqlalchemy import create_engine, text
    engine = create_engine(suite.database_url("complaints"))
    with engine.connect() as conn:
        payload = conn.execute(text("SELECT payload FROM outbox WHERE event_type = 'complaints.complaint.received'")
                               ).scalar_one()  # the complaint's customer, new to the archive, is announced too
    engine.dispose()
    from qms_shared.config import Config
    config = Config(service="notifications").with_overrides(suite.broker)
    testing.publish_raw(config, "complaints.complaint.received", payload, json.loads(payload)["id"])
    marker = requests.post(suite.url("complaints", "/api/v1/complaints"), json=BODY,
                           headers=suite.headers("sales"), timeout=5)
    assert marker.status_code == 201
    testing.wait_until(lambda: _received(suite)["total"] == 2, timeout=20)
    assert _received(suite, event["event_id"])["total"] == 1


def test_events_created_while_the_worker_is_dead_arrive_after_restart(start_suite):
    suite = start_suite(["complaints", "notifications"])
    suite.procs["complaints-worker"].kill()
    suite.procs["complaints-worker"].wait(10)
    for _ in range(5):
        assert requests.post(suite.url("complaints", "/api/v1/complaints"), json=BODY,
                             headers=suite.headers("quality"), timeout=5).status_code == 201
    metrics = requests.get(suite.url("complaints", "/metrics"), timeout=5).text
    # five complaints, and the customer the first one adds to the archive (complaints.customer.created)
    assert 'qms_outbox_backlog{service="complaints"} 6.0' in metrics
    suite.restart_worker("complaints")
    testing.wait_until(lambda: _received(suite)["total"] == 5, timeout=30)
