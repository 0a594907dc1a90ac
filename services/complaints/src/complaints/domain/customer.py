"""The customer archive (客户档案, 003 §5.7, 000 与顾客有关过程 §3.1, 004 客户服务管理办法).

A customer has its contacts, the account manager and a deputy (001 §5.1a, §5.5.1), a grade A/B/C/D by
nature, size, sales and trend with its history (004 第四条), yearly purchase figures (which decide who is
surveyed) and its follow-up visits. A customer first named by a complaint, praise or survey enters the
archive from what that record says, marked to be completed; a write through the archive completes it.
Contact data (address, phone, contacts) is for sales, quality, management and systems only (000 客户信息查阅权限制).
"""
from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

from qms_shared.domain import Aggregate, FieldErrors, Forbidden

from . import customer_events as events
from .customer_visits import FollowUpVisits, VisitRules
from .validation import MAX_SHORT_TEXT, MAX_TEXT

GRADES = ("A", "B", "C", "D")
CONTACT_FIELDS = ("address", "phone", "contacts")  # what only CONTACT_READERS see
CONTACT_READERS = frozenset({"sales", "quality", "general_manager", "management_rep", "system"})
GRADERS = frozenset({"general_manager", "management_rep", "system"})  # besides the sales department
EDITABLE = ("name", "address", "phone", "contacts", "account_manager", "deputy", "nature", "region",
            "first_delivered_on", "next_visit_due_on", "note")
SOURCES = ("archive", "import", "complaint", "praise", "survey")
MAX_CONTACTS = 20
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def sees_contacts(roles) -> bool:
    """True when a caller with `roles` may read a customer's address, phone and contacts."""
    return bool(CONTACT_READERS & set(roles or ()))


class GradeChange:
    """One grade given to the customer: which, instead of what, why, by whom, when."""

    def __init__(self, *, grade: str | None, previous_grade: str | None, reason: str, by: str, at: datetime):
        self.grade, self.previous_grade, self.reason, self.by, self.at = grade, previous_grade, reason, by, at


class YearlyPurchase:
    """What the customer bought in a year: quantity with its unit, and the revenue (CNY)."""

    def __init__(self, *, year: int, quantity: Decimal, unit: str, revenue: Decimal, recorded_by: str,
                 recorded_at: datetime):
        self.year, self.quantity, self.unit, self.revenue = year, quantity, unit, revenue
        self.recorded_by, self.recorded_at = recorded_by, recorded_at


