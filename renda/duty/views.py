"""Thin views of the duty app: read through selectors, write through services, rules from permissions.

Every page write is also an API operation (`api.py`) with the same service. A refused write shows its reason on
the same page with status 400 and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renda.core import listing, uploads
from renda.core.errors import DomainError, NotPermitted
from renda.core.pages import form_page
from renda.core.requests import AuthedRequest
from renda.org.models import Deputy
from renda.org.scoping import Scope, scope_allowed, scope_for

from . import forms, permissions, selectors, services
from .lifecycles import ACTIVITY, ATTENDANCE, REPORT, SELF_REPORT, SESSION, TOPIC
from .models import SelfReport, Topic, VoterReport

REPORT_STATES = set(VoterReport.State.values)


def _year(request: AuthedRequest) -> int | None:
    return listing.year_param(request.GET.get("year"))


def _period(request: AuthedRequest) -> selectors.Period:
    get = request.GET
    return selectors.Period(listing.year_param(get.get("year")), listing.date_param(get.get("date_from")),
                            listing.date_param(get.get("date_to")))  # fmt: skip


def _found(request: AuthedRequest, get: Callable[..., Any], pk: int) -> tuple[Scope, Any]:
    """The caller's scope and the record `get(scope=…, pk=…)` finds in it (404 outside)."""
    scope = scope_for(request.user)
    return scope, get(scope=scope, pk=pk)


def _saved(request: AuthedRequest, to: str, pk: int) -> HttpResponse:
    messages.success(request, _("Saved."))
    return redirect(to, pk=pk)


def _create(request: AuthedRequest, form: Any, make: Callable[[dict[str, Any]], Any], *, title: str, back: str, to: str,
            multipart: bool = False, intro: str = "") -> HttpResponse:  # fmt: skip
    """A create page (core's form page): on a valid POST the service (`make(cleaned_data)`), then the new record's
    page; a refusal stays on the form with its reason (400)."""
    return form_page(
        request, form, save=make, success=lambda made: reverse(to, args=[made.pk]), template="duty/form.html",
        message=_("Saved."), context={"title": title, "back": back, "multipart": multipart, "intro": intro},
    )  # fmt: skip


def _act(request: AuthedRequest, form: Any, call: Callable[[dict[str, Any]], Any], *, to: str, pk: int,
         again: Callable[[str], HttpResponse]) -> HttpResponse:  # fmt: skip
    """An action posted from a record's page: the service on the valid form, then back to the page; a refusal shows
    the page again (`again(error)`, status 400) and changes nothing."""
    if form.is_valid() and _run(form, lambda: call(form.cleaned_data)) is not None:
        return _saved(request, to, pk)
    return again(" ".join(str(e) for e in form.non_field_errors()) or _("Check the form."))


# The forms and services of a record page's actions: {action: (the bound form, the service on its cleaned data)}.
Handler = tuple[Callable[[], Any], Callable[[dict[str, Any]], Any]]
Handlers = dict[str, Handler]


def _dispatch(request: AuthedRequest, action: str, handlers: Handlers, *, to: str, pk: int,
              again: Callable[[Any, str], HttpResponse]) -> HttpResponse:  # fmt: skip
    """The action a record page posts, among `handlers` (any other: 404): its form bound to the POST, the service on
    it (`_act`); a refusal shows the page again with the bound form (`again(form, error)`)."""
    if action not in handlers:
        raise NotPermitted(hide=True)
    bind, call = handlers[action]
    form = bind()
    return _act(request, form, call, to=to, pk=pk, again=lambda error: again(form, error))


def _act_on(request: AuthedRequest, pk: int, action: str, *, get: Callable[..., Any], page: Callable[..., HttpResponse],
            handlers: Callable[[Scope, Any], Handlers], to: str) -> HttpResponse:  # fmt: skip
    """An action posted from a record's page (`get` finds the record, 404 outside the scope): `handlers(scope,
    record)` (`_dispatch`); a refusal shows the page again (`page`) with the bound form, status 400."""
    scope, obj = _found(request, get, pk)
    return _dispatch(request, action, handlers(scope, obj), to=to, pk=obj.pk, again=lambda form, error: page(
        request, scope, get(scope=scope, pk=pk), {action: form}, error=error, status=400))  # fmt: skip


