"""The customer archive's rules: registration, completion, grades, purchases, visits and who sees contacts."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal as D

import pytest

from complaints.domain import customer_events as ev
from complaints.domain.customer import Customer, sees_contacts
from complaints.domain.customer_visits import VisitRules, add_months, next_visit
from qms_shared.domain import Forbidden, ValidationFailed
from qms_shared.workdays import WorkCalendar

CST = timezone(timedelta(hours=8))
AT = datetime(2026, 3, 2, 9, 0, tzinfo=CST)  # a Monday
RULES = VisitRules(calendar=WorkCalendar())


def acme(**fields) -> Customer:
    return Customer.register(id="C-001", name="Acme Paper", by="wang", at=AT, rules=RULES, **fields)


def test_a_customer_registers_with_its_contacts_and_is_announced_without_them():
    customer = acme(grade="B", address="1 Harbour Rd", contacts=[{"name": "Li Na", "email": "li@acme.cn"}],
                    account_manager="wang", deputy="zhao")
    assert (customer.grade, customer.to_complete, customer.missing) == ("B", False, ["phone"])
    [event] = customer.pull_events()
    assert isinstance(event, ev.CustomerRegistered) and (event.grade, event.source) == ("B", "archive")
    assert [g.reason for g in customer.grade_history] == ["registered"]


def test_bad_fields_are_named_all_at_once():
    with pytest.raises(ValidationFailed) as refused:
        Customer.register(id=" ", name="", by="w", at=AT, grade="E", contacts=[{"email": "nope"}])
    assert set(refused.value.extra["errors"]) >= {"id", "name", "grade", "contacts.0.name", "contacts.0.email"}


def test_a_customer_named_elsewhere_is_to_be_completed_and_a_write_through_the_archive_completes_it():
    customer = Customer.named_elsewhere(id="C-9", name=None, source="survey", by="w", at=AT)
    assert (customer.name, customer.to_complete, customer.source) == ("C-9", True, "survey")
    customer.pull_events()
    assert customer.update({"name": "Nine Ltd", "phone": "0591-1"}, by="wang", at=AT) == ["name", "phone",
                                                                                           "to_complete"]
    [event] = customer.pull_events()
    assert (event.fields, event.to_complete, customer.version) == (["name", "phone", "to_complete"], False, 2)
    assert customer.update({"name": "Nine Ltd"}, by="wang", at=AT) == [] and customer.version == 2


def test_the_grade_is_for_sales_or_management_with_a_reason_and_keeps_its_history():
    customer = acme(grade="C")
    with pytest.raises(Forbidden):
        customer.change_grade(grade="A", reason="bigger", by="x", at=AT, roles={"quality"}, department="quality")
    with pytest.raises(ValidationFailed):
        customer.change_grade(grade="A", reason=None, by="x", at=AT, roles={"sales"}, department="sales")
    assert customer.change_grade(grade="A", reason="sales doubled", by="x", at=AT, roles={"sales"},
                                 department="sales")
    assert not customer.change_grade(grade="A", reason="again", by="x", at=AT, roles={"general_manager"})
    assert [(g.previous_grade, g.grade) for g in customer.grade_history] == [(None, "C"), ("C", "A")]


def test_purchases_are_one_row_a_year_corrected_in_place():
    customer = acme()
    customer.record_purchases(year=2025, quantity=D("180"), unit="t", revenue=D("900000"), by="w", at=AT)
    customer.record_purchases(year=2025, quantity=D("210"), unit="t", revenue=D("950000"), by="w", at=AT)
    assert [(p.year, p.quantity) for p in customer.purchases] == [(2025, D("210"))]
    with pytest.raises(ValidationFailed):
        customer.record_purchases(year=1999, quantity=D("-1"), unit="", revenue=D("1"), by="w", at=AT)


def test_visits_are_monthly_in_the_first_year_of_a_delivery_and_quarterly_after():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    first = date(2025, 6, 15)
    assert next_visit(first, None, RULES) == date(2025, 7, 15)
    assert next_visit(first, date(2026, 5, 20), RULES) == date(2026, 6, 20)  # still within the first year
    assert next_visit(first, date(2026, 6, 15), RULES) == date(2026, 9, 15)  # a year on: quarterly
    assert next_visit(None, None, RULES) is None
    customer = acme(first_delivered_on=date(2026, 2, 1))
    assert customer.next_visit_due_on == date(2026, 3, 1)
    customer.record_visit(visited_on=date(2026, 3, 2), channel="phone", visited_by=None, by="wang", at=AT,
                          rules=RULES)
    assert (customer.next_visit_due_on, customer.visits[0].due_on) == (date(2026, 4, 2), date(2026, 3, 1))
    with pytest.raises(ValidationFailed):
        customer.record_visit(visited_on=date(2026, 3, 9), channel="fax", visited_by=None, by="w", at=AT, rules=RULES)


def test_a_late_visit_goes_to_sales_head_then_to_the_general_manager_each_once():
    customer = acme(first_delivered_on=date(2026, 1, 5))  # due 2026-02-05
    customer.pull_events()
    assert customer.detect_visit_overdue(datetime(2026, 2, 5, 20, 0, tzinfo=CST), RULES) == 0
    assert customer.detect_visit_overdue(datetime(2026, 2, 6, 9, 0, tzinfo=CST), RULES) == 1
    assert customer.detect_visit_overdue(datetime(2026, 2, 9, 9, 0, tzinfo=CST), RULES) == 0  # reported already
    # five working days after the due date (Spring Festival 2026 starts on 15 February)
    assert customer.detect_visit_overdue(datetime(2026, 2, 12, 9, 0, tzinfo=CST), RULES) == 2
    levels = [(e.escalation, e.escalation_department) for e in customer.pull_events()]
    assert levels == [("department_head", "sales"), ("general_manager", "sales")]
    customer.record_visit(visited_on=date(2026, 2, 12), channel="visit", visited_by="wang", by="wang",
                          at=datetime(2026, 2, 12, 10, 0, tzinfo=CST), rules=RULES)
    assert (customer.visit_escalation_level, customer.next_visit_due_on) == (0, date(2026, 3, 12))


def test_contact_data_is_for_sales_quality_management_and_systems():
    for roles in ({"sales"}, {"quality"}, {"general_manager"}, {"management_rep"}, {"system"}, {"viewer", "sales"}):
        assert sees_contacts(roles)
    for roles in ({"viewer"}, {"production"}, {"admin"}, {"finance"}, set()):
        assert not sees_contacts(roles)
