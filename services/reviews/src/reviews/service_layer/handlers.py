"""Command handlers of contracts: load through the unit of work, let the aggregate decide, commit with events."""
from __future__ import annotations

import uuid
from typing import Callable

from ..domain import commands as c
from ..domain.classification import classify
from ..domain.contract import Contract
from ..domain.departments import QUALITY, SALES, require_acting_for
from ..domain.lines import build_lines
from ..domain.states import ACCEPTED
from .dependencies import Dependencies
from .integration_events import publish_contract
from .loading import found, require_version
from .import_handlers import IMPORT_HANDLERS
from .register_handlers import REGISTER_HANDLERS


def submit_contract(cmd: c.SubmitContract, *, uow, deps: Dependencies) -> Contract:
    """Register a contract, classify it from the service's own records and ask for reviews.

    What it reads stays true until it commits: the compliance copy of its products and customer, then
    the customer's facts, each under shared locks (in that order, as every other taker).
    """
    if "system" not in cmd.actor.roles:  # another company system submits for sales
        _require(cmd, SALES, "submits contracts")
    lines = build_lines(cmd.lines)
    codes = {line.product_code for line in lines}
    with uow:
        uow.compliance.lock(products=codes, customer=cmd.customer_id, shared=True)
        statuses, known = uow.compliance.statuses(codes), uow.compliance.requirements_of(cmd.customer_id)
        facts = uow.contracts.customer_facts(cmd.customer_id, codes)
        contract = Contract.submit(
            id=uuid.uuid4(), number=uow.next_number("CT", cmd.at.year), customer_id=cmd.customer_id,
            customer_name=cmd.customer_name, salesperson=cmd.salesperson, region=cmd.region, source=cmd.source,
            currency=cmd.currency, payment_terms=cmd.payment_terms, requirements=cmd.requirements, lines=lines,
            classification=classify(lines, facts, cmd.requirements, len(known)), policy=deps.policy,
            product_statuses=statuses, known_requirements=known, by=cmd.actor.id, at=cmd.at)
        uow.contracts.add(contract)
        publish_contract(uow, contract)
        uow.commit()
        return contract


def record_review(cmd: c.RecordReview, *, uow, deps: Dependencies) -> Contract:
    """Record a department's opinion; the contract checks the reviewer works in that department."""
    return _change(uow, cmd, lambda contract: contract.record_review(
        department=cmd.department, opinion=cmd.opinion, comment=cmd.comment, delivery_date=cmd.delivery_date,
        reviewer=cmd.actor, policy=deps.policy, at=cmd.at))


def decide_contract(cmd: c.DecideContract, *, uow, **_) -> Contract:
    """Decide the outcome of the current revision."""
    def decide(contract: Contract):
        if cmd.outcome == ACCEPTED:  # an accepted contract adds to its customer's facts: readers wait
            uow.contracts.lock_customer_facts(contract)
        contract.decide(outcome=cmd.outcome, reason=cmd.reason, by=cmd.actor.id, by_name=cmd.actor.name,
                        roles=cmd.actor.roles, department=cmd.actor.department, at=cmd.at)
    return _change(uow, cmd, decide)


def amend_contract(cmd: c.AmendContract, *, uow, deps: Dependencies) -> Contract:
    """Amend the terms into a new revision, reclassified from the service's own records."""
    _require(cmd, SALES, "amends a contract")
    lines = build_lines(cmd.lines) if cmd.lines is not None else None

    def amend(contract: Contract):
        codes = {line.product_code for line in (lines or contract.lines)}
        facts = uow.contracts.customer_facts(contract.customer_id, codes, amended=contract)
        known = len(uow.compliance.requirements_of(contract.customer_id))
        contract.amend(changes=cmd.changes, lines=lines, reason=cmd.reason,
                       classification_for=lambda new_lines, req: classify(new_lines, facts, req, known),
                       product_statuses=uow.compliance.statuses(codes), policy=deps.policy, by=cmd.actor.id,
                       at=cmd.at)
    # New products are locked before the contract row, in the order a compliance result takes them.
    return _change(uow, cmd, amend, lock_products={line.product_code for line in lines or ()})


def confirm_oral_order(cmd: c.ConfirmOralOrder, *, uow, **_) -> Contract:
    """Record the customer's confirmation of an oral order."""
    _require(cmd, SALES, "records the customer's confirmation of an oral order")
    return _change(uow, cmd, lambda contract: contract.confirm_oral_order(
        confirmed_by=cmd.confirmed_by, note=cmd.note, by=cmd.actor.id, at=cmd.at))


def waive_compliance(cmd: c.WaiveCompliance, *, uow, **_) -> Contract:
    """Quality's waiver of a compliance hold."""
    _require(cmd, QUALITY, "waives a compliance hold")
    return _change(uow, cmd, lambda contract: contract.waive_compliance(reason=cmd.reason, by=cmd.actor.name,
                                                                        at=cmd.at))


def acknowledge_checklist_item(cmd: c.AcknowledgeChecklistItem, *, uow, **_) -> Contract:
    """Quality acknowledges a customer requirement on the contract."""
    _require(cmd, QUALITY, "acknowledges a customer requirement")
    return _change(uow, cmd, lambda contract: contract.acknowledge_checklist_item(
        item_id=cmd.item_id, by=cmd.actor.name, at=cmd.at))


def scan_deadlines(cmd: c.ScanDeadlines, *, uow, **_) -> list[dict]:
    """Flag reviews past due as of `as_of`; one event per newly overdue review."""
    found = []
    with uow:
        for contract_id in uow.contracts.with_reviews_due(cmd.as_of):
            contract = uow.contracts.get_for_update(contract_id)
            for review in contract.flag_overdue_reviews(cmd.as_of):
                found.append({"contract_id": contract.id, "number": contract.number,
                              "department": review.department, "due_at": review.due_at})
            publish_contract(uow, contract)
        uow.commit()
    return found


def _change(uow, cmd, apply: Callable[[Contract], object], lock_products=()) -> Contract:
    with uow:
        if lock_products:
            uow.compliance.lock(products=lock_products, shared=True)
        contract = found(uow.contracts.get_for_update(cmd.contract_id), "contract", cmd.contract_id)
        require_version(contract, cmd.expected_version, "contract")
        apply(contract)
        publish_contract(uow, contract)
        uow.commit()
        return contract


def _require(cmd, department: str, action: str) -> None:
    """Forbidden unless the caller works in `department` (its token's department, else its roles)."""
    require_acting_for(department, cmd.actor.roles, cmd.actor.department, action)


HANDLERS = {
    c.SubmitContract: submit_contract, c.RecordReview: record_review, c.DecideContract: decide_contract,
    c.AmendContract: amend_contract, c.ConfirmOralOrder: confirm_oral_order,
    c.WaiveCompliance: waive_compliance, c.AcknowledgeChecklistItem: acknowledge_checklist_item,
    c.ScanDeadlines: scan_deadlines, **REGISTER_HANDLERS, **IMPORT_HANDLERS,
}
