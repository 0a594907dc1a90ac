"""The reports' reads: a complaint's 8D report and the management-review pack (no change, no commit)."""
from __future__ import annotations

import uuid
from datetime import date

from ..domain.eight_d import EightDReport, eight_d_report
from ..domain.management_review import (
    ManagementReview, YearScore, dissatisfied_items, pareto, trend,
)
from ..domain.problem_statistics import problem_statistics
from ..domain.statistics import assemble_statistics, local_day
from .loading import load


def eight_d(complaint_id: uuid.UUID, *, uow, deps) -> EightDReport:
    """The 8D report of a complaint from its own record and its claims, as of now."""
    with uow:
        complaint = load(uow.complaints, complaint_id, "complaint")
        return eight_d_report(complaint, claims=uow.claims.for_complaint(complaint.id), as_of=deps.clock())


def management_review(start: date, end: date, *, uow, deps) -> ManagementReview:
    """The pack for `start`..`end`: the statistics endpoints' figures, incidents, claims, satisfaction, compliance."""
    now = deps.clock()
    with uow:
        figures = uow.reports.review_figures(start=start, end=end, as_of=now)
        scored = []
        for survey in uow.reports.surveys_of_years(start.year, end.year):  # as GET surveys/{id}/score has it
            scored.append((survey, survey.score(uow.surveys.year_counts(survey.year, as_of=now), deps.rules)))
        compliance = uow.compliance_status.summary(today=local_day(now))
        internal = problem_statistics(uow.reports.problems_found(start=start, end=end), start=start, end=end,
                                      as_of=now)
    stats = assemble_statistics(figures.counts, start=start, end=end)
    stats.internal_problems = {**internal, "on_time_rate": {  # as GET complaints/stats shows them
        deadline: None if rate is None else float(rate) for deadline, rate in internal["on_time_rate"].items()}}
    return ManagementReview(
        start=start, end=end, as_of=now, statistics=stats, on_time_counts=dict(figures.counts.on_time),
        trend=trend(list(stats.by_month.values())), pareto_category=pareto(stats.by_category),
        pareto_cause=pareto(stats.by_cause_category), incidents=figures.incidents,
        major_incidents=figures.major_incidents, claims=figures.claims,
        satisfaction=[YearScore(survey.year, survey.id, survey.status == "closed", score.response_rate,
                                score.survey_score, score.objective_score, score.total_score)
                      for survey, score in scored],
        dissatisfied_items=dissatisfied_items([item for _, score in scored for item in score.items]),
        compliance=compliance)
