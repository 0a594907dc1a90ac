"""The limits that apply to a product, compiled once per evaluator: groups, their rules, a CAS index.

A limit restricts a catalogue group when its CAS is the group's (lead 7439-92-1: lead and its
compounds), otherwise that one substance. Each group gets every rule that limits it (regulations'
and customers'), and every CAS that counts for it points at it with the share of its mass that counts.
"""
from __future__ import annotations

from datetime import date
from typing import Callable, Iterable, NamedTuple

from compliance.domain.catalogue import SubstanceCatalogue
from compliance.domain.limits import Exemption
from compliance.domain.regulation import Regulation
from compliance.domain.requirement import CustomerRequirement

EXEMPTED, EXEMPTION_EXPIRING, EXEMPTION_EXPIRED = "exempted", "exemption_expiring", "exemption_expired"


class ExemptionRule(NamedTuple):
    """An exemption as evaluation uses it: `verdict` is what relying on it means on the evaluation date."""

    code: str
    expires_on: date | None
    max_ppm: float | None
    verdict: str


class Rule(NamedTuple):
    """One limit on one group, from one regulation or customer requirement."""

    limit: float
    source: str
    substance: str
    exemptions: dict[str, ExemptionRule]


class Group(NamedTuple):
    """A restricted group with every rule on it; `lowest` lets the common case skip the rules."""

    key: str
    name: str
    cas: str
    rules: tuple[Rule, ...]
    lowest: float
    sources: str  # every rule's source, for the one reason of a content within all of them


class Compiled(NamedTuple):
    """The rules for one market/customer combination."""

    groups: tuple[Group, ...]
    index: dict[str, tuple[tuple[int, float], ...]]  # CAS -> ((group position, fraction), ...)
    exemption_codes: frozenset[str]  # every code some applicable regulation grants


def in_force(regulations: Iterable[Regulation], as_of: date) -> list[Regulation]:
    """The register entries that apply on `as_of`: of each family, the latest version already effective."""
    latest: dict[str, Regulation] = {}
    for regulation in regulations:
        if not regulation.in_force_on(as_of):
            continue
        current = latest.get(regulation.family_code)
        if current is None or regulation.effective_date > current.effective_date:
            latest[regulation.family_code] = regulation
    return sorted(latest.values(), key=lambda r: r.code)


def compile_rules(regulations: list[Regulation], requirements: list[CustomerRequirement], catalogue: SubstanceCatalogue,
                  verdict_of: Callable[[Exemption], str]) -> Compiled:
    """Group every limit of `regulations` and `requirements`, and index the CAS numbers that count."""
    found: dict[str, list[Rule]] = {}
    names: dict[str, tuple[str, str]] = {}
    codes: set[str] = set()
    for regulation in regulations:
        exemptions = _exemptions_by_group(regulation.exemptions, catalogue, verdict_of)
        codes.update(e.code for e in regulation.exemptions)
        for limit in regulation.limits:
            key = _key(limit.cas, limit.substance, catalogue, names)
            found.setdefault(key, []).append(Rule(limit.max_ppm, regulation.code, limit.substance,
                                                  exemptions.get(key, {})))
    for requirement in requirements:  # a customer's limit admits no exemption
        for limit in requirement.limits:
            key = _key(limit.cas, limit.substance, catalogue, names)
            found.setdefault(key, []).append(Rule(limit.max_ppm, requirement.number, limit.substance, {}))
    groups = tuple(Group(key, names[key][0], names[key][1], tuple(rules), min(r.limit for r in rules),
                         ", ".join(dict.fromkeys(r.source for r in rules)))
                   for key, rules in found.items())
    return Compiled(groups, _index(groups, catalogue), frozenset(codes))


def group_key(cas: str, catalogue: SubstanceCatalogue) -> str:
    """The catalogue group a limit or exemption on `cas` is about, or the CAS itself."""
    group = catalogue.group_of_limit(cas)
    return group.code if group is not None else f"CAS {cas}"


def _key(cas: str, substance: str, catalogue: SubstanceCatalogue, names: dict[str, tuple[str, str]]) -> str:
    key = group_key(cas, catalogue)
    if key not in names:
        group = catalogue.group_of_limit(cas)
        names[key] = (group.name, group.cas) if group is not None else (substance, cas)
    return key


def _index(groups: tuple[Group, ...], catalogue: SubstanceCatalogue) -> dict[str, tuple[tuple[int, float], ...]]:
    index: dict[str, list[tuple[int, float]]] = {}
    for position, group in enumerate(groups):
        members = catalogue.groups.get(group.key)
        pairs = [(m.cas, m.fraction) for m in members.members] if members is not None else []
        if not any(cas == group.cas for cas, _ in pairs):
            pairs.append((group.cas, 1.0))
        for cas, fraction in pairs:
            index.setdefault(cas, []).append((position, fraction))
    return {cas: tuple(hits) for cas, hits in index.items()}


def _exemptions_by_group(exemptions: list[Exemption], catalogue: SubstanceCatalogue,
                         verdict_of: Callable[[Exemption], str]) -> dict[str, dict[str, ExemptionRule]]:
    by_group: dict[str, dict[str, ExemptionRule]] = {}
    for exemption in exemptions:
        by_group.setdefault(group_key(exemption.cas, catalogue), {})[exemption.code] = ExemptionRule(
            exemption.code, exemption.expires_on, exemption.max_ppm, verdict_of(exemption))
    return by_group
