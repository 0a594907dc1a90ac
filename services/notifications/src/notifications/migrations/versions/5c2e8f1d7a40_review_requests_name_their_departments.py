"""Review requests name their departments: the stored default rule and e-mail texts follow version 2

Revision ID: 5c2e8f1d7a40
Revises: 390183a418f4
Create Date: 2026-12-07 12:10:00

From version 2, `reviews.review.requested` is one event per request naming every department asked
(`departments`), not one event per department (`department`). A rule that finds its audience in the
`department` field alone would tell nobody, so the stored rules for that event type also look in
`departments` (first). The e-mail templates that still hold the shipped text get the new text, which
names the departments of either version; a template someone edited is left as it is (the README says
how to adopt the new default).
"""
from datetime import datetime, timezone
from html import escape

import sqlalchemy as sa
from alembic import op

revision = '5c2e8f1d7a40'
down_revision = '390183a418f4'
branch_labels = None
depends_on = None

EVENT_TYPE = "reviews.review.requested"
# (locale) -> (the text shipped before, the text shipped now)
TEXTS = {
    "zh-CN": ("合同 {{ number }}（客户 {{ customer.name }}，类型 {{ type }}）需要{{ department }}部门评审，截止 {{ due_at }}。",
              "合同 {{ number }}（客户 {{ customer.name }}，类型 {{ type }}）需要{{ (departments or [department]) "
              "| join('、') }}部门评审，截止 {{ due_at }}。"),
    "en": ("Contract {{ number }} ({{ customer.name }}, {{ type }}) needs the {{ department }} review by {{ due_at }}.",
           "Contract {{ number }} ({{ customer.name }}, {{ type }}) needs the review of {{ (departments or [department]) "
           "| join(', ') }} by {{ due_at }}."),
}
rules = sa.table("rules", sa.column("id", sa.Uuid), sa.column("event_type", sa.String), sa.column("audience", sa.JSON),
                 sa.column("updated_at", sa.DateTime(timezone=True)), sa.column("version", sa.Integer))
templates = sa.table("templates", sa.column("id", sa.Uuid), sa.column("event_type", sa.String),
                     sa.column("channel", sa.String), sa.column("locale", sa.String), sa.column("body", sa.Text),
                     sa.column("html_body", sa.Text), sa.column("updated_at", sa.DateTime(timezone=True)),
                     sa.column("version", sa.Integer))


def upgrade() -> None:
    _rules(lambda fields: ["departments", *fields] if "department" in fields and "departments" not in fields
           else fields)
    _templates(old=0, new=1)


def downgrade() -> None:
    _rules(lambda fields: [f for f in fields if f != "departments"] if "department" in fields else fields)
    _templates(old=1, new=0)


def _rules(change) -> None:
    conn, now = op.get_bind(), datetime.now(timezone.utc)
    for rule in conn.execute(sa.select(rules).where(rules.c.event_type == EVENT_TYPE)).all():
        audience = dict(rule.audience or {})
        fields = list(audience.get("department_fields") or [])
        if change(fields) != fields:
            audience["department_fields"] = change(fields)
            conn.execute(rules.update().where(rules.c.id == rule.id)
                         .values(audience=audience, updated_at=now, version=rule.version + 1))


def _templates(old: int, new: int) -> None:
    conn, now = op.get_bind(), datetime.now(timezone.utc)
    chosen = sa.select(templates).where(templates.c.event_type == EVENT_TYPE, templates.c.channel == "email")
    for template in conn.execute(chosen).all():
        texts = TEXTS.get(template.locale)
        if texts is None or template.body != texts[old]:
            continue  # edited by someone: theirs to change
        html_body = template.html_body
        if html_body is not None:
            html_body = html_body.replace(escape(texts[old], quote=False), escape(texts[new], quote=False))
        conn.execute(templates.update().where(templates.c.id == template.id)
                     .values(body=texts[new], html_body=html_body, updated_at=now, version=template.version + 1))
