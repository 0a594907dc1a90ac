"""Pure-Python building blocks every service's domain uses: base aggregate, domain errors, field errors.

Imports nothing but the standard library, so a service's `domain/` may depend on it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
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


class ConcurrentUpdate(Conflict):
    """Someone changed the aggregate between this change's read and its write (409): read it again, retry."""

    def __init__(self, detail: str = "Someone changed this resource at the same time; read it again and retry."):
        super().__init__(detail)


DUPLICATE_RECORD = "The change conflicts with an existing record."


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


@dataclass(frozen=True)
class Actor:
    """Who asks for a command: the token's subject, display name, roles and department."""

    id: str
    name: str = ""
    roles: frozenset = field(default_factory=frozenset)
    department: str | None = None

    @property
    def label(self) -> str:
        """How the audit trail names the actor: the display name, else the subject."""
        return self.name or self.id


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


class FieldErrors:
    """Collects field -> messages, so one 422 names every bad field at once, not only the first."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def __bool__(self) -> bool:
        return bool(self.errors)

    def add(self, field: str, message: str) -> None:
        """Remember one message for `field`."""
        self.errors.setdefault(field, []).append(message)

    def check(self, ok: bool, field: str, message: str) -> None:
        """Remember `message` unless `ok`."""
        if not ok:
            self.add(field, message)

    def check_subset(self, values, allowed, field: str) -> None:
        """Remember every value that is not in `allowed`."""
        allowed = tuple(allowed)
        for value in values:
            if value not in allowed:
                self.add(field, f"{value!r} is not one of {', '.join(allowed)}")

    def text(self, field: str, value: Any, *, required: bool = True, max_length: int = 4000) -> None:
        """Check a free-text field: present (when required), a string, not blank, not oversized."""
        if value is None:
            if required:
                self.add(field, "Missing data for required field.")
            return
        if not isinstance(value, str):
            self.add(field, "Not a valid string.")
        elif required and not value.strip():
            self.add(field, "Must not be blank.")
        elif len(value) > max_length:
            self.add(field, f"Longer than maximum length {max_length}.")

    def choice(self, field: str, value: Any, allowed, *, required: bool = True) -> None:
        """Check that `value` is one of `allowed` (values, or an Enum class)."""
        if value is None:
            if required:
                self.add(field, "Missing data for required field.")
            return
        values = [getattr(member, "value", member) for member in allowed]
        if value not in values:
            self.add(field, f"Must be one of: {', '.join(map(str, values))}.")

    def non_negative(self, field: str, value) -> None:
        """Check a quantity or amount is not negative (None means not known)."""
        if value is not None and value < 0:
            self.add(field, "Must not be negative.")

    def aware(self, field: str, value, *, required: bool = True) -> None:
        """Check a timestamp carries its UTC offset."""
        if value is None:
            if required:
                self.add(field, "Missing data for required field.")
        elif value.tzinfo is None or value.utcoffset() is None:
            self.add(field, "Must include a UTC offset.")

    def raise_if_any(self, detail: str = "The request breaks a rule.") -> None:
        """Raise ValidationFailed listing every collected error, if there is one."""
        if self.errors:
            raise ValidationFailed(detail, errors=self.errors)
