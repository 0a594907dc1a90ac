"""Direct notifications and deliveries over HTTP, sent to a real SMTP server and HTTP gateway."""
from __future__ import annotations

import json
import uuid

import pytest


@pytest.fixture
def overrides(overrides, smtp_server, receiver):
    _, server = smtp_server
    return {**overrides, "smtp_url": server.url, "sms_gateway_url": receiver.url("/sms"),
            "retry_max_attempts": 1}


@pytest.fixture
def admin(auth):
    return auth("admin")


def dispatch(app):
    return app.extensions["qms"].extras["dispatcher"].drain()


EMAIL = {"channel": "email", "to": {"email": "buyer@customer.example"}, "subject": "Your claim",
         "body": "We accepted your claim."}


def test_send_to_an_address_then_read_it_back(client, app, auth, smtp_server):
    inbox, _ = smtp_server
    response = client.post("/api/v1/notifications", json=EMAIL, headers=auth("system"))
    assert response.status_code == 202
    body = response.get_json()
    (queued,) = body["deliveries"]
    # system is no maintainer of notifications: it sees no addresses or texts, not even in its own answer
    assert (queued["status"], queued["address"], queued["event_type"]) == ("pending", None, "direct")
    assert dispatch(app) == 1
    (mail,) = inbox.messages
    assert (mail["To"], mail["Subject"]) == ("buyer@customer.example", "Your claim")
    got = client.get(f"/api/v1/deliveries/{queued['id']}", headers=auth("viewer")).get_json()
    assert got["status"] == "sent" and got["attempt_count"] == 1 and got["attempts"][0]["succeeded"]
    metrics = client.get("/metrics").get_data(as_text=True)
    assert 'qms_notification_attempts_total{channel="email",outcome="sent"}' in metrics
    assert 'qms_notification_deliveries_queued_total{channel="email"}' in metrics


def test_idempotency_key_sends_once(client, app, auth, smtp_server):
    inbox, _ = smtp_server
    headers = {**auth("system"), "Idempotency-Key": "erp-claim-77"}
    first = client.post("/api/v1/notifications", json=EMAIL, headers=headers)
    again = client.post("/api/v1/notifications", json=EMAIL, headers=headers)
    assert again.status_code == 202 and again.headers.get("Idempotent-Replayed") == "true"
    assert again.get_json()["id"] == first.get_json()["id"]
    dispatch(app)
    assert len(inbox.messages) == 1
    other_body = client.post("/api/v1/notifications", json={**EMAIL, "body": "changed"}, headers=headers)
    assert other_body.status_code == 422


def test_to_recipients_honours_opt_out(client, app, admin, receiver):
    ids = []
    for name, opt_out in (("Wang", []), ("Zhao", ["sms"])):
        ids.append(client.post("/api/v1/recipients", json={"name": name, "mobile": "+8613800138000",
                                                           "opt_out": opt_out}, headers=admin).get_json()["id"])
    response = client.post("/api/v1/notifications", json={"channel": "sms", "recipient_ids": ids, "body": "停线通知"},
                           headers=admin)
    body = response.get_json()
    assert [d["recipient_id"] for d in body["deliveries"]] == [ids[0]]
    assert [s["recipient_id"] for s in body["skipped"]] == [ids[1]]
    dispatch(app)
    ((path, _, raw),) = receiver.requests
    assert path == "/sms" and json.loads(raw)["text"] == "停线通知"


@pytest.mark.parametrize("body, field", [
    ({"channel": "email", "to": {"email": "not-an-email"}, "subject": "s", "body": "b"}, "to.email"),
    ({"channel": "email", "to": {"email": "a@b.example"}, "body": "b"}, "subject"),
    ({"channel": "sms", "to": {"mobile": "13800138000"}, "body": "b"}, "to.mobile"),
    ({"channel": "sms", "body": "b"}, "recipient_ids"),
    ({"channel": "sms", "body": "b", "recipient_ids": [str(uuid.uuid4())]}, "recipient_ids"),
    ({"channel": "fax", "to": {"email": "a@b.example"}, "body": "b"}, "channel"),
    ({"channel": "webhook", "to": {"url": "http://127.0.0.1:1/h"}, "body": "not json"}, "body"),
    ({"channel": "email", "to": {"email": "a@b.example", "fax": "1"}, "subject": "s", "body": "b"}, "to.fax"),
])
def test_bad_requests_are_422_and_queue_nothing(client, admin, body, field):
    response = client.post("/api/v1/notifications", json=body, headers=admin)
    assert response.status_code == 422 and field in response.get_json()["errors"], response.get_json()
    assert client.get("/api/v1/deliveries", headers=admin).get_json()["total"] == 0


def test_viewers_cannot_send(client, auth):
    assert client.post("/api/v1/notifications", json=EMAIL, headers=auth("viewer")).status_code == 403


def test_list_filters_and_resend(client, app, admin, smtp_server):
    inbox, server = smtp_server
    ok = client.post("/api/v1/notifications", json=EMAIL, headers=admin).get_json()["deliveries"][0]
    dispatch(app)
    server.stop()
    down = client.post("/api/v1/notifications", json={**EMAIL, "to": {"email": "second@customer.example"}},
                       headers=admin).get_json()["deliveries"][0]
    dispatch(app)                                   # one attempt allowed: dead at once
    dead = client.get("/api/v1/deliveries?status=dead", headers=admin).get_json()
    assert [d["id"] for d in dead["items"]] == [down["id"]] and dead["total"] == 1
    assert "unreachable" in dead["items"][0]["last_error"]
    by_event = client.get(f"/api/v1/deliveries?event_id={ok['event_id']}&channel=email", headers=admin).get_json()
    assert [d["id"] for d in by_event["items"]] == [ok["id"]]
    assert client.post(f"/api/v1/deliveries/{ok['id']}/resend", headers=admin).status_code == 409
    server.start()
    resent = client.post(f"/api/v1/deliveries/{down['id']}/resend", headers=admin)
    assert resent.status_code == 202 and resent.get_json()["status"] == "pending"
    dispatch(app)
    assert client.get(f"/api/v1/deliveries/{down['id']}", headers=admin).get_json()["status"] == "sent"
    assert [m["To"] for m in inbox.messages] == ["buyer@customer.example", "second@customer.example"]


@pytest.mark.parametrize("query", ["status=lost", "channel=fax", "event_id=nope", "per_page=500", "page=0"])
def test_bad_filters_are_422(client, admin, query):
    assert client.get(f"/api/v1/deliveries?{query}", headers=admin).status_code == 422


def test_resend_of_an_unknown_delivery_is_404(client, admin):
    assert client.post(f"/api/v1/deliveries/{uuid.uuid4()}/resend", headers=admin).status_code == 404
