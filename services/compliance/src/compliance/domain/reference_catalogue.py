"""Shipped substance catalogue: the RoHS groups with the CAS numbers declarations commonly use.

Data, not code. Element groups list compounds with their formula; the loader computes each
element's mass fraction from the formula (molar masses from `molmass`), so no fraction is typed in.
A compound appears in every group it belongs to (lead chromate: lead and hexavalent chromium).
"""
from __future__ import annotations

from typing import Any

_ANNEX_II = ("Directive 2011/65/EU Annex II as amended by Commission Delegated Directive (EU) 2015/863 "
             "(OJ L 137, 4.6.2015)")
_GB = "GB/T 26572-2011 §4 and Amendment No. 1; GB 26572-2025"
_CAS_SOURCE = "CAS Registry Numbers and formulas as listed in ECHA's substance information (echa.europa.eu)"
_FRACTION = "element mass fraction computed from the formula with molmass (IUPAC standard atomic weights)"
_ELEMENT_SOURCES = [_ANNEX_II, _GB, _CAS_SOURCE, _FRACTION]
_GROUP_SOURCES = [_ANNEX_II, _GB, _CAS_SOURCE]


def _m(cas: str, name: str, formula: str = "") -> dict[str, Any]:
    return {"cas": cas, "name": name, "formula": formula}


LEAD = {"code": "Pb", "name": "Lead and its compounds", "name_zh": "铅 (Pb)", "cas": "7439-92-1",
        "element": "Pb", "sources": _ELEMENT_SOURCES, "members": [
            _m("7439-92-1", "Lead", "Pb"), _m("1317-36-8", "Lead(II) oxide", "PbO"),
            _m("1314-41-6", "Lead(II,IV) oxide (red lead)", "Pb3O4"), _m("1309-60-0", "Lead dioxide", "PbO2"),
            _m("7758-97-6", "Lead chromate", "PbCrO4"), _m("598-63-0", "Lead carbonate", "PbCO3"),
            _m("1319-46-6", "Basic lead carbonate", "Pb3(CO3)2(OH)2"), _m("7446-14-2", "Lead sulfate", "PbSO4"),
            _m("12060-00-3", "Lead titanate", "PbTiO3"), _m("1314-87-0", "Lead sulfide", "PbS"),
            _m("10099-74-8", "Lead nitrate", "Pb(NO3)2"), _m("301-04-2", "Lead acetate", "Pb(C2H3O2)2"),
            _m("1072-35-1", "Lead stearate", "Pb(C18H35O2)2"), _m("7446-27-7", "Lead phosphate", "Pb3(PO4)2"),
        ]}
MERCURY = {"code": "Hg", "name": "Mercury and its compounds", "name_zh": "汞 (Hg)", "cas": "7439-97-6",
           "element": "Hg", "sources": _ELEMENT_SOURCES, "members": [
               _m("7439-97-6", "Mercury", "Hg"), _m("21908-53-2", "Mercury(II) oxide", "HgO"),
               _m("7487-94-7", "Mercury(II) chloride", "HgCl2"), _m("10112-91-1", "Mercury(I) chloride", "Hg2Cl2"),
               _m("1344-48-5", "Mercury(II) sulfide", "HgS"), _m("1600-27-7", "Mercury(II) acetate", "Hg(C2H3O2)2"),
           ]}
CADMIUM = {"code": "Cd", "name": "Cadmium and its compounds", "name_zh": "镉 (Cd)", "cas": "7440-43-9",
           "element": "Cd", "sources": _ELEMENT_SOURCES, "members": [
               _m("7440-43-9", "Cadmium", "Cd"), _m("1306-19-0", "Cadmium oxide", "CdO"),
               _m("1306-23-6", "Cadmium sulfide", "CdS"), _m("1306-24-7", "Cadmium selenide", "CdSe"),
               _m("1306-25-8", "Cadmium telluride", "CdTe"), _m("10108-64-2", "Cadmium chloride", "CdCl2"),
               _m("513-78-0", "Cadmium carbonate", "CdCO3"), _m("10124-36-4", "Cadmium sulfate", "CdSO4"),
               _m("10325-94-7", "Cadmium nitrate", "Cd(NO3)2"), _m("2223-93-0", "Cadmium stearate", "Cd(C18H35O2)2"),
           ]}
