"""Imperative mapping of the domain classes onto the tables (the domain never sees SQLAlchemy)."""
from __future__ import annotations

from sqlalchemy.orm import registry, relationship

from ..domain.capa import CorrectiveAction
from ..domain.claim import Claim
from ..domain.complaint import Complaint
from ..domain.deadlines import Extension, MissedDeadline, ProblemMissedDeadline
from ..domain.history import ClaimHistoryEntry, ComplaintHistoryEntry, ProblemHistoryEntry
from ..domain.internal_problem import InternalProblem
from ..domain.praise import Praise
from ..domain.survey import SurveyAnswer, SurveyCampaign, SurveyResponse
from . import compliance_status_tables  # noqa: F401  (the compliance read model's tables, issue 22)
from . import problem_tables as p
from .customer_orm import map_customers
from .quality_orm import map_quality
from . import tables as t
from .tables import metadata  # noqa: F401  (migrations/env.py and fixtures import it from here)

mapper_registry = registry(metadata=metadata)
_mapped = False


def _children(cls, table, order):
    return relationship(cls, cascade="all, delete-orphan", lazy="selectin", order_by=order)


def _versioned(table) -> dict:
    # the aggregate bumps `version` itself (once per change), the ORM checks it: stale -> 409
    return {"version_id_col": table.c.version, "version_id_generator": False}


def start_mappers() -> None:
    """Map the domain classes once per process."""
    global _mapped
    if _mapped:
        return
    for child, table in ((ComplaintHistoryEntry, t.complaint_history), (Extension, t.complaint_extensions),
                         (MissedDeadline, t.complaint_overdue), (ClaimHistoryEntry, t.claim_history),
                         (SurveyAnswer, t.survey_answers), (ProblemHistoryEntry, p.internal_problem_history),
                         (ProblemMissedDeadline, p.internal_problem_overdue)):
        mapper_registry.map_imperatively(child, table)
    mapper_registry.map_imperatively(Complaint, t.complaints, **_versioned(t.complaints), properties={
        "history": _children(ComplaintHistoryEntry, t.complaint_history,
                             [t.complaint_history.c.at, t.complaint_history.c.id]),
        "extensions": _children(Extension, t.complaint_extensions, t.complaint_extensions.c.id),
        "overdue": _children(MissedDeadline, t.complaint_overdue, t.complaint_overdue.c.id),
    }, exclude_properties=["search_text", "recurring"])
    mapper_registry.map_imperatively(InternalProblem, p.internal_problems, **_versioned(p.internal_problems), properties={
        "history": _children(ProblemHistoryEntry, p.internal_problem_history,
                             [p.internal_problem_history.c.at, p.internal_problem_history.c.id]),
        "overdue": _children(ProblemMissedDeadline, p.internal_problem_overdue, p.internal_problem_overdue.c.id),
    })
    mapper_registry.map_imperatively(Claim, t.claims, **_versioned(t.claims), properties={
        "history": _children(ClaimHistoryEntry, t.claim_history, [t.claim_history.c.at, t.claim_history.c.id])})
    mapper_registry.map_imperatively(SurveyResponse, t.survey_responses, properties={
        "answers": _children(SurveyAnswer, t.survey_answers, t.survey_answers.c.id)})
    mapper_registry.map_imperatively(SurveyCampaign, t.surveys, **_versioned(t.surveys), properties={
        "responses": _children(SurveyResponse, t.survey_responses, t.survey_responses.c.id)})
    mapper_registry.map_imperatively(Praise, t.praises, **_versioned(t.praises))
    mapper_registry.map_imperatively(CorrectiveAction, t.corrective_actions, **_versioned(t.corrective_actions))
    map_customers(mapper_registry)
    map_quality(mapper_registry, _children, _versioned)
    _mapped = True
