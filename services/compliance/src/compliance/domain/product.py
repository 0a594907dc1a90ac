"""Products and their material declarations (homogeneous materials and the substances in them)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Iterable, NamedTuple

from qms_shared.domain import Aggregate, FieldErrors, ValidationFailed

from compliance.domain.errors import checked
from compliance.domain.events import DeclarationRecorded, ProductEvaluated, ProductRegistered, ProductStatusChanged
from compliance.domain.substances import require_cas, to_decimal, to_ppm

DECLARATION_SOURCES = ("json", "ipc1752a", "manual")
DETAILS = ("name", "customer_ids", "markets", "test_report_date", "supplier_declaration_date", "efup_years")
# Full material disclosure: the substances add up to about 100 % (rounding in suppliers' figures allowed).
FULL_DISCLOSURE_PPM = 995_000.0


@dataclass
class SubstanceDeclaration:
    """One substance in a material; `value_ppm` is None when the supplier has not stated it."""

    cas: str
    concentration: Decimal | None
    unit: str | None
    value_ppm: float | None
    name: str = ""


@dataclass
class Material:
    """A homogeneous material (one that cannot be separated mechanically), e.g. a solder joint.

    `part` is the part (部件) it belongs to; `declared_compliant` is the supplier's statement that
    the restricted substances the material does not list are within the limits.
    """

    name: str
    substances: list[SubstanceDeclaration] = field(default_factory=list)
    exemptions: list[str] = field(default_factory=list)
    part: str | None = None
    declared_compliant: bool = False

    @property
    def part_name(self) -> str:
        """The part's name; a material without a part is its own part."""
        return self.part or self.name


class MaterialFacts(NamedTuple):
    """What evaluation needs of a material, in the cheapest shape: (cas, ppm) pairs."""

    name: str
    substances: tuple[tuple[str, float | None], ...]
    exemptions: frozenset[str]
    declared_compliant: bool = False

    def fully_disclosed(self) -> bool:
        """True when the listed substances add up to about 100 %: nothing else is in the material."""
        return sum(ppm for _, ppm in self.substances if ppm is not None) >= FULL_DISCLOSURE_PPM


class ProductFacts(NamedTuple):
    """What evaluation needs of a product; repositories may build it straight from stored rows."""

    id: uuid.UUID
    code: str
    customer_ids: frozenset[str]
    markets: frozenset[str]
    test_report_date: date | None
    supplier_declaration_date: date | None
    materials: tuple[MaterialFacts, ...]
    status: str | None = None
    name: str = ""


def parse_materials(raw: Iterable[dict[str, Any]], field_name: str = "materials") -> list[Material]:
    """Validated materials from plain dicts; every bad value is reported, nothing half-built."""
    errors = FieldErrors()
    materials: list[Material] = []
    names: set[str] = set()
    for index, item in enumerate(raw):
        path = f"{field_name}[{index}]"
        name = str(item.get("name") or "").strip()
        if not name or name in names:
            errors.add(f"{path}.name", "a material name, unique within the product, is required")
        names.add(name)
        substances = _parse_substances(item.get("substances") or [], errors, f"{path}.substances")
        exemptions = [str(code).strip() for code in item.get("exemptions") or [] if str(code).strip()]
        part = str(item.get("part") or "").strip() or None
        materials.append(Material(name, substances, exemptions, part, bool(item.get("declared_compliant"))))
    errors.raise_if_any("the material declaration is not valid")
    return materials


def _parse_substances(raw: Iterable[dict[str, Any]], errors: FieldErrors, path: str) -> list[SubstanceDeclaration]:
    """Substances of one material; a missing concentration is allowed and means 'not stated'."""
    substances: list[SubstanceDeclaration] = []
    seen: set[str] = set()
    for index, item in enumerate(raw):
        where = f"{path}[{index}]"
        cas = checked(errors, f"{where}.cas", require_cas, item.get("cas"))
        if cas and cas in seen:
            errors.add(f"{where}.cas", f"{cas} is declared twice in this material")
        seen.add(cas)
        concentration, unit = item.get("concentration"), item.get("unit")
        ppm = None
        if concentration is not None:
            ppm = checked(errors, f"{where}.concentration", lambda v: to_ppm(v, unit), concentration)
            concentration = to_decimal(concentration) if ppm is not None else None
        substances.append(SubstanceDeclaration(cas or "", concentration, unit, ppm, str(item.get("name") or "")))
    return substances


