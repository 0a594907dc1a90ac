"""Samples sent (样品发送登记表) and customer property received (客户财产登记表)."""
import uuid
from datetime import date

import pytest

from qms_shared.domain import Conflict, ValidationFailed
from reviews.domain.registers import CustomerProperty, Sample

from reviews_builders import T0


def sample(**overrides):
    fields = dict(id=uuid.uuid4(), customer_id="C-1", customer_name="Acme", sample_name="Carton 5-ply",
                  specification="A4", quantity=3, sent_on=date(2026, 3, 2), salesperson="Zhang San",
                  contract_id=None, note=None, created_at=T0)
    fields.update(overrides)
    return Sample.register(**fields)


def property_item(**overrides):
    fields = dict(id=uuid.uuid4(), customer_id="C-1", customer_name="Acme", name="Die-cut tool #7", quantity=1,
                  received_on=date(2026, 3, 2), received_by="Wang", inspection="ok",
                  handed_to_department="production", note=None, created_at=T0)
    fields.update(overrides)
    return CustomerProperty.receive(**fields)


def test_registering_a_sample_records_it_was_sent():
    item = sample()
    (sent,) = item.pull_events()
    assert (sent.sample_name, sent.quantity, sent.salesperson) == ("Carton 5-ply", 3, "Zhang San")


@pytest.mark.parametrize("overrides, field", [({"quantity": 0}, "quantity"), ({"quantity": True}, "quantity"),
                                              ({"sample_name": ""}, "sample_name")])
def test_invalid_sample_is_refused(overrides, field):
    with pytest.raises(ValidationFailed) as caught:
        sample(**overrides)
    assert field in caught.value.extra["errors"]


def test_sample_result_is_recorded_once_and_not_before_sending():
    item = sample()
    with pytest.raises(ValidationFailed):
        item.record_result(result="approved", on=date(2026, 3, 1))
    item.record_result(result="approved", on=date(2026, 3, 2))
    assert (item.result, item.version) == ("approved", 2)
    with pytest.raises(Conflict):
        item.record_result(result="rejected", on=date(2026, 3, 5))


def test_sample_result_is_approved_or_rejected():
    with pytest.raises(ValidationFailed):
        sample().record_result(result="maybe", on=date(2026, 3, 5))


def test_receiving_customer_property_records_it():
    item = property_item()
    assert type(item.pull_events()[0]).__name__ == "CustomerPropertyReceived"


def test_invalid_customer_property_is_refused():
    with pytest.raises(ValidationFailed) as caught:
        property_item(quantity=-1, received_by=" ")
    assert set(caught.value.extra["errors"]) == {"quantity", "received_by"}


def test_lost_or_damaged_property_is_reported_with_a_note():
    item = property_item()
    item.pull_events()
    with pytest.raises(ValidationFailed):
        item.report_issue(issue="damaged", note="")
    with pytest.raises(ValidationFailed):
        item.report_issue(issue="stolen", note="gone")
    item.report_issue(issue="damaged", note="edge chipped in transit")
    (reported,) = item.pull_events()
    assert (reported.issue, reported.note, item.issue) == ("damaged", "edge chipped in transit", "damaged")
