"""An import of the customer archive: each row read and checked on its own, idempotent by customer id.

A row names the columns it sets: a CSV column (or JSON member) left out is not touched, an empty cell
clears an optional field. The contact columns are the customer's first (main) contact. The generic parts
(rows, batch, plan, report, refusal) are the suite's (`qms_shared.imports`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from qms_shared import imports

from .customer import GRADES, Customer
from .validation import MAX_SHORT_TEXT

CUSTOMER_COLUMNS = ("id", "name", "address", "phone", "contact_name", "contact_phone", "contact_email", "grade",
                    "account_manager", "deputy")
REQUIRED_COLUMNS = ("id", "name")
LIMITS = {"address": 500}
CONTACT_COLUMNS = {"contact_name": "name", "contact_phone": "phone", "contact_email": "email"}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class CustomerRow:
    """The archive's fields a row sets (column -> value, "" for cleared), keyed by the customer's id."""

    id: str
    values: tuple

    @property
    def key(self) -> str:
        """What the import is idempotent by."""
        return self.id

    @property
    def fields(self) -> dict:
        """column -> value."""
        return dict(self.values)

    @classmethod
    def of(cls, customer: Customer, columns) -> "CustomerRow":
        """What the stored customer says for `columns` (to compare with a row); a customer still to be
        completed differs from any row, so importing it completes it."""
        contact = (customer.contacts or [{}])[0]
        stored = {"name": customer.name, "grade": customer.grade, "address": customer.address, "phone": customer.phone,
                  "account_manager": customer.account_manager, "deputy": customer.deputy,
                  **{column: contact.get(key) for column, key in CONTACT_COLUMNS.items()}}
        values = tuple((c, stored[c] or "") for c in columns if c != "id")
        return cls(customer.id, values + ((("to_complete", "yes"),) if customer.to_complete else ()))

    def differences(self, stored: "CustomerRow") -> dict[str, dict]:
        """The fields that differ from the stored customer, each as {"from", "to"}."""
        before, after = stored.fields, self.fields
        return {name: {"from": before.get(name), "to": after.get(name, "")}
                for name in dict.fromkeys([*after, *before]) if before.get(name) != after.get(name, "")}

    def changes(self, customer: Customer) -> tuple[dict, str | None]:
        """(archive field -> value, grade or None when the row does not set it) to apply to `customer`."""
        values = self.fields
        changes = {name: values[name] for name in ("name", "address", "phone", "account_manager", "deputy")
                   if name in values}
        if CONTACT_COLUMNS.keys() & values.keys():
            main = dict((customer.contacts or [{}])[0])
            main.update({key: values[column] for column, key in CONTACT_COLUMNS.items() if column in values})
            main = {k: v for k, v in main.items() if v}
            changes["contacts"] = ([main] if main.get("name") else []) + list(customer.contacts[1:])
        return changes, values.get("grade")


def read_customer_row(raw) -> tuple[CustomerRow | None, dict[str, list[str]]]:
    """The row's customer fields, or None and every reason it is refused (field -> messages)."""
    if not isinstance(raw, dict):
        return None, {"_row": ["must be an object with the customer's fields"]}
    errors = imports.unknown_fields(raw, CUSTOMER_COLUMNS)
    values = {}
    for name in CUSTOMER_COLUMNS:
        if name in raw or name in REQUIRED_COLUMNS:
            messages = errors.setdefault(name, [])
            values[name] = imports.text_cell(raw.get(name), LIMITS.get(name, MAX_SHORT_TEXT),
                                             required=name in REQUIRED_COLUMNS, errors=messages)
    grade = values.get("grade")
    if grade and grade.upper() not in GRADES:
        errors["grade"].append(f"Must be one of: {', '.join(GRADES)} (or empty).")
    elif grade:
        values["grade"] = grade.upper()
    email = values.get("contact_email")
    if email and not _EMAIL.match(email):
        errors["contact_email"].append("Not a valid email address.")
    if values.get("contact_phone") or values.get("contact_email"):
        if "contact_name" in raw and not values.get("contact_name"):
            errors["contact_name"].append("A contact's phone or email needs the contact's name.")
    errors = {name: messages for name, messages in errors.items() if messages}
    if errors:
        return None, errors
    customer_id = values.pop("id")
    return CustomerRow(customer_id, tuple(values.items())), {}


def read_customers(rows) -> imports.RowBatch:
    """Read every row; a second row for one customer id is refused (a file says once what a customer is)."""
    return imports.read_rows(rows, read_customer_row, repeated=lambda row, first: {
        "id": [f"Customer {row.id} is also in row {first}."]})


class CustomerImportPlan(imports.ImportPlan):
    """What importing the customers does to the archive: added, changed (with how), unchanged."""

    def describe(self, record: CustomerRow) -> dict:
        """A changed row names its customer."""
        return {"id": record.id}
