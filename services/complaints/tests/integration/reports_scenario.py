"""A small world for the report tests: complaints at every stage, a claim, a survey, compliance news."""
from __future__ import annotations

import threading
import uuid
from datetime import datetime, timedelta, timezone

from complaints_api import create, step

from qms_shared import envelope
from qms_shared.consumer import EventConsumer

CST = timezone(timedelta(hours=8))
CHINESE = {"customer": {"id": "C-088", "name": "华南纸业有限公司"}, "description": "纸箱在折痕处开裂, 客户退货 30 箱。",
           "product": {"code": "BOX-7", "batch": "B2602", "production_date": "2026-02-20"}}
STEPS_ZH = {"containment": {"action": "隔离库存并更换 200 个纸箱。"},
            "analysis": {"root_cause": "纸板含水率过低。", "cause_category": "material", "responsibility": "company",
                         "responsible_department": "purchasing"},
            "action-plan": {"corrective_action": "纸板调湿 24 小时。", "preventive_action": "来料检验增加含水率检测。"},
            "implementation": {"note": "调湿间已投入使用。"},
            "verification": {"effective": True, "note": "后续三批无开裂。"}}


def people(auth):
    """Headers of the people who act (their names make the 8D team)."""
    return {"qe": auth("quality", sub="wang", name="王工", department="quality"),
            "buyer": auth("quality", sub="li", name="李经理", department="purchasing"),
            "sales": auth("sales", sub="zhao", name="赵敏", department="sales")}


def claim_row(ctx, complaint: dict, at: datetime, amount: str = "3600.00") -> None:
    """A submitted claim against `complaint`, written as the claims handler stores it (the report only reads it)."""
    from decimal import Decimal

    from sqlalchemy import insert

    from complaints.adapters import tables as t
    with ctx.db.engine.begin() as conn:
        conn.execute(insert(t.claims).values(
            id=uuid.uuid4(), number="CL-2026-000001", complaint_id=complaint["id"],
            complaint_number=complaint["number"], customer_id=complaint["customer"]["id"],
            customer_name=complaint["customer"]["name"], amount=Decimal(amount), currency="CNY",
            description="退货运费", evidence=[], submitted_by="赵敏", submitted_at=at, status="submitted",
            declined_rounds=0, version=1))


def closed_complaint(api, auth, clock, ctx) -> dict:
    """A Chinese complaint taken through every step (containment late, the rest on time) with a claim."""
    who = people(auth)
    created = api.post("/api/v1/complaints", json={**_base(), **CHINESE, "returned_quantity": 30},
                       headers=who["qe"]).get_json()
    clock.advance(days=3)  # containment is due after 2 working days: late
    for name, actor in (("containment", "qe"), ("analysis", "buyer"), ("action-plan", "buyer"),
                        ("implementation", "buyer"), ("verification", "qe")):
        response = step(api, auth, created["id"], name, STEPS_ZH[name], headers=who[actor])
        assert response.status_code == 200, response.get_json()
        clock.advance(hours=2)
    claim_row(ctx, created, clock.now)
    return created


def _base() -> dict:
    from complaints_api import BODY
    return {k: v for k, v in BODY.items() if k not in ("customer", "description", "product")}


def more_complaints(api, auth) -> list[dict]:
    """A handful more: other categories, one analysed, one open."""
    made = [create(api, auth, category=category, customer={"id": f"C-{n}", "name": f"客户{n}"})
            for n, category in enumerate(["delivery", "service", "quality", "environmental"])]
    step(api, auth, made[2]["id"], "containment")
    step(api, auth, made[2]["id"], "analysis", {"root_cause": "Die worn.", "cause_category": "machine",
                                                "responsibility": "company", "responsible_department": "production"})
    return made


def survey(api, auth, year: int) -> dict:
    """A campaign with one dissatisfied answer (which opens a corrective action)."""
    body = {"year": year, "customer_ids": ["C-088", "C-1"], "objective": {"first_pass_yield": "97.5",
                                                                         "first_pass_yield_target": "98"}}
    opened = api.post("/api/v1/surveys", json=body, headers=auth("quality")).get_json()
    answers = [{"item": "delivery", "rating": "dissatisfied"}, {"item": "product quality level", "rating": "satisfied"},
               {"item": "exception handling", "rating": "very_satisfied"}]
    response = api.post(f"/api/v1/surveys/{opened['id']}/responses", json={"customer_id": "C-088", "answers": answers},
                        headers=auth("quality"))
    assert response.status_code == 201, response.get_json()
    return opened


def consumer(ctx) -> EventConsumer:
    """The service's own consumer (handlers and inbox), fed by hand."""
    return EventConsumer(config=ctx.config, uow_factory=ctx.uow_factory, handlers=ctx.event_handlers,
                         tables=ctx.tables, stop=threading.Event())


def compliance_event(event_type: str, subject, data: dict, occurred_at: datetime) -> str:
    """An envelope as the compliance service publishes it."""
    return envelope.dumps(envelope.new_envelope(source="compliance", type=event_type, subject=subject, data=data,
                                                occurred_at=occurred_at))


def product_status(code: str, status: str, evaluated_at: datetime, product_id=None) -> tuple:
    """(subject, data) of compliance.product.status_changed."""
    return product_id or uuid.uuid4(), {
        "code": code, "name": f"产品 {code}", "status": status, "previous_status": None,
        "evaluated_at": evaluated_at.isoformat(), "trigger": "declaration", "evaluation_id": str(uuid.uuid4()),
        "customer_ids": [], "reasons": []}


def nonconformance(number: str, status: str, due: str | None = "2026-03-10") -> dict:
    """data of compliance.nonconformance.*."""
    return {"number": number, "product_id": str(uuid.uuid4()), "product_code": "BOX-7", "owner_department": "quality",
            "status": status, "description": "铅含量超标", "corrective_action": None, "action_due_on": due}


def compliance_news(ctx, at: datetime) -> None:
    """Two products (one non-compliant), two nonconformances (one closed), delivered out of order."""
    c = consumer(ctx)
    bad_id = uuid.uuid4()
    bodies = [
        compliance_event("compliance.product.status_changed", *product_status("BOX-7", "non_compliant",
                                                                             at, bad_id), at),
        compliance_event("compliance.product.status_changed", *product_status("BOX-7", "compliant",
                                                                             at - timedelta(days=3), bad_id),
                         at - timedelta(days=3)),  # older news arriving late changes nothing
        compliance_event("compliance.product.status_changed", *product_status("LID-2", "compliant", at), at),
        compliance_event("compliance.nonconformance.opened", uuid.uuid4(), nonconformance("NC-2026-000001", "open"), at),
        compliance_event("compliance.nonconformance.closed", uuid.uuid4(), nonconformance("NC-2026-000002", "closed"),
                         at + timedelta(hours=1)),
        compliance_event("compliance.nonconformance.opened", uuid.uuid4(), nonconformance("NC-2026-000002", "open"), at),
    ]
    for body in bodies:
        assert c.apply(body).kind == "applied"
    assert c.apply(bodies[0]).kind == "duplicate"
