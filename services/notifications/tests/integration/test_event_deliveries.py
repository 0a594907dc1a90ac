"""From an event on the consumer to messages read back from real local servers, exactly once."""
from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from qms_shared.consumer import EventConsumer
from qms_shared.domain import Actor
from qms_shared.envelope import new_envelope

from notifications.adapters.orm import deliveries as deliveries_table
from notifications.bootstrap import bootstrap
from notifications.domain import commands
from notifications.domain.delivery import Delivery
from notifications.domain.signature import verify
from notifications.service_layer.composer import Composer
from notifications.service_layer.dispatcher import RECORD_EVERY, Dispatcher
from notifications.service_layer.event_handlers import event_handlers


class Clock:
    """A clock the test moves by hand, so backoff can be walked through without sleeping."""

    def __init__(self):
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)

    def __call__(self):
        return self.now

    def advance(self, **delta):
        self.now += timedelta(**delta)


@pytest.fixture
def overrides(overrides, smtp_server, receiver):
    _, server = smtp_server
    return {**overrides, "smtp_url": server.url, "sms_gateway_url": receiver.url("/sms"),
            "retry_max_attempts": 3, "retry_base_seconds": 60, "retry_cap_seconds": 90,
            "webhook_secret": "test-webhook-secret"}


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def service(ctx, overrides, clock):
    """The service wired with the hand clock (ctx has migrated and emptied the database)."""
    wired = bootstrap(overrides, clock=clock)
    wired.bus.handle(commands.LoadDefaults())
    yield wired
    wired.extras["dispatcher"].close()
    wired.db.dispose()


def person(service, name, **fields):
    fields.setdefault("email", f"{name.lower().replace(' ', '.')}@factory.example")
    return service.bus.handle(commands.RegisterRecipient({"name": name, **fields}))


def envelope(type_, **data):
    return new_envelope(source=type_.split(".")[0], type=type_, subject=str(uuid.uuid4()), data=data)


def consume(service, env) -> str:
    consumer = EventConsumer(config=service.config, uow_factory=service.uow_factory,
                             handlers=service.event_handlers, tables=service.tables, stop=threading.Event())
    return consumer.apply(json.dumps(env)).kind


def deliveries(service, **filters):
    with service.uow_factory() as uow:
        return uow.deliveries.list(**filters, offset=0, limit=200)[0]


def outbox_types(service):
    with service.db.engine.connect() as conn:
        return [row.event_type for row in conn.execute(select(service.tables.outbox.c.event_type))]


RECEIVED = dict(number="CP-2026-000042", customer={"id": "C-1", "name": "华强电子"}, category="delivery",
                owner_department="sales", status="received", received_at="2026-03-02T09:00:00+08:00")


def test_a_received_complaint_emails_the_owner_department_in_each_locale(service, smtp_server):
    inbox, _ = smtp_server
    person(service, "Chen Sales", department="sales", locale="zh-CN")
    person(service, "Jane Sales", department="sales", locale="en")
    person(service, "Wang Quality", department="quality")
    assert consume(service, envelope("complaints.complaint.received", **RECEIVED)) == "applied"
    assert service.extras["dispatcher"].drain() == 2
    (chen,) = inbox.to("chen.sales@factory.example")
    (jane,) = inbox.to("jane.sales@factory.example")
    assert chen["Subject"] == "新客户投诉 CP-2026-000042：华强电子"
    assert jane["Subject"] == "New customer complaint CP-2026-000042: 华强电子"
    assert "Owner department: sales" in jane.get_body(("plain",)).get_content()
    assert "<p>Complaint CP-2026-000042 received from 华强电子" in jane.get_body(("html",)).get_content()
    assert inbox.to("wang.quality@factory.example") == []
    sent = deliveries(service)
    assert {(d.status, len(d.attempts), d.channel) for d in sent} == {("sent", 1, "email")}
    assert outbox_types(service).count("notifications.delivery.sent") == 2


