"""The JSON forms of the value objects round-trip exactly (no database needed)."""
import json
from datetime import date, datetime, timezone
from decimal import Decimal

from compliance.adapters.json_types import (ExemptionsJson, HistoryJson, LimitsJson, MaterialsJson, ReasonsJson,
                                            material_facts)
from compliance.domain.evaluation import Reason
from compliance.domain.history import HistoryEntry
from compliance.domain.limits import Exemption, SubstanceLimit
from compliance.domain.product import parse_materials
from compliance_builders import CADMIUM, LEAD


def round_trip(column, value):
    stored = json.loads(json.dumps(column.process_bind_param(value, None)))  # what the database keeps
    return stored, column.process_result_value(stored, None)


def test_materials_keep_exact_concentrations_and_give_facts_without_objects():
    materials = parse_materials([{"name": "solder", "exemptions": ["7(a)"], "substances": [
        {"cas": LEAD, "concentration": "0.0850", "unit": "percent"}, {"cas": CADMIUM}]}])
    stored, loaded = round_trip(MaterialsJson(), materials)
    assert loaded == materials and loaded[0].substances[0].concentration == Decimal("0.0850")
    [facts] = material_facts(stored)
    assert facts.substances == ((LEAD, 850.0), (CADMIUM, None)) and facts.exemptions == frozenset({"7(a)"})


def test_reasons_with_and_without_exemption_dates():
    reasons = [Reason("within_limit", LEAD, "solder", 10.0, 1000.0, "EU-ROHS", "Lead"),
               Reason("exemption_expiring", LEAD, "brass", 30000.0, 1000.0, "EU-ROHS", "Lead", "6(c)", date(2026, 7, 21))]
    assert round_trip(ReasonsJson(), reasons)[1] == reasons
    assert round_trip(ReasonsJson(), reasons[:1])[1] == reasons[:1]


def test_limits_exemptions_and_history():
    limits = [SubstanceLimit(LEAD, "Lead", 1000.0)]
    exemptions = [Exemption("6(c)", "copper alloy", LEAD, date(2027, 1, 1), 40000.0), Exemption("x", "", LEAD)]
    history = [HistoryEntry(datetime(2026, 3, 10, 9, tzinfo=timezone.utc), "qe", None, "open", "opened")]
    assert round_trip(LimitsJson(), limits)[1] == limits
    assert round_trip(ExemptionsJson(), exemptions)[1] == exemptions
    assert round_trip(HistoryJson(), history)[1] == history
