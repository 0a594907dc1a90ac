"""Evaluation against DOMAIN.md §3: every limit at, below and above its edge, exemptions, data gaps."""
from datetime import date

import pytest

from compliance.domain.evaluation import (DATA_MISSING, EXEMPTED, EXEMPTION_EXPIRED, EXEMPTION_EXPIRING,
                                          LIMIT_EXCEEDED, NO_EVIDENCE, TEST_REPORT_STALE, WITHIN_LIMIT,
                                          EvaluationPolicy, Evaluator)
from compliance.domain.product import Product, parse_materials
from compliance_builders import AT, CADMIUM, EXPECTED_EU, LEAD, MERCURY, TODAY, eu_rohs, evaluate, product, regulation, requirement

EDGES = [(cas, limit, value) for cas, limit in EXPECTED_EU.items()
         for value in (limit - 0.01, limit, limit + 0.01)]


@pytest.mark.parametrize("cas, limit, value", EDGES)
def test_every_eu_rohs_limit_at_below_and_above_its_edge(cas, limit, value):
    result = evaluate(product(("solder", {cas: value})))
    expected = "non_compliant" if value > limit else "compliant"
    assert result.status == expected
    [reason] = result.reasons
    assert (reason.cas, reason.material, reason.value_ppm, reason.limit_ppm, reason.source) == (
        cas, "solder", value, limit, "EU-ROHS")
    assert reason.verdict == (LIMIT_EXCEEDED if value > limit else WITHIN_LIMIT)


def test_cadmium_is_limited_at_100_ppm_where_lead_is_allowed_1000():
    result = evaluate(product(("coating", {LEAD: 150, CADMIUM: 150})))
    assert result.status == "non_compliant"
    assert {r.cas: r.verdict for r in result.reasons} == {LEAD: WITHIN_LIMIT, CADMIUM: LIMIT_EXCEEDED}


def test_concentrations_in_percent_and_mg_per_kg_are_converted_before_comparing():
    materials = parse_materials([{"name": "coating", "declared_compliant": True, "substances": [
        {"cas": CADMIUM, "concentration": "0.01", "unit": "percent"},
        {"cas": LEAD, "concentration": "1001", "unit": "mg/kg"}]}])
    prod = Product.register(code="P-2", name="Plated", materials=materials, at=AT, test_report_date=TODAY)
    result = evaluate(prod)
    assert {r.cas: (r.value_ppm, r.verdict) for r in result.reasons} == {
        CADMIUM: (100.0, WITHIN_LIMIT), LEAD: (1001.0, LIMIT_EXCEEDED)}


def test_a_substance_no_rule_limits_is_reported_as_unknown_without_weight():
    result = evaluate(product(("steel", {"7440-50-8": 600000, LEAD: 10})))  # copper
    assert result.status == "compliant"
    assert [(r.verdict, r.cas) for r in result.reasons] == [("unknown_substance", "7440-50-8"), (WITHIN_LIMIT, LEAD)]


def exempted_rohs(expires_on, max_ppm=None):
    """EU RoHS with exemption 6(c) for lead in copper alloys."""
    exemption = {"code": "6(c)", "description": "Lead in copper alloy up to 4 %", "cas": LEAD,
                 "expires_on": expires_on, "max_ppm": max_ppm}
    return eu_rohs(exemptions=[exemption])


@pytest.mark.parametrize("expires_on, status, verdict", [
    (None, "compliant", EXEMPTED),                                     # no expiry
    (date(2026, 9, 7), "compliant", EXEMPTED),                         # 181 days left
    (date(2026, 9, 6), "partially_compliant", EXEMPTION_EXPIRING),     # 180 days left
    (TODAY, "partially_compliant", EXEMPTION_EXPIRING),                # last valid day
    (date(2026, 3, 9), "non_compliant", EXEMPTION_EXPIRED),            # expired yesterday
])
def test_an_exemption_claimed_by_the_material(expires_on, status, verdict):
    result = evaluate(product(("brass pin", {LEAD: 35000}, ["6(c)"])), [exempted_rohs(expires_on)])
    assert result.status == status
    [reason] = result.reasons
    assert (reason.verdict, reason.exemption, reason.exemption_expires_on) == (verdict, "6(c)", expires_on)


