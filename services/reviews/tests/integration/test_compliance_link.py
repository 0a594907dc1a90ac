"""The compliance link through events: hold set, waived, lifted; unknown products; the CSR checklist."""
from __future__ import annotations

import json
import threading
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from qms_shared.envelope import new_envelope

from reviews_api import LINE, approve_all, decide, event_sender, outbox, problem, submit

T = datetime(2026, 11, 1, 8, 0, tzinfo=timezone.utc)


@pytest.fixture
def deliver(ctx):
    """Apply a compliance event as the worker's consumer would (inbox row and changes in one transaction)."""
    return event_sender(ctx, "compliance")


def evaluated(deliver, code, status, at=T, **kw):
    return deliver("compliance.product.evaluated",
                   {"code": code, "status": status, "evaluated_at": at.isoformat(), "product_id": str(uuid.uuid4())},
                   **kw)


def read(client, auth, contract):
    return client.get(f"/api/v1/contracts/{contract['id']}", headers=auth("viewer")).get_json()


def test_product_turning_non_compliant_puts_open_contract_on_hold_once(client, auth, ctx, deliver):
    contract = submit(client, auth)
    assert evaluated(deliver, "P-100", "compliant") == "applied"
    assert read(client, auth, contract)["compliance"]["status"] == "clear"
    event_id = str(uuid.uuid4())
    assert evaluated(deliver, "P-100", "non_compliant", T + timedelta(hours=1), event_id=event_id) == "applied"
    assert evaluated(deliver, "P-100", "non_compliant", T + timedelta(hours=1), event_id=event_id) == "duplicate"
    held = read(client, auth, contract)
    assert held["compliance"]["status"] == "hold" and "compliance_hold" in held["blockers"]
    placed = [e for e in outbox(ctx) if e["type"] == "reviews.compliance_hold.placed"]
    assert len(placed) == 1 and placed[0]["data"]["product_codes"] == ["P-100"]
    approve_all(client, auth, held)
    assert problem(decide(client, auth, contract["id"], "accepted", role="general_manager"), 409)["blockers"] == \
        ["compliance_hold"]


def test_hold_is_lifted_when_the_product_is_compliant_again(client, auth, ctx, deliver):
    evaluated(deliver, "P-100", "non_compliant")
    contract = submit(client, auth)
    assert contract["compliance"]["status"] == "hold"
    evaluated(deliver, "P-100", "compliant", T + timedelta(days=1))
    assert read(client, auth, contract)["compliance"]["status"] == "clear"
    lifted = [e for e in outbox(ctx) if e["type"] == "reviews.compliance_hold.lifted"]
    assert lifted[0]["data"]["waived"] is False


def test_an_older_result_delivered_late_changes_nothing(client, auth, deliver):
    contract = submit(client, auth)
    evaluated(deliver, "P-100", "compliant", T + timedelta(days=1))
    evaluated(deliver, "P-100", "non_compliant", T)
    assert read(client, auth, contract)["compliance"]["status"] == "clear"


def test_quality_waiver_lifts_the_hold_and_allows_acceptance(client, auth, ctx, deliver):
    evaluated(deliver, "P-100", "non_compliant")
    contract = submit(client, auth)
    url = f"/api/v1/contracts/{contract['id']}/waiver"
    problem(client.post(url, json={"reason": "ok"}, headers=auth("sales")), 403)
    problem(client.post(url, json={}, headers=auth("quality")), 422)
    waived = client.post(url, json={"reason": "customer accepts, exemption 7(c)-I"}, headers=auth("quality"))
    assert waived.status_code == 200
    body = waived.get_json()
    assert body["compliance"]["status"] == "clear"
    assert body["compliance"]["waiver"]["reason"] == "customer accepts, exemption 7(c)-I"
    approve_all(client, auth, body)
    assert decide(client, auth, contract["id"], "accepted", role="general_manager").status_code == 200
    problem(client.post(url, json={"reason": "again"}, headers=auth("quality")), 409)


def test_waiver_without_hold_is_409(client, auth):
    contract = submit(client, auth)
    problem(client.post(f"/api/v1/contracts/{contract['id']}/waiver", json={"reason": "x"},
                        headers=auth("quality")), 409)


def test_products_compliance_never_mentioned_stay_unknown(client, auth, deliver):
    evaluated(deliver, "P-100", "compliant")
    contract = submit(client, auth, lines=[LINE, {**LINE, "product_code": "P-200"}])
    assert contract["compliance"]["status"] == "unknown"
    assert contract["compliance"]["products"] == [{"product_code": "P-100", "status": "compliant"},
                                                  {"product_code": "P-200", "status": "unknown"}]


def test_events_without_a_usable_result_are_ignored(deliver, client, auth):
    contract = submit(client, auth)
    assert deliver("compliance.product.registered", {"code": "P-100"}) == "applied"
    assert read(client, auth, contract)["compliance"]["status"] == "unknown"


