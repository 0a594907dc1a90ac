"""Optimistic concurrency over HTTP: every versioned resource sends `ETag: "<lock_version>"`; If-Match is strong."""
from __future__ import annotations

import pytest

from compliance_api import EU_ROHS, clear_reference_data, product_body

CSR = {"customer": {"id": "C-1", "name": "Acme"}, "category": "appearance", "text": "Label every reel",
       "source_document": "Acme spec"}
RECORD = {"party_name": "City office", "party_type": "authority", "kind": "requirement",
          "description": "Report solvent use yearly", "received_on": "2026-01-05"}


@pytest.fixture(autouse=True)
def empty_register(ctx):
    clear_reference_data(ctx)


def _post(client, auth, path, body):
    response = client.post(f"/api/v1/{path}", json=body, headers=auth("quality"))
    assert response.status_code == 201, response.get_data(as_text=True)
    return response


@pytest.mark.parametrize("path, body", [("regulations", EU_ROHS), ("products", product_body()),
                                        ("customer-requirements", CSR), ("interested-party-records", RECORD)])
def test_a_created_and_a_read_resource_carry_their_version_as_etag(client, auth, path, body):
    created = _post(client, auth, path, body)
    assert created.headers["ETag"] == f'"{created.get_json()["lock_version"]}"'
    read = client.get(f"/api/v1/{path}/{created.get_json()['id']}", headers=auth())
    assert read.headers["ETag"] == f'"{read.get_json()["lock_version"]}"'


def test_a_change_answers_the_new_etag_and_the_etag_read_is_accepted(client, auth):
    regulation = _post(client, auth, "regulations", EU_ROHS)
    changed = client.patch(f"/api/v1/regulations/{regulation.get_json()['id']}", json={"title": "Renamed"},
                           headers={**auth(), "If-Match": regulation.headers["ETag"]})
    assert changed.status_code == 200, changed.get_data(as_text=True)
    assert changed.headers["ETag"] == '"2"' and changed.get_json()["lock_version"] == 2


@pytest.mark.parametrize("header", ['W/"1"', "one", '"1', "1, 2"])
def test_a_weak_or_unreadable_if_match_is_412_and_changes_nothing(client, auth, header):
    product = _post(client, auth, "products", product_body()).get_json()
    response = client.patch(f"/api/v1/products/{product['id']}", json={"name": "Renamed"},
                            headers={**auth(), "If-Match": header})
    assert response.status_code == 412 and response.mimetype == "application/problem+json"
    assert client.get(f"/api/v1/products/{product['id']}", headers=auth()).get_json()["name"] == "Relay"


def test_nonconformance_steps_answer_their_etag(client, auth):
    product = _post(client, auth, "products", product_body()).get_json()
    nc = _post(client, auth, "nonconformances", {"product_id": product["id"], "description": "Wrong label",
                                                 "owner_department": "quality"})
    assert nc.headers["ETag"] == '"1"'
    planned = client.post(f"/api/v1/nonconformances/{nc.get_json()['id']}/action-plan",
                          json={"corrective_action": "Relabel"}, headers=auth())
    assert planned.status_code == 200 and planned.headers["ETag"] == f'"{planned.get_json()["lock_version"]}"'
