"""The suite's import reading and report (qms_shared.imports), whatever a service imports."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from qms_shared import imports
from qms_shared.domain import ValidationFailed

COLUMNS, REQUIRED = ("id", "name", "note"), ("id", "name")


@dataclass(frozen=True)
class Row:
    id: str
    name: str

    @property
    def key(self):
        return self.id

    def differences(self, stored):
        return {"name": {"from": stored.name, "to": self.name}} if stored.name != self.name else {}


def read(raw):
    errors = {}
    name = imports.text_cell(raw.get("name"), 5, required=True, errors=errors.setdefault("name", []))
    errors = {k: v for k, v in {**errors, **imports.unknown_fields(raw, COLUMNS)}.items() if v}
    return (None, errors) if errors else (Row(raw["id"], name), {})


def test_csv_rows_are_numbered_by_their_file_line_and_a_bad_header_refuses_the_file():
    text = imports.decode("id,name\r\nA,Acme\r\n\r\nB,\"Be\nta\"\r\nC,Gamma\r\n".encode("gb18030"))
    assert imports.rows_from_csv(text, columns=COLUMNS, required=REQUIRED) == [
        (2, {"id": "A", "name": "Acme"}), (4, {"id": "B", "name": "Be\nta"}), (6, {"id": "C", "name": "Gamma"})]
    with pytest.raises(ValidationFailed) as refused:
        imports.rows_from_csv("id,colour\n", columns=COLUMNS, required=REQUIRED)
    assert refused.value.extra["errors"]["header"] == ["unknown column 'colour'", "missing column 'name'"]


def test_a_batch_refuses_bad_and_repeated_rows_and_the_plan_reports_by_key():
    rows = imports.rows_from_json({"rows": [{"id": "A", "name": "Acme"}, {"id": "B", "name": "Too long"},
                                            {"id": "A", "name": "Again"}, {"id": "C", "name": "Cee"}]})
    batch = imports.read_rows(rows, read, repeated=lambda row, first: {"id": [f"also in row {first}"]})
    assert batch.refused == {2: {"name": ["Longer than maximum length 5."]}, 3: {"id": ["also in row 1"]}}
    plan = imports.ImportPlan.of(batch, {"A": Row("A", "Acme"), "C": Row("C", "Old")})
    report = plan.report(batch, dry_run=False)
    assert (report["written"], report["unchanged"], report["changes"]) == (
        False, 1, [{"row": 4, "key": "C", "fields": {"name": {"from": "Old", "to": "Cee"}}}])
    error = imports.refusal(report)
    assert set(error.extra["errors"]) == {"rows.2.name", "rows.3.id"} and "rows 2, 3" in error.detail
