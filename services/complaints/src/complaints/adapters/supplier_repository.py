"""Repositories of suppliers, incoming nonconformances, correction requests and supplier recoveries, and the
queries the supplier statistics read."""
from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from sqlalchemy import Date, cast, func, or_, select

from ..domain.correction_request import CorrectionRequest
from ..domain.incoming import IncomingNonconformance
from ..domain.statistics import local_day
from ..domain.supplier import Supplier
from ..domain.supplier_recovery import SupplierRecovery
from ..domain.supplier_statistics import LotRow, ReceiptRow, RecoveryRow, RequestRow
from .queries import day_start
from .repository import Repository
from . import supplier_tables as s


class SupplierRepository(Repository):
    """Loads and stores suppliers."""

    kind = Supplier

    def by_code(self, code: str) -> Supplier | None:
        """The supplier with this code, or None."""
        return self.session.execute(select(Supplier).where(s.suppliers.c.code == code)).scalars().first()


class IncomingRepository(Repository):
    """Loads and stores incoming nonconformances."""

    kind = IncomingNonconformance


class CorrectionRequestRepository(Repository):
    """Loads and stores correction requests."""

    kind = CorrectionRequest

    def for_source(self, source: str, source_id: uuid.UUID) -> CorrectionRequest | None:
        """The request issued for that record, or None."""
        t = s.correction_requests
        return self.session.execute(select(CorrectionRequest).where(
            t.c.source == source, t.c.source_id == source_id)).scalars().first()

    def overdue_candidates(self, as_of: datetime) -> list[uuid.UUID]:
        """Requests awaiting a reply past its due date at `as_of`, that due date not yet reported."""
        t = s.correction_requests
        query = select(t.c.id).where(t.c.status == "issued", t.c.reply_due_at < as_of, or_(
            t.c.overdue_reported_due_at.is_(None), t.c.overdue_reported_due_at != t.c.reply_due_at))
        return list(self.session.execute(query.order_by(t.c.reply_due_at)).scalars())

    def action_overdue_candidates(self, as_of: datetime) -> list[uuid.UUID]:
        """Replied requests whose action's due day is over at `as_of`, not yet reported to the general manager."""
        t = s.correction_requests
        query = select(t.c.id).where(t.c.status == "replied", t.c.action_due_date < local_day(as_of),
                                     t.c.action_escalation_level < 2)
        return list(self.session.execute(query.order_by(t.c.action_due_date)).scalars())


class RecoveryRepository(Repository):
    """Loads and stores what is recovered from suppliers."""

    kind = SupplierRecovery

    def for_claim(self, claim_id: uuid.UUID) -> SupplierRecovery | None:
        """The recovery of that claim, or None."""
        return self.session.execute(select(SupplierRecovery).where(
            s.supplier_recoveries.c.claim_id == claim_id)).scalars().first()


def _month(column):
    """The row's day on the company's clock (Beijing time, UTC+8 all year)."""
    return cast(func.timezone("Asia/Shanghai", column), Date)


def statistics_rows(session, *, start: date, end: date, supplier_code: str | None = None) -> dict:
    """The rows the supplier statistics of `start`..`end` (company days) are made of."""
    lo, hi = day_start(start), day_start(end + timedelta(days=1))
    nc, cr, rec, rc, sup = (s.incoming_nonconformances, s.correction_requests, s.supplier_recoveries,
                            s.supplier_receipts, s.suppliers)

    def of(table):
        return [] if supplier_code is None else [table.c.supplier_code == supplier_code]

    lots = session.execute(select(nc.c.supplier_code, nc.c.supplier_name, _month(nc.c.inspected_at),
                                  nc.c.defect_class, nc.c.quantity_received, nc.c.quantity_nonconforming,
                                  nc.c.disposition, nc.c.deduction_amount)
                           .where(nc.c.inspected_at >= lo, nc.c.inspected_at < hi, *of(nc))).all()
    requests = session.execute(select(cr.c.supplier_code, cr.c.supplier_name, _month(cr.c.issued_at), cr.c.status,
                                      cr.c.overdue_count)
                               .where(cr.c.issued_at >= lo, cr.c.issued_at < hi, *of(cr))).all()
    recoveries = session.execute(select(rec.c.supplier_code, rec.c.supplier_name, _month(rec.c.requested_at),
                                        rec.c.status, rec.c.amount, rec.c.recovered_amount)
                                 .where(rec.c.requested_at >= lo, rec.c.requested_at < hi, *of(rec))).all()
    receipts = session.execute(select(sup.c.code, sup.c.name, rc.c.month, rc.c.lots, rc.c.quantity)
                               .join(sup, sup.c.id == rc.c.supplier_id)
                               .where(rc.c.month >= start.replace(day=1), rc.c.month <= end,
                                      *([] if supplier_code is None else [sup.c.code == supplier_code]))).all()
    return {"lots": [LotRow(*_day(r, 2)) for r in lots], "requests": [RequestRow(*_day(r, 2)) for r in requests],
            "recoveries": [RecoveryRow(*_day(r, 2)) for r in recoveries],
            "receipts": [ReceiptRow(*r) for r in receipts]}


def _day(row, index: int) -> tuple:
    values = list(row)
    values[index] = values[index].replace(day=1)
    return tuple(values)