def _cancel(request: AuthedRequest, scope: Scope, cancel: Callable[..., Any],
            **record: Any) -> Handler:  # fmt: skip
    """The "cancel" handler every dated record shares: a reason, then the record's cancel service."""
    return lambda: forms.ReasonForm(request.POST), lambda d: cancel(actor=request.user, scope=scope, reason=d["reason"], **record)


def _run(form: Any, call: Callable[[], Any]) -> Any:
    """Call the service; a refusal becomes the form's error (returns None)."""
    try:
        return call()
    except DomainError as exc:
        form.add_error(None, exc)
        return None


# --- quarterly topics ---------------------------------------------------------------------------------------------
def _yearly(request: AuthedRequest, rows: Callable[..., Any], template: str, can_create: Callable[[Scope], bool]) -> HttpResponse:
    """A list of a congress's yearly records (topics, training plans), of the year asked for; "new" for those who may."""
    scope = scope_for(request.user)
    context = {"can_create": can_create(scope)}
    return listing.list_or_export(request, rows(scope=scope, year=_year(request)), template=template, context=context)


def _congresses(request: AuthedRequest, may: Callable[[Scope], bool]) -> tuple[Scope, Any]:
    """The congresses a new record may be for, for those who `may` create it (403 otherwise, or with none)."""
    scope = scope_for(request.user)
    congresses = selectors.congresses_for(scope=scope)
    if not may(scope) or not congresses:
        raise NotPermitted()
    return scope, congresses


@login_required
def topic_list(request: AuthedRequest) -> HttpResponse:
    return _yearly(request, selectors.topic_list, "duty/topic_list.html", permissions.can_create_topics)


@login_required
def topic_create(request: AuthedRequest) -> HttpResponse:
    scope, congresses = _congresses(request, permissions.can_create_topics)
    return _create(
        request, forms.TopicForm(request.POST or None, congresses=congresses),
        lambda d: services.topic_create(actor=request.user, scope=scope, congress=d["congress"], year=d["year"],
                                        quarter=d["quarter"], title=d["title"], text_=d["text"]),
        title=_("New quarterly topic"), back="duty:topic_list", to="duty:topic_detail",
        intro=_("The topic goes to every group of the congress when it is sent."),
    )  # fmt: skip


def _topic_page(request: AuthedRequest, scope: Scope, topic: Topic, error: str = "", status: int = 200) -> HttpResponse:
    return render(
        request,
        "duty/topic_detail.html",
        {"topic": topic, "progress": selectors.topic_progress(topic=topic), "error": error,
         "actions": TOPIC.available(topic, scope), "sent": TOPIC.in_group(topic, "sent"),
         "can_add_activity": TOPIC.in_group(topic, "open") and bool(selectors.groups_for(scope=scope))},
        status=status,
    )  # fmt: skip


@login_required
def topic_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _topic_page(request, *_found(request, selectors.topic_get, pk))


@login_required
@require_POST
def topic_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    scope, topic = _found(request, selectors.topic_get, pk)
    if action not in {"send", "close"}:
        raise NotPermitted(hide=True)
    try:
        if action == "send":
            services.topic_send(actor=request.user, scope=scope, topic=topic)
        else:
            services.topic_close(actor=request.user, scope=scope, topic=topic)
    except DomainError as exc:
        return _topic_page(request, scope, topic, " ".join(exc.messages), status=400)
    return _saved(request, "duty:topic_detail", topic.pk)


# --- group activities ---------------------------------------------------------------------------------------------
ACTIVITY_HEADERS = ["日期", "代表小组", "活动", "季度主题", "参加代表", "状态"]


def _activity_rows(rows: Any) -> Iterator[tuple[Any, ...]]:
    for a in rows:
        yield (a.date, a.group.name, a.title, a.topic.title if a.topic_id else "", a.participant_count, a.get_state_display())


