"""Every event the service publishes is in its catalogue, and every catalogued event is published."""
from __future__ import annotations

import json
import threading

from sqlalchemy import text

from compliance_api import EU_ROHS, LEAD, NICKEL_GROUP, clear_reference_data, create, product_body
from qms_shared.catalogue import Catalogue
from qms_shared.consumer import EventConsumer
from qms_shared.envelope import new_envelope


def _walk_every_flow(ctx, client, auth) -> None:
    regulation = create(client, auth, "regulations", EU_ROHS)
    client.post(f"/api/v1/regulations/{regulation['id']}/review", json={}, headers=auth())
    group = create(client, auth, "substance-groups", NICKEL_GROUP)
    client.patch(f"/api/v1/substance-groups/{group['id']}", json={"name": "Nickel and its compounds"},
                 headers=auth())
    product = create(client, auth, "products", product_body(lead=800))
    client.post(f"/api/v1/products/{product['id']}/declarations", headers=auth(), json={
        "materials": [{"name": "solder", "substances": [{"cas": LEAD, "concentration": 900, "unit": "ppm"}]}]})
    client.patch(f"/api/v1/regulations/{regulation['id']}", headers=auth(),
                 json={"limits": [{"cas": LEAD, "substance": "Lead", "max_ppm": 500}]})
    requirement = create(client, auth, "customer-requirements", {
        "customer": {"id": "C-1", "name": "Acme"}, "category": "environmental", "text": "Pb < 100 ppm",
        "limits": [{"cas": LEAD, "substance": "Lead", "max_ppm": 100}]})
    client.patch(f"/api/v1/customer-requirements/{requirement['id']}", json={"status": "reviewed"}, headers=auth())
    [nc] = client.get("/api/v1/nonconformances", headers=auth()).get_json()["items"]
    client.post(f"/api/v1/nonconformances/{nc['id']}/action-plan", json={"corrective_action": "x"}, headers=auth())
    client.post(f"/api/v1/nonconformances/{nc['id']}/closure", json={"note": "verified"}, headers=auth())
    consumer = EventConsumer(config=ctx.config, uow_factory=ctx.uow_factory, handlers=ctx.event_handlers,
                             tables=ctx.tables, stop=threading.Event())
    consumer.apply(json.dumps(new_envelope(source="complaints", type="complaints.complaint.received", subject="c-1",
                                           data={"number": "CP-2026-000001", "category": "environmental",
                                                 "customer": {"id": "C-1", "name": "Acme"}})))
    [record] = client.get("/api/v1/interested-party-records", headers=auth()).get_json()["items"]
    client.post(f"/api/v1/interested-party-records/{record['id']}/closure", json={"response": "ok"}, headers=auth())


def test_published_events_match_the_catalogue_and_cover_it(ctx, client, auth):
    clear_reference_data(ctx)
    _walk_every_flow(ctx, client, auth)
    with ctx.db.engine.connect() as conn:
        payloads = [json.loads(p) for p in conn.execute(text("SELECT payload FROM outbox ORDER BY id")).scalars()]
    catalogue = Catalogue.of_package("compliance")
    for envelope in payloads:
        catalogue.validate(envelope)  # raises on an unknown type or a data field out of its schema
        assert envelope["source"] == "compliance"
    assert {e["type"] for e in payloads} == set(catalogue.entries)
