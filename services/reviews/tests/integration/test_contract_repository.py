"""Commands load and write contracts through the repository and the ORM mapping: what they answer is what a
read finds after, and a change made behind a stale read is refused and writes nothing."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select, update

from qms_shared.domain import Actor, ConcurrentUpdate
from reviews.adapters import orm
from reviews.domain.compliance import KnownRequirement, ProductCompliance
from reviews.service_layer.integration_events import publish_contract

from reviews_api import LINE, decide, outbox, problem, review, submit

T = datetime(2026, 11, 1, 8, 0, tzinfo=timezone.utc)


def _known_to_the_copy(ctx):
    with ctx.uow_factory() as uow:
        uow.compliance.add(ProductCompliance(product_code="P-100", status="non_compliant", evaluated_at=T))
        for rid, text in (("CSR-2", "RoHS"), ("CSR-1", "No DEHP above 500 ppm")):
            uow.compliance.add(KnownRequirement(requirement_id=rid, customer_id="C-1", category="environmental",
                                                text=text, status="communicated", updated_at=T))
        uow.commit()


def _same_as_read(client, auth, response, status=200) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    read = client.get(f"/api/v1/contracts/{body['id']}", headers=auth("viewer"))
    assert read.get_json() == body
    assert read.headers["ETag"] == response.headers["ETag"] == f'"{body["version"]}"'
    return body


def _rows(ctx, table, contract_id) -> int:
    with ctx.db.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table).where(table.c.contract_id == contract_id)).scalar()


def test_every_command_answers_the_contract_as_it_was_stored(client, auth, ctx):
    _known_to_the_copy(ctx)
    first = client.post("/api/v1/contracts", headers=auth("sales"), json={
        "customer": {"id": "C-1", "name": "Acme Ltd"}, "salesperson": "Zhang San", "region": "East",
        "source": "written", "currency": "CNY", "payment_terms": "30 days", "requirements": "no lead",
        "lines": [LINE, {**LINE, "product_code": "P-200", "quantity": "12.345", "unit_price": "0.3333"}]})
    contract = _same_as_read(client, auth, first, 201)
    assert (contract["type"], contract["compliance"]["status"]) == ("special", "hold")
    assert [i["requirement_id"] for i in contract["compliance"]["checklist"]] == ["CSR-1", "CSR-2"]
    assert [line["quantity"] for line in contract["lines"]] == ["1000", "12.345"]
    cid = contract["id"]

    _same_as_read(client, auth, review(client, auth, cid, "sales"))
    late = _same_as_read(client, auth, review(client, auth, cid, "production", delivery_date="2026-12-24"))
    assert late["delivery"] == {"requested": "2026-12-20", "committed": "2026-12-24", "late": True}
    _same_as_read(client, auth, review(client, auth, cid, "finance", opinion="reject", comment="terms too long"))
    waived = _same_as_read(client, auth, client.post(f"/api/v1/contracts/{cid}/waiver", json={"reason": "accepted"},
                                                     headers=auth("quality")))
    item = waived["compliance"]["checklist"][0]["id"]
    _same_as_read(client, auth, client.post(f"/api/v1/contracts/{cid}/checklist/{item}/acknowledgement",
                                            headers=auth("quality", name="Quality Wang")))
    referred = _same_as_read(client, auth, decide(client, auth, cid, "needs_customer", reason="price"))
    assert referred["status"] == "needs_customer"

    amended = _same_as_read(client, auth, client.post(
        f"/api/v1/contracts/{cid}/amendments", headers=auth("sales"),
        json={"payment_terms": "60 days", "reason": "customer asked", "lines": [{**LINE, "quantity": "900"}]}))
    assert (amended["revision"], len(amended["revisions"]), amended["status"]) == (2, 2, "under_review")
    assert _rows(ctx, orm.contract_lines, cid) == 1  # the replaced lines are gone, not only out of the list
    assert _rows(ctx, orm.contract_reviews, cid) == len(amended["review_history"])

    stale = client.post(f"/api/v1/contracts/{cid}/reviews/sales", json={"opinion": "approve"},
                        headers={**auth("sales"), "If-Match": f'"{referred["version"]}"'})
    problem(stale, 412)
    assert client.get(f"/api/v1/contracts/{cid}", headers=auth("viewer")).get_json() == amended


def test_a_refused_command_writes_nothing(client, auth):
    contract = submit(client, auth)
    problem(review(client, auth, contract["id"], "general_manager"), 409)
    problem(review(client, auth, contract["id"], "production", delivery_date=None, opinion="approve_with_conditions"),
            422)
    assert client.get(f"/api/v1/contracts/{contract['id']}", headers=auth("viewer")).get_json() == contract


@pytest.mark.parametrize("with_events", [False, True])  # the change alone, or with its events
def test_a_contract_changed_behind_a_stale_read_is_not_overwritten(client, auth, ctx, with_events):
    contract = submit(client, auth)
    events_before = len(outbox(ctx))
    with ctx.uow_factory() as uow:
        loaded = uow.contracts.get_for_update(uuid.UUID(contract["id"]))
        uow.session.execute(update(orm.contracts).where(orm.contracts.c.id == loaded.id)
                            .values(version=orm.contracts.c.version + 1))  # as if someone else had
        loaded.record_review(department="sales", opinion="approve", comment=None, delivery_date=None,
                             reviewer=Actor(id="u", name="U", roles=frozenset({"sales"})),
                             policy=ctx.extras["deps"].policy, at=T)
        if with_events:
            publish_contract(uow, loaded)
        else:
            loaded.pull_events()
        with pytest.raises(ConcurrentUpdate):  # the mapping's version check, as the domain's error
            uow.commit()
    assert client.get(f"/api/v1/contracts/{contract['id']}", headers=auth("viewer")).get_json() == contract
    assert len(outbox(ctx)) == events_before  # nothing of the review was written, its event neither


def test_a_stale_read_changed_through_the_api_is_409(client, auth, ctx, monkeypatch):
    """Someone commits a change between the command's read and its write: the command is refused (409)."""
    from reviews.adapters.contracts import ContractRepository
    contract = submit(client, auth)

    def read_then_changed_by_someone_else(self, contract_id):
        found = self.get(contract_id)  # as a read without the row lock would
        with ctx.db.engine.begin() as conn:
            conn.execute(update(orm.contracts).where(orm.contracts.c.id == contract_id)
                         .values(version=orm.contracts.c.version + 1))
        return found
    monkeypatch.setattr(ContractRepository, "get_for_update", read_then_changed_by_someone_else)
    before = len(outbox(ctx))
    problem(review(client, auth, contract["id"], "sales"), 409)
    assert len(outbox(ctx)) == before
