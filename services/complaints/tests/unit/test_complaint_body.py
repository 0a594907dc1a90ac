"""The complaint bodies built by hand (ComplaintReadSchema / ComplaintSummarySchema .dump) are what the
schemas' fields make of the complaint, key for key and in the same order."""
from datetime import timedelta
from decimal import Decimal

import marshmallow
import pytest

from complaints.entrypoints.api.complaints.schemas import ComplaintReadSchema, ComplaintSummarySchema

from complaints_builders import analyse, at, complaint_in, contain, implement, plan, receive, verify


def _reopened_then_extended_and_overdue():
    complaint = verify(implement(plan(analyse(contain(receive(attachments=["photo-1.jpg", "report.pdf"]))))),
                       effective=False)
    complaint.extend(deadline="corrective_action", new_due_at=complaint.corrective_action_due_at + timedelta(days=7),
                     customer_consent=True, by="wang.quality", at=at(2026, 3, 21), note="customer agreed by phone")
    complaint.detect_overdue(complaint.corrective_action_due_at + timedelta(days=1))
    return complaint


def _closed_on_customer_responsibility():
    complaint = analyse(contain(receive(loss_amount=None, product_code=None, product_batch=None,
                                        production_date=None, quantity_affected=None)), responsibility="customer")
    complaint.explain(explanation="The cartons were stored outdoors.", by="wang.quality", at=at(2026, 3, 6))
    return complaint


CASES = {
    "just received": lambda: receive(),
    "major incident, contained late": lambda: contain(receive(injury=True, loss_amount=Decimal("250000.5"),
                                                              returned_quantity=60), at(2026, 3, 9)),
    "closed after verification": lambda: complaint_in("closed"),
    "reopened, extended and overdue": _reopened_then_extended_and_overdue,
    "closed on customer responsibility": _closed_on_customer_responsibility,
}


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("schema_class", [ComplaintReadSchema, ComplaintSummarySchema])
def test_the_body_is_what_the_schema_fields_make_of_the_complaint(case, schema_class):
    complaint = CASES[case]()
    schema = schema_class()
    by_fields = marshmallow.Schema.dump(schema, complaint)  # the generic, field-by-field dump
    by_hand = schema.dump(complaint)
    assert by_hand == by_fields
    assert list(by_hand) == list(by_fields)  # the same key order, so the JSON text is the same too
    assert schema.dump([complaint, complaint], many=True) == [by_fields, by_fields]


def test_the_cases_cover_what_a_body_can_hold():
    bodies = [ComplaintReadSchema().dump(make()) for make in CASES.values()]
    assert any(b["overdue"] for b in bodies) and any(b["extensions"] for b in bodies)
    assert any(b["loss_amount"] is None for b in bodies) and any(b["closed_at"] for b in bodies)
    assert any(b["history"][-1]["from"] for b in bodies) and any(b["attachments"] for b in bodies)
    assert {b["incident_class"] for b in bodies} >= {"general", "major"}
