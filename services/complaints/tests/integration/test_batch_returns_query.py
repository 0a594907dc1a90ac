"""The batch returns the database sums are the domain's batch returns (domain.classification.batch_returns)."""
import uuid
from datetime import date, datetime, timezone

import pytest

from complaints.domain.classification import batch_returns
from complaints.domain.complaint import Complaint

DAY, OTHER_DAY = date(2026, 2, 1), date(2026, 2, 2)
# (product code, production date, returned): same model other day, other model same day, no batch at all
FIGURES = [("M-1", DAY, 10), ("M-1", DAY, 25), ("M-1", DAY, 0), ("M-1", OTHER_DAY, 40), ("M-2", DAY, 7),
           ("m-1", DAY, 3), (None, DAY, 90), ("M-1", None, 80), ("", DAY, 5)]


def _complaint(ctx, code, produced, returned) -> Complaint:
    deps = ctx.extras["deps"]
    return Complaint.receive(id=uuid.uuid4(), number=f"CP-2026-{uuid.uuid4().int % 10**6:06d}", by="t",
                             at=datetime(2026, 3, 2, 1, tzinfo=timezone.utc), policy=deps.policy,
                             thresholds=deps.thresholds, customer_id="C-1", customer_name="Acme",
                             category="quality", description="d", product_code=code, production_date=produced,
                             returned_quantity=returned)


@pytest.fixture
def stored(ctx):
    complaints = [_complaint(ctx, *figures) for figures in FIGURES]
    with ctx.uow_factory() as uow:
        for complaint in complaints:
            uow.complaints.add(complaint)
        uow.commit()
    return complaints


def test_the_locked_sum_is_the_domains_sum_for_every_batch_and_exclusion(ctx, stored):
    keys = {c.batch_key for c in stored} | {("M-3", DAY), None}
    for key in keys:
        for excluding in [None, uuid.uuid4()] + [c.id for c in stored]:
            with ctx.uow_factory() as uow:
                from_sql = uow.complaints.lock_batch_returns(key, excluding=excluding)
            assert from_sql == batch_returns(stored, key, excluding=excluding), (key, excluding)


def test_the_domain_sum_counts_only_complaints_with_a_batch(ctx, stored):
    assert batch_returns(stored, ("M-1", DAY)) == 35
    assert batch_returns(stored, None) == 0
    assert sum(1 for c in stored if c.batch_key is None) == 3
