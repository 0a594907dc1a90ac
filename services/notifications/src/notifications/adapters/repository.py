"""Repositories of the notifications service."""
from __future__ import annotations

from sqlalchemy import func, select

from ..domain.skeleton import ReceivedEvent


class ReceivedEventRepository:
    """The log of events received from the other services."""

    def __init__(self, session):
        self.session = session

    def add(self, event: ReceivedEvent) -> None:
        """Record a received event."""
        self.session.add(event)

    def list(self, *, type: str | None, event_id: str | None, offset: int, limit: int):
        """A page of received events, newest first, and the total."""
        query = select(ReceivedEvent)
        if type:
            query = query.where(ReceivedEvent.type == type)
        if event_id:
            query = query.where(ReceivedEvent.event_id == event_id)
        total = self.session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
        rows = self.session.execute(query.order_by(ReceivedEvent.received_at.desc())
                                    .offset(offset).limit(limit)).scalars().all()
        return list(rows), total
