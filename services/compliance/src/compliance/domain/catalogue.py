"""The substance catalogue: restricted groups and the CAS numbers that belong to them (DOMAIN.md §5).

RoHS restricts groups ("PBDE": every congener) and elements with their compounds ("lead and its
compounds"), measured on the element's mass. Each group lists its members; for an element group
a member carries the element's mass fraction in the compound, computed from its formula by a
molar-mass function the caller passes in (the domain holds no table of atomic weights).
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Iterable, NamedTuple

from qms_shared.domain import Aggregate, FieldErrors, ValidationFailed

from compliance.domain.errors import checked
from compliance.domain.events import SubstanceGroupChanged, SubstanceGroupDefined
from compliance.domain.substances import require_cas

# (formula, element symbol) -> mass fraction of the element in the formula, 0 < f <= 1.
MassFraction = Callable[[str, str], float]
REVISABLE = ("name", "name_zh", "members", "sources")


@dataclass
class GroupMember:
    """One substance of a group; `fraction` is the share of the group's measure in its mass."""

    cas: str
    name: str
    formula: str = ""
    fraction: float = 1.0


class SubstanceGroup(Aggregate):
    """A restricted group; `cas` is the number regulations' limits use for it (e.g. lead 7439-92-1)."""

    def __init__(self, *, id: uuid.UUID, code: str, name: str, name_zh: str, cas: str, element: str | None,
                 members: list[GroupMember], sources: list[str], created_at: datetime, version: int = 1):
        self.id, self.code, self.name, self.name_zh, self.cas = id, code, name, name_zh, cas
        self.element, self.members, self.sources = element, members, sources
        self.created_at, self.updated_at, self.version = created_at, created_at, version
        self.events: list = []

    @classmethod
    def define(cls, *, code: str, name: str, cas: str, members: list[dict[str, Any]], at: datetime,
               mass_fraction: MassFraction, name_zh: str = "", element: str | None = None,
               sources: Iterable[str] = (), id: uuid.UUID | None = None) -> "SubstanceGroup":
        """A new group; members of an element group need a formula the element's fraction comes from."""
        errors = FieldErrors()
        for label, value in (("code", code), ("name", name)):
            if not isinstance(value, str) or not value.strip():
                errors.add(label, "is required")
        cas = checked(errors, "cas", require_cas, cas)
        parsed = parse_members(members, element, mass_fraction, errors)
        errors.raise_if_any("the substance group is not valid")
        group = cls(id=id or uuid.uuid4(), code=code.strip(), name=name.strip(), name_zh=(name_zh or "").strip(),
                    cas=cas, element=element or None, members=parsed, sources=_texts(sources), created_at=at)
        group.record(SubstanceGroupDefined(group.id, group.code, at))
        return group

    def revise(self, changes: dict[str, Any], *, at: datetime, mass_fraction: MassFraction) -> list[str]:
        """Change names, members or sources; returns what changed (a member change can move verdicts)."""
        unknown = sorted(set(changes) - set(REVISABLE))
        if unknown:
            raise ValidationFailed("these fields cannot be changed", errors={f: ["cannot be changed"] for f in unknown})
        errors = FieldErrors()
        proposed = {"name": str(changes.get("name", self.name)).strip(),
                    "name_zh": str(changes.get("name_zh", self.name_zh) or "").strip(),
                    "sources": _texts(changes.get("sources", self.sources)), "members": self.members}
        if not proposed["name"]:
            errors.add("name", "is required")
        if "members" in changes:
            proposed["members"] = parse_members(changes["members"], self.element, mass_fraction, errors)
        errors.raise_if_any("the change is not valid")
        changed = [name for name in REVISABLE if proposed[name] != getattr(self, name)]
        for name in changed:
            setattr(self, name, proposed[name])
        if changed:
            self.updated_at, self.version = at, self.version + 1
            self.record(SubstanceGroupChanged(self.id, self.code, changed, at))
        return changed


def parse_members(raw: Iterable[dict[str, Any]], element: str | None, mass_fraction: MassFraction,
                  errors: FieldErrors) -> list[GroupMember]:
    """Validated members, each CAS once; an element group's fraction comes from the member's formula."""
    members: list[GroupMember] = []
    seen: set[str] = set()
    for index, item in enumerate(raw):
        path = f"members[{index}]"
        cas = checked(errors, f"{path}.cas", require_cas, item.get("cas"))
        if cas in seen:
            errors.add(f"{path}.cas", f"{cas} is listed twice")
        seen.add(cas)
        formula = str(item.get("formula") or "").strip()
        fraction = 1.0
        if element:
            fraction = _fraction(formula, element, mass_fraction, errors, f"{path}.formula")
        if cas:
            members.append(GroupMember(cas, str(item.get("name") or "").strip(), formula, fraction))
    return members


def _fraction(formula: str, element: str, mass_fraction: MassFraction, errors: FieldErrors, path: str) -> float:
    """The element's share of the formula's mass, or an error naming the formula."""
    if not formula:
        errors.add(path, f"a formula is required: the {element} content is computed from it")
        return 0.0
    try:
        fraction = mass_fraction(formula, element)
    except ValueError as error:
        errors.add(path, str(error))
        return 0.0
    if not 0 < fraction <= 1:
        errors.add(path, f"{formula} contains no {element}")
    return fraction


def _texts(values: Iterable[str]) -> list[str]:
    return [str(v).strip() for v in values or () if str(v).strip()]


class GroupHit(NamedTuple):
    """A CAS number's membership: which group, and what share of the substance's mass counts."""

    code: str
    fraction: float


class SubstanceCatalogue:
    """The catalogue as evaluation reads it: CAS -> groups, and a limit's CAS -> its group."""

    def __init__(self, groups: Iterable[SubstanceGroup] = ()):
        self.groups = {group.code: group for group in groups}
        self._by_limit_cas = {group.cas: group for group in self.groups.values()}
        self._members: dict[str, list[GroupHit]] = {}
        for group in self.groups.values():
            for member in group.members:
                self._members.setdefault(member.cas, []).append(GroupHit(group.code, member.fraction))
            if not any(member.cas == group.cas for member in group.members):
                self._members.setdefault(group.cas, []).append(GroupHit(group.code, 1.0))

    def group_of_limit(self, cas: str) -> SubstanceGroup | None:
        """The group a limit on `cas` restricts (None: the limit is on that one substance)."""
        return self._by_limit_cas.get(cas)

    def memberships(self, cas: str) -> list[GroupHit]:
        """Every group `cas` belongs to, with its fraction (lead chromate: lead and Cr(VI))."""
        return self._members.get(cas, [])

    def knows(self, cas: str) -> bool:
        """True when the catalogue lists `cas` in some group."""
        return cas in self._members
