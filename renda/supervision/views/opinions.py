"""Pages of the opinions sent to units directly after an activity: the list (staff; a unit clerk their unit's), one
opinion with its moves, the unit's handling report."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renda.core.listing import Export, int_param, list_or_export
from renda.core.requests import AuthedRequest
from renda.meetings.models import Meeting
from renda.org.scoping import Scope, scope_allowed

from .. import forms, permissions, selectors, services
from ..lifecycles import OPINION
from ..models import SupervisionOpinion
from ._common import RecordPage, form_page

DETAIL = "supervision/opinion_detail.html"
HEADERS = ["活动", "单位", "意见", "状态", "送交日期", "报告期限", "报告日期"]


def _cells(rows: Any) -> Any:
    for o in rows:
        yield (
            o.activity.title,
            o.unit.name,
            o.text,
            o.get_state_display(),
            o.sent_on or "",
            o.deadline or "",
            o.reported_on or "",
        )


@login_required
def opinion_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_allowed(request.user, permissions.can_list_opinions)
    form = forms.OpinionFilterForm(request.GET or None)
    state = form.cleaned_data.get("state", "") if form.is_valid() else ""
    return list_or_export(
        request,
        selectors.opinion_list(scope=scope, state=state),
        template="supervision/opinion_list.html",
        context={"form": form},
        export=Export(_("supervision opinions"), HEADERS, _cells),
    )


def _context(scope: Scope, opinion: SupervisionOpinion) -> dict[str, Any]:
    actions = OPINION.available(opinion, scope)
    offered = {a.action for a in actions}
    return {
        "opinion": opinion,
        "actions": [a for a in actions if a.action != "report"],
        "report": next((a for a in actions if a.action == "report"), None),
        "later_meetings": selectors.later_meetings(scope=scope, opinion=opinion) if "schedule" in offered else [],
        "findings": list(opinion.findings.all()),
    }


OPINION_PAGE = RecordPage(selectors.opinion_get, "opinion", DETAIL, _context)


opinion_detail = login_required(OPINION_PAGE.detail)


@login_required
@require_POST
def opinion_transition(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting_id = int_param(request.POST.get("meeting"), low=1)
    meeting = Meeting.objects.select_related("body").filter(pk=meeting_id).first() if meeting_id else None
    return OPINION_PAGE.move(request, pk, services.opinion_transition, meeting=meeting)


@login_required
def opinion_report(request: AuthedRequest, pk: int) -> HttpResponse:
    scope, opinion = OPINION_PAGE.managed(request, pk, may=permissions.can_report_on_opinion)
    return form_page(
        request,
        forms.HandlingReportForm(request.POST or None),
        save=lambda data: services.opinion_report(actor=request.user, scope=scope, opinion=opinion, text=data["text"]),
        success=reverse("supervision:opinion_detail", args=[opinion.pk]),
        message=_("The handling report is submitted."),
        context={"title": _("Handling report"), "opinion": opinion},
    )
