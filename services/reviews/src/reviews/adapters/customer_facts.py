"""The customer facts a contract is classified by, as one query over accepted contracts and their lines.

The rules' own definition is `CustomerFacts.of` (domain/classification.py); an integration test pins
this query against it. A contract entering or leaving `accepted` changes the facts: it locks them
exclusively (`advisory_xact_locks(..., shared=False)`), and whoever reads them takes the same keys shared first,
so a read sees such a change whole or not at all and it stays true until the reader commits.
"""
from __future__ import annotations

from sqlalchemy import String, Uuid, any_, bindparam, distinct, exists, func, literal_column, select
from sqlalchemy.dialects.postgresql import ARRAY

from ..domain.classification import CustomerFacts
from ..domain.states import ACCEPTED
from . import orm


def facts_keys(customer_id: str, codes) -> list[str]:
    """The advisory lock keys of a customer's facts and of its products' delivery history, customer first."""
    return [f"customer-facts:{customer_id}", *sorted(f"delivery-history:{code}" for code in set(codes))]


def _facts_query():
    c, lines = orm.contracts, orm.contract_lines
    # The status is written into the SQL, not bound, so that the partial index of accepted contracts applies.
    accepted = c.c.status == literal_column(f"'{ACCEPTED}'")
    counted = c.c.id.is_distinct_from(bindparam("excluding", type_=Uuid))
    known_customer = exists().where(accepted, counted, c.c.customer_id == bindparam("customer_id"))
    delivered = (select(func.array_agg(distinct(lines.c.product_code)))
                 .select_from(lines.join(c, c.c.id == lines.c.contract_id))
                 .where(accepted, counted, lines.c.product_code == any_(bindparam("codes", type_=ARRAY(String))))
                 .scalar_subquery())
    return select(known_customer, delivered)  # one statement: both seen in one snapshot


FACTS = _facts_query()


def read_customer_facts(session, customer_id: str, codes, excluding=None) -> CustomerFacts:
    """Is the customer new (nothing accepted), and which of `codes` were in an accepted contract (but `excluding`)."""
    known, found = session.execute(FACTS, {"customer_id": customer_id, "codes": sorted(set(codes)),
                                           "excluding": excluding}).one()
    return CustomerFacts(new_customer=not known, delivered_products=frozenset(found or ()))