def test_one_review_request_emails_each_department_it_names_once(service, smtp_server):
    inbox, _ = smtp_server
    for name, department in (("Chen Sales", "sales"), ("Wu Plant", "production"), ("Qian Money", "finance"),
                             ("Wang Quality", "quality")):
        person(service, name, department=department, locale="en")
    requested = envelope("reviews.review.requested", number="CT-2026-000007", customer={"id": "C-1", "name": "Acme"},
                         salesperson="Zhang San", revision=1, status="under_review", type="special",
                         departments=["sales", "production", "finance"], due_at="2026-03-04T09:00:00+08:00")
    requested["version"] = 2
    assert consume(service, requested) == "applied"
    assert consume(service, requested) != "applied"  # redelivered: nothing sent twice
    assert service.extras["dispatcher"].drain() == 3
    for address in ("chen.sales", "wu.plant", "qian.money"):
        (mail,) = inbox.to(f"{address}@factory.example")
        assert "needs the review of sales, production, finance by 2026-03-04" in mail.get_body(("plain",)).get_content()
    assert inbox.to("wang.quality@factory.example") == []


def test_a_redelivered_event_never_sends_twice(service, smtp_server):
    inbox, _ = smtp_server
    person(service, "Chen Sales", department="sales")
    env = envelope("complaints.complaint.received", **RECEIVED)
    assert consume(service, env) == "applied"
    assert consume(service, env) == "duplicate"          # the broker delivered it again
    with service.uow_factory() as uow:                    # even past the inbox: the key holds
        service.event_handlers["complaints.#"](dict(env), uow)
        uow.commit()
    service.extras["dispatcher"].drain()
    service.extras["dispatcher"].drain()
    assert len(inbox.messages) == 1 and len(deliveries(service)) == 1


def test_overdue_escalates_to_the_head_then_the_general_manager(service, smtp_server, receiver):
    inbox, _ = smtp_server
    person(service, "Head Sales", department="sales", department_head=True, mobile="+8613800138001")
    person(service, "Plain Sales", department="sales")
    person(service, "Zhao GM", roles=["general_manager"], mobile="+8613800138009", locale="en")
    overdue = dict(RECEIVED, deadline="containment", due_at="2026-03-04T09:00:00+08:00")
    consume(service, envelope("complaints.complaint.overdue", **overdue))
    service.extras["dispatcher"].drain()
    assert [m["To"] for m in inbox.messages] == ["head.sales@factory.example"]
    assert [json.loads(body)["to"] for _, _, body in receiver.requests] == ["+8613800138001"]

    consume(service, envelope("complaints.complaint.overdue", **dict(overdue, escalation_level=2)))
    service.extras["dispatcher"].drain()
    assert sorted(m["To"] for m in inbox.messages[1:]) == ["head.sales@factory.example", "zhao.gm@factory.example"]
    texts = {json.loads(body)["to"]: json.loads(body)["text"] for _, _, body in receiver.requests[1:]}
    assert set(texts) == {"+8613800138001", "+8613800138009"}
    assert texts["+8613800138009"] == "[QMS] Complaint CP-2026-000042 overdue (containment, due 2026-03-04T09:00:00+08:00)"
    assert inbox.to("plain.sales@factory.example") == []


def test_an_unreachable_smtp_server_retries_with_backoff_then_dies(service, smtp_server, clock):
    inbox, server = smtp_server
    person(service, "Chen Sales", department="sales")
    server.stop()
    consume(service, envelope("complaints.complaint.received", **RECEIVED))
    dispatcher = service.extras["dispatcher"]
    dispatcher.drain()
    (delivery,) = deliveries(service)
    assert (delivery.status, delivery.next_attempt_at) == ("retrying", clock.now + timedelta(seconds=60))
    assert dispatcher.drain() == 0                        # not due yet
    clock.advance(seconds=60)
    dispatcher.drain()
    (delivery,) = deliveries(service)
    assert (delivery.status, delivery.next_attempt_at) == ("retrying", clock.now + timedelta(seconds=90))  # capped
    clock.advance(seconds=90)
    dispatcher.drain()
    (delivery,) = deliveries(service)
    assert delivery.status == "dead" and len(delivery.attempts) == 3
    assert all(not a.succeeded and "SMTP" in a.error for a in delivery.attempts)
    assert outbox_types(service).count("notifications.delivery.failed") == 1

    server.start()                                        # someone fixes the server and resends
    service.bus.handle(commands.ResendDelivery(delivery.id, actor=Actor("admin")))
    dispatcher.drain()
    (delivery,) = deliveries(service)
    assert (delivery.status, len(delivery.attempts)) == ("sent", 4)
    assert len(inbox.messages) == 1


