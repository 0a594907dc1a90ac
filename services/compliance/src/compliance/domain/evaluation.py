"""Evaluation of a product against the limits that apply to it (seed 000 §5.1.2, DOMAIN.md §3).

`compliant` (满足): every limit met. `partially_compliant` (基本满足): no limit exceeded, but data is
missing, the test report is older than 12 months, or a relied-on exemption expires within 180 days.
`non_compliant` (不满足): a limit exceeded without a valid exemption.

Built for re-evaluating thousands of products: the limits are compiled once per evaluator into a
map CAS -> rules (cached per market/customer combination), products arrive as tuples, and the
status-only path allocates nothing per substance and stops at the first exceeded limit.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Iterable, NamedTuple

from compliance.domain.limits import Exemption
from compliance.domain.periods import older_than_months
from compliance.domain.product import ProductFacts
from compliance.domain.regulation import Regulation
from compliance.domain.requirement import CustomerRequirement

COMPLIANT, PARTIAL, NON_COMPLIANT = "compliant", "partially_compliant", "non_compliant"
STATUSES = (COMPLIANT, PARTIAL, NON_COMPLIANT)  # index = severity

WITHIN_LIMIT, EXEMPTED, EXEMPTION_EXPIRING = "within_limit", "exempted", "exemption_expiring"
LIMIT_EXCEEDED, EXEMPTION_EXPIRED, DATA_MISSING = "limit_exceeded", "exemption_expired", "data_missing"
TEST_REPORT_STALE, NO_EVIDENCE = "test_report_stale", "no_evidence"


@dataclass(frozen=True)
class EvaluationPolicy:
    """The rule's periods, configurable; defaults are DOMAIN.md's."""

    test_report_max_age_months: int = 12
    exemption_warning_days: int = 180


class Reason(NamedTuple):
    """Why a product has its status: one substance against one limit, or one evidence problem."""

    verdict: str
    cas: str | None = None
    material: str | None = None
    value_ppm: float | None = None
    limit_ppm: float | None = None
    source: str | None = None
    substance: str | None = None
    exemption: str | None = None
    exemption_expires_on: date | None = None

    @property
    def severity(self) -> int:
        """0 compliant, 1 partially compliant, 2 non-compliant."""
        return _SEVERITY[self.verdict]


_SEVERITY = {WITHIN_LIMIT: 0, EXEMPTED: 0, EXEMPTION_EXPIRING: 1, DATA_MISSING: 1, TEST_REPORT_STALE: 1,
             NO_EVIDENCE: 1, LIMIT_EXCEEDED: 2, EXEMPTION_EXPIRED: 2}


@dataclass
class Evaluation:
    """One result in a product's history of evaluations."""

    product_id: uuid.UUID
    product_code: str
    status: str
    evaluated_at: datetime
    trigger: str
    reasons: list[Reason] = field(default_factory=list)
    id: uuid.UUID = field(default_factory=uuid.uuid4)


class _ExemptionRule(NamedTuple):
    code: str
    expires_on: date | None
    max_ppm: float | None
    verdict: str  # what relying on it means on the evaluation date


class _Rule(NamedTuple):
    limit: float
    source: str
    substance: str
    exemptions: dict[str, _ExemptionRule]


