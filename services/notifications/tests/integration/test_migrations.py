"""Data migrations on PostgreSQL: what an installation already holds follows a changed event."""
from __future__ import annotations

from datetime import datetime, timezone

from alembic import command
from qms_shared.migrations import alembic_config, upgrade
from sqlalchemy import text

from notifications.domain import commands
from notifications.domain.defaults import default_templates

BEFORE = "390183a418f4"  # the revision before review requests named their departments
OLD_EN = "Contract {{ number }} ({{ customer.name }}, {{ type }}) needs the {{ department }} review by {{ due_at }}."
OLD_HTML = ('<html><body style="font-family:sans-serif"><p>Contract {{ number }} ({{ customer.name }}, {{ type }}) '
            'needs the {{ department }} review by {{ due_at }}.</p></body></html>')
EDITED_ZH = "请 {{ department }} 评审 {{ number }}"


def _stored(conn):
    rule = conn.execute(text("SELECT audience, version FROM rules WHERE event_type = 'reviews.review.requested'")).one()
    emails = dict(conn.execute(text("SELECT locale, body FROM templates WHERE event_type = 'reviews.review.requested' "
                                    "AND channel = 'email'")).all())
    html = conn.execute(text("SELECT html_body FROM templates WHERE event_type = 'reviews.review.requested' "
                             "AND channel = 'email' AND locale = 'en'")).scalar_one()
    return rule.audience["department_fields"], rule.version, emails, html


def test_review_requests_of_version_2_reach_the_departments_an_installation_was_told_about(ctx):
    ctx.bus.handle(commands.LoadDefaults())
    with ctx.db.engine.begin() as conn:  # as the defaults were installed before version 2
        conn.execute(text("UPDATE rules SET audience = jsonb_set(audience::jsonb, '{department_fields}', "
                          "'[\"department\"]')::json WHERE event_type = 'reviews.review.requested'"))
        conn.execute(text("UPDATE templates SET body = :body, html_body = :html WHERE event_type = "
                          "'reviews.review.requested' AND channel = 'email' AND locale = 'en'"),
                     {"body": OLD_EN, "html": OLD_HTML})
        conn.execute(text("UPDATE templates SET body = :body WHERE event_type = 'reviews.review.requested' "
                          "AND channel = 'email' AND locale = 'zh-CN'"), {"body": EDITED_ZH})
        conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": BEFORE})
        _, version, _, _ = _stored(conn)
    upgrade(ctx.db, "notifications")
    new = next(t for t in default_templates(datetime.now(timezone.utc)) if t.event_type == "reviews.review.requested"
               and t.channel == "email" and t.locale == "en")
    with ctx.db.engine.connect() as conn:
        assert _stored(conn) == (["departments", "department"], version + 1,
                                 {"en": new.body, "zh-CN": EDITED_ZH}, new.html_body)
    command.downgrade(alembic_config("notifications", ctx.db.url), BEFORE)
    with ctx.db.engine.connect() as conn:
        assert _stored(conn) == (["department"], version + 2, {"en": OLD_EN, "zh-CN": EDITED_ZH}, OLD_HTML)
    upgrade(ctx.db, "notifications")
