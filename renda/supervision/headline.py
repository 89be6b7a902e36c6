"""Supervision's headline figures for the work overview: inspections, research visits and law-enforcement checks held
in the period (outside campaigns), special inquiries held, the campaigns' activities, deputy participations (人次) and
suggestions — each linked to the list of exactly the records it counts — and each campaign's indicators as the
government reported them (a reported value, linked to the report, never summed)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from renda.core.headline import Figure, Period
from renda.org.scoping import Scope

from . import permissions, selectors
from .figures import latest_reports, supervision_counts
from .models import Activity

#: activities outside campaigns counted per kind: (figure key, kind)
KIND_FIGURES = [
    ("inspections", Activity.Kind.INSPECTION),
    ("research_visits", Activity.Kind.RESEARCH),
    ("law_checks", Activity.Kind.LAW_CHECK),
]


def figures(scope: Scope, period: Period) -> list[Figure]:
    if not permissions.can_list_activities(scope):
        return []
    section = _("Supervision")
    counts = supervision_counts(scope=scope, date_from=period.date_from, date_to=period.date_to)
    activities = reverse("supervision:activity_list") + "?"
    out = [
        Figure(
            section,
            key,
            str(Activity.Kind(kind).label),
            counts.by_kind.get(kind, 0),
            activities + period.query(kind=kind, campaign=selectors.NO_CAMPAIGN, held=1),
            note=_("outside campaigns"),
        )
        for key, kind in KIND_FIGURES
    ]
    out.append(
        Figure(
            section,
            "inquiries",
            _("special inquiries"),
            counts.inquiries,
            reverse("supervision:inquiry_list") + "?" + period.query(held=1),
        )
    )
    campaigns = _("Campaigns")
    out += [
        Figure(
            campaigns,
            "campaign_activities",
            _("campaign activities"),
            counts.campaign_activities,
            activities + period.query(campaign=selectors.ANY_CAMPAIGN, held=1),
        ),
        Figure(
            campaigns,
            "campaign_deputy_participations",
            _("deputy participations in campaigns"),
            counts.campaign_deputy_participations,
            reverse("supervision:participation_list") + "?" + period.query(campaign=selectors.ANY_CAMPAIGN, deputies=1, held=1),
        ),
        Figure(
            campaigns,
            "campaign_suggestions",
            _("suggestions raised in campaigns"),
            counts.campaign_suggestions,
            reverse("supervision:finding_list") + "?" + period.query(campaign=selectors.ANY_CAMPAIGN, kind="suggestion", held=1),
        ),
    ]
    for campaign in selectors.campaign_list(scope=scope).filter(start_date__lte=period.date_to, end_date__gte=period.date_from):
        for reported in latest_reports(campaign, period.date_from, period.date_to):
            report = reported.report
            if report is None:
                continue
            out.append(
                Figure(
                    campaigns,
                    f"indicator_{campaign.code}_{reported.indicator.code}",
                    f"{reported.indicator.name}（{campaign.title}）",
                    int(report.value),
                    reverse("supervision:indicator_detail", args=[reported.indicator.pk]),
                    note=_("reported by %(source)s on %(date)s, not counted here")
                    % {"source": report.source, "date": formats.date_format(report.reported_on, "SHORT_DATE_FORMAT")},
                )
            )
    return out