@login_required
def activity_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_for(request.user)
    rows = selectors.activity_list(
        scope=scope, group=listing.int_param(request.GET.get("group")), topic=listing.int_param(request.GET.get("topic")),
        period=_period(request), held=request.GET.get("held") == "1",
    )  # fmt: skip
    return listing.list_or_export(
        request, rows, template="duty/activity_list.html",
        context={"can_create": bool(selectors.groups_for(scope=scope))},
        export=listing.Export(_("group activities"), ACTIVITY_HEADERS, _activity_rows),
    )  # fmt: skip


@login_required
def activity_create(request: AuthedRequest) -> HttpResponse:
    scope = scope_for(request.user)
    groups = selectors.groups_for(scope=scope)
    if not groups:
        raise NotPermitted()
    topic_pk = listing.int_param(request.POST.get("topic") or request.GET.get("topic"))
    topic = selectors.topic_get(scope=scope, pk=topic_pk) if topic_pk else None
    initial = {"topic": topic.pk, "title": topic.title} if topic else {}
    if topic is not None:
        groups = [g for g in groups if topic.groups.filter(pk=g.pk).exists()] or groups
    return _create(
        request, forms.ActivityForm(request.POST or None, groups=groups, initial=initial),
        lambda d: services.activity_create(actor=request.user, scope=scope, group=d["group"], title=d["title"], date=d["date"],
                                           place=d["place"], topic=topic),
        title=_("New group activity"), back="duty:activity_list", to="duty:activity_detail",
    )  # fmt: skip


def _activity_page(request: AuthedRequest, scope: Scope, activity: Any, bound: dict | None = None, error: str = "",
                   status: int = 200) -> HttpResponse:  # fmt: skip
    bound = bound or {}
    participants = selectors.activity_participants(activity=activity)
    members = selectors.group_members(group=activity.group)
    actions = {a.action: a for a in ACTIVITY.available(activity, scope)}
    record = bound.get("record") or forms.ActivityRecordForm(
        members=members,
        initial={"participants": [p.deputy_id for p in participants], "findings": activity.findings,
                 "suggestions": activity.suggestions},
    )  # fmt: skip
    return render(
        request,
        "duty/activity_detail.html",
        {"activity": activity, "participants": participants, "actions": actions, "record_form": record,
         "outcome_form": bound.get("close") or forms.OutcomeForm(), "cancel_form": bound.get("cancel") or forms.ReasonForm(),
         "error": error},
        status=status,
    )  # fmt: skip


@login_required
def activity_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _activity_page(request, *_found(request, selectors.activity_get, pk))


@login_required
@require_POST
def activity_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    def handlers(scope: Scope, activity: Any) -> Handlers:
        return {
            "record": (lambda: forms.ActivityRecordForm(request.POST, members=selectors.group_members(group=activity.group)),
                       lambda d: services.activity_record(actor=request.user, scope=scope, activity=activity, **d)),
            "close": (lambda: forms.OutcomeForm(request.POST),
                      lambda d: services.activity_close(actor=request.user, scope=scope, activity=activity, outcome=d["outcome"])),
            "cancel": _cancel(request, scope, services.activity_cancel, activity=activity),
        }  # fmt: skip

    return _act_on(request, pk, action, get=selectors.activity_get, page=_activity_page, handlers=handlers, to="duty:activity_detail")


# --- contacts -----------------------------------------------------------------------------------------------------
CONTACT_HEADERS = ["日期", "常委会组成人员", "代表", "方式", "听取的意见", "后续跟进", "跟进结果"]


def _contact_rows(rows: Any) -> Iterator[tuple[Any, ...]]:
    for c in rows:
        yield (c.date, c.assignment.member.person.name, c.deputy.person.name, c.get_manner_display(), c.opinions, c.follow_up,
               c.follow_up_result)  # fmt: skip


@login_required
def contact_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_for(request.user)
    rows = selectors.contact_list(scope=scope, period=_period(request), member=listing.int_param(request.GET.get("member")))
    return listing.list_or_export(
        request, rows, template="duty/contact_list.html", context={"can_create": permissions.can_log_contacts(scope)},
        export=listing.Export(_("contacts"), CONTACT_HEADERS, _contact_rows),
    )  # fmt: skip


