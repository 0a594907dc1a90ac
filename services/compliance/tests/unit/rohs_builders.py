"""Builders for the group-basis tests: the shipped catalogue and register, real molar masses."""
from __future__ import annotations

from datetime import date

from compliance.adapters.formulas import element_mass_fraction
from compliance.domain.catalogue import SubstanceCatalogue, SubstanceGroup
from compliance.domain.evaluation import Evaluator
from compliance.domain.reference import reference_regulations
from compliance.domain.reference_catalogue import REFERENCE_GROUPS
from compliance_builders import AT, TODAY, product

PBO, CDO, LEAD_CHROMATE, DECA_BDE, BDE_47 = "1317-36-8", "1306-19-0", "7758-97-6", "1163-19-5", "5436-43-1"
DEHP, COPPER, ZINC, IRON = "117-81-7", "7440-50-8", "7440-66-6", "7439-89-6"


def shipped_catalogue() -> SubstanceCatalogue:
    """The shipped groups with fractions computed by molmass."""
    return SubstanceCatalogue(SubstanceGroup.define(**spec, at=AT, mass_fraction=element_mass_fraction)
                              for spec in REFERENCE_GROUPS)


CATALOGUE = shipped_catalogue()


def evaluate_shipped(prod, as_of: date = TODAY, regulations=None):
    """Full evaluation against the shipped register (all versions; the one in force applies)."""
    regulations = regulations if regulations is not None else reference_regulations(AT)
    return Evaluator(regulations, [], as_of, catalogue=CATALOGUE).evaluate(prod.facts(), AT)


def one_material(substances: dict, *, exemptions=(), markets=("EU",), declared_compliant=True, **kwargs):
    """A product sold in `markets` with one material."""
    return product(("material", substances, list(exemptions)), markets=markets,
                   declared_compliant=declared_compliant, **kwargs)


def reasons_of(result, verdict: str | None = None, group: str | None = None):
    """The result's reasons, filtered."""
    return [r for r in result.reasons if (verdict is None or r.verdict == verdict)
            and (group is None or r.group == group)]
