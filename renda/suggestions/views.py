"""Thin views: read through selectors, write through services, rules from permissions."""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renda.core import exports
from renda.core.errors import DomainError, NotPermitted
from renda.core.listing import Export, list_or_export, paginate, query_params, year_param
from renda.core.pages import download, form_page
from renda.core.xlsx import xlsx_response
from renda.meetings.models import Meeting
from renda.opinions.models import Status as OpinionStatus
from renda.org.models import Body, Deputy, Person, Unit
from renda.org.scoping import record_allowed, record_found, scope_allowed, scope_for
from renda.org.selectors import unit_queryset

from . import documents, permissions, selectors, services
from . import forms as f
from . import rules as srules
from .lifecycles import ASSIGNMENT, COSIGNER, SUGGESTION
from .models import Assignment
from .models import State as SuggestionState

LIST_HEADERS = [
    "编号",
    "标题",
    "领衔代表",
    "所属人大",
    "类别",
    "提出时间",
    "提出会议",
    "状态",
    "主办单位",
    "答复期限",
    "重点建议",
]
INBOX_HEADERS = ["编号", "标题", "领衔代表", "承办方式", "状态", "交办日期", "办理期限", "退回期限"]


def meeting_title(s) -> str:
    """The linked meeting's title, or the free text kept from before meetings were linked."""
    return s.meeting.title if s.meeting_id else s.meeting_name


def _years():
    this = timezone.localdate().year
    return list(range(this, 2015, -1))


# --- Lists ------------------------------------------------------------------------------------------------------
@login_required
def suggestion_list(request):
    scope = scope_allowed(request.user, permissions.can_list)
    # Committee staff see their committee's field by default (rule suggestions.committee_fields); "every field"
    # widens the list to all they may see.
    params = request.GET.copy()
    has_field = bool(selectors.field_categories(scope))
    if has_field and "field" not in params:
        params["field"] = "1"
    form = f.SuggestionFilterForm(
        params or None,
        scope=scope,
        years=_years(),
        field=has_field,
    )
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.SuggestionFilters(**{k: v for k, v in data.items() if v not in (None, "")})
    qs = selectors.suggestion_list(scope=scope, filters=filters)
    context = {
        "form": form,
        "can_submit": permissions.can_submit(scope),
        "can_raise": permissions.can_raise_opinions(scope),
        "can_remind": permissions.can_view_reminders(scope),
        "can_report": permissions.can_view_report(scope),
        "today": timezone.localdate(),
    }
    template = "suggestions/_table.html" if request.headers.get("HX-Request") else "suggestions/list.html"
    export = Export(_("suggestions"), LIST_HEADERS, _list_rows)
    return list_or_export(request, qs, template=template, context=context, export=export, large=True)


def _list_rows(qs):
    """Plain values a chunk at a time; the names of people, congresses, meetings and units once per chunk."""
    states = {key: str(label) for key, label in SuggestionState.choices}
    rehandling = SUGGESTION.group("rehandling")
    people, bodies = exports.Names(Person.objects, "name"), exports.Names(Body.objects, "name")
    meetings, units = exports.Names(Meeting.objects, "title"), exports.Names(Unit.objects, "name")
    columns = ("number", "title", "author_person_id", "congress_id", "category", "submitted_on", "meeting_id", "meeting_name",
               "state", "lead_unit_id", "rehandle_due", "answer_due", "is_key")  # fmt: skip
    for chunk in exports.in_chunks(qs.values_list(*columns)):
        people.fill(r[2] for r in chunk), bodies.fill(r[3] for r in chunk)
        meetings.fill(r[6] for r in chunk), units.fill(r[9] for r in chunk)
        for number, title, author, congress, category, submitted, meeting, meeting_name, state, unit, rehandle, answer, key in chunk:
            yield (number, title, people[author], bodies[congress], category, submitted,
                   meetings[meeting] if meeting else meeting_name, states.get(state, state), units[unit] if unit else "",
                   rehandle if state in rehandling else answer, "是" if key else "")  # fmt: skip


