"""Thin views: read through selectors, write through services, rules from permissions."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renda.core import rules as core_rules
from renda.core.errors import DomainError, NotPermitted
from renda.core.listing import (
    MAX_COUNT,
    Export,
    count_param,
    fail,
    int_param,
    list_or_export,
    paginate,
    query_params,
    wants_export,
)
from renda.core.pages import action as _action
from renda.core.pages import form_page
from renda.core.xlsx import xlsx_response
from renda.org.models import Body
from renda.org.scoping import record_allowed, record_found, scope_allowed, scope_for

from . import ballot_paper, forms, minutes, permissions, selectors, services
from .lifecycles import ATTENDANCE, MEETING, OPINION, OWN_ATTENDANCE_ACTIONS, POLL, STAFF_ATTENDANCE_ACTIONS, meeting_actions
from .models import AgendaItem, Attendance, Poll
from .results import poll_result
from .rules import MIDYEAR_AGENDA
from .wording import words


def _managed_meeting(request, pk: int):
    """The actor's scope and the meeting `pk`: 404 outside the scope, 403 unless the actor runs the meeting."""
    scope, meeting = record_allowed(request.user, selectors.meeting_get, pk, permissions.can_manage_meeting)
    return scope, meeting


def _form_page(request, form, *, template="meetings/form.html", **kwargs):
    """The form pages' one shape (core.pages.form_page), on the meetings' form template unless told."""
    return form_page(request, form, template=template, **kwargs)


def _on_meeting(request, scope, meeting, service, /, *, message=None, **kwargs):
    """A POST without a form on the meeting's page: `service(actor=…, scope=…, **kwargs)`, then back to the page, or
    the page again with the refusal (status 400)."""
    return _action(
        request,
        lambda: service(actor=request.user, scope=scope, **kwargs),
        success=reverse("meetings:detail", args=[meeting.pk]),
        message=message,
        template="meetings/meeting_detail.html",
        context=lambda: _meeting_context(request, scope, meeting),
    )


def _on_poll(request, scope, poll, run, /, *, message=None, posted=None):
    """A POST without a form on the poll's page: `run()` calls the service (`posted`: the ballot as ticked, shown again
    after a refusal)."""
    return _action(
        request,
        run,
        success=reverse("meetings:poll_detail", args=[poll.pk]),
        message=message,
        template="meetings/poll_detail.html",
        context=lambda: _poll_context(scope, poll, posted),
    )


# --- meetings -----------------------------------------------------------------------------------------


@login_required
def meeting_list(request):
    scope = scope_allowed(request.user, permissions.can_list_meetings)
    form = forms.MeetingFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    meetings = selectors.meeting_list(
        scope=scope,
        filters=selectors.MeetingFilters(
            kind=data.get("kind") or "",
            state=data.get("state") or "",
            year=data.get("year"),
            q=data.get("q") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            held=bool(data.get("held")),
        ),
    )
    query = query_params(request)
    return list_or_export(
        request,
        meetings,
        template="meetings/meeting_list.html",
        context={
            "form": form,
            "query": urlencode(query),
            "export_query": urlencode({**query, "export": "xlsx"}),
            "can_create": permissions.can_create_meetings(scope),
            "can_roll_out": permissions.can_roll_out(scope),
        },
        export=Export(_("meetings"), MEETING_HEADERS, _meeting_cells),
    )


@login_required
def item_list(request):
    """Agenda items of the sittings the meeting filters select, of one kind (`item_kind`): e.g. the reports the
    standing committee heard in a half-year, which the work overview counts."""
    scope = scope_allowed(request.user, permissions.can_list_meetings)
    form = forms.ItemFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    item_kind = data.get("item_kind") or ""
    items = selectors.agenda_item_list(
        scope=scope,
        filters=selectors.MeetingFilters(
            kind=data.get("kind") or "",
            year=data.get("year"),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            held=bool(data.get("held")),
        ),
        item_kind=item_kind,
    )
    return list_or_export(
        request,
        items,
        template="meetings/item_list.html",
        context={"form": form, "item_kind": dict(AgendaItem.Kind.choices).get(item_kind, "")},
        export=Export(_("agenda items"), ITEM_HEADERS, _item_cells),
    )


