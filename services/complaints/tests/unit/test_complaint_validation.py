"""Bad input to a complaint is a 422 naming the field, and leaves the complaint untouched."""
from datetime import date
from decimal import Decimal

import pytest
from complaints_builders import at, complaint_in, receive
from qms_shared.domain import ValidationFailed

from complaints.domain.vocabulary import format_number, owner_department


@pytest.mark.parametrize("category,owner", [
    ("quality", "quality"), ("environmental", "quality"), ("delivery", "sales"), ("quantity", "sales"),
    ("service", "sales"), ("price", "sales"), ("other", "sales"),
])
def test_quality_and_environmental_complaints_belong_to_quality_the_rest_to_sales(category, owner):
    assert owner_department(category) == owner
    assert receive(category=category).owner_department == owner


def test_numbers_read_like_the_forms():
    assert format_number("CP", 2026, 1) == "CP-2026-000001"
    assert format_number("CL", 2026, 123456) == "CL-2026-123456"
    with pytest.raises(ValueError):
        format_number("CP", 2026, 0)


def errors_of(**fields):
    with pytest.raises(ValidationFailed) as failed:
        receive(**fields)
    return failed.value.extra["errors"]


@pytest.mark.parametrize("fields,field", [
    ({"customer_name": None}, "customer.name"),
    ({"customer_id": "  "}, "customer.id"),
    ({"category": "colour"}, "category"),
    ({"channel": "pigeon"}, "channel"),
    ({"description": ""}, "description"),
    ({"description": "x" * 4001}, "description"),
    ({"product_code": "P" * 201}, "product.code"),
    ({"returned_quantity": -1}, "returned_quantity"),
    ({"quantity_affected": -5}, "quantity_affected"),
    ({"quantity_affected": "five"}, "quantity_affected"),
    ({"loss_amount": Decimal("-0.01")}, "loss_amount"),
    ({"injury": "yes"}, "injury"),
    ({"production_date": date(2026, 3, 3)}, "product.production_date"),  # the day after receipt
    ({"received_at": at(2026, 3, 2, 9, 0, 1)}, "received_at"),  # a second after it was recorded
    ({"received_at": at(2026, 3, 1).replace(tzinfo=None)}, "received_at"),
    ({"channel": "returned_goods", "returned_quantity": 0}, "returned_quantity"),
    ({"attachments": ["ok", ""]}, "attachments"),
])
def test_each_bad_field_is_named(fields, field):
    assert field in errors_of(**fields)


def test_all_bad_fields_are_named_at_once():
    assert set(errors_of(category="x", channel="y", description="")) == {"category", "channel", "description"}


def test_edges_that_are_still_fine():
    complaint = receive(description="x" * 4000, production_date=date(2026, 3, 2), returned_quantity=0,
                        loss_amount=Decimal("0"), received_at=at(2026, 3, 2, 9), channel="phone")
    assert complaint.status == "received"
    returned = receive(channel="returned_goods", returned_quantity=1)
    assert returned.returned_quantity == 1


def test_the_channel_may_be_unknown():
    assert receive(channel=None).channel is None


def test_received_at_defaults_to_the_recording_time():
    complaint = receive()
    assert complaint.received_at == at(2026, 3, 2)


@pytest.mark.parametrize("status,call,field", [
    ("received", lambda c: c.contain(action=" ", by="u", at=at(2026, 3, 3)), "action"),
    ("received", lambda c: c.contain(action="a" * 4001, by="u", at=at(2026, 3, 3)), "action"),
    ("contained", lambda c: c.analyse(root_cause="", cause_category="man", responsibility="company",
                                      responsible_department="production", by="u", at=at(2026, 3, 3)), "root_cause"),
    ("contained", lambda c: c.analyse(root_cause="r", cause_category="weather", responsibility="company",
                                      responsible_department="production", by="u", at=at(2026, 3, 3)),
     "cause_category"),
    ("contained", lambda c: c.analyse(root_cause="r", cause_category="man", responsibility="god",
                                      responsible_department="production", by="u", at=at(2026, 3, 3)),
     "responsibility"),
    ("contained", lambda c: c.analyse(root_cause="r", cause_category="man", responsibility="company",
                                      by="u", at=at(2026, 3, 3)), "responsible_department"),
    ("contained", lambda c: c.analyse(root_cause="r", cause_category="man", responsibility="supplier",
                                      responsible_department="canteen", by="u", at=at(2026, 3, 3)),
     "responsible_department"),
    ("analysed", lambda c: c.plan_action(corrective_action="c", preventive_action=None, by="u",
                                         at=at(2026, 3, 3)), "preventive_action"),
    ("action_planned", lambda c: c.implement(note="", by="u", at=at(2026, 3, 3)), "note"),
    ("verifying", lambda c: c.verify(effective=None, by="u", at=at(2026, 3, 3), policy=None), "effective"),
    ("verifying", lambda c: c.verify(effective="no", by="u", at=at(2026, 3, 3), policy=None), "effective"),
    ("verifying", lambda c: c.verify(effective=False, by="u", at=at(2026, 3, 3), policy=None), "note"),
    ("analysed", lambda c: c.explain(explanation="", by="u", at=at(2026, 3, 3)), "explanation"),
])
def test_a_missing_or_bad_field_of_a_step_is_named_and_nothing_changes(status, call, field):
    complaint = complaint_in(status, "customer" if field == "explanation" else "company")
    before = (complaint.status, complaint.version, len(complaint.history))
    with pytest.raises(ValidationFailed) as failed:
        call(complaint)
    assert field in failed.value.extra["errors"]
    assert (complaint.status, complaint.version, len(complaint.history)) == before


def test_effective_verification_needs_no_note():
    complaint = complaint_in("verifying")
    complaint.verify(effective=True, by="u", at=at(2026, 3, 20), policy=None)
    assert complaint.status == "closed" and complaint.verification_note is None


def test_approver_defaults_to_whoever_records_the_plan():
    complaint = complaint_in("analysed")
    complaint.plan_action(corrective_action="c", preventive_action="p", by="zhao.head", at=at(2026, 3, 6))
    assert complaint.approved_by == "zhao.head"
