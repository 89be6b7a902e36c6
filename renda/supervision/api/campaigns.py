"""The supervision API of themed campaigns (专项监督): the campaign and its plan, the towns' lists, targets and their
closing (销号), the checklist, and the indicators the government reports."""

from __future__ import annotations

import datetime
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Schema

from renda.core.lifecycle import actions_payload
from renda.core.routes import fields, page_payload, page_schema
from renda.core.schemas import ERRORS, ActionOut, BigNumber, Day, Id, PageNumber, PageSize
from renda.org.models import Body, Person, Region, Unit
from renda.org.scoping import Scope, scope_for

from .. import permissions, selectors, services
from ..figures import campaign_figures, latest_reports
from ..lifecycles import CAMPAIGN, TARGET
from ..models import Campaign, ChecklistEntry, Indicator, Target
from ._common import _found, _found_all, _post, _user, record, router

R = TypeVar("R", bound=Model)


class CampaignIn(Schema):
    organiser_id: Id
    code: str
    title: str
    start_date: Day
    end_date: Day
    plan: str = ""
    plan_adopted_on: Day | None = None
    levels: str = Campaign.Levels.DISTRICT_AND_TOWNS
    with_town_lists: bool = True
    with_checklist: bool = False


class CampaignMoveIn(Schema):
    action: str
    on: Day | None = None
    text: str = ""


class TargetIn(Schema):
    name: str
    region_id: Id
    kind: str = ""
    note: str = ""


class TargetMoveIn(Schema):
    action: str
    leader_id: Id | None = None
    due_on: Day | None = None
    on: Day | None = None


class TargetOut(Schema):
    id: int
    name: str
    kind: str
    region_id: int
    leader: str | None
    adopted_on: datetime.date | None
    due_on: datetime.date | None
    closed_on: datetime.date | None
    state: str
    actions: list[ActionOut]


class ListEntryIn(Schema):
    region_id: Id
    list_code: str
    title: str
    text: str = ""
    on: Day | None = None


class IdOut(Schema):
    id: int


class ChecklistSubjectsIn(Schema):
    region_ids: list[Id] = []
    unit_ids: list[Id] = []


class CountOut(Schema):
    created: int


class ChecklistMarkIn(Schema):
    done_on: Day
    note: str = ""
    activity_id: Id | None = None


class ChecklistOut(Schema):
    id: int
    region_id: int
    unit_id: int | None
    item: str
    done_on: datetime.date | None
    note: str
    activity_id: int | None


class IndicatorIn(Schema):
    code: str
    name: str
    unit_label: str = ""


class IndicatorReportIn(Schema):
    value: BigNumber
    source: str
    reported_on: Day
    note: str = ""


class ReportedOut(Schema):
    indicator_id: int
    code: str
    name: str
    unit_label: str
    value: int | None
    source: str | None
    reported_on: datetime.date | None
    counted: bool  # always false: a value reported by the government, not counted here


class CampaignOut(Schema):
    id: int
    code: str
    title: str
    organiser_id: int
    start_date: datetime.date
    end_date: datetime.date
    state: str


class CampaignFiguresOut(Schema):
    activities: int
    participations: int
    deputy_participations: int
    suggestions: int
    targets_listed: int
    targets_adopted: int
    targets_closed: int
    checklist_done: int
    checklist_total: int


class CampaignDetailOut(CampaignOut):
    plan: str
    plan_adopted_on: datetime.date | None
    mobilised_on: datetime.date | None
    mobilisation: str
    town_lists: list[dict[str, Any]]
    checklist: list[dict[str, Any]]
    figures: CampaignFiguresOut
    indicators: list[ReportedOut]
    targets: list[TargetOut]
    actions: list[ActionOut]


CampaignPage = page_schema("CampaignPage", CampaignOut)


def _campaign_out(c: Campaign) -> dict[str, Any]:
    return {
        "id": c.pk,
        **fields(c, "code", "title", "organiser_id", "start_date", "end_date", "state"),
    }


