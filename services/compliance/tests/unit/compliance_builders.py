"""Builders for the compliance unit tests: small products and registers with readable defaults."""
from __future__ import annotations

from datetime import date, datetime, timezone

from compliance.domain.evaluation import Evaluator
from compliance.domain.product import Product, parse_materials
from compliance.domain.reference import reference_regulations
from compliance.domain.regulation import Regulation
from compliance.domain.requirement import CustomerRequirement

AT = datetime(2026, 3, 10, 9, 0, tzinfo=timezone.utc)
TODAY = AT.date()
LEAD, CADMIUM, MERCURY = "7439-92-1", "7440-43-9", "7439-97-6"
# DOMAIN.md §3: 0.1 % = 1000 ppm for nine substances, 0.01 % = 100 ppm for cadmium.
EXPECTED_EU = {
    "7439-92-1": 1000, "7439-97-6": 1000, "7440-43-9": 100, "18540-29-9": 1000, "59536-65-1": 1000,
    "32534-81-9": 1000, "117-81-7": 1000, "85-68-7": 1000, "84-74-2": 1000, "84-69-5": 1000,
}


def eu_rohs(**changes) -> Regulation:
    """The shipped EU RoHS entry, optionally revised."""
    regulation = reference_regulations(AT)[0]
    if changes:
        regulation.revise(changes, AT)
    return regulation


def regulation(limits, exemptions=(), **fields) -> Regulation:
    """A small regulation with the given limits ({'cas', 'max_ppm'} dicts; substance name optional)."""
    spec = {"code": "TEST-REG", "title": "Test regulation", "jurisdiction": "EU",
            "effective_date": date(2020, 1, 1)} | fields
    limits = [{"substance": limit["cas"]} | limit for limit in limits]
    return Regulation.publish(limits=limits, exemptions=list(exemptions), at=AT, **spec)


def product(*materials, test_report_date=date(2026, 1, 5), supplier_declaration_date=None,
            customer_ids=(), markets=(), status=None, declared_compliant=True) -> Product:
    """A product with materials given as (name, {cas: ppm}, [exemption codes]) tuples.

    By default each material carries the supplier's statement for what it does not list, so a test
    of one limit is not also a test of undeclared groups; `declared_compliant=False` drops it.
    """
    raw = [{"name": name, "exemptions": list(exemptions), "declared_compliant": declared_compliant,
            "substances": [{"cas": cas, "concentration": ppm, "unit": None if ppm is None else "ppm"}
                           for cas, ppm in substances.items()]}
           for name, substances, *rest in materials for exemptions in [rest[0] if rest else []]]
    made = Product.register(code="P-1", name="Widget", materials=parse_materials(raw), at=AT,
                            customer_ids=customer_ids, markets=markets, test_report_date=test_report_date,
                            supplier_declaration_date=supplier_declaration_date)
    made.status = status
    return made


def requirement(customer_id="C-1", limits=({"cas": LEAD, "max_ppm": 500},), number="CSR-2026-000001"):
    """An environmental customer requirement with stricter limits."""
    limits = [{"substance": limit["cas"]} | limit for limit in limits]
    return CustomerRequirement.identify(number=number, customer_id=customer_id, customer_name="Acme",
                                        category="environmental", text="Lead below 500 ppm", at=AT,
                                        by="qe", limits=limits)


def evaluate(prod: Product, regulations=None, requirements=(), as_of=TODAY):
    """Full evaluation of `prod` against EU RoHS unless other regulations are given."""
    evaluator = Evaluator(regulations if regulations is not None else [eu_rohs()], requirements, as_of)
    return evaluator.evaluate(prod.facts(), AT)
