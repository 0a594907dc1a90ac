"""Handlers of the substance catalogue and of the shipped reference data."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from qms_shared.domain import Conflict

from ..domain import commands as c
from ..domain.catalogue import SubstanceGroup
from ..domain.reference import REFERENCE_REGULATIONS
from ..domain.reference_catalogue import REFERENCE_GROUPS
from ..domain.regulation import Regulation
from . import integration_events
from .dependencies import Dependencies
from .evaluating import reevaluate_products
from .loading import check_version, get_or_404
from .results import Impact, WithImpact


def define_group(cmd: c.DefineSubstanceGroup, *, uow, deps: Dependencies) -> WithImpact:
    """Add a group to the catalogue and evaluate every product again (it may restrict what they declare)."""
    with uow:
        _refuse_duplicate(uow, cmd.fields)
        group = SubstanceGroup.define(**cmd.fields, at=cmd.at, mass_fraction=deps.mass_fraction)
        uow.substance_groups.add(group)
        integration_events.publish(uow, group)
        report, report_id = reevaluate_products(uow, deps, at=cmd.at, trigger=f"substance group:{group.code}")
        uow.commit()
        return WithImpact(group, Impact.of(report, report_id))


def revise_group(cmd: c.ReviseSubstanceGroup, *, uow, deps: Dependencies) -> WithImpact:
    """Change a group; a change of members re-evaluates every product."""
    with uow:
        group = get_or_404(uow.substance_groups, cmd.group_id, "substance group")
        check_version(group, cmd.expected_version)
        changed = group.revise(cmd.changes, at=cmd.at, mass_fraction=deps.mass_fraction)
        integration_events.publish(uow, group)
        impact = None
        if "members" in changed:
            report, report_id = reevaluate_products(uow, deps, at=cmd.at, trigger=f"substance group:{group.code}")
            impact = Impact.of(report, report_id)
        if changed:
            uow.commit()
        return WithImpact(group, impact)


@dataclass
class ReferenceLoad:
    """What loading the reference data did."""

    groups: list[str] = field(default_factory=list)
    regulations: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    impact: Impact | None = None


def load_reference_data(cmd: c.LoadReferenceData, *, uow, deps: Dependencies) -> ReferenceLoad:
    """Enter what is missing of the shipped data; entries already there keep their edits (idempotent).

    A missing group or regulation is entered; an existing reference regulation gets its family if it
    has none and the shipped exemptions it lacks, through a review that says so. Products are
    evaluated again once, when anything changed.
    """
    done = ReferenceLoad()
    by = cmd.actor.id
    with uow:
        for spec in REFERENCE_GROUPS:
            if uow.substance_groups.by_code(spec["code"]) is None:
                group = SubstanceGroup.define(**spec, at=cmd.at, mass_fraction=deps.mass_fraction)
                uow.substance_groups.add(group)
                integration_events.publish(uow, group)
                done.groups.append(group.code)
        for spec in REFERENCE_REGULATIONS:
            regulation = uow.regulations.by_code(spec["code"])
            if regulation is None:
                regulation = Regulation.publish(**spec, at=cmd.at)
                uow.regulations.add(regulation)
                done.regulations.append(regulation.code)
            elif _complete(regulation, spec, cmd.at, by):
                done.updated.append(regulation.code)
            integration_events.publish(uow, regulation)
        if done.groups or done.regulations or done.updated:
            report, report_id = reevaluate_products(uow, deps, at=cmd.at, trigger="reference data loaded")
            done.impact = Impact.of(report, report_id)
            uow.commit()
        return done


def _complete(regulation: Regulation, spec: dict[str, Any], at, by: str) -> bool:
    """Give an existing reference entry its family and the shipped exemptions it lacks; True if changed."""
    changed = False
    if spec.get("family") and regulation.family is None:
        changed = bool(regulation.revise({"family": spec["family"]}, at))
    have = {e.code for e in regulation.exemptions}
    missing = [e for e in spec["exemptions"] if e["code"] not in have]
    limited = {limit.cas for limit in regulation.limits}
    missing = [e for e in missing if e["cas"] in limited]
    if missing:
        current = [asdict(e) for e in regulation.exemptions]
        regulation.review(at.date(), by, at, note="reference data: shipped exemptions added",
                          exemptions=current + missing)
        changed = True
    return changed


def _refuse_duplicate(uow, fields: dict[str, Any]) -> None:
    code = str(fields.get("code") or "").strip()
    if code and uow.substance_groups.by_code(code) is not None:
        raise Conflict(f"a substance group with code {code!r} is already in the catalogue")


HANDLERS = {c.DefineSubstanceGroup: define_group, c.ReviseSubstanceGroup: revise_group,
            c.LoadReferenceData: load_reference_data}