def test_a_refused_address_fails_at_once_without_retries(service, smtp_server):
    person(service, "Nobody", email="nobody@factory.example", department="sales")
    consume(service, envelope("complaints.complaint.received", **RECEIVED))
    service.extras["dispatcher"].drain()
    (delivery,) = deliveries(service)
    assert (delivery.status, len(delivery.attempts), delivery.next_attempt_at) == ("failed", 1, None)
    assert "550" in delivery.last_error


def test_systems_get_a_signed_webhook_with_the_event(service, receiver):
    person(service, "ERP", email=None, roles=["system"], webhook_url=receiver.url("/erp/hook"),
           webhook_secret="erp-secret")
    env = envelope("reviews.contract.accepted", number="CT-2026-000001")
    consume(service, env)
    service.extras["dispatcher"].drain()
    ((path, headers, body),) = [r for r in receiver.requests if r[0] == "/erp/hook"]
    assert json.loads(body)["id"] == env["id"] and json.loads(body)["data"]["number"] == "CT-2026-000001"
    assert verify("erp-secret", headers["X-QMS-Timestamp"], headers["X-QMS-Signature"], body,
                  now=int(headers["X-QMS-Timestamp"]))


def test_a_major_incident_reaches_the_general_manager_at_once(service, smtp_server):
    inbox, _ = smtp_server
    person(service, "Zhao GM", roles=["general_manager"])
    person(service, "Plain Quality", department="quality", roles=["quality"])
    consume(service, envelope("complaints.incident.classified", **dict(RECEIVED, incident_class="general")))
    consume(service, envelope("complaints.major_incident.raised", **dict(RECEIVED, incident_class="major")))
    service.extras["dispatcher"].drain()
    assert [(m["To"], m["Subject"]) for m in inbox.messages] == [
        ("zhao.gm@factory.example", "【重大质量事故】投诉 CP-2026-000042")]


def test_rules_with_conditions_only_fire_when_met(service, smtp_server):
    inbox, _ = smtp_server
    person(service, "Wang Quality", roles=["quality"], locale="en")
    product = {"code": "P-100", "name": "Relay", "customer_ids": [], "evaluated_at": "2026-03-02T09:00:00+00:00",
               "previous_status": "compliant", "trigger": "declaration", "reasons": [
                   {"cas": "7439-92-1", "material": "solder", "value_ppm": 1500, "limit_ppm": 1000, "source": "RoHS"}]}
    consume(service, envelope("compliance.product.status_changed", **dict(product, status="partially_compliant")))
    service.extras["dispatcher"].drain()
    assert inbox.messages == []
    consume(service, envelope("compliance.product.status_changed", **dict(product, status="non_compliant")))
    service.extras["dispatcher"].drain()
    (mail,) = inbox.messages
    assert mail["Subject"] == "[Non-compliant] Product P-100: non_compliant"
    assert "- solder 7439-92-1: 1500 ppm (limit 1000, RoHS)" in mail.get_body(("plain",)).get_content()


def test_one_timeout_per_batch_when_the_server_is_down(service, smtp_server, clock):
    inbox, server = smtp_server
    for n in range(3):
        person(service, f"Sales {n}", department="sales")
    server.stop()
    consume(service, envelope("complaints.complaint.received", **RECEIVED))
    service.extras["dispatcher"].drain()
    tried = sorted(deliveries(service), key=lambda d: len(d.attempts), reverse=True)
    assert [(d.status, len(d.attempts)) for d in tried] == [("retrying", 1), ("pending", 0), ("pending", 0)]
    assert {d.next_attempt_at for d in tried[1:]} == {clock.now + timedelta(seconds=5)}
    server.start()
    clock.advance(seconds=60)
    service.extras["dispatcher"].drain()
    assert len(inbox.messages) == 3
    assert {d.status for d in deliveries(service)} == {"sent"}


