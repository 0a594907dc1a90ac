"""Which departments an amendment touches, and who may review for a department."""
import pytest

from reviews.domain.departments import departments_touched, may_review, re_review_departments

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
    assert may_review("quality", ["quality", "viewer"])
    assert not may_review("quality", ["production"])
    assert not may_review("quality", ["admin"])
    assert not may_review("warehouse", ["warehouse"])
    assert not may_review("sales", None)
