"""The fault suite's figures: one Report per scenario, counted from the database, and the table."""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from sqlalchemy import text


def unapplied(db, up_to: int | None = None) -> int:
    """Changes (all, or those up to id `up_to`) with no note yet."""
    with db.engine.connect() as conn:
        return conn.execute(text(
            "SELECT count(*) FROM changes c WHERE (CAST(:m AS integer) IS NULL OR c.id <= :m) "
            "AND NOT EXISTS (SELECT 1 FROM notes n WHERE n.event_id = c.event_id)"), {"m": up_to}).scalar()


@dataclass
class Report:
    """One scenario's figures (one row of the table)."""

    scenario: str
    requests: int = 0
    changes: int = 0
    published: int = 0
    applied: int = 0
    lost: int = 0
    twice: int = 0
    recovery_s: float = 0.0
    notes: list = field(default_factory=list)

    HEADER = ("scenario", "requests", "changes", "published", "applied", "lost", "twice", "recovery s", "what happened")

    def row(self) -> tuple:
        return (self.scenario, self.requests, self.changes, self.published, self.applied, self.lost, self.twice,
                f"{self.recovery_s:.1f}", "; ".join(self.notes))


def settle_and_count(db, report: Report, timeout: float = 90) -> Report:
    """Wait until every change is applied (or `timeout`), give late duplicates a moment, then count."""
    deadline = time.monotonic() + timeout
    while unapplied(db) and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1.5)
    with db.engine.connect() as conn:
        q = lambda sql: conn.execute(text(sql)).scalar()  # noqa: E731
        report.changes = q("SELECT count(*) FROM changes")
        report.published = q("SELECT count(*) FROM outbox WHERE published_at IS NOT NULL")
        report.applied = q("SELECT count(DISTINCT n.event_id) FROM notes n JOIN changes c USING (event_id)")
        report.lost = q("SELECT count(*) FROM changes c WHERE NOT EXISTS "
                        "(SELECT 1 FROM notes n WHERE n.event_id = c.event_id)")
        report.twice = q("SELECT coalesce(sum(k - 1), 0) FROM (SELECT count(*) AS k FROM notes GROUP BY event_id) x")
    return report


def markdown_table(reports: list[Report]) -> str:
    """The reports as a Markdown table."""
    lines = ["| " + " | ".join(Report.HEADER) + " |", "|" + "---|" * len(Report.HEADER)]
    lines += ["| " + " | ".join(str(cell) for cell in r.row()) + " |" for r in reports]
    return "\n".join(lines)


REPORTS: list[Report] = []  # filled by the scenarios, printed by conftest.py at the end
DECLARED: set[str] = set()  # exchange names and queue prefixes used on the shared broker (checked at the end)
