"""Complaint repository: the aggregate in and out of the session."""
from __future__ import annotations

import uuid

from sqlalchemy import select

from ..domain.skeleton import Complaint


class ComplaintRepository:
    """Loads and stores complaints."""

    def __init__(self, session):
        self.session = session

    def add(self, complaint: Complaint) -> None:
        """Track a new complaint."""
        self.session.add(complaint)

    def get(self, complaint_id: uuid.UUID) -> Complaint | None:
        """The complaint, or None."""
        return self.session.get(Complaint, complaint_id)

    def list(self, *, offset: int, limit: int) -> tuple[list[Complaint], int]:
        """A page of complaints, newest first, and the total."""
        from sqlalchemy import func
        total = self.session.execute(select(func.count()).select_from(Complaint)).scalar_one()
        rows = self.session.execute(select(Complaint).order_by(Complaint.received_at.desc())
                                    .offset(offset).limit(limit)).scalars().all()
        return list(rows), total