@login_required
def inbox(request):
    scope = scope_allowed(request.user, permissions.can_use_inbox)
    form = f.InboxFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = selectors.inbox(scope=scope, filters=selectors.InboxFilters(**{k: v for k, v in data.items() if v}))
    context = {"form": form, "today": timezone.localdate()}
    export = Export(_("suggestions to handle"), INBOX_HEADERS, _inbox_rows)
    return list_or_export(request, qs, template="suggestions/inbox.html", context=context, export=export, large=True)


def _inbox_rows(qs):
    for a in qs.iterator(chunk_size=2000):
        yield (a.suggestion.number, a.suggestion.title, a.suggestion.author_person.name, a.get_role_display(),
               a.get_status_display(), a.assigned_on, a.due_on, a.return_due)  # fmt: skip


@login_required
def reminders(request):
    scope = scope_for(request.user)
    lists = selectors.reminders(scope=scope)
    limit = settings.RENDA_PAGE_SIZE
    return render(
        request,
        "suggestions/reminders.html",
        {k: list(v[:limit]) for k, v in lists.items()} | {f"{k}_count": v.count() for k, v in lists.items()} | {"limit": limit},
    )


# --- Submission -------------------------------------------------------------------------------------------------
def _cosigners(mandate: Deputy, names: list[str]) -> list[Deputy]:
    found = []
    for name in names:
        matches = list(Deputy.objects.filter(congress=mandate.congress, status=Deputy.Status.SERVING, person__name=name)[:2])
        if len(matches) != 1:
            raise DomainError(
                _("No single serving deputy of %(congress)s is called %(name)s.")
                % {"congress": mandate.congress.name, "name": name}
            )
        found.append(matches[0])
    return found


def _mandate(scope, opinion=None) -> Deputy:
    """The serving mandate the deputy writes under (for an opinion: one attached to its station)."""
    mandate = selectors.submitting_mandate(scope=scope, opinion=opinion)
    if mandate is None:
        raise NotPermitted(_("You have no serving mandate."))
    return mandate


def _opinion_param(request) -> int | None:
    raw = request.POST.get("opinion") if request.method == "POST" else request.GET.get("opinion")
    try:
        return int(raw) if raw else None
    except ValueError:
        raise Http404 from None


@login_required
def suggestion_create(request):
    scope = scope_allowed(request.user, permissions.can_submit)
    opinion_id = _opinion_param(request)
    opinion = selectors.raisable_opinion_get(scope=scope, pk=opinion_id) if opinion_id else None
    mandate = _mandate(scope, opinion)
    initial = {"client_token": uuid.uuid4().hex}
    if opinion:
        initial |= {"opinion": opinion.pk, "text": opinion.text}
        if opinion.category in srules.rule(srules.CATEGORIES, mandate.congress.region):
            initial["category"] = opinion.category
    form = f.SuggestionForm(
        request.POST or None, request.FILES or None, region=mandate.congress.region, congress=mandate.congress, initial=initial
    )
    warning = ""
    if opinion and opinion.status != OpinionStatus.REGISTERED:
        warning = _("This opinion is %(status)s; it can no longer be raised as a suggestion.") % {
            "status": opinion.get_status_display()
        }

    def save(data):
        upload = data.get("attachment")
        return services.suggestion_create(
            actor=request.user, scope=scope, author=mandate, title=data["title"], text=data["text"],
            category=data["category"], period=data["period"], meeting=data["meeting"],
            cosigners=_cosigners(mandate, form.cosigner_names()),
            attachments=[(upload.name, upload.read())] if upload else [],
            client_token=data.get("client_token") or "", submit=request.POST.get("submit") == "1", opinion=opinion,
        )  # fmt: skip

    def saved(suggestion):
        if SUGGESTION.in_group(suggestion, "draft"):
            return _("Saved as a draft.")
        if SUGGESTION.done(suggestion, "ask_cosigners"):
            return _("Sent to the co-signers; it is submitted when they have confirmed.")
        return _("Submitted as suggestion %(number)s.") % {"number": suggestion.number}

    return form_page(
        request,
        form,
        save=save,
        success=lambda suggestion: reverse("suggestions:detail", kwargs={"pk": suggestion.pk}),
        message=saved,
        template="suggestions/form.html",
        context={"mandate": mandate, "opinion": opinion, "warning": warning},
    )


