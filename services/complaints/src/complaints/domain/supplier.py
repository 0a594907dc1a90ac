"""Suppliers (供应商): who incoming material comes from, who to write to, and what was received each month.

The contacts' e-mail and the supplier's language are what its correction requests are sent with
(供应商来料异常管理流程 §3.6: purchasing talks to the supplier). Lots received per month come from IQC
or the ERP and are what the supplier's rejection rate and PPM are counted against.
"""
from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from enum import StrEnum

from qms_shared.domain import FieldErrors

from .quality_base import MAX_CODE, SteppedRecord, check_count, check_date
from .validation import MAX_SHORT_TEXT

LOCALES = ("zh-CN", "en")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
EDITABLE = ("name", "contacts", "locale", "status")


class SupplierStatus(StrEnum):
    """Whether material may be bought from the supplier."""

    ACTIVE = "active"
    SUSPENDED = "suspended"  # 暂停供货: no new orders until the problems are solved
    INACTIVE = "inactive"


class SupplierReceipt:
    """Lots and pieces received from the supplier in one month (the month's first day)."""

    def __init__(self, *, month: date, lots: int, quantity: int):
        self.month, self.lots, self.quantity = month, lots, quantity


class Supplier(SteppedRecord):
    """A supplier with its contacts, language and monthly receipts."""

    entity, what = "supplier", "supplier"

    def __init__(self, *, id: uuid.UUID, code: str, name: str, contacts: list, locale: str, status: str,
                 registered_at: datetime, registered_by: str):
        self.id, self.code, self.name, self.contacts = id, code, name, list(contacts)
        self.locale, self.status = locale, status
        self.registered_at, self.registered_by = registered_at, registered_by
        self.receipts, self.version, self.events = [], 1, []

    @classmethod
    def register(cls, *, id: uuid.UUID, by: str, at: datetime, code: str, name: str, contacts: list | None = None,
                 locale: str = "zh-CN", status: str = SupplierStatus.ACTIVE.value) -> "Supplier":
        """Register a supplier under a code of its own (the ERP's vendor code)."""
        fields = {"code": code, "name": name, "contacts": contacts or [], "locale": locale, "status": status}
        _check(fields, creating=True)
        supplier = cls(id=id, **fields, registered_at=at, registered_by=by)
        supplier._announce("registered", by, at)
        return supplier

    @property
    def contact_email(self) -> str | None:
        """The address correction requests go to: the first contact with an e-mail."""
        return next((c["email"] for c in self.contacts if c.get("email")), None)

    def change(self, *, changes: dict, by: str, at: datetime) -> None:
        """Change name, contacts, language or status; the code stays what it was."""
        _check(changes, creating=False)
        for name, value in changes.items():
            setattr(self, name, list(value) if name == "contacts" else value)
        self.version += 1
        self._announce("changed", by, at, changed=sorted(changes))

    def record_receipts(self, *, month: date, lots: int, quantity: int) -> SupplierReceipt:
        """Set the lots and pieces received in `month` (a second entry for the month replaces the first)."""
        errors = FieldErrors()
        check_date(errors, "month", month)
        check_count(errors, "lots", lots)
        check_count(errors, "quantity", quantity)
        if isinstance(lots, int) and isinstance(quantity, int) and quantity < lots:
            errors.add("quantity", "A lot holds at least one piece.")
        errors.raise_if_any("The receipts cannot be recorded.")
        month = month.replace(day=1)
        found = next((r for r in self.receipts if r.month == month), None)
        if found is None:
            found = SupplierReceipt(month=month, lots=lots, quantity=quantity)
            self.receipts.append(found)
        found.lots, found.quantity = lots, quantity
        self.version += 1
        return found

    def snapshot(self) -> dict:
        """What a correction request or a recovery keeps of the supplier when it is made."""
        return {"supplier_id": self.id, "supplier_code": self.code, "supplier_name": self.name,
                "supplier_email": self.contact_email, "supplier_locale": self.locale}


def _check(fields: dict, *, creating: bool) -> None:
    errors = FieldErrors()
    for name in fields:
        if name not in EDITABLE and not (creating and name == "code"):
            errors.add(name, "Unknown field." if creating else "Cannot be changed.")
    if creating:
        code = fields.get("code")
        errors.text("code", code, max_length=MAX_CODE)
        if isinstance(code, str) and (code != code.strip() or any(ch.isspace() for ch in code)):
            errors.add("code", "Must not contain spaces.")
    if creating or "name" in fields:
        errors.text("name", fields.get("name"), max_length=MAX_SHORT_TEXT)
    if "locale" in fields:
        errors.choice("locale", fields["locale"], LOCALES)
    if "status" in fields:
        errors.choice("status", fields["status"], SupplierStatus)
    if "contacts" in fields:
        _check_contacts(errors, fields["contacts"])
    errors.raise_if_any("The supplier cannot be recorded.")


def _check_contacts(errors: FieldErrors, contacts) -> None:
    if not isinstance(contacts, list) or len(contacts) > 20:
        errors.add("contacts", "Must be a list of at most 20 contacts.")
        return
    for contact in contacts:
        if not isinstance(contact, dict) or not isinstance(contact.get("name"), str) or not contact["name"].strip():
            errors.add("contacts", "Each contact needs a name.")
            return
        email = contact.get("email")
        if email is not None and not (isinstance(email, str) and EMAIL.match(email) and len(email) <= 254):
            errors.add("contacts", f"{email!r} is not an e-mail address.")
            return