ITEM_HEADERS = ["会议", "日期", "序号", "议题", "报告单位"]


def _item_cells(items):
    for i in items:
        yield (i.meeting.title, i.meeting.start_date, i.order, i.title, i.reporting_unit.name if i.reporting_unit else "")


MEETING_HEADERS = ["会议名称", "机构", "届次", "次", "开始日期", "结束日期", "地点", "状态", "议题数", "应到人数", "实到人数"]


def _meeting_cells(meetings):
    for m in meetings:
        yield (
            m.title,
            m.body.name,
            m.term.ordinal,
            m.number,
            m.start_date,
            m.end_date,
            m.venue,
            m.get_state_display(),
            m.n_items,
            m.n_members,
            m.n_present,
        )


@login_required
def meeting_create(request):
    scope = scope_allowed(request.user, permissions.can_create_meetings)
    return _form_page(
        request,
        forms.MeetingForm(request.POST or None, bodies=selectors.manageable_bodies(scope=scope)),
        save=lambda data: services.meeting_create(actor=request.user, scope=scope, **data),
        success=lambda meeting: reverse("meetings:detail", args=[meeting.pk]),
        message=lambda meeting: _("%(title)s is planned.") % {"title": meeting.title},
        context={"title": _("New meeting")},
    )


@login_required
def meeting_rollout(request):
    scope = scope_allowed(request.user, permissions.can_roll_out)
    return _form_page(
        request,
        forms.RolloutForm(request.POST or None),
        save=lambda data: services.midyear_rollout(actor=request.user, scope=scope, **data),
        success=reverse("meetings:list"),
        message=lambda meetings: _("%(n)d town sessions are planned with the same agenda.") % {"n": len(meetings)},
        context={"title": _("Mid-year town sessions"), "agenda_preview": core_rules.value(MIDYEAR_AGENDA.key)},
    )


def _shows_result(poll, manage: bool) -> bool:
    """A result is shown once published; staff who run the meeting see it as soon as voting has closed."""
    return POLL.in_group(poll, "published") or (manage and POLL.in_group(poll, "counting"))


def _meeting_context(request, scope, meeting) -> dict:
    manage = permissions.can_manage_meeting(scope, meeting)
    mine = selectors.my_attendance(scope=scope, meeting=meeting)  # its meeting is this one: no query for the actions
    return {
        "meeting": meeting,
        "words": words(meeting.body),
        "notice": selectors.notice(meeting=meeting),
        "preparatory": services.preparatory_state(meeting) if _is_session(meeting) else None,
        "can_prepare": manage and _is_session(meeting) and MEETING.in_group(meeting, "before_start"),
        "presidium_names": selectors.presidium_names(meeting=meeting),
        "secretary_general": selectors.session_secretary_general(meeting=meeting),
        "items": selectors.agenda(meeting=meeting),
        "documents": selectors.documents(meeting=meeting),
        "polls": [
            (p, poll_result(p) if _shows_result(p, manage) else None, POLL.in_group(p, "voting"))
            for p in selectors.polls(meeting=meeting)
        ],
        "board": selectors.attendance_board(meeting=meeting),
        "mine": mine,
        "my_actions": ATTENDANCE.available(mine, scope, only=OWN_ATTENDANCE_ACTIONS) if mine is not None else [],
        "voted": selectors.my_voted_poll_ids(scope=scope, meeting=meeting),
        "can_manage": manage,
        "can_edit": manage and MEETING.in_group(meeting, "editable"),
        # mistakes in the record (date, venue, agenda) are corrected until the page is published
        "can_correct": manage and not meeting.is_published,
        "shows_signin_code": manage and MEETING.in_group(meeting, "open"),
        "can_view_attendance": permissions.can_view_attendance(scope, meeting),
        "signin_url": request.build_absolute_uri(reverse("meetings:signin", args=[meeting.signin_token])),
        "actions": meeting_actions(meeting, scope),
    }


