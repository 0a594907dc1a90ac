"""Revision 81c2e63c4898 (issue 19) upgrades and downgrades on PostgreSQL, keeping what the rows mean."""
from alembic import command
from qms_shared.migrations import alembic_config, upgrade
from sqlalchemy import text

BEFORE = "7e4b9c2d1f60"


def _columns(conn, table: str) -> set:
    return set(conn.execute(text("SELECT column_name FROM information_schema.columns WHERE table_name = :t"),
                            {"t": table}).scalars())


def test_down_and_up_again_with_a_surveys_late_responses(ctx):
    command.downgrade(alembic_config("complaints", ctx.db.url), BEFORE)
    with ctx.db.engine.begin() as conn:
        assert "internal_problems" not in set(conn.execute(text(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")).scalars())
        assert "claims_loss" not in _columns(conn, "complaints")
        for year, late in ((2025, 0), (2026, 3)):  # 0 was what the API stored when nothing was typed
            conn.execute(text("INSERT INTO surveys (id, year, customer_ids, items, late_responses, opened_by, "
                              "opened_at, status, round, version) VALUES (gen_random_uuid(), :y, '[]', '[]', :l, "
                              "'t', now(), 'open', 1, 1)"), {"y": year, "l": late})
    upgrade(ctx.db, "complaints")
    with ctx.db.engine.begin() as conn:
        assert dict(conn.execute(text("SELECT year, late_responses FROM surveys")).all()) == {2025: None, 2026: 3}
        assert {"claims_loss", "claims_counted"} <= _columns(conn, "complaints")
        assert {"due_at", "overdue_reported_due_at"} <= _columns(conn, "corrective_actions")
        assert "escalation_department" in _columns(conn, "complaint_overdue")
    command.downgrade(alembic_config("complaints", ctx.db.url), BEFORE)
    with ctx.db.engine.begin() as conn:
        assert dict(conn.execute(text("SELECT year, late_responses FROM surveys")).all()) == {2025: 0, 2026: 3}
        conn.execute(text("DELETE FROM surveys"))
    upgrade(ctx.db, "complaints")
