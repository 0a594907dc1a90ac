"""The compliance read model in and out: notes from events (latest wins), the summary the review shows."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.dialects.postgresql import insert

from ..domain.compliance_status import (
    NONCONFORMANCE_STATUSES, PRODUCT_STATUSES, ComplianceStatus, NonconformanceNote, ProductStatusNote, overdue,
)
from .compliance_status_tables import compliance_nonconformances as ncs
from .compliance_status_tables import compliance_products as products

OPEN_LISTED = 50


class ComplianceStatusRepository:
    """Upserts guarded by time, so events arriving out of order leave the newest state."""

    def __init__(self, session):
        self.session = session

    def note_product(self, note: ProductStatusNote, *, noted_at: datetime) -> None:
        """Keep the product's status unless a later evaluation is already kept."""
        row = {"product_id": note.product_id, "code": note.code, "name": note.name, "status": note.status,
               "evaluated_at": note.evaluated_at, "noted_at": noted_at}
        statement = insert(products).values(row)
        self.session.execute(statement.on_conflict_do_update(
            index_elements=[products.c.product_id], set_={k: statement.excluded[k] for k in row if k != "product_id"},
            where=products.c.evaluated_at <= statement.excluded.evaluated_at))

    def note_nonconformance(self, note: NonconformanceNote) -> None:
        """Keep the nonconformance's state unless a later event was applied; remember when it opened and closed."""
        row = {"number": note.number, "product_code": note.product_code, "owner_department": note.owner_department,
               "status": note.status, "description": note.description, "action_due_on": note.action_due_on,
               "updated_at": note.occurred_at,
               "opened_at": note.occurred_at if note.status == "open" else None,
               "closed_at": note.occurred_at if note.status == "closed" else None}
        statement = insert(ncs).values(row)
        later = {k: statement.excluded[k] for k in ("product_code", "owner_department", "status", "description",
                                                   "action_due_on", "updated_at")}
        self.session.execute(statement.on_conflict_do_update(
            index_elements=[ncs.c.number],
            set_={k: func.coalesce(statement.excluded[k], ncs.c[k]) for k in ("opened_at", "closed_at")} | {
                k: _newer(statement.excluded.updated_at, v, ncs.c[k]) for k, v in later.items()}))

    def summary(self, *, today) -> ComplianceStatus:
        """Products by status, nonconformances by status, the open ones (oldest due first), the latest news."""
        by_status = dict(self.session.execute(select(products.c.status, func.count()).group_by(products.c.status)).all())
        nc_status = dict(self.session.execute(select(ncs.c.status, func.count()).group_by(ncs.c.status)).all())
        open_rows = self.session.execute(select(ncs).where(ncs.c.status != "closed").order_by(
            ncs.c.action_due_on.asc().nulls_last(), ncs.c.number).limit(OPEN_LISTED)).mappings().all()
        failing = self.session.execute(select(products.c.code, products.c.name, products.c.evaluated_at).where(
            products.c.status == "non_compliant").order_by(products.c.code).limit(OPEN_LISTED)).mappings().all()
        latest = self.session.execute(select(select(func.max(products.c.noted_at)).scalar_subquery(),
                                             select(func.max(ncs.c.updated_at)).scalar_subquery())).one()
        return ComplianceStatus(
            products={s: by_status.get(s, 0) for s in PRODUCT_STATUSES},
            nonconformances={s: nc_status.get(s, 0) for s in NONCONFORMANCE_STATUSES},
            open_nonconformances=[{**row, "overdue": overdue(row["action_due_on"], row["status"], today)}
                                  for row in open_rows],
            non_compliant_products=[dict(row) for row in failing],
            last_news_at=max((t for t in latest if t is not None), default=None))


def _newer(incoming_at, incoming, kept):
    """The incoming value when its event is not older than the kept state's."""
    return case((incoming_at >= ncs.c.updated_at, incoming), else_=kept)