def _is_session(meeting) -> bool:
    """A congress session proper (not its preparatory meeting)."""
    return meeting.body.kind == Body.Kind.CONGRESS and meeting.preparatory_for_id is None


@login_required
def preparatory_create(request, pk: int):
    """Plan a congress session's preparatory meeting with the draft list of the session presidium."""
    scope, meeting = _managed_meeting(request, pk)
    if not _is_session(meeting):
        raise NotPermitted()
    deputies = selectors.session_deputies(meeting=meeting)
    return _form_page(
        request,
        forms.PreparatoryForm(request.POST or None, deputies=deputies, initial={"start_date": meeting.start_date}),
        save=lambda data: services.preparatory_meeting_create(
            actor=request.user,
            scope=scope,
            session=meeting,
            presidium=[d.person for d in data["presidium"]],
            secretary_general=data["secretary_general"].person if data["secretary_general"] else None,
            start_date=data["start_date"],
            venue=data["venue"],
            kind=data["kind"] or None,
        ),
        success=lambda prep: reverse("meetings:detail", args=[prep.pk]),
        message=lambda prep: _("%(title)s is planned.") % {"title": prep.title},
        context={"title": _("Plan the preparatory meeting"), "meeting": meeting},
    )


@login_required
def meeting_detail(request, pk: int):
    scope, meeting = record_found(request.user, selectors.meeting_get, pk)
    return render(request, "meetings/meeting_detail.html", _meeting_context(request, scope, meeting))


@login_required
@require_POST
def meeting_transition(request, pk: int):
    scope, meeting = record_found(request.user, selectors.meeting_get, pk)
    action = request.POST.get("action", "")
    return _on_meeting(request, scope, meeting, services.meeting_transition, meeting=meeting, action=action)


@login_required
def item_add(request, pk: int):
    scope, meeting = _managed_meeting(request, pk)
    return _form_page(
        request,
        forms.AgendaItemForm(request.POST or None, units=selectors.units_for(meeting=meeting)),
        save=lambda data: services.agenda_item_add(actor=request.user, scope=scope, meeting=meeting, **data),
        success=reverse("meetings:detail", args=[meeting.pk]),
        context={"title": _("Add an agenda item"), "meeting": meeting},
    )


@login_required
def meeting_edit(request, pk: int):
    """Correct the meeting's date and venue, until its page is published."""
    scope, meeting = _managed_meeting(request, pk)
    initial = {"start_date": meeting.start_date, "end_date": meeting.end_date, "venue": meeting.venue}
    return _form_page(
        request,
        forms.MeetingCorrectionForm(request.POST or None, initial=initial),
        save=lambda data: services.meeting_correct(actor=request.user, scope=scope, meeting=meeting, **data),
        success=reverse("meetings:detail", args=[meeting.pk]),
        message=_("The meeting's date and venue are corrected."),
        context={"title": _("Correct the date and venue"), "meeting": meeting},
    )


def _managed_item(request, pk: int):
    scope, item = record_found(request.user, selectors.agenda_item_get, pk)
    if not permissions.can_manage_meeting(scope, item.meeting):
        raise NotPermitted()
    return scope, item


@login_required
def item_edit(request, pk: int):
    """Correct an agenda item (kind, title, reporting unit, reporter), until the meeting's page is published."""
    scope, item = _managed_item(request, pk)
    initial = {"kind": item.kind, "title": item.title, "reporting_unit": item.reporting_unit, "reporter": item.reporter}
    return _form_page(
        request,
        forms.AgendaItemForm(request.POST or None, units=selectors.units_for(meeting=item.meeting), initial=initial),
        save=lambda data: services.agenda_item_edit(actor=request.user, scope=scope, item=item, **data),
        success=reverse("meetings:detail", args=[item.meeting_id]),
        message=_("The agenda item is corrected."),
        context={"title": _("Correct an agenda item"), "meeting": item.meeting},
    )


