"""The hazardous-substance table: parts x substances, ○/×, notes; and the year-end status definition."""
from datetime import date, datetime, timezone
from types import SimpleNamespace

from compliance.domain.china_rohs import china_rohs_version, hazardous_substance_table
from compliance.domain.product import Product, parse_materials
from compliance.domain.reference import reference_regulations
from compliance.domain.report import status_at
from compliance_builders import AT, LEAD
from rohs_builders import CATALOGUE, DEHP


def three_part_product() -> Product:
    """Housing (two materials, one with DEHP over 0.1 %), PCB (solder over the lead limit), screw (clean)."""
    raw = [
        {"name": "ABS", "part": "外壳", "declared_compliant": True, "substances": []},
        {"name": "PVC sleeve", "part": "外壳", "declared_compliant": True,
         "substances": [{"cas": DEHP, "concentration": 2000, "unit": "ppm"}]},
        {"name": "solder", "part": "电路板", "declared_compliant": True,
         "substances": [{"cas": LEAD, "concentration": 3, "unit": "percent"}]},
        {"name": "steel screw", "declared_compliant": True,
         "substances": [{"cas": LEAD, "concentration": 100, "unit": "ppm"}]},
    ]
    return Product.register(code="P-T", name="Relay", materials=parse_materials(raw), at=AT,
                            test_report_date=AT.date(), efup_years=10)


def marks(table) -> dict:
    codes = [column["group"] for column in table["columns"]]
    return {row["part"]: dict(zip(codes, [cell["mark"] for cell in row["cells"]])) for row in table["rows"]}


def test_the_table_marks_each_part_with_the_version_in_force():
    regulation = china_rohs_version(reference_regulations(AT), date(2026, 3, 1))
    table = hazardous_substance_table(three_part_product(), regulation, CATALOGUE, date(2026, 3, 1))
    assert [c["label"] for c in table["columns"]][:6] == ["铅 (Pb)", "汞 (Hg)", "镉 (Cd)", "六价铬 (Cr(VI))",
                                                          "多溴联苯 (PBB)", "多溴二苯醚 (PBDE)"]
    assert len(table["columns"]) == 10
    rows = marks(table)
    assert list(rows) == ["外壳", "电路板", "steel screw"]  # a material without a part is its own row
    assert rows["外壳"]["DEHP"] == "×" and rows["外壳"]["Pb"] == "○"
    assert rows["电路板"]["Pb"] == "×" and rows["电路板"]["DEHP"] == "○"
    assert set(rows["steel screw"].values()) == {"○"}
    assert table["efup_years"] == 10 and table["notes"][0] == "本表格依据SJ/T 11364的规定编制。"


def test_before_the_amendment_the_table_has_six_columns():
    regulation = china_rohs_version(reference_regulations(AT), date(2025, 12, 31))
    table = hazardous_substance_table(three_part_product(), regulation, CATALOGUE, date(2025, 12, 31))
    assert [c["group"] for c in table["columns"]] == ["Pb", "Hg", "Cd", "CrVI", "PBB", "PBDE"]
    assert marks(table)["外壳"] == {code: "○" for code in ("Pb", "Hg", "Cd", "CrVI", "PBB", "PBDE")}


def test_the_mandatory_standard_names_itself_in_the_note():
    regulation = china_rohs_version(reference_regulations(AT), date(2027, 8, 1))
    table = hazardous_substance_table(three_part_product(), regulation, CATALOGUE, date(2027, 8, 1))
    assert table["standard"] == "GB 26572-2025" and "GB 26572规定" in table["notes"][1]


def test_a_group_not_declared_cannot_be_marked_within():
    raw = [{"name": "paint", "substances": [{"cas": LEAD, "concentration": 10, "unit": "ppm"}]}]
    product = Product.register(code="P-U", name="X", materials=parse_materials(raw), at=AT, test_report_date=AT.date())
    regulation = china_rohs_version(reference_regulations(AT), date(2026, 3, 1))
    table = hazardous_substance_table(product, regulation, CATALOGUE, date(2026, 3, 1))
    cells = {cell["group"]: (cell["mark"], cell["basis"]) for cell in table["rows"][0]["cells"]}
    assert cells["Pb"] == ("○", "within_limit") and cells["Hg"] == ("×", "not_declared")


def test_the_status_at_year_end_is_the_last_result_up_to_then():
    def at(*args):
        return datetime(*args, tzinfo=timezone.utc)
    rows = [SimpleNamespace(product_id="a", status="compliant", evaluated_at=at(2025, 3, 1)),
            SimpleNamespace(product_id="a", status="non_compliant", evaluated_at=at(2025, 12, 31, 23)),
            SimpleNamespace(product_id="a", status="compliant", evaluated_at=at(2026, 1, 2)),
            SimpleNamespace(product_id="b", status="compliant", evaluated_at=at(2026, 2, 1))]
    found = status_at(rows, at(2025, 12, 31, 23, 59, 59, 999999))
    assert {k: v.status for k, v in found.items()} == {"a": "non_compliant"}
