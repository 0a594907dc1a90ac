"""The customer facts a contract is classified by, as one query over accepted contracts and their lines, the
imported delivery history and the customers the archive announced.

The rules' own definition is `CustomerFacts.of` (domain/classification.py); an integration test pins
this query against it. A contract entering or leaving `accepted` changes the facts: it locks them
exclusively (`advisory_xact_locks(..., shared=False)`), and whoever reads them takes the same keys shared first,
so a read sees such a change whole or not at all and it stays true until the reader commits. Imports and
the archive only add or correct history and read nothing of contracts: a classification sees them whole or
not at all (one statement, one snapshot), as if it came before or after them, so they take no facts keys.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import String, Uuid, any_, bindparam, exists, func, literal_column, select
from sqlalchemy.dialects.postgresql import ARRAY, distinct_on

from ..domain.classification import ARCHIVE, CONTRACT, IMPORT, CustomerFacts, Evidence
from ..domain.states import ACCEPTED
from . import orm


def facts_keys(customer_id: str, codes) -> list[str]:
    """The advisory lock keys of a customer's facts and of its products' delivery history, customer first."""
    return [f"customer-facts:{customer_id}", *sorted(f"delivery-history:{code}" for code in set(codes))]


def _facts_query():
    c, lines, d = orm.contracts, orm.contract_lines, orm.delivery_history
    # The status is written into the SQL, not bound, so that the partial index of accepted contracts applies.
    accepted = c.c.status == literal_column(f"'{ACCEPTED}'")
    counted = c.c.id.is_distinct_from(bindparam("excluding", type_=Uuid))
    customer, codes = bindparam("customer_id"), bindparam("codes", type_=ARRAY(String))
    latest_first = (d.c.delivered_on.desc(), d.c.source_document.desc(), d.c.line.desc())
    delivery = (d.c.delivered_on, d.c.source_document, d.c.line)

    customer_contract = select(func.max(c.c.number)).where(accepted, counted, c.c.customer_id == customer)
    customer_delivery = (select(func.json_build_array(*delivery)).where(d.c.customer_id == customer)
                         .order_by(*latest_first).limit(1))
    in_archive = exists().where(orm.known_customers.c.customer_id == customer)
    by_contract = (select(lines.c.product_code.label("code"), func.max(c.c.number).label("number"))
                   .select_from(lines.join(c, c.c.id == lines.c.contract_id))
                   .where(accepted, counted, lines.c.product_code == any_(codes))
                   .group_by(lines.c.product_code).subquery())
    by_delivery = (select(d.c.product_code, *delivery).ext(distinct_on(d.c.product_code))
                   .where(d.c.product_code == any_(codes)).order_by(d.c.product_code, *latest_first).subquery())
    return select(  # one statement: every source seen in one snapshot
        customer_contract.scalar_subquery(), customer_delivery.scalar_subquery(), in_archive,
        select(func.json_object_agg(by_contract.c.code, by_contract.c.number)).scalar_subquery(),
        select(func.json_agg(func.json_build_array(*by_delivery.c))).scalar_subquery())


FACTS = _facts_query()


def read_customer_facts(session, customer_id: str, codes, excluding=None) -> CustomerFacts:
    """Is the customer new, which of `codes` were delivered before (contracts accepted, but `excluding`, and
    deliveries imported), and the records that say so."""
    codes = sorted(set(codes))
    contract, delivery, archived, contracts, deliveries = session.execute(FACTS, {
        "customer_id": customer_id, "codes": codes, "excluding": excluding}).one()
    by_contract = {code: Evidence(CONTRACT, number) for code, number in (contracts or {}).items()}
    by_delivery = {row[0]: _imported(row[1:]) for row in deliveries or ()}
    return CustomerFacts.from_evidence(
        customer=(contract and Evidence(CONTRACT, contract), delivery and _imported(delivery),
                  Evidence(ARCHIVE) if archived else None),
        products={code: (by_contract.get(code), by_delivery.get(code)) for code in codes})


def _imported(row) -> Evidence:
    delivered_on, document, line = row
    return Evidence(IMPORT, document, line, date.fromisoformat(delivered_on))
