"""Read-side queries that span aggregates (no change, no event)."""
from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from qms_shared.domain import Conflict

from ..domain.china_rohs import china_rohs_version, hazardous_substance_table
from ..domain.report import annual_report, year_end
from .loading import get_or_404


def annual_report_data(uow, year: int, today: date, now: datetime) -> dict[str, Any]:
    """The yearly compliance evaluation report as the year ended (or as of now, for the current year)."""
    as_of = min(date(year, 12, 31), today)
    with uow:
        return annual_report(year, products=uow.products.all(),
                             statuses=uow.evaluations.statuses_at(min(year_end(year), now)),
                             regulations=uow.regulations.all(), nonconformances=uow.nonconformances.all(),
                             records=uow.interested_parties.received_in(year), as_of=as_of)


def china_rohs_table(uow, product_id: uuid.UUID, as_of: date) -> dict[str, Any]:
    """The product's hazardous-substance table under the China RoHS version in force on `as_of`."""
    with uow:
        product = get_or_404(uow.products, product_id, "product")
        regulation = china_rohs_version(uow.regulations.all(), as_of)
        if regulation is None:
            raise Conflict(f"no China RoHS version is in force on {as_of} in the register")
        return hazardous_substance_table(product, regulation, uow.substance_groups.catalogue(), as_of)