@login_required
def contact_create(request: AuthedRequest) -> HttpResponse:
    scope = scope_for(request.user)
    assignments = selectors.assignments_for(scope=scope)
    if not assignments.exists():
        raise NotPermitted()
    initial = {"assignment": listing.int_param(request.GET.get("assignment"))}
    return _create(
        request, forms.ContactForm(request.POST or None, assignments=assignments, initial=initial),
        lambda d: services.contact_log_create(actor=request.user, scope=scope, **d),
        title=_("Record a contact with a deputy"), back="duty:contact_list", to="duty:contact_detail",
    )  # fmt: skip


def _contact_page(request: AuthedRequest, scope: Scope, log: Any, form: Any = None, status: int = 200) -> HttpResponse:
    can_follow = log.followed_up_on is None and permissions.can_follow_up_contact(scope, log)
    return render(request, "duty/contact_detail.html",
                  {"log": log, "can_follow_up": can_follow, "form": form or forms.FollowUpForm()}, status=status)  # fmt: skip


@login_required
def contact_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _contact_page(request, *_found(request, selectors.contact_get, pk))


@login_required
@require_POST
def contact_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    scope, log = _found(request, selectors.contact_get, pk)
    if action != "follow_up":
        raise NotPermitted(hide=True)
    form = forms.FollowUpForm(request.POST)
    return _act(
        request, form, lambda d: services.contact_follow_up(actor=request.user, scope=scope, log=log, result=d["result"]),
        to="duty:contact_detail", pk=log.pk, again=lambda error: _contact_page(request, scope, log, form, status=400),
    )  # fmt: skip


# --- training -----------------------------------------------------------------------------------------------------
@login_required
def training_list(request: AuthedRequest) -> HttpResponse:
    return _yearly(request, selectors.plan_list, "duty/training_list.html", permissions.can_create_training)


@login_required
def plan_create(request: AuthedRequest) -> HttpResponse:
    scope, congresses = _congresses(request, permissions.can_create_training)
    return _create(
        request, forms.PlanForm(request.POST or None, congresses=congresses),
        lambda d: services.plan_create(actor=request.user, scope=scope, congress=d["congress"], year=d["year"], title=d["title"],
                                       text_=d["text"], for_new_deputies=d["for_new_deputies"]),
        title=_("New training plan"), back="duty:training_list", to="duty:plan_detail",
    )  # fmt: skip


@login_required
def plan_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    scope, plan = _found(request, selectors.plan_get, pk)
    return render(
        request, "duty/plan_detail.html",
        {"plan": plan, "sessions": selectors.plan_sessions(scope=scope, plan=plan),
         "can_manage": permissions.can_manage_plan(scope, plan)},
    )  # fmt: skip


@login_required
def session_create(request: AuthedRequest, pk: int) -> HttpResponse:
    scope, plan = _found(request, selectors.plan_get, pk)
    if not permissions.can_manage_plan(scope, plan):
        raise NotPermitted()
    return _create(
        request, forms.SessionForm(request.POST or None),
        lambda d: services.session_create(actor=request.user, scope=scope, plan=plan, **d),
        title=_("New training session"), back="duty:training_list", to="duty:session_detail",
        intro=_("Every deputy the plan is for is invited: %(n)d.") % {"n": len(services.invitees(plan))},
    )  # fmt: skip


def _session_page(request: AuthedRequest, scope: Scope, session: Any, bound: dict | None = None, error: str = "",
                  status: int = 200) -> HttpResponse:  # fmt: skip
    form = (bound or {}).get("record")
    attendance = selectors.session_attendance(session=session)
    manage = permissions.can_manage_session(scope, session)
    return render(
        request, "duty/session_detail.html",
        {"session": session, "attendance": attendance if manage else [], "mine": selectors.my_attendance(scope=scope, session=session),
         "invited": len(attendance), "present": sum(1 for a in attendance if ATTENDANCE.in_group(a, "attended")),
         "actions": {a.action: a for a in SESSION.available(session, scope)}, "form": form or forms.SessionRecordForm(
             initial={"summary": session.summary}),
         "cancel_form": forms.ReasonForm(), "error": error},
        status=status,
    )  # fmt: skip


@login_required
def session_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _session_page(request, *_found(request, selectors.session_get, pk))


