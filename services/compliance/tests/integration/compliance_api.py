"""Request helpers for the compliance integration tests."""
from __future__ import annotations

from sqlalchemy import text

LEAD, CADMIUM, MERCURY, DEHP = "7439-92-1", "7440-43-9", "7439-97-6", "117-81-7"
EU_ROHS = {"code": "EU-TEST", "title": "Test RoHS", "jurisdiction": "EU", "effective_date": "2020-01-01",
           "limits": [{"cas": LEAD, "substance": "Lead", "max_ppm": 1000},
                      {"cas": CADMIUM, "substance": "Cadmium", "max_ppm": 100}]}

# An IPC-1752A declaration of product `code`, its contact's cadmium given as `cadmium` percent (on line 8)
XML = """<?xml version="1.0" encoding="UTF-8"?>
<MainDeclaration xmlns="http://webstds.ipc.org/175x/2.0" version="2.0">
  <BusinessInfo><Response responseDate="2026-01-20"/></BusinessInfo>
  <Product><ProductID itemNumber="{code}" itemName="Relay"/>
    <QueryList><Query name="EU RoHS 2011/65/EU as amended by (EU) 2015/863"><Response>Yes</Response></Query></QueryList>
    <HomogeneousMaterial name="contact">
      <Substance name="Cadmium"><SubstanceID identity="7440-43-9" authority="CAS"/>
        <Amount value="{cadmium}" UOM="%"/></Substance>
    </HomogeneousMaterial>
  </Product>
</MainDeclaration>"""

# A group a customer might add: nickel measured on the element, its oxide counted at its nickel share.
NICKEL_GROUP = {"code": "Ni", "name": "Nickel", "cas": "7440-02-0", "element": "Ni",
                "members": [{"cas": "7440-02-0", "name": "Nickel", "formula": "Ni"},
                            {"cas": "1313-99-1", "name": "Nickel(II) oxide", "formula": "NiO"}],
                "sources": ["customer specification"]}


def product_body(code="P-100", lead=800, unit="ppm", **extra):
    """A product with one solder material containing `lead`."""
    return {"code": code, "name": "Relay", "customer_ids": ["C-1"], "test_report_date": "2026-01-05",
            "materials": [{"name": "solder", "declared_compliant": True,
                           "substances": [{"cas": LEAD, "concentration": lead, "unit": unit}]}],
            **extra}


def create(client, auth, path, body, roles=("quality",), status=201):
    """POST and check the status; returns the JSON body."""
    response = client.post(f"/api/v1/{path}", json=body, headers=auth(*roles))
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()


def outbox_types(ctx) -> list[str]:
    """Event types written to the outbox, in order."""
    with ctx.db.engine.connect() as conn:
        return [row[0] for row in conn.execute(text("SELECT event_type FROM outbox ORDER BY id"))]


def clear_reference_data(ctx) -> None:
    """The migration enters EU and China RoHS; most tests start from an empty register."""
    with ctx.db.engine.begin() as conn:
        conn.execute(text("DELETE FROM regulations"))


def material(name, substances, part=None, declared=True, exemptions=()):
    """A homogeneous material with `substances` {cas: ppm}, in `part`."""
    return {"name": name, "part": part, "declared_compliant": declared, "exemptions": list(exemptions),
            "substances": [{"cas": cas, "concentration": ppm, "unit": "ppm"} for cas, ppm in substances.items()]}


def product(code, *materials, markets=("EU",), **extra):
    """A product body with `materials` (see `material`)."""
    return {"code": code, "name": f"Product {code}", "markets": list(markets),
            "supplier_declaration_date": "2025-12-01", "materials": list(materials), **extra}


def three_parts():
    """A product for China RoHS marking: a housing (DEHP over from 2026), a board (lead over), and a material
    named like a spreadsheet formula."""
    return product("TBL-1", material("ABS", {}, part="外壳"), material("PVC", {DEHP: 2000}, part="外壳"),
                   material("solder", {LEAD: 30000}, part="电路板"), material("=cmd|' /C calc'!A0", {LEAD: 10}),
                   markets=("CN",), efup_years=10)
