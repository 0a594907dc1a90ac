"""Marshmallow messages become the `errors` of a 422 problem, named by path."""
from qms_shared.web.problems import flatten_messages


def test_nested_messages_are_named_by_dotted_path():
    messages = {"customer": {"name": ["Missing data for required field."]},
                "lines": {0: {"quantity": ["Must be greater than 0."]}},
                "colour": ["Unknown field."]}
    assert flatten_messages(messages) == {
        "customer.name": ["Missing data for required field."],
        "lines.0.quantity": ["Must be greater than 0."],
        "colour": ["Unknown field."],
    }


def test_schema_level_messages_keep_their_place():
    assert flatten_messages({"_schema": ["Invalid input type."]}) == {"_schema": ["Invalid input type."]}
    assert flatten_messages({"period": {"_schema": ["from after to"]}}) == {"period": ["from after to"]}
