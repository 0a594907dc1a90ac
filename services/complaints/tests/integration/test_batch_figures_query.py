"""The batch figures the database sums are the domain's (domain.batch.batch_figures), complaints and internal
problems together, for both kinds of key (product code + batch number, model + production date)."""
import uuid
from datetime import date, datetime, timezone

import pytest

from complaints.domain.batch import BatchKey, batch_figures
from complaints.domain.complaint import Complaint
from complaints.domain.internal_problem import InternalProblem

DAY, OTHER_DAY = date(2026, 2, 1), date(2026, 2, 2)
AT = datetime(2026, 3, 2, 1, tzinfo=timezone.utc)
# complaints: (code, batch, production date, affected, returned)
COMPLAINTS = [("M-1", None, DAY, 10, 10), ("M-1", None, DAY, 40, 25), ("M-1", None, DAY, None, 0),
              ("M-1", "", DAY, 5, 7), ("M-1", None, OTHER_DAY, 40, 40), ("M-2", None, DAY, 7, 7),
              ("m-1", None, DAY, 3, 3), (None, None, DAY, 90, 90), ("M-1", None, None, 80, 80),
              ("M-1", "B1", DAY, 30, 0), ("M-1", "B1", None, 12, 12), ("M-1", "B2", DAY, 9, 9)]
# internal problems: (code, batch, production date, scrapped, reworked)
PROBLEMS = [("M-1", None, DAY, 60, 0), ("M-1", "B1", OTHER_DAY, 3, 4), ("M-2", None, DAY, 0, 0)]


def _numbered(prefix: str) -> str:
    return f"{prefix}-2026-{uuid.uuid4().int % 10**6:06d}"


def _complaint(deps, code, batch, produced, affected, returned) -> Complaint:
    return Complaint.receive(id=uuid.uuid4(), number=_numbered("CP"), by="t", at=AT, policy=deps.policy,
                             thresholds=deps.thresholds, customer_id="C-1", customer_name="Acme",
                             category="quality", description="d", product_code=code, product_batch=batch,
                             production_date=produced, quantity_affected=affected, returned_quantity=returned)


def _problem(deps, code, batch, produced, scrapped, reworked) -> InternalProblem:
    return InternalProblem.record_found(id=uuid.uuid4(), number=_numbered("IP"), by="t", at=AT, policy=deps.policy,
                                        thresholds=deps.thresholds, product_code=code, product_batch=batch,
                                        production_date=produced, description="d", level="general",
                                        quantity_scrapped=scrapped, quantity_reworked=reworked)


@pytest.fixture
def stored(ctx):
    deps = ctx.extras["deps"]
    complaints = [_complaint(deps, *figures) for figures in COMPLAINTS]
    problems = [_problem(deps, *figures) for figures in PROBLEMS]
    with ctx.uow_factory() as uow:
        for complaint in complaints:
            uow.complaints.add(complaint)
        for problem in problems:
            uow.internal_problems.add(problem)
        uow.commit()
    return complaints + problems


def test_the_locked_figures_are_the_domains_for_every_batch_and_exclusion(ctx, stored):
    keys = {r.batch_key for r in stored} | {BatchKey("M-3", production_date=DAY), BatchKey("M-1", batch="B9"), None}
    for key in keys:
        for excluding in [None, uuid.uuid4()] + [r.id for r in stored]:
            with ctx.uow_factory() as uow:
                from_sql = uow.complaints.lock_batch(key, excluding=excluding)
            assert from_sql == batch_figures(stored, key, excluding=excluding), (key, excluding)


def test_the_domain_counts_reports_returns_and_internal_scrap_of_one_batch(stored):
    by_date = batch_figures(stored, BatchKey("M-1", production_date=DAY))
    # affected or returned, whichever is more: 10 + 40 + 0 + 7 (a blank batch number is none), scrap 60
    assert (by_date.reported, by_date.returned, len(by_date.members)) == (117, 42, 5)
    by_batch = batch_figures(stored, BatchKey("M-1", batch="B1"))
    assert (by_batch.reported, by_batch.returned) == (30 + 12 + 7, 12)
    assert sum(1 for r in stored if r.batch_key is None) == 2
