"""The customer facts query (adapters/customer_facts.py) agrees with the rules' definition, CustomerFacts.of:
over accepted contracts, imported deliveries and the customers the archive announced, evidence included."""
from __future__ import annotations

import random
import uuid
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from itertools import combinations

import pytest

from reviews.adapters.customer_facts import read_customer_facts
from reviews.domain.classification import CustomerFacts, classify
from reviews.domain.contract import Contract
from reviews.domain.customers import KnownCustomer
from reviews.domain.deliveries import Delivery
from reviews.domain.lines import build_lines
from reviews.domain.states import ACCEPTED, NEEDS_CUSTOMER, REJECTED, UNDER_REVIEW

from reviews_api import LINE

T = datetime(2026, 11, 1, 8, 0, tzinfo=timezone.utc)
CUSTOMERS = ("C-1", "C-2", "C-3")
CODES = ("P-1", "P-2", "P-3", "P-4", "P-5")
# C-4 and P-6 are known from imported deliveries only, C-5 from the archive only; C-NEW and P-7 from nothing.
# Documents that sort differently by byte and by a language's collation, and ties on the day.
DOCUMENTS = ("DN-9", "DN-10", "dn-1", "DN-a", "DN-B", "发货单-7", "DN 1", "DN-1")
ARCHIVE = ("C-3", "C-5")


def _contracts(policy) -> list[Contract]:
    """Contracts of a few customers and products in every status, as they would be after their reviews."""
    rng, made = random.Random(14), []
    for n in range(30):
        codes = rng.sample(CODES[:-1], rng.randint(1, 3))  # P-5 is in no contract at all
        lines = build_lines([{**LINE, "product_code": code, "requested_delivery_date": T.date()} for code in codes])
        contract = Contract.submit(
            id=uuid.uuid4(), number=f"CT-2026-9{n:05d}", customer_id=rng.choice(CUSTOMERS), customer_name="X",
            salesperson="Li", region=None, source="written", currency="CNY", payment_terms=None, requirements=None,
            lines=lines, classification=classify(lines, CustomerFacts(True), None), policy=policy,
            product_statuses={}, known_requirements=[], by="u", at=T)
        contract.pull_events()
        contract.status = rng.choice((ACCEPTED, UNDER_REVIEW, NEEDS_CUSTOMER, REJECTED))
        made.append(contract)
    return made


@pytest.fixture
def contracts(ctx) -> list[Contract]:
    """The contracts of `_contracts`, stored."""
    made = _contracts(ctx.extras["deps"].policy)
    with ctx.uow_factory() as uow:
        for contract in made:
            uow.contracts.add(contract)
        uow.commit()
    return made


def _deliveries() -> list[Delivery]:
    """Deliveries of some of the customers and products (and of C-4 and P-6 only here), a few on one day."""
    rng, made = random.Random(21), []
    for n in range(60):
        made.append(Delivery(customer_id=rng.choice(("C-1", "C-2", "C-4")), customer_name="X",
                             product_code=rng.choice(("P-2", "P-3", "P-6")), model="A4",
                             delivered_on=date(2025, 1, 1) + timedelta(days=rng.randrange(6)),
                             quantity=Decimal(rng.randrange(1, 500)), source_document=rng.choice(DOCUMENTS),
                             line=n % 7 + 1))
    return list({d.key: d for d in made}.values())  # one row per document line, as stored


@pytest.fixture
def history(ctx) -> list[Delivery]:
    """The deliveries of `_deliveries` and the archive's customers, stored."""
    made = _deliveries()
    with ctx.uow_factory() as uow:
        uow.deliveries.add(made, by="test", at=T)
        for customer_id in ARCHIVE:
            uow.customers.add(KnownCustomer(customer_id=customer_id, name="Y", updated_at=T))
        uow.commit()
    return made


def test_the_query_agrees_with_the_rules_definition(ctx, contracts, history):
    accepted = [c for c in contracts if c.status == ACCEPTED]
    assert accepted and len(accepted) < len(contracts)
    codes_known = (*CODES, "P-6", "P-7")
    with ctx.uow_factory() as uow:
        for customer in (*CUSTOMERS, "C-4", "C-5", "C-NEW"):
            for size in (1, 2, len(codes_known)):
                for codes in combinations(codes_known, size):
                    for excluding in (None, accepted[0].id, contracts[-1].id):
                        assert read_customer_facts(uow.session, customer, codes, excluding) == \
                            CustomerFacts.of(contracts, customer, codes, excluding, deliveries=history,
                                             known_customers=ARCHIVE), (customer, codes, excluding)


def test_every_source_of_history_is_seen(ctx, contracts, history):
    """The fixture's records give each source its turn: contract, import and archive evidence all occur."""
    with ctx.uow_factory() as uow:
        sources = {read_customer_facts(uow.session, customer, ["P-1"]).customer_evidence.source
                   for customer in ("C-1", "C-4", "C-5")}
        delivered = read_customer_facts(uow.session, "C-NEW", ["P-6", "P-7"])
    assert sources == {"contract", "import", "customer_archive"}
    assert delivered.new_customer and delivered.delivered_products == {"P-6"}
    latest = max((d for d in history if d.product_code == "P-6"),
                 key=lambda d: (d.delivered_on, d.source_document, d.line))
    evidence = delivered.product_evidence["P-6"]
    assert (evidence.source, evidence.document, evidence.line, evidence.delivered_on) == \
        ("import", latest.source_document, latest.line, latest.delivered_on)


def test_an_accepted_contract_being_amended_does_not_count_for_itself(ctx, contracts):
    amended = next(c for c in contracts if c.status == ACCEPTED)
    codes = [line.product_code for line in amended.lines]
    with ctx.uow_factory() as uow:
        facts = uow.contracts.customer_facts(amended.customer_id, codes, amended=uow.contracts.get(amended.id))
    assert facts == CustomerFacts.of(contracts, amended.customer_id, codes, excluding=amended.id)
    assert facts.customer_evidence is None or facts.customer_evidence.document != amended.number
