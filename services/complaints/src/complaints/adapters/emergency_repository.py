"""Repository of major-problem emergencies."""
from __future__ import annotations

import uuid

from sqlalchemy import select

from ..domain.emergency import Emergency
from .repository import Repository
from . import emergency_tables as e


class EmergencyRepository(Repository):
    """Loads and stores emergencies."""

    kind = Emergency

    def for_source(self, source: str, source_id: uuid.UUID) -> Emergency | None:
        """The emergency opened for that complaint or internal problem, or None."""
        return self.session.execute(select(Emergency).where(
            e.emergencies.c.source == source, e.emergencies.c.source_id == source_id)).scalars().first()
