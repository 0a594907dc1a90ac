"""What the records of seed 004's supplier, reward/penalty and emergency procedures share.

Each is a short chain of steps (who, when, what, from which state to which, kept in a trail) and
announces each step as one event, `complaints.<entity>.<verb>`; the service layer builds its data.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from qms_shared.domain import Actor, Aggregate, DomainEvent, FieldErrors, InvalidTransition

from .authority import require_department
from .history import HistoryEntry

CENT = Decimal("0.01")
MAX_CODE = 50


@dataclass(kw_only=True)
class Announced(DomainEvent):
    """A step of one of these records; `details` is what the step adds to the record's own facts."""

    entity: str
    verb: str
    subject_id: uuid.UUID
    at: datetime
    by: str
    details: dict = field(default_factory=dict)


class SteppedRecord(Aggregate):
    """A record moved by named steps; `STEPS` maps each step to the states that allow it, `WRITERS` a step to
    the departments that take it (DOMAIN.md §5; a step it does not name is left to the endpoint's roles)."""

    entity = "record"  # the event's entity name
    what = "record"  # how errors name it
    STEPS: dict[str, tuple[str, ...]] = {}
    WRITERS: dict[str, tuple[str, ...]] = {}
    history_entry: type = HistoryEntry

    def authorize(self, step: str, actor: Actor) -> None:
        """Refuse (403) a caller whose department may not take `step` on this record."""
        if step in self.WRITERS:
            require_department(actor, self.WRITERS[step], f"record the {step} of {self.what} {self.number}")

    def allowed_steps(self) -> list[str]:
        """The steps possible from the current state (what a 409 tells the client)."""
        return [step for step, states in self.STEPS.items() if self.status in states]

    def require_step(self, step: str) -> None:
        """Refuse (409) a step the current state does not allow."""
        self._require(step)

    def _require(self, step: str) -> None:
        if step not in self.allowed_steps():
            raise InvalidTransition(f"'{step}' is not allowed while the {self.what} is {self.status}.",
                                    current=self.status, allowed=self.allowed_steps())

    def _move(self, step: str, to: str | None, by: str, at: datetime, details: dict) -> None:
        to = to or self.status
        self.history.append(self.history_entry(at=at, by=by, action=step, from_status=self.status, to_status=to,
                                               details=details))
        self.status = to
        self.version += 1

    def _announce(self, verb: str, by: str, at: datetime, **details) -> None:
        self.record(Announced(entity=self.entity, verb=verb, subject_id=self.id, at=at, by=by, details=details))


def money(value: Decimal) -> Decimal:
    """An amount rounded to the cent, half up (as finance rounds)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def check_amount(errors: FieldErrors, name: str, value, *, required: bool = True, positive: bool = False) -> None:
    """A decimal amount: present when required, not negative (or above 0 when `positive`)."""
    if value is None:
        if required:
            errors.add(name, "Missing data for required field.")
    elif not isinstance(value, Decimal) or not value.is_finite():
        errors.add(name, "Not a valid decimal.")
    elif value < 0 or (positive and value == 0):
        errors.add(name, "Must be greater than 0." if positive else "Must not be negative.")


def check_count(errors: FieldErrors, name: str, value, *, required: bool = True) -> None:
    """A whole, non-negative count."""
    if value is None:
        if required:
            errors.add(name, "Missing data for required field.")
    elif isinstance(value, bool) or not isinstance(value, int):
        errors.add(name, "Not a valid integer.")
    else:
        errors.non_negative(name, value)


def check_date(errors: FieldErrors, name: str, value, *, required: bool = True) -> None:
    """A calendar date (not a timestamp)."""
    if value is None:
        if required:
            errors.add(name, "Missing data for required field.")
    elif not isinstance(value, date) or isinstance(value, datetime):
        errors.add(name, "Not a valid date.")


def check_texts(errors: FieldErrors, values, name: str, *, max_length: int = 200, required: bool = False) -> None:
    """A list of non-blank short texts (names, references)."""
    if values is None or values == []:
        if required:
            errors.add(name, "Give at least one.")
        return
    if not isinstance(values, list) or len(values) > 100:
        errors.add(name, "Must be a list of at most 100 entries.")
        return
    for value in values:
        if not isinstance(value, str) or not value.strip() or len(value) > max_length:
            errors.add(name, f"Each entry must be a non-blank text of at most {max_length} characters.")
            return


@dataclass(frozen=True)
class QualityRules:
    """Seed 004's figures, configurable: the supplier's reply time, the concession rate, the assembly batch,
    and how many working days a missed due day (a rectification notice's, a supplier action's) takes to reach
    the general manager after its department's head."""

    supplier_reply_days: int = 5  # working days for the supplier's reply to a correction request
    deduction_per_hour: Decimal = Decimal("20")  # 供应商来料异常管理流程 §9.1
    assembly_batch: int = 5  # 重大质量问题应急预案 §三.2
    general_manager_after_days: int = 2  # working days past a due day before the general manager is told too
