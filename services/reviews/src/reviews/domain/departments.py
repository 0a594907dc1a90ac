"""Which departments review a contract, and which of them an amendment touches (001 §5.2–5.3, 002 §3)."""
from __future__ import annotations

from qms_shared.domain import Forbidden

SALES = "sales"
PRODUCTION = "production"
PURCHASING = "purchasing"
QUALITY = "quality"
ENGINEERING = "engineering"
FINANCE = "finance"
LEGAL = "legal"
GENERAL_MANAGER = "general_manager"

# Order is the order reviewers appear on the review form (合同评审表); the general manager comes last.
DEPARTMENTS = (SALES, PRODUCTION, PURCHASING, QUALITY, ENGINEERING, FINANCE, LEGAL, GENERAL_MANAGER)
# The departments people work in; the general manager is a role (总经理), not a department.
WORKING_DEPARTMENTS = DEPARTMENTS[:-1]
REGULAR_REVIEWERS = (SALES, PRODUCTION)
SPECIAL_REVIEWERS = (SALES, PRODUCTION, PURCHASING, QUALITY, ENGINEERING, FINANCE)

# What each kind of change touches. Sales organises every review (001 §5.3.1), so it is always added.
AMENDMENT_TOUCHES: dict[str, frozenset[str]] = {
    "quantity": frozenset({PRODUCTION, PURCHASING}),
    "requested_delivery_date": frozenset({PRODUCTION, PURCHASING}),
    "unit_price": frozenset({FINANCE}),
    "currency": frozenset({FINANCE}),
    "payment_terms": frozenset({FINANCE, LEGAL}),
    "requirements": frozenset({QUALITY, ENGINEERING, LEGAL}),
    "product": frozenset({PRODUCTION, PURCHASING, QUALITY, ENGINEERING}),
    "line_added": frozenset({PRODUCTION, PURCHASING, FINANCE}),
    "line_removed": frozenset({PRODUCTION, PURCHASING, FINANCE}),
    "salesperson": frozenset(),
    "region": frozenset(),
}


def ordered(departments) -> list[str]:
    """The given departments in review-form order."""
    wanted = set(departments)
    return [d for d in DEPARTMENTS if d in wanted]


def required_departments(contract_type: str, *, legal_review: bool = False) -> list[str]:
    """Reviewers a contract of this type needs; legal only where the company configured it."""
    if contract_type == "regular":
        return list(REGULAR_REVIEWERS)
    reviewers = list(SPECIAL_REVIEWERS)
    if legal_review:
        reviewers.append(LEGAL)
    return reviewers + [GENERAL_MANAGER]


def departments_touched(changed: set[str]) -> set[str]:
    """Departments a set of changed aspects (keys of AMENDMENT_TOUCHES) concerns, sales included."""
    touched = {SALES}
    for aspect in changed:
        touched |= AMENDMENT_TOUCHES[aspect]
    return touched


def re_review_departments(changed: set[str], required: list[str], already_reviewed: set[str]) -> list[str]:
    """Who reviews an amendment: touched or never-yet-reviewed required departments, then the GM."""
    wanted = (departments_touched(changed) | (set(required) - already_reviewed)) & set(required)
    if GENERAL_MANAGER in required:
        wanted.add(GENERAL_MANAGER)
    return ordered(wanted)


def departments_of(roles, department: str | None = None) -> frozenset[str]:
    """The departments a user works in: the token's `department` claim when it has one, else the department
    roles held (a user with the roles sales and production and no claim works in both)."""
    if department:
        return frozenset({department.strip().lower()}) & frozenset(WORKING_DEPARTMENTS)
    return frozenset(roles or ()) & frozenset(WORKING_DEPARTMENTS)


def acts_for(department: str, roles, claim: str | None = None) -> bool:
    """True when the user may do `department`'s part: the general manager's by holding that role; any other
    by working in the department (`departments_of`) and holding a department role. `admin`, `system`,
    `viewer` and `management_rep` are no department: they act for none (admin configures, it does not
    review or approve)."""
    roles = frozenset(roles or ())
    if department == GENERAL_MANAGER:
        return GENERAL_MANAGER in roles
    return (department in departments_of(roles, claim)
            and bool(roles & frozenset(WORKING_DEPARTMENTS)))


def require_acting_for(department: str, roles, claim: str | None, action: str) -> None:
    """Forbidden (403) unless the user acts for `department` (see `acts_for`)."""
    if not acts_for(department, roles, claim):
        whose = "the general manager" if department == GENERAL_MANAGER else f"the {department} department"
        raise Forbidden(f"Only {whose} {action}.", department=department)