def _target_out(scope: Scope, t: Target) -> dict[str, Any]:
    return {
        "id": t.pk,
        **fields(t, "name", "kind", "region_id"),
        "leader": t.leader.name if t.leader_id and t.leader else None,
        **fields(t, "adopted_on", "due_on", "closed_on", "state"),
        "actions": actions_payload(TARGET.available(t, scope)),
    }


def _campaign_detail(scope: Scope, c: Campaign) -> dict[str, Any]:
    f = campaign_figures(c)
    return {
        **_campaign_out(c),
        **fields(c, "plan", "plan_adopted_on", "mobilised_on", "mobilisation"),
        "town_lists": list(c.town_lists),
        "checklist": list(c.checklist),
        "figures": {
            **fields(f, "activities", "participations", "deputy_participations", "suggestions"),
            "targets_listed": f.targets.get("listed", 0),
            "targets_adopted": f.targets.get("adopted", 0),
            "targets_closed": f.targets.get("closed", 0),
            "checklist_done": f.checklist_done,
            "checklist_total": f.checklist_total,
        },
        "indicators": [
            {
                "indicator_id": r.indicator.pk,
                "code": r.indicator.code,
                "name": r.indicator.name,
                "unit_label": r.indicator.unit_label,
                "value": r.report.value if r.report else None,
                "source": r.report.source if r.report else None,
                "reported_on": r.report.reported_on if r.report else None,
                "counted": False,
            }
            for r in latest_reports(c)
        ],
        "targets": [_target_out(scope, t) for t in c.targets.select_related("leader", "campaign__organiser")],
        "actions": actions_payload(CAMPAIGN.available(c, scope)),
    }


CAMPAIGN_ROUTES = record(selectors.campaign_get, _campaign_detail, "campaign", CampaignDetailOut)


@router.get("/campaigns", response={200: CampaignPage, **ERRORS}, summary="Campaigns the caller may see")
def campaigns(request: HttpRequest, page: PageNumber = 1, page_size: PageSize = 50) -> dict[str, Any]:
    scope = scope_for(request.user)
    return page_payload(selectors.campaign_list(scope=scope), page, page_size, _campaign_out)


@router.get("/campaigns/{campaign_id}", response={200: CampaignDetailOut, **ERRORS}, summary="One campaign with its figures")
def campaign(request: HttpRequest, campaign_id: Id) -> dict[str, Any]:
    return CAMPAIGN_ROUTES.read(request, campaign_id)


@CAMPAIGN_ROUTES.post("/campaigns", "A campaign of the standing committee")
def campaign_create(request: HttpRequest, payload: CampaignIn) -> dict[str, Any]:
    def create(scope: Scope, actor: Any) -> Campaign:
        organiser = _found(Body.objects.select_related("region"), payload.organiser_id, _("organiser"))
        data = payload.dict(exclude={"organiser_id"})
        return services.campaign_create(actor=actor, scope=scope, organiser=organiser, **data)

    return CAMPAIGN_ROUTES.create(request, create, allowed=permissions.can_create_campaigns)


def _campaign(request: HttpRequest, campaign_id: int) -> tuple[Scope, Campaign]:
    scope = scope_for(request.user)
    return scope, selectors.campaign_get(scope=scope, pk=campaign_id)


def _of_campaign(request: HttpRequest, qs: QuerySet[R], pk: int) -> tuple[Scope, R]:
    """A row of a campaign (a target, a checklist entry, an indicator) whose campaign the caller may see, else 404."""
    scope = scope_for(request.user)
    return scope, selectors.campaign_part_get(qs, scope=scope, pk=pk)[0]


@CAMPAIGN_ROUTES.post("/campaigns/{campaign_id}/actions", "mobilise, conclude")
def campaign_action(request: HttpRequest, campaign_id: Id, payload: CampaignMoveIn) -> dict[str, Any]:
    return CAMPAIGN_ROUTES.call(request, campaign_id, services.campaign_transition, **payload.dict())


def _target(scope: Scope, pk: int) -> dict[str, Any]:
    return _target_out(scope, Target.objects.select_related("leader", "campaign__organiser").get(pk=pk))


