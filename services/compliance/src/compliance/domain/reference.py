"""Reference data shipped with the service: EU RoHS and China RoHS (DOMAIN.md §3).

Data, not code: the loader command and the first migration both build their register entries
from these dicts, so a new install and an existing one hold the same values.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from compliance.domain.regulation import Regulation

# Limits are in ppm of the homogeneous material: 0.1 % = 1000 ppm, 0.01 % = 100 ppm.
# PBB and PBDE are substance groups; the CAS numbers are those declarations commonly use for them.
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
    "exemptions": [],
}

CHINA_ROHS: dict[str, Any] = {
    "code": "GB/T-26572",
    "title": "GB/T 26572 Requirements of concentration limits for certain restricted substances "
             "in electrical and electronic products (China RoHS)",
    "jurisdiction": "CN",
    "issuer": "Standardization Administration of China (SAC)",
    "document_version": "GB/T 26572-2011",
    "effective_date": date(2011, 8, 1),
    "limits": list(_FIRST_SIX),
    "exemptions": [],
}

REFERENCE_REGULATIONS = (EU_ROHS, CHINA_ROHS)


def reference_regulations(at: datetime) -> list[Regulation]:
    """Fresh register entries for the shipped reference data, reviewed on `at`'s date."""
    return [Regulation.publish(**spec, at=at) for spec in REFERENCE_REGULATIONS]
