"""The printable reports as HTML (Jinja2, autoescape on, the suite's print style) with their charts; the
PDF is made from the same HTML (qms_shared.web.print)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from markupsafe import Markup

from qms_shared.web.print import environment

from ..domain.eight_d import EightDReport
from ..domain.management_review import ManagementReview
from ..domain.vocabulary import COMPANY_TZ
from . import report_charts as charts
from .report_labels import translator


@dataclass(frozen=True)
class Company:
    """Who the report is from: name and logo (a data: URI) from configuration."""

    name: str
    logo: str | None = None


@lru_cache(maxsize=1)
def _environment():
    env = environment("complaints")
    env.filters.update(when=when, day=day, money=money, number=number)
    return env


def when(moment: datetime | None) -> str:
    """A moment on the company's clock, to the minute."""
    return "—" if moment is None else moment.astimezone(COMPANY_TZ).strftime("%Y-%m-%d %H:%M")


def day(value: date | datetime | None) -> str:
    """A calendar day (a moment's day on the company's clock)."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = value.astimezone(COMPANY_TZ).date()
    return value.isoformat()


def money(value) -> str:
    """An amount with thousands separators and two decimals."""
    return "—" if value is None else f"{Decimal(value):,.2f}"


def number(value) -> str:
    """A figure as people read it: blank for none, no trailing zeros beyond one decimal."""
    if value is None:
        return "—"
    return f"{value:,}" if isinstance(value, int) else f"{Decimal(value):,.1f}"


def _render(template: str, language: str, company: Company, printed_at: datetime, **context) -> str:
    t, v = translator(language)
    return _environment().get_template(template).render(
        lang=language, t=t, v=v, company=company, printed_at=f"{t('printed')}: {when(printed_at)}", **context)


def render_eight_d(report: EightDReport, *, language: str, company: Company, printed_at: datetime) -> str:
    """The 8D report of one complaint as an HTML page."""
    t, _ = translator(language)
    return _render("reports/eight_d.html.j2", language, company, printed_at, report=report,
                   complaint=report.complaint, title=t("eight_d"), number=report.complaint.number)


def review_charts(review: ManagementReview, language: str) -> dict[str, Markup]:
    """Every chart of the pack as inline SVG, titled in `language`."""
    t, v = translator(language)
    stats = review.statistics
    months = list(stats.by_month)
    found = {
        "per_month": charts.trend_chart(t("per_month"), months, list(stats.by_month.values()), review.trend.fitted,
                                        review.trend.moving_average, (t("count"), t("trend_line"), t("moving_average"))),
        "pareto_category": charts.pareto_chart(t("pareto_category"), [v("category", r.key) for r in review.pareto_category],
                                               [r.count for r in review.pareto_category],
                                               [r.cumulative for r in review.pareto_category], t("cumulative")),
        "pareto_cause": charts.pareto_chart(t("pareto_cause"), [v("cause", r.key) for r in review.pareto_cause],
                                            [r.count for r in review.pareto_cause],
                                            [r.cumulative for r in review.pareto_cause], t("cumulative")),
        "on_time": charts.bar_chart(t("on_time"), [v("deadline", d) for d in stats.on_time_rate],
                                    list(stats.on_time_rate.values()), ylim=105, fmt="{:.1f}%", horizontal=True),
        "incidents": charts.bar_chart(t("incidents"), [v("incident", k) for k in review.incidents],
                                      list(review.incidents.values()), colors=[charts.SOFT, charts.ACCENT, "#b3261e",
                                                                               charts.GREY][:len(review.incidents)]),
        "claims": charts.grouped_chart(t("claims_amounts"), [f"{v('claim', r['status'])} ({r['currency']})"
                                                             for r in review.claims] or [t("none")], {
            t("claimed"): [r["claimed"] for r in review.claims] or [0],
            t("settled"): [r["settled"] for r in review.claims] or [0]}, fmt="{:,.0f}"),
        "recurrence": charts.bar_chart(t("recurring_problems"), [t("recurring"), t("sporadic"), t("unanalysed")],
                                       [stats.recurring, stats.sporadic, stats.unanalysed],
                                       colors=[charts.ACCENT, charts.PRIMARY, charts.GREY]),
        "satisfaction": charts.grouped_chart(t("satisfaction"), [str(s.year) for s in review.satisfaction] or [t("none")], {
            t("survey_score"): [s.survey_score for s in review.satisfaction] or [0],
            t("objective_score"): [s.objective_score for s in review.satisfaction] or [0],
            t("total_score"): [s.total_score for s in review.satisfaction] or [0]}, ylim=115, fmt="{:.1f}"),
        "dissatisfied": charts.bar_chart(t("dissatisfied_items"), [r.item for r in review.dissatisfied_items] or [t("none")],
                                         [r.dissatisfied for r in review.dissatisfied_items] or [0], colors=charts.ACCENT,
                                         horizontal=True),
        "compliance": charts.bar_chart(t("compliance"), [v("product", k) for k in review.compliance.products],
                                       list(review.compliance.products.values()),
                                       colors=["#4f8a3c", charts.ACCENT, "#b3261e"]),
    }
    return {name: Markup(svg) for name, svg in found.items()}  # matplotlib's own output, text drawn as paths


def render_review(review: ManagementReview, *, language: str, company: Company, printed_at: datetime) -> str:
    """The management-review pack as an HTML page, each chart with its table below it."""
    t, _ = translator(language)
    return _render("reports/management_review.html.j2", language, company, printed_at, review=review,
                   stats=review.statistics, charts=review_charts(review, language), title=t("review"),
                   number=f"{review.start.isoformat()} – {review.end.isoformat()}")
