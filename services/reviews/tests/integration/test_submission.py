"""Submitting writes the contract, its children and its events in one transaction: all of it, or none of it."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone

from sqlalchemy import func, insert, select

from reviews.adapters import orm
from reviews.domain.classification import CustomerFacts, classify
from reviews.domain.compliance import KnownRequirement, ProductCompliance
from reviews.domain.contract import Contract
from reviews.domain.lines import build_lines

from reviews_api import LINE, body, outbox, problem, submit

T = datetime(2026, 11, 1, 8, 0, tzinfo=timezone.utc)
CHILD_TABLES = (orm.contract_lines, orm.contract_reviews, orm.contract_revisions, orm.checklist_items)


def _counts(ctx) -> dict:
    with ctx.db.engine.connect() as conn:
        return {table.name: conn.execute(select(func.count()).select_from(table)).scalar()
                for table in (orm.contracts, *CHILD_TABLES, ctx.tables.outbox)}


def _rows_of(ctx, contract_id) -> dict:
    with ctx.db.engine.connect() as conn:
        return {table.name: conn.execute(select(func.count()).select_from(table)
                                         .where(table.c.contract_id == contract_id)).scalar()
                for table in CHILD_TABLES}


def test_a_submitted_contract_is_stored_as_answered_with_its_events(client, auth, ctx):
    with ctx.uow_factory() as uow:
        uow.compliance.add(ProductCompliance(product_code="P-200", status="non_compliant", evaluated_at=T))
        uow.compliance.add(KnownRequirement(requirement_id="CSR-9", customer_id="C-1", category="environmental",
                                            text="No DEHP", status="communicated", updated_at=T))
        uow.commit()
    response = client.post("/api/v1/contracts", headers=auth("sales"), json=body(
        lines=[LINE, {**LINE, "product_code": "P-200", "quantity": "0.125", "unit_price": "1999.9999"}]))
    assert response.status_code == 201, response.get_data(as_text=True)
    created = response.get_json()
    read = client.get(f"/api/v1/contracts/{created['id']}", headers=auth("viewer"))
    assert read.get_json() == created and read.headers["ETag"] == response.headers["ETag"] == '"1"'
    assert response.headers["Location"] == f"/api/v1/contracts/{created['id']}"
    assert created["compliance"]["status"] == "hold"
    assert [item["requirement_id"] for item in created["compliance"]["checklist"]] == ["CSR-9"]
    assert _rows_of(ctx, created["id"]) == {"contract_lines": 2, "contract_reviews": 7, "contract_revisions": 1,
                                            "checklist_items": 1}
    events = outbox(ctx)
    assert {e["subject"] for e in events} == {created["id"]}
    assert [e["type"] for e in events[:2]] == ["reviews.contract.submitted", "reviews.compliance_hold.placed"]
    assert [e["data"]["departments"] for e in events[2:]] == [created["required_departments"][:-1]]
    assert all(e["data"]["number"] == created["number"] for e in events)


def test_numbers_follow_each_other(client, auth):
    first, second = submit(client, auth)["number"], submit(client, auth)["number"]
    prefix, value = first.rsplit("-", 1)
    assert second == f"{prefix}-{int(value) + 1:06d}"


def test_a_submission_whose_insert_fails_writes_nothing(client, auth, ctx):
    first = submit(client, auth)
    prefix, value = first["number"].rsplit("-", 1)
    with ctx.db.engine.begin() as conn:  # someone holds the number the next submission will take
        row = conn.execute(select(orm.contracts).where(orm.contracts.c.id == uuid.UUID(first["id"]))).mappings().one()
        conn.execute(insert(orm.contracts).values({**row, "id": uuid.uuid4(), "number": f"{prefix}-{int(value) + 1:06d}"}))
    before = _counts(ctx)

    problem(client.post("/api/v1/contracts", json=body(), headers=auth("sales")), 409)

    assert _counts(ctx) == before
    assert [e["subject"] for e in outbox(ctx)] == [first["id"]] * before["outbox"]
    assert submit(client, auth)["number"] == f"{prefix}-{int(value) + 2:06d}"  # the service goes on


def _new_contract(ctx, number: str) -> Contract:
    lines = build_lines([{**LINE, "quantity": "12.5", "requested_delivery_date": T.date()}])
    known = [KnownRequirement(requirement_id="CSR-9", customer_id="C-1", category="environmental", text="No DEHP",
                              status="communicated", updated_at=T)]
    contract = Contract.submit(
        id=uuid.uuid4(), number=number, customer_id="C-1", customer_name="Acme", salesperson="Li", region=None,
        source="oral", currency="CNY", payment_terms=None, requirements="RoHS", lines=lines,
        classification=classify(lines, CustomerFacts(True, frozenset()), "RoHS", 1), policy=ctx.extras["deps"].policy,
        product_statuses={"P-100": "non_compliant"}, known_requirements=known, by="u", at=T)
    contract.pull_events()
    return contract


def _stored(ctx, contract_id) -> dict:
    """Every row of the contract, without the values that differ between two contracts (ids, number)."""
    def plain(row):
        return {k: v for k, v in row.items() if k not in ("id", "contract_id", "number")}
    with ctx.db.engine.connect() as conn:
        rows = {"contracts": [plain(conn.execute(select(orm.contracts).where(orm.contracts.c.id == contract_id))
                                    .mappings().one())]}
        for table in CHILD_TABLES:
            found = conn.execute(select(table).where(table.c.contract_id == contract_id)).mappings().all()
            rows[table.name] = sorted((plain(row) for row in found), key=repr)
    return rows


def test_a_new_contract_is_stored_as_the_domain_built_it(ctx):
    """The domain assigns a new contract's values and child lists plainly; the mapping writes them all."""
    contract = _new_contract(ctx, "CT-2026-900001")
    with ctx.uow_factory() as uow:
        uow.contracts.add(contract)
        uow.commit()
    stored = _stored(ctx, contract.id)
    assert [len(stored[table.name]) for table in CHILD_TABLES] == [1, 7, 1, 1]
    assert stored["contracts"][0]["compliance_status"] == "hold" and stored["contracts"][0]["version"] == 1
    with ctx.uow_factory() as uow:
        loaded = uow.contracts.get(contract.id)
    assert loaded.terms() == contract.terms() and loaded.product_compliance == contract.product_compliance
    assert [(r.department, r.due_at) for r in loaded.reviews] == [(r.department, r.due_at) for r in contract.reviews]
    assert [i.requirement_id for i in loaded.checklist] == ["CSR-9"] and len(loaded.revisions) == 1


