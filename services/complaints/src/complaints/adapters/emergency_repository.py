"""Repository of major-problem emergencies."""
from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, select

from ..domain.emergency import RECTIFYING, Emergency
from ..domain.statistics import local_day
from .repository import Repository
from . import emergency_tables as e


class EmergencyRepository(Repository):
    """Loads and stores emergencies."""

    kind = Emergency

    def for_source(self, source: str, source_id: uuid.UUID) -> Emergency | None:
        """The emergency opened for that complaint or internal problem, or None."""
        return self.session.execute(select(Emergency).where(
            e.emergencies.c.source == source, e.emergencies.c.source_id == source_id)).scalars().first()

    def rectification_overdue_candidates(self, as_of: datetime) -> list[uuid.UUID]:
        """Emergencies whose rectification notice is owed past its due day at `as_of`, not yet reported to the
        general manager (the domain decides what is new)."""
        t = e.emergencies
        notice = t.c.rectification
        query = select(t.c.id).where(
            t.c.status.in_([s.value for s in RECTIFYING]),
            notice["due_date"].as_string() < local_day(as_of).isoformat(),
            func.coalesce(notice["escalation_level"].as_integer(), 0) < 2)
        return list(self.session.execute(query.order_by(t.c.reported_at)).scalars())
