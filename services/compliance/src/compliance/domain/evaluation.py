"""Evaluation of a product against the limits that apply to it (seed 000 §5.1.2, DOMAIN.md §3 and §5).

`compliant` (满足): every limit met. `partially_compliant` (基本满足): no limit exceeded, but data is
missing (a restricted group not declared), the test report is older than 12 months, or a relied-on
exemption expires within 180 days. `non_compliant` (不满足): a limit exceeded without a valid exemption.

Limits apply per homogeneous material to substance groups, on the element's mass for elements with
their compounds: a compound's ppm times the element's mass fraction; members of a group add up.

Built for re-evaluating thousands of products: the rules are compiled once per market/customer
combination, products arrive as tuples, and the status-only path allocates one small dict per
material and stops at the first exceeded limit.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Iterable, NamedTuple

from compliance.domain.catalogue import SubstanceCatalogue
from compliance.domain.limits import Exemption
from compliance.domain.periods import older_than_months
from compliance.domain.product import MaterialFacts, ProductFacts
from compliance.domain.regulation import Regulation
from compliance.domain.requirement import CustomerRequirement
from compliance.domain.rules import (EXEMPTED, EXEMPTION_EXPIRED, EXEMPTION_EXPIRING, Compiled, Group, Rule,
                                     compile_rules, in_force)

COMPLIANT, PARTIAL, NON_COMPLIANT = "compliant", "partially_compliant", "non_compliant"
STATUSES = (COMPLIANT, PARTIAL, NON_COMPLIANT)  # index = severity

WITHIN_LIMIT, LIMIT_EXCEEDED, DATA_MISSING = "within_limit", "limit_exceeded", "data_missing"
TEST_REPORT_STALE, NO_EVIDENCE, NOT_DECLARED = "test_report_stale", "no_evidence", "not_declared"
EXEMPTION_NOT_APPLICABLE, UNKNOWN_SUBSTANCE = "exemption_not_applicable", "unknown_substance"
__all__ = ["EXEMPTED", "EXEMPTION_EXPIRED", "EXEMPTION_EXPIRING"]


@dataclass(frozen=True)
class EvaluationPolicy:
    """The rule's periods, configurable; defaults are DOMAIN.md's."""

    test_report_max_age_months: int = 12
    exemption_warning_days: int = 180


class Reason(NamedTuple):
    """Why a product has its status: one group in one material against one limit, or an evidence problem.

    `cas` is the group's CAS (the one limits use), `substance` the limit's name for it, `group` the
    catalogue group, `declared` the CAS numbers that counted, `value_ppm` the computed content.
    """

    verdict: str
    cas: str | None = None
    material: str | None = None
    value_ppm: float | None = None
    limit_ppm: float | None = None
    source: str | None = None
    substance: str | None = None
    exemption: str | None = None
    exemption_expires_on: date | None = None
    group: str | None = None
    declared: tuple[str, ...] = ()
    note: str | None = None

    @property
    def severity(self) -> int:
        """0 compliant, 1 partially compliant, 2 non-compliant."""
        return _SEVERITY[self.verdict]


_SEVERITY = {WITHIN_LIMIT: 0, EXEMPTED: 0, EXEMPTION_NOT_APPLICABLE: 0, UNKNOWN_SUBSTANCE: 0,
             EXEMPTION_EXPIRING: 1, DATA_MISSING: 1, TEST_REPORT_STALE: 1, NO_EVIDENCE: 1, NOT_DECLARED: 1,
             LIMIT_EXCEEDED: 2, EXEMPTION_EXPIRED: 2}
VERDICTS = tuple(_SEVERITY)


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


class Evaluator:
    """Evaluates products against the register in force on one date and the customers' requirements."""

    def __init__(self, regulations: Iterable[Regulation], requirements: Iterable[CustomerRequirement],
                 as_of: date, policy: EvaluationPolicy = EvaluationPolicy(),
                 catalogue: SubstanceCatalogue | None = None):
        self.as_of, self.policy = as_of, policy
        self.catalogue = catalogue or SubstanceCatalogue()
        self.regulations = in_force(regulations, as_of)
        self._requirements: dict[str, list[CustomerRequirement]] = {}
        for requirement in requirements:
            if requirement.limits:
                self._requirements.setdefault(requirement.customer_id, []).append(requirement)
        self._cache: dict[tuple[frozenset, frozenset], Compiled] = {}

    def status_of(self, product: ProductFacts) -> str:
        """The status alone: the fast path used when re-evaluating many products."""
        return STATUSES[self._assess(product, None)]

    def evaluate(self, product: ProductFacts, at: datetime, trigger: str = "request", *,
                 within_limit: bool = True) -> Evaluation:
        """Full result with every reason, group by group and material by material.

        `within_limit=False` leaves out the reasons of contents plainly within their limits (what a
        re-evaluation keeps: the rest, as its event carries); the status is the same either way.
        """
        reasons: list[Reason] = []
        severity = self._assess(product, reasons, within_limit)
        return Evaluation(product.id, product.code, STATUSES[severity], at, trigger, reasons)

    def rules_for(self, markets: frozenset, customer_ids: frozenset) -> Compiled:
        """The compiled rules for a product sold in `markets` to `customer_ids` (cached)."""
        key = (markets, customer_ids)
        compiled = self._cache.get(key)
        if compiled is None:
            regulations = [r for r in self.regulations if not markets or r.jurisdiction in markets]
            requirements = [q for c in sorted(customer_ids) for q in self._requirements.get(c, ())]
            compiled = self._cache[key] = compile_rules(regulations, requirements, self.catalogue,
                                                        self._exemption_verdict)
        return compiled

    def _assess(self, product: ProductFacts, reasons: list[Reason] | None, within_limit: bool = True) -> int:
        compiled = self.rules_for(product.markets, product.customer_ids)
        if not compiled.groups:
            return 0  # nothing restricts this product
        worst = self._evidence(product, reasons)
        if not product.materials:
            worst = _note(reasons, Reason(DATA_MISSING), worst)
        for material in product.materials:
            if not material.substances and not material.declared_compliant:
                worst = _note(reasons, Reason(DATA_MISSING, material=material.name), worst)
                continue
            worst = max(worst, self._material(material, compiled, reasons, within_limit))
            if worst == 2 and reasons is None:
                return 2
        return worst

    def _material(self, material: MaterialFacts, compiled: Compiled, reasons: list[Reason] | None,
                  within_limit: bool = True) -> int:
        """One homogeneous material: each group's content summed on the element's mass, against its rules."""
        index, groups, worst = compiled.index, compiled.groups, 0
        plain = reasons is not None and within_limit  # whether contents within their limits get a reason
        totals: dict[int, float] = {}
        unstated: set[int] | None = None
        # The CAS numbers that count for each group, in declaration order: only a result with reasons names them.
        declared: dict[int, list[str]] | None = None if reasons is None else {}
        for cas, ppm in material.substances:
            hits = index.get(cas)
            if hits is None:
                if reasons is not None and not self.catalogue.knows(cas):
                    reasons.append(Reason(UNKNOWN_SUBSTANCE, cas, material.name,
                                          note="not in the substance catalogue: no restricted group counts it"))
                continue
            if declared is not None:
                positions = (hits[0][0],) if len(hits) == 1 else dict.fromkeys(position for position, _ in hits)
                for position in positions:
                    declared.setdefault(position, []).append(cas)
            for position, fraction in hits:
                if ppm is None:
                    unstated = (unstated or set()) | {position}
                    totals.setdefault(position, 0.0)
                else:
                    totals[position] = totals.get(position, 0.0) + ppm * fraction
        if len(totals) < len(groups) and not material.declared_compliant and not material.fully_disclosed():
            if reasons is None:
                worst = 1
            for position, group in enumerate(groups):
                if position not in totals:
                    for rule in group.rules:
                        worst = _note(reasons, _reason(NOT_DECLARED, group, rule, material.name, None), worst)
        for position, value in totals.items():
            group = groups[position]
            if not plain and value <= group.lowest and (unstated is None or position not in unstated):
                continue  # within the strictest limit on this group: nothing to look at
            cas_list = tuple(declared[position]) if declared is not None else ()
            if value <= group.lowest and (unstated is None or position not in unstated):
                # Within every limit on the group: one reason, at the strictest limit, naming every source.
                reasons.append(Reason(WITHIN_LIMIT, group.cas, material.name, value, group.lowest, group.sources,
                                      group.rules[0].substance, None, None, group.key, cas_list))
                continue
            for rule in group.rules:
                if value > rule.limit:
                    reason = _judge(group, rule, value, material, cas_list)
                elif unstated is not None and position in unstated:
                    reason = _reason(DATA_MISSING, group, rule, material.name, None, cas_list)
                elif plain:
                    reason = _reason(WITHIN_LIMIT, group, rule, material.name, value, cas_list)
                else:
                    continue
                worst = _note(reasons, reason, worst)
                if worst == 2 and reasons is None:
                    return 2
        if reasons is not None:
            for code in sorted(material.exemptions - compiled.exemption_codes):
                reasons.append(Reason(EXEMPTION_NOT_APPLICABLE, material=material.name, exemption=code,
                                      note="not an exemption of any regulation that applies to this product"))
        return worst

    def _evidence(self, product: ProductFacts, reasons: list[Reason] | None) -> int:
        """Partially compliant when there is no evidence at all or the test report is stale."""
        if product.test_report_date is None and product.supplier_declaration_date is None:
            return _note(reasons, Reason(NO_EVIDENCE), 0)
        report = product.test_report_date
        if report is not None and older_than_months(report, self.policy.test_report_max_age_months, self.as_of):
            return _note(reasons, Reason(TEST_REPORT_STALE), 0)
        return 0

    def _exemption_verdict(self, exemption: Exemption) -> str:
        """What relying on `exemption` means on the evaluation date."""
        days_left = exemption.days_left(self.as_of)
        if exemption.expired_on(self.as_of):
            return EXEMPTION_EXPIRED
        if days_left is not None and days_left <= self.policy.exemption_warning_days:
            return EXEMPTION_EXPIRING
        return EXEMPTED


