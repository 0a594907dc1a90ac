"""Products and declarations: validation with field paths, replacement, status changes."""
from datetime import date
from decimal import Decimal

import pytest
from qms_shared.domain import ValidationFailed

from compliance.domain.events import DeclarationRecorded, ProductEvaluated, ProductRegistered, ProductStatusChanged
from compliance.domain.product import Product, parse_materials
from compliance_builders import AT, CADMIUM, LEAD, product


def test_materials_are_parsed_with_ppm_worked_out():
    [material] = parse_materials([{"name": " solder ", "exemptions": ["7(a)", " "], "substances": [
        {"cas": LEAD, "concentration": "0.05", "unit": "percent", "name": "Lead"},
        {"cas": CADMIUM}]}])
    assert material.name == "solder" and material.exemptions == ["7(a)"]
    lead, cadmium = material.substances
    assert (lead.concentration, lead.unit, lead.value_ppm, lead.name) == (Decimal("0.05"), "percent", 500.0, "Lead")
    assert (cadmium.concentration, cadmium.value_ppm) == (None, None)  # not stated: missing data later


def test_every_bad_value_is_reported_with_its_path_and_nothing_is_built():
    with pytest.raises(ValidationFailed) as caught:
        parse_materials([
            {"name": "a", "substances": [{"cas": LEAD, "concentration": -1, "unit": "ppm"},
                                         {"cas": "123-45-6", "concentration": 1, "unit": "ppm"}]},
            {"name": "a", "substances": [{"cas": LEAD, "concentration": "NaN", "unit": "ppm"},
                                         {"cas": CADMIUM, "concentration": 2, "unit": "ppb"},
                                         {"cas": CADMIUM, "concentration": 1_000_001, "unit": "ppm"}]}])
    assert set(caught.value.extra["errors"]) == {
        "materials[0].substances[0].concentration", "materials[0].substances[1].cas", "materials[1].name",
        "materials[1].substances[0].concentration", "materials[1].substances[1].concentration",
        "materials[1].substances[2].cas", "materials[1].substances[2].concentration"}


def test_registering_needs_a_code_and_a_name_and_no_future_evidence():
    with pytest.raises(ValidationFailed) as caught:
        Product.register(code="", name=" ", materials=[], at=AT, test_report_date=date(2026, 3, 11))
    assert set(caught.value.extra["errors"]) == {"code", "name", "test_report_date"}


def test_registering_dedupes_customers_and_records_the_event():
    prod = Product.register(code="P-9", name="Relay", materials=[], at=AT, customer_ids=["C-1", " C-1", "", "C-2"])
    assert prod.customer_ids == ["C-1", "C-2"] and prod.status is None
    assert [type(e) for e in prod.pull_events()] == [ProductRegistered]


def test_a_new_declaration_replaces_the_materials_and_keeps_dates_not_given():
    prod = product(("old", {LEAD: 5}), supplier_declaration_date=date(2025, 1, 1))
    prod.pull_events()
    prod.declare(parse_materials([{"name": "new", "substances": []}]), source="ipc1752a", at=AT,
                 test_report_date=date(2026, 3, 1))
    assert [m.name for m in prod.materials] == ["new"]
    assert (prod.test_report_date, prod.supplier_declaration_date) == (date(2026, 3, 1), date(2025, 1, 1))
    assert prod.version == 2
    [event] = prod.pull_events()
    assert isinstance(event, DeclarationRecorded) and (event.source, event.materials) == ("ipc1752a", 1)


def test_a_declaration_from_an_unknown_source_or_dated_in_the_future_is_refused():
    prod = product(("old", {LEAD: 5}))
    with pytest.raises(ValidationFailed):
        prod.declare([], source="fax", at=AT)
    with pytest.raises(ValidationFailed):
        prod.declare([], source="json", at=AT, supplier_declaration_date=date(2026, 3, 11))
    assert [m.name for m in prod.materials] == ["old"]


def test_recording_an_evaluation_reports_a_status_change_only_when_it_changes():
    prod = product(("s", {LEAD: 5}))
    prod.pull_events()
    assert prod.record_evaluation("compliant", AT, trigger="request") is True
    assert [type(e) for e in prod.pull_events()] == [ProductEvaluated, ProductStatusChanged]
    assert prod.record_evaluation("compliant", AT, trigger="request") is False
    assert [type(e) for e in prod.pull_events()] == [ProductEvaluated]
    prod.record_evaluation("non_compliant", AT, trigger="regulation:EU-ROHS")
    change = prod.pull_events()[1]
    assert (change.previous, change.status, change.trigger) == ("compliant", "non_compliant", "regulation:EU-ROHS")


def test_facts_are_the_compact_view_evaluation_uses():
    prod = product(("s", {LEAD: 5, CADMIUM: None}, ["6(c)"]), customer_ids=["C-1"], markets=["EU"])
    facts = prod.facts()
    assert facts.customer_ids == frozenset({"C-1"}) and facts.markets == frozenset({"EU"})
    assert facts.materials[0].substances == ((LEAD, 5.0), (CADMIUM, None))
    assert facts.materials[0].exemptions == frozenset({"6(c)"})


def test_details_change_with_validation_and_only_real_changes_count():
    prod = product(("s", {LEAD: 5}), customer_ids=["C-1"])
    assert prod.update_details({"customer_ids": ["C-2", "C-2", " "], "name": " Relay "}, at=AT) == [
        "name", "customer_ids"]
    assert (prod.name, prod.customer_ids, prod.version) == ("Relay", ["C-2"], 2)
    assert prod.update_details({"name": "Relay"}, at=AT) == [] and prod.version == 2
    with pytest.raises(ValidationFailed) as caught:
        prod.update_details({"code": "X", "name": "", "test_report_date": date(2026, 3, 11)}, at=AT)
    assert set(caught.value.extra["errors"]) == {"code"}
    with pytest.raises(ValidationFailed) as caught:
        prod.update_details({"name": "", "test_report_date": date(2026, 3, 11)}, at=AT)
    assert set(caught.value.extra["errors"]) == {"name", "test_report_date"}
