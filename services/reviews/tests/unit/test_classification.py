"""Regular or special, with reasons and the history it used; and the departments each type needs."""
from datetime import date
from decimal import Decimal

from reviews.domain.classification import CustomerFacts, classify
from reviews.domain.deliveries import Delivery
from reviews.domain.departments import required_departments
from reviews.domain.lines import build_lines

from reviews_builders import KNOWN_CUSTOMER, line, submit


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


# --- the history the facts come from -------------------------------------------------------------------
def _delivery(code="P-100", customer="C-1", on=date(2025, 3, 2), document="DN-8812", line_no=3):
    return Delivery(customer, "Acme", code, "A4", on, Decimal("10"), document, line_no)


def _accepted(number, customer="C-1", code="P-100"):
    contract = submit(lines=[line(product_code=code)])
    contract.number, contract.customer_id, contract.status = number, customer, "accepted"
    return contract


def test_an_imported_delivery_makes_the_customer_known_and_the_product_delivered():
    facts = CustomerFacts.of([], "C-1", ["P-100", "P-200"], deliveries=[_delivery()])
    assert (facts.new_customer, facts.delivered_products) == (False, {"P-100"})
    result = classify(build_lines([line()]), facts, None)
    assert (result.type, result.reasons) == ("regular", ())
    assert [h["text"] for h in result.history] == [
        "known customer: delivered on 2025-03-02 (import DN-8812 line 3)",
        "delivered before: P-100 on 2025-03-02 (import DN-8812 line 3)"]
    assert result.history[1] == {"code": "delivered_before", "product_code": "P-100", "source": "import",
                                 "document": "DN-8812", "line": 3, "delivered_on": "2025-03-02",
                                 "text": result.history[1]["text"]}


def test_a_product_delivered_to_another_customer_counts_but_the_customer_stays_new():
    facts = CustomerFacts.of([], "C-9", ["P-100"], deliveries=[_delivery()])
    result = classify(build_lines([line()]), facts, None)
    assert codes(result) == ["new_customer"]
    assert [h["code"] for h in result.history] == ["delivered_before"]


def test_a_customer_of_the_archive_is_known():
    facts = CustomerFacts.of([], "C-1", ["P-100"], known_customers=["C-1"])
    assert not facts.new_customer and facts.delivered_products == frozenset()
    result = classify(build_lines([line()]), facts, None)
    assert codes(result) == ["product_never_delivered"]
    assert [h["text"] for h in result.history] == [
        "known customer (the customer archive of the complaints service)"]


def test_the_latest_accepted_contract_comes_first_then_the_latest_delivery():
    deliveries = [_delivery(on=date(2025, 1, 5), document="DN-1"), _delivery(on=date(2025, 1, 5), document="DN-2"),
                  _delivery(on=date(2024, 12, 1), document="DN-9")]
    facts = CustomerFacts.of([], "C-1", ["P-100"], deliveries=deliveries, known_customers=["C-1"])
    assert (facts.customer_evidence.document, facts.product_evidence["P-100"].document) == ("DN-2", "DN-2")
    contracts = [_accepted("CT-2026-000002"), _accepted("CT-2026-000010")]
    facts = CustomerFacts.of(contracts, "C-1", ["P-100"], deliveries=deliveries)
    assert (facts.customer_evidence.document, facts.product_evidence["P-100"].document) == \
        ("CT-2026-000010", "CT-2026-000010")
    assert classify(build_lines([line()]), facts, None).history[1]["text"] == \
        "delivered before: P-100 (contract CT-2026-000010, accepted)"
    excluded = CustomerFacts.of(contracts, "C-1", ["P-100"], contracts[1].id)
    assert excluded.customer_evidence.document == "CT-2026-000002"  # the amended contract never counts


def test_a_new_product_line_names_no_history():
    facts = CustomerFacts.of([], "C-1", ["P-100"], deliveries=[_delivery()])
    assert [h["code"] for h in classify(build_lines([line(new_product=True)]), facts, None).history] == \
        ["known_customer"]
