"""Recipients, rules, templates and the default set over HTTP: validation, roles, versions."""
from __future__ import annotations

import uuid

import pytest

WEI = {"name": "Li Wei", "email": "li.wei@factory.example", "mobile": "+8613800138000",
       "department": "quality", "department_head": True, "roles": ["quality"], "locale": "zh-CN",
       "opt_out": ["sms"]}


@pytest.fixture
def admin(auth):
    return auth("admin")


def create(client, path, body, headers):
    response = client.post(f"/api/v1/{path}", json=body, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response


class TestRecipients:
    def test_register_read_and_list(self, client, admin, auth):
        created = create(client, "recipients", {**WEI, "webhook_secret": "a-very-long-secret-value"}, admin)
        body = created.get_json()
        assert created.headers["ETag"] == '"1"'
        assert created.headers["Location"] == f"/api/v1/recipients/{body['id']}"
        assert {k: body[k] for k in WEI} == WEI
        assert body["has_webhook_secret"] is True and "webhook_secret" not in body
        got = client.get(f"/api/v1/recipients/{body['id']}", headers=auth("viewer"))
        assert got.status_code == 200 and got.get_json()["name"] == "Li Wei"
        create(client, "recipients", {"name": "Jane", "email": "jane@factory.example", "department": "sales",
                                      "roles": ["sales"]}, admin)
        listed = client.get("/api/v1/recipients?department=quality", headers=admin).get_json()
        assert [r["name"] for r in listed["items"]] == ["Li Wei"] and listed["total"] == 1
        by_role = client.get("/api/v1/recipients?role=sales&per_page=1", headers=admin).get_json()
        assert [r["name"] for r in by_role["items"]] == ["Jane"] and by_role["total"] == 1

    @pytest.mark.parametrize("change, field", [
        ({"email": "li.wei"}, "email"),
        ({"mobile": "13800138000"}, "mobile"),
        ({"locale": "fr"}, "locale"),
        ({"roles": ["boss"]}, "roles.0"),
        ({"opt_out": ["fax"]}, "opt_out.0"),
        ({"colour": "red"}, "colour"),
        ({"department_head": "yes please"}, "department_head"),
    ])
    def test_bad_fields_are_refused_with_422(self, client, admin, change, field):
        response = client.post("/api/v1/recipients", json={**WEI, **change}, headers=admin)
        assert response.status_code == 422
        assert response.content_type == "application/problem+json"
        assert field in response.get_json()["errors"]
        assert client.get("/api/v1/recipients", headers=admin).get_json()["total"] == 0

    def test_malformed_json_is_a_4xx(self, client, admin):
        response = client.post("/api/v1/recipients", data="{not json", headers={**admin, "Content-Type": "application/json"})
        assert response.status_code in (400, 422)

    def test_roles_and_tokens(self, client, auth):
        assert client.post("/api/v1/recipients", json=WEI).status_code == 401
        assert client.post("/api/v1/recipients", json=WEI, headers=auth("sales")).status_code == 403
        assert client.post("/api/v1/recipients", json=WEI, headers=auth("quality")).status_code == 201

    def test_patch_with_if_match(self, client, admin):
        rid = create(client, "recipients", WEI, admin).get_json()["id"]
        stale = client.patch(f"/api/v1/recipients/{rid}", json={"locale": "en"}, headers={**admin, "If-Match": '"7"'})
        assert stale.status_code == 412
        done = client.patch(f"/api/v1/recipients/{rid}", json={"locale": "en", "opt_out": []},
                            headers={**admin, "If-Match": '"1"'})
        assert done.status_code == 200 and done.headers["ETag"] == '"2"'
        assert (done.get_json()["locale"], done.get_json()["opt_out"]) == ("en", [])
        refused = client.patch(f"/api/v1/recipients/{rid}", json={"mobile": "12345"}, headers=admin)
        assert refused.status_code == 422
        assert client.get(f"/api/v1/recipients/{rid}", headers=admin).get_json()["mobile"] == "+8613800138000"

    def test_unknown_id_is_404(self, client, admin):
        assert client.get(f"/api/v1/recipients/{uuid.uuid4()}", headers=admin).status_code == 404
        assert client.patch(f"/api/v1/recipients/{uuid.uuid4()}", json={"name": "x"}, headers=admin).status_code == 404

    def test_idempotency_key_returns_the_first_response(self, client, admin):
        headers = {**admin, "Idempotency-Key": "recipient-li-wei"}
        first = client.post("/api/v1/recipients", json=WEI, headers=headers)
        again = client.post("/api/v1/recipients", json=WEI, headers=headers)
        assert again.status_code == 201 and again.get_json()["id"] == first.get_json()["id"]
        assert client.get("/api/v1/recipients", headers=admin).get_json()["total"] == 1


RULE = {"name": "quality-on-received", "event_type": "complaints.*.received",
        "audience": {"roles": ["quality"], "heads_of": ["owner_department"]}, "channels": ["email", "sms"]}


class TestRules:
    def test_create_read_disable(self, client, admin):
        body = create(client, "rules", RULE, admin).get_json()
        assert body["audience"]["heads_of"] == ["owner_department"] and body["enabled"] is True
        changed = client.patch(f"/api/v1/rules/{body['id']}", json={"enabled": False}, headers=admin)
        assert changed.status_code == 200 and changed.get_json()["enabled"] is False
        listed = client.get("/api/v1/rules?enabled=false", headers=admin).get_json()
        assert [r["name"] for r in listed["items"]] == ["quality-on-received"]

    @pytest.mark.parametrize("change, field", [
        ({"event_type": "complaints..received"}, "event_type"),
        ({"channels": ["fax"]}, "channels.0"),
        ({"channels": []}, "channels"),
        ({"audience": {}}, "audience"),
        ({"audience": {"roles": ["boss"]}}, "audience.roles.0"),
        ({"audience": {"recipient_ids": ["not-a-uuid"]}}, "audience.recipient_ids.0"),
    ])
    def test_bad_rules_are_refused(self, client, admin, change, field):
        response = client.post("/api/v1/rules", json={**RULE, **change}, headers=admin)
        assert response.status_code == 422 and field in response.get_json()["errors"]

    def test_duplicate_name_is_a_conflict(self, client, admin):
        create(client, "rules", RULE, admin)
        assert client.post("/api/v1/rules", json=RULE, headers=admin).status_code == 409


TEMPLATE = {"event_type": "complaints.complaint.received", "channel": "email", "locale": "en",
            "subject": "Complaint {{ number }}", "body": "From {{ customer.name }}",
            "html_body": "<b>{{ customer.name }}</b>"}


class TestTemplates:
    def test_create_and_change(self, client, admin):
        body = create(client, "templates", TEMPLATE, admin).get_json()
        changed = client.patch(f"/api/v1/templates/{body['id']}", json={"subject": "Case {{ number }}"},
                               headers=admin)
        assert changed.status_code == 200 and changed.get_json()["subject"] == "Case {{ number }}"

    @pytest.mark.parametrize("change, field, reason", [
        ({"body": "From {{ customer.name "}, "body", "TemplateSyntaxError"),
        ({"subject": "{{ ''.__class__.__mro__ }}"}, "subject", "SecurityError"),
        ({"html_body": "{% for x in %}"}, "html_body", "TemplateSyntaxError"),
    ])
    def test_a_template_that_does_not_render_is_refused_with_the_reason(self, client, admin, change, field, reason):
        response = client.post("/api/v1/templates", json={**TEMPLATE, **change}, headers=admin)
        assert response.status_code == 422
        assert reason in response.get_json()["errors"][field][0]
        assert client.get("/api/v1/templates", headers=admin).get_json()["total"] == 0

    def test_breaking_an_existing_template_changes_nothing(self, client, admin):
        tid = create(client, "templates", TEMPLATE, admin).get_json()["id"]
        assert client.patch(f"/api/v1/templates/{tid}", json={"body": "{{ oops"}, headers=admin).status_code == 422
        assert client.get(f"/api/v1/templates/{tid}", headers=admin).get_json()["body"] == "From {{ customer.name }}"

    def test_one_template_per_key(self, client, admin):
        create(client, "templates", TEMPLATE, admin)
        assert client.post("/api/v1/templates", json=TEMPLATE, headers=admin).status_code == 409

    def test_the_key_cannot_be_changed(self, client, admin):
        tid = create(client, "templates", TEMPLATE, admin).get_json()["id"]
        assert client.patch(f"/api/v1/templates/{tid}", json={"locale": "zh-CN"}, headers=admin).status_code == 422


def test_default_set_loads_once_and_for_admins_only(client, admin, auth):
    assert client.post("/api/v1/admin/defaults", json={}, headers=auth("quality")).status_code == 403
    first = client.post("/api/v1/admin/defaults", json={}, headers=admin).get_json()
    assert first["rules"] >= 15 and first["templates"] >= 60
    assert client.post("/api/v1/admin/defaults", json={}, headers=admin).get_json() == {"rules": 0, "templates": 0}
    replaced = client.post("/api/v1/admin/defaults", json={"replace": True}, headers=admin).get_json()
    assert replaced == first
    rules = client.get("/api/v1/rules?per_page=200", headers=admin).get_json()
    assert "complaint-overdue" in {r["name"] for r in rules["items"]}