def test_a_change_to_rules_or_directory_applies_to_the_very_next_event(service, smtp_server):
    inbox, _ = smtp_server
    chen = person(service, "Chen Sales", department="sales", mobile="+8613800138000")
    consume(service, envelope("complaints.complaint.received", **RECEIVED))
    service.bus.handle(commands.UpdateRecipient(chen.id, {"opt_out": ["email"]}))
    consume(service, envelope("complaints.complaint.received", **RECEIVED))
    service.bus.handle(commands.UpdateRecipient(chen.id, {"opt_out": []}))
    with service.uow_factory() as uow:
        rule = uow.rules.by_name("complaint-received")
    service.bus.handle(commands.UpdateRule(rule.id, {"enabled": False}))
    consume(service, envelope("complaints.complaint.received", **RECEIVED))
    service.extras["dispatcher"].drain()
    assert len(inbox.messages) == 1 and len(deliveries(service)) == 1


def queue(service, clock, count: int) -> list[uuid.UUID]:
    """`count` email deliveries due now, oldest first."""
    made = []
    with service.uow_factory() as uow:
        for n in range(count):
            delivery = Delivery(id=uuid.uuid4(), key=f"lease:{uuid.uuid4()}:email", channel="email",
                                address=f"p{n}@factory.example", subject="s", body="b",
                                at=clock.now - timedelta(seconds=count - n))
            uow.deliveries.add(delivery)
            made.append(delivery.id)
        uow.commit()
    return made


def test_two_dispatchers_claiming_at_once_never_take_the_same_delivery(service, clock):
    made = queue(service, clock, 5)
    first, second = service.uow_factory(), service.uow_factory()
    with first, second:
        mine = first.deliveries.claim_due(clock.now, 3, timedelta(minutes=2))   # locked, not yet committed
        theirs = second.deliveries.claim_due(clock.now, 3, timedelta(minutes=2))  # SKIP LOCKED passes them by
        first.commit()
        second.commit()
    assert [m.delivery_id for m in mine] == made[:3] and [m.delivery_id for m in theirs] == made[3:]
    with service.uow_factory() as uow:
        assert uow.deliveries.claim_due(clock.now, 10, timedelta(minutes=2)) == []  # all leased


def test_a_lease_given_back_or_run_out_makes_a_delivery_due_again(service, clock):
    made = queue(service, clock, 2)
    with service.uow_factory() as uow:
        assert len(uow.deliveries.claim_due(clock.now, 10, timedelta(minutes=2))) == 2
        uow.deliveries.release(made[:1])
        uow.commit()
    with service.uow_factory() as uow:
        assert [m.delivery_id for m in uow.deliveries.claim_due(clock.now, 10, timedelta(minutes=2))] == made[:1]
    clock.advance(minutes=3)  # the dispatcher holding the other died: its lease ran out
    with service.uow_factory() as uow:
        assert [m.delivery_id for m in uow.deliveries.claim_due(clock.now, 10, timedelta(minutes=2))] == made


def test_queueing_skips_a_key_already_queued(service, clock):
    def delivery(key):
        return Delivery(id=uuid.uuid4(), key=key, channel="sms", address="+8613800138000", body="b", at=clock.now)
    with service.uow_factory() as uow:
        assert uow.deliveries.add_all([delivery("k:1:sms"), delivery("k:2:sms")]) == 2
        uow.commit()
    with service.uow_factory() as uow:
        assert uow.deliveries.add_all([delivery("k:2:sms"), delivery("k:3:sms")]) == 1
        uow.commit()
    assert sorted(d.key for d in deliveries(service)) == ["k:1:sms", "k:2:sms", "k:3:sms"]


