"""Escalation by the seeds (000, DOMAIN.md §5), end to end on a real SMTP server: a complaints event as the
complaints service publishes it (checked against its catalogue) -> the notifications consumer -> the mail of the
head of the department that must act, then of the general manager too; and the stored rules' migration."""
from __future__ import annotations

import json
import threading
import uuid

import pytest
from alembic import command
from qms_shared.catalogue import Catalogue
from qms_shared.consumer import EventConsumer
from qms_shared.envelope import new_envelope
from qms_shared.migrations import alembic_config, upgrade
from sqlalchemy import text

from notifications.bootstrap import bootstrap
from notifications.domain import commands

COMPLAINT = {"number": "CP-2026-000042", "status": "analysed", "customer": {"id": "C-1", "name": "Acme Paper"},
             "category": "quality", "owner_department": "quality",
             "product": {"code": "BOX-7", "batch": "B2602", "production_date": "2026-02-20"},
             "received_at": "2026-03-02T09:00:00+08:00", "containment_due_at": "2026-03-04T09:00:00+08:00",
             "corrective_action_due_at": "2026-03-16T09:00:00+08:00", "incident_class": "general",
             "responsible_department": "purchasing", "deadline": "corrective_action",
             "due_at": "2026-03-16T09:00:00+08:00"}
LEVEL_1 = {"escalation": "department_head", "escalation_level": 1}
LEVEL_2 = {"escalation": "general_manager", "escalation_level": 2}


@pytest.fixture
def overrides(overrides, smtp_server, receiver):
    _, server = smtp_server
    return {**overrides, "smtp_url": server.url, "sms_gateway_url": receiver.url("/sms")}


@pytest.fixture
def service(ctx, overrides):
    wired = bootstrap(overrides)
    wired.bus.handle(commands.LoadDefaults())
    for name, department, roles in (("Head Quality", "quality", []), ("Head Purchasing", "purchasing", []),
                                    ("Head Sales", "sales", []), ("Zhao GM", None, ["general_manager"])):
        wired.bus.handle(commands.RegisterRecipient({
            "name": name, "email": f"{name.lower().replace(' ', '.')}@factory.example", "department": department,
            "department_head": department is not None, "roles": roles, "locale": "en"}))
    wired.bus.handle(commands.RegisterRecipient({"name": "Plain Purchasing", "email": "plain@factory.example",
                                                 "department": "purchasing", "locale": "en"}))
    yield wired
    wired.extras["dispatcher"].close()
    wired.db.dispose()


def mailed(service, smtp_server, event_type: str, **data) -> list[str]:
    """Publish one event as the complaints service does, consume it, send, and say who got mail."""
    inbox, _ = smtp_server
    env = new_envelope(source="complaints", type=event_type, subject=str(uuid.uuid4()), data=data)
    Catalogue.of_package("complaints").validate(json.loads(json.dumps(env, default=str)))
    before = len(inbox.messages)
    consumer = EventConsumer(config=service.config, uow_factory=service.uow_factory, handlers=service.event_handlers,
                             tables=service.tables, stop=threading.Event())
    assert consumer.apply(json.dumps(env, default=str)).kind == "applied"
    service.extras["dispatcher"].drain()
    return sorted(m["To"].split("@")[0] for m in inbox.messages[before:])


def test_before_analysis_the_owner_departments_head_hears_of_the_first_miss(service, smtp_server):
    received = {**COMPLAINT, "status": "received", "responsible_department": None, "deadline": "containment",
                "due_at": COMPLAINT["containment_due_at"]}
    assert mailed(service, smtp_server, "complaints.complaint.overdue", **received, **LEVEL_1,
                  escalation_department="quality") == ["head.quality"]


def test_after_analysis_the_responsible_departments_head_then_the_general_manager(service, smtp_server):
    inbox, _ = smtp_server
    assert mailed(service, smtp_server, "complaints.complaint.overdue", **COMPLAINT, **LEVEL_1,
                  escalation_department="purchasing") == ["head.purchasing"]
    body = inbox.messages[-1].get_body(("plain",)).get_content()
    assert "Department to act: purchasing (escalation level 1)" in body
    assert mailed(service, smtp_server, "complaints.complaint.overdue", **{**COMPLAINT, "due_at": "2026-03-20T09:00:00+08:00"},
                  **LEVEL_2, escalation_department="purchasing") == ["head.purchasing", "zhao.gm"]