@login_required
@require_POST
def item_delete(request, pk: int):
    scope, item = _managed_item(request, pk)
    deleted = _("The agenda item is deleted.")
    return _on_meeting(request, scope, item.meeting, services.agenda_item_delete, item=item, message=deleted)


@login_required
@require_POST
def item_move(request, pk: int):
    scope, item = _managed_item(request, pk)
    direction = request.POST.get("direction", "")
    return _on_meeting(request, scope, item.meeting, services.agenda_item_move, item=item, direction=direction)


@login_required
def document_add(request, pk: int):
    scope, meeting = _managed_meeting(request, pk)
    return _form_page(
        request,
        forms.DocumentForm(request.POST or None, request.FILES or None, items=meeting.items.all()),
        save=lambda data: services.document_add(actor=request.user, scope=scope, meeting=meeting, **data),
        success=reverse("meetings:detail", args=[meeting.pk]),
        context={"title": _("Upload a document"), "meeting": meeting, "multipart": True},
    )


@login_required
def document_download(request, pk: int):
    scope, doc = record_found(request.user, selectors.document_get, pk)
    ext = doc.file.name.rsplit(".", 1)[-1] if "." in doc.file.name.rsplit("/", 1)[-1] else ""
    return FileResponse(
        doc.file.open("rb"), as_attachment=True, filename=f"{doc.title}-v{doc.version}" + (f".{ext}" if ext else "")
    )


@login_required
def minutes_docx(request, pk: int):
    scope, meeting = record_allowed(request.user, selectors.meeting_get, pk, permissions.can_export_minutes)
    data = minutes.minutes_docx(meeting)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(meeting.title + '纪要.docx')}"
    return response


# --- attendance ---------------------------------------------------------------------------------------


@login_required
def attendance(request, pk: int):
    scope, meeting = record_allowed(request.user, selectors.meeting_get, pk, permissions.can_view_attendance)
    rows = selectors.attendance(meeting=meeting)
    if wants_export(request):
        return xlsx_response(_("attendance") + ".xlsx", ATTENDANCE_HEADERS, _attendance_cells(rows))
    page = paginate(request, rows, per_page=200)
    manage = permissions.can_manage_meeting(scope, meeting)
    context = {
        "meeting": meeting,
        "page": page,
        "rows": [(a, ATTENDANCE.available(a, scope, only=STAFF_ATTENDANCE_ACTIONS) if manage else []) for a in page],
        "query": "",
        "board": selectors.attendance_board(meeting=meeting),
        "words": words(meeting.body),
        "can_manage": manage,
        "can_invite": manage and MEETING.in_group(meeting, "editable"),
        "live": MEETING.in_group(meeting, "open"),
    }
    template = "meetings/_attendance_board.html" if request.headers.get("HX-Request") else "meetings/attendance.html"
    return render(request, template, context)


ATTENDANCE_HEADERS = ["姓名", "身份", "单位或职务", "状态", "签到时间", "签到方式", "请假事由"]


def _attendance_cells(rows):
    for a in rows:
        yield (
            a.person.name,
            a.get_role_display(),
            a.capacity,
            a.get_status_display(),
            a.signed_in_at.strftime("%Y-%m-%d %H:%M") if a.signed_in_at else "",
            a.get_signin_method_display(),
            a.leave_reason,
        )


@login_required
@require_POST
def attendance_action(request, pk: int, action: str):
    scope, row = record_found(request.user, selectors.attendance_get, pk)
    try:
        services.attendance_action(actor=request.user, scope=scope, attendance=row, action=action)
    except DomainError as exc:
        fail(request, exc)
    return redirect(reverse("meetings:attendance", args=[row.meeting_id]))


