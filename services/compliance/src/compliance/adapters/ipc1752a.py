"""IPC-1752A material declarations (XML) read into the material dicts the domain validates.

Only the substance-level content is taken: product id, homogeneous materials, their substances by
CAS number with amount, and the exemptions claimed. The parser is hardened (defusedxml, no DTD at
all), so external entities and entity expansion ("billion laughs") are refused, not resolved.
Element names are matched without their namespace, so the 1.1 and 2.0 schema versions both read.
Every `Amount` value is bounded (a finite number from 0 to 1,000,000,000 with at most 12 decimal places):
anything else is a 422 naming the element and its line, never an overflow.

Parts (部件): a HomogeneousMaterial inside a Subproduct (or Part / Component) element belongs to that
part, named by its `name`, `itemName` or `itemNumber`; a `part` attribute on the material also names it.
The supplier's compliance statement: a `Query` whose `Response` is yes/true/compliant, or a
`DeclarationOfConformance` (ComplianceDeclaration) saying so, covers what a material does not list;
inside a HomogeneousMaterial it covers that material, elsewhere every material of the file.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from qms_shared.domain import ValidationFailed
from qms_shared.web.bounds import MAX_DATE, MIN_DATE

MAX_BYTES = 5 * 1024 * 1024
# Amounts given as a concentration map onto the domain's units; masses are divided by the material's.
CONCENTRATION_UNITS = {"ppm": "ppm", "mg/kg": "mg/kg", "%": "percent", "percent": "percent"}
PART_TAGS = ("Subproduct", "SubProduct", "Part", "Component")
STATEMENT_TAGS = ("DeclarationOfConformance", "ComplianceDeclaration")
AFFIRMATIVE = ("yes", "true", "compliant", "y", "1")
MASS_IN_MG = {"mg": Decimal(1), "g": Decimal(1000), "kg": Decimal(1_000_000), "ug": Decimal("0.001"),
              "µg": Decimal("0.001")}
MAX_AMOUNT = Decimal(1_000_000_000)
AMOUNT_PLACES = 12


class _LineNumbers(TreeBuilder):
    """Builds the tree and remembers the line each element starts on, so a message can point at it."""

    def __init__(self):
        super().__init__()
        self.lines: dict[Element, int] = {}
        self.expat = None

    def start(self, tag, attrs):
        element = super().start(tag, attrs)
        self.lines[element] = self.expat.CurrentLineNumber
        return element


@dataclass
class ParsedDeclaration:
    """What an IPC-1752A file declares, in plain data."""

    product_code: str | None
    product_name: str | None
    declaration_date: date | None
    materials: list[dict[str, Any]] = field(default_factory=list)


def parse_ipc1752a(data: bytes | str) -> ParsedDeclaration:
    """Parse a declaration; any malformed, hostile or empty document is a 422 with the reason."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_BYTES:
        _fail(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    root, lines = _parse(data)
    if _local(root.tag) != "MainDeclaration":
        _fail("not an IPC-1752A declaration: the root element must be MainDeclaration")
    product = _first(root, "ProductID")
    found = list(_materials_with_parts(root, None))
    materials = [_material(element, index, part, lines) for index, (element, part) in enumerate(found)]
    if _states_compliance(root, skip_materials=True):
        for material in materials:
            material["declared_compliant"] = True
    if not materials:
        _fail("the declaration lists no homogeneous material")
    return ParsedDeclaration(
        product_code=product.get("itemNumber") if product is not None else None,
        product_name=product.get("itemName") if product is not None else None,
        declaration_date=_declaration_date(root),
        materials=materials)


def _parse(data: bytes) -> tuple[Element, dict[Element, int]]:
    """The document's root, and the line of every element; no DTD, no entity, nothing external."""
    builder = _LineNumbers()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    builder.expat = parser.parser
    try:
        parser.feed(data)
        return parser.close(), builder.lines
    except DefusedXmlException as error:
        _fail(f"refused: the document declares a DTD or entities ({type(error).__name__})")
    except ParseError as error:
        _fail(f"not well-formed XML: {error}")


def _materials_with_parts(element: Element, part: str | None):
    """Every HomogeneousMaterial under `element` with the part it sits in (None: no part)."""
    for child in element:
        tag = _local(child.tag)
        if tag == "HomogeneousMaterial":
            yield child, child.get("part") or part
        else:
            named = child.get("name") or child.get("itemName") or child.get("itemNumber")
            yield from _materials_with_parts(child, named if tag in PART_TAGS and named else part)


def _states_compliance(element: Element, skip_materials: bool = False) -> bool:
    """True when a compliance statement under `element` answers yes (not looking into materials if told)."""
    for child in element:
        tag = _local(child.tag)
        if skip_materials and tag == "HomogeneousMaterial":
            continue
        if tag == "Query" and any(_affirmative(r) for r in child if _local(r.tag) == "Response"):
            return True
        if tag in STATEMENT_TAGS and _affirmative(child):
            return True
        if _states_compliance(child, skip_materials):
            return True
    return False


def _affirmative(element: Element) -> bool:
    values = [element.text or "", *(element.get(a) or "" for a in ("value", "response", "compliant", "compliance"))]
    return any(value.strip().lower() in AFFIRMATIVE for value in values)


def _material(element: Element, index: int, part: str | None, lines: dict[Element, int]) -> dict[str, Any]:
    """One HomogeneousMaterial: its substances (with ppm worked out from masses if needed), part, statement."""
    name = element.get("name") or f"material {index + 1}"
    mass = _amount(_child(element, "Amount"), f"{name}: material amount", lines)
    substances = [_substance(s, name, mass, lines) for s in _all(element, "Substance")]
    exemptions = [e.get("identity") or e.get("name") or e.get("code") or "" for e in _all(element, "Exemption")]
    return {"name": name, "substances": substances, "exemptions": [code for code in exemptions if code],
            "part": part, "declared_compliant": _states_compliance(element)}


def _substance(element: Element, material: str, material_mass: tuple[Decimal, str] | None,
               lines: dict[Element, int]) -> dict[str, Any]:
    """A substance's CAS number and concentration; no amount given means 'not stated'."""
    cas = next((i.get("identity") for i in _all(element, "SubstanceID")
                if (i.get("authority") or "CAS").upper() == "CAS"), None) or element.get("CAS")
    amount = _amount(_child(element, "Amount"), f"{material}: amount of {cas}", lines)
    entry: dict[str, Any] = {"cas": cas, "name": element.get("name") or "", "concentration": None, "unit": None}
    if amount is None:
        return entry
    value, unit = amount
    if unit.lower() in CONCENTRATION_UNITS:
        entry.update(concentration=value, unit=CONCENTRATION_UNITS[unit.lower()])
    elif unit in MASS_IN_MG:
        if material_mass is None or material_mass[1] not in MASS_IN_MG or material_mass[0] <= 0:
            _fail(f"{material}: a substance mass needs the material's mass to give a concentration")
        ratio = (value * MASS_IN_MG[unit]) / (material_mass[0] * MASS_IN_MG[material_mass[1]])
        entry.update(concentration=ratio * 1_000_000, unit="ppm")
    else:
        entry["unit"] = unit  # the domain refuses the unknown unit with the field's path
        entry["concentration"] = value
    return entry


def _amount(element: Element | None, label: str, lines: dict[Element, int]) -> tuple[Decimal, str] | None:
    """An Amount's value and unit; a value that is not a bounded number is a 422 naming the element's line."""
    if element is None or element.get("value") is None:
        return None
    raw = element.get("value")
    try:
        value = Decimal(raw.strip()) if len(raw) <= 100 else Decimal("NaN")
    except InvalidOperation:
        value = Decimal("NaN")
    where = f"line {lines.get(element, '?')}, <Amount value={raw[:40]!r}> ({label})"
    if not value.is_finite():
        _fail(f"{where}: not a finite number")
    if not 0 <= value <= MAX_AMOUNT:
        _fail(f"{where}: must lie between 0 and {MAX_AMOUNT:,}")
    if value and value.normalize().as_tuple().exponent < -AMOUNT_PLACES:
        _fail(f"{where}: at most {AMOUNT_PLACES} decimal places")
    return value, (element.get("UOM") or element.get("unitOfMeasure") or "").strip()


def _declaration_date(root: Element) -> date | None:
    """The supplier's response date, when the file carries one."""
    for element in root.iter():
        raw = element.get("responseDate")
        if raw:
            try:
                found = date.fromisoformat(raw[:10])
            except ValueError:
                found = None
            if found is None or not MIN_DATE <= found <= MAX_DATE:
                _fail(f"responseDate is not a date between {MIN_DATE} and {MAX_DATE}: {raw[:40]!r}")
            return found
    return None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _all(element: Element, name: str) -> list[Element]:
    return [e for e in element.iter() if _local(e.tag) == name]


def _first(element: Element, name: str) -> Element | None:
    return next(iter(_all(element, name)), None)


def _child(element: Element, name: str) -> Element | None:
    return next((c for c in element if _local(c.tag) == name), None)


def _fail(message: str):
    raise ValidationFailed("the IPC-1752A declaration cannot be imported", errors={"file": [message]})
