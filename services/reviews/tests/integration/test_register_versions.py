"""Samples and customer property carry a version like contracts: a strong ETag out, If-Match in (412 when
stale or weak), and each can be read on its own (the Location a creation answers with)."""
from __future__ import annotations

import pytest

from reviews_api import outbox_types, problem

SAMPLE = {"customer": {"id": "C-1", "name": "Acme Ltd"}, "sample_name": "Carton 5-ply", "quantity": 3,
          "sent_on": "2026-11-02", "salesperson": "Zhang San"}
PROPERTY = {"customer": {"id": "C-1", "name": "Acme Ltd"}, "name": "Die-cut tool #7", "quantity": 1,
            "received_on": "2026-11-02", "received_by": "Wang Wu"}
REGISTERS = [("/api/v1/samples", SAMPLE, "result", {"result": "approved", "on": "2026-11-09"}, "sales"),
             ("/api/v1/customer-property", PROPERTY, "issue", {"issue": "damaged", "note": "edge chipped"},
              "production")]


@pytest.mark.parametrize("base, entry, action, change, role", REGISTERS)
def test_a_register_entry_has_a_strong_etag_and_a_change_checks_if_match(client, auth, ctx, base, entry, action,
                                                                         change, role):
    created = client.post(base, json=entry, headers=auth(role))
    assert created.status_code == 201 and created.headers["ETag"] == '"1"' and created.get_json()["version"] == 1
    read = client.get(created.headers["Location"], headers=auth("viewer"))
    assert read.status_code == 200 and read.headers["ETag"] == '"1"' and read.get_json() == created.get_json()
    url = f"{created.headers['Location']}/{action}"
    events = len(outbox_types(ctx))
    for stale in ('"2"', 'W/"1"', "1x"):
        problem(client.post(url, json=change, headers={**auth(role), "If-Match": stale}), 412)
    assert len(outbox_types(ctx)) == events
    changed = client.post(url, json=change, headers={**auth(role), "If-Match": '"1"'})
    assert changed.status_code == 200 and changed.headers["ETag"] == '"2"' and changed.get_json()["version"] == 2
    assert client.get(created.headers["Location"], headers=auth("viewer")).headers["ETag"] == '"2"'


@pytest.mark.parametrize("base", ["/api/v1/samples", "/api/v1/customer-property"])
def test_an_unknown_register_entry_is_404(client, auth, base):
    problem(client.get(f"{base}/00000000-0000-0000-0000-000000000000", headers=auth("viewer")), 404)


def test_the_openapi_document_names_etag_and_if_match_on_versioned_resources(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    writes = ["/api/v1/contracts/{contract_id}/reviews/{department}", "/api/v1/contracts/{contract_id}/decision",
              "/api/v1/contracts/{contract_id}/amendments", "/api/v1/contracts/{contract_id}/waiver",
              "/api/v1/contracts/{contract_id}/confirmation",
              "/api/v1/contracts/{contract_id}/checklist/{item_id}/acknowledgement",
              "/api/v1/samples/{sample_id}/result", "/api/v1/customer-property/{property_id}/issue"]
    for path in writes:
        operation = paths[path]["post"]
        assert any(p["name"] == "If-Match" for p in operation.get("parameters", [])), path
        assert "ETag" in operation["responses"]["200"].get("headers", {}), path
    for path in ("/api/v1/contracts/{contract_id}", "/api/v1/samples/{sample_id}",
                 "/api/v1/customer-property/{property_id}"):
        assert "ETag" in paths[path]["get"]["responses"]["200"].get("headers", {}), path