@login_required
@require_POST
def session_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    def handlers(scope: Scope, session: Any) -> Handlers:
        return {
            "record": (lambda: forms.SessionRecordForm(request.POST),
                       lambda d: services.session_record(actor=request.user, scope=scope, session=session, summary=d["summary"],
                                                         present=_ids(request.POST.getlist("present")),
                                                         leave=_ids(request.POST.getlist("leave")))),
            "cancel": _cancel(request, scope, services.session_cancel, session=session),
        }  # fmt: skip

    return _act_on(request, pk, action, get=selectors.session_get, page=_session_page, handlers=handlers, to="duty:session_detail")


def _ids(values: list[str]) -> list[int]:
    out = [listing.int_param(v) for v in values]
    return [v for v in out if v is not None]


# --- reports to voters --------------------------------------------------------------------------------------------
@login_required
def report_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_for(request.user)
    state = request.GET.get("state") or ""
    rows = selectors.report_list(scope=scope, period=_period(request), state=state if state in REPORT_STATES else "")
    stations = selectors.stations_for(scope=scope) if permissions.can_schedule_reports(scope) else []
    return listing.list_or_export(request, rows, template="duty/report_list.html", context={"stations": stations})


@login_required
def report_create(request: AuthedRequest) -> HttpResponse:
    scope = scope_for(request.user)
    stations = {s.pk: s for s in selectors.stations_for(scope=scope)} if permissions.can_schedule_reports(scope) else {}
    station = stations.get(listing.int_param(request.POST.get("station") or request.GET.get("station")) or 0)
    if station is None:
        raise NotPermitted()
    return _create(
        request,
        forms.ReportForm(request.POST or None, deputies=selectors.reporting_deputies(station=station), initial={"station": station.pk}),
        lambda d: services.report_schedule(actor=request.user, scope=scope, deputy=d["deputy"], station=station, date=d["date"],
                                           title=d["title"]),
        title=_("Schedule a report to voters at %(station)s") % {"station": station.name}, back="duty:report_list",
        to="duty:report_detail",
    )  # fmt: skip


def _report_page(request: AuthedRequest, scope: Scope, report: Any, bound: dict | None = None, error: str = "",
                 status: int = 200) -> HttpResponse:  # fmt: skip
    form = (bound or {}).get("record")
    initial = {f: getattr(report, f) for f in ("summary", "voters_present", "satisfied", "basically_satisfied", "not_satisfied", "comments")}
    return render(
        request, "duty/report_detail.html",
        {"report": report, "actions": {a.action: a for a in REPORT.available(report, scope)}, "held": REPORT.in_group(report, "held"),
         "form": form or forms.ReportRecordForm(initial=initial), "cancel_form": forms.ReasonForm(), "error": error},
        status=status,
    )  # fmt: skip


@login_required
def report_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _report_page(request, *_found(request, selectors.report_get, pk))


@login_required
@require_POST
def report_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    def handlers(scope: Scope, report: Any) -> Handlers:
        return {
            "record": (lambda: forms.ReportRecordForm(request.POST),
                       lambda d: services.report_record(actor=request.user, scope=scope, report=report, **d)),
            "cancel": _cancel(request, scope, services.report_cancel, report=report),
        }  # fmt: skip

    return _act_on(request, pk, action, get=selectors.report_get, page=_report_page, handlers=handlers, to="duty:report_detail")


# --- self-reported activities -------------------------------------------------------------------------------------
SELF_HEADERS = ["日期", "代表", "所属人大", "类别", "活动", "状态", "佐证材料"]


def _self_rows(rows: Any) -> Iterator[tuple[Any, ...]]:
    for s in rows:
        yield (s.date, s.deputy.person.name, s.deputy.congress.name, s.get_kind_display(), s.title, s.get_state_display(),
               s.evidence_count)  # fmt: skip


@login_required
def self_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_for(request.user)
    state = request.GET.get("state") or ""
    if state not in SelfReport.State.values:
        state = ""
    rows = selectors.self_report_list(scope=scope, state=state, period=_period(request))
    return listing.list_or_export(
        request, rows, template="duty/self_list.html",
        context={"can_create": permissions.can_self_report(scope), "state": state, "states": SelfReport.State.choices,
                 "staff": permissions.can_confirm_any(scope)},
        export=listing.Export(_("self-reported activities"), SELF_HEADERS, _self_rows),
    )  # fmt: skip