class Customer(FollowUpVisits, Aggregate):
    """One customer of the archive, keyed by the id the company's systems already use (e.g. C-001)."""

    def __init__(self, *, id: str, name: str, source: str, to_complete: bool, created_by: str,
                 created_at: datetime):
        self.id, self.name, self.source, self.to_complete = id, name, source, to_complete
        self.address = self.phone = self.account_manager = self.deputy = self.grade = None
        self.nature = self.region = self.note = self.first_delivered_on = self.next_visit_due_on = None
        self.contacts, self.grade_history, self.purchases, self.visits = [], [], [], []
        self.visit_escalation_level = 0
        self.created_by, self.created_at, self.updated_at = created_by, created_at, created_at
        self.version, self.events = 1, []

    @classmethod
    def register(cls, *, id: str, name: str, by: str, at: datetime, source: str = "archive",
                 to_complete: bool = False, grade: str | None = None, rules: VisitRules = VisitRules(),
                 **fields) -> "Customer":
        """Enter a customer in the archive; one named first elsewhere is marked to be completed."""
        errors = FieldErrors()
        errors.text("id", id, max_length=MAX_SHORT_TEXT)
        errors.choice("source", source, SOURCES)
        _check_fields(errors, {"name": name, **fields})
        errors.choice("grade", grade, GRADES, required=False)
        errors.raise_if_any("The customer cannot be registered.")
        customer = cls(id=id.strip(), name=name.strip(), source=source, to_complete=to_complete, created_by=by,
                       created_at=at)
        customer._assign(fields)
        customer.plan_visits(rules)
        if grade is not None:
            customer.grade = grade
            customer.grade_history.append(GradeChange(grade=grade, previous_grade=None, reason="registered",
                                                      by=by, at=at))
        customer.record(events.CustomerRegistered(**customer._facts(by, at), source=source, to_complete=to_complete,
                                                  grade=grade))
        return customer

    @classmethod
    def named_elsewhere(cls, *, id: str, name: str | None, source: str, by: str, at: datetime) -> "Customer":
        """A customer a complaint, praise or survey names and the archive does not know yet: to be completed."""
        name = (name or "").strip() or id  # a survey names its customers by id only
        return cls.register(id=id, name=name[:MAX_SHORT_TEXT], by=by, at=at, source=source, to_complete=True)

    def update(self, changes: dict, *, by: str, at: datetime, rules: VisitRules = VisitRules()) -> list[str]:
        """Change archive fields (a write through the archive completes the customer); returns what changed."""
        errors = FieldErrors()
        for name in changes:
            if name not in EDITABLE:  # the grade changes with its reason (change_grade)
                errors.add(name, "Unknown field.")
        _check_fields(errors, changes)
        errors.raise_if_any("The customer cannot be changed.")
        changed = [name for name in EDITABLE if name in changes and getattr(self, name) != _clean(changes[name])]
        self._assign({name: changes[name] for name in changed})
        if {"first_delivered_on"} & set(changed) and "next_visit_due_on" not in changes:
            self.plan_visits(rules)
        elif "next_visit_due_on" in changed:
            self.visit_escalation_level = 0  # a new plan: its lateness is reported anew
        if self.to_complete:
            self.to_complete = False
            changed.append("to_complete")
        if changed:
            self._touch(at)
            self.record(events.CustomerUpdated(**self._facts(by, at), fields=changed, to_complete=self.to_complete))
        return changed

    def change_grade(self, *, grade: str | None, reason: str, by: str, at: datetime, roles=(),
                     department: str | None = None) -> bool:
        """Grade the customer A/B/C/D (004 第四条): sales or management decide, with a reason; False if unchanged."""
        if department != "sales" and not GRADERS & set(roles or ()):
            raise Forbidden("Only the sales department or management grade customers.")
        errors = FieldErrors()
        errors.choice("grade", grade, GRADES, required=False)
        errors.text("grade_reason", reason, max_length=MAX_TEXT)
        errors.raise_if_any("The grade cannot be changed.")
        if grade == self.grade:
            return False
        previous, self.grade = self.grade, grade
        self.grade_history.append(GradeChange(grade=grade, previous_grade=previous, reason=reason, by=by, at=at))
        self._touch(at)
        self.record(events.GradeChanged(**self._facts(by, at), grade=grade, previous_grade=previous, reason=reason))
        return True

    def record_purchases(self, *, year: int, quantity: Decimal, unit: str, revenue: Decimal, by: str,
                         at: datetime) -> YearlyPurchase:
        """Record (or correct) what the customer bought in `year`."""
        errors = FieldErrors()
        if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
            errors.add("year", "Must be a year between 2000 and 2100.")
        for name, value in (("quantity", quantity), ("revenue", revenue)):
            if not isinstance(value, Decimal) or not value.is_finite():
                errors.add(name, "Not a valid decimal.")
            else:
                errors.non_negative(name, value)
        errors.text("unit", unit, max_length=20)
        errors.raise_if_any("The purchases cannot be recorded.")
        figure = self.purchases_in(year)
        if figure is None:  # a correction changes the year's row in place (one row per year)
            figure = YearlyPurchase(year=year, quantity=quantity, unit=unit.strip(), revenue=revenue,
                                    recorded_by=by, recorded_at=at)
            self.purchases.append(figure)
        figure.quantity, figure.unit, figure.revenue = quantity, unit.strip(), revenue
        figure.recorded_by, figure.recorded_at = by, at
        self._touch(at)
        self.record(events.PurchasesRecorded(**self._facts(by, at), year=year, quantity=quantity, unit=figure.unit,
                                             revenue=revenue))
        return figure

    def purchases_in(self, year: int) -> YearlyPurchase | None:
        """The figures of `year`, if recorded."""
        return next((p for p in self.purchases if p.year == year), None)

    @property
    def missing(self) -> list[str]:
        """What the archive still lacks for this customer."""
        wanted = {"address": self.address, "phone": self.phone, "contacts": self.contacts,
                  "account_manager": self.account_manager, "grade": self.grade}
        return [name for name, value in wanted.items() if not value]

    def _assign(self, fields: dict) -> None:
        for name, value in fields.items():
            setattr(self, name, _clean(value))

    def _touch(self, at: datetime) -> None:
        self.updated_at = at
        self.version += 1

    def _facts(self, by: str, at: datetime) -> dict:
        return dict(customer_id=self.id, name=self.name, at=at, by=by)


def _clean(value):
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list):
        return [{k: (v.strip() if isinstance(v, str) else v) for k, v in c.items() if v not in (None, "")}
                for c in value]
    return value


def _check_fields(errors: FieldErrors, fields: dict) -> None:
    if "name" in fields:
        errors.text("name", fields["name"], max_length=MAX_SHORT_TEXT)
    for name in ("address", "note"):
        errors.text(name, fields.get(name), required=False, max_length=MAX_TEXT if name == "note" else 500)
    for name in ("phone", "account_manager", "deputy", "nature", "region"):
        errors.text(name, fields.get(name), required=False, max_length=MAX_SHORT_TEXT)
    for name in ("first_delivered_on", "next_visit_due_on"):
        value = fields.get(name)
        if value is not None and not isinstance(value, date):
            errors.add(name, "Not a valid date.")
    if "contacts" in fields:
        _check_contacts(errors, fields["contacts"])


def _check_contacts(errors: FieldErrors, contacts) -> None:
    if not isinstance(contacts, list) or len(contacts) > MAX_CONTACTS:
        errors.add("contacts", f"Must list at most {MAX_CONTACTS} contacts.")
        return
    for n, contact in enumerate(contacts):
        if not isinstance(contact, dict):
            errors.add(f"contacts.{n}", "Must be an object.")
            continue
        errors.text(f"contacts.{n}.name", contact.get("name"), max_length=MAX_SHORT_TEXT)
        for name in ("phone", "email", "position"):
            errors.text(f"contacts.{n}.{name}", contact.get(name), required=False, max_length=MAX_SHORT_TEXT)
        email = contact.get("email")
        if isinstance(email, str) and email.strip() and not _EMAIL.match(email.strip()):
            errors.add(f"contacts.{n}.email", "Not a valid email address.")
