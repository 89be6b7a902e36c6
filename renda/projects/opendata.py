"""Open data of the livelihood projects (renda/core/opendata.py): the projects of every cycle whose ballot result is
published, with their rolled-up progress, and their dated progress reports — what the public pages show (the
responsible units by name; no author, no file)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core.opendata import Value, dataset

from . import selectors
from .models import Cycle, ProgressReport, Project


def _years() -> list[int]:
    return sorted(set(Cycle.objects.filter(state__in=selectors.PUBLIC_STATES).values_list("year", flat=True)))


def _projects(year: int | None) -> QuerySet[Project]:
    return selectors.public_projects(selectors.Filters(year=year))


def _project_rows(batch: Sequence[Any]) -> list[dict[str, Value]]:
    projects: list[Any] = selectors.with_progress(batch)  # annotated with n_reports and last_report
    return [
        {"year": p.cycle.year, "congress": p.cycle.congress.name, "rank": p.rank, "title": p.title, "unit": p.unit.name,
         "deadline": p.deadline, "progress": float(p.progress), "overdue_results": len(p.overdue), "reports": p.n_reports,
         "last_report": p.last_report, "url": reverse("projects:public_detail", args=[p.pk])}
        for p in projects
    ]  # fmt: skip


def _reports(year: int | None) -> QuerySet[ProgressReport]:
    qs = ProgressReport.objects.filter(project__cycle__state__in=selectors.PUBLIC_STATES)
    if year:
        qs = qs.filter(project__cycle__year=year)
    return qs.select_related("project", "project__cycle", "project__cycle__congress", "node", "status").order_by(
        "project__cycle__year", "project_id", "reported_on", "pk"
    )


def _report_rows(batch: Sequence[Any]) -> list[dict[str, Value]]:
    return [
        {"year": r.project.cycle.year, "congress": r.project.cycle.congress.name, "project": r.project.title,
         "reported_on": r.reported_on, "result": r.node.title if r.node_id else None,
         "status": r.status.name if r.status_id else None, "progress": float(r.progress) if r.progress is not None else None,
         "text": r.text}
        for r in batch
    ]  # fmt: skip


DATASETS = [
    dataset(
        "livelihood-projects", _("Livelihood projects decided by deputies' vote"), records=_projects, rows=_project_rows, years=_years,
        description=_("Every adopted project of a published ballot, with its responsible unit, deadline and progress rolled up from its results."),
        columns="""
        year            | 年度       | int   | the year of the cycle
        congress        | 人大       |       | the congress whose deputies voted
        rank            | 票决排名   | int   | rank in the ballot
        title           | 项目名称   |       | the project
        unit            | 责任单位   |       | the responsible unit
        deadline        | 完成时限   | date  | deadline
        progress        | 进度(%)    | float | progress in per cent, rolled up from the results
        overdue_results | 逾期节点   | int   | results past their due date and not done
        reports         | 进展报告数 | int   | progress reports so far
        last_report     | 最近报告   | date  | date of the latest progress report
        url             | 网址       |       | its public page
        """,
    ),
    dataset(
        "livelihood-project-progress", _("Progress reports of the livelihood projects"), records=_reports, rows=_report_rows, years=_years,
        description=_("Every dated progress report of a published project: the result it is about, its status and per cent, and what was done."),
        columns="""
        year        | 年度     | int   | the year of the cycle
        congress    | 人大     |       | the congress whose deputies voted
        project     | 项目名称 |       | the project
        reported_on | 报告日期 | date  | date of the report
        result      | 节点     |       | the result (milestone) the report moves, if any
        status      | 状态     |       | the result's status after the report
        progress    | 进度(%)  | float | the result's per cent after the report
        text        | 进展情况 |       | what was done
        """,
    ),
]
