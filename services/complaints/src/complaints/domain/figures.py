"""Checks on what a complaint is received with and on later changes to its figures."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from qms_shared.domain import FieldErrors

from .validation import MAX_SHORT_TEXT
from .vocabulary import Category, Channel

# The figures that may change after receipt: all but `assembly_failures` feed the incident class (004 §3); the
# pieces failing at the customer's assembly open a major quality problem's emergency (重大质量问题应急预案 §三.2).
FIGURE_FIELDS = ("quantity_affected", "returned_quantity", "loss_amount", "injury", "reputation_damage",
                 "batch_scale", "assembly_failures")
MAX_ATTACHMENTS = 50
MAX_REFERENCE = 500


def check_receipt(fields: dict[str, Any], *, recorded_at: datetime) -> None:
    """Raise ValidationFailed naming every bad field of a new complaint."""
    errors = FieldErrors()
    errors.text("customer.id", fields.get("customer_id"), max_length=MAX_SHORT_TEXT)
    errors.text("customer.name", fields.get("customer_name"), max_length=MAX_SHORT_TEXT)
    errors.choice("category", fields.get("category"), Category)
    # integrations (ERP, CRM) do not always know the channel: unknown is allowed, a wrong one is not
    errors.choice("channel", fields.get("channel"), Channel, required=False)
    errors.text("description", fields.get("description"))
    for name in ("product_code", "product_batch", "contract_number"):
        errors.text(_public(name), fields.get(name), required=False, max_length=MAX_SHORT_TEXT)
    _check_dates(errors, fields.get("received_at"), fields.get("production_date"), recorded_at)
    _check_attachments(errors, fields.get("attachments"))
    _check_figure_values(errors, fields, channel=fields.get("channel"))
    errors.raise_if_any("The complaint cannot be received.")


def check_figures(changes: dict[str, Any], *, channel: str) -> None:
    """Raise ValidationFailed for unknown or bad figure changes."""
    errors = FieldErrors()
    for name in changes:
        if name not in FIGURE_FIELDS:
            errors.add(name, "Unknown field.")
    _check_figure_values(errors, changes, channel=channel if "returned_quantity" in changes else None)
    errors.raise_if_any("The figures cannot be changed.")


def _check_figure_values(errors: FieldErrors, fields: dict[str, Any], *, channel: str | None) -> None:
    for name in ("quantity_affected", "returned_quantity", "assembly_failures"):
        value = fields.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            errors.add(name, "Not a valid integer.")
        else:
            errors.non_negative(name, value)
    if "returned_quantity" in fields and fields["returned_quantity"] is None:
        errors.add("returned_quantity", "Field may not be null.")
    loss = fields.get("loss_amount")
    if loss is not None and not isinstance(loss, Decimal):
        errors.add("loss_amount", "Not a valid decimal.")
    else:
        errors.non_negative("loss_amount", loss)
    for flag in ("injury", "reputation_damage", "batch_scale"):
        if flag in fields and not isinstance(fields[flag], bool):
            errors.add(flag, "Not a valid boolean.")
    returned = fields.get("returned_quantity")
    if channel == Channel.RETURNED_GOODS and isinstance(returned, int) and returned == 0:
        errors.add("returned_quantity", "Returned goods need the quantity returned.")


def _check_dates(errors: FieldErrors, received_at: Any, production_date: Any, recorded_at: datetime) -> None:
    if not isinstance(received_at, datetime):
        errors.add("received_at", "Not a valid datetime.")
        return
    errors.aware("received_at", received_at)
    if received_at.tzinfo is not None and received_at > recorded_at:
        errors.add("received_at", "Must not be in the future.")
    if production_date is None:
        return
    if not isinstance(production_date, date) or isinstance(production_date, datetime):
        errors.add("product.production_date", "Not a valid date.")
    elif production_date > received_at.date():
        errors.add("product.production_date", "Must not be after the complaint was received.")


def _check_attachments(errors: FieldErrors, attachments: Any) -> None:
    if attachments is None:
        return
    if not isinstance(attachments, list) or len(attachments) > MAX_ATTACHMENTS:
        errors.add("attachments", f"Must be a list of at most {MAX_ATTACHMENTS} references.")
        return
    for reference in attachments:
        if not isinstance(reference, str) or not reference.strip() or len(reference) > MAX_REFERENCE:
            errors.add("attachments",
                       f"Each reference must be a non-blank string of at most {MAX_REFERENCE} characters.")
            return


def _public(name: str) -> str:
    """The field's name in the API (product fields are nested under `product`)."""
    return {"product_code": "product.code", "product_batch": "product.batch"}.get(name, name)
