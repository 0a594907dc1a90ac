"""The shipped reference data carries DOMAIN.md's values."""
from datetime import date

from compliance.domain.reference import reference_regulations
from compliance_builders import AT, EXPECTED_EU



def test_eu_rohs_limits_ten_substances_with_cadmium_at_a_tenth():
    eu = reference_regulations(AT)[0]
    assert eu.code == "EU-ROHS" and eu.jurisdiction == "EU"
    assert {limit.cas: limit.max_ppm for limit in eu.limits} == EXPECTED_EU


def test_china_rohs_2011_limits_the_first_six_and_its_later_versions_all_ten():
    _, china, amendment, mandatory = reference_regulations(AT)
    assert china.code == "GB/T-26572" and china.jurisdiction == "CN"
    assert {limit.cas: limit.max_ppm for limit in china.limits} == dict(list(EXPECTED_EU.items())[:6])
    for later, starts in ((amendment, date(2026, 1, 1)), (mandatory, date(2027, 8, 1))):
        assert {limit.cas: limit.max_ppm for limit in later.limits} == EXPECTED_EU
        assert later.effective_date == starts and later.family_code == china.family_code == "CN-ROHS"


def test_reference_entries_are_fresh_objects_each_time():
    first, second = reference_regulations(AT)[0], reference_regulations(AT)[0]
    assert first.id != second.id and first.limits is not second.limits