def _reason(verdict: str, group: Group, rule: Rule, material: str, value: float | None,
            declared: tuple[str, ...] = (), exemption=None, expires=None, note=None) -> Reason:
    return Reason(verdict, group.cas, material, value, rule.limit, rule.source, rule.substance, exemption, expires,
                  group.key, declared, note)


def _judge(group: Group, rule: Rule, value: float, material: MaterialFacts, declared: tuple[str, ...]) -> Reason:
    """A group over one rule's limit: the best exemption the material claims that covers it, if any."""
    best, notes = None, []
    for code in sorted(material.exemptions):  # sorted so ties resolve the same way every time
        exemption = rule.exemptions.get(code)
        if exemption is None:
            notes.append(f"{code} does not exempt {rule.substance} under {rule.source}")
        elif exemption.max_ppm is not None and value > exemption.max_ppm:
            notes.append(f"{code} allows at most {exemption.max_ppm:g} ppm")
        elif best is None or _SEVERITY[exemption.verdict] < _SEVERITY[best.verdict]:
            best = exemption
    if best is None:
        return _reason(LIMIT_EXCEEDED, group, rule, material.name, value, declared, note="; ".join(notes) or None)
    return _reason(best.verdict, group, rule, material.name, value, declared, best.code, best.expires_on)


def _note(reasons: list[Reason] | None, reason: Reason, worst: int) -> int:
    """Keep the reason (full evaluation only) and return the worse of the two severities."""
    if reasons is not None:
        reasons.append(reason)
    severity = _SEVERITY[reason.verdict]
    return severity if severity > worst else worst