def test_a_major_incident_reaches_the_general_manager_at_its_first_miss(service, smtp_server):
    major = {**COMPLAINT, "incident_class": "major"}
    assert mailed(service, smtp_server, "complaints.complaint.overdue", **major, **LEVEL_2,
                  escalation_department="purchasing") == ["head.purchasing", "zhao.gm"]


def test_an_event_from_before_the_upgrade_still_reaches_the_owner_departments_head(service, smtp_server):
    inbox, _ = smtp_server
    env = new_envelope(source="complaints", type="complaints.complaint.overdue", subject=str(uuid.uuid4()),
                       data={**COMPLAINT, **LEVEL_1})  # no escalation_department yet
    consumer = EventConsumer(config=service.config, uow_factory=service.uow_factory, handlers=service.event_handlers,
                             tables=service.tables, stop=threading.Event())
    consumer.apply(json.dumps(env))
    service.extras["dispatcher"].drain()
    assert [m["To"] for m in inbox.messages] == ["head.quality@factory.example"]


def test_internal_problems_and_survey_actions_escalate_alike(service, smtp_server):
    problem = {"number": "IP-2026-000001", "status": "contained", "level": "important", "owner_department": "quality",
               "product": {"code": "CASE-3", "batch": "C11", "production_date": None},
               "found_at": "2026-03-02T09:00:00+08:00", "found_in": "production", "quantity_scrapped": 0,
               "quantity_reworked": 12, "containment_due_at": "2026-03-04T09:00:00+08:00",
               "corrective_action_due_at": "2026-03-16T09:00:00+08:00", "incident_class": "general",
               "responsible_department": None, "deadline": "corrective_action",
               "due_at": "2026-03-16T09:00:00+08:00"}
    assert mailed(service, smtp_server, "complaints.internal_problem.overdue", **problem, **LEVEL_2,
                  escalation_department="quality") == ["head.quality", "zhao.gm"]
    action = {"number": "CA-2026-000001", "owner_department": "quality", "customer_id": "C-1", "source": "survey",
              "source_id": str(uuid.uuid4()), "due_at": "2026-03-16T09:00:00+08:00"}
    assert mailed(service, smtp_server, "complaints.corrective_action.opened", **action,
                  description="Customer C-1 answered 'dissatisfied' on 'delivery'.") == ["head.quality"]
    assert mailed(service, smtp_server, "complaints.corrective_action.overdue", **action, **LEVEL_1,
                  escalation_department="quality") == ["head.quality"]


def _overdue_rules(conn) -> dict:
    rows = conn.execute(text("SELECT name, escalate, audience, conditions FROM rules "
                             "WHERE event_type = 'complaints.complaint.overdue'")).all()
    return {r.name: (r.escalate, r.audience["heads_of"], r.conditions) for r in rows}


def test_the_stored_overdue_rule_follows_the_upgrade_and_back(ctx):
    ctx.bus.handle(commands.LoadDefaults())
    with ctx.db.engine.begin() as conn:  # as the defaults were installed before the upgrade
        conn.execute(text("DELETE FROM rules WHERE name IN ('complaint-overdue-general-manager', "
                          "'complaint-overdue-before-escalation-department')"))
        conn.execute(text("UPDATE rules SET escalate = true, audience = CAST(:a AS json) WHERE name = 'complaint-overdue'"),
                     {"a": json.dumps({"roles": [], "departments": [], "recipient_ids": [], "heads_of": [],
                                       "recipient_fields": [], "department_fields": []})})
        conn.execute(text("UPDATE alembic_version SET version_num = '5c2e8f1d7a40'"))
    upgrade(ctx.db, "notifications")
    with ctx.db.engine.connect() as conn:
        assert _overdue_rules(conn) == {
            "complaint-overdue": (False, ["escalation_department"], {}),
            "complaint-overdue-general-manager": (False, [], {"escalation": ["general_manager"]}),
            "complaint-overdue-before-escalation-department": (True, [], {"escalation_department": [None]})}
    command.downgrade(alembic_config("notifications", ctx.db.url), "5c2e8f1d7a40")
    with ctx.db.engine.connect() as conn:
        assert _overdue_rules(conn) == {"complaint-overdue": (True, [], {})}
    upgrade(ctx.db, "notifications")