@login_required
def invite(request, pk: int):
    scope, meeting = _managed_meeting(request, pk)
    deputies = selectors.invitable_deputies(meeting=meeting)
    return _form_page(
        request,
        forms.InviteForm(request.POST or None, deputies=deputies),
        save=lambda data: services.attendee_invite(
            actor=request.user, scope=scope, meeting=meeting, person=data["deputy"].person, capacity=data["capacity"]
        ),
        success=reverse("meetings:attendance", args=[meeting.pk]),
        context={"title": _("Invite a non-voting attendee"), "meeting": meeting},
    )


@login_required
def qr_code(request, pk: int):
    scope, meeting = _managed_meeting(request, pk)
    import io

    import segno

    buffer = io.BytesIO()
    segno.make(request.build_absolute_uri(reverse("meetings:signin", args=[meeting.signin_token])), error="m").save(
        buffer, kind="svg", scale=6
    )
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


@login_required
def signin(request, token: str):
    """Where the meeting's QR code leads: the deputy confirms and is signed in."""
    scope = scope_for(request.user)
    if not permissions.can_attend_personally(scope):
        raise NotPermitted(_("Only an invited deputy can sign in with the meeting's code."))
    row = selectors.attendance_by_code(scope=scope, token=token)
    if request.method == "POST":
        return _action(
            request,
            lambda: services.sign_in_by_token(actor=request.user, scope=scope, token=token),
            success=reverse("meetings:detail", args=[row.meeting_id]),
            message=_("You are signed in."),
            template="meetings/signin.html",
            context=lambda: _signin_context(row),
        )
    return render(request, "meetings/signin.html", _signin_context(row))


def _signin_context(row) -> dict:
    return {"attendance": row, "signed_in": ATTENDANCE.in_group(row, "signed_in")}


@login_required
def leave(request, pk: int):
    scope, meeting = record_found(request.user, selectors.meeting_get, pk)
    mine = selectors.my_attendance(scope=scope, meeting=meeting)
    if mine is None:
        raise NotPermitted()
    return _form_page(
        request,
        forms.LeaveForm(request.POST or None),
        save=lambda data: services.leave_request(actor=request.user, scope=scope, meeting=meeting, reason=data["reason"]),
        success=reverse("meetings:detail", args=[meeting.pk]),
        message=_("Your leave request is sent."),
        context={"title": _("Ask for leave of absence"), "meeting": meeting},
    )


@login_required
def my_meetings(request):
    scope = scope_allowed(request.user, permissions.can_attend_personally)
    return list_or_export(request, selectors.my_meetings(scope=scope), template="meetings/mine.html", context={"query": ""})


# --- polls --------------------------------------------------------------------------------------------


@login_required
def poll_create(request, pk: int):
    scope, meeting = _managed_meeting(request, pk)

    def save(data):
        return services.poll_create(
            actor=request.user,
            scope=scope,
            meeting=meeting,
            title=data["title"],
            item=data["item"],
            kind=data["kind"],
            method=data["method"],
            options=[line for line in data["options"].splitlines() if line.strip()],
            max_choices=data["max_choices"],
            threshold=data["threshold"] or None,
            matter=data["matter"],
            seats=data["seats"],
            write_ins=data["write_ins"],
        )

    return _form_page(
        request,
        forms.PollForm(request.POST or None, items=meeting.items.all()),
        save=save,
        success=lambda poll: reverse("meetings:poll_detail", args=[poll.pk]),
        context={"title": _("New poll"), "meeting": meeting},
    )


_answer_labels = ballot_paper.answer_labels