@login_required
def raisable_opinions(request):
    """Voters' opinions registered at the deputy's stations, each with "raise as a suggestion"."""
    scope = scope_for(request.user)
    qs = selectors.raisable_opinions(scope=scope)
    return render(request, "suggestions/opinions.html", {"page": paginate(request, qs, large=True), "query": ""})


@login_required
def suggestion_edit(request, pk: int):
    scope, suggestion = record_allowed(request.user, selectors.suggestion_get, pk, permissions.can_edit)
    if not SUGGESTION.in_group(suggestion, "draft"):
        messages.error(request, _("Only a draft can be edited."))
        return redirect("suggestions:detail", pk=pk)
    initial = {k: getattr(suggestion, k) for k in ["title", "text", "category", "period", "meeting"]}
    form = f.SuggestionForm(request.POST or None, region=suggestion.region, congress=suggestion.congress, initial=initial)
    del form.fields["cosigners"], form.fields["attachment"], form.fields["opinion"]

    def save(d):
        services.suggestion_update_draft(actor=request.user, scope=scope, suggestion=suggestion, title=d["title"], text=d["text"],
                                         category=d["category"], period=d["period"], meeting=d["meeting"])  # fmt: skip
        if request.POST.get("submit") == "1":
            services.suggestion_submit(actor=request.user, scope=scope, suggestion=suggestion)

    return form_page(
        request,
        form,
        save=save,
        success=reverse("suggestions:detail", kwargs={"pk": pk}),
        message=_("Saved."),
        template="suggestions/form.html",
        context={"suggestion": suggestion},
    )


# --- Detail and actions -----------------------------------------------------------------------------------------
def _my_assignments(scope, parts) -> list[Assignment]:
    mine = [a for a in parts["assignments"] if a.unit_id in scope.unit_ids and a.is_live]
    return sorted(mine, key=lambda a: a.role != Assignment.Role.LEAD)


def _detail_context(request, scope, suggestion, errors=None, failed=None):
    """The page's facts and, for this actor, the actions the lifecycles offer now (no state is spelled out here
    or in the template: moves come from `available()`, the rest from named groups and permissions)."""
    s = suggestion
    parts = selectors.suggestion_parts(scope=scope, suggestion=s)
    reviewer = permissions.can_review(scope, s)
    allowed = {a.action: a for a in SUGGESTION.available(s, scope)}
    mine = _my_assignments(scope, parts)
    lead_mine = next((a for a in mine if a.role == Assignment.Role.LEAD), None)
    co_mine = next((a for a in mine if a.role == Assignment.Role.CO), None)
    my_cosign = next((c for c in parts["cosigners"] if c.person_id == scope.person_id), None)
    split = srules.rule(srules.SPLIT_RATING, s.region)
    source = selectors.source_opinion(scope=scope, suggestion=s)
    units = unit_queryset(scope).filter(is_active=True).order_by("region__path", "name") if reviewer else None
    meeting_visible = selectors.meeting_visible(scope=scope, suggestion=s)
    context = {
        "s": s,
        **parts,
        "reviewer": reviewer,
        "author": permissions.can_edit(scope, s),
        "allowed": allowed,
        "submit_action": allowed.get("submit") or allowed.get("ask_cosigners"),
        "can_cosign": my_cosign is not None and COSIGNER.allowed(my_cosign, scope, "confirm"),
        "can_make_key": reviewer and not s.is_key and SUGGESTION.in_group(s, "may_become_key"),
        "can_publish": reviewer and not s.is_public and SUGGESTION.in_group(s, "answer_stands"),
        "can_feedback": "close" in allowed,
        "mine": mine,
        "lead_mine": lead_mine,
        "co_mine": co_mine,
        "unit_accept": [a for a in mine if ASSIGNMENT.allowed(a, scope, "accept")],
        "can_unit_return": any(ASSIGNMENT.allowed(a, scope, "return") for a in mine),
        "can_send_opinion": co_mine is not None and ASSIGNMENT.allowed(co_mine, scope, "opinion"),
        "can_contact": lead_mine is not None and SUGGESTION.in_group(s, "contactable"),
        "can_follow_up": lead_mine is not None and bool(s.follow_up_due) and SUGGESTION.in_group(s, "answer_stands"),
        "today": timezone.localdate(),
        "errors": errors,
        "failed": failed,
        "split": split,
        "forms": {
            "reason": f.ReasonForm(),
            "merge": f.MergeForm(),
            "assign": f.AssignForm(units=units) if reviewer else None,
            "consent": f.ConsentForm(),
            "opinion": f.OpinionForm(),
            "contact": f.ContactForm(),
            "answer": f.AnswerForm(region=s.region),
            "follow_up": f.FollowUpForm(),
            "feedback": f.FeedbackForm(split=split),
            "key": f.KeyForm(),
            "progress": f.ProgressForm(),
        },
        "similar": selectors.similar(scope=scope, suggestion=s) if reviewer and SUGGESTION.in_group(s, "in_review") else [],
        "can_progress": bool(parts["key"]) and permissions.can_add_progress(scope, parts["key"]),
        "meeting_visible": meeting_visible,
        "meeting_list_query": urlencode({"meeting": s.meeting_id}) if meeting_visible and permissions.can_list(scope) else "",
        "source_opinion": source,
        "can_open_opinion": bool(source) and permissions.can_open_opinion(scope, source),
    }  # fmt: skip
    return context


