"""Supplier statistics for a month or a year: lots received and rejected, PPM, classes, dispositions,
deductions, correction requests and claims recovered (供应商来料异常管理流程 §1: raise the incoming pass rate).

Lots and pieces received come from the monthly receipts; where none were recorded for a supplier in the
period, its rejected lots are all that is known to have been received, and the figures say so.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .incoming import DefectClass, Disposition
from .quality_base import money

MILLION = Decimal(1_000_000)


@dataclass(frozen=True)
class LotRow:
    """One nonconforming lot, as counted."""

    supplier_code: str
    supplier_name: str
    month: date
    defect_class: str
    quantity_received: int
    quantity_nonconforming: int
    disposition: str | None
    deduction: Decimal | None


@dataclass(frozen=True)
class ReceiptRow:
    """A month's receipts from one supplier."""

    supplier_code: str
    supplier_name: str
    month: date
    lots: int
    quantity: int


@dataclass(frozen=True)
class RequestRow:
    """A correction request issued in the period."""

    supplier_code: str
    supplier_name: str
    month: date
    status: str
    overdue_count: int


@dataclass(frozen=True)
class RecoveryRow:
    """A claim charged to a supplier in the period."""

    supplier_code: str
    supplier_name: str
    month: date
    status: str
    amount: Decimal
    recovered_amount: Decimal | None


@dataclass
class _Tally:
    name: str
    lots_received: int = 0
    quantity_received: int = 0
    receipts_recorded: bool = False
    lots_rejected: int = 0
    quantity_nonconforming: int = 0
    nc_received: tuple = (0, 0)  # lots and pieces of the rejected lots, the fallback when no receipts are known
    by_class: dict = field(default_factory=lambda: {c.value: 0 for c in DefectClass})
    returned: int = 0
    conceded: int = 0
    deductions: Decimal = Decimal("0.00")
    requests: dict = field(default_factory=lambda: {"issued": 0, "open": 0, "overdue": 0})
    recoveries: dict = field(default_factory=lambda: {"count": 0, "requested": Decimal("0.00"),
                                                      "recovered": Decimal("0.00"), "open": 0})

    def figures(self) -> dict:
        lots = self.lots_received if self.receipts_recorded else self.nc_received[0]
        pieces = self.quantity_received if self.receipts_recorded else self.nc_received[1]
        return {
            "name": self.name, "receipts_recorded": self.receipts_recorded, "lots_received": lots,
            "quantity_received": pieces, "lots_rejected": self.lots_rejected,
            "quantity_nonconforming": self.quantity_nonconforming,
            "lot_rejection_rate": float(money(Decimal(self.lots_rejected) * 100 / lots)) if lots else None,
            "ppm": int((Decimal(self.quantity_nonconforming) * MILLION / pieces).to_integral_value()) if pieces else None,
            "by_class": dict(self.by_class), "returned": self.returned, "conceded": self.conceded,
            "deductions": str(money(self.deductions)), "correction_requests": dict(self.requests),
            "recoveries": {**self.recoveries, "requested": str(money(self.recoveries["requested"])),
                           "recovered": str(money(self.recoveries["recovered"]))},
        }


def supplier_statistics(*, lots, receipts, requests, recoveries) -> dict:
    """Figures per supplier (by code) for the whole period and per month (`YYYY-MM`), plus the totals."""
    whole: dict[str, _Tally] = {}
    monthly: dict[str, dict[str, _Tally]] = defaultdict(dict)

    def tallies(code: str, name: str, month: date):
        key = f"{month:%Y-%m}"
        yield whole.setdefault(code, _Tally(name))
        yield monthly[code].setdefault(key, _Tally(name))

    for r in receipts:
        for t in tallies(r.supplier_code, r.supplier_name, r.month):
            t.lots_received += r.lots
            t.quantity_received += r.quantity
            t.receipts_recorded = True
    for lot in lots:
        for t in tallies(lot.supplier_code, lot.supplier_name, lot.month):
            _add_lot(t, lot)
    for q in requests:
        for t in tallies(q.supplier_code, q.supplier_name, q.month):
            t.requests["issued"] += 1
            t.requests["open"] += q.status != "closed"
            t.requests["overdue"] += q.overdue_count > 0
    for c in recoveries:
        for t in tallies(c.supplier_code, c.supplier_name, c.month):
            t.recoveries["count"] += 1
            t.recoveries["requested"] += c.amount
            t.recoveries["recovered"] += c.recovered_amount or 0
            t.recoveries["open"] += c.status == "requested"
    suppliers = {code: {**tally.figures(), "by_month": {m: t.figures() for m, t in sorted(monthly[code].items())}}
                 for code, tally in sorted(whole.items())}
    for entry in suppliers.values():
        for month in entry["by_month"].values():
            month.pop("name")
    return {"suppliers": suppliers, "total": _total(whole.values())}


def _add_lot(t: _Tally, lot: LotRow) -> None:
    t.lots_rejected += 1
    t.quantity_nonconforming += lot.quantity_nonconforming
    t.nc_received = (t.nc_received[0] + 1, t.nc_received[1] + lot.quantity_received)
    t.by_class[lot.defect_class] += 1
    t.returned += lot.disposition == Disposition.RETURN
    t.conceded += lot.disposition == Disposition.CONCESSION
    t.deductions += lot.deduction or 0


def _total(tallies) -> dict:
    total = _Tally("")
    for t in tallies:
        total.receipts_recorded = total.receipts_recorded or t.receipts_recorded
        total.lots_received += t.lots_received if t.receipts_recorded else t.nc_received[0]
        total.quantity_received += t.quantity_received if t.receipts_recorded else t.nc_received[1]
        total.lots_rejected += t.lots_rejected
        total.quantity_nonconforming += t.quantity_nonconforming
        total.returned, total.conceded = total.returned + t.returned, total.conceded + t.conceded
        total.deductions += t.deductions
        for name in total.by_class:
            total.by_class[name] += t.by_class[name]
        for name in total.requests:
            total.requests[name] += t.requests[name]
        for name in total.recoveries:
            total.recoveries[name] += t.recoveries[name]
    total.receipts_recorded = True  # the sums above already chose each supplier's source
    figures = total.figures()
    figures.pop("name")
    return figures
