"""The service's copy of the compliance service's product results and customer requirements."""
from __future__ import annotations

import functools

from sqlalchemy import String, any_, bindparam, select
from sqlalchemy.dialects.postgresql import ARRAY

from ..domain.compliance import KnownRequirement, ProductCompliance
from . import orm
from qms_shared.db import advisory_xact_locks

STATUSES = select(orm.product_compliance.c.product_code, orm.product_compliance.c.status).where(
    orm.product_compliance.c.product_code == any_(bindparam("codes", type_=ARRAY(String))))


@functools.cache
def _requirements_of():
    # Built once, on first use (the class is mapped when the service starts, after this module loads).
    r = orm.known_requirements
    return select(KnownRequirement).where(r.c.customer_id == bindparam("customer_id")).order_by(r.c.requirement_id)


def copy_keys(products=(), customer: str | None = None) -> list[str]:
    """The advisory lock keys of these products' results and the customer's requirements, in the order every
    taker takes them."""
    keys = sorted(f"product:{code}" for code in set(products))
    if customer is not None:
        keys.append(f"customer:{customer}")
    return keys


class ComplianceCopyRepository:
    """The service's copy of product results and customer requirements."""

    def __init__(self, session):
        self.session = session

    def lock(self, *, products=(), customer: str | None = None, shared: bool = False) -> None:
        """Serialise with whoever reads or writes these products' results or the customer's requirements.

        A contract submitted while a result arrives would otherwise miss it both ways: the submission
        reads the copy before the result is committed, the result looks for contracts before the
        submission is committed. Readers (submissions, amendments) share the locks, so they never wait
        for each other, only for a result being applied, which holds them exclusively.
        """
        advisory_xact_locks(self.session, copy_keys(products, customer), shared=shared)

    def product(self, code: str) -> ProductCompliance | None:
        """The latest known result of a product, or None."""
        return self.session.get(ProductCompliance, code, with_for_update=True)

    def add(self, item) -> None:
        """Track a new product result or requirement."""
        self.session.add(item)

    def statuses(self, codes) -> dict[str, str]:
        """Known statuses of these products (unknown ones are absent)."""
        return dict(self.session.execute(STATUSES, {"codes": sorted(set(codes))}).all())

    def requirement(self, requirement_id: str) -> KnownRequirement | None:
        """A known customer requirement, or None."""
        return self.session.get(KnownRequirement, requirement_id, with_for_update=True)

    def requirements_of(self, customer_id: str) -> list[KnownRequirement]:
        """The customer's known requirements, by id."""
        return list(self.session.execute(_requirements_of(), {"customer_id": customer_id}).scalars())