@login_required
def suggestion_detail(request, pk: int):
    scope, suggestion = record_found(request.user, selectors.suggestion_get, pk)
    return render(request, "suggestions/detail.html", _detail_context(request, scope, suggestion))


def _file(request, key: str) -> tuple[bytes | None, str]:
    upload = request.FILES.get(key)
    return (upload.read(), upload.name) if upload else (None, "")


def _person_named(name: str) -> Person | None:
    if not name:
        return None
    matches = list(Person.objects.filter(name=name.strip())[:2])
    if len(matches) != 1:
        raise DomainError(_("No single person is called %(name)s.") % {"name": name})
    return matches[0]


def _act(request, scope, s, action):  # noqa: PLR0911, PLR0912 - one branch per action reads best
    """Run one action: returns a success message. Raises DomainError (form errors) or NotPermitted."""
    P, me = request.POST, request.user

    def valid(form):
        if not form.is_valid():
            raise DomainError([str(e) for errs in form.errors.values() for e in errs])
        return form.cleaned_data

    if action == "submit":
        services.suggestion_submit(actor=me, scope=scope, suggestion=s)
        return _("Submitted.")
    if action == "cosign":
        d = valid(f.CosignForm(P))
        services.cosign_respond(actor=me, scope=scope, suggestion=s, confirm=d["confirm"] == "1")
        return _("Thank you, your answer is recorded.")
    if action in {"accept", "refuse", "merge", "assign", "reassign", "extend", "publish", "key"} and not permissions.can_review(
        scope, s
    ):
        raise NotPermitted()
    if action == "accept":
        services.suggestion_accept(actor=me, scope=scope, suggestion=s)
        return _("Accepted.")
    if action == "refuse":
        d = valid(f.ReasonForm(P))
        services.suggestion_refuse(actor=me, scope=scope, suggestion=s, reason=d["reason"])
        return _("Recorded as not accepted.")
    if action == "merge":
        d = valid(f.MergeForm(P))
        target = selectors.suggestion_queryset(scope).filter(congress_id=s.congress_id, number=d["target"].strip()).first()
        if target is None:
            raise DomainError(_("No suggestion of this congress has that number."))
        services.suggestion_merge(actor=me, scope=scope, suggestion=s, target=target)
        return _("Merged.")
    if action in {"assign", "reassign"}:
        d = valid(f.AssignForm(P, units=unit_queryset(scope).filter(is_active=True)))
        if action == "assign":
            services.suggestion_assign(actor=me, scope=scope, suggestion=s, lead=d["lead"], co_units=list(d["co_units"]))
        else:
            services.suggestion_reassign(actor=me, scope=scope, suggestion=s, lead=d["lead"], co_units=list(d["co_units"]),
                                         reason=d["reason"])  # fmt: skip
        return _("Assigned to %(unit)s.") % {"unit": d["lead"].name}
    if action == "extend":
        d = valid(f.ConsentForm(P))
        services.suggestion_extend(actor=me, scope=scope, suggestion=s, consent=d["consent"])
        return _("The deadline is extended.")
    if action == "publish":
        services.suggestion_publish(actor=me, scope=scope, suggestion=s)
        return _("Published.")
    if action == "key":
        d = valid(f.KeyForm(P))
        supervisor = _person_named(d["supervisor"])
        body = None if supervisor else Body.objects.filter(region=s.region, kind=Body.Kind.DIRECTORS_MEETING).first()
        services.key_designate(actor=me, scope=scope, suggestion=s, decision=d["decision"], decided_on=d["decided_on"],
                               lead_leader=_person_named(d["lead_leader"]), lead_leader_title=d["lead_leader_title"],
                               plan=d["plan"], supervisor=supervisor, supervisor_body=body)  # fmt: skip
        return _("Made a key suggestion.")
    if action == "progress":
        key = getattr(s, "key", None)
        if key is None:
            raise Http404
        d = valid(f.ProgressForm(P))
        services.key_progress_add(actor=me, scope=scope, key=key, on=d["on"], text=d["text"])
        return _("Progress recorded.")
    if action == "feedback":
        d = valid(f.FeedbackForm(P, split=srules.rule(srules.SPLIT_RATING, s.region)))
        services.feedback_give(
            actor=me, scope=scope, suggestion=s, process=d["process"], result=d.get("result"), comment=d["comment"]
        )
        return _("Thank you for your feedback.")
    # Unit actions: on the actor's own live part of this suggestion.
    if action == "unit_accept":
        services.assignment_accept(actor=me, scope=scope, assignment=selectors.unit_part(scope=scope, suggestion=s))
        return _("Accepted for handling.")
    if action == "unit_return":
        d = valid(f.ReasonForm(P))
        services.assignment_return(actor=me, scope=scope, assignment=selectors.unit_part(scope=scope, suggestion=s), reason=d["reason"])
        return _("Returned to the office.")
    if action == "opinion":
        d = valid(f.OpinionForm(P))
        services.co_opinion_send(actor=me, scope=scope, assignment=selectors.unit_part(scope=scope, suggestion=s, role="co"), opinion=d["opinion"])
        return _("Your opinion was sent to the lead unit.")
    if action == "contact":
        d = valid(f.ContactForm(P))
        services.contact_record_add(actor=me, scope=scope, assignment=selectors.unit_part(scope=scope, suggestion=s, role="lead"), **d)
        return _("Contact recorded.")
    if action == "answer":
        d = valid(f.AnswerForm(P, request.FILES, region=s.region))
        data, name = _file(request, "letter")
        services.answer_submit(actor=me, scope=scope, assignment=selectors.unit_part(scope=scope, suggestion=s, role="lead"), outcome=d["outcome"], text=d["text"],
                               reason=d["reason"], follow_up_on=d["follow_up_on"], letter_pdf=data, letter_name=name)  # fmt: skip
        return _("The answer was sent to the deputy and the co-signers.")
    if action == "follow_up":
        d = valid(f.FollowUpForm(P, request.FILES))
        data, name = _file(request, "letter")
        services.answer_follow_up(actor=me, scope=scope, assignment=selectors.unit_part(scope=scope, suggestion=s, role="lead"), text=d["text"], letter_pdf=data,
                                  letter_name=name)  # fmt: skip
        return _("The follow-up answer was sent.")
    raise Http404


