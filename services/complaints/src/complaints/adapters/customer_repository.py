"""The customer archive in and out of the session, its lists, the year's figures and a customer's history."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Integer, and_, bindparam, cast, func, or_, select, true
from sqlalchemy.dialects.postgresql import JSONB

from qms_shared.db import advisory_xact_lock, advisory_xact_locks
from qms_shared.web.bounds import LIKE_ESCAPE, contains_pattern

from ..domain.customer import Customer
from ..domain.customer_history import YearHistory, assemble_history
from ..domain.survey_selection import SurveyProposal, YearFigures
from . import customer_tables as ct
from . import tables as t
from .repository import Repository

c = ct.customers
_KNOWN = select(select(c.c.id).where(c.c.id == bindparam("id")).exists())  # built once: every complaint runs it


def _year(column):
    """The year of a timestamp on the company's clock."""
    return cast(func.extract("year", func.timezone("Asia/Shanghai", column)), Integer)


class CustomerRepository(Repository):
    """Loads and stores customers; reads the lists, the year's purchases and a customer's history."""

    kind = Customer

    def known(self, customer_id: str) -> bool:
        """Whether the archive holds `customer_id` (one index probe, no customer loaded)."""
        return self.session.execute(_KNOWN, {"id": customer_id}).scalar_one()

    def lock(self, customer_id: str) -> None:
        """Hold the customer's id until this transaction ends: two records naming one new customer add it once."""
        advisory_xact_lock(self.session, "complaints.customer", customer_id)

    def lock_many(self, customer_ids: list[str]) -> None:
        """`lock` for many ids at once, in one order (two importers never wait crosswise)."""
        advisory_xact_locks(self.session, ["\x1f".join(("complaints.customer", i)) for i in sorted(set(customer_ids))])

    def lock_for_import(self) -> None:
        """One archive import at a time."""
        advisory_xact_lock(self.session, "complaints.customer-import")

    def get_many(self, ids: list[str]) -> dict[str, Customer]:
        """The stored customers among `ids`, by id."""
        found = {}
        for start in range(0, len(ids), 1000):
            chunk = ids[start:start + 1000]
            found.update({x.id: x for x in self.session.execute(select(Customer).where(c.c.id.in_(chunk))).scalars()})
        return found

    def page(self, *, filters: dict, offset: int, limit: int) -> tuple[list[Customer], int]:
        """A page of customers by name, filtered by grade, to_complete, account manager and a text `q`."""
        where = [c.c[name] == value for name, value in filters.items() if value is not None and name != "q"]
        if filters.get("q"):
            pattern = contains_pattern(filters["q"])  # % and _ taken literally
            where.append(or_(c.c.name.ilike(pattern, escape=LIKE_ESCAPE), c.c.id.ilike(pattern, escape=LIKE_ESCAPE)))
        condition = and_(true(), *where)
        total = self.session.execute(select(func.count()).select_from(c).where(condition)).scalar_one()
        rows = self.session.execute(select(Customer).where(condition).order_by(c.c.name, c.c.id)
                                    .offset(offset).limit(limit)).scalars()
        return list(rows), total

    def visits_due(self, as_of_day: date) -> list[str]:
        """Customers whose planned visit is past due at `as_of_day` (the domain decides what is new)."""
        return list(self.session.execute(select(c.c.id).where(c.c.next_visit_due_on < as_of_day)
                                         .order_by(c.c.next_visit_due_on, c.c.id)).scalars())

    def year_figures(self, year: int) -> list[YearFigures]:
        """Every customer's purchases of `year` (those with figures)."""
        p = ct.customer_purchases
        rows = self.session.execute(select(p.c.customer_id, c.c.name, p.c.quantity, p.c.unit, p.c.revenue)
                                    .join(c, c.c.id == p.c.customer_id).where(p.c.year == year))
        return [YearFigures(*row) for row in rows]

    def history(self, customer: Customer) -> list[YearHistory]:
        """The customer's complaints, praises, claims and survey answers per year, with its purchases."""
        cid, s = customer.id, self.session
        cp, cl, pr = t.complaints, t.claims, t.praises
        received, submitted, praised = _year(cp.c.received_at), _year(cl.c.submitted_at), _year(pr.c.received_at)
        complaints = s.execute(select(received, cp.c.category, func.count(), func.sum(cp.c.returned_quantity))
                               .where(cp.c.customer_id == cid).group_by(received, cp.c.category)).all()
        praises = s.execute(select(praised, func.count()).where(pr.c.customer_id == cid).group_by(praised)).all()
        claims = s.execute(select(submitted, cl.c.currency, func.count(), func.sum(cl.c.amount))
                           .where(cl.c.customer_id == cid).group_by(submitted, cl.c.currency)).all()
        return assemble_history(complaints=complaints, praises=praises, claims=claims,
                                surveys=self._surveys(cid), purchases=customer.purchases)

    def _surveys(self, cid: str) -> list[tuple[int, bool, list[str]]]:
        sv, r, a = t.surveys, t.survey_responses, t.survey_answers
        surveyed = self.session.execute(select(sv.c.id, sv.c.year).where(
            cast(sv.c.customer_ids, JSONB).contains([cid]))).all()
        answers: dict = {}
        for survey_id, rating in self.session.execute(
                select(r.c.survey_id, a.c.rating).join(a, a.c.response_id == r.c.id).where(r.c.customer_id == cid)):
            answers.setdefault(survey_id, []).append(rating)
        return [(year, survey_id in answers, answers.get(survey_id, [])) for survey_id, year in surveyed]


class SurveyProposalRepository(Repository):
    """Loads and stores survey proposals."""

    kind = SurveyProposal
