"""Evaluation on the element and group basis (DOMAIN.md §5): compounds, congeners, undeclared groups."""
import pytest

from compliance.domain.evaluation import LIMIT_EXCEEDED, NOT_DECLARED, UNKNOWN_SUBSTANCE, WITHIN_LIMIT
from compliance_builders import LEAD
from rohs_builders import (BDE_47, CATALOGUE, CDO, COPPER, DECA_BDE, LEAD_CHROMATE, PBO, evaluate_shipped,
                           one_material, reasons_of)


def test_a_pbde_congener_over_the_group_limit_is_non_compliant():
    result = evaluate_shipped(one_material({DECA_BDE: 5000}))
    assert result.status == "non_compliant"
    [reason] = reasons_of(result, LIMIT_EXCEEDED)
    assert (reason.group, reason.declared, reason.value_ppm, reason.limit_ppm) == ("PBDE", (DECA_BDE,), 5000, 1000)
    assert reason.substance == "Polybrominated diphenyl ethers (PBDE)"


def test_congeners_of_a_group_add_up():
    assert evaluate_shipped(one_material({DECA_BDE: 500, BDE_47: 500})).status == "compliant"
    result = evaluate_shipped(one_material({DECA_BDE: 600, BDE_47: 500}))
    [reason] = reasons_of(result, LIMIT_EXCEEDED)
    assert reason.value_ppm == pytest.approx(1100) and set(reason.declared) == {DECA_BDE, BDE_47}


@pytest.mark.parametrize("ppm, lead, status", [(1100, 1021.1, "non_compliant"), (1050, 974.7, "compliant")])
def test_lead_oxide_counts_as_its_lead(ppm, lead, status):
    result = evaluate_shipped(one_material({PBO: ppm}))
    assert result.status == status
    [reason] = reasons_of(result, group="Pb")
    assert reason.value_ppm == pytest.approx(lead, abs=0.1) and reason.limit_ppm == 1000


@pytest.mark.parametrize("ppm, status", [(115, "non_compliant"), (114, "compliant")])
def test_a_cadmium_compound_just_above_and_below_100_ppm_of_cadmium(ppm, status):
    result = evaluate_shipped(one_material({CDO: ppm}))  # CdO is 87.5 % cadmium: 100.7 and 99.8 ppm
    assert result.status == status
    [reason] = reasons_of(result, group="Cd")
    assert reason.value_ppm == pytest.approx(ppm * 0.87540, abs=0.05)


def test_lead_chromate_counts_for_lead_and_for_hexavalent_chromium():
    result = evaluate_shipped(one_material({LEAD_CHROMATE: 7000}))  # 64.1 % Pb, 16.1 % Cr
    by_group = {r.group: r for r in reasons_of(result, LIMIT_EXCEEDED)}
    assert set(by_group) == {"Pb", "CrVI"}
    assert by_group["Pb"].value_ppm == pytest.approx(4487.7, abs=0.5)
    assert by_group["CrVI"].value_ppm == pytest.approx(1126.2, abs=0.5)
    assert by_group["Pb"].declared == by_group["CrVI"].declared == (LEAD_CHROMATE,)


def test_a_material_listing_only_lead_is_partially_compliant_with_the_rest_not_declared():
    result = evaluate_shipped(one_material({LEAD: 200}, declared_compliant=False))
    assert result.status == "partially_compliant"
    assert {r.group for r in reasons_of(result, NOT_DECLARED)} == {
        "Hg", "Cd", "CrVI", "PBB", "PBDE", "DEHP", "BBP", "DBP", "DIBP"}
    assert [r.verdict for r in reasons_of(result, group="Pb")] == [WITHIN_LIMIT]


def test_full_material_disclosure_declares_everything_else_absent():
    result = evaluate_shipped(one_material({COPPER: 999_000, LEAD: 1000}, declared_compliant=False))
    assert result.status == "compliant" and not reasons_of(result, NOT_DECLARED)


def test_a_disclosure_well_short_of_100_percent_is_not_full():
    result = evaluate_shipped(one_material({COPPER: 900_000, LEAD: 1000}, declared_compliant=False))
    assert result.status == "partially_compliant"


def test_an_unknown_cas_number_is_reported_not_ignored():
    result = evaluate_shipped(one_material({"7440-31-5": 990_000}))  # tin: no restricted group lists it
    assert [(r.verdict, r.cas) for r in reasons_of(result, UNKNOWN_SUBSTANCE)] == [(UNKNOWN_SUBSTANCE, "7440-31-5")]
    assert result.status == "compliant"


def test_the_catalogue_lists_lead_chromate_in_both_groups_with_computed_fractions():
    hits = {hit.code: round(hit.fraction, 4) for hit in CATALOGUE.memberships(LEAD_CHROMATE)}
    assert hits == {"Pb": 0.6411, "CrVI": 0.1609}
    assert CATALOGUE.group_of_limit(LEAD).code == "Pb"
