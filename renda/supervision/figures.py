"""Supervision's figures, counted from records: activities by kind, a campaign's activities, deputy participations
(人次) and suggestions, its targets and checklist; its indicators are shown as the government reported them (who,
when), never summed as if counted. Each count is over what the scope sees, for a period when one is given."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TypeVar

from django.db.models import Count, Model, Q, QuerySet

from renda.core.selectors import narrow
from renda.org.models import Region
from renda.org.scoping import Scope

from . import permissions
from .lifecycles import ACTIVITY, INQUIRY, TARGET
from .models import Activity, Campaign, ChecklistEntry, Finding, Indicator, IndicatorReport, Inquiry, Participation

M = TypeVar("M", bound=Model)


def _held() -> QuerySet[Activity]:
    return Activity.objects.filter(state__in=sorted(ACTIVITY.group("held")))


def _period(qs: QuerySet[M], field_name: str, date_from: datetime.date | None, date_to: datetime.date | None) -> QuerySet[M]:
    """`qs` within the period (either end may be open), on `field_name`."""
    return narrow(qs, **{f"{field_name}__gte": date_from, f"{field_name}__lte": date_to})


@dataclass
class SupervisionCounts:
    by_kind: dict[str, int]  # activities outside campaigns, by kind
    campaign_activities: int
    campaign_deputy_participations: int
    campaign_suggestions: int
    inquiries: int


def supervision_counts(*, scope: Scope, date_from: datetime.date, date_to: datetime.date) -> SupervisionCounts:
    """The work overview's supervision figures for a period, over what the scope sees."""
    q = permissions.activity_q(scope)
    held = _period(_held().filter(q) if q is not None else Activity.objects.none(), "start_date", date_from, date_to)
    by_kind = dict(held.filter(campaign__isnull=True).values_list("kind").annotate(n=Count("pk")).order_by())
    campaign_activities = held.filter(campaign__isnull=False).count()
    pq = permissions.participation_q(scope)
    participations = _period(
        Participation.objects.filter(pq) if pq is not None else Participation.objects.none(), "date", date_from, date_to
    )
    deputy_participations = participations.filter(
        campaign__isnull=False, deputy__isnull=False, activity_id__in=_held().filter(campaign__isnull=False).values("pk")
    ).count()
    fq = permissions.finding_q(scope)
    findings = _period(Finding.objects.filter(fq) if fq is not None else Finding.objects.none(), "on", date_from, date_to)
    suggestions = findings.filter(
        campaign__isnull=False, kind=Finding.Kind.SUGGESTION, activity_id__in=_held().filter(campaign__isnull=False).values("pk")
    ).count()
    iq = permissions.inquiry_q(scope)
    inquiries = _period(
        Inquiry.objects.filter(iq, state__in=sorted(INQUIRY.group("held"))) if iq is not None else Inquiry.objects.none(),
        "date",
        date_from,
        date_to,
    ).count()
    return SupervisionCounts(by_kind, campaign_activities, deputy_participations, suggestions, inquiries)


@dataclass
class Reported:
    """An indicator's latest value as reported (by whom, on what date)."""

    indicator: Indicator
    report: IndicatorReport | None


@dataclass
class CampaignFigures:
    activities: int
    participations: int
    deputy_participations: int
    suggestions: int
    targets: dict[str, int] = field(default_factory=dict)
    checklist_done: int = 0
    checklist_total: int = 0
    indicators: list[Reported] = field(default_factory=list)


def latest_reports(
    campaign: Campaign, date_from: datetime.date | None = None, date_to: datetime.date | None = None
) -> list[Reported]:
    """Each indicator's latest report (within the period when given): a reported value, not a count."""
    out = []
    for indicator in Indicator.objects.filter(campaign=campaign).order_by("pk"):
        reports = _period(IndicatorReport.objects.filter(indicator=indicator), "reported_on", date_from, date_to)
        out.append(Reported(indicator, reports.order_by("-reported_on", "-pk").first()))
    return out


def campaign_figures(
    campaign: Campaign,
    *,
    region: Region | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> CampaignFigures:
    """A campaign's figures (for one town when `region` is given). Participations and suggestions are read through
    their campaign indexes, restricted to activities that took place."""
    held_ids = _held().filter(campaign=campaign).values("pk")
    activities = _period(_held().filter(campaign=campaign), "start_date", date_from, date_to)
    participations = _period(
        Participation.objects.filter(campaign=campaign, activity_id__in=held_ids), "date", date_from, date_to
    )
    findings = _period(
        Finding.objects.filter(campaign=campaign, kind=Finding.Kind.SUGGESTION, activity_id__in=held_ids),
        "on",
        date_from,
        date_to,
    )
    if region is not None:
        activities = activities.filter(region__path__startswith=region.path)
        participations = participations.filter(region__path__startswith=region.path)
        findings = findings.filter(region__path__startswith=region.path)
    # counted on columns of the campaign index (index-only): every row has an activity, a deputy row its mandate
    counts = participations.aggregate(n=Count("activity"), deputies=Count("deputy"))
    targets = dict(campaign.targets.values_list("state").annotate(n=Count("pk")).order_by())
    checklist = ChecklistEntry.objects.filter(campaign=campaign)
    if region is not None:
        checklist = checklist.filter(region=region)
    check = checklist.aggregate(total=Count("pk"), done=Count("pk", filter=Q(done_on__isnull=False)))
    return CampaignFigures(
        activities=activities.count(),
        participations=counts["n"] or 0,
        deputy_participations=counts["deputies"] or 0,
        suggestions=findings.count(),
        targets={
            "listed": sum(targets.values()),
            "adopted": sum(n for s, n in targets.items() if s in TARGET.group("adopted")),
            "closed": sum(n for s, n in targets.items() if s in TARGET.group("closed")),
        },
        checklist_done=check["done"] or 0,
        checklist_total=check["total"] or 0,
        indicators=latest_reports(campaign, date_from, date_to) if region is None else [],
    )
