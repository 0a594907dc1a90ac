"""CAS numbers and concentration units: every value the domain accepts or refuses."""
from decimal import Decimal

import pytest

from compliance.domain.reference import EU_ROHS
from compliance.domain.substances import InputError, is_valid_cas, require_cas, require_limit_ppm, to_ppm


@pytest.mark.parametrize("cas", [limit["cas"] for limit in EU_ROHS["limits"]])
def test_every_reference_cas_number_has_a_valid_check_digit(cas):
    assert is_valid_cas(cas)


@pytest.mark.parametrize("cas", ["7439-92-2", "7439921", "7-92-1", "74399200-92-1", "abcd-92-1", "", None])
def test_malformed_or_wrong_check_digit_cas_numbers_are_refused(cas):
    assert not is_valid_cas(cas)
    with pytest.raises(InputError):
        require_cas(cas)


def test_require_cas_strips_blanks():
    assert require_cas(" 7439-92-1 ") == "7439-92-1"


@pytest.mark.parametrize("concentration, unit, ppm", [
    ("0.1", "percent", 1000.0),      # lead's limit, written as RoHS writes it
    ("0.01", "percent", 100.0),      # cadmium's
    (1000, "mg/kg", 1000.0),         # mg/kg is ppm by weight
    (Decimal("250.5"), "ppm", 250.5),
    (0, "ppm", 0.0),
    (100, "percent", 1_000_000.0),   # pure substance: the upper edge is allowed
    (1_000_000, "ppm", 1_000_000.0),
])
def test_units_convert_to_ppm(concentration, unit, ppm):
    assert to_ppm(concentration, unit) == ppm


@pytest.mark.parametrize("unit", ["ppb", "%", "g/kg", "PPM", None, ""])
def test_unknown_units_are_refused(unit):
    with pytest.raises(InputError, match="unknown unit"):
        to_ppm(1, unit)


@pytest.mark.parametrize("concentration, unit", [
    (-1, "ppm"), ("-0.0001", "percent"),
    (1_000_000.01, "ppm"), ("100.0001", "percent"), (1_000_001, "mg/kg"),
    (float("nan"), "ppm"), ("NaN", "ppm"), (Decimal("NaN"), "ppm"), (float("inf"), "ppm"), ("-Infinity", "ppm"),
    ("abc", "ppm"), (True, "ppm"), (None, "ppm"),
    ("1e999999999", "ppm"), ("1e999999999", "percent"), (Decimal("1E+999999999"), "mg/kg"),  # no Overflow
])
def test_negative_nan_infinite_or_over_100_percent_concentrations_are_refused(concentration, unit):
    with pytest.raises(InputError):
        to_ppm(concentration, unit)


def test_a_vanishing_concentration_is_zero_ppm_not_an_error():
    assert to_ppm("1e-999999999", "percent") == 0.0


@pytest.mark.parametrize("value, ok", [(0, False), (-5, False), (0.001, True), (1_000_000, True), (1_000_001, False)])
def test_limits_must_be_above_zero_and_at_most_a_million_ppm(value, ok):
    if ok:
        assert require_limit_ppm(value) == float(value)
    else:
        with pytest.raises(InputError):
            require_limit_ppm(value)
