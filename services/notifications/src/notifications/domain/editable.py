"""Changing a directory aggregate (recipient, rule, template) field by field: the one `update()`."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from qms_shared.domain import Aggregate, DomainEvent, FieldErrors, PreconditionFailed


class Editable(Aggregate):
    """An aggregate changed by named fields: all checked together, all or none applied, version bumped once.

    A subclass names the fields that may change (`EDITABLE`) and those holding lists (`LISTS`), words
    a refused field (`REFUSED`: the message per field, the problem's detail) and implements
    `_validate()` (raises ValidationFailed) and `_saved()` (the event recording a change); its
    constructor ends with `_created(at)`.
    """

    EDITABLE: tuple[str, ...] = ()
    LISTS: tuple[str, ...] = ()
    REFUSED: tuple[str, str] = ("unknown field", "No such fields")
    version: int
    created_at: datetime
    updated_at: datetime

    def _created(self, at: datetime) -> None:
        """Finish a constructor: first version, validated, its creation recorded."""
        self.created_at = at
        self.updated_at = at
        self.version = 1
        self.events: list = []
        self._validate()
        self.record(self._saved())

    def check_version(self, expected: int | None) -> None:
        """PreconditionFailed (412) when an If-Match asked for another version than this one."""
        if expected is not None and self.version != expected:
            raise PreconditionFailed(f"It is at version {self.version}, not {expected}: reload and retry")

    def update(self, at: datetime, *, expected_version: int | None = None, **changes: Any) -> None:
        """Change some fields; all are validated together and nothing changes if any is wrong."""
        self.check_version(expected_version)
        self._refuse_others(changes)
        before = {name: getattr(self, name) for name in changes}
        for name, value in changes.items():
            setattr(self, name, list(value) if name in self.LISTS else value)
        try:
            self._validate()
        except Exception:
            for name, value in before.items():
                setattr(self, name, value)
            raise
        self.updated_at = at
        self.version += 1
        self.record(self._saved())

    def _refuse_others(self, changes: dict[str, Any]) -> None:
        errors = FieldErrors()
        message, detail = self.REFUSED
        for name in sorted(set(changes) - set(self.EDITABLE)):
            errors.add(name, message)
        errors.raise_if_any(detail)

    def _validate(self) -> None:
        raise NotImplementedError

    def _saved(self) -> DomainEvent:
        raise NotImplementedError