# Measured as chromium: the Cr of a chromate or dichromate is hexavalent.
CHROMIUM_VI = {"code": "CrVI", "name": "Hexavalent chromium compounds", "name_zh": "六价铬 (Cr(VI))",
               "cas": "18540-29-9", "element": "Cr", "sources": _ELEMENT_SOURCES, "members": [
                   _m("18540-29-9", "Chromium(VI)", "Cr"), _m("1333-82-0", "Chromium trioxide", "CrO3"),
                   _m("7758-97-6", "Lead chromate", "PbCrO4"), _m("13530-65-9", "Zinc chromate", "ZnCrO4"),
                   _m("7789-06-2", "Strontium chromate", "SrCrO4"), _m("10294-40-3", "Barium chromate", "BaCrO4"),
                   _m("13765-19-0", "Calcium chromate", "CaCrO4"), _m("7789-00-6", "Potassium chromate", "K2CrO4"),
                   _m("7775-11-3", "Sodium chromate", "Na2CrO4"), _m("7778-50-9", "Potassium dichromate", "K2Cr2O7"),
                   _m("10588-01-9", "Sodium dichromate", "Na2Cr2O7"),
                   _m("7789-09-5", "Ammonium dichromate", "(NH4)2Cr2O7"),
               ]}
PBB = {"code": "PBB", "name": "Polybrominated biphenyls (PBB)", "name_zh": "多溴联苯 (PBB)", "cas": "59536-65-1",
       "element": None, "sources": _GROUP_SOURCES, "members": [
           _m("59536-65-1", "Polybrominated biphenyls"), _m("2052-07-5", "2-Bromobiphenyl"),
           _m("92-66-0", "4-Bromobiphenyl"), _m("92-86-4", "4,4'-Dibromobiphenyl"),
           _m("59080-34-1", "Tribromobiphenyl"), _m("40088-45-7", "Tetrabromobiphenyl"),
           _m("56307-79-0", "Pentabromobiphenyl"), _m("36355-01-8", "Hexabromobiphenyl"),
           _m("59080-40-9", "2,2',4,4',5,5'-Hexabromobiphenyl"), _m("35194-78-6", "Heptabromobiphenyl"),
           _m("27858-07-7", "Octabromobiphenyl"), _m("27753-52-2", "Nonabromobiphenyl"),
           _m("13654-09-6", "Decabromobiphenyl"),
       ]}
PBDE = {"code": "PBDE", "name": "Polybrominated diphenyl ethers (PBDE)", "name_zh": "多溴二苯醚 (PBDE)",
        "cas": "32534-81-9", "element": None, "sources": _GROUP_SOURCES, "members": [
            _m("32534-81-9", "Pentabromodiphenyl ether (commercial)"), _m("101-55-3", "4-Bromodiphenyl ether"),
            _m("2050-47-7", "4,4'-Dibromodiphenyl ether"), _m("40088-47-9", "Tetrabromodiphenyl ether"),
            _m("5436-43-1", "2,2',4,4'-Tetrabromodiphenyl ether (BDE-47)"),
            _m("60348-60-9", "2,2',4,4',5-Pentabromodiphenyl ether (BDE-99)"),
            _m("36483-60-0", "Hexabromodiphenyl ether"),
            _m("68631-49-2", "2,2',4,4',5,5'-Hexabromodiphenyl ether (BDE-153)"),
            _m("207122-15-4", "2,2',4,4',5,6'-Hexabromodiphenyl ether (BDE-154)"),
            _m("68928-80-3", "Heptabromodiphenyl ether"), _m("32536-52-0", "Octabromodiphenyl ether"),
            _m("63936-56-1", "Nonabromodiphenyl ether"), _m("1163-19-5", "Decabromodiphenyl ether (decaBDE)"),
        ]}


def _phthalate(code: str, cas: str, name: str, name_zh: str) -> dict[str, Any]:
    return {"code": code, "name": name, "name_zh": name_zh, "cas": cas, "element": None,
            "sources": _GROUP_SOURCES, "members": [_m(cas, name)]}


PHTHALATES = [
    _phthalate("DEHP", "117-81-7", "Bis(2-ethylhexyl) phthalate (DEHP)", "邻苯二甲酸二(2-乙基己基)酯 (DEHP)"),
    _phthalate("BBP", "85-68-7", "Butyl benzyl phthalate (BBP)", "邻苯二甲酸丁苄酯 (BBP)"),
    _phthalate("DBP", "84-74-2", "Dibutyl phthalate (DBP)", "邻苯二甲酸二丁酯 (DBP)"),
    _phthalate("DIBP", "84-69-5", "Diisobutyl phthalate (DIBP)", "邻苯二甲酸二异丁酯 (DIBP)"),
]

REFERENCE_GROUPS: tuple[dict[str, Any], ...] = (LEAD, MERCURY, CADMIUM, CHROMIUM_VI, PBB, PBDE, *PHTHALATES)
# The columns of the hazardous-substance table, in the standard's order.
TABLE_ORDER = tuple(group["code"] for group in REFERENCE_GROUPS)
