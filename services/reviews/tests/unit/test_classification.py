"""Regular or special, with reasons; and the departments each type needs."""
from reviews.domain.classification import CustomerFacts, classify
from reviews.domain.departments import required_departments
from reviews.domain.lines import build_lines

from reviews_builders import KNOWN_CUSTOMER, line


def codes(result):
    return [r["code"] for r in result.reasons]


def test_delivered_product_known_customer_no_requirements_is_regular():
    result = classify(build_lines([line()]), KNOWN_CUSTOMER, None)
    assert (result.type, result.reasons) == ("regular", ())


def test_blank_requirements_do_not_make_it_special():
    assert classify(build_lines([line()]), KNOWN_CUSTOMER, "   ").type == "regular"


def test_line_flagged_new_product_is_special_naming_the_product():
    result = classify(build_lines([line(new_product=True)]), KNOWN_CUSTOMER, None)
    assert result.type == "special"
    assert result.reasons == ({"code": "new_product", "product_code": "P-100"},)


def test_product_never_delivered_before_is_special_even_if_not_flagged():
    result = classify(build_lines([line(), line(product_code="P-999")]), KNOWN_CUSTOMER, None)
    assert result.type == "special"
    assert result.reasons == ({"code": "product_never_delivered", "product_code": "P-999"},)


def test_modified_product_is_special():
    result = classify(build_lines([line(modified=True)]), KNOWN_CUSTOMER, None)
    assert codes(result) == ["modified_product"]


def test_first_order_of_new_customer_is_special():
    facts = CustomerFacts(new_customer=True, delivered_products=frozenset({"P-100"}))
    assert codes(classify(build_lines([line()]), facts, None)) == ["new_customer"]


def test_stated_requirements_make_it_special():
    assert codes(classify(build_lines([line()]), KNOWN_CUSTOMER, "Pantone 286C print")) == ["customer_requirements"]


def test_requirements_known_from_compliance_make_it_special():
    assert codes(classify(build_lines([line()]), KNOWN_CUSTOMER, None, known_requirement_count=1)) == \
        ["customer_requirements"]


def test_all_reasons_are_listed_together():
    facts = CustomerFacts(new_customer=True)
    result = classify(build_lines([line(new_product=True, modified=True)]), facts, "RoHS")
    assert codes(result) == ["new_product", "modified_product", "new_customer", "customer_requirements"]


def test_regular_is_reviewed_by_sales_and_production():
    assert required_departments("regular") == ["sales", "production"]
    assert required_departments("regular", legal_review=True) == ["sales", "production"]


def test_special_is_reviewed_by_six_departments_then_the_general_manager():
    assert required_departments("special") == [
        "sales", "production", "purchasing", "quality", "engineering", "finance", "general_manager"]


def test_legal_reviews_special_contracts_where_configured_before_the_general_manager():
    assert required_departments("special", legal_review=True)[-2:] == ["legal", "general_manager"]
