"""Handlers of the other services' events (run by the consumer, inside its transaction)."""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import Callable

from qms_shared.envelope import utcnow

from ..domain.incoming import IncomingEvent
from ..domain.planning import plan_deliveries
from ..domain.vocabulary import FAILED
from .composer import Composer
from .dependencies import Dependencies
from .integration_events import publish_events
from .snapshot import SnapshotCache

# Everything the other three services publish may concern someone; rules decide who.
CONSUMED = ("complaints.#", "reviews.#", "compliance.#")


def record_event(env: dict, uow) -> None:
    """Keep a record of the event (once): what arrived, from whom, about what."""
    uow.received_events.record(
        event_id=env["id"], type=env["type"], source=env["source"], subject=env["subject"],
        correlation_id=env["correlation_id"], occurred_at=env["occurred_at"], received_at=utcnow())


def incoming(env: dict) -> IncomingEvent:
    """The domain's view of an envelope."""
    return IncomingEvent(id=uuid.UUID(env["id"]), type=env["type"], source=env.get("source", ""),
                         occurred_at=datetime.fromisoformat(env["occurred_at"]),
                         subject=env.get("subject"), data=env.get("data") or {})


def notify(env: dict, uow, *, composer: Composer, deps: Dependencies, snapshots: SnapshotCache,
           on_commit: Callable[[], None] | None = None) -> None:
    """Record the event, then queue one delivery per (recipient, channel) its rules call for.

    A delivery whose key (event, recipient, channel) exists already is not queued again, so even
    an event that gets past the inbox twice sends nothing twice.
    """
    record_event(env, uow)
    event = incoming(env)
    snapshot = snapshots.current(uow)
    plans = plan_deliveries(event, snapshot.rules, snapshot.directory)
    if not plans:
        return
    now = deps.clock()
    composed = [composer.compose(plan, event, snapshot.templates, now) for plan in plans]
    queued = uow.deliveries.add_all([d for d in composed if d.status != FAILED])
    for delivery in composed:  # failed at once (a template past its limits): recorded, and others hear of it
        if delivery.status == FAILED and uow.deliveries.add_unless_queued(delivery):
            publish_events(uow, delivery)
    if queued:
        uow.wake_dispatcher(on_commit)


def event_handlers(composer: Composer, deps: Dependencies,
                   on_commit: Callable[[], None] | None = None) -> dict[str, Callable]:
    """The consumer's pattern -> handler map, with dependencies bound.

    `on_commit` wakes a dispatcher in the same process directly, sparing a NOTIFY per event.
    """
    snapshots = SnapshotCache()

    def handle(env: dict, uow) -> None:
        """Notify whoever the rules name for this event."""
        notify(env, uow, composer=composer, deps=deps, snapshots=snapshots, on_commit=on_commit)
    return {pattern: handle for pattern in CONSUMED}
