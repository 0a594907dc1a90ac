"""In-memory repositories of seed 004's records (suppliers, lots, correction requests, recoveries, clauses,
notices, emergencies), for handler tests through FakeUnitOfWork."""
from __future__ import annotations

from complaints.domain.statistics import local_day
from fake_unit_of_work import FakeRepository


class FakeSuppliers(FakeRepository):
    def by_code(self, code):
        return next((s for s in self.items.values() if s.code == code), None)


class FakeCorrectionRequests(FakeRepository):
    def for_source(self, source, source_id):
        return next((r for r in self.items.values() if (r.source, r.source_id) == (source, source_id)), None)

    def overdue_candidates(self, as_of):
        return [r.id for r in self.items.values() if r.status == "issued" and r.reply_due_at < as_of
                and r.overdue_reported_due_at != r.reply_due_at]

    def action_overdue_candidates(self, as_of):
        return [r.id for r in self.items.values() if r.status == "replied" and r.action_due_date < local_day(as_of)
                and r.action_escalation_level < 2]


class FakeRecoveries(FakeRepository):
    def for_claim(self, claim_id):
        return next((r for r in self.items.values() if r.claim_id == claim_id), None)


class FakeClauses(FakeRepository):
    def by_codes(self, codes):
        found = {c.code: c for c in self.items.values()}
        return [found[code] for code in codes if code in found]

    def codes(self):
        return {c.code for c in self.items.values()}


class FakeNotices(FakeRepository):
    def of_month(self, month):
        return [n for n in self.items.values() if n.month == month.replace(day=1)]


class FakeEmergencies(FakeRepository):
    def for_source(self, source, source_id):
        return next((e for e in self.items.values() if (e.source, e.source_id) == (source, source_id)), None)

    def rectification_overdue_candidates(self, as_of):
        return [e.id for e in self.items.values() if e.rectification_due_on() is not None
                and e.rectification_due_on() < local_day(as_of) and e.rectification.get("escalation_level", 0) < 2]


def quality_repositories() -> dict:
    """The repositories the unit of work offers for seed 004, empty."""
    return {"suppliers": FakeSuppliers(), "incoming_nonconformances": FakeRepository(),
            "correction_requests": FakeCorrectionRequests(), "supplier_recoveries": FakeRecoveries(),
            "reward_penalty_clauses": FakeClauses(), "reward_penalty_notices": FakeNotices(),
            "emergencies": FakeEmergencies()}
