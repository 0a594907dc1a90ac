"""The reports' rules without I/O: the 8D report's disciplines, team and deadlines; Pareto, trend, dissatisfied
items; the compliance news handlers and how they join the consumer's handler table."""
from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal

from complaints_builders import analyse, at, complaint_in, contain, plan, receive, verify, implement

from complaints.domain.compliance_status import overdue
from complaints.domain.eight_d import deadline_state, eight_d_report
from complaints.domain.management_review import dissatisfied_items, pareto, trend
from complaints.domain.satisfaction import item_results
from complaints.service_layer.compliance_status_handlers import with_compliance_status


def test_a_closed_complaint_fills_every_discipline_with_who_and_when():
    report = eight_d_report(complaint_in("closed"), as_of=at(2026, 4, 1))
    assert [d.code for d in report.disciplines.values()] == [f"D{n}" for n in range(9)]
    assert all(d.done for d in report.disciplines.values())
    assert report.disciplines["root_cause"].by == "wang.quality"
    assert report.disciplines["closure"].by == "qian.quality"
    assert report.disciplines["closure"].at == at(2026, 3, 20)
    assert [(m.name, m.steps) for m in report.team] == [
        ("li.sales", ("receipt",)), ("wang.quality", ("containment", "analysis", "action-plan", "implementation")),
        ("qian.quality", ("verification",)), ("zhao.head", ("approval",))]
    # contained 3 March (due 4 March 09:00), planned 9 March (due 16 March): both on time
    assert [(d.deadline, d.state) for d in report.deadlines] == [("containment", "on_time"),
                                                               ("corrective_action", "on_time")]


def test_an_open_complaint_says_what_is_late_overdue_and_still_to_come():
    complaint = contain(receive(), when=at(2026, 3, 5))  # two working days ran out on 4 March
    report = eight_d_report(complaint, as_of=at(2026, 3, 20))
    assert [(d.deadline, d.state) for d in report.deadlines] == [("containment", "late"),
                                                               ("corrective_action", "overdue")]
    assert not report.disciplines["root_cause"].done and not report.disciplines["closure"].done
    assert deadline_state(at(2026, 3, 16), None, at(2026, 3, 10)) == "pending"


def test_a_reopening_is_listed_and_the_last_analysis_counts():
    complaint = implement(plan(analyse(contain(receive()))))
    verify(complaint, effective=False, when=at(2026, 3, 20))
    complaint.analyse(root_cause="Glue line too thin.", cause_category="method", responsibility="company",
                      responsible_department="production", by="sun.production", at=at(2026, 3, 23))
    report = eight_d_report(complaint, as_of=at(2026, 3, 24))
    assert [e.details["note"] for e in report.reopenings] == ["Cracks again in lot B2604."]
    assert report.disciplines["root_cause"].by == "sun.production"
    assert not report.disciplines["closure"].done


def test_pareto_orders_largest_first_with_running_shares():
    rows = pareto({"quality": 6, "delivery": 3, "price": 0, "service": 1})
    assert [(r.key, r.count, r.share, r.cumulative) for r in rows] == [
        ("quality", 6, Decimal("60.0"), Decimal("60.0")), ("delivery", 3, Decimal("30.0"), Decimal("90.0")),
        ("service", 1, Decimal("10.0"), Decimal("100.0")), ("price", 0, Decimal("0.0"), Decimal("100.0"))]
    assert pareto({"quality": 0})[0].share is None


def test_trend_fits_a_line_and_says_where_it_goes():
    rising = trend([1, 2, 3, 4, 5, 6])
    assert rising.slope == Decimal("1.00") and rising.direction == "rising"
    assert rising.fitted[0] == Decimal("1.00") and rising.fitted[-1] == Decimal("6.00")
    assert rising.moving_average[:3] == [None, None, Decimal("2.00")]
    assert trend([5, 5, 5, 5]).direction == "flat" and trend([9, 6, 3]).direction == "falling"
    assert trend([]).direction == "flat" and trend([4]).slope == 0


def test_the_most_dissatisfied_items_come_first_across_years():
    items = ["delivery", "quality", "service"]
    year1 = item_results(items, [("delivery", "dissatisfied"), ("quality", "satisfied"), ("service", "very_satisfied")])
    year2 = item_results(items, [("delivery", "very_dissatisfied"), ("quality", "dissatisfied")])
    rows = dissatisfied_items(year1 + year2)
    assert [(r.item, r.answers, r.dissatisfied, r.share, r.average) for r in rows] == [
        ("delivery", 2, 2, Decimal("100.0"), Decimal("5.00")), ("quality", 2, 1, Decimal("50.0"), Decimal("14.00")),
        ("service", 1, 0, Decimal("0.0"), Decimal("20.00"))]


class _Notes:
    def __init__(self):
        self.products, self.nonconformances = [], []

    def note_product(self, note, *, noted_at):
        self.products.append((note, noted_at))

    def note_nonconformance(self, note):
        self.nonconformances.append(note)


class _Uow:
    def __init__(self):
        self.compliance_status = _Notes()


def _env(event_type: str, data: dict) -> dict:
    return {"id": str(uuid.uuid4()), "type": event_type, "subject": "p-1", "source": "compliance",
            "occurred_at": "2026-03-01T10:00:00+08:00", "data": data}


def test_compliance_news_joins_the_handlers_the_service_already_has():
    seen = []
    handlers = with_compliance_status({"compliance.nonconformance.opened": lambda env, uow: seen.append(env["type"])})
    assert list(handlers) == ["compliance.nonconformance.opened", "compliance.product.status_changed",
                              "compliance.nonconformance.*"]
    uow = _Uow()
    nc = {"number": "NC-2026-000001", "product_code": "BOX-7", "owner_department": "quality", "status": "open",
          "description": "Pb over the limit", "action_due_on": "2026-03-10"}
    handlers["compliance.nonconformance.opened"](_env("compliance.nonconformance.opened", nc), uow)
    assert seen == ["compliance.nonconformance.opened"]  # the complaint link still runs, then the read model
    assert uow.compliance_status.nonconformances[0].action_due_on.isoformat() == "2026-03-10"
    handlers["compliance.nonconformance.*"](_env("compliance.nonconformance.opened", {"number": "NC-1"}), uow)
    assert len(uow.compliance_status.nonconformances) == 1  # nothing to keep without product and status
    handlers["compliance.product.status_changed"](_env("compliance.product.status_changed", {
        "code": "BOX-7", "name": "Box", "status": "non_compliant", "evaluated_at": "2026-03-01T09:00:00+08:00"}), uow)
    note, noted_at = uow.compliance_status.products[0]
    assert (note.product_id, note.status, noted_at - note.evaluated_at) == ("p-1", "non_compliant", timedelta(hours=1))


def test_an_open_nonconformance_is_overdue_after_its_action_due_date():
    due = at(2026, 3, 10).date()
    assert overdue(due, "open", at(2026, 3, 11).date()) and not overdue(due, "open", due)
    assert not overdue(due, "closed", at(2026, 4, 1).date()) and not overdue(None, "open", due)
