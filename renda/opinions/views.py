"""Thin views of the opinions app: staff lists and actions, the unit inbox, the voter's public pages, figures."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from renda.core import exports, listing, uploads
from renda.core import rules as core_rules
from renda.core.context import client_ip
from renda.core.errors import DomainError
from renda.core.selectors import picked
from renda.core.text import mask_phone
from renda.core.xlsx import xlsx_response
from renda.org.models import Region, Unit
from renda.org.scoping import record_allowed, record_found, scope_allowed, scope_for
from renda.stations.headline import latest as latest_activity
from renda.stations.models import Activity, Station

from . import figures as figures_module
from . import permissions, rules, selectors, services
from .forms import FiguresForm, OpinionFilterForm, RegisterForm, SubmitForm, TrackForm
from .keywords import keywords
from .lifecycles import OPINION, step_label
from .models import Opinion, Status

EXPORT_HEADERS = [
    "跟踪码",
    "登记时间",
    "联络站",
    "村社区",
    "类别",
    "内容",
    "状态",
    "承办单位",
    "答复期限",
    "答复时间",
    "按时答复",
    "是否解决",
    "联系电话",
]


def _filters(form) -> selectors.OpinionFilters:
    data = form.cleaned_data if form.is_valid() else {}
    return selectors.OpinionFilters(
        status=data.get("status") or "",
        overdue=bool(data.get("overdue")),
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        q=data.get("q") or "",
        station=data.get("station"),
        town=data.get("town"),
        activity=data.get("activity"),
        answered_on_time=data.get("answered_on_time"),
        solved=data.get("solved"),
    )


def _export_rows(opinions: Any) -> Iterator[tuple[Any, ...]]:
    """Rows for the export: plain values a chunk at a time, the names of stations, villages and units once per
    chunk (no model instance, no query per row)."""
    statuses = {key: str(label) for key, label in Status.choices}
    stations, regions, units = exports.Names(Station.objects, "name"), exports.Names(Region.objects, "name"), exports.Names(Unit.objects, "name")
    columns = ("tracking_code", "registered_at", "station_id", "region_id", "category", "text", "status", "unit_id",
               "deadline", "answered_at", "answered_on_time", "solved", "phone")  # fmt: skip
    local = timezone.get_current_timezone()
    for chunk in exports.in_chunks(opinions.values_list(*columns)):
        stations.fill(r[2] for r in chunk), regions.fill(r[3] for r in chunk), units.fill(r[7] for r in chunk)
        for code, registered, station, region, category, text, status, unit, deadline, answered, on_time, solved, phone in chunk:
            yield (
                code,
                registered.astimezone(local).strftime("%Y-%m-%d %H:%M"),
                stations[station],
                regions[region],
                category,
                text,
                statuses.get(status, status),
                units[unit] if unit else "",
                deadline,
                answered.astimezone(local).strftime("%Y-%m-%d %H:%M") if answered else "",
                "" if on_time is None else ("是" if on_time else "否"),
                "" if solved is None else ("是" if solved else "否"),
                mask_phone(phone),
            )


def _hidden_filters(form) -> list[str]:
    """The filters a figure's link sets but the form does not show (station, town, activity, on time, solved),
    named so the list says what it is counting."""
    data = form.cleaned_data if form.is_valid() else {}
    labels = []
    if data.get("station"):
        labels += [str(n) for n in Station.objects.filter(pk=data["station"]).values_list("name", flat=True)]
    if data.get("town"):
        labels += [str(n) for n in Region.objects.filter(pk=data["town"]).values_list("name", flat=True)]
    if data.get("activity"):
        labels += [str(a) for a in Activity.objects.filter(pk=data["activity"])]
    if data.get("answered_on_time") is not None:
        labels.append(_("answered on time") if data["answered_on_time"] else _("answered late"))
    if data.get("solved") is not None:
        labels.append(_("solved") if data["solved"] else _("not solved"))
    return labels


def _list_page(request, select, template):
    """A list of opinions (`select`: the staff list or the unit inbox selector) filtered by the form, a page at a
    time or the whole of it as Excel."""
    form = OpinionFilterForm(request.GET or None)
    opinions = select(scope=scope_for(request.user), filters=_filters(form))
    context = {
        "form": form,
        "today": timezone.localdate(),
        "hidden_filters": _hidden_filters(form),
    }
    # ids first through the covering list index, then the page's rows with their joins (1,000,000 opinions)
    return listing.list_or_export(
        request,
        opinions,
        template=template,
        context=context,
        export=listing.Export(_("opinions"), EXPORT_HEADERS, _export_rows),
        large=True,
        deferred_offset=0,
    )


@login_required
def opinion_list(request):
    return _list_page(request, selectors.opinion_list, "opinions/opinion_list.html")


@login_required
def inbox(request):
    return _list_page(request, selectors.opinion_inbox, "opinions/inbox.html")


def _detail(request, scope, opinion, *, error=None, status=200):
    # what this user may do with the opinion now: the lifecycle's table and the permission rules
    actions = {a.action: a for a in OPINION.available(opinion, scope)}
    context = {
        "opinion": opinion,
        "steps": [
            {
                "at": st.at,
                "actor": st.actor_label,
                "unit": st.unit.name if st.unit else "",
                "action": step_label(st.action),
                "status": Status(st.to_status).label,
                "note": st.note,
            }
            for st in selectors.opinion_steps(opinion=opinion)
        ],
        "masked_phone": mask_phone(opinion.phone),
        "masked_name": (opinion.contact_name[:1] + "*" * (len(opinion.contact_name) - 1)) if opinion.contact_name else "",
        "can_reveal": permissions.can_reveal_contact(scope, opinion),
        "actions": actions,
        # who answers for it now: the unit while it is routed there, else the station's officer
        "with_unit": OPINION.in_group(opinion, "with_unit"),
        "units": selectors.routable_units(opinion=opinion) if "route" in actions else [],
        "merge_candidates": selectors.merge_candidates(opinion=opinion) if "merge" in actions else [],
        "attachments": selectors.opinion_attachments(opinion=opinion),
        # raised by a deputy through the suggestions workflow: its ref is the suggestion's id (older refs are labels)
        "suggestion_id": int(opinion.suggestion_ref) if opinion.suggestion_ref.isdigit() else None,
        "error": error,
        "today": timezone.localdate(),
    }
    return render(request, "opinions/opinion_detail.html", context, status=status)


@login_required
def opinion_detail(request, pk: int):
    scope = scope_for(request.user)
    return _detail(request, scope, selectors.opinion_get(scope=scope, pk=pk))


@login_required
@require_POST
def opinion_action(request, pk: int, action: str):
    scope, opinion = record_found(request.user, selectors.opinion_get, pk)
    post = request.POST
    try:
        services.opinion_act(
            actor=request.user,
            scope=scope,
            opinion=opinion,
            action=action,
            unit_id=post.get("unit"),
            into_id=post.get("into"),
            note=post.get("note", ""),
            answer=post.get("answer", ""),
            reason=post.get("reason", ""),
        )
    except DomainError as exc:
        return _detail(request, scope, selectors.opinion_get(scope=scope, pk=pk), error=" ".join(exc.messages), status=400)
    messages.success(request, _("Saved."))
    if action in {"unit_answer", "unit_return"}:
        return redirect("opinions:inbox")
    return redirect("opinions:opinion_detail", pk=opinion.pk)


@require_GET
def attachment(request, pk: int, attachment_id: int):
    """A file of the opinion, for those who see it; 404 for everyone else, a visitor without a login included."""
    item = selectors.attachment_get(scope=scope_for(request.user), opinion_pk=pk, pk=attachment_id)
    return uploads.file_response(item.file, filename=item.name, content_type=item.content_type)


@login_required
@require_POST
def opinion_reveal(request, pk: int):
    scope, opinion = record_found(request.user, selectors.opinion_get, pk)
    data = services.opinion_reveal_contact(actor=request.user, scope=scope, opinion=opinion)
    return render(request, "opinions/_contact.html", {"data": data})


@login_required
def opinion_register(request, station: int):
    scope, station_obj = record_allowed(request.user, selectors.station_for_register, station, permissions.can_register_at)
    regions = Region.objects.filter(path__startswith=station_obj.town.path, depth__gt=station_obj.town.depth).order_by(
        "sort_order"
    )
    form = RegisterForm(
        request.POST or None,
        request.FILES or None,
        regions=regions,
        categories=services.categories(station_obj.region),
        initial={"activity": request.GET.get("activity"), "client_token": uuid.uuid4().hex, "region": station_obj.region_id},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        activity = Activity.objects.filter(pk=data.pop("activity") or 0, station=station_obj).first()
        try:
            opinion = services.opinion_register(actor=request.user, scope=scope, station=station_obj, activity=activity, **data)
        except DomainError as exc:
            form.add_error("attachments" if exc.code == "upload" else None, exc)
        else:
            messages.success(request, _("Registered. The voter's tracking code is %(code)s.") % {"code": opinion.tracking_code})
            return redirect("opinions:opinion_detail", pk=opinion.pk)
    context = {"form": form, "station": station_obj, "attachment_hint": services.attachment_hint(station_obj.region)}
    return render(request, "opinions/register.html", context, status=400 if form.errors else 200)


# --- Public pages (no login) -------------------------------------------------------------------------------


def submit(request):
    form = SubmitForm(
        request.POST or None,
        request.FILES or None,
        regions=selectors.voter_regions(),
        categories=services.categories(),
        initial={"client_token": uuid.uuid4().hex},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        merge_into = picked(Opinion.objects.all(), data.get("merge_into"))
        try:
            opinion = services.opinion_submit_online(
                phone=data["phone"],
                code=data["code"],
                region=data["region"],
                category=data["category"],
                text=data["text"],
                contact_name=data.get("contact_name") or "",
                client_token=data.get("client_token") or "",
                attachments=data.get("attachments") or [],
                merge_into=merge_into,
            )
        except DomainError as exc:
            form.add_error("attachments" if exc.code == "upload" else None, exc)
        else:
            return render(request, "opinions/submitted.html", {"opinion": opinion})
    context = {"form": form, "attachment_hint": services.attachment_hint()}
    return render(request, "opinions/submit.html", context, status=400 if form.errors else 200)


@require_POST
def submit_code(request):
    try:
        services.code_request(phone=request.POST.get("phone", ""), client_ip=client_ip.get())
    except DomainError as exc:
        return render(
            request,
            "opinions/_code_sent.html",
            {"error": " ".join(exc.messages)},
            status=429 if exc.code == "rate_limited" else 400,
        )
    wait = int(core_rules.value(rules.CODE_RESEND_SECONDS.key))
    return render(request, "opinions/_code_sent.html", {"sent": True, "wait": wait})


@require_GET
def similar(request):
    region = picked(Region.objects.all(), request.GET.get("region"))
    text = (request.GET.get("text") or "")[:2000]
    found = selectors.similar_open(region=region, words=keywords(text)) if region and len(text) >= 5 else []
    return render(request, "opinions/_similar.html", {"similar": found})


def _public_view(opinion: Opinion) -> dict:
    """What the voter's code reveals: their own opinion's text, steps and answer; no names, no phones."""
    steps = [
        {
            "at": s.at,
            "action": step_label(s.action, _("registered")),
            "status": Status(s.to_status).label,
            "unit": s.unit.name if s.unit else "",
        }
        for s in selectors.opinion_steps(opinion=opinion)
    ]
    return {
        "opinion": opinion,
        "steps": steps,
        # the tracking code is the voter's credential: whoever holds it may say whether it was solved
        "can_feedback": OPINION.can(opinion, "feedback"),
        "merged": OPINION.in_group(opinion, "merged"),
        "out_of_remit": OPINION.in_group(opinion, "out_of_remit"),
        # the names of the voter's own files only: no link, nothing of anyone else's
        "attachment_names": [a.name for a in selectors.opinion_attachments(opinion=opinion)],
    }


def track(request):
    form = TrackForm(request.POST or None)
    context = {"form": form}
    status = 200
    if request.method == "POST" and form.is_valid():
        ip = client_ip.get()
        opinion = selectors.opinion_by_code(code=form.cleaned_data["code"]) if services.track_allowed(ip) else None
        if opinion is None:
            services.track_failed(ip)
            context["not_found"] = True
            status = 404
        else:
            context.update(_public_view(opinion))
            context["code"] = opinion.tracking_code
    return render(request, "opinions/track.html", context, status=status)


@require_POST
def track_feedback(request):
    ip = client_ip.get()
    opinion = selectors.opinion_by_code(code=request.POST.get("code", "")) if services.track_allowed(ip) else None
    if opinion is None:
        services.track_failed(ip)
        return render(request, "opinions/track.html", {"form": TrackForm(), "not_found": True}, status=404)
    solved = request.POST.get("solved")
    error = None
    if solved not in {"yes", "no"}:
        error = _("Say whether it was solved.")
    else:
        try:
            opinion = services.opinion_feedback(opinion=opinion, solved=solved == "yes", note=request.POST.get("note", ""))
        except DomainError as exc:
            error = " ".join(exc.messages)
    context = {
        "form": TrackForm(initial={"code": opinion.tracking_code}),
        "code": opinion.tracking_code,
        "error": error,
        **_public_view(opinion),
    }
    if not error:
        context["thanks"] = True
    return render(request, "opinions/track.html", context, status=400 if error else 200)


# --- Figures -----------------------------------------------------------------------------------------------


@login_required
def figures(request):
    scope = scope_allowed(request.user, permissions.can_view_figures)
    today = timezone.localdate()
    # by default the half-year of the latest activity in scope (as the work overview): the current one in a
    # working district, the demo's 2017 first half
    shown = latest_activity(scope) or today
    default_from, default_to = figures_module.half_year(shown.year, 1 if shown.month <= 6 else 2)
    form = FiguresForm(request.GET or None, initial={"date_from": default_from, "date_to": default_to})
    if form.is_bound and form.is_valid():
        date_from, date_to, town = form.cleaned_data["date_from"], form.cleaned_data["date_to"], form.cleaned_data.get("town")
    else:
        date_from, date_to, town = default_from, default_to, None
    if date_to < date_from:
        date_from, date_to = date_to, date_from
    report = figures_module.station_figures(scope=scope, date_from=date_from, date_to=date_to, town=town)
    if listing.wants_export(request):
        kind_labels = {k: str(v) for k, v in Station.Kind.choices}
        rows = [(r.name, kind_labels.get(r.kind, ""), *[r.values[k] for k in figures_module.FIGURES]) for r in report.stations]
        rows += [(f"{r.name}（合计）", "", *[r.values[k] for k in figures_module.FIGURES]) for r in report.towns]
        rows.append(("总计", "", *[report.total.values[k] for k in figures_module.FIGURES]))
        return xlsx_response(
            _("station figures") + ".xlsx",
            ["联络站/镇街", "类型", "代表进站人次", "接待选民人次", "收集意见建议", "按时答复", "解决问题", "超期"],
            rows,
        )
    period = {"date_from": date_from.isoformat(), "date_to": date_to.isoformat()}
    halves = [(y, h) for y in range(today.year, 2016, -1) for h in (2, 1) if figures_module.half_year(y, h)[0] <= today]
    return render(
        request,
        "opinions/figures.html",
        {
            "report": report,
            "form": form,
            "period": urlencode(period),
            "export_query": urlencode({**period, **({"town": town} if town else {}), "export": "xlsx"}),
            "halves": [(y, h, *figures_module.half_year(y, h)) for y, h in halves],
            "kinds": [(k, label, report.stations_by_kind.get(k, 0)) for k, label in Station.Kind.choices],
            "can_drill": permissions.can_list_opinions(scope),
            "opinions_url": reverse("opinions:opinion_list"),
        },
    )
