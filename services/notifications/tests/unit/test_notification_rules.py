"""Rule validation, matching with conditions, and edits."""
import uuid
from datetime import datetime, timezone

import pytest
from qms_shared.domain import ValidationFailed

from notifications.domain.events import RuleSaved
from notifications.domain.rule import Audience, Rule

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def make_rule(**overrides):
    fields = dict(id=uuid.uuid4(), name="overdue", event_type="complaints.*.overdue",
                  audience=Audience(roles=("quality",)), channels=["email"], at=T0)
    fields.update(overrides)
    return Rule(**fields)


def test_valid_rule_records_saved():
    rule = make_rule()
    assert rule.events == [RuleSaved(rule.id, 1)] and rule.enabled


@pytest.mark.parametrize("overrides, field", [
    ({"name": ""}, "name"),
    ({"event_type": "Complaints..x"}, "event_type"),
    ({"channels": []}, "channels"),
    ({"channels": ["fax"]}, "channels"),
    ({"channels": ["email", "email"]}, "channels"),
    ({"audience": Audience()}, "audience"),
    ({"audience": Audience(roles=("boss",))}, "audience.roles"),
    ({"audience": Audience(departments=("Quality Dept",))}, "audience.departments"),
    ({"audience": {"roles": ["quality"]}}, "audience"),
    ({"conditions": {"incident_class": []}}, "conditions"),
    ({"conditions": {"incident_class": "major"}}, "conditions"),
    ({"template": "  "}, "template"),
])
def test_invalid_rules_name_the_field(overrides, field):
    with pytest.raises(ValidationFailed) as caught:
        make_rule(**overrides)
    assert field in caught.value.extra["errors"]


def test_an_escalating_rule_may_leave_the_audience_to_the_policy():
    assert make_rule(audience=Audience(), escalate=True).escalate


def test_applies_to_needs_enabled_match_and_conditions():
    rule = make_rule(event_type="complaints.incident.classified",
                     conditions={"incident_class": ["major"]})
    assert rule.applies_to("complaints.incident.classified", {"incident_class": "major"})
    assert not rule.applies_to("complaints.incident.classified", {"incident_class": "batch"})
    assert not rule.applies_to("complaints.incident.classified", {})
    assert not rule.applies_to("complaints.complaint.received", {"incident_class": "major"})
    rule.update(T0, enabled=False)
    assert not rule.applies_to("complaints.incident.classified", {"incident_class": "major"})


def test_conditions_follow_dotted_paths():
    rule = make_rule(event_type="#", conditions={"customer.id": ["C-1", "C-2"]})
    assert rule.applies_to("x.y.z", {"customer": {"id": "C-2"}})
    assert not rule.applies_to("x.y.z", {"customer": {"id": "C-3"}})


def test_template_key_defaults_to_event_type():
    assert make_rule().template_key("complaints.complaint.overdue") == "complaints.complaint.overdue"
    assert make_rule(template="escalation").template_key("complaints.complaint.overdue") == "escalation"


def test_update_validates_and_rolls_back():
    rule = make_rule()
    with pytest.raises(ValidationFailed):
        rule.update(T0, channels=["pigeon"], name="renamed")
    assert (rule.channels, rule.name, rule.version) == (["email"], "overdue", 1)
    rule.update(T0, channels=["email", "sms"])
    assert (rule.channels, rule.version) == (["email", "sms"], 2)


def test_update_refuses_unknown_fields():
    with pytest.raises(ValidationFailed) as caught:
        make_rule().update(T0, colour="red")
    assert "colour" in caught.value.extra["errors"]


def test_audience_round_trips_through_its_dict_shape():
    audience = Audience(roles=("quality",), departments=("sales",), recipient_ids=(uuid.uuid4(),),
                        heads_of=("owner_department",), recipient_fields=("salesperson",),
                        department_fields=("departments",))
    assert Audience.from_dict(audience.to_dict()) == audience
