"""Pages of special inquiries: the list, a new inquiry on a standing-committee meeting, one inquiry with its questions
and answers, the satisfaction vote (a meetings poll) and its follow-up items (review opinions)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renda.core.listing import list_or_export
from renda.core.requests import AuthedRequest
from renda.meetings import permissions as meeting_permissions
from renda.meetings.lifecycles import MEETING, POLL
from renda.meetings.models import Attendance, Meeting, ReviewOpinion
from renda.meetings.results import poll_result
from renda.org.models import Body, Person, Unit
from renda.org.scoping import Scope, scope_allowed

from .. import forms, permissions, selectors, services
from ..lifecycles import INQUIRY
from ..models import Inquiry
from ._common import RecordPage, action

DETAIL = "supervision/inquiry_detail.html"


@login_required
def inquiry_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_allowed(request.user, permissions.can_list_inquiries)
    form = forms._Period(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    rows = selectors.inquiry_list(
        scope=scope,
        filters=selectors.InquiryFilters(
            held=bool(data.get("held")), date_from=data.get("date_from"), date_to=data.get("date_to")
        ),
    )
    return list_or_export(
        request,
        rows,
        template="supervision/inquiry_list.html",
        context={"form": form, "can_create": permissions.can_create_inquiries(scope)},
    )


@login_required
def inquiry_create(request: AuthedRequest) -> HttpResponse:
    def form(scope: Scope) -> forms.InquiryForm:
        meetings = Meeting.objects.filter(body__kind=Body.Kind.STANDING_COMMITTEE, state__in=MEETING.group("editable"))
        managed = [m.pk for m in meetings.select_related("body") if meeting_permissions.can_manage_meeting(scope, m)]
        choices = {"meeting": Meeting.objects.filter(pk__in=managed), "units": selectors.units_for(scope=scope)}
        return forms.InquiryForm(request.POST or None, choices=choices)

    return INQUIRY_PAGE.create(
        request, form, services.inquiry_create, allowed=permissions.can_create_inquiries, title=_("New special inquiry")
    )


def _context(scope: Scope, inquiry: Inquiry) -> dict[str, Any]:
    manage = permissions.can_manage_inquiry(scope, inquiry)
    units = list(inquiry.units.select_related("unit"))
    unit_qs = Unit.objects.filter(pk__in=[u.unit_id for u in units])
    poll = inquiry.poll
    shows = poll is not None and (POLL.in_group(poll, "published") or (manage and POLL.in_group(poll, "counting")))
    return {
        "inquiry": inquiry,
        "units": units,
        "questions": list(inquiry.questions.select_related("asker", "unit")),
        "followups": list(ReviewOpinion.objects.filter(item_id=inquiry.item_id).select_related("unit").order_by("pk")),
        "poll": poll,
        "result": poll_result(poll) if shows and poll is not None else None,
        "poll_actions": POLL.available(poll, scope) if manage and poll is not None else [],
        "actions": INQUIRY.available(inquiry, scope),
        "can_manage": manage,
        "can_add_questions": manage and INQUIRY.in_group(inquiry, "open"),
        "question_form": forms.QuestionForm(choices={"asker": _askers(inquiry), "unit": unit_qs}),
        "followup_form": forms.FollowupForm(choices={"unit": unit_qs}),
        "vote_form": forms.PollKindForm(),
    }


INQUIRY_PAGE = RecordPage(selectors.inquiry_get, "inquiry", DETAIL, _context, manage=permissions.can_manage_inquiry)


def _units(inquiry: Inquiry) -> Any:
    """The units the inquiry questions."""
    return Unit.objects.filter(pk__in=inquiry.units.values("unit_id"))


def _askers(inquiry: Inquiry) -> Any:
    return Person.objects.filter(pk__in=Attendance.objects.filter(meeting_id=inquiry.meeting_id).values("person_id")).order_by(
        "name_pinyin"
    )


inquiry_detail = login_required(INQUIRY_PAGE.detail)


@login_required
@require_POST
def inquiry_transition(request: AuthedRequest, pk: int) -> HttpResponse:
    return INQUIRY_PAGE.move(request, pk, services.inquiry_transition)


@login_required
@require_POST
def question_add(request: AuthedRequest, pk: int) -> HttpResponse:
    return INQUIRY_PAGE.post_form(
        request,
        pk,
        lambda scope, inquiry: forms.QuestionForm(request.POST, choices={"asker": _askers(inquiry), "unit": _units(inquiry)}),
        services.question_add,
        anchor="#questions",
    )


@login_required
@require_POST
def inquiry_vote(request: AuthedRequest, pk: int) -> HttpResponse:
    scope, inquiry = INQUIRY_PAGE.managed(request, pk)
    kind_form = forms.PollKindForm(request.POST)
    kind = kind_form.cleaned_data["kind"] if kind_form.is_valid() else "secret"
    return action(
        request,
        lambda: services.inquiry_vote(
            actor=request.user, scope=scope, inquiry=inquiry, action=request.POST.get("action", ""), kind=kind
        ),
        **INQUIRY_PAGE.back(request, scope, inquiry, "#vote"),
    )


@login_required
@require_POST
def inquiry_followup(request: AuthedRequest, pk: int) -> HttpResponse:
    return INQUIRY_PAGE.post_form(
        request,
        pk,
        lambda scope, inquiry: forms.FollowupForm(request.POST, choices={"unit": _units(inquiry)}),
        services.inquiry_followup_add,
        anchor="#followups",
    )