def requirement(deliver, text, requirement_id="11111111-1111-1111-1111-111111111111", at=T):
    return deliver("compliance.customer_requirement.added",
                   {"requirement_id": requirement_id, "customer": {"id": "C-1", "name": "Acme Ltd"},
                    "category": "environmental", "text": text, "status": "communicated", "at": at.isoformat()},
                   subject=requirement_id)


def test_customer_requirements_become_a_checklist_quality_must_acknowledge(client, auth, deliver):
    contract = submit(client, auth)
    requirement(deliver, "DEHP below 500 ppm")
    body = read(client, auth, contract)
    (item,) = body["compliance"]["checklist"]
    assert (item["text"], item["acknowledged"]) == ("DEHP below 500 ppm", False)
    approve_all(client, auth, body)
    assert problem(decide(client, auth, contract["id"], "accepted", role="general_manager"), 409)["blockers"] == \
        ["checklist_unacknowledged"]
    url = f"/api/v1/contracts/{contract['id']}/checklist/{item['id']}/acknowledgement"
    problem(client.post(url, headers=auth("sales")), 403)
    acked = client.post(url, headers=auth("quality", name="Quality Wang"))
    assert acked.status_code == 200, acked.get_data(as_text=True)
    assert acked.get_json()["compliance"]["checklist"][0]["acknowledged_by"] == "Quality Wang"
    problem(client.post(url, headers=auth("quality")), 409)
    problem(client.post(f"/api/v1/contracts/{contract['id']}/checklist/{uuid.uuid4()}/acknowledgement",
                        headers=auth("quality")), 404)
    assert decide(client, auth, contract["id"], "accepted", role="general_manager").status_code == 200


def test_known_requirements_make_a_new_contract_special_with_its_checklist(client, auth, deliver):
    requirement(deliver, "PPAP level 3")
    contract = submit(client, auth)
    assert {"code": "customer_requirements"} in contract["type_reasons"]
    assert [i["text"] for i in contract["compliance"]["checklist"]] == ["PPAP level 3"]


def test_a_result_arriving_while_a_contract_is_submitted_is_not_missed(client, auth, ctx):
    """The result's transaction is open when the contract is submitted; the submission must wait for it."""
    from reviews.service_layer.event_handlers import on_product_result
    env = new_envelope(source="compliance", type="compliance.product.evaluated", subject=uuid.uuid4(),
                       data={"code": "P-100", "status": "non_compliant", "evaluated_at": T.isoformat()})
    env = json.loads(json.dumps(env))
    submitted = []
    with ctx.uow_factory() as uow:
        on_product_result(env, uow)  # holds the product's lock until commit
        worker = threading.Thread(target=lambda: submitted.append(submit(client, auth)))
        worker.start()
        worker.join(timeout=1.0)
        assert worker.is_alive(), "the submission should wait for the result being applied"
        uow.commit()
    worker.join(timeout=10)
    assert submitted[0]["compliance"]["status"] == "hold"


def _applied_during_a_submission(monkeypatch, apply) -> list:
    """Run `apply` (a compliance change) in a thread once a submission has read the compliance copy, and
    check that it waits for the submission; the thread is returned, to be joined."""
    from reviews.adapters.compliance_copy import ComplianceCopyRepository
    started, real = [], ComplianceCopyRepository.requirements_of

    def spy(self, customer_id):
        found = real(self, customer_id)
        if not started:
            worker = threading.Thread(target=apply)
            started.append(worker)
            worker.start()
            worker.join(timeout=1.0)
            assert worker.is_alive(), "the compliance change should wait for the submission to commit"
        return found
    monkeypatch.setattr(ComplianceCopyRepository, "requirements_of", spy)
    return started


def test_a_result_arriving_after_a_submissions_read_waits_and_is_not_missed(client, auth, ctx, deliver, monkeypatch):
    evaluated(deliver, "P-100", "compliant")
    started = _applied_during_a_submission(monkeypatch, lambda: evaluated(deliver, "P-100", "non_compliant",
                                                                          at=T + timedelta(hours=1)))
    contract = submit(client, auth)
    started[0].join(timeout=10)
    # It read "compliant" and held the product's lock until it committed; the result, applied after,
    # found the new contract open and held it.
    assert contract["compliance"]["status"] == "clear"
    assert read(client, auth, contract)["compliance"]["status"] == "hold"
    placed = [e for e in outbox(ctx) if e["type"] == "reviews.compliance_hold.placed"]
    assert [e["data"]["number"] for e in placed] == [contract["number"]]


def test_a_requirement_arriving_after_a_submissions_read_waits_and_is_on_its_checklist(
        client, auth, deliver, monkeypatch):
    started = _applied_during_a_submission(monkeypatch, lambda: requirement(deliver, "Halogen free"))
    contract = submit(client, auth)
    started[0].join(timeout=10)
    assert contract["compliance"]["checklist"] == []
    assert [i["text"] for i in read(client, auth, contract)["compliance"]["checklist"]] == ["Halogen free"]