class Evaluator:
    """Evaluates products against a fixed set of regulations and customer requirements on one date."""

    def __init__(self, regulations: Iterable[Regulation], requirements: Iterable[CustomerRequirement],
                 as_of: date, policy: EvaluationPolicy = EvaluationPolicy()):
        self.as_of, self.policy = as_of, policy
        self._regulations = [r for r in regulations if r.in_force_on(as_of) and r.limits]
        self._requirements: dict[str, list[CustomerRequirement]] = {}
        for requirement in requirements:
            if requirement.limits:
                self._requirements.setdefault(requirement.customer_id, []).append(requirement)
        self._cache: dict[tuple[frozenset, frozenset], dict[str, tuple[float, tuple[_Rule, ...]]]] = {}

    def status_of(self, product: ProductFacts) -> str:
        """The status alone: the fast path used when re-evaluating many products."""
        return STATUSES[self._assess(product, None)]

    def evaluate(self, product: ProductFacts, at: datetime, trigger: str = "request") -> Evaluation:
        """Full result with every reason, substance by substance."""
        reasons: list[Reason] = []
        severity = self._assess(product, reasons)
        return Evaluation(product.id, product.code, STATUSES[severity], at, trigger, reasons)

    def _assess(self, product: ProductFacts, reasons: list[Reason] | None) -> int:
        rules_by_cas = self._rules_for(product.markets, product.customer_ids)
        if not rules_by_cas:
            return 0  # nothing restricts this product
        worst = self._evidence(product, reasons)
        if not product.materials:
            worst = _note(reasons, Reason(DATA_MISSING), worst)
        for material in product.materials:
            if not material.substances:
                worst = _note(reasons, Reason(DATA_MISSING, material=material.name), worst)
                continue
            claimed, name = material.exemptions, material.name
            for cas, ppm in material.substances:
                entry = rules_by_cas.get(cas)
                if entry is None:
                    continue
                lowest, rules = entry
                if reasons is None and ppm is not None and ppm <= lowest:
                    continue  # within the strictest limit on this substance: nothing to look at
                for rule in rules:
                    if ppm is not None and ppm <= rule.limit:  # the common case: keep it cheap
                        if reasons is not None:
                            reasons.append(Reason(WITHIN_LIMIT, cas, name, ppm, rule.limit, rule.source, rule.substance))
                        continue
                    worst = _note(reasons, _judge(cas, ppm, rule, claimed, name), worst)
                    if worst == 2 and reasons is None:
                        return 2
        return worst

    def _evidence(self, product: ProductFacts, reasons: list[Reason] | None) -> int:
        """Partially compliant when there is no evidence at all or the test report is stale."""
        if product.test_report_date is None and product.supplier_declaration_date is None:
            return _note(reasons, Reason(NO_EVIDENCE), 0)
        report = product.test_report_date
        if report is not None and older_than_months(report, self.policy.test_report_max_age_months, self.as_of):
            return _note(reasons, Reason(TEST_REPORT_STALE), 0)
        return 0

    def _rules_for(self, markets: frozenset, customer_ids: frozenset) -> dict[str, tuple[float, tuple[_Rule, ...]]]:
        key = (markets, customer_ids)
        compiled = self._cache.get(key)
        if compiled is None:
            compiled = self._cache[key] = self._compile(markets, customer_ids)
        return compiled

    def _compile(self, markets: frozenset, customer_ids: frozenset) -> dict[str, tuple[float, tuple[_Rule, ...]]]:
        """CAS -> (strictest limit, every rule that limits it) for a product sold in `markets` to `customer_ids`."""
        rules: dict[str, list[_Rule]] = {}
        for regulation in self._regulations:
            if markets and regulation.jurisdiction not in markets:
                continue
            exemptions = self._exemption_rules(regulation.exemptions)
            for limit in regulation.limits:
                rules.setdefault(limit.cas, []).append(
                    _Rule(limit.max_ppm, regulation.code, limit.substance, exemptions.get(limit.cas, {})))
        for customer_id in sorted(customer_ids):
            for requirement in self._requirements.get(customer_id, ()):
                for limit in requirement.limits:  # a customer's limit admits no exemption
                    rules.setdefault(limit.cas, []).append(_Rule(limit.max_ppm, requirement.number, limit.substance, {}))
        return {cas: (min(rule.limit for rule in found), tuple(found)) for cas, found in rules.items()}

    def _exemption_rules(self, exemptions: list[Exemption]) -> dict[str, dict[str, _ExemptionRule]]:
        """By CAS then code, each with the verdict relying on it gives on the evaluation date."""
        by_cas: dict[str, dict[str, _ExemptionRule]] = {}
        for exemption in exemptions:
            days_left = exemption.days_left(self.as_of)
            if exemption.expired_on(self.as_of):
                verdict = EXEMPTION_EXPIRED
            elif days_left is not None and days_left <= self.policy.exemption_warning_days:
                verdict = EXEMPTION_EXPIRING
            else:
                verdict = EXEMPTED
            by_cas.setdefault(exemption.cas, {})[exemption.code] = _ExemptionRule(
                exemption.code, exemption.expires_on, exemption.max_ppm, verdict)
        return by_cas


def _judge(cas: str, ppm: float | None, rule: _Rule, claimed: frozenset[str], material: str) -> Reason:
    """One substance over its limit or not stated, against one rule, with the best exemption claimed."""
    base = (cas, material, ppm, rule.limit, rule.source, rule.substance)
    if ppm is None:
        return Reason(DATA_MISSING, *base)
    best = None
    for code in sorted(claimed):  # rare path; sorted so ties resolve the same way every time
        exemption = rule.exemptions.get(code)
        if exemption is None or (exemption.max_ppm is not None and ppm > exemption.max_ppm):
            continue
        if best is None or _SEVERITY[exemption.verdict] < _SEVERITY[best.verdict]:
            best = exemption
    if best is None:
        return Reason(LIMIT_EXCEEDED, *base)
    return Reason(best.verdict, *base, best.code, best.expires_on)


def _note(reasons: list[Reason] | None, reason: Reason, worst: int) -> int:
    """Keep the reason (full evaluation only) and return the worse of the two severities."""
    if reasons is not None:
        reasons.append(reason)
    severity = _SEVERITY[reason.verdict]
    return severity if severity > worst else worst
