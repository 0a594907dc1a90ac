"""Interested-party records (5.1.3), including those made from environmental complaints."""
from datetime import date

import pytest
from qms_shared.domain import InvalidTransition, ValidationFailed

from compliance.domain.events import InterestedPartyRecordClosed, InterestedPartyRecorded
from compliance.domain.interested_party import InterestedPartyRecord
from compliance_builders import AT


def test_an_administrative_penalty_is_logged():
    record = InterestedPartyRecord.log(party_name="District EPB", party_type="authority",
                                       kind="administrative_penalty", description="Wastewater fine",
                                       received_on=date(2026, 3, 1), at=AT)
    assert (record.status, record.source, record.source_reference) == ("open", "manual", None)
    assert isinstance(record.pull_events()[0], InterestedPartyRecorded)


def test_bad_values_are_all_reported():
    with pytest.raises(ValidationFailed) as caught:
        InterestedPartyRecord.log(party_name="", party_type="alien", kind="gossip", description=" ",
                                  received_on=date(2026, 3, 11), at=AT, source="fax")
    assert set(caught.value.extra["errors"]) == {"party_name", "party_type", "kind", "description",
                                                 "received_on", "source"}


def test_an_environmental_complaint_becomes_a_customer_complaint_record():
    record = InterestedPartyRecord.from_environmental_complaint(
        complaint_id="c0ffee", complaint_number="CP-2026-000007", customer_name="Acme",
        description="Cd found in housing", received_on=date(2026, 3, 9), at=AT)
    assert (record.party_name, record.party_type, record.kind, record.source, record.source_reference) == (
        "Acme", "customer", "complaint", "complaints", "c0ffee")
    assert record.description == "Environmental complaint CP-2026-000007: Cd found in housing"


def test_closing_needs_a_response_and_happens_once():
    record = InterestedPartyRecord.log(party_name="Neighbour", party_type="neighbour", kind="complaint",
                                       description="Noise", received_on=date(2026, 3, 1), at=AT)
    record.pull_events()
    with pytest.raises(ValidationFailed):
        record.close(response="", by="qe", at=AT)
    record.close(response="Night shift moved indoors", by="qe", at=AT)
    assert (record.status, record.closed_by) == ("closed", "qe")
    assert isinstance(record.pull_events()[0], InterestedPartyRecordClosed)
    with pytest.raises(InvalidTransition):
        record.close(response="again", by="qe", at=AT)
