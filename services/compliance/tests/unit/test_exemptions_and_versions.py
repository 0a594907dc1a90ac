"""Shipped exemptions on the group basis, and China RoHS as versions in force on the evaluation date."""
from datetime import date

import pytest

from compliance.domain.evaluation import EXEMPTED, EXEMPTION_NOT_APPLICABLE, LIMIT_EXCEEDED
from compliance.domain.reference import reference_regulations
from compliance.domain.rules import in_force
from compliance_builders import AT, LEAD
from rohs_builders import COPPER, DEHP, IRON, PBO, ZINC, evaluate_shipped, one_material, reasons_of

BRASS = {COPPER: 600_000, ZINC: 370_000, LEAD: 30_000}  # 3 % lead, fully disclosed


def test_brass_at_3_percent_lead_claiming_6c_is_not_non_compliant():
    result = evaluate_shipped(one_material(BRASS, exemptions=["6(c)"], declared_compliant=False))
    assert result.status != "non_compliant"
    [reason] = reasons_of(result, group="Pb")
    assert (reason.verdict, reason.exemption, reason.exemption_expires_on) == (EXEMPTED, "6(c)", date(2027, 6, 30))


def test_the_same_brass_without_the_claim_is_non_compliant():
    assert evaluate_shipped(one_material(BRASS, declared_compliant=False)).status == "non_compliant"


def test_steel_above_its_exemptions_maximum_is_non_compliant_and_says_why():
    steel = {IRON: 995_000, LEAD: 5000}  # 6(a) allows 0.35 %
    result = evaluate_shipped(one_material(steel, exemptions=["6(a)"], declared_compliant=False))
    assert result.status == "non_compliant"
    [reason] = reasons_of(result, LIMIT_EXCEEDED)
    assert reason.exemption is None and "6(a) allows at most 3500 ppm" in reason.note


def test_an_exemption_counts_a_compound_on_the_elements_mass():
    # 3.3 % lead oxide is 3.06 % lead: within 6(c)'s 4 %
    result = evaluate_shipped(one_material({COPPER: 967_000, PBO: 33_000}, exemptions=["6(c)"]))
    assert [r.verdict for r in reasons_of(result, group="Pb")] == [EXEMPTED]


def test_a_claim_no_applicable_regulation_grants_is_a_reason():
    result = evaluate_shipped(one_material({LEAD: 10}, exemptions=["99(z)"]))
    [reason] = reasons_of(result, EXEMPTION_NOT_APPLICABLE)
    assert reason.exemption == "99(z)" and result.status == "compliant"


def test_an_exemption_does_not_cover_another_substance():
    result = evaluate_shipped(one_material({"7440-43-9": 500}, exemptions=["6(c)"]))
    [reason] = reasons_of(result, LIMIT_EXCEEDED)
    assert reason.group == "Cd" and "6(c) does not exempt" in reason.note


@pytest.mark.parametrize("day, code", [(date(2025, 12, 31), "GB/T-26572"), (date(2026, 1, 1), "GB/T-26572-AMD1"),
                                       (date(2027, 7, 31), "GB/T-26572-AMD1"), (date(2027, 8, 1), "GB-26572-2025")])
def test_the_china_rohs_version_in_force_on_the_evaluation_date(day, code):
    china = [r.code for r in in_force(reference_regulations(AT), day) if r.jurisdiction == "CN"]
    assert china == [code]


@pytest.mark.parametrize("day, status", [(date(2025, 12, 31), "compliant"), (date(2026, 1, 1), "non_compliant")])
def test_dehp_at_0_2_percent_against_china_rohs(day, status):
    result = evaluate_shipped(one_material({DEHP: 2000}, markets=("CN",), supplier_declaration_date=date(2025, 12, 1),
                                           test_report_date=None), as_of=day)
    assert result.status == status
    if status == "non_compliant":
        [reason] = reasons_of(result, LIMIT_EXCEEDED)
        assert (reason.group, reason.source, reason.limit_ppm) == ("DEHP", "GB/T-26572-AMD1", 1000)
    else:
        assert not reasons_of(result, group="DEHP")  # not restricted by GB/T 26572-2011


def test_a_review_that_updates_exemptions_is_kept_in_the_review_history():
    regulation = reference_regulations(AT)[0]
    kept = [e for e in regulation.exemptions if e.code != "6(b)"]
    from dataclasses import asdict
    changed = regulation.review(AT.date(), "qe", AT, note="checked against the OJ",
                                exemptions=[asdict(e) for e in kept])
    assert changed == ["exemptions"]
    entry = regulation.review_history[-1]
    assert (entry.by, entry.changed) == ("qe", ["exemptions"])
    assert entry.note == "checked against the OJ; exemptions removed 6(b)"
    assert regulation.reviewed_in(AT.year) == regulation.review_history
