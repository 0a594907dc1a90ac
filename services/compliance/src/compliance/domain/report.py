"""The yearly compliance evaluation report (RoHS法律法规及其它要求遵循情况评价报告表, seed 000 §5.4).

Built from history, as the year ended: each product's status is the result of its last evaluation
on or before 31 December, the reviews are those dated in the year, and the interested parties'
complaints and penalties are those received in it.
"""
from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timezone
from typing import Any, Iterable, NamedTuple

from compliance.domain.evaluation import STATUSES
from compliance.domain.interested_party import InterestedPartyRecord
from compliance.domain.nonconformance import Nonconformance
from compliance.domain.product import Product
from compliance.domain.regulation import Regulation

NOT_EVALUATED = "not_evaluated"
REPORTED_KINDS = ("complaint", "administrative_penalty")


class StatusAt(NamedTuple):
    """A product's result as it stood at a moment: the last evaluation up to then."""

    status: str
    evaluated_at: datetime


def year_end(year: int) -> datetime:
    """The last instant of the year (UTC): results evaluated before it count for the year."""
    return datetime(year, 12, 31, 23, 59, 59, 999999, tzinfo=timezone.utc)


def status_at(evaluations: Iterable[Any], moment: datetime) -> dict[Any, StatusAt]:
    """The definition the repository's query is pinned to: per product, its last result up to `moment`."""
    found: dict[Any, StatusAt] = {}
    for evaluation in evaluations:
        if evaluation.evaluated_at > moment:
            continue
        current = found.get(evaluation.product_id)
        if current is None or evaluation.evaluated_at >= current.evaluated_at:
            found[evaluation.product_id] = StatusAt(evaluation.status, evaluation.evaluated_at)
    return found


def annual_report(year: int, *, products: Iterable[Product], statuses: dict[Any, StatusAt],
                  regulations: Iterable[Regulation], nonconformances: Iterable[Nonconformance],
                  records: Iterable[InterestedPartyRecord], as_of: date) -> dict[str, Any]:
    """Report data: products' statuses at the year's end, the register's reviews, NCs, complaints, penalties."""
    moment = year_end(year)
    products = [p for p in products if p.created_at <= moment]
    regulations, ncs = list(regulations), list(nonconformances)
    rows = [_product_row(p, statuses.get(p.id)) for p in sorted(products, key=lambda p: p.code)]
    by_status = Counter(row["status"] for row in rows)
    parties = [r for r in records if r.received_on.year == year and r.kind in REPORTED_KINDS]
    return {
        "year": year,
        "as_of": as_of,
        "products": {
            "total": len(rows),
            "by_status": {status: by_status.get(status, 0) for status in (*STATUSES, NOT_EVALUATED)},
            "items": rows,
        },
        "regulations": {
            "total": len(regulations),
            "reviewed_in_year": [_regulation_row(r, as_of, year) for r in regulations if r.reviewed_in(year)],
            "overdue_for_review": [_regulation_row(r, as_of, year) for r in regulations if r.review_overdue(as_of)],
        },
        "nonconformances": {
            "opened_in_year": sum(1 for nc in ncs if nc.opened_at.year == year),
            "closed_in_year": sum(1 for nc in ncs if nc.closed_at is not None and nc.closed_at.year == year),
            "open": [_nc_row(nc) for nc in sorted(ncs, key=lambda nc: nc.number) if _open_at(nc, moment)],
        },
        "interested_parties": {
            "complaints": sum(1 for r in parties if r.kind == "complaint"),
            "administrative_penalties": sum(1 for r in parties if r.kind == "administrative_penalty"),
            "items": [_record_row(r) for r in sorted(parties, key=lambda r: (r.received_on, r.party_name))],
        },
    }


def _open_at(nc: Nonconformance, moment: datetime) -> bool:
    """Opened by the year's end and not closed by then."""
    return nc.opened_at <= moment and (nc.closed_at is None or nc.closed_at > moment)


def _product_row(product: Product, result: StatusAt | None) -> dict[str, Any]:
    return {"id": product.id, "code": product.code, "name": product.name,
            "status": result.status if result else NOT_EVALUATED,
            "evaluated_at": result.evaluated_at if result else None}


def _regulation_row(regulation: Regulation, as_of: date, year: int) -> dict[str, Any]:
    reviews = regulation.reviewed_in(year)
    return {"id": regulation.id, "code": regulation.code, "title": regulation.title,
            "last_reviewed_on": regulation.last_reviewed_on, "review_due_on": regulation.review_due_on(),
            "overdue": regulation.review_overdue(as_of),
            "reviews": [{"on": r.on, "by": r.by, "note": r.note} for r in reviews]}


def _nc_row(nc: Nonconformance) -> dict[str, Any]:
    return {"id": nc.id, "number": nc.number, "product_code": nc.product_code, "status": nc.status,
            "owner_department": nc.owner_department, "opened_at": nc.opened_at, "action_due_on": nc.action_due_on}


def _record_row(record: InterestedPartyRecord) -> dict[str, Any]:
    return {"id": record.id, "party_name": record.party_name, "kind": record.kind,
            "received_on": record.received_on, "description": record.description, "status": record.status}
