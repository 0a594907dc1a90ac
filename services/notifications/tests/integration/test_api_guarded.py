"""Over HTTP: who may send directly, which destinations are refused on save, what a webhook of a
direct send carries, which roles read texts and addresses, and templates past their limits."""
from __future__ import annotations

import json
import time

import pytest

from notifications.domain.signature import verify

SECRET = "erp-own-secret-of-sufficient-length"


@pytest.fixture
def overrides(overrides, smtp_server, receiver):
    _, server = smtp_server
    return {**overrides, "smtp_url": server.url, "retry_max_attempts": 1}


@pytest.fixture
def admin(auth):
    return auth("admin")


def dispatch(app):
    return app.extensions["qms"].extras["dispatcher"].drain()


EMAIL = {"channel": "email", "to": {"email": "buyer@customer.example"}, "subject": "Your claim", "body": "Accepted."}


@pytest.mark.parametrize("role", ["sales", "quality", "management_rep", "finance", "viewer"])
def test_only_admin_and_system_send_directly(client, auth, role):
    refused = client.post("/api/v1/notifications", json=EMAIL, headers=auth(role))
    assert refused.status_code == 403 and refused.content_type == "application/problem+json"
    assert refused.get_json()["status"] == 403
    assert client.post("/api/v1/notifications", json=EMAIL, headers=auth("system")).status_code == 202
    assert client.post("/api/v1/notifications", json=EMAIL, headers=auth("admin")).status_code == 202


@pytest.mark.parametrize("url", ["http://10.0.0.1/hook", "http://169.254.169.254/latest/meta-data",
                                 "http://[::1]:8080/", "http://[::ffff:127.0.0.2]/", "http://127.0.0.2/",
                                 "https://0.0.0.0/", "http://224.0.0.1/"])
def test_internal_destinations_are_422_on_save_naming_the_field(client, admin, url):
    direct = client.post("/api/v1/notifications", json={"channel": "webhook", "to": {"url": url}, "body": "{}"},
                         headers=admin)
    assert direct.status_code == 422 and "to.url" in direct.get_json()["errors"], direct.get_json()
    person = client.post("/api/v1/recipients", json={"name": "ERP", "webhook_url": url}, headers=admin)
    assert person.status_code == 422 and "webhook_url" in person.get_json()["errors"]
    ok = client.post("/api/v1/recipients", json={"name": "ERP", "email": "erp@factory.example"}, headers=admin)
    changed = client.patch(f"/api/v1/recipients/{ok.get_json()['id']}", json={"webhook_url": url}, headers=admin)
    assert changed.status_code == 422 and "webhook_url" in changed.get_json()["errors"]
    assert client.get("/api/v1/deliveries", headers=admin).get_json()["total"] == 0


class TestWithoutTheAllowList:
    @pytest.fixture
    def overrides(self, overrides):
        return {**overrides, "outbound_allowed_networks": ""}

    def test_loopback_is_refused(self, client, admin, receiver):
        response = client.post("/api/v1/recipients", json={"name": "ERP", "webhook_url": receiver.url()},
                               headers=admin)
        assert response.status_code == 422
        assert "127.0.0.1 is a loopback address" in response.get_json()["errors"]["webhook_url"][0]


