"""Command handlers through an in-memory unit of work: the rules that live in a handler."""
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from qms_shared.domain import Actor, Conflict, InvalidTransition, PreconditionFailed, ValidationFailed

from notifications.adapters.templates import TemplateRenderer
from notifications.domain import commands
from notifications.domain.defaults import default_rules, default_templates
from notifications.domain.delivery import Delivery
from notifications.domain.retry import RetryPolicy
from notifications.domain.rule import Audience, Rule
from notifications.service_layer import handlers, sending
from notifications.service_layer.dependencies import Dependencies

from notification_fakes import FakeUnitOfWork

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
DEPS = Dependencies(renderer=TemplateRenderer(), policy=RetryPolicy(), clock=lambda: T0 + timedelta(hours=1))
ADMIN = Actor("u-admin", "Admin")


def rule(name="complaint-received", **overrides):
    fields = dict(id=uuid.uuid4(), name=name, event_type="complaints.complaint.received",
                  audience=Audience(roles=("quality",)), channels=["email"], at=T0)
    fields.update(overrides)
    return Rule(**fields)


def test_a_rule_may_not_take_another_rules_name():
    first, second = rule("first"), rule("second")
    uow = FakeUnitOfWork(rules=[first, second])
    with pytest.raises(Conflict):
        handlers.update_rule(commands.UpdateRule(second.id, {"name": "first"}), uow=uow, deps=DEPS)
    with pytest.raises(Conflict):
        handlers.create_rule(commands.CreateRule({"name": "first", "event_type": "reviews.#",
                                                  "audience": {"roles": ["quality"]}, "channels": ["sms"]}),
                             uow=uow, deps=DEPS)
    assert (second.name, second.version, uow.commits) == ("second", 1, 0)


def test_a_stale_if_match_is_refused_before_the_name_is_looked_at():
    first, second = rule("first"), rule("second")
    uow = FakeUnitOfWork(rules=[first, second])
    with pytest.raises(PreconditionFailed):
        handlers.update_rule(commands.UpdateRule(second.id, {"name": "first"}, expected_version=7), uow=uow, deps=DEPS)


def test_an_update_checks_the_version_asked_for_and_bumps_it(person):
    wei = person()
    uow = FakeUnitOfWork(recipients=[wei])
    with pytest.raises(PreconditionFailed):
        handlers.update_recipient(commands.UpdateRecipient(wei.id, {"locale": "en"}, 2), uow=uow, deps=DEPS)
    handlers.update_recipient(commands.UpdateRecipient(wei.id, {"locale": "en"}, 1), uow=uow, deps=DEPS)
    assert (wei.locale, wei.version, wei.updated_at, uow.commits) == ("en", 2, DEPS.clock(), 1)


def test_a_second_template_for_the_same_key_is_refused():
    existing = default_templates(T0)[0]
    uow = FakeUnitOfWork(templates=[existing])
    fields = {"event_type": existing.event_type, "channel": existing.channel, "locale": existing.locale,
              "subject": "Other", "body": "Other"}
    with pytest.raises(Conflict):
        handlers.create_template(commands.CreateTemplate(fields), uow=uow, deps=DEPS)


def test_a_template_that_no_longer_renders_is_not_saved():
    existing = default_templates(T0)[0]
    uow = FakeUnitOfWork(templates=[existing])
    with pytest.raises(ValidationFailed):
        handlers.update_template(commands.UpdateTemplate(existing.id, {"body": "{% if %}"}), uow=uow, deps=DEPS)
    assert uow.commits == 0


def test_defaults_keep_what_an_installation_changed_unless_replaced():
    kept = default_rules(T0)[0]
    kept.update(T0, channels=["sms"], enabled=False)
    uow = FakeUnitOfWork(rules=[kept])
    counts = handlers.load_defaults(commands.LoadDefaults(), uow=uow, deps=DEPS)
    assert counts == {"rules": len(default_rules(T0)) - 1, "templates": len(default_templates(T0))}
    assert (kept.channels, kept.enabled) == (["sms"], False)
    handlers.load_defaults(commands.LoadDefaults(replace=True), uow=uow, deps=DEPS)
    assert (kept.channels, kept.enabled) == (default_rules(T0)[0].channels, False)  # enabling stays theirs


def test_a_direct_notification_skips_who_cannot_be_reached_and_wakes_the_dispatcher(person):
    reachable, opted_out = person("Li Wei"), person("Wang Fang", opt_out=["email"])
    uow = FakeUnitOfWork(recipients=[reachable, opted_out])
    accepted = sending.send_notification(commands.SendNotification(
        channel="email", body="Hello", subject="Hi", actor=ADMIN, recipient_ids=(reachable.id, opted_out.id)),
        uow=uow, deps=DEPS)
    assert [d.address for d in accepted.deliveries] == [reachable.email]
    assert [s["recipient_id"] for s in accepted.skipped] == [str(opted_out.id)]
    assert (uow.commits, uow.woken) == (1, 1)


def test_a_direct_notification_to_someone_unknown_is_refused(person):
    uow = FakeUnitOfWork(recipients=[person()])
    with pytest.raises(ValidationFailed):
        sending.send_notification(commands.SendNotification(
            channel="email", body="Hello", subject="Hi", actor=ADMIN, recipient_ids=(uuid.uuid4(),)), uow=uow, deps=DEPS)
    assert uow.commits == 0


def test_only_a_failed_or_dead_delivery_is_resent():
    delivery = Delivery(id=uuid.uuid4(), key="k", channel="email", address="a@example.com", subject="s", body="b", at=T0)
    uow = FakeUnitOfWork(deliveries=[delivery])
    with pytest.raises(InvalidTransition):
        sending.resend_delivery(commands.ResendDelivery(delivery.id, ADMIN), uow=uow, deps=DEPS)
    delivery.mark_failed(T0, "550 no such user", DEPS.policy, permanent=True)
    sending.resend_delivery(commands.ResendDelivery(delivery.id, ADMIN), uow=uow, deps=DEPS)
    assert (delivery.status, delivery.resend_count, uow.woken) == ("pending", 1, 1)
