"""The work overview (工作概览): the figures a work report states for a period — sittings held, voters received at
the stations, opinions answered on time, key suggestions, projects adopted — collected from each workflow app's
`headline.py` (see `renda.core.headline`), every one counted from records and linked to them. Staff and leaders
open it; each section appears only where the viewer's scope may see that app's figures, and counts only what
that scope covers (a town sees its town)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from types import ModuleType

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core.errors import NotPermitted
from renda.core.headline import Figure, Period, half_year
from renda.core.registry import headline_modules
from renda.core.xlsx import xlsx_response
from renda.org.models import Role
from renda.org.scoping import Scope, scope_for

VIEWER_ROLES = (Role.OFFICE, Role.TOWN, Role.COMMITTEE, Role.LEADER)


def can_view_overview(scope: Scope) -> bool:
    return scope.has(*VIEWER_ROLES)


def _headline_modules() -> Iterator[ModuleType]:
    return headline_modules()


def default_period(scope: Scope) -> tuple[int, int]:
    """The half-year of the latest station activity in scope (the stations report by half-year and meet voters
    every month, so this is the current half-year in a working district), else the current one."""
    days = [d for m in _headline_modules() if hasattr(m, "latest") for d in [m.latest(scope)] if d]
    day = max(days) if days else timezone.localdate()
    return day.year, 1 if day.month <= 6 else 2


def collect(scope: Scope, period: Period) -> list[Figure]:
    if not can_view_overview(scope):
        raise NotPermitted()
    return [figure for module in _headline_modules() for figure in module.figures(scope, period)]


@dataclass
class Cell:
    value: int
    percent: int  # of the row's largest value, for the bar drawn beside the number
    url: str | None


@dataclass
class Row:
    key: str
    label: str
    cells: list[Cell]


@dataclass
class Section:
    title: str
    figures: list[Figure]
    compare: list[Row] = field(default_factory=list)


def sections(figures: list[Figure], earlier: Sequence[list[Figure]] = ()) -> list[Section]:
    """The figures by section; with `earlier` (the same figures for the periods compared with), each section also
    gets its comparison rows: a figure's value in each period, with a bar scaled to the row's largest."""
    out: dict[str, Section] = {}
    for f in figures:
        out.setdefault(f.section, Section(f.section, [])).figures.append(f)
    by_key = [{g.key: g for g in period} for period in earlier]
    for section in out.values():
        for f in section.figures:
            shown = [f, *[period.get(f.key) for period in by_key]]
            values = [g.value if g else 0 for g in shown]
            top = max(values) or 1
            cells = [Cell(v, round(100 * v / top), g.url if g else None) for v, g in zip(values, shown, strict=True)]
            section.compare.append(Row(f.key, f.label, cells))
    return list(out.values())


def compared_periods(year: int, half: int) -> list[tuple[int, int]]:
    """What a period is compared with: a half-year with the half before it and the same half a year earlier; a
    whole year with the year before."""
    if half == 0:
        return [(year - 1, 0)]
    return [(year, 1) if half == 2 else (year - 1, 2), (year - 1, half)]


class PeriodForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    half = forms.TypedChoiceField(
        label=gettext_lazy("Period"),
        coerce=int,
        choices=[(1, gettext_lazy("first half")), (2, gettext_lazy("second half")), (0, gettext_lazy("whole year"))],
    )


def period_from(request, scope: Scope) -> tuple[PeriodForm, int, int]:
    year, half = default_period(scope)
    form = PeriodForm(request.GET if "year" in request.GET else None, initial={"year": year, "half": half})
    if form.is_bound and form.is_valid():
        year, half = form.cleaned_data["year"], form.cleaned_data["half"]
    return form, year, half


def period_label(year: int, half: int) -> str:
    if half == 1:
        return _("%(year)s, first half") % {"year": year}
    if half == 2:
        return _("%(year)s, second half") % {"year": year}
    return _("%(year)s, whole year") % {"year": year}


@login_required
def overview(request):
    scope = scope_for(request.user)
    if not can_view_overview(scope):
        raise NotPermitted()
    form, year, half = period_from(request, scope)
    period = half_year(year, half)
    figures = collect(scope, period)
    label = period_label(year, half)
    if request.GET.get("export") == "xlsx":
        rows = ((f.section, f.label, f.value, f.note) for f in figures)
        return xlsx_response(_("work overview") + f" {label}.xlsx", ["分项", "指标", "数值", "说明"], rows)
    status = 400 if form.is_bound and not form.is_valid() else 200
    compared = compared_periods(year, half)
    earlier = [collect(scope, half_year(y, h)) for y, h in compared]
    shortcuts, y, h = [], year, half or 2
    for _step in range(4):  # the shown half-year and the three before it
        shortcuts.append((y, h, period_label(y, h)))
        y, h = (y, 1) if h == 2 else (y - 1, 2)
    context = {
        "form": form,
        "period": period,
        "period_label": label,
        "sections": sections(figures, earlier),
        "columns": [label, *[period_label(y, h) for y, h in compared]],
        "shortcuts": shortcuts,
        "year": year,
        "half": half,
    }
    return render(request, "overview.html", context, status=status)
