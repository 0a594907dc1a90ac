"""Statistics (SQL agrees with the domain's reference over the same records), CSV, list filters."""
from __future__ import annotations

import random
import uuid
from datetime import date, datetime, timedelta, timezone

from complaints_api import create, problem, step
from sqlalchemy import insert

from complaints.adapters import tables as t
from complaints.adapters.queries import statistics_counts
from complaints.adapters.recurrence import refresh_all
from complaints.domain.statistics import ComplaintRecord, assemble_statistics, complaint_statistics

CST = timezone(timedelta(hours=8))
CATEGORIES = ["quality", "delivery", "service", "environmental"]
CAUSES = [None, "man", "machine", "material"]


def _random_rows(n: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        received = datetime(2025, 1, 1, tzinfo=timezone.utc) + timedelta(hours=rng.randrange(0, 24 * 700))
        due = received + timedelta(days=2)
        met = rng.choice([None, due - timedelta(hours=5), due + timedelta(hours=5)])
        rows.append({
            "id": uuid.uuid4(), "number": f"CP-2025-{i + 1:06d}", "customer_id": f"C-{rng.randrange(4)}",
            "customer_name": "Name", "category": rng.choice(CATEGORIES), "description": "d",
            "product_code": rng.choice(["A", "B", None]), "received_at": received, "status": "received",
            "owner_department": "quality", "containment_due_at": due, "containment_met_at": met,
            "corrective_action_due_at": received + timedelta(days=14), "corrective_action_met_at": None,
            "cause_category": rng.choice(CAUSES), "responsible_department": rng.choice([None, "production"]),
            "reopen_count": 0, "incident_reasons": [], "attachments": [], "returned_quantity": 0,
            "injury": False, "reputation_damage": False, "batch_scale": False, "version": 1})
    return rows


def test_sql_statistics_agree_with_the_reference_rules(ctx):
    rows = _random_rows(400)
    with ctx.db.engine.begin() as conn:
        conn.execute(insert(t.complaints), rows)
    with ctx.uow_factory() as uow:  # a bulk load bypasses the handlers that keep the flags
        refresh_all(uow.session)
        uow.commit()
    start, end, as_of = date(2026, 1, 1), date(2026, 6, 30), datetime(2026, 5, 1, tzinfo=CST)
    with ctx.uow_factory() as uow:
        from_sql = assemble_statistics(statistics_counts(uow.session, start=start, end=end, as_of=as_of),
                                       start=start, end=end)
    fields = [f for f in ComplaintRecord.__dataclass_fields__]
    records = [ComplaintRecord(**{f: r[f] for f in fields}) for r in rows]  # neighbours on either side count
    reference = complaint_statistics(records, start=start, end=end, as_of=as_of)
    assert from_sql.total > 50 and from_sql.recurring > 0  # the data exercises every branch
    assert vars(from_sql) == vars(reference)


def test_each_complaint_counts_in_its_beijing_month_across_a_year_end(ctx):
    rows = _random_rows(12, seed=3)
    # half an hour either side of Beijing midnight at the ends of November, December and January
    edges = [datetime(2025, 11, 30, 16, tzinfo=timezone.utc), datetime(2025, 12, 31, 16, tzinfo=timezone.utc),
             datetime(2026, 1, 31, 16, tzinfo=timezone.utc)]
    times = [edge + timedelta(minutes=shift) for edge in edges for shift in (-30, 30)]
    times += [datetime(2025, 12, 15, tzinfo=CST), datetime(2026, 2, 28, 23, 59, tzinfo=CST)]
    for row, received in zip(rows, times + times[:2]):
        row["received_at"] = received
    with ctx.db.engine.begin() as conn:
        conn.execute(insert(t.complaints), rows)
    with ctx.uow_factory() as uow:
        counts = statistics_counts(uow.session, start=date(2025, 12, 1), end=date(2026, 2, 28),
                                   as_of=datetime(2026, 3, 1, tzinfo=CST))
    # Nov 30 23:30 is out; Dec 1 00:30, Dec 15, Dec 31 23:30 are December; Jan 1 00:30 and Jan 31 23:30 are
    # January; Feb 1 00:30 and Feb 28 23:59 are February (and the two repeated rows count twice)
    assert counts.by_month == {"2025-12": 3 + 1, "2026-01": 2 + 0, "2026-02": 2}
    assert counts.total == 8


def test_stats_endpoint_json_csv_and_bad_ranges(api, auth):
    created = create(api, auth)
    step(api, auth, created["id"], "containment")
    body = api.get("/api/v1/complaints/stats?year=2026", headers=auth("viewer")).get_json()
    assert body["total"] == 1 and body["by_category"]["quality"] == 1 and body["by_month"]["2026-03"] == 1
    assert body["by_customer"] == {"C-001": {"name": "Acme Paper", "count": 1}}
    assert body["on_time_rate"] == {"containment": 100.0, "corrective_action": None}
    month = api.get("/api/v1/complaints/stats?year=2026&month=2", headers=auth()).get_json()
    assert month["total"] == 0 and list(month["by_month"]) == ["2026-02"]
    csv = api.get("/api/v1/complaints/stats?from=2026-03-01&to=2026-03-31&format=csv", headers=auth())
    assert csv.mimetype == "text/csv"
    lines = csv.get_data(as_text=True).removeprefix("\ufeff").splitlines()  # UTF-8 with a BOM, for spreadsheets
    assert lines[0] == "section,key,name,value" and "category,quality,,1" in lines
    assert "customer,C-001,Acme Paper,1" in lines and "on_time_rate,containment,percent,100.0" in lines
    assert "to" in problem(api.get("/api/v1/complaints/stats?from=2026-03-31&to=2026-03-01", headers=auth()), 422)["errors"]
    problem(api.get("/api/v1/complaints/stats?month=3", headers=auth()), 422)
    problem(api.get("/api/v1/complaints/stats?format=xml", headers=auth()), 422)
    problem(api.get("/api/v1/complaints/stats"), 401)


def test_recurrence_follows_each_analysis(api, auth, clock):
    from complaints_api import STEPS
    first, second = create(api, auth), create(api, auth)
    for complaint in (first, second):
        step(api, auth, complaint["id"], "containment")
        step(api, auth, complaint["id"], "analysis")  # same customer, product and cause
    stats = api.get("/api/v1/complaints/stats?year=2026", headers=auth()).get_json()
    assert (stats["recurring"], stats["sporadic"]) == (2, 0)
    assert stats["recurring_problems"] == [{"customer_id": "C-001", "product_code": "BOX-7",
                                            "cause_category": "material", "count": 2}]
    for name in ("action-plan", "implementation"):
        step(api, auth, second["id"], name)
    step(api, auth, second["id"], "verification", {"effective": False, "note": "Again."})
    step(api, auth, second["id"], "analysis", {**STEPS["analysis"], "cause_category": "machine"})
    stats = api.get("/api/v1/complaints/stats?year=2026", headers=auth()).get_json()
    assert (stats["recurring"], stats["sporadic"]) == (0, 2)


def test_list_filters(api, auth, clock):
    quality = create(api, auth, description="Cracked cartons at the fold")
    clock.advance(days=1)
    delivery = create(api, auth, category="delivery", customer={"id": "C-002", "name": "Globex"},
                      description="Late by a week")
    step(api, auth, quality["id"], "containment")

    def ids(query: str) -> list[str]:
        response = api.get(f"/api/v1/complaints?{query}", headers=auth("viewer"))
        assert response.status_code == 200, response.get_json()
        return [item["id"] for item in response.get_json()["items"]]

    assert ids("") == [delivery["id"], quality["id"]]  # newest first
    assert ids("status=contained") == [quality["id"]]
    assert ids("customer=C-002") == [delivery["id"]]
    assert ids("category=delivery") == [delivery["id"]]
    assert ids("owner_department=sales") == [delivery["id"]]
    assert ids("q=CRACKED") == [quality["id"]] and ids("q=globex") == [delivery["id"]]
    assert ids("q=100%25") == []  # a literal percent sign matches nothing, not everything
    assert ids("received_from=2026-03-03&received_to=2026-03-03") == [delivery["id"]]
    assert ids("received_to=2026-03-02") == [quality["id"]]
    for bad in ("status=lost", "received_from=2026-03-05&received_to=2026-03-01", "overdue=maybe", "page=0",
                f"q={'x' * 201}"):
        problem(api.get(f"/api/v1/complaints?{bad}", headers=auth()), 422)
