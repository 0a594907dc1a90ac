"""Praise records and the corrective actions a dissatisfied survey answer opens."""
import uuid

import pytest
from complaints_builders import at
from qms_shared.domain import InvalidTransition, ValidationFailed

from complaints.domain.capa import CorrectiveAction
from complaints.domain.praise import Praise
from complaints.domain.survey_events import CorrectiveActionClosed, CorrectiveActionOpened, PraiseReceived


def test_a_praise_is_recorded_with_its_event():
    praise = Praise.receive(id=uuid.uuid4(), customer_id="C-1", customer_name="Acme", by="li", at=at(2026, 5, 6),
                            received_at=at(2026, 5, 5), note="Fast replacement.")
    [event] = praise.pull_events()
    assert isinstance(event, PraiseReceived) and event.received_at == at(2026, 5, 5)
    assert praise.version == 1


@pytest.mark.parametrize("overrides,field", [
    ({"customer_name": ""}, "customer.name"), ({"received_at": at(2026, 5, 7)}, "received_at"),
    ({"note": "x" * 4001}, "note"),
])
def test_bad_praises_are_refused(overrides, field):
    fields = dict(id=uuid.uuid4(), customer_id="C-1", customer_name="Acme", by="li", at=at(2026, 5, 6)) | overrides
    with pytest.raises(ValidationFailed) as failed:
        Praise.receive(**fields)
    assert field in failed.value.extra["errors"]


def test_a_dissatisfied_answer_opens_a_corrective_action_owned_by_quality():
    survey_id = uuid.uuid4()
    action = CorrectiveAction.for_dissatisfaction(id=uuid.uuid4(), number="CA-2026-000001", survey_id=survey_id,
                                                  customer_id="C-1", item="delivery", rating="dissatisfied",
                                                  by="system", at=at(2026, 11, 20))
    assert action.owner_department == "quality" and action.status == "open" and action.source_id == survey_id
    assert "delivery" in action.description
    assert isinstance(action.pull_events()[0], CorrectiveActionOpened)
    with pytest.raises(ValidationFailed):
        action.close(outcome="", by="wang", at=at(2026, 12, 1))
    action.close(outcome="Second truck booked for peak weeks.", by="wang", at=at(2026, 12, 1))
    assert action.status == "closed" and action.version == 2
    assert isinstance(action.pull_events()[0], CorrectiveActionClosed)
    with pytest.raises(InvalidTransition):
        action.close(outcome="again", by="wang", at=at(2026, 12, 2))