def _poll_context(scope, poll, posted=None) -> dict:
    """`posted`: a refused vote's POST, whose answers the ballot paper keeps."""
    meeting = poll.meeting
    manage = permissions.can_manage_meeting(scope, meeting)
    mine = selectors.my_attendance(scope=scope, meeting=meeting)
    show_result = _shows_result(poll, manage)
    voting = POLL.in_group(poll, "voting")
    on_paper = poll.kind in services.COUNTED_KINDS
    context = {
        "poll": poll,
        "meeting": meeting,
        "words": words(meeting.body),
        "counted": on_paper,
        "write_in_fields": range(poll.seats or 0) if poll.write_ins else range(0),
        "options": list(poll.options.all()),
        "secret": poll.kind == Poll.Kind.SECRET,
        "can_manage": manage,
        "mine": mine,
        "live": voting,
        "can_vote": bool(
            mine
            and mine.role == Attendance.Role.MEMBER
            and mine.entitled
            and ATTENDANCE.in_group(mine, "signed_in")
            and voting
            and not on_paper
        ),
        # a member who may not vote (yet) is told why
        "explain_vote": bool(mine and voting and not on_paper),
        "voted": scope.person_id is not None and poll.voters.filter(person_id=scope.person_id).exists(),
        "n_voted": poll.voters.count(),
        "result": poll_result(poll) if show_result else None,
        "published": POLL.in_group(poll, "published"),
        "can_count": manage and on_paper and POLL.in_group(poll, "counting"),
        "actions": POLL.available(poll, scope),
    }
    context["paper"] = ballot_paper.lines(poll.method, context["options"], posted)
    context["picked"] = sum(line.picked for line in context["paper"])
    if on_paper and manage:
        context["paper_counts"] = list(poll.paper_counts.select_related("counter").order_by("pk"))
        context["reconciliation"] = services.paper_reconciliation(poll)
        # after a mismatch (or a mistake) staff discard the counts and count again, before publication
        context["can_discard"] = context["can_count"] and bool(context["paper_counts"])
    if poll.kind == Poll.Kind.NAMED and show_result:
        labels = _answer_labels()
        voters = list(poll.voters.select_related("person").order_by("person__name_pinyin"))
        if len(context["options"]) == 1:  # a motion: who voted for, against, abstained
            by_value: dict[str, list[str]] = {}
            for v in voters:
                by_value.setdefault(next(iter((v.choices or {}).values()), ""), []).append(v.person.name)
            context["roll_call"] = [(labels[k], by_value[k]) for k in "YNASBU" if k in by_value]
        else:
            context["roll_call"] = [(_("voted"), [v.person.name for v in voters])]
    return context


@login_required
def poll_detail(request, pk: int):
    scope, poll = record_found(request.user, selectors.poll_get, pk)
    template = "meetings/_poll_live.html" if request.headers.get("HX-Request") else "meetings/poll_detail.html"
    return render(request, template, _poll_context(scope, poll))


@login_required
@require_POST
def poll_transition(request, pk: int):
    scope, poll = record_found(request.user, selectors.poll_get, pk)
    action = request.POST.get("action", "")
    return _on_poll(
        request, scope, poll, lambda: services.poll_transition(actor=request.user, scope=scope, poll=poll, action=action)
    )


@login_required
@require_POST
def poll_vote(request, pk: int):
    scope, poll = record_found(request.user, selectors.poll_get, pk)
    options = list(poll.options.all())
    choices: dict[str, str] | list[int]
    if poll.method in {Poll.Method.YNA, Poll.Method.SATISFACTION}:
        choices = {str(o.pk): request.POST.get(f"option-{o.pk}", "") for o in options}
    elif poll.method == Poll.Method.RANK:
        ranked = sorted(
            (rank, o.pk) for o in options if (rank := int_param(request.POST.get(f"rank-{o.pk}"), high=MAX_COUNT)) is not None
        )
        choices = [pk for _rank, pk in ranked]
    else:
        choices = [n for v in request.POST.getlist("pick") if (n := int_param(v)) is not None]
    write_ins = [v for v in request.POST.getlist("write_in") if v.strip()]
    return _on_poll(
        request,
        scope,
        poll,
        lambda: services.poll_vote(actor=request.user, poll_id=poll.pk, choices=choices, write_ins=write_ins),
        message=_("Your vote is recorded."),
        posted=request.POST,
    )