def test_an_exemption_not_claimed_by_the_material_does_not_help():
    result = evaluate(product(("brass pin", {LEAD: 35000})), [exempted_rohs(None)])
    assert result.status == "non_compliant" and result.reasons[0].exemption is None


def test_an_exemption_covers_only_up_to_its_own_maximum():
    regs = [exempted_rohs(None, max_ppm=40000)]
    assert evaluate(product(("brass", {LEAD: 40000}, ["6(c)"])), regs).status == "compliant"
    assert evaluate(product(("brass", {LEAD: 40001}, ["6(c)"])), regs).status == "non_compliant"


def test_an_exemption_covers_only_its_own_substance():
    result = evaluate(product(("brass", {CADMIUM: 500}, ["6(c)"])), [exempted_rohs(None)])
    assert result.status == "non_compliant" and result.reasons[0].verdict == LIMIT_EXCEEDED


def test_the_best_of_several_claimed_exemptions_is_used():
    reg = eu_rohs(exemptions=[{"code": "A", "cas": LEAD, "expires_on": date(2026, 3, 1)},
                              {"code": "B", "cas": LEAD, "expires_on": date(2030, 1, 1)}])
    result = evaluate(product(("brass", {LEAD: 2000}, ["A", "B"])), [reg])
    assert result.status == "compliant" and result.reasons[0].exemption == "B"


def test_a_material_without_substance_data_makes_the_product_partially_compliant():
    result = evaluate(product(("solder", {LEAD: 10}), ("plastic housing", {}), declared_compliant=False))
    assert result.status == "partially_compliant"
    assert (DATA_MISSING, "plastic housing") in {(r.verdict, r.material) for r in result.reasons}


def test_a_substance_with_no_stated_concentration_is_missing_data():
    result = evaluate(product(("solder", {LEAD: None, MERCURY: 5})))
    assert result.status == "partially_compliant"
    assert {r.cas: r.verdict for r in result.reasons} == {LEAD: DATA_MISSING, MERCURY: WITHIN_LIMIT}


def test_a_product_without_materials_is_partially_compliant():
    assert evaluate(product()).status == "partially_compliant"


def test_an_exceeded_limit_outweighs_missing_data():
    assert evaluate(product(("a", {LEAD: None}), ("b", {CADMIUM: 101}))).status == "non_compliant"


@pytest.mark.parametrize("report_date, status", [
    (date(2025, 3, 11), "compliant"),              # 12 months less a day
    (date(2025, 3, 10), "compliant"),              # exactly 12 months
    (date(2025, 3, 9), "partially_compliant"),     # older than 12 months
])
def test_a_test_report_older_than_twelve_months_is_stale(report_date, status):
    result = evaluate(product(("solder", {LEAD: 10}), test_report_date=report_date))
    assert result.status == status
    assert (TEST_REPORT_STALE in {r.verdict for r in result.reasons}) is (status != "compliant")


def test_a_stale_report_does_not_hide_an_exceeded_limit():
    assert evaluate(product(("solder", {LEAD: 1200}), test_report_date=date(2020, 1, 1))).status == "non_compliant"


def test_a_supplier_declaration_alone_is_evidence_but_nothing_at_all_is_not():
    declared = product(("solder", {LEAD: 10}), test_report_date=None, supplier_declaration_date=date(2023, 1, 1))
    assert evaluate(declared).status == "compliant"
    bare = evaluate(product(("solder", {LEAD: 10}), test_report_date=None))
    assert bare.status == "partially_compliant" and bare.reasons[0].verdict == NO_EVIDENCE


