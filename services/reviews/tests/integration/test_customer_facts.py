"""The customer facts query (adapters/customer_facts.py) agrees with the rules' definition, CustomerFacts.of."""
from __future__ import annotations

import random
import uuid
from datetime import datetime, timezone
from itertools import combinations

import pytest

from reviews.adapters.customer_facts import read_customer_facts
from reviews.domain.classification import CustomerFacts, classify
from reviews.domain.contract import Contract
from reviews.domain.lines import build_lines
from reviews.domain.states import ACCEPTED, NEEDS_CUSTOMER, REJECTED, UNDER_REVIEW

from reviews_api import LINE

T = datetime(2026, 11, 1, 8, 0, tzinfo=timezone.utc)
CUSTOMERS = ("C-1", "C-2", "C-3")
CODES = ("P-1", "P-2", "P-3", "P-4", "P-5")


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


def test_the_query_agrees_with_the_rules_definition(ctx, contracts):
    accepted = [c for c in contracts if c.status == ACCEPTED]
    assert accepted and len(accepted) < len(contracts)
    with ctx.uow_factory() as uow:
        for customer in (*CUSTOMERS, "C-NEW"):
            for size in (1, 2, len(CODES)):
                for codes in combinations(CODES, size):
                    for excluding in (None, accepted[0].id, contracts[-1].id):
                        assert read_customer_facts(uow.session, customer, codes, excluding) == \
                            CustomerFacts.of(contracts, customer, codes, excluding), (customer, codes, excluding)


def test_an_accepted_contract_being_amended_does_not_count_for_itself(ctx, contracts):
    amended = next(c for c in contracts if c.status == ACCEPTED)
    codes = [line.product_code for line in amended.lines]
    with ctx.uow_factory() as uow:
        facts = uow.contracts.customer_facts(amended.customer_id, codes, amended=uow.contracts.get(amended.id))
    assert facts == CustomerFacts.of(contracts, amended.customer_id, codes, excluding=amended.id)