@login_required
def self_create(request: AuthedRequest) -> HttpResponse:
    scope = scope_allowed(request.user, permissions.can_self_report)
    mandates = Deputy.objects.filter(person_id=scope.person_id or 0, status=Deputy.Status.SERVING).select_related("congress")
    return _create(
        request,
        forms.SelfReportForm(request.POST or None, request.FILES or None, mandates=mandates.order_by("congress__level", "pk"),
                             initial={"date": timezone.localdate()}),
        lambda d: services.self_report_submit(actor=request.user, scope=scope, deputy=d["deputy"], kind=d["kind"], date=d["date"],
                                              title=d["title"], text_=d["text"], files=d["files"], client_token=d["client_token"]),
        title=_("Report an activity"), back="duty:self_list", to="duty:self_detail", multipart=True,
        intro=_("Staff who keep your record confirm it; then it counts in your archive."),
    )  # fmt: skip


def _self_page(request: AuthedRequest, scope: Scope, report: SelfReport, bound: dict | None = None, error: str = "",
               status: int = 200) -> HttpResponse:  # fmt: skip
    bound = bound or {}
    own = permissions.is_own_report(scope, report)
    editable = own and SELF_REPORT.in_group(report, "editable")
    return render(
        request, "duty/self_detail.html",
        {"report": report, "evidence": selectors.report_evidence(report=report),
         "actions": {a.action: a for a in SELF_REPORT.available(report, scope)}, "editable": editable,
         "edit_form": bound.get("update") or forms.SelfEditForm(initial={"kind": report.kind, "date": report.date,
                                                                          "title": report.title, "text": report.text}),
         "evidence_form": bound.get("evidence") or forms.EvidenceForm(), "decline_form": bound.get("decline") or forms.DeclineForm(),
         "error": error},
        status=status,
    )  # fmt: skip


@login_required
def self_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _self_page(request, *_found(request, selectors.self_report_get, pk))


@login_required
@require_POST
def self_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    def handlers(scope: Scope, report: Any) -> Handlers:
        def plain(service: Callable[..., Any]) -> Handler:
            return lambda: Form(request.POST), lambda d: service(actor=request.user, scope=scope, report=report)

        return {
            "confirm": plain(services.self_report_confirm), "resubmit": plain(services.self_report_resubmit),
            "withdraw": plain(services.self_report_withdraw),
            "decline": (lambda: forms.DeclineForm(request.POST),
                        lambda d: services.self_report_decline(actor=request.user, scope=scope, report=report, reason=d["reason"])),
            "update": (lambda: forms.SelfEditForm(request.POST),
                       lambda d: services.self_report_update(actor=request.user, scope=scope, report=report, kind=d["kind"],
                                                             date=d["date"], title=d["title"], text_=d["text"])),
            "evidence": (lambda: forms.EvidenceForm(request.POST, request.FILES),
                         lambda d: services.evidence_add(actor=request.user, scope=scope, report=report, files=d["files"])),
        }  # fmt: skip

    return _act_on(request, pk, action, get=selectors.self_report_get, page=_self_page, handlers=handlers, to="duty:self_detail")


def evidence(request: HttpRequest, pk: int, evidence_id: int) -> HttpResponseBase:
    """A file of a self-reported activity, for those who see the report; 404 for anyone else (no login included)."""
    item = selectors.evidence_get(scope=scope_for(request.user), report_pk=pk, pk=evidence_id)
    return uploads.file_response(item.file, filename=item.name, content_type=item.content_type)


# --- the sign-in scanner ------------------------------------------------------------------------------------------
@login_required
def scan(request: AuthedRequest) -> HttpResponse:
    """A deputy's phone camera reads the sign-in QR code of a station activity or a meeting and opens it (codes of
    this site only); where the browser cannot read codes, the phone's own camera or the code typed in does."""
    scope_allowed(request.user, permissions.can_scan)
    return render(request, "duty/scan.html", {"origin": request.build_absolute_uri("/")})
