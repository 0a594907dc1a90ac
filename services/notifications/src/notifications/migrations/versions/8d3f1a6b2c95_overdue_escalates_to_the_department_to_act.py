"""Overdue complaints escalate to the department that must act: the stored default rules follow

Revision ID: 8d3f1a6b2c95
Revises: 5c2e8f1d7a40
Create Date: 2026-12-07 23:40:00

From issue 19, `complaints.complaint.overdue` names the department whose head is told
(`escalation_department`: the responsible department once the complaint is analysed, the owner
department before) and says the level (`escalation`, `escalation_level`: the general manager on a later
miss, or at once for a major incident). The shipped rule `complaint-overdue` escalated by its own policy
to the owner department's head; where an installation still holds it as shipped, it now tells the head of
`escalation_department`, a second rule tells the general manager when the event says so, and a third
keeps the old escalation for events published before the upgrade (they carry no `escalation_department`).
The e-mail templates that still hold the shipped text name the department to act and the level; an edited
rule or template is left as it is (`qms-notifications load-defaults --replace` installs the shipped ones).
The rules and templates for internal problems and survey corrective actions are new: `load-defaults` adds them.
"""
import uuid
from datetime import datetime, timezone
from html import escape

import sqlalchemy as sa
from alembic import op

revision = '8d3f1a6b2c95'
down_revision = '5c2e8f1d7a40'
branch_labels = None
depends_on = None

EVENT_TYPE = "complaints.complaint.overdue"
NAMESPACE = uuid.UUID("6f1c9a52-3a57-4b53-9f0e-8d1c2b7a4e10")  # notifications.domain.defaults: ids from names
SHIPPED = {"roles": [], "departments": [], "recipient_ids": [], "heads_of": [], "recipient_fields": [],
           "department_fields": []}
NOW_SHIPPED = {**SHIPPED, "heads_of": ["escalation_department"]}
ADDED = {  # name -> (conditions, audience, escalate)
    "complaint-overdue-general-manager": ({"escalation": ["general_manager"]}, {**SHIPPED, "roles": ["general_manager"]},
                                          False),
    "complaint-overdue-before-escalation-department": ({"escalation_department": [None]}, SHIPPED, True),
}
TEXTS = {  # locale -> (the e-mail text shipped before, the text shipped now)
    "zh-CN": ("投诉 {{ number }}（客户 {{ customer.name }}）的{{ deadline }}期限 {{ due_at }} 已过，尚未处理。\n"
              "责任部门：{{ owner_department }}\n请立即跟进。",
              "投诉 {{ number }}（客户 {{ customer.name }}）的{{ deadline }}期限 {{ due_at }} 已过，尚未处理。\n"
              "需处理部门：{{ escalation_department or owner_department }}（第 {{ escalation_level or 1 }} 级升级）\n请立即跟进。"),
    "en": ("The {{ deadline }} deadline of complaint {{ number }} ({{ customer.name }}) was {{ due_at }} and has "
           "passed.\nOwner department: {{ owner_department }}\nPlease follow up now.",
           "The {{ deadline }} deadline of complaint {{ number }} ({{ customer.name }}) was {{ due_at }} and has "
           "passed.\nDepartment to act: {{ escalation_department or owner_department }} (escalation level "
           "{{ escalation_level or 1 }})\nPlease follow up now."),
}
rules = sa.table("rules", sa.column("id", sa.Uuid), sa.column("name", sa.String), sa.column("event_type", sa.String),
                 sa.column("audience", sa.JSON), sa.column("channels", sa.JSON), sa.column("template", sa.String),
                 sa.column("enabled", sa.Boolean), sa.column("escalate", sa.Boolean), sa.column("conditions", sa.JSON),
                 sa.column("created_at", sa.DateTime(timezone=True)), sa.column("updated_at", sa.DateTime(timezone=True)),
                 sa.column("version", sa.Integer))
templates = sa.table("templates", sa.column("id", sa.Uuid), sa.column("event_type", sa.String),
                     sa.column("channel", sa.String), sa.column("locale", sa.String), sa.column("body", sa.Text),
                     sa.column("html_body", sa.Text), sa.column("updated_at", sa.DateTime(timezone=True)),
                     sa.column("version", sa.Integer))


def upgrade() -> None:
    conn, now = op.get_bind(), datetime.now(timezone.utc)
    rule = _rule(conn, "complaint-overdue")
    if rule is None or not (rule.escalate and _plain(rule.audience) == SHIPPED and not rule.conditions):
        return  # defaults not installed, or the rule was edited: theirs to change
    conn.execute(rules.update().where(rules.c.id == rule.id).values(
        audience=NOW_SHIPPED, escalate=False, updated_at=now, version=rule.version + 1))
    for name, (conditions, audience, escalate) in ADDED.items():
        if _rule(conn, name) is None:
            conn.execute(rules.insert().values(
                id=uuid.uuid5(NAMESPACE, f"rule:{name}"), name=name, event_type=EVENT_TYPE, audience=audience,
                channels=list(rule.channels), template=None, enabled=rule.enabled, escalate=escalate,
                conditions=conditions, created_at=now, updated_at=now, version=1))
    _templates(conn, now, old=0, new=1)


def downgrade() -> None:
    conn, now = op.get_bind(), datetime.now(timezone.utc)
    rule = _rule(conn, "complaint-overdue")
    if rule is None or rule.escalate or _plain(rule.audience) != NOW_SHIPPED:
        return
    conn.execute(rules.update().where(rules.c.id == rule.id).values(
        audience=SHIPPED, escalate=True, updated_at=now, version=rule.version + 1))
    conn.execute(rules.delete().where(rules.c.name.in_(list(ADDED))))
    _templates(conn, now, old=1, new=0)


def _rule(conn, name: str):
    return conn.execute(sa.select(rules).where(rules.c.name == name)).first()


def _plain(audience) -> dict:
    return {**SHIPPED, **(audience or {})}


def _templates(conn, now, *, old: int, new: int) -> None:
    chosen = sa.select(templates).where(templates.c.event_type == EVENT_TYPE, templates.c.channel == "email")
    for template in conn.execute(chosen).all():
        texts = TEXTS.get(template.locale)
        if texts is None or template.body != texts[old]:
            continue  # edited by someone: theirs to change
        html_body = template.html_body
        if html_body is not None:
            html_body = _html(texts[new]) if html_body == _html(texts[old]) else html_body
        conn.execute(templates.update().where(templates.c.id == template.id)
                     .values(body=texts[new], html_body=html_body, updated_at=now, version=template.version + 1))


def _html(text: str) -> str:
    # as notifications.domain.defaults renders the shipped text
    paragraphs = "".join(f"<p>{escape(line, quote=False)}</p>" for line in text.split("\n"))
    return f'<html><body style="font-family:sans-serif">{paragraphs}</body></html>'
