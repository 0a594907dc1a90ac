"""Command handlers of the samples and customer-property registers."""
from __future__ import annotations

import uuid

from ..domain import commands as c
from ..domain.registers import CustomerProperty, Sample
from .integration_events import publish_register
from .loading import found, require_version


def register_sample(cmd: c.RegisterSample, *, uow, **_) -> Sample:
    """Record a sample sent to a customer."""
    with uow:
        sample = Sample.register(id=uuid.uuid4(), created_at=cmd.at, **cmd.fields)
        uow.samples.add(sample)
        publish_register(uow, sample)
        uow.commit()
        return sample


def record_sample_result(cmd: c.RecordSampleResult, *, uow, **_) -> Sample:
    """Record the customer's verdict on a sample."""
    with uow:
        sample = found(uow.samples.get(cmd.sample_id, lock=True), "sample", cmd.sample_id)
        require_version(sample, cmd.expected_version, "sample")
        sample.record_result(result=cmd.result, on=cmd.on)
        publish_register(uow, sample)
        uow.commit()
        return sample


def receive_customer_property(cmd: c.ReceiveCustomerProperty, *, uow, **_) -> CustomerProperty:
    """Record property received from a customer."""
    with uow:
        item = CustomerProperty.receive(id=uuid.uuid4(), created_at=cmd.at, **cmd.fields)
        uow.properties.add(item)
        publish_register(uow, item)
        uow.commit()
        return item


def report_property_issue(cmd: c.ReportPropertyIssue, *, uow, **_) -> CustomerProperty:
    """Report customer property lost, damaged or unsuitable."""
    with uow:
        item = found(uow.properties.get(cmd.property_id, lock=True), "customer property", cmd.property_id)
        require_version(item, cmd.expected_version, "customer property")
        item.report_issue(issue=cmd.issue, note=cmd.note)
        publish_register(uow, item)
        uow.commit()
        return item


REGISTER_HANDLERS = {
    c.RegisterSample: register_sample, c.RecordSampleResult: record_sample_result,
    c.ReceiveCustomerProperty: receive_customer_property, c.ReportPropertyIssue: report_property_issue,
}