def test_a_changed_template_words_the_very_next_event(service, smtp_server):
    inbox, _ = smtp_server
    person(service, "Chen Sales", department="sales", locale="zh-CN")
    consume(service, envelope("complaints.complaint.received", **RECEIVED))
    with service.uow_factory() as uow:
        template = uow.templates.find("complaints.complaint.received", "email", "zh-CN")
    service.bus.handle(commands.UpdateTemplate(template.id, {"subject": "Changed {{ number }}"}))
    consume(service, envelope("complaints.complaint.received", **RECEIVED))
    service.extras["dispatcher"].drain()
    assert sorted(m["Subject"] for m in inbox.messages) == ["Changed CP-2026-000042", "新客户投诉 CP-2026-000042：华强电子"]


def test_a_batch_of_events_wakes_the_dispatcher_once_after_its_commit(service, clock):
    person(service, "Chen Sales", department="sales")
    committed_when_woken = []

    def wake():  # what another connection sees at that moment
        with service.db.engine.connect() as conn:
            committed_when_woken.append(conn.execute(select(deliveries_table.c.id)).all())

    composer = Composer(service.extras["renderer"], service.config.default_locale, clock())
    handlers = event_handlers(composer, service.extras["deps"], on_commit=wake)
    consumer = EventConsumer(config=service.config, uow_factory=service.uow_factory, handlers=handlers,
                             tables=service.tables, stop=threading.Event())
    batch = [json.dumps(envelope("complaints.complaint.received", **RECEIVED)) for _ in range(3)]
    assert [o.kind for o in consumer.applier.apply_batch(batch)] == ["applied"] * 3
    assert [len(seen) for seen in committed_when_woken] == [3]


def test_a_dispatcher_dying_mid_batch_has_recorded_all_but_its_last_few_sends(service, clock):
    class DiesOnThe30th:
        sent = 0

        def send(self, message):
            if self.sent == 29:
                raise SystemExit("killed")  # not an Exception: nothing catches it, like a kill
            self.sent += 1

    with service.uow_factory() as uow:
        for n in range(40):
            uow.deliveries.add(Delivery(id=uuid.uuid4(), key=f"crash:{n}:email", channel="email",
                                        address=f"p{n}@factory.example", subject="s", body="b", at=clock.now))
        uow.commit()
    dying = Dispatcher(uow_factory=service.uow_factory,
                       deps=replace(service.extras["deps"], senders={"email": DiesOnThe30th()}))
    with pytest.raises(SystemExit):
        dying.drain()
    statuses = [d.status for d in deliveries(service)]
    assert statuses.count("sent") == 29 // RECORD_EVERY * RECORD_EVERY > 0
    assert statuses.count("pending") == 40 - statuses.count("sent")


@pytest.mark.parametrize("body, copies, limit", [
    ("{{ 'x' * (copies|default(1)) }}", 1_500_000_000, "output limit"),
    ("{% for a in range(copies|default(1)) %}{% for b in range(copies|default(1)) %}{% endfor %}{% endfor %}",
     100_000, "loop iterations"),
])
def test_a_template_past_its_limits_with_the_event_fails_that_delivery_not_the_consumer(service, smtp_server,
                                                                                       body, copies, limit):
    inbox, _ = smtp_server
    person(service, "Jane Sales", department="sales", locale="en")
    person(service, "Chen Sales", department="sales", locale="zh-CN")
    with service.uow_factory() as uow:
        template = uow.templates.find("complaints.complaint.received", "email", "en")
    service.bus.handle(commands.UpdateTemplate(template.id, {"body": body}))  # fine with the sample data
    started = time.monotonic()
    assert consume(service, envelope("complaints.complaint.received", **RECEIVED, copies=copies)) == "applied"
    assert time.monotonic() - started < 3
    service.extras["dispatcher"].drain()
    (failed,) = deliveries(service, status="failed")
    assert failed.address == "jane.sales@factory.example" and len(failed.attempts) == 1
    assert failed.last_error.startswith("template exceeded") and limit in failed.last_error
    assert [m["To"] for m in inbox.messages] == ["chen.sales@factory.example"]  # the other locale's went out
    assert outbox_types(service).count("notifications.delivery.failed") == 1
