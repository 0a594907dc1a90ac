"""Value objects stored as JSON columns: limits, exemptions, materials, reasons, history.

Materials keep substances as short arrays, not objects: a product of 10 materials x 10 substances
is read thousands of times over when a regulation changes, and size is read time.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON
from sqlalchemy.types import TypeDecorator

from ..domain.evaluation import Reason
from ..domain.catalogue import GroupMember
from ..domain.history import HistoryEntry, ReviewEntry
from ..domain.limits import Exemption, SubstanceLimit
from ..domain.product import Material, MaterialFacts, SubstanceDeclaration


class _JsonList(TypeDecorator):
    impl = JSON
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else [self.dump(item) for item in value]

    def process_result_value(self, value, dialect):
        return None if value is None else [self.load(item) for item in value]

    def dump(self, item) -> Any:
        raise NotImplementedError

    def load(self, raw) -> Any:
        raise NotImplementedError


class LimitsJson(_JsonList):
    """list[SubstanceLimit]."""

    cache_ok = True

    def dump(self, item: SubstanceLimit):
        return {"cas": item.cas, "substance": item.substance, "max_ppm": item.max_ppm}

    def load(self, raw) -> SubstanceLimit:
        return SubstanceLimit(**raw)


class ExemptionsJson(_JsonList):
    """list[Exemption]."""

    cache_ok = True

    def dump(self, item: Exemption):
        return {"code": item.code, "description": item.description, "cas": item.cas,
                "expires_on": _iso(item.expires_on), "max_ppm": item.max_ppm, "categories": item.categories,
                "legal_source": item.legal_source}

    def load(self, raw) -> Exemption:
        return Exemption(raw["code"], raw["description"], raw["cas"], _date(raw["expires_on"]), raw["max_ppm"],
                         raw.get("categories", ""), raw.get("legal_source", ""))


class MaterialsJson(_JsonList):
    """list[Material]; each substance as [cas, concentration, unit, ppm, name]; `part` and
    `declared_compliant` only when set (rows stored before parts existed read the same)."""

    cache_ok = True

    def dump(self, item: Material):
        stored = {"name": item.name, "exemptions": list(item.exemptions),
                  "substances": [[s.cas, None if s.concentration is None else str(s.concentration), s.unit,
                                  s.value_ppm, s.name] for s in item.substances]}
        if item.part:
            stored["part"] = item.part
        if item.declared_compliant:
            stored["declared_compliant"] = True
        return stored

    def load(self, raw) -> Material:
        substances = [SubstanceDeclaration(cas, None if conc is None else Decimal(conc), unit, ppm, name)
                      for cas, conc, unit, ppm, name in raw["substances"]]
        return Material(raw["name"], substances, list(raw["exemptions"]), raw.get("part"),
                        bool(raw.get("declared_compliant")))


def material_facts(raw_materials: list[dict]) -> tuple[MaterialFacts, ...]:
    """The evaluation view straight from the stored JSON, skipping the domain objects."""
    return tuple(MaterialFacts(m["name"], tuple((s[0], s[3]) for s in m["substances"]), frozenset(m["exemptions"]),
                               "declared_compliant" in m)
                 for m in raw_materials)


_EXPIRES = Reason._fields.index("exemption_expires_on")


class ReasonsJson(_JsonList):
    """list[Reason], as arrays in the Reason field order (rows from before groups hold the first nine)."""

    cache_ok = True

    def process_bind_param(self, value, dialect):
        # Plain tuples, which the column's encoder (orjson) writes as arrays; it refuses NamedTuples and
        # would fall back to the standard library's encoder, many times slower on a re-evaluation's rows.
        if value is None:
            return None
        return [tuple(reason) if reason[_EXPIRES] is None else self.dump(reason) for reason in value]

    def dump(self, item: Reason):
        expires = item.exemption_expires_on
        return tuple(item if expires is None else item._replace(exemption_expires_on=expires.isoformat()))

    def load(self, raw) -> Reason:
        reason = Reason(*raw)
        return reason._replace(exemption_expires_on=_date(reason.exemption_expires_on), declared=tuple(reason.declared))


class HistoryJson(_JsonList):
    """list[HistoryEntry]."""

    cache_ok = True

    def dump(self, item: HistoryEntry):
        return {"at": item.at.isoformat(), "by": item.by, "from": item.from_status, "to": item.to_status,
                "note": item.note}

    def load(self, raw) -> HistoryEntry:
        return HistoryEntry(datetime.fromisoformat(raw["at"]), raw["by"], raw["from"], raw["to"], raw["note"])


class ReviewHistoryJson(_JsonList):
    """list[ReviewEntry]."""

    cache_ok = True

    def dump(self, item: ReviewEntry):
        return {"on": item.on.isoformat(), "by": item.by, "note": item.note, "changed": list(item.changed)}

    def load(self, raw) -> ReviewEntry:
        return ReviewEntry(date.fromisoformat(raw["on"]), raw["by"], raw["note"], list(raw["changed"]))


class MembersJson(_JsonList):
    """list[GroupMember] of a substance group."""

    cache_ok = True

    def dump(self, item: GroupMember):
        return {"cas": item.cas, "name": item.name, "formula": item.formula, "fraction": item.fraction}

    def load(self, raw) -> GroupMember:
        return GroupMember(raw["cas"], raw["name"], raw["formula"], raw["fraction"])


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)
