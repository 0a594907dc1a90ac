"""orjson encodes responses and event payloads as the standard library (and Flask's own `default`) did."""
import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from flask import Flask
from flask.json.provider import DefaultJSONProvider

from qms_shared import envelope
from qms_shared.web.app import FastJSONProvider


@dataclass
class Point:
    x: int
    label: str


VALUES = {"text": "合同评审 \"quoted\" \\ \n\t\u0001", "int": 3, "float": 0.1, "none": None, "bool": True,
          "list": [1, "a", [2]], "uuid": uuid.UUID(int=7), "decimal": Decimal("2.50"),
          "when": datetime(2026, 11, 22, 8, 30, 15, 123456, tzinfo=timezone.utc), "day": date(2026, 11, 22),
          "point": Point(1, "p"), "nested": {"a": {"b": []}}, 5: "int key"}


def _providers():
    app = Flask(__name__)
    standard, fast = DefaultJSONProvider(app), FastJSONProvider(app)
    standard.sort_keys = fast.sort_keys = False
    return app, standard, fast


def test_the_fast_provider_gives_the_same_json_values_as_flasks_own():
    _app, standard, fast = _providers()
    assert json.loads(fast.dumps(VALUES)) == json.loads(standard.dumps(VALUES))
    assert "合同评审" in fast.dumps(VALUES)  # sent as UTF-8, not escaped
    huge = {**VALUES, "huge": 2 ** 70}  # beyond orjson's 64 bits: the standard library's turn
    assert json.loads(fast.dumps(huge)) == json.loads(standard.dumps(huge))


def test_the_fast_providers_responses_carry_the_same_body_and_type():
    app, standard, fast = _providers()
    with app.app_context():
        for values in (VALUES, {**VALUES, "huge": 2 ** 70}):
            ours, theirs = fast.response(values), standard.response(values)
            assert ours.mimetype == theirs.mimetype == "application/json"
            assert json.loads(ours.get_data()) == json.loads(theirs.get_data())


def test_sorted_or_pretty_output_is_left_to_the_standard_library():
    app, _standard, fast = _providers()
    fast.sort_keys = True
    assert fast.dumps({"b": 1, "a": 2}) == '{"a": 2, "b": 1}'
    fast.sort_keys, fast.compact = False, False
    with app.app_context():
        assert b'\n  "b": 1' in fast.response({"b": 1}).get_data()


def test_an_envelope_is_serialised_as_before():
    env = envelope.new_envelope(source="t", type="t.thing.done", subject=uuid.UUID(int=1),
                                data={"name": "张三", "amount": Decimal("1.20"), "at": VALUES["when"],
                                      "codes": ("A", "B"), "n": 2 ** 70})
    assert envelope.dumps(env) == json.dumps(env, ensure_ascii=False, separators=(",", ":"))
    del env["data"]["n"]
    assert envelope.dumps(env) == json.dumps(env, ensure_ascii=False, separators=(",", ":"))


def test_event_data_is_made_jsonable_as_the_python_walk_makes_it():
    beijing = timezone(timedelta(hours=8))
    data = {"text": VALUES["text"], "uuid": uuid.UUID(int=7), "decimal": Decimal("2.50"), "when": VALUES["when"],
            "beijing": datetime(2026, 1, 1, 8, 0, tzinfo=beijing), "naive": datetime(2026, 1, 1, 8, 0, 0, 5),
            "day": date(2026, 11, 22), "codes": ("A", "B"), "set": {"x"}, "float": 0.1, "none": None,
            "nested": {"a": [Decimal("1.0"), {"b": uuid.UUID(int=9)}, []]}}
    made = envelope.to_jsonable(data)
    assert made == envelope._walked(data)
    assert made["when"] == "2026-11-22T08:30:15.123456+00:00" and made["beijing"] == "2026-01-01T08:00:00+08:00"
    assert made["decimal"] == "2.50" and made["codes"] == ["A", "B"] and made["set"] == ["x"]
    # what orjson refuses is walked in Python, with the same result as before
    for odd in ({5: "int key", "d": Decimal("1")}, {"n": 2 ** 70, "at": date(2026, 1, 2)}, {"p": Point(1, "p")}):
        assert envelope.to_jsonable(odd) == envelope._walked(odd)
    assert envelope.to_jsonable({5: "int key"}) == {"5": "int key"}


def test_json_columns_are_written_by_orjson_and_by_json_only_where_orjson_refuses():
    from qms_shared.db import json_column_text, json_column_value
    assert json_column_text({"a": [1, "华"], 2: None}) == '{"a":[1,"华"],"2":null}'.encode()  # orjson's bytes
    assert json_column_text({"big": 2**70}) == '{"big": 1180591620717411303424}'  # json's text
    assert json_column_value(b'{"big": 1180591620717411303424}') == {"big": 2**70}
