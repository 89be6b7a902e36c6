"""Pages of campaigns: the list, one campaign (plan, mobilisation, targets, towns, figures and reported indicators),
a town's lists, the checklist (五个一), an indicator's reports."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renda.core.errors import DomainError, NotPermitted
from renda.core.listing import list_or_export
from renda.core.requests import AuthedRequest
from renda.org.models import Person, Region
from renda.org.scoping import Scope, scope_allowed, scope_for

from .. import forms, permissions, selectors, services
from ..figures import campaign_figures, latest_reports
from ..lifecycles import CAMPAIGN, TARGET
from ..models import Activity, Campaign, ChecklistEntry, Finding, Indicator, Target
from ._common import RecordPage, action, inline

DETAIL = "supervision/campaign_detail.html"


@login_required
def campaign_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_allowed(request.user, permissions.can_list_campaigns)
    return list_or_export(
        request,
        selectors.campaign_list(scope=scope),
        template="supervision/campaign_list.html",
        context={"can_create": permissions.can_create_campaigns(scope)},
    )


@login_required
def campaign_create(request: AuthedRequest) -> HttpResponse:
    return CAMPAIGN_PAGE.create(
        request,
        lambda scope: forms.CampaignForm(request.POST or None, choices={"organiser": selectors.organiser_choices(scope=scope)}),
        services.campaign_create,
        allowed=permissions.can_create_campaigns,
        title=_("New campaign"),
    )


def _leaders(campaign: Campaign) -> Any:
    """Who adopts targets: members of the campaign's organising body and of its congress's standing committee."""
    congress_id = campaign.organiser.congress_id or campaign.organiser_id
    return Person.objects.filter(memberships__body__congress_id=congress_id).distinct().order_by("name_pinyin")


def _context(scope: Scope, campaign: Campaign) -> dict[str, Any]:
    manage = permissions.can_manage_campaign(scope, campaign)
    return {
        "campaign": campaign,
        "figures": campaign_figures(campaign),
        "targets": [(t, TARGET.available(t, scope)) for t in campaign.targets.select_related("region", "leader")],
        "towns": selectors.campaign_towns(campaign=campaign, scope=scope),
        "indicators": latest_reports(campaign),
        "actions": CAMPAIGN.available(campaign, scope),
        "can_manage": manage,
        "is_open": CAMPAIGN.in_group(campaign, "open"),
        "target_form": forms.TargetForm(choices={"region": _towns(campaign)}),
        "target_move_form": forms.TargetMoveForm(choices={"leader": _leaders(campaign)}, initial={"on": timezone.localdate()}),
        "move_form": forms.CampaignMoveForm(initial={"on": timezone.localdate()}),
        "indicator_form": forms.IndicatorForm(),
        "activities": Activity.objects.filter(campaign=campaign).select_related("region").order_by("-start_date", "-pk")[:10],
    }


CAMPAIGN_PAGE = RecordPage(selectors.campaign_get, "campaign", DETAIL, _context, manage=permissions.can_manage_campaign)


def _towns(campaign: Campaign) -> Any:
    return Region.objects.filter(
        path__startswith=campaign.region.path, kind__in=[Region.Kind.TOWN, Region.Kind.SUBDISTRICT]
    ).order_by("sort_order")


campaign_detail = login_required(CAMPAIGN_PAGE.detail)


@login_required
@require_POST
def campaign_transition(request: AuthedRequest, pk: int) -> HttpResponse:
    form = forms.CampaignMoveForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {}
    return CAMPAIGN_PAGE.move(request, pk, services.campaign_transition, on=data.get("on"), text=data.get("text", ""))


@login_required
@require_POST
def target_add(request: AuthedRequest, pk: int) -> HttpResponse:
    return CAMPAIGN_PAGE.post_form(
        request,
        pk,
        lambda scope, campaign: forms.TargetForm(request.POST, choices={"region": _towns(campaign)}),
        services.target_add,
        anchor="#targets",
    )


@login_required
@require_POST
def target_transition(request: AuthedRequest, pk: int) -> HttpResponse:
    scope = scope_for(request.user)
    target, campaign = selectors.campaign_part_get(Target.objects.all(), scope=scope, pk=pk)
    form = forms.TargetMoveForm(request.POST, choices={"leader": _leaders(campaign)})
    data = form.cleaned_data if form.is_valid() else {}

    def run() -> Target:
        if not form.is_valid():
            raise DomainError(
                _("Check the form: %(errors)s") % {"errors": " ".join(str(e) for errs in form.errors.values() for e in errs)}
            )
        return services.target_transition(
            actor=request.user,
            scope=scope,
            target=target,
            action=request.POST.get("action", ""),
            leader=data.get("leader"),
            due_on=data.get("due_on"),
            on=data.get("on"),
        )

    return action(
        request,
        run,
        **CAMPAIGN_PAGE.back(request, scope, campaign, "#targets"),
    )


def _town(scope: Scope, campaign: Campaign, region_id: int) -> Region:
    town = next((t for t in selectors.campaign_towns(campaign=campaign, scope=scope) if t.pk == region_id), None)
    if town is None:
        raise Http404
    return town


def _town_context(scope: Scope, campaign: Campaign, town: Region) -> dict[str, Any]:
    entries = list(campaign.list_entries.filter(region=town).order_by("on", "pk"))
    lists = []
    for spec in campaign.town_lists:
        code, source = str(spec["code"]), str(spec.get("source", ""))
        records: Any = []
        if source == "activities":
            records = Activity.objects.filter(campaign=campaign, region__path__startswith=town.path).order_by("start_date", "pk")
        elif source == "suggestions":
            records = (
                Finding.objects.filter(campaign=campaign, kind=Finding.Kind.SUGGESTION, region__path__startswith=town.path)
                .select_related("activity", "author")
                .order_by("on", "pk")
            )
        lists.append(
            {
                "code": code,
                "label": spec["label"],
                "source": source,
                "records": records,
                "entries": [e for e in entries if e.list_code == code],
            }
        )
    return {
        "campaign": campaign,
        "town": town,
        "lists": lists,
        "figures": campaign_figures(campaign, region=town),
        "can_keep": permissions.can_keep_town_records(scope, campaign, town.pk) and CAMPAIGN.in_group(campaign, "open"),
        "entry_form": forms.ListEntryForm(lists=campaign.town_lists, initial={"on": timezone.localdate()}),
    }


@login_required
def campaign_town(request: AuthedRequest, pk: int, region_id: int) -> HttpResponse:
    scope, campaign = CAMPAIGN_PAGE.found(request, pk)
    town = _town(scope, campaign, region_id)
    return render(request, "supervision/campaign_town.html", _town_context(scope, campaign, town))


@login_required
@require_POST
def list_entry_add(request: AuthedRequest, pk: int, region_id: int) -> HttpResponse:
    scope, campaign = CAMPAIGN_PAGE.found(request, pk)
    town = _town(scope, campaign, region_id)
    if not permissions.can_keep_town_records(scope, campaign, town.pk):
        raise NotPermitted()
    return inline(
        request,
        forms.ListEntryForm(request.POST, lists=campaign.town_lists),
        save=lambda data: services.list_entry_add(actor=request.user, scope=scope, campaign=campaign, region=town, **data),
        success=reverse("supervision:campaign_town", args=[campaign.pk, town.pk]),
        template="supervision/campaign_town.html",
        context=lambda: _town_context(scope, campaign, town),
    )


def _checklist_context(scope: Scope, campaign: Campaign) -> dict[str, Any]:
    entries = selectors.checklist(campaign=campaign)
    items = [(str(x["code"]), str(x["label"])) for x in campaign.checklist]
    rows: dict[tuple[int, int | None], dict[str, Any]] = {}
    for e in entries:
        row = rows.setdefault(
            (e.region_id, e.unit_id), {"name": e.unit.name if e.unit else e.region.name, "region_id": e.region_id, "cells": {}}
        )
        row["cells"][e.item] = e
    open_ = CAMPAIGN.in_group(campaign, "open")
    grid = [
        {
            "name": r["name"],
            "cells": [r["cells"].get(code) for code, _label in items],
            "can_mark": open_ and permissions.can_keep_town_records(scope, campaign, r["region_id"]),
        }
        for r in rows.values()
    ]
    return {
        "campaign": campaign,
        "items": items,
        "grid": grid,
        "can_manage": permissions.can_manage_campaign(scope, campaign) and open_,
        "subjects_form": forms.ChecklistSubjectsForm(
            choices={"regions": _towns(campaign), "units": selectors.units_for(scope=scope)}
        ),
        "mark_form": forms.ChecklistMarkForm(initial={"done_on": timezone.localdate()}),
    }


@login_required
def campaign_checklist(request: AuthedRequest, pk: int) -> HttpResponse:
    """The checklist grid; a POST gives towns and units the checklist."""
    scope, campaign = CAMPAIGN_PAGE.found(request, pk)
    if request.method == "POST":
        if not permissions.can_manage_campaign(scope, campaign):
            raise NotPermitted()
        return inline(
            request,
            forms.ChecklistSubjectsForm(
                request.POST, choices={"regions": _towns(campaign), "units": selectors.units_for(scope=scope)}
            ),
            save=lambda data: services.checklist_subjects_add(
                actor=request.user, scope=scope, campaign=campaign, regions=list(data["regions"]), units=list(data["units"])
            ),
            success=reverse("supervision:campaign_checklist", args=[campaign.pk]),
            template="supervision/campaign_checklist.html",
            context=lambda: _checklist_context(scope, campaign),
        )
    return render(request, "supervision/campaign_checklist.html", _checklist_context(scope, campaign))


@login_required
@require_POST
def checklist_mark(request: AuthedRequest, pk: int) -> HttpResponse:
    scope = scope_for(request.user)
    entry, campaign = selectors.campaign_part_get(ChecklistEntry.objects.all(), scope=scope, pk=pk)
    if not permissions.can_keep_town_records(scope, campaign, entry.region_id):
        raise NotPermitted()

    def save(data: dict[str, Any]) -> ChecklistEntry:
        activity = None
        if data.get("activity"):
            activity = selectors.activity_queryset(scope).select_related("region").filter(pk=data["activity"]).first()
            if activity is None:
                raise DomainError(_("There is no activity with this number."))
        return services.checklist_mark(
            actor=request.user, scope=scope, entry=entry, done_on=data["done_on"], note=data["note"], activity=activity
        )

    return inline(
        request,
        forms.ChecklistMarkForm(request.POST),
        save=save,
        success=reverse("supervision:campaign_checklist", args=[campaign.pk]),
        template="supervision/campaign_checklist.html",
        context=lambda: _checklist_context(scope, campaign),
    )


@login_required
@require_POST
def indicator_add(request: AuthedRequest, pk: int) -> HttpResponse:
    return CAMPAIGN_PAGE.post_form(
        request, pk, lambda scope, campaign: forms.IndicatorForm(request.POST), services.indicator_add, anchor="#indicators"
    )


def _indicator(request: AuthedRequest, pk: int) -> tuple[Scope, Indicator]:
    scope = scope_for(request.user)
    return scope, selectors.campaign_part_get(Indicator.objects.all(), scope=scope, pk=pk)[0]


def _indicator_context(scope: Scope, indicator: Indicator) -> dict[str, Any]:
    return {
        "indicator": indicator,
        "campaign": indicator.campaign,
        "reports": list(indicator.reports.select_related("entered_by")),
        "can_manage": permissions.can_manage_campaign(scope, indicator.campaign),
        "report_form": forms.IndicatorReportForm(initial={"reported_on": timezone.localdate()}),
    }


@login_required
def indicator_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """An indicator as the government reported it: each report with its source and date (never a count)."""
    scope, indicator = _indicator(request, pk)
    return render(request, "supervision/indicator_detail.html", _indicator_context(scope, indicator))


@login_required
@require_POST
def indicator_report_add(request: AuthedRequest, pk: int) -> HttpResponse:
    scope, indicator = _indicator(request, pk)
    if not permissions.can_manage_campaign(scope, indicator.campaign):
        raise NotPermitted()
    return inline(
        request,
        forms.IndicatorReportForm(request.POST),
        save=lambda data: services.indicator_report_add(actor=request.user, scope=scope, indicator=indicator, **data),
        success=reverse("supervision:indicator_detail", args=[indicator.pk]),
        template="supervision/indicator_detail.html",
        context=lambda: _indicator_context(scope, indicator),
    )
