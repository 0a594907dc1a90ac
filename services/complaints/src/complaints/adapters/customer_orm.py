"""Imperative mapping of the customer archive and the survey proposals (called from orm.start_mappers)."""
from __future__ import annotations

from sqlalchemy.orm import relationship

from ..domain.customer import Customer, GradeChange, YearlyPurchase
from ..domain.customer_visits import Visit
from ..domain.survey_selection import SurveyProposal
from . import customer_tables as ct


def map_customers(mapper_registry) -> None:
    """Map Customer with its grades, purchases and visits, and SurveyProposal."""
    children = {"grade_history": (GradeChange, ct.customer_grades, [ct.customer_grades.c.at, ct.customer_grades.c.id]),
                "purchases": (YearlyPurchase, ct.customer_purchases, ct.customer_purchases.c.year),
                "visits": (Visit, ct.customer_visits, [ct.customer_visits.c.visited_on, ct.customer_visits.c.id])}
    properties = {}
    for name, (cls, table, order) in children.items():
        mapper_registry.map_imperatively(cls, table)
        properties[name] = relationship(cls, cascade="all, delete-orphan", lazy="selectin", order_by=order)
    mapper_registry.map_imperatively(Customer, ct.customers, version_id_col=ct.customers.c.version,
                                     version_id_generator=False, properties=properties)
    mapper_registry.map_imperatively(SurveyProposal, ct.survey_proposals, version_id_col=ct.survey_proposals.c.version,
                                     version_id_generator=False)
