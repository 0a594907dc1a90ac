"""Element mass fractions from chemical formulas, with `molmass` (IUPAC standard atomic weights)."""
from __future__ import annotations

from functools import lru_cache

from molmass import Formula, FormulaError


@lru_cache(maxsize=4096)
def element_mass_fraction(formula: str, element: str) -> float:
    """The share of `element` in the mass of `formula` (PbO, Pb: 0.928); ValueError for a bad formula."""
    try:
        composition = Formula(formula).composition()
    except (FormulaError, ValueError, KeyError) as error:
        raise ValueError(f"not a chemical formula: {formula!r} ({error})") from None
    return float(composition[element].fraction) if element in composition else 0.0
