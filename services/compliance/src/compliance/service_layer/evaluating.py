"""Evaluation flows shared by the handlers: one product now, or every product after a change."""
from __future__ import annotations

import time
import uuid
from datetime import date, datetime
from typing import Callable

from ..domain.evaluation import NON_COMPLIANT, Evaluation, Evaluator
from ..domain.nonconformance import Nonconformance
from ..domain.product import Product, ProductFacts
from ..domain.reevaluation import ImpactReport, collector_paused, describe_failures, reevaluate
from . import integration_events
from .dependencies import Dependencies


def evaluator_for(uow, deps: Dependencies, as_of: date) -> Evaluator:
    """An evaluator over the register in force on `as_of`, every customer requirement and the catalogue."""
    return Evaluator(uow.regulations.all(), uow.requirements.all(), as_of, deps.policy,
                     uow.substance_groups.catalogue())


def evaluate_product(uow, deps: Dependencies, product: Product, *, at: datetime, trigger: str, by: str,
                     evaluator: Evaluator | None = None) -> Evaluation:
    """Evaluate one product, keep the result in its history, publish it, open an NC if non-compliant."""
    evaluator = evaluator or evaluator_for(uow, deps, at.date())
    evaluation = evaluator.evaluate(product.facts(), at, trigger)
    previous = product.status
    uow.evaluations.add(evaluation)
    product.record_evaluation(evaluation.status, at, trigger=trigger, evaluation_id=evaluation.id)
    product.pull_events()  # the evaluation events are built from the result below
    integration_events.publish_evaluation(uow, evaluation, name=product.name, customer_ids=product.customer_ids,
                                          previous=previous)
    if evaluation.status == NON_COMPLIANT:
        open_nonconformances(uow, deps, [evaluation], at=at, by=by)
    return evaluation


def reevaluate_products(uow, deps: Dependencies, *, at: datetime, trigger: str, as_of: date | None = None,
                        scope: Callable[[ProductFacts], bool] | None = None) -> tuple[ImpactReport, uuid.UUID]:
    """Re-evaluate every product in `scope`; write, publish and report only those whose status moved.

    The cyclic collector stays paused from the read to the last row queued: the facts, results,
    events and cases of thousands of products are all alive until then and hold no cycles to find.
    """
    with collector_paused():
        return _reevaluate_products(uow, deps, at=at, trigger=trigger, as_of=as_of, scope=scope)


def _reevaluate_products(uow, deps: Dependencies, *, at: datetime, trigger: str, as_of: date | None,
                         scope: Callable[[ProductFacts], bool] | None) -> tuple[ImpactReport, uuid.UUID]:
    started = time.perf_counter()
    evaluator = evaluator_for(uow, deps, as_of or at.date())
    seen: dict[uuid.UUID, tuple[int, str, frozenset]] = {}  # version, name, customers: for writing and events

    def in_scope():
        for facts, version in uow.products.facts():
            if scope is None or scope(facts):
                seen[facts.id] = (version, facts.name, facts.customer_ids)
                yield facts

    report = reevaluate(in_scope(), evaluator, at=at, trigger=trigger)
    # A product edited since it was read keeps the result its own change gave it.
    written = set(uow.products.record_results(report, {pid: meta[0] for pid, meta in seen.items()}))
    report.changes = [change for change in report.changes if change.product_id in written]
    uow.evaluations.add_many([change.evaluation for change in report.changes])
    for change in report.changes:
        _, name, customers = seen[change.product_id]
        integration_events.publish_evaluation(uow, change.evaluation, name=name, customer_ids=customers,
                                              previous=change.previous, announce_evaluation=False)
    failing = [c.evaluation for c in report.changes if c.status == NON_COMPLIANT]
    open_nonconformances(uow, deps, failing, at=at, by="system")
    report_id = uow.impact_reports.add(report, duration_ms=int((time.perf_counter() - started) * 1000))
    return report, report_id


def open_nonconformances(uow, deps: Dependencies, evaluations: list[Evaluation], *, at: datetime, by: str) -> None:
    """One NC per non-compliant product that has no NC still open (5.1.4)."""
    if not evaluations:
        return
    already = uow.nonconformances.products_with_open_case([e.product_id for e in evaluations])
    needed = list({e.product_id: e for e in evaluations if e.product_id not in already}.values())
    numbers = uow.next_numbers("NC", at.year, len(needed))
    opened = [Nonconformance.open(number=number, product_id=evaluation.product_id,
                                  product_code=evaluation.product_code, description=describe_failures(evaluation),
                                  owner_department=deps.nonconformance_department, at=at, by=by,
                                  evaluation_id=evaluation.id)
              for evaluation, number in zip(needed, numbers)]
    uow.nonconformances.add_many(opened)
    for nc in opened:
        integration_events.publish(uow, nc)
