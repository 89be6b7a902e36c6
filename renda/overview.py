"""The work overview (工作概览): the figures a work report states for a period — sittings held, voters received at
the stations, opinions answered on time, key suggestions, projects adopted — collected from each workflow app's
`headline.py` (see `renda.core.headline`), every one counted from records and linked to them. Staff and leaders
open it; each section appears only where the viewer's scope may see that app's figures, and counts only what
that scope covers (a town sees its town)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
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
class Section:
    title: str
    figures: list[Figure]


def sections(figures: list[Figure]) -> list[Section]:
    out: dict[str, Section] = {}
    for f in figures:
        out.setdefault(f.section, Section(f.section, [])).figures.append(f)
    return list(out.values())


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
    shortcuts, y, h = [], year, half or 2
    for _step in range(4):  # the shown half-year and the three before it
        shortcuts.append((y, h, period_label(y, h)))
        y, h = (y, 1) if h == 2 else (y - 1, 2)
    context = {
        "form": form,
        "period": period,
        "period_label": label,
        "sections": sections(figures),
        "shortcuts": shortcuts,
        "year": year,
        "half": half,
    }
    return render(request, "overview.html", context, status=status)