def test_the_rules_periods_come_from_the_policy():
    prod = product(("solder", {LEAD: 10}), test_report_date=date(2025, 12, 1))
    strict = Evaluator([eu_rohs()], [], TODAY, EvaluationPolicy(test_report_max_age_months=3))
    assert strict.status_of(prod.facts()) == "partially_compliant"


def test_a_customer_limit_stricter_than_the_law_applies_to_that_customers_products():
    csr = requirement("C-1", [{"cas": LEAD, "max_ppm": 500}])
    ours = evaluate(product(("solder", {LEAD: 800}), customer_ids=["C-1"]), requirements=[csr])
    assert ours.status == "non_compliant"
    assert {(r.source, r.verdict) for r in ours.reasons} == {("EU-ROHS", WITHIN_LIMIT),
                                                             ("CSR-2026-000001", LIMIT_EXCEEDED)}
    at_edge = evaluate(product(("solder", {LEAD: 500}), customer_ids=["C-1"]), requirements=[csr])
    assert at_edge.status == "compliant"
    others = evaluate(product(("solder", {LEAD: 800}), customer_ids=["C-2"]), requirements=[csr])
    assert others.status == "compliant"


def test_a_regulations_exemption_does_not_lift_a_customers_limit():
    csr = requirement("C-1", [{"cas": LEAD, "max_ppm": 500}])
    result = evaluate(product(("brass", {LEAD: 35000}, ["6(c)"]), customer_ids=["C-1"]),
                      [exempted_rohs(None)], [csr])
    assert {r.source: r.verdict for r in result.reasons} == {"EU-ROHS": EXEMPTED, "CSR-2026-000001": LIMIT_EXCEEDED}


def test_markets_limit_which_regulations_apply():
    china_only = regulation([{"cas": LEAD, "max_ppm": 100}], code="CN-TEST", jurisdiction="CN")
    regs = [eu_rohs(), china_only]
    assert evaluate(product(("s", {LEAD: 200}), markets=["EU"]), regs).status == "compliant"
    assert evaluate(product(("s", {LEAD: 200}), markets=["CN"]), regs).status == "non_compliant"
    assert evaluate(product(("s", {LEAD: 200})), regs).status == "non_compliant"  # no market: all apply


def test_regulations_not_yet_effective_or_withdrawn_do_not_apply():
    future = regulation([{"cas": LEAD, "max_ppm": 100}], effective_date=date(2026, 3, 11))
    withdrawn = regulation([{"cas": LEAD, "max_ppm": 100}], status="withdrawn")
    prod = product(("s", {LEAD: 200}))
    assert evaluate(prod, [future, withdrawn]).status == "compliant"
    assert evaluate(prod, [future], as_of=date(2026, 3, 11)).status == "non_compliant"


def test_a_product_nothing_restricts_is_compliant_without_reasons():
    result = evaluate(product(("s", {LEAD: 999999}), test_report_date=None), regulations=[])
    assert result.status == "compliant" and result.reasons == []


def test_the_fast_status_agrees_with_the_full_evaluation():
    csr = requirement("C-1", [{"cas": MERCURY, "max_ppm": 10}])
    regs = [exempted_rohs(date(2026, 5, 1))]
    cases = [product(("a", {LEAD: 5}), customer_ids=["C-1"]),
             product(("a", {LEAD: 5000}, ["6(c)"])),
             product(("a", {MERCURY: 11}), customer_ids=["C-1"]),
             product(("a", {LEAD: None}), ("b", {})),
             product(("a", {CADMIUM: 100}), test_report_date=date(2020, 1, 1))]
    evaluator = Evaluator(regs, [csr], TODAY)
    for prod in cases:
        assert evaluator.status_of(prod.facts()) == evaluator.evaluate(prod.facts(), AT).status
    assert [evaluator.status_of(p.facts()) for p in cases] == [
        "compliant", "partially_compliant", "non_compliant", "partially_compliant", "partially_compliant"]
