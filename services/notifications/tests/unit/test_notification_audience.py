"""Resolving a rule's audience against the directory and the event's fields."""
import uuid

from notifications.domain.audience import resolve_audience
from notifications.domain.rule import Audience


def names(people):
    return [p.name for p in people]


def directory(person):
    return [
        person("Zhang Quality", department="quality", department_head=True, roles=["quality"]),
        person("Wang Inspector", department="quality", roles=["quality"]),
        person("Chen Sales", department="sales", department_head=True, roles=["sales"]),
        person("Liu Seller", department="sales", roles=["sales"]),
        person("Zhao GM", department="general_manager", roles=["general_manager"]),
        person("Gone Person", department="quality", roles=["quality"], active=False),
    ]


def test_by_role(person):
    people = directory(person)
    assert names(resolve_audience(Audience(roles=("general_manager",)), {}, people)) == ["Zhao GM"]


def test_by_department_skips_inactive(person):
    people = directory(person)
    assert names(resolve_audience(Audience(departments=("quality",)), {}, people)) == [
        "Zhang Quality", "Wang Inspector"]


def test_by_named_recipient(person):
    people = directory(person)
    audience = Audience(recipient_ids=(people[3].id, uuid.uuid4()))
    assert names(resolve_audience(audience, {}, people)) == ["Liu Seller"]


def test_head_of_the_department_named_by_the_event(person):
    people = directory(person)
    audience = Audience(heads_of=("owner_department",))
    assert names(resolve_audience(audience, {"owner_department": "sales"}, people)) == ["Chen Sales"]
    assert names(resolve_audience(audience, {"owner_department": "quality"}, people)) == ["Zhang Quality"]
    assert resolve_audience(audience, {}, people) == []


def test_departments_listed_in_the_event(person):
    people = directory(person)
    audience = Audience(department_fields=("departments",))
    found = resolve_audience(audience, {"departments": ["sales", "purchasing"]}, people)
    assert names(found) == ["Chen Sales", "Liu Seller"]


def test_recipient_field_by_id_or_email_in_nested_data(person):
    people = directory(person)
    audience = Audience(recipient_fields=("contract.salesperson",))
    by_id = {"contract": {"salesperson": str(people[3].id)}}
    by_email = {"contract": {"salesperson": "ZHAO.GM@example.com"}}
    assert names(resolve_audience(audience, by_id, people)) == ["Liu Seller"]
    assert names(resolve_audience(audience, by_email, people)) == ["Zhao GM"]
    assert resolve_audience(audience, {"contract": {"salesperson": "someone else"}}, people) == []


def test_everyone_once_in_directory_order(person):
    people = directory(person)
    audience = Audience(roles=("quality", "general_manager"), departments=("quality",),
                        heads_of=("owner_department",), recipient_ids=(people[0].id,))
    found = resolve_audience(audience, {"owner_department": "quality"}, people)
    assert names(found) == ["Zhang Quality", "Wang Inspector", "Zhao GM"]
