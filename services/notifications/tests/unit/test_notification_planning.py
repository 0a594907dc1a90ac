"""Planning the deliveries of one event: rules, audiences, channels, opt-outs, escalation, dedup."""
import uuid
from datetime import datetime, timezone

from notifications.domain.incoming import IncomingEvent
from notifications.domain.planning import delivery_key, plan_deliveries
from notifications.domain.rule import Audience, Rule

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def rule(name, pattern, channels=("email",), **kw):
    kw.setdefault("audience", Audience(roles=("quality",)))
    return Rule(id=uuid.uuid4(), name=name, event_type=pattern, channels=list(channels), at=T0, **kw)


def event(type_="complaints.complaint.received", **data):
    return IncomingEvent(id=uuid.uuid4(), type=type_, occurred_at=T0, data=data)


def plan_summary(plans):
    return sorted((p.recipient.name, p.channel, p.template_key) for p in plans)


def test_one_delivery_per_recipient_and_channel(person):
    people = [person("Zhang", roles=["quality"], mobile="+8613800138000"),
              person("Wang", roles=["quality"])]
    plans = plan_deliveries(event(), [rule("r", "complaints.#", ("email", "sms"))], people)
    key = "complaints.complaint.received"
    assert plan_summary(plans) == [("Wang", "email", key), ("Zhang", "email", key), ("Zhang", "sms", key)]


def test_opted_out_channel_is_skipped(person):
    people = [person("Zhang", roles=["quality"], mobile="+8613800138000", opt_out=["email"])]
    plans = plan_deliveries(event(), [rule("r", "#", ("email", "sms"))], people)
    assert [(p.channel) for p in plans] == ["sms"]


def test_disabled_and_unmatched_rules_plan_nothing(person):
    people = [person("Zhang", roles=["quality"])]
    rules = [rule("off", "#", enabled=False), rule("other", "reviews.#")]
    assert plan_deliveries(event(), rules, people) == []


def test_overlapping_rules_send_once_with_the_most_specific_template(person):
    people = [person("Zhang", roles=["quality"])]
    rules = [rule("catch-all", "#", template="generic"),
             rule("exact", "complaints.complaint.received"),
             rule("star", "complaints.*.received", template="star")]
    plans = plan_deliveries(event(), rules, people)
    assert plan_summary(plans) == [("Zhang", "email", "complaints.complaint.received")]


def test_escalating_rule_first_time_tells_the_owner_head(person):
    people = [person("Head Q", department="quality", department_head=True),
              person("Head S", department="sales", department_head=True),
              person("GM", roles=["general_manager"])]
    overdue = rule("overdue", "*.*.overdue", audience=Audience(), escalate=True)
    plans = plan_deliveries(event("complaints.complaint.overdue", owner_department="sales"), [overdue], people)
    assert plan_summary(plans) == [("Head S", "email", "complaints.complaint.overdue")]


def test_escalating_rule_overdue_again_adds_the_general_manager(person):
    people = [person("Head S", department="sales", department_head=True),
              person("GM", roles=["general_manager"])]
    overdue = rule("overdue", "*.*.overdue", audience=Audience(), escalate=True)
    again = event("complaints.complaint.overdue", owner_department="sales", escalation_level=2)
    assert [p.recipient.name for p in plan_deliveries(again, [overdue], people)] == ["Head S", "GM"]


def test_major_incident_condition_and_escalation(person):
    people = [person("GM", roles=["general_manager"]), person("Head Q", department="quality",
                                                              department_head=True)]
    major = rule("major", "complaints.incident.classified", audience=Audience(roles=("general_manager",)),
                 conditions={"incident_class": ["major"]})
    general = event("complaints.incident.classified", incident_class="general", owner_department="quality")
    assert plan_deliveries(general, [major], people) == []
    serious = event("complaints.incident.classified", incident_class="major", owner_department="quality")
    assert [p.recipient.name for p in plan_deliveries(serious, [major], people)] == ["GM"]


def test_the_idempotency_key_is_event_recipient_channel(person):
    wei = person("Zhang", roles=["quality"])
    received = event()
    (plan,) = plan_deliveries(received, [rule("r", "#")], [wei])
    assert plan.key == f"{received.id}:{wei.id}:email" == delivery_key(received.id, wei.id, "email")
    # The same event planned again (a redelivery) gives the same key, so no second delivery.
    (again,) = plan_deliveries(received, [rule("r2", "#")], [wei])
    assert again.key == plan.key


def test_webhook_only_reaches_systems_with_a_url(person):
    people = [person("ERP", roles=["system"], webhook_url="http://127.0.0.1:9/hook"),
              person("Zhang", roles=["system"])]
    plans = plan_deliveries(event(), [rule("sys", "complaints.#", ("webhook",),
                                           audience=Audience(roles=("system",)))], people)
    assert [(p.recipient.name, p.channel) for p in plans] == [("ERP", "webhook")]


def test_template_context_exposes_data_and_envelope():
    received = event(number="CP-2026-000001", customer={"name": "ACME"})
    context = received.template_context()
    assert context["number"] == "CP-2026-000001"
    assert context["customer"]["name"] == "ACME"
    assert context["event"]["type"] == "complaints.complaint.received"
    assert context["event"]["occurred_at"] == "2026-03-02T09:00:00+00:00"
    assert received.field("customer.name") == "ACME" and received.field("customer.x", 7) == 7
