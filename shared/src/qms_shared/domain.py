"""Pure-Python building blocks every service's domain uses: base aggregate and domain errors.

Imports nothing but the standard library, so a service's `domain/` may depend on it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class DomainError(Exception):
    """Base of every rule violation a domain raises; the HTTP layer maps subclasses to 4xx."""

    status = 400
    title = "Bad request"

    def __init__(self, detail: str, **extra: Any):
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class NotFound(DomainError):
    """The entity asked for does not exist (404)."""

    status = 404
    title = "Not found"


class InvalidTransition(DomainError):
    """The action is not allowed in the entity's current state (409); `allowed` lists what is."""

    status = 409
    title = "Transition not allowed"

    def __init__(self, detail: str, *, current: str | None = None, allowed: list[str] | None = None):
        super().__init__(detail, current_status=current, allowed=sorted(allowed or []))


class Conflict(DomainError):
    """The request conflicts with the current state (409), e.g. a duplicate key."""

    status = 409
    title = "Conflict"


class PreconditionFailed(DomainError):
    """An If-Match or version check failed: someone changed the entity first (412)."""

    status = 412
    title = "Precondition failed"


class Forbidden(DomainError):
    """The caller may not do this to this entity (403), beyond the endpoint's role check."""

    status = 403
    title = "Forbidden"


class ValidationFailed(DomainError):
    """Input that is well-formed but breaks a rule (422); `errors` maps field to messages."""

    status = 422
    title = "Unprocessable content"

    def __init__(self, detail: str, errors: dict[str, list[str]] | None = None):
        super().__init__(detail, errors=errors or {})


@dataclass
class DomainEvent:
    """Base class of the internal events aggregates record; not the wire format."""


class Aggregate:
    """Mixin for aggregates: collects the domain events a change records.

    Plain class (not a dataclass) so that ORM-loaded instances, which skip __init__, work too:
    they read the empty class-level `events` until they record something.
    """

    events: tuple | list = ()

    def record(self, event: Any) -> None:
        """Remember a domain event; the unit of work turns it into an outbox row on commit."""
        if "events" not in self.__dict__:
            self.events = []
        self.events.append(event)

    def pull_events(self) -> list:
        """Return and forget the recorded events."""
        events = list(self.events)
        self.events = []
        return events


def start_with(obj: Any, **values: Any) -> None:
    """Give a new object its first attribute values in one step; for `__init__` only.

    A domain class the ORM maps (imperatively: the domain never imports it) runs every attribute
    assignment through the ORM's change tracking, which made a new complaint three times as costly to
    build. A new object has no change to track: the ORM's INSERT and `qms_shared.persistence` read its
    values as they are. Never for a stored object (the ORM makes loaded objects without `__init__`):
    a change made this way would not be saved. Lists the ORM maps as relationships (one-to-many
    children) may be given too: they stay plain lists while the object is new, so appending a child
    fires no ORM event; if the object is ever added to a session, the session hands them to the ORM
    first (`qms_shared.db`, before_attach). Add such an object (`session.add`); `session.merge` would
    read its plain lists as the ORM's own and fail.
    """
    vars(obj).update(values)
