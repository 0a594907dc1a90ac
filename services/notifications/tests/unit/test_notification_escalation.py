"""Escalation: department head first; general manager when overdue again or a major incident."""
from notifications.domain.escalation import EscalationPolicy
from notifications.domain.rule import Audience

policy = EscalationPolicy()


def test_first_overdue_goes_to_the_owner_department_head_only():
    assert policy.audience({"owner_department": "quality"}) == Audience(heads_of=("owner_department",))


def test_level_two_adds_the_general_manager():
    audience = policy.audience({"owner_department": "quality", "escalation_level": 2})
    assert audience == Audience(heads_of=("owner_department",), roles=("general_manager",))


def test_level_read_from_count_or_list_of_missed_deadlines():
    assert policy.level({"escalation_level": 1}) == 1
    assert policy.level({"overdue_count": 3}) == 3
    assert policy.level({"overdue": ["containment"]}) == 1
    assert policy.level({"overdue": ["containment", "corrective_action"]}) == 2
    assert policy.level({}) == 1
    assert policy.level({"escalation_level": 0}) == 1       # never below the first step
    assert policy.level({"escalation_level": True}) == 1     # a bool is not a level


def test_major_incident_goes_to_the_general_manager_at_once():
    audience = policy.audience({"owner_department": "quality", "incident_class": "major"})
    assert audience.roles == ("general_manager",)
    assert policy.audience({"owner_department": "quality", "incident_class": "batch"}).roles == ()


def test_first_department_field_present_wins():
    audience = policy.audience({"responsible_department": "production", "department": "sales"})
    assert audience.heads_of == ("responsible_department",)


def test_without_a_department_the_general_manager_is_told():
    assert policy.audience({}) == Audience(roles=("general_manager",))


def test_field_names_are_configuration():
    custom = EscalationPolicy(department_fields=("dept",), level_fields=("round",))
    assert custom.audience({"dept": "legal", "round": 2}) == Audience(
        heads_of=("dept",), roles=("general_manager",))
