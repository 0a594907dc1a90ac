"""The yearly compliance evaluation report (RoHS法律法规及其它要求遵循情况评价报告表, seed 000 §5.4)."""
from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any, Iterable

from compliance.domain.evaluation import STATUSES
from compliance.domain.nonconformance import Nonconformance
from compliance.domain.product import Product
from compliance.domain.regulation import Regulation

NOT_EVALUATED = "not_evaluated"


def annual_report(year: int, *, products: Iterable[Product], regulations: Iterable[Regulation],
                  nonconformances: Iterable[Nonconformance], as_of: date) -> dict[str, Any]:
    """Report data: every product's status, the register's review state, and nonconformances."""
    products, regulations, ncs = list(products), list(regulations), list(nonconformances)
    by_status = Counter(product.status or NOT_EVALUATED for product in products)
    return {
        "year": year,
        "as_of": as_of,
        "products": {
            "total": len(products),
            "by_status": {status: by_status.get(status, 0) for status in (*STATUSES, NOT_EVALUATED)},
            "items": [_product_row(p) for p in sorted(products, key=lambda p: p.code)],
        },
        "regulations": {
            "total": len(regulations),
            "reviewed_in_year": [_regulation_row(r, as_of) for r in regulations if _reviewed_in(r, year)],
            "overdue_for_review": [_regulation_row(r, as_of) for r in regulations if r.review_overdue(as_of)],
        },
        "nonconformances": {
            "opened_in_year": sum(1 for nc in ncs if nc.opened_at.year == year),
            "closed_in_year": sum(1 for nc in ncs if nc.closed_at is not None and nc.closed_at.year == year),
            "open": [_nc_row(nc) for nc in sorted(ncs, key=lambda nc: nc.number) if nc.is_open],
        },
    }


def _reviewed_in(regulation: Regulation, year: int) -> bool:
    return regulation.last_reviewed_on is not None and regulation.last_reviewed_on.year == year


def _product_row(product: Product) -> dict[str, Any]:
    return {"id": product.id, "code": product.code, "name": product.name,
            "status": product.status or NOT_EVALUATED, "evaluated_at": product.evaluated_at}


def _regulation_row(regulation: Regulation, as_of: date) -> dict[str, Any]:
    return {"id": regulation.id, "code": regulation.code, "title": regulation.title,
            "last_reviewed_on": regulation.last_reviewed_on, "review_due_on": regulation.review_due_on(),
            "overdue": regulation.review_overdue(as_of)}


def _nc_row(nc: Nonconformance) -> dict[str, Any]:
    opened: datetime = nc.opened_at
    return {"id": nc.id, "number": nc.number, "product_code": nc.product_code, "status": nc.status,
            "owner_department": nc.owner_department, "opened_at": opened, "action_due_on": nc.action_due_on}
