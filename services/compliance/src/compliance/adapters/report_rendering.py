"""The printable compliance reports as HTML in the suite's print style (qms_shared.web.print: letterhead, A4,
numbered pages in the PDF, a CJK font by family name); the PDF is made from the same HTML."""
from __future__ import annotations

from datetime import date, datetime, timezone
from functools import lru_cache
from typing import Any

from qms_shared.web.print import environment

from .report_labels import words

TABLE_TITLE = "产品中有害物质的名称及含量"


@lru_cache(maxsize=1)
def _environment():
    env = environment("compliance")
    env.filters.update(day=day, moment=moment)
    return env


def day(value: date | None) -> str:
    """A calendar day, or a dash."""
    return "—" if value is None else value.isoformat()


def moment(value: datetime | None) -> str:
    """A moment to the minute, in UTC (the clock the compliance service keeps its dates by)."""
    return "—" if value is None else value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def render_annual_report(report: dict[str, Any], *, language: str, company: dict, printed_at: datetime) -> str:
    """The yearly compliance evaluation report (seed 000 §5.4) as an HTML page in `language`."""
    headings, vocabulary = words(language)
    return _environment().get_template("reports/annual_report.html.j2").render(
        lang=language, title=headings["annual"], number=str(report["year"]), company=company,
        printed_at=f"{headings['printed']}: {moment(printed_at)}", L=headings, V=vocabulary, report=report)


def render_china_rohs_table(table: dict[str, Any], *, company: dict, printed_at: datetime) -> str:
    """The hazardous-substance table (有害物质名称及含量表) as an HTML page, in Chinese as the standard asks."""
    headings, _ = words("zh-CN")
    return _environment().get_template("reports/china_rohs_table.html.j2").render(
        lang="zh-CN", title=TABLE_TITLE, number=table["product"]["code"], company=company,
        printed_at=f"{headings['printed']}: {moment(printed_at)}", table=table)