ACTIONS = {
    "submit", "cosign", "accept", "refuse", "merge", "assign", "reassign", "extend", "publish", "key", "progress", "feedback",
    "unit_accept", "unit_return", "opinion", "contact", "answer", "follow_up",
}  # fmt: skip


@login_required
@require_POST
def suggestion_act(request, pk: int, action: str):
    if action not in ACTIONS:
        raise Http404
    scope, suggestion = record_found(request.user, selectors.suggestion_get, pk)
    try:
        message = _act(request, scope, suggestion, action)
    except DomainError as exc:
        suggestion = selectors.suggestion_get(scope=scope, pk=pk)
        context = _detail_context(request, scope, suggestion, errors=exc.messages, failed=action)
        return render(request, "suggestions/detail.html", context, status=400)
    messages.success(request, message)
    return redirect("suggestions:detail", pk=pk)


@login_required
def answer_letter(request, pk: int):
    scope, answer = record_found(request.user, selectors.answer_get, pk)
    ext = answer.letter_kind
    content_type = "application/pdf" if ext == "pdf" else documents.DOCX_TYPE
    with answer.letter.open("rb") as fh:
        return download(fh.read(), f"答复函-{answer.suggestion.number}-{answer.round}.{ext}", content_type)


@login_required
def attachment(request, pk: int, attachment_id: int):
    scope, suggestion = record_found(request.user, selectors.suggestion_get, pk)
    item = suggestion.attachments.filter(pk=attachment_id).first()
    if item is None:
        raise Http404
    with item.file.open("rb") as fh:
        return download(fh.read(), item.name, "application/octet-stream")


