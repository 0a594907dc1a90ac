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
from ..domain.history import HistoryEntry
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
                "expires_on": _iso(item.expires_on), "max_ppm": item.max_ppm}

    def load(self, raw) -> Exemption:
        return Exemption(raw["code"], raw["description"], raw["cas"], _date(raw["expires_on"]), raw["max_ppm"])


class MaterialsJson(_JsonList):
    """list[Material]; each substance as [cas, concentration, unit, ppm, name]."""

    cache_ok = True

    def dump(self, item: Material):
        return {"name": item.name, "exemptions": list(item.exemptions),
                "substances": [[s.cas, None if s.concentration is None else str(s.concentration), s.unit,
                                s.value_ppm, s.name] for s in item.substances]}

    def load(self, raw) -> Material:
        substances = [SubstanceDeclaration(cas, None if conc is None else Decimal(conc), unit, ppm, name)
                      for cas, conc, unit, ppm, name in raw["substances"]]
        return Material(raw["name"], substances, list(raw["exemptions"]))


def material_facts(raw_materials: list[dict]) -> tuple[MaterialFacts, ...]:
    """The evaluation view straight from the stored JSON, skipping the domain objects."""
    return tuple(MaterialFacts(m["name"], tuple((s[0], s[3]) for s in m["substances"]), frozenset(m["exemptions"]))
                 for m in raw_materials)


class ReasonsJson(_JsonList):
    """list[Reason], as arrays in the Reason field order."""

    cache_ok = True

    def process_bind_param(self, value, dialect):
        # Reasons are tuples, which JSON writes as arrays already; only exemption dates need converting.
        if value is not None and all(reason[-1] is None for reason in value):
            return value
        return super().process_bind_param(value, dialect)

    def dump(self, item: Reason):
        expires = item.exemption_expires_on
        return item if expires is None else [*item[:-1], expires.isoformat()]

    def load(self, raw) -> Reason:
        return Reason(*raw[:-1], _date(raw[-1]))


class HistoryJson(_JsonList):
    """list[HistoryEntry]."""

    cache_ok = True

    def dump(self, item: HistoryEntry):
        return {"at": item.at.isoformat(), "by": item.by, "from": item.from_status, "to": item.to_status,
                "note": item.note}

    def load(self, raw) -> HistoryEntry:
        return HistoryEntry(datetime.fromisoformat(raw["at"]), raw["by"], raw["from"], raw["to"], raw["note"])


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)
