"""The change flow (5.1.5): a revised regulation re-evaluates products and reports what moved."""
from datetime import date

from compliance.domain.evaluation import Evaluator
from compliance.domain.reevaluation import describe_failures, reevaluate
from compliance_builders import AT, CADMIUM, LEAD, TODAY, eu_rohs, product, requirement


def test_tightening_a_limit_reports_only_the_products_it_breaks():
    reg = eu_rohs()
    products = [product(("solder", {LEAD: 800}), status="compliant"),
                product(("solder", {LEAD: 200}), status="compliant"),
                product(("solder", {LEAD: 1500}), status="non_compliant")]
    assert reevaluate([p.facts() for p in products], Evaluator([reg], [], TODAY), at=AT, trigger="t").changes == []

    reg.revise({"limits": [{"cas": LEAD, "substance": "Lead", "max_ppm": 500}]}, AT)
    report = reevaluate([p.facts() for p in products], Evaluator([reg], [], TODAY), at=AT,
                        trigger="regulation:EU-ROHS")
    assert report.evaluated == 3
    [change] = report.changes
    assert (change.product_id, change.previous, change.status) == (products[0].id, "compliant", "non_compliant")
    assert change.evaluation.trigger == "regulation:EU-ROHS"
    assert [(r.value_ppm, r.limit_ppm) for r in change.evaluation.reasons] == [(800.0, 500.0)]


def test_a_never_evaluated_product_always_counts_as_changed():
    fresh = product(("s", {LEAD: 1}))
    report = reevaluate([fresh.facts()], Evaluator([eu_rohs()], [], TODAY), at=AT, trigger="t")
    assert [(c.previous, c.status) for c in report.changes] == [(None, "compliant")]


def test_an_exemption_expiring_moves_products_without_any_edit():
    reg = eu_rohs(exemptions=[{"code": "6(c)", "cas": LEAD, "expires_on": date(2026, 6, 30)}])
    brass = product(("brass", {LEAD: 30000}, ["6(c)"]), status="partially_compliant")
    after_expiry = Evaluator([reg], [], date(2026, 7, 1))
    [change] = reevaluate([brass.facts()], after_expiry, at=AT, trigger="exemption-expiry").changes
    assert change.status == "non_compliant"


def test_a_new_customer_requirement_only_moves_that_customers_products():
    csr = requirement("C-1", [{"cas": CADMIUM, "max_ppm": 20}])
    ours = product(("s", {CADMIUM: 50}), customer_ids=["C-1"], status="compliant")
    theirs = product(("s", {CADMIUM: 50}), customer_ids=["C-2"], status="compliant")
    report = reevaluate([ours.facts(), theirs.facts()], Evaluator([eu_rohs()], [csr], TODAY), at=AT, trigger="t")
    assert [c.product_id for c in report.changes] == [ours.id]


def test_describe_failures_names_each_exceeded_limit():
    reg = eu_rohs(exemptions=[{"code": "6(c)", "cas": LEAD, "expires_on": date(2026, 1, 1)}])
    evaluation = Evaluator([reg], [], TODAY).evaluate(
        product(("brass", {LEAD: 30000}, ["6(c)"]), ("paint", {CADMIUM: 120, "7439-97-6": 3})).facts(), AT)
    assert describe_failures(evaluation).splitlines() == [
        "brass: Lead (Pb) [7439-92-1] 30000 ppm > 1000 ppm (EU-ROHS) (exemption 6(c) expired 2026-01-01)",
        "paint: Cadmium (Cd) [7440-43-9] 120 ppm > 100 ppm (EU-ROHS)"]


def test_the_garbage_collector_is_left_as_it_was_found():
    import gc
    products = [product(("s", {LEAD: 1})).facts()]
    reevaluate(products, Evaluator([eu_rohs()], [], TODAY), at=AT, trigger="t")
    assert gc.isenabled()
    gc.disable()
    try:
        reevaluate(products, Evaluator([eu_rohs()], [], TODAY), at=AT, trigger="t")
        assert not gc.isenabled()
    finally:
        gc.enable()