# --- Figures, report, public pages ------------------------------------------------------------------------------
UNITS_PER_PAGE = 100


@login_required
def figures(request):
    scope = scope_for(request.user)
    year = year_param(request.GET.get("year"))
    fig = selectors.figures(scope=scope, year=year)
    if request.GET.get("export") == "xlsx":
        headers = ["承办单位", "主办件数", "已答复", "按期答复", "满意", "基本满意", "不满意", "重新办理", "逾期未答复"]
        rows = [[u["unit"], u["total"], u["answered"], u["on_time"], u["satisfied"], u["basic"], u["not"], u["rehandled"], u["overdue"]]
                for u in fig["units"]]  # fmt: skip
        return xlsx_response(_("suggestion figures") + ".xlsx", headers, rows)
    commended, criticised = selectors.commendation(fig)
    base = {"year": year} if year else {}
    # a province's units run to thousands: the page shows them a page at a time (largest first), the export all
    units = paginate(request, fig["units"], per_page=UNITS_PER_PAGE)
    return render(
        request,
        "suggestions/figures.html",
        {"fig": fig, "units": units, "years": _years(), "year": year, "base": urlencode(base), "commended": set(commended),
         "criticised": set(criticised), "can_report": permissions.can_view_report(scope)},
    )  # fmt: skip


def report_bytes(*, scope, year: int) -> bytes:
    fig = selectors.figures(scope=scope, year=year)
    commended, criticised = selectors.commendation(fig)
    keys = [
        [k.suggestion.number, k.suggestion.title, f"{k.lead_leader_title}{k.lead_leader.name}",
         k.supervisor.name if k.supervisor else (k.supervisor_body.name if k.supervisor_body else ""), k.suggestion.get_state_display()]
        for k in selectors.key_rows(scope=scope, year=year)
    ]  # fmt: skip
    region = Body.objects.filter(kind=Body.Kind.CONGRESS, region__parent__isnull=True).select_related("region").first()
    name = region.name if region else ""
    return documents.annual_report(
        region=region.region if region else None, title=f"关于{year}年度{name}代表建议办理情况的报告", year=year,
        totals=fig["totals"], units=fig["units"], outcomes=fig["outcomes"], commended=commended, criticised=criticised, key_rows=keys,
        meetings=selectors.by_meeting(scope=scope, year=year),
    )  # fmt: skip


@login_required
def report(request):
    scope = scope_allowed(request.user, permissions.can_view_report)
    year = year_param(request.GET.get("year")) or timezone.localdate().year
    return download(report_bytes(scope=scope, year=year), f"{year}年度代表建议办理情况报告.docx", documents.DOCX_TYPE)


def public_list(request):
    """The published suggestions with their answers' state, searched and filtered (by voters, without an account)."""
    this_year = timezone.localdate().year
    form = f.PublicFilterForm(request.GET or None, years=range(this_year, this_year - 12, -1))
    data = form.cleaned_data if form.is_valid() else {}
    rows = selectors.public_search(
        q=(data.get("q") or "").strip(), year=data.get("year"), category=data.get("category") or "", state=data.get("state") or ""
    )
    page = paginate(request, rows, large=True)
    return render(request, "suggestions/public_list.html", {"page": page, "form": form, "query": urlencode(query_params(request))})


def public_detail(request, pk: int):
    s = selectors.public_get(pk=pk)
    cosigners = s.cosigners.filter(status__in=COSIGNER.group("confirmed")).select_related("person").order_by("pk")
    return render(request, "suggestions/public_detail.html",
                  {"s": s, "answers": selectors.public_answers(s), "cosigners": cosigners})  # fmt: skip
