"""The hazardous-substance table (有害物质名称及含量表) of a product, as China RoHS marking asks for it.

Rows are parts (部件), columns the substances the version in force restricts (the four phthalates
only from Amendment No. 1 of GB/T 26572-2011). ○: within the limit in every homogeneous material of
the part; ×: over the limit in at least one, or not known to be within (a group not declared). The
table states content against the limit, so an exempted use is still × and is explained in the note.
"""
from __future__ import annotations

from datetime import date, datetime, time, timezone
from typing import Any, Iterable

from compliance.domain.catalogue import SubstanceCatalogue
from compliance.domain.evaluation import DATA_MISSING, NOT_DECLARED, WITHIN_LIMIT, Evaluator
from compliance.domain.product import Product
from compliance.domain.reference_catalogue import TABLE_ORDER
from compliance.domain.regulation import Regulation
from compliance.domain.rules import in_force

WITHIN, OVER = "○", "×"
CHINA = "CN"


def china_rohs_version(regulations: Iterable[Regulation], as_of: date) -> Regulation | None:
    """The China RoHS entry in force on `as_of` (the latest effective version of its family)."""
    found = [r for r in in_force(regulations, as_of) if r.jurisdiction == CHINA and r.limits]
    return max(found, key=lambda r: r.effective_date, default=None)


def hazardous_substance_table(product: Product, regulation: Regulation, catalogue: SubstanceCatalogue,
                              as_of: date) -> dict[str, Any]:
    """The table's content: columns, one row per part with ○/× per substance, notes, use period."""
    evaluator = Evaluator([regulation], [], as_of, catalogue=catalogue)
    facts = product.facts()._replace(markets=frozenset(), customer_ids=frozenset())
    compiled = evaluator.rules_for(frozenset(), frozenset())
    order = {code: position for position, code in enumerate(TABLE_ORDER)}
    groups = sorted(compiled.groups, key=lambda g: (order.get(g.key, len(order)), g.key))
    marks: dict[tuple[str, str], str] = {}  # (material, group) -> basis of a mark other than ○
    unknown_materials: set[str] = set()
    for reason in evaluator.evaluate(facts, _midnight(as_of)).reasons:
        if reason.material is None:
            continue
        if reason.group is None:
            if reason.verdict == DATA_MISSING:
                unknown_materials.add(reason.material)
        elif reason.verdict == NOT_DECLARED or reason.verdict == DATA_MISSING:
            marks.setdefault((reason.material, reason.group), "not_declared")
        elif reason.verdict != WITHIN_LIMIT:
            marks[(reason.material, reason.group)] = "over_limit"
    rows = []
    for part, materials in _parts(product).items():
        cells = []
        for group in groups:
            bases = {marks.get((m, group.key)) or ("not_declared" if m in unknown_materials else None)
                     for m in materials}
            basis = "over_limit" if "over_limit" in bases else "not_declared" if "not_declared" in bases else "within_limit"
            cells.append({"group": group.key, "mark": WITHIN if basis == "within_limit" else OVER, "basis": basis})
        rows.append({"part": part, "materials": materials, "cells": cells})
    return {"product": {"id": product.id, "code": product.code, "name": product.name}, "as_of": as_of,
            "regulation_code": regulation.code, "standard": regulation.document_version,
            "columns": [{"group": g.key, "label": _label(g, catalogue), "limit_ppm": g.lowest} for g in groups],
            "rows": rows, "notes": notes(regulation), "efup_years": product.efup_years}


def notes(regulation: Regulation) -> list[str]:
    """The note text under the table, naming the standard the table follows and the limits' standard."""
    mandatory = regulation.document_version.startswith("GB 26572")
    limits = "GB 26572" if mandatory else "GB/T 26572"
    return [
        f"本表格依据{'GB 26572' if mandatory else 'SJ/T 11364'}的规定编制。",
        f"○：表示该有害物质在该部件所有均质材料中的含量均在{limits}规定的限量要求以下。",
        f"×：表示该有害物质至少在该部件的某一均质材料中的含量超出{limits}规定的限量要求。",
    ]


def _parts(product: Product) -> dict[str, list[str]]:
    """Part name -> its materials' names, in the order they were declared; a material alone is its part."""
    parts: dict[str, list[str]] = {}
    for material in product.materials:
        parts.setdefault(material.part_name, []).append(material.name)
    return parts


def _label(group, catalogue: SubstanceCatalogue) -> str:
    known = catalogue.groups.get(group.key)
    return (known.name_zh or known.name) if known is not None else group.name


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=timezone.utc)
