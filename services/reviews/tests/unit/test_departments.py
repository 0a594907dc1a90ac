"""Which departments an amendment touches, and who may review for a department."""
import pytest

from qms_shared.domain import Forbidden
from reviews.domain.departments import (acts_for, departments_of, departments_touched, re_review_departments,
                                        require_acting_for)

SPECIAL = ["sales", "production", "purchasing", "quality", "engineering", "finance", "general_manager"]
ALL_SPECIAL_DONE = set(SPECIAL)


@pytest.mark.parametrize("aspects, touched", [
    ({"quantity"}, {"sales", "production", "purchasing"}),
    ({"requested_delivery_date"}, {"sales", "production", "purchasing"}),
    ({"unit_price"}, {"sales", "finance"}),
    ({"currency"}, {"sales", "finance"}),
    ({"payment_terms"}, {"sales", "finance", "legal"}),
    ({"requirements"}, {"sales", "quality", "engineering", "legal"}),
    ({"product"}, {"sales", "production", "purchasing", "quality", "engineering"}),
    ({"line_added"}, {"sales", "production", "purchasing", "finance"}),
    ({"salesperson"}, {"sales"}),
    ({"quantity", "unit_price"}, {"sales", "production", "purchasing", "finance"}),
])
def test_each_change_touches_its_departments_and_sales(aspects, touched):
    assert departments_touched(aspects) == touched


def test_special_price_change_is_re_reviewed_by_sales_finance_and_the_general_manager():
    assert re_review_departments({"unit_price"}, SPECIAL, ALL_SPECIAL_DONE) == ["sales", "finance", "general_manager"]


def test_special_quantity_change_is_re_reviewed_by_sales_production_purchasing_and_gm():
    assert re_review_departments({"quantity"}, SPECIAL, ALL_SPECIAL_DONE) == \
        ["sales", "production", "purchasing", "general_manager"]


def test_legal_is_only_asked_again_where_it_is_a_required_reviewer():
    assert "legal" not in re_review_departments({"payment_terms"}, SPECIAL, ALL_SPECIAL_DONE)
    with_legal = SPECIAL[:-1] + ["legal", "general_manager"]
    assert re_review_departments({"payment_terms"}, with_legal, set(with_legal)) == \
        ["sales", "finance", "legal", "general_manager"]


def test_regular_price_change_is_confirmed_by_sales_alone():
    assert re_review_departments({"unit_price"}, ["sales", "production"], {"sales", "production"}) == ["sales"]


def test_departments_that_never_reviewed_are_asked_even_if_untouched():
    # e.g. a regular contract turned special: production already reviewed and the price does not touch it
    assert re_review_departments({"unit_price"}, SPECIAL, {"sales", "production"}) == \
        ["sales", "purchasing", "quality", "engineering", "finance", "general_manager"]


def test_only_the_departments_own_role_may_review():
    assert acts_for("quality", ["quality", "viewer"])
    assert not acts_for("quality", ["production"])
    assert not acts_for("quality", ["admin"])
    assert not acts_for("warehouse", ["warehouse"])
    assert not acts_for("sales", None)


def test_the_department_comes_from_the_token_claim_else_from_the_roles():
    assert departments_of(["sales", "production"]) == {"sales", "production"}
    assert departments_of(["sales", "production"], "production") == {"production"}
    assert departments_of(["quality"], " Engineering ") == {"engineering"}
    assert departments_of(["general_manager", "admin", "viewer"]) == set()  # roles that are no department
    assert departments_of(["sales"], "warehouse") == set()  # a department the reviews know nothing of


@pytest.mark.parametrize("department, roles, claim, allowed", [
    ("production", ["production"], None, True),
    ("production", ["production"], "production", True),
    ("quality", ["production"], "production", False),  # a department never records another's opinion
    ("sales", ["sales", "production"], "production", False),  # the claim narrows a user holding two roles
    ("production", ["sales", "production"], "production", True),
    ("production", ["sales"], "production", True),  # the claim names the department: a sales-role planner
    ("production", ["viewer"], "production", False),  # reading is no department's part
    ("production", ["admin"], "production", False),
    ("quality", ["admin"], None, False),  # admin configures, it does not review or approve
    ("general_manager", ["admin"], None, False),
    ("general_manager", ["admin"], "general_manager", False),
    ("general_manager", ["general_manager"], None, True),
    ("general_manager", ["general_manager"], "management", True),  # approving is the role's, whatever the office
    ("general_manager", ["admin", "general_manager"], None, True),  # unless admin also holds the role
    ("production", ["general_manager"], "production", False),  # no department role: the GM approves, nothing else
    ("sales", ["system"], None, False),
])
def test_who_acts_for_a_department(department, roles, claim, allowed):
    assert acts_for(department, roles, claim) is allowed


def test_acting_for_another_department_is_forbidden_and_names_it():
    with pytest.raises(Forbidden) as caught:
        require_acting_for("quality", ["quality"], "production", "waives a compliance hold")
    assert caught.value.extra == {"department": "quality"}
    assert "quality department waives" in caught.value.detail
    require_acting_for("quality", ["quality"], "quality", "waives a compliance hold")