def test_only_the_products_never_in_an_accepted_contract_count_as_new(client, auth):
    from reviews_api import approve_all, decide
    first = submit(client, auth)  # P-100, under review: not delivered yet
    submit(client, auth)
    approve_all(client, auth, first)
    assert decide(client, auth, first["id"], "accepted").status_code == 200
    later = submit(client, auth, lines=[LINE, {**LINE, "product_code": "P-300"}, {**LINE, "product_code": "P-200"}])
    # the customer is known and P-100 was delivered; P-300 and P-200 never were (in the lines' order)
    assert later["type_reasons"] == [{"code": "product_never_delivered", "product_code": "P-300"},
                                     {"code": "product_never_delivered", "product_code": "P-200"}]


def test_a_product_counts_as_delivered_while_its_contract_stays_accepted(client, auth, ctx):
    from reviews_api import approve_all, decide
    first = submit(client, auth, lines=[{**LINE, "product_code": "P-700"}])
    approve_all(client, auth, first)
    assert decide(client, auth, first["id"], "accepted").status_code == 200
    assert _delivered(ctx, "P-700", "P-100") == {"P-700"}
    repeat = submit(client, auth, lines=[{**LINE, "product_code": "P-700"}])
    assert (repeat["type"], repeat["type_reasons"]) == ("regular", [])
    # an amendment sends the accepted contract back to review: nothing of the customer's is accepted now
    amended = client.post(f"/api/v1/contracts/{first['id']}/amendments", headers=auth("sales"),
                          json={"reason": "customer asked", "lines": [{**LINE, "product_code": "P-700", "quantity": "900"}]})
    assert amended.status_code == 200 and amended.get_json()["status"] == "under_review"
    assert _delivered(ctx, "P-700") == set()
    again = submit(client, auth, lines=[{**LINE, "product_code": "P-700"}])
    assert again["type_reasons"] == [{"code": "product_never_delivered", "product_code": "P-700"},
                                     {"code": "new_customer"}]
    approve_all(client, auth, client.get(f"/api/v1/contracts/{first['id']}", headers=auth("viewer")).get_json())
    assert decide(client, auth, first["id"], "accepted").status_code == 200
    assert _delivered(ctx, "P-700", "P-100") == {"P-700"}


def _delivered(ctx, *codes) -> set[str]:
    with ctx.uow_factory() as uow:
        return set(uow.contracts.customer_facts("C-1", codes).delivered_products)
