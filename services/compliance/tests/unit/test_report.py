"""The yearly compliance evaluation report's data."""
import uuid
from datetime import date, timedelta

from qms_shared.domain import Actor

from compliance.domain.nonconformance import Nonconformance
from compliance.domain.report import StatusAt, annual_report
from compliance_builders import AT, LEAD, product, regulation


def test_the_report_counts_statuses_reviews_and_open_nonconformances():
    products = [product(("s", {LEAD: 1}), status="compliant"), product(("s", {LEAD: 1}), status="non_compliant"),
                product(("s", {LEAD: 1}))]
    for index, prod in enumerate(products):
        prod.code = f"P-{3 - index}"
    reviewed = regulation([{"cas": LEAD, "max_ppm": 1000}], code="A", last_reviewed_on=date(2026, 2, 1))
    overdue = regulation([{"cas": LEAD, "max_ppm": 1000}], code="B", last_reviewed_on=date(2024, 12, 1))
    open_nc = Nonconformance.open(number="NC-2026-000002", product_id=uuid.uuid4(), product_code="P-2",
                                  description="x", owner_department="quality", at=AT, by="s")
    closed_nc = Nonconformance.open(number="NC-2026-000001", product_id=uuid.uuid4(), product_code="P-1",
                                    description="x", owner_department="quality", at=AT - timedelta(days=400), by="s")
    closed_nc.plan_action(corrective_action="fix", at=AT - timedelta(days=400), by=Actor(id="s", roles={"quality"}))
    closed_nc.close(note="ok", at=AT, by="s")

    statuses = {p.id: StatusAt(p.status, AT) for p in products if p.status}
    report = annual_report(2026, products=products, statuses=statuses, regulations=[reviewed, overdue],
                           nonconformances=[open_nc, closed_nc], records=[], as_of=AT.date())

    assert report["products"]["by_status"] == {"compliant": 1, "partially_compliant": 0, "non_compliant": 1,
                                               "not_evaluated": 1}
    assert [row["code"] for row in report["products"]["items"]] == ["P-1", "P-2", "P-3"]
    assert [r["code"] for r in report["regulations"]["reviewed_in_year"]] == ["A"]
    assert [(r["code"], r["review_due_on"]) for r in report["regulations"]["overdue_for_review"]] == [
        ("B", date(2025, 12, 1))]
    assert report["nonconformances"]["opened_in_year"] == 1 and report["nonconformances"]["closed_in_year"] == 1
    assert [row["number"] for row in report["nonconformances"]["open"]] == ["NC-2026-000002"]