def test_a_direct_body_reaches_a_recipient_inside_an_envelope_naming_the_delivery(client, app, admin, receiver):
    erp = client.post("/api/v1/recipients", json={"name": "ERP", "webhook_url": receiver.url("/erp"),
                                                  "webhook_secret": SECRET}, headers=admin).get_json()
    sent = client.post("/api/v1/notifications", json={"channel": "webhook", "recipient_ids": [erp["id"]],
                                                      "body": '{"type": "reviews.contract.accepted"}'},
                       headers=admin).get_json()
    (delivery,) = sent["deliveries"]
    before = time.time()
    assert dispatch(app) == 1
    ((path, headers, raw),) = receiver.requests
    envelope = json.loads(raw)
    assert envelope["type"] == "direct" and envelope["delivery_id"] == delivery["id"]
    assert envelope["body"] == {"type": "reviews.contract.accepted"}
    assert abs(int(headers["X-QMS-Timestamp"]) - before) < 5 and envelope["sent_at"].endswith("+00:00")
    assert verify(SECRET, headers["X-QMS-Timestamp"], headers["X-QMS-Signature"], raw, now=time.time())
    bare = b'{"type": "reviews.contract.accepted"}'
    assert not verify(SECRET, headers["X-QMS-Timestamp"], headers["X-QMS-Signature"], bare, now=time.time())


def test_a_receiver_error_is_kept_as_status_and_reason_only(client, app, admin, receiver):
    receiver.statuses = [500]
    sent = client.post("/api/v1/notifications", json={"channel": "webhook", "to": {"url": receiver.url()},
                                                      "body": "{}"}, headers=admin).get_json()
    dispatch(app)
    got = client.get(f"/api/v1/deliveries/{sent['deliveries'][0]['id']}", headers=admin).get_json()
    assert got["status"] == "dead"
    assert got["last_error"] == got["attempts"][0]["error"] == "webhook receiver answered 500 Internal Server Error"


def test_viewers_and_other_roles_see_no_texts_addresses_or_errors(client, app, admin, auth, smtp_server):
    _, server = smtp_server
    client.post("/api/v1/recipients", json={"name": "Li Wei", "email": "li.wei@factory.example",
                                            "mobile": "+8613800138000", "webhook_url": "http://127.0.0.1:9/h"},
                headers=admin)
    client.post("/api/v1/notifications", json=EMAIL, headers=admin)
    server.stop()
    dispatch(app)  # dead, with an error
    hidden = ("address", "subject", "body", "last_error")
    for role in ("viewer", "sales", "system"):
        (item,) = client.get("/api/v1/deliveries", headers=auth(role)).get_json()["items"]
        assert all(item[name] is None for name in hidden) and item["attempts"][0]["error"] is None
        assert item["status"] == "dead" and item["channel"] == "email"
        one = client.get(f"/api/v1/deliveries/{item['id']}", headers=auth(role)).get_json()
        assert all(one[name] is None for name in hidden)
        (person,) = client.get("/api/v1/recipients", headers=auth(role)).get_json()["items"]
        assert [person[k] for k in ("name", "email", "mobile", "webhook_url")] == ["Li Wei", None, None, None]
        assert client.get("/api/v1/recipients?q=li.wei@", headers=auth(role)).get_json()["total"] == 0
    for role in ("quality", "management_rep", "admin"):
        (item,) = client.get("/api/v1/deliveries", headers=auth(role)).get_json()["items"]
        assert item["address"] == "buyer@customer.example" and item["body"] == "Accepted."
        assert "unreachable" in item["last_error"]
        (person,) = client.get("/api/v1/recipients?q=li.wei@", headers=auth(role)).get_json()["items"]
        assert person["email"] == "li.wei@factory.example"
    assert client.get("/api/v1/recipients?q=%25", headers=admin).get_json()["total"] == 0  # % is itself


def test_a_template_past_its_limits_with_sample_data_is_422(client, admin):
    nested = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    response = client.post("/api/v1/templates", json={"event_type": "complaints.#", "channel": "sms",
                                                      "locale": "en", "body": nested}, headers=admin)
    assert response.status_code == 422
    assert response.get_json()["errors"]["body"] == ["template exceeded 100000 loop iterations and calls"]
    huge = client.post("/api/v1/templates", json={"event_type": "complaints.#", "channel": "sms", "locale": "en",
                                                  "body": "{{ 'x' * 1.5e9 }}"}, headers=admin)
    assert "template exceeded the output limit" in huge.get_json()["errors"]["body"][0]