@_post("/campaigns/{campaign_id}/targets", TargetOut, "A target of the campaign")
def target_add(request: HttpRequest, campaign_id: Id, payload: TargetIn) -> dict[str, Any]:
    scope, c = _campaign(request, campaign_id)
    region = _found(Region.objects.all(), payload.region_id, _("region"))
    data = payload.dict(exclude={"region_id"})
    return _target(scope, services.target_add(actor=_user(request), scope=scope, campaign=c, region=region, **data).pk)


@_post("/targets/{target_id}/actions", TargetOut, "adopt (leader_id, due_on), close (销号)")
def target_action(request: HttpRequest, target_id: Id, payload: TargetMoveIn) -> dict[str, Any]:
    scope, t = _of_campaign(request, Target.objects.all(), target_id)
    leader = _found(Person.objects.all(), payload.leader_id, _("person")) if payload.leader_id else None
    data = payload.dict(exclude={"leader_id"})
    services.target_transition(actor=_user(request), scope=scope, target=t, leader=leader, **data)
    return _target(scope, t.pk)


@_post("/campaigns/{campaign_id}/list-entries", IdOut, "An entry of a town's list")
def list_entry_add(request: HttpRequest, campaign_id: Id, payload: ListEntryIn) -> dict[str, Any]:
    scope, c = _campaign(request, campaign_id)
    region = _found(Region.objects.all(), payload.region_id, _("town"))
    data = payload.dict(exclude={"region_id"})
    return {"id": services.list_entry_add(actor=_user(request), scope=scope, campaign=c, region=region, **data).pk}


@_post("/campaigns/{campaign_id}/checklist", CountOut, "Give towns and units the checklist")
def checklist_subjects(request: HttpRequest, campaign_id: Id, payload: ChecklistSubjectsIn) -> dict[str, Any]:
    scope, c = _campaign(request, campaign_id)
    refusal = _("Unknown town or unit.")
    regions = _found_all(Region.objects.all(), payload.region_ids, refusal)
    units = _found_all(Unit.objects.select_related("region"), payload.unit_ids, refusal)
    n = services.checklist_subjects_add(actor=_user(request), scope=scope, campaign=c, regions=regions, units=units)
    return {"created": n}


@_post("/checklist/{entry_id}", ChecklistOut, "Mark a checklist item done")
def checklist_mark(request: HttpRequest, entry_id: Id, payload: ChecklistMarkIn) -> dict[str, Any]:
    scope, entry = _of_campaign(request, ChecklistEntry.objects.all(), entry_id)
    activities = selectors.activity_queryset(scope).select_related("region")
    activity = _found(activities, payload.activity_id, _("activity")) if payload.activity_id else None
    data = payload.dict(exclude={"activity_id"})
    e = services.checklist_mark(actor=_user(request), scope=scope, entry=entry, activity=activity, **data)
    return {
        "id": e.pk,
        **fields(e, "region_id", "unit_id", "item", "done_on", "note", "activity_id"),
    }


@_post("/campaigns/{campaign_id}/indicators", ReportedOut, "An indicator the government reports")
def indicator_add(request: HttpRequest, campaign_id: Id, payload: IndicatorIn) -> dict[str, Any]:
    scope, c = _campaign(request, campaign_id)
    return _reported(services.indicator_add(actor=_user(request), scope=scope, campaign=c, **payload.dict()))


def _reported(i: Indicator) -> dict[str, Any]:
    report = i.reports.order_by("-reported_on", "-pk").first()
    return {
        "indicator_id": i.pk,
        **fields(i, "code", "name", "unit_label"),
        "value": report.value if report else None,
        "source": report.source if report else None,
        "reported_on": report.reported_on if report else None,
        "counted": False,
    }


@_post("/indicators/{indicator_id}/reports", ReportedOut, "A value as reported, with its source and date")
def indicator_report(request: HttpRequest, indicator_id: Id, payload: IndicatorReportIn) -> dict[str, Any]:
    scope, i = _of_campaign(request, Indicator.objects.all(), indicator_id)
    services.indicator_report_add(actor=_user(request), scope=scope, indicator=i, **payload.dict())
    return _reported(i)
