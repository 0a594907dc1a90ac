"""CSV exports: formulas neutralised in every text cell, file names safe for a Latin-1 header."""
import csv
import io

import pytest
from flask import Flask

from qms_shared.web.csv_export import csv_response, csv_text, neutralised, safe_filename


@pytest.mark.parametrize("cell", ['=HYPERLINK("http://evil","x")', "+1+2", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_a_cell_a_spreadsheet_would_run_gets_a_leading_apostrophe(cell):
    assert neutralised(cell) == "'" + cell
    assert next(csv.reader(io.StringIO(csv_text([["name", cell]])))) == ["name", "'" + cell]


@pytest.mark.parametrize("value", ["Acme", "A=B", "", 12, -3, 1.5, None])
def test_other_cells_and_numbers_stay_as_they_are(value):
    assert neutralised(value) == value


def test_the_response_is_an_attachment_with_a_bom_and_an_ascii_file_name():
    with Flask(__name__).test_request_context():
        response = csv_response([["客户", "=1+1"]], "统计-2026.csv")
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="__-2026.csv"'
    assert response.get_data(as_text=True) == "\ufeff客户,'=1+1\r\n"
    assert safe_filename("") == "export"
