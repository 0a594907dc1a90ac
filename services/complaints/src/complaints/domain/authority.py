"""Who writes what (DOMAIN.md §5, 000 客户投诉处理控制程序 §3-4): the department of the caller decides.

- The owner departments, quality and sales, receive complaints: either records one of any category (the
  customer calls whom it knows, 000 顾客管理程序 §4.1.1), which then belongs to the department its category names
  (quality for quality and environmental complaints, sales for the rest); other company systems (`system`) record
  them too. The owner department contains, verifies, explains to the customer, extends a due date and so closes.
- The analysis is written by the owner department, quality, or the department it names responsible; the action
  plan and its implementation by the responsible department named in the analysis, and quality.
- Quantities, loss and flags (the incident class) are corrected by the owner department and quality.
- An internal problem runs the same cycle, owned by quality; its figures are corrected by quality and the
  department where it was found.
- Other records name, step by step, the departments that take it (`SteppedRecord.WRITERS`): the department that
  owns the record and quality (purchasing replies to a supplier correction request, quality verifies it).

A caller's department is the token's `department` claim; without one, the departments its roles name (the
roles `sales`, `quality`, `production`, `purchasing`, `engineering`, `finance`, `legal` and `general_manager`
are named like their departments). `admin`, `management_rep`, `system` and `viewer` name no department.
A refusal is Forbidden (403).
"""
from __future__ import annotations

from collections.abc import Iterable

from qms_shared.domain import Actor, Forbidden

from .vocabulary import Category, Department, Responsibility, Step, owner_department

QUALITY = Department.QUALITY.value
DEPARTMENT_ROLES = tuple(department.value for department in Department)  # roles that imply their department
RECEIVERS = tuple(sorted({owner_department(category).value for category in Category}))  # quality, sales
RECORDING_SYSTEMS = frozenset({"system"})  # other company systems record complaints too
FIGURES = "figures"  # the correction of quantities, loss and flags, authorised like a step


def departments_of(actor: Actor) -> frozenset[str]:
    """The caller's departments: the token's `department` claim, else those its roles are named after."""
    if actor.department:
        return frozenset({actor.department})
    return frozenset(actor.roles or ()) & frozenset(DEPARTMENT_ROLES)


def require_department(actor: Actor, allowed: Iterable[str | None], what: str) -> None:
    """Refuse (403) unless the caller belongs to one of the `allowed` departments."""
    allowed = sorted({department for department in allowed if department})
    if not departments_of(actor) & set(allowed):
        raise Forbidden(f"Only {_names(allowed)} may {what}.", required_departments=allowed)


def require_receiver(actor: Actor) -> None:
    """A complaint is recorded by an owner department (quality or sales) or by another company system."""
    if not RECORDING_SYSTEMS & set(actor.roles or ()):
        require_department(actor, RECEIVERS, "record a complaint")


def capa_writers(record, step: str, arguments: dict | None = None) -> set[str | None]:
    """The departments that may take `step` on a complaint or an internal problem (see the module's text)."""
    owner = record.owner_department
    if step == Step.ANALYSIS:
        named = (arguments or {}).get("responsible_department")
        if named is None and (arguments or {}).get("responsibility") == Responsibility.CUSTOMER:
            named = owner  # the customer's own doing is the owner department's to explain
        return {owner, QUALITY, named}
    if step in (Step.ACTION_PLAN, Step.IMPLEMENTATION):
        return {QUALITY, record.responsible_department}
    if step == FIGURES:
        return {owner, QUALITY, getattr(record, "found_in", None)}
    return {owner}  # containment, verification, explanation, extension: the owner deals with the customer


def _names(departments: list[str]) -> str:
    if len(departments) == 1:
        return f"the {departments[0]} department"
    return "the " + ", ".join(departments[:-1]) + f" or {departments[-1]} departments"