@login_required
def paper_count(request, pk: int):
    scope, poll = record_found(request.user, selectors.poll_get, pk)
    if not permissions.can_manage_meeting(scope, poll.meeting) or poll.kind not in services.COUNTED_KINDS:
        raise NotPermitted()
    options = list(poll.options.all())
    # per option: for/against/abstain, satisfaction, ticks — or, for a rank-order poll, ballots per rank position
    keys = services.paper_count_keys(poll.method, poll.max_choices or len(options))
    error = None
    if request.method == "POST":
        try:
            counts = {str(o.pk): {k: count_param(request.POST.get(f"count-{o.pk}-{k}")) for k in keys} for o in options}
            services.paper_count_enter(
                actor=request.user,
                scope=scope,
                poll=poll,
                counts=counts,
                ballots_total=count_param(request.POST.get("ballots_total")),
                invalid=count_param(request.POST.get("invalid")),
                write_ins=_write_in_counts(request.POST.get("write_ins", "")),
            )
        except ValueError:
            error = _("Counts must be whole numbers.")
        except DomainError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Your count is recorded."))
            return redirect("meetings:poll_detail", pk=poll.pk)
    labels = _answer_labels()
    return render(
        request,
        "meetings/paper_count.html",
        {
            "poll": poll,
            "options": options,
            "keys": [(k, labels.get(k) or _("rank %(n)s") % {"n": k}) for k in keys],
            "error": error,
            "post": request.POST,
            "hands": poll.kind == Poll.Kind.HANDS,
        },
        status=400 if error else 200,
    )


def _write_in_counts(text: str) -> dict[str, int]:
    """ "张三 12" per line (name, then the votes written in for that name) → {"张三": 12}; bad numbers raise
    ValueError (the form says counts must be whole numbers)."""
    out: dict[str, int] = {}
    for line in text.splitlines():
        parts = line.replace("：", " ").replace(":", " ").split()
        if not parts:
            continue
        if len(parts) < 2:
            raise ValueError(line)
        out[" ".join(parts[:-1])] = out.get(" ".join(parts[:-1]), 0) + int(parts[-1])
    return out


@login_required
@require_POST
def paper_discard(request, pk: int):
    """Discard the entered counts of a counted poll (after a mismatch) so the ballots are counted again."""
    scope, poll = record_found(request.user, selectors.poll_get, pk)
    discarded = _("The counts are discarded: count the ballots again.")
    return _on_poll(
        request, scope, poll, lambda: services.paper_count_discard(actor=request.user, scope=scope, poll=poll), message=discarded
    )


@login_required
def decision_add(request, pk: int):
    scope, item = record_found(request.user, selectors.agenda_item_get, pk)
    if not permissions.can_manage_meeting(scope, item.meeting):
        raise NotPermitted()
    return _form_page(
        request,
        forms.DecisionForm(request.POST or None, polls=item.polls.filter(state__in=POLL.group("published"))),
        save=lambda data: services.decision_record(actor=request.user, scope=scope, item=item, **data),
        success=reverse("meetings:detail", args=[item.meeting_id]),
        context={"title": _("Record the decision"), "meeting": item.meeting},
    )


# --- review opinions ----------------------------------------------------------------------------------


@login_required
def opinion_list(request):
    scope = scope_for(request.user)
    form = forms.OpinionFilterForm(request.GET or None)
    state = form.cleaned_data.get("state", "") if form.is_valid() else ""
    opinions = selectors.opinion_list(scope=scope, state=state)
    query = query_params(request)
    return list_or_export(
        request,
        opinions,
        template="meetings/opinion_list.html",
        context={"form": form, "query": urlencode(query), "export_query": urlencode({**query, "export": "xlsx"})},
        export=Export(_("review opinions"), OPINION_HEADERS, _opinion_cells),
    )


