"""Re-evaluation after a change (seed 000 §5.1.5): which products' results moved, and how."""
from __future__ import annotations

import gc
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterable, Iterator

from compliance.domain.evaluation import LIMIT_EXCEEDED, EXEMPTION_EXPIRED, Evaluation, Evaluator
from compliance.domain.product import ProductFacts


@dataclass
class StatusChange:
    """One product whose result differs from the one it had; `evaluation` is the full new result."""

    product_id: uuid.UUID
    product_code: str
    previous: str | None
    status: str
    evaluation: Evaluation


@dataclass
class ImpactReport:
    """What a change did: how many products were evaluated again and which ones changed."""

    trigger: str
    evaluated: int
    evaluated_at: datetime
    changes: list[StatusChange] = field(default_factory=list)


def reevaluate(products: Iterable[ProductFacts], evaluator: Evaluator, *, at: datetime, trigger: str) -> ImpactReport:
    """Evaluate every product again; only the changed ones pay for a result with reasons.

    A changed product's stored result is the same as an evaluation on request would store (every reason,
    within limits too: the evaluation endpoints show it), while its event carries only what is not plainly
    within limits.
    """
    report = ImpactReport(trigger, 0, at)
    status_of = evaluator.status_of
    with collector_paused():
        for product in products:
            report.evaluated += 1
            status = status_of(product)
            if status != product.status:
                report.changes.append(StatusChange(product.id, product.code, product.status, status,
                                                   evaluator.evaluate(product, at, trigger)))
    return report


@contextmanager
def collector_paused() -> Iterator[None]:
    """Millions of short tuples and no reference cycles: the cyclic GC would only rescan them.

    Nested use is fine: only the outermost pause switches the collector back on.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def describe_failures(evaluation: Evaluation) -> str:
    """One line per exceeded limit, for the nonconformance a non-compliant result opens."""
    lines = []
    for reason in evaluation.reasons:
        if reason.verdict in (LIMIT_EXCEEDED, EXEMPTION_EXPIRED):
            note = f" (exemption {reason.exemption} expired {reason.exemption_expires_on})" if reason.exemption else ""
            declared = f" [{', '.join(reason.declared)}]" if reason.declared else ""
            lines.append(f"{reason.material}: {reason.substance or reason.cas}{declared} {reason.value_ppm:g} ppm "
                         f"> {reason.limit_ppm:g} ppm ({reason.source}){note}")
    return "\n".join(lines) or f"{evaluation.product_code} is {evaluation.status}"
