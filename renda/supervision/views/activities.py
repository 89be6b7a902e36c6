"""Pages of supervision activities: the list, one activity (its group, places, articles, findings, report, opinions,
where its report is heard), the participations and findings lists, a participant's finding from a phone."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renda.core import pages
from renda.core.errors import DomainError, NotPermitted
from renda.core.listing import Export, list_or_export
from renda.core.requests import AuthedRequest
from renda.meetings.models import AgendaItem
from renda.org.scoping import Scope, scope_allowed, scope_for
from renda.suggestions.rules import CATEGORIES
from renda.suggestions.rules import rule as suggestion_rule

from .. import documents, forms, permissions, selectors, services
from ..lifecycles import ACTIVITY, activity_actions
from ..models import Activity, Finding, Participation
from ._common import RecordPage, action, form_page

DETAIL = "supervision/activity_detail.html"


def _campaigns(scope: Scope) -> Any:
    return selectors.campaign_list(scope=scope) if permissions.can_list_campaigns(scope) else []


def _filters(form: forms.ActivityFilterForm) -> selectors.ActivityFilters:
    data = form.cleaned_data if form.is_valid() else {}
    return selectors.ActivityFilters(
        kind=data.get("kind") or "",
        state=data.get("state") or "",
        campaign=data.get("campaign") or "",
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        held=bool(data.get("held")),
        q=data.get("q") or "",
    )


ACTIVITY_HEADERS = ["活动", "类型", "组织机构", "区域", "主题活动", "开始日期", "结束日期", "状态", "报告通过日期"]


def _activity_cells(rows: Any) -> Any:
    for a in rows.iterator(chunk_size=2000):
        yield (
            a.title,
            a.get_kind_display(),
            a.organiser.name,
            a.region.name,
            a.campaign.title if a.campaign else "",
            a.start_date,
            a.end_date,
            a.get_state_display(),
            a.reported_on or "",
        )


@login_required
def activity_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_allowed(request.user, permissions.can_list_activities)
    form = forms.ActivityFilterForm(request.GET or None, campaigns=_campaigns(scope))
    rows = selectors.activity_list(scope=scope, filters=_filters(form))
    return list_or_export(
        request,
        rows,
        template="supervision/activity_list.html",
        context={"form": form, "can_create": permissions.can_create_activities(scope)},
        export=Export(_("supervision activities"), ACTIVITY_HEADERS, _activity_cells),
        large=True,
        deferred_offset=0,
    )


@login_required
def activity_create(request: AuthedRequest) -> HttpResponse:
    return ACTIVITY_PAGE.create(
        request,
        lambda scope: forms.ActivityForm(
            request.POST or None,
            initial={"campaign": request.GET.get("campaign")},
            choices={
                "organiser": selectors.organiser_choices(scope=scope),
                "campaign": selectors.campaign_list(scope=scope).filter(state__in=sorted(_open_campaign_states())),
            },
        ),
        services.activity_create,
        allowed=permissions.can_create_activities,
        title=_("New supervision activity"),
        message=lambda a: _("%(title)s is planned.") % {"title": a.title},
    )


def _open_campaign_states() -> frozenset[str]:
    from ..lifecycles import CAMPAIGN

    return CAMPAIGN.group("open")


def _context(scope: Scope, activity: Activity) -> dict[str, Any]:
    manage = permissions.can_manage_activity(scope, activity)
    editable = ACTIVITY.in_group(activity, "editable")
    findings = selectors.activity_findings(activity=activity)
    group = selectors.activity_group(activity=activity) if manage or permissions.is_staff(scope) else []
    return {
        "activity": activity,
        "group": group,
        "n_group": len(group) if group else Participation.objects.filter(activity=activity).count(),
        "places": list(activity.places.all()),
        "articles": list(activity.articles.all()),
        "findings": findings,
        "opinions": selectors.activity_opinions(activity=activity),
        "review_opinions": selectors.review_opinions_heard(activity=activity),
        "actions": activity_actions(activity, scope),
        "can_manage": manage,
        "can_edit": manage and editable,
        "can_add_finding": permissions.can_add_finding(scope, activity)
        and (ACTIVITY.in_group(activity, "in_field") or (manage and (editable or ACTIVITY.can(activity, "close")))),
        "can_report": manage and ACTIVITY.allowed(activity, scope, "report"),
        "can_send_opinions": manage and ACTIVITY.in_group(activity, "held"),
        "has_report": ACTIVITY.in_group(activity, "reported"),
        "is_law_check": activity.kind == Activity.Kind.LAW_CHECK,
        "place_form": forms.PlaceForm(),
        "article_form": forms.ArticleForm(),
    }


ACTIVITY_PAGE = RecordPage(selectors.activity_get, "activity", DETAIL, _context, manage=permissions.can_manage_activity)


activity_detail = login_required(ACTIVITY_PAGE.detail)


@login_required
def activity_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    scope, activity = ACTIVITY_PAGE.managed(request, pk)
    form = forms.ActivityEditForm(
        request.POST or None,
        initial={k: getattr(activity, k) for k in ("title", "start_date", "end_date", "law", "plan")},
    )
    return form_page(
        request,
        form,
        save=lambda data: services.activity_update(actor=request.user, scope=scope, activity=activity, **data),
        success=reverse("supervision:activity_detail", args=[activity.pk]),
        context={"title": _("Change the plan"), "activity": activity},
    )


@login_required
@require_POST
def activity_transition(request: AuthedRequest, pk: int) -> HttpResponse:
    return ACTIVITY_PAGE.move(request, pk, services.activity_transition)


@login_required
def activity_report(request: AuthedRequest, pk: int) -> HttpResponse:
    scope, activity = ACTIVITY_PAGE.managed(request, pk)
    form = forms.ReportForm(request.POST or None, initial={"text": activity.report_text})
    return form_page(
        request,
        form,
        save=lambda data: services.activity_report(actor=request.user, scope=scope, activity=activity, text=data["text"]),
        success=reverse("supervision:activity_detail", args=[activity.pk]),
        message=_("The report is adopted."),
        context={"title": _("The activity's report"), "activity": activity},
    )


@login_required
def activity_report_docx(request: AuthedRequest, pk: int) -> HttpResponse:
    scope, activity = ACTIVITY_PAGE.found(request, pk)
    if not ACTIVITY.in_group(activity, "reported") or not permissions.is_staff(scope):
        raise NotPermitted()
    data = documents.activity_report_docx(activity)
    return pages.download(data, documents.report_filename(activity), documents.DOCX)


@login_required
def participants_add(request: AuthedRequest, pk: int) -> HttpResponse:
    scope, activity = ACTIVITY_PAGE.managed(request, pk)
    people = selectors.candidates(activity=activity)
    form = forms.ParticipantsForm(request.POST or None, choices={"people": people, "leader": people})
    return form_page(
        request,
        form,
        save=lambda data: services.participants_add(
            actor=request.user, scope=scope, activity=activity, people=list(data["people"]), leader=data.get("leader")
        ),
        success=reverse("supervision:activity_detail", args=[activity.pk]) + "#group",
        message=_("The group is updated."),
        context={"title": _("Add to the group"), "activity": activity},
    )


@login_required
@require_POST
def participant_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    scope = scope_for(request.user)
    participation = Participation.objects.filter(pk=pk).first()
    if participation is None:
        raise Http404
    activity = selectors.activity_get(scope=scope, pk=participation.activity_id)
    participation.activity = activity
    return action(
        request,
        lambda: services.participant_remove(actor=request.user, scope=scope, participation=participation),
        **ACTIVITY_PAGE.back(request, scope, activity, "#group"),
    )


@login_required
@require_POST
def place_add(request: AuthedRequest, pk: int) -> HttpResponse:
    return ACTIVITY_PAGE.post_form(
        request, pk, lambda scope, activity: forms.PlaceForm(request.POST), services.place_add, anchor="#places"
    )


@login_required
@require_POST
def article_record(request: AuthedRequest, pk: int) -> HttpResponse:
    return ACTIVITY_PAGE.post_form(
        request, pk, lambda scope, activity: forms.ArticleForm(request.POST), services.article_record, anchor="#articles"
    )


@login_required
def finding_add(request: AuthedRequest, pk: int) -> HttpResponse:
    """A finding, from a phone: the participant writes what they found or propose while the group is out."""
    scope, activity = ACTIVITY_PAGE.managed(request, pk, may=permissions.can_add_finding)
    form = forms.FindingForm(request.POST or None, initial={"client_token": uuid.uuid4().hex})
    mine = permissions.can_use_mine(scope) and not permissions.can_manage_activity(scope, activity)
    return form_page(
        request,
        form,
        save=lambda data: services.finding_add(actor=request.user, scope=scope, activity=activity, **data),
        success=reverse("supervision:mine") if mine else reverse("supervision:activity_detail", args=[activity.pk]) + "#findings",
        message=_("Your finding is recorded."),
        template="supervision/finding_form.html",
        context={"activity": activity},
    )


@login_required
def activity_opinion_add(request: AuthedRequest, pk: int) -> HttpResponse:
    scope, activity = ACTIVITY_PAGE.managed(request, pk)
    finding_id = request.GET.get("finding") or request.POST.get("finding")
    form = forms.ActivityOpinionForm(
        request.POST or None,
        initial={"finding": finding_id, "text": _finding_text(activity, finding_id)},
        choices={"unit": selectors.units_for(scope=scope), "finding": Finding.objects.filter(activity=activity)},
    )

    def success(opinion: Any) -> str:
        if activity.heard_at_id is not None:
            return reverse("meetings:opinion_detail", args=[opinion.pk])
        return reverse("supervision:opinion_detail", args=[opinion.pk])

    return form_page(
        request,
        form,
        save=lambda data: services.activity_opinion_add(actor=request.user, scope=scope, activity=activity, **data),
        success=success,
        context={"title": _("Opinions for a unit"), "activity": activity, "heard_at": activity.heard_at},
    )


def _finding_text(activity: Activity, finding_id: object) -> str:
    if not str(finding_id or "").isdigit():
        return ""
    finding = Finding.objects.filter(activity=activity, pk=int(str(finding_id))).first()
    return finding.text if finding else ""


@login_required
def activity_hearing(request: AuthedRequest, pk: int) -> HttpResponse:
    scope, activity = ACTIVITY_PAGE.managed(request, pk)
    form = forms.HearingForm(
        request.POST or None, choices={"meeting": selectors.hearing_meetings(scope=scope, activity=activity)}
    )

    def save(data: dict[str, Any]) -> Activity:
        item = None
        if data.get("item"):
            item = AgendaItem.objects.filter(meeting=data["meeting"], order=data["item"]).first()
            if item is None:
                raise DomainError(_("That meeting has no agenda item with this number."))
        return services.activity_hearing_set(
            actor=request.user, scope=scope, activity=activity, item=item, meeting=None if item else data["meeting"]
        )

    return form_page(
        request,
        form,
        save=save,
        success=reverse("supervision:activity_detail", args=[activity.pk]),
        message=_("The report is on the meeting's agenda."),
        context={"title": _("Where the report is heard"), "activity": activity, "items_hint": True},
    )


# --- participations and findings -------------------------------------------------------------------------------

PARTICIPATION_HEADERS = ["日期", "活动", "类型", "姓名", "身份", "代表资格", "区域"]


def _participation_cells(rows: Any) -> Any:
    for p in rows.iterator(chunk_size=2000):
        yield (
            p.date,
            p.activity.title,
            p.get_kind_display(),
            p.person.name,
            p.get_role_display(),
            p.deputy.congress.name if p.deputy else "",
            p.region.name,
        )


def _row_list(request: AuthedRequest, form_class: Any, rows_for: Any, template: str, export: Export) -> HttpResponse:
    """A big list of rows (participations, findings) filtered by kind, campaign, period and activity."""
    scope = scope_allowed(request.user, permissions.can_list_activities)
    form = form_class(request.GET or None, campaigns=_campaigns(scope))
    data = form.cleaned_data if form.is_valid() else {}
    common = {
        "kind": data.get("kind") or "",
        "campaign": data.get("campaign") or "",
        "held": bool(data.get("held")),
        "activity": data.get("activity"),
        "date_from": data.get("date_from"),
        "date_to": data.get("date_to"),
    }
    rows = rows_for(scope, common, data)
    return list_or_export(request, rows, template=template, context={"form": form}, export=export, large=True, deferred_offset=0)


@login_required
def participation_list(request: AuthedRequest) -> HttpResponse:
    return _row_list(
        request,
        forms.ParticipationFilterForm,
        lambda scope, common, data: selectors.participation_list(
            scope=scope, filters=selectors.ParticipationFilters(deputies=bool(data.get("deputies")), **common)
        ),
        "supervision/participation_list.html",
        Export(_("participations"), PARTICIPATION_HEADERS, _participation_cells),
    )


FINDING_HEADERS = ["日期", "活动", "类别", "内容", "地点", "提出人", "区域", "转为代表建议"]


def _finding_cells(rows: Any) -> Any:
    for f in rows.iterator(chunk_size=2000):
        yield (
            f.on,
            f.activity.title,
            f.get_kind_display(),
            f.text,
            f.place,
            f.author.name if f.author else "",
            f.region.name,
            f.suggestion.number if f.suggestion else "",
        )


@login_required
def finding_list(request: AuthedRequest) -> HttpResponse:
    return _row_list(
        request,
        forms.FindingFilterForm,
        lambda scope, common, data: selectors.finding_list(scope=scope, filters=selectors.FindingFilters(**common)),
        "supervision/finding_list.html",
        Export(_("findings"), FINDING_HEADERS, _finding_cells),
    )


@login_required
def finding_raise(request: AuthedRequest, pk: int) -> HttpResponse:
    """A deputy raises their own suggestion from an activity as a deputy's suggestion (the suggestions app)."""
    scope = scope_for(request.user)
    finding = (
        Finding.objects.filter(pk=pk, author_id=scope.person_id).select_related("activity", "region").first()
        if scope.person_id
        else None
    )
    if finding is None:
        if not scope.person_id:
            raise NotPermitted()
        raise Http404
    if not permissions.can_raise_finding(scope, finding):
        raise NotPermitted()
    categories = list(suggestion_rule(CATEGORIES, finding.region))
    form = forms.RaiseForm(request.POST or None, categories=categories, initial={"title": finding.text[:40]})
    return form_page(
        request,
        form,
        save=lambda data: services.finding_raise_as_suggestion(actor=request.user, scope=scope, finding=finding, **data),
        success=lambda s: reverse("suggestions:detail", args=[s.pk]),
        message=_("Your suggestion is submitted."),
        context={"title": _("Raise as a deputy's suggestion"), "finding": finding},
    )
