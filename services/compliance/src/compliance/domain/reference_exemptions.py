"""Shipped exemptions: EU RoHS Annex III entries for lead, and their counterparts in China's list.

Wording, maximum, categories, expiry and legal source as published; each entry names its act.
Check the entries marked in the README against the Official Journal (EUR-Lex) before relying on
them: the Commission renews and splits these entries, and categories can carry different dates.
"""
from __future__ import annotations

from datetime import date
from typing import Any

LEAD = "7439-92-1"
_ANNEX_III = "Directive 2011/65/EU Annex III"
_DD_2025_2364 = f"{_ANNEX_III}, as amended by Commission Delegated Directive (EU) 2025/2364"
_DD_2025_1802 = f"{_ANNEX_III}, as amended by Commission Delegated Directive (EU) 2025/1802"
_DD_2025_2363 = f"{_ANNEX_III}, as amended by Commission Delegated Directive (EU) 2025/2363"


def _entry(code: str, wording: str, max_ppm: float | None, expires_on: date | None, categories: str,
           legal_source: str) -> dict[str, Any]:
    return {"code": code, "description": wording, "cas": LEAD, "max_ppm": max_ppm, "expires_on": expires_on,
            "categories": categories, "legal_source": legal_source}


EU_ANNEX_III: list[dict[str, Any]] = [
    _entry("6(a)", "Lead as an alloying element in steel for machining purposes and in galvanised steel "
                   "containing up to 0,35 % lead by weight", 3500, date(2026, 12, 11),
           "categories still covered by the former entry (see the act)", _DD_2025_2364),
    _entry("6(a)-I", "Lead as an alloying element in steel for machining purposes containing up to 0,35 % "
                     "lead by weight", 3500, date(2027, 6, 30), "all categories", _DD_2025_2364),
    _entry("6(a)-II", "Lead as an alloying element in batch hot dip galvanised steel components containing "
                      "up to 0,2 % lead by weight", 2000, date(2027, 6, 30), "all categories", _DD_2025_2364),
    _entry("6(b)", "Lead as an alloying element in aluminium containing up to 0,4 % lead by weight", 4000,
           date(2026, 6, 11), "categories still covered by the former entry (see the act)", _DD_2025_2364),
    _entry("6(b)-I", "Lead as an alloying element in aluminium containing up to 0,4 % lead by weight, "
                     "provided it stems from lead-bearing aluminium scrap recycling", 4000, date(2026, 12, 11),
           "1-7 and 10", _DD_2025_2364),
    _entry("6(b)-II", "Lead as an alloying element in aluminium for machining purposes with a lead content up "
                      "to 0,4 % by weight", 4000, date(2027, 6, 11), "1-7 and 10", _DD_2025_2364),
    _entry("6(c)", "Copper alloy containing up to 4 % lead by weight", 40000, date(2027, 6, 30),
           "all categories", _DD_2025_2364),
    # The entry sets a minimum lead content (>= 85 %) for the solder, not a maximum.
    _entry("7(a)", "Lead in high melting temperature type solders (i.e. lead-based alloys containing 85 % by "
                   "weight or more lead); replaced by the application-specific entries 7(a)-I to 7(a)-VII",
           None, date(2027, 12, 31), "all categories", _DD_2025_1802),
    _entry("7(c)-I", "Electrical and electronic components containing lead in a glass or ceramic other than "
                     "dielectric ceramic in capacitors, e.g. piezoelectronic devices, or in a glass or ceramic "
                     "matrix compound", None, date(2027, 6, 30), "all categories", _DD_2025_2363),
    _entry("7(c)-II", "Lead in dielectric ceramic in capacitors for a rated voltage of 125 V AC or 250 V DC "
                      "or higher", None, date(2027, 12, 31), "all categories", _DD_2025_2363),
]

_CN_LIST = ("达标管理目录限用物质应用例外清单 (MIIT, SAMR et al., announcement 2018 No. 15), entry corresponding "
            "to EU RoHS Annex III {code}")


def _cn(code: str, wording: str, max_ppm: float | None) -> dict[str, Any]:
    return {"code": code, "description": wording, "cas": LEAD, "max_ppm": max_ppm, "expires_on": None,
            "categories": "products in the compliance management catalogue (达标管理目录)",
            "legal_source": _CN_LIST.format(code=code)}


# China's exception list mirrors these Annex III uses; the codes are the Annex III numbers they correspond to,
# so one claim on a material covers both markets.
CN_EXCEPTIONS: list[dict[str, Any]] = [
    _cn("6(a)", "钢中作为合金元素的铅，铅含量不超过0.35%（质量分数）", 3500),
    _cn("6(b)", "铝中作为合金元素的铅，铅含量不超过0.4%（质量分数）", 4000),
    _cn("6(c)", "铜合金中的铅，铅含量不超过4%（质量分数）", 40000),
    _cn("7(a)", "高熔点焊料中的铅（即铅含量不低于85%（质量分数）的铅基合金）", None),
    _cn("7(c)-I", "电子电气元器件中玻璃或陶瓷中的铅（电容器中的介电陶瓷除外），或玻璃或陶瓷基复合材料中的铅", None),
]