OPINION_HEADERS = ["报告", "会议", "承办单位", "状态", "送达日期", "报告期限", "报告日期", "提请会议"]


def _opinion_cells(opinions):
    for o in opinions:
        yield (
            o.item.title,
            o.item.meeting.title,
            o.unit.name,
            o.get_state_display(),
            o.sent_on,
            o.deadline,
            o.reported_on,
            o.followup_item.meeting.title if o.followup_item else "",
        )


@login_required
def opinion_create(request, pk: int):
    scope, meeting = _managed_meeting(request, pk)
    return _form_page(
        request,
        forms.OpinionForm(request.POST or None, items=meeting.items.filter(reporting_unit__isnull=False)),
        save=lambda data: services.opinion_create(actor=request.user, scope=scope, **data),
        success=lambda opinion: reverse("meetings:opinion_detail", args=[opinion.pk]),
        context={"title": _("Draft review opinions"), "meeting": meeting},
    )


def _opinion_context(scope, opinion) -> dict:
    actions = OPINION.available(opinion, scope)
    offered = {a.action for a in actions}
    return {
        "opinion": opinion,
        "can_manage": permissions.can_manage_opinion(scope, opinion),
        "report": next((a for a in actions if a.action == "report"), None),
        "actions": [a for a in actions if a.action != "report"],
        "directors_meetings": selectors.directors_meetings(scope=scope, opinion=opinion) if "approve" in offered else [],
        "later_meetings": selectors.later_meetings(scope=scope, opinion=opinion) if "schedule" in offered else [],
        "report_form": forms.ReportForm(),
    }


@login_required
def opinion_detail(request, pk: int):
    scope, opinion = record_found(request.user, selectors.opinion_get, pk)
    return render(request, "meetings/opinion_detail.html", _opinion_context(scope, opinion))


@login_required
@require_POST
def opinion_transition(request, pk: int):
    scope, opinion = record_found(request.user, selectors.opinion_get, pk)
    meeting = None
    if (meeting_id := int_param(request.POST.get("meeting"))) is not None:
        meeting = selectors.meeting_queryset(scope).select_related("body").filter(pk=meeting_id).first()
    return _action(
        request,
        lambda: services.opinion_transition(
            actor=request.user, scope=scope, opinion=opinion, action=request.POST.get("action", ""), meeting=meeting
        ),
        success=reverse("meetings:opinion_detail", args=[opinion.pk]),
        template="meetings/opinion_detail.html",
        context=lambda: _opinion_context(scope, opinion),
    )


@login_required
def opinion_report(request, pk: int):
    scope, opinion = record_allowed(request.user, selectors.opinion_get, pk, permissions.can_report_on_opinion)
    return _form_page(
        request,
        forms.ReportForm(request.POST or None),
        save=lambda data: services.opinion_report(actor=request.user, scope=scope, opinion=opinion, text=data["text"]),
        success=reverse("meetings:opinion_detail", args=[opinion.pk]),
        message=_("The handling report is submitted."),
        context={"title": _("Handling report")},
    )


# --- public pages (no login) --------------------------------------------------------------------------


def public_list(request):
    return list_or_export(request, selectors.meeting_public_list(), template="meetings/public_list.html", context={"query": ""})


def public_detail(request, pk: int):
    meeting = selectors.meeting_public_get(pk=pk)
    polls = list(selectors.polls(meeting=meeting, published_only=True))
    board = selectors.attendance_board(meeting=meeting)
    return render(
        request,
        "meetings/public_detail.html",
        {
            "meeting": meeting,
            "items": selectors.agenda(meeting=meeting),
            "polls": polls,
            "results": {p.pk: poll_result(p) for p in polls},
            "board": board,
        },
    )


def _json_response(data) -> HttpResponse:
    return HttpResponse(json.dumps(data, ensure_ascii=False), content_type="application/json")
