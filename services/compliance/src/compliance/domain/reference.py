"""Reference data shipped with the service: EU RoHS and the versions of China RoHS (DOMAIN.md §3, §5).

Data, not code: the first migration entered EU RoHS and GB/T 26572-2011; `load_reference_data`
(service_layer) enters whatever of this is missing, the catalogue and the exemptions included.
China RoHS is one family of register entries, one per version; evaluation uses the version in force.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from compliance.domain.reference_exemptions import CN_EXCEPTIONS, EU_ANNEX_III
from compliance.domain.regulation import Regulation

# Limits are in ppm of the homogeneous material: 0.1 % = 1000 ppm, 0.01 % = 100 ppm. Each limit's CAS
# is the one the substance catalogue uses for the group (lead and its compounds, PBDE, ...).
_FIRST_SIX = [
    {"cas": "7439-92-1", "substance": "Lead (Pb)", "max_ppm": 1000},
    {"cas": "7439-97-6", "substance": "Mercury (Hg)", "max_ppm": 1000},
    {"cas": "7440-43-9", "substance": "Cadmium (Cd)", "max_ppm": 100},
    {"cas": "18540-29-9", "substance": "Hexavalent chromium (Cr(VI))", "max_ppm": 1000},
    {"cas": "59536-65-1", "substance": "Polybrominated biphenyls (PBB)", "max_ppm": 1000},
    {"cas": "32534-81-9", "substance": "Polybrominated diphenyl ethers (PBDE)", "max_ppm": 1000},
]
_PHTHALATES = [
    {"cas": "117-81-7", "substance": "Bis(2-ethylhexyl) phthalate (DEHP)", "max_ppm": 1000},
    {"cas": "85-68-7", "substance": "Butyl benzyl phthalate (BBP)", "max_ppm": 1000},
    {"cas": "84-74-2", "substance": "Dibutyl phthalate (DBP)", "max_ppm": 1000},
    {"cas": "84-69-5", "substance": "Diisobutyl phthalate (DIBP)", "max_ppm": 1000},
]
CHINA_ROHS_FAMILY = "CN-ROHS"

EU_ROHS: dict[str, Any] = {
    "code": "EU-ROHS",
    "title": "Directive 2011/65/EU on the restriction of hazardous substances in EEE, "
             "as amended by Commission Delegated Directive (EU) 2015/863",
    "jurisdiction": "EU",
    "issuer": "European Parliament and Council; European Commission",
    "document_version": "2011/65/EU + (EU) 2015/863",
    # The four phthalates apply from 22 July 2019 (Directive (EU) 2015/863, Art. 2).
    "effective_date": date(2019, 7, 22),
    "limits": _FIRST_SIX + _PHTHALATES,
    "exemptions": EU_ANNEX_III,
}

_CN_TITLE = ("Requirements of concentration limits for certain restricted substances in electrical and "
             "electronic products (China RoHS)")
_CN_ISSUER = "State Administration for Market Regulation (SAMR); Standardization Administration of China (SAC)"

CHINA_ROHS: dict[str, Any] = {
    "code": "GB/T-26572", "family": CHINA_ROHS_FAMILY,
    "title": f"GB/T 26572-2011 {_CN_TITLE}", "jurisdiction": "CN", "issuer": _CN_ISSUER,
    "document_version": "GB/T 26572-2011", "effective_date": date(2011, 8, 1),
    "limits": list(_FIRST_SIX), "exemptions": CN_EXCEPTIONS,
}
CHINA_ROHS_AMENDMENT_1: dict[str, Any] = {
    "code": "GB/T-26572-AMD1", "family": CHINA_ROHS_FAMILY,
    "title": f"GB/T 26572-2011 Amendment No. 1 (第1号修改单): DEHP, BBP, DBP, DIBP added; {_CN_TITLE}",
    "jurisdiction": "CN", "issuer": _CN_ISSUER,
    "document_version": "GB/T 26572-2011/XG1", "effective_date": date(2026, 1, 1),
    "limits": _FIRST_SIX + _PHTHALATES, "exemptions": CN_EXCEPTIONS,
}
CHINA_ROHS_2025: dict[str, Any] = {
    "code": "GB-26572-2025", "family": CHINA_ROHS_FAMILY,
    "title": "GB 26572-2025 Requirements for the restricted use of hazardous substances in electrical and "
             "electronic products (mandatory; marking requirements of SJ/T 11364 folded in)",
    "jurisdiction": "CN", "issuer": _CN_ISSUER,
    "document_version": "GB 26572-2025", "effective_date": date(2027, 8, 1),
    "limits": _FIRST_SIX + _PHTHALATES, "exemptions": CN_EXCEPTIONS,
}

REFERENCE_REGULATIONS = (EU_ROHS, CHINA_ROHS, CHINA_ROHS_AMENDMENT_1, CHINA_ROHS_2025)
# What the first migration (7d1e0a5b9c42) entered, as it entered it: six substances, no exemption.
INITIAL_CODES = ("EU-ROHS", "GB/T-26572")


def reference_regulations(at: datetime) -> list[Regulation]:
    """Fresh register entries for the shipped reference data, reviewed on `at`'s date."""
    return [Regulation.publish(**spec, at=at) for spec in REFERENCE_REGULATIONS]