class Product(Aggregate):
    """A product the company sells, with its customers, evidence dates and current compliance status."""

    def __init__(self, *, id: uuid.UUID, code: str, name: str, customer_ids: list[str], markets: list[str],
                 test_report_date: date | None, supplier_declaration_date: date | None,
                 materials: list[Material], created_at: datetime, status: str | None = None,
                 evaluated_at: datetime | None = None, version: int = 1, efup_years: int | None = None):
        self.id, self.code, self.name = id, code, name
        self.customer_ids, self.markets = customer_ids, markets
        self.test_report_date, self.supplier_declaration_date = test_report_date, supplier_declaration_date
        self.materials, self.created_at, self.updated_at = materials, created_at, created_at
        self.status, self.evaluated_at, self.version = status, evaluated_at, version
        self.efup_years = efup_years  # environment-friendly use period (环保使用期限), years
        self.events: list = []

    @classmethod
    def register(cls, *, code: str, name: str, materials: list[Material], at: datetime,
                 customer_ids: Iterable[str] = (), markets: Iterable[str] = (),
                 test_report_date: date | None = None, supplier_declaration_date: date | None = None,
                 efup_years: int | None = None, id: uuid.UUID | None = None) -> "Product":
        """Register a product with its first declaration (possibly empty: then data is missing)."""
        errors = FieldErrors()
        for label, value in (("code", code), ("name", name)):
            if not isinstance(value, str) or not value.strip():
                errors.add(label, "is required")
        _check_evidence_dates(errors, at, test_report_date, supplier_declaration_date)
        _check_efup(errors, efup_years)
        errors.raise_if_any("the product is not valid")
        product = cls(id=id or uuid.uuid4(), code=code.strip(), name=name.strip(),
                      customer_ids=_unique(customer_ids), markets=_unique(markets),
                      test_report_date=test_report_date, supplier_declaration_date=supplier_declaration_date,
                      materials=list(materials), created_at=at, efup_years=efup_years)
        product.record(ProductRegistered(product.id, product.code, at))
        return product

    def declare(self, materials: list[Material], *, source: str, at: datetime,
                test_report_date: date | None = None, supplier_declaration_date: date | None = None) -> None:
        """Replace the whole material declaration (a new supplier declaration supersedes the old)."""
        if source not in DECLARATION_SOURCES:
            raise ValidationFailed("unknown declaration source", errors={"source": ["unknown"]})
        errors = FieldErrors()
        _check_evidence_dates(errors, at, test_report_date, supplier_declaration_date)
        errors.raise_if_any("the declaration is not valid")
        self.materials = list(materials)
        self.test_report_date = test_report_date or self.test_report_date
        self.supplier_declaration_date = supplier_declaration_date or self.supplier_declaration_date
        self._touch(at)
        self.record(DeclarationRecorded(self.id, self.code, source, len(self.materials), at))

    def update_details(self, changes: dict[str, Any], *, at: datetime) -> list[str]:
        """Change name, customers, markets or evidence dates; returns the fields that changed."""
        unknown = sorted(set(changes) - set(DETAILS))
        if unknown:
            raise ValidationFailed("these fields cannot be changed", errors={f: ["cannot be changed"] for f in unknown})
        errors = FieldErrors()
        if "name" in changes and (not isinstance(changes["name"], str) or not changes["name"].strip()):
            errors.add("name", "is required")
        _check_evidence_dates(errors, at, changes.get("test_report_date"), changes.get("supplier_declaration_date"))
        _check_efup(errors, changes.get("efup_years"))
        errors.raise_if_any("the change is not valid")
        cleaned = {name: _unique(value) if name in ("customer_ids", "markets") else value
                   for name, value in changes.items()}
        cleaned["name"] = cleaned.get("name", self.name).strip()
        changed = [name for name in DETAILS if name in cleaned and cleaned[name] != getattr(self, name)]
        for name in changed:
            setattr(self, name, cleaned[name])
        if changed:
            self._touch(at)
        return changed

    def record_evaluation(self, status: str, at: datetime, *, trigger: str,
                          evaluation_id: uuid.UUID | None = None) -> bool:
        """Take an evaluation's result; returns True (and records a status change) when it differs."""
        previous, self.status, self.evaluated_at = self.status, status, at
        self._touch(at)
        self.record(ProductEvaluated(self.id, self.code, status, at, evaluation_id))
        if previous == status:
            return False
        self.record(ProductStatusChanged(self.id, self.code, previous, status, trigger, at))
        return True

    def facts(self) -> ProductFacts:
        """The compact view evaluation works on."""
        materials = tuple(
            MaterialFacts(m.name, tuple((s.cas, s.value_ppm) for s in m.substances), frozenset(m.exemptions),
                          m.declared_compliant)
            for m in self.materials)
        return ProductFacts(self.id, self.code, frozenset(self.customer_ids), frozenset(self.markets),
                            self.test_report_date, self.supplier_declaration_date, materials, self.status,
                            self.name)

    def _touch(self, at: datetime) -> None:
        self.updated_at = at
        self.version += 1


def _check_evidence_dates(errors: FieldErrors, at: datetime, *dates: date | None) -> None:
    """Test reports and supplier declarations cannot be dated after today."""
    for label, value in zip(("test_report_date", "supplier_declaration_date"), dates):
        if value is not None and value > at.date():
            errors.add(label, "cannot be in the future")


def _check_efup(errors: FieldErrors, years: object) -> None:
    """The environment-friendly use period is a whole number of years, 1 to 100."""
    if years is not None and (isinstance(years, bool) or not isinstance(years, int) or not 1 <= years <= 100):
        errors.add("efup_years", "must be a whole number of years from 1 to 100")


def _unique(values: Iterable[str]) -> list[str]:
    """Stripped, non-empty values in first-seen order without repeats."""
    return list(dict.fromkeys(str(v).strip() for v in values if str(v).strip()))
