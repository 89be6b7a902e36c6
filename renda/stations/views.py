"""Thin views of the stations app: read through selectors, write through services, rules from permissions."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renda.core import listing, uploads
from renda.core.errors import DomainError, NotPermitted
from renda.core.pages import form_page
from renda.core.selectors import picked
from renda.org.models import Deputy
from renda.org.scoping import record_allowed, record_found, scope_for

from . import permissions, selectors, services
from .forms import (
    ActivityFilterForm,
    ActivityForm,
    GenerateForm,
    PhotoForm,
    RecordForm,
    RulesForm,
    ScheduleForm,
    StationFilterForm,
    StationForm,
)
from .lifecycles import ACTIVITY


def _schedule(station):
    from .models import ReceptionSchedule

    return ReceptionSchedule.objects.filter(station=station).first()


STATION_HEADERS = ["名称", "类型", "镇街", "所在区域", "地址", "联络员", "代表人数"]
ACTIVITY_HEADERS = ["日期", "联络站", "镇街", "类型", "主题", "状态", "代表进站人次", "接待选民人次"]


def _station_rows(stations: Any) -> Iterator[tuple[Any, ...]]:
    for s in stations:
        yield (s.name, s.get_kind_display(), s.town.name, s.region.name, s.address, str(s.officer or ""), s.deputy_count)


def _activity_rows(activities: Any) -> Iterator[tuple[Any, ...]]:
    for a in activities.iterator(chunk_size=2000):
        yield (
            a.date,
            a.station.name,
            a.station.town.name,
            a.get_kind_display(),
            a.topic,
            a.get_status_display(),
            a.signin_count,
            a.voters_received,
        )


@login_required
def station_list(request):
    scope = scope_for(request.user)
    form = StationFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    stations = selectors.station_list(scope=scope, kind=data.get("kind") or "", q=data.get("q") or "")
    return listing.list_or_export(
        request,
        stations,
        template="stations/station_list.html",
        context={"form": form},
        export=listing.Export(_("stations"), STATION_HEADERS, _station_rows),
    )


@login_required
def station_detail(request, pk: int):
    scope, station = record_found(request.user, selectors.station_get, pk)
    return _station_page(request, scope, station)


def _station_page(request, scope, station, forms=None, status=200):
    can_manage = permissions.can_manage_station(scope, station)
    schedule = _schedule(station)
    rules = selectors.station_rules(station=station)
    forms = forms or {}
    context = {
        "station": station,
        "rules": rules,
        "schedule": schedule,
        "deputies": selectors.station_deputies(station=station),
        "activities": selectors.activity_list(scope=scope, station=station.pk)[:10],
        "can_manage": can_manage,
        "rules_form": forms.get("rules") or RulesForm(initial={"text": rules[0].text if rules else ""}),
        "station_form": forms.get("update")
        or StationForm(initial={"address": station.address, "activity_plan": station.activity_plan}),
        "schedule_form": forms.get("schedule")
        or ScheduleForm(
            initial={"day_of_month": schedule.day_of_month, "start_time": schedule.start_time, "end_time": schedule.end_time}
            if schedule
            else {"day_of_month": 15}
        ),
        "generate_form": forms.get("generate")
        or GenerateForm(initial={"first_month": timezone.localdate().replace(day=1), "months": 6}),
    }
    return render(request, "stations/station_detail.html", context, status=status)


STATION_ACTIONS = {"rules": RulesForm, "update": StationForm, "schedule": ScheduleForm, "generate": GenerateForm}


@login_required
@require_POST
def station_action(request, pk: int, action: str):
    scope, station = record_found(request.user, selectors.station_get, pk)
    if action not in STATION_ACTIONS:
        raise NotPermitted(hide=True)
    if not permissions.can_manage_station(scope, station):
        raise NotPermitted()
    form = STATION_ACTIONS[action](request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if action == "rules":
                services.station_rules_publish(actor=request.user, scope=scope, station=station, text=data["text"])
            elif action == "update":
                services.station_update(actor=request.user, scope=scope, station=station, **data)
            elif action == "schedule":
                services.schedule_set(actor=request.user, scope=scope, station=station, **data)
            else:
                created = services.schedule_generate(actor=request.user, scope=scope, station=station, **data)
                messages.success(request, _("%(n)d reception days added.") % {"n": len(created)})
        except DomainError as exc:
            form.add_error(None, exc)
        else:
            if action != "generate":
                messages.success(request, _("Saved."))
            return redirect("stations:station_detail", pk=station.pk)
    return _station_page(request, scope, station, {action: form}, status=400)


@login_required
def activity_list(request):
    scope = scope_for(request.user)
    form = ActivityFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = {
        "scope": scope,
        "station": data.get("station"),
        "town": data.get("town"),
        "kind": data.get("kind") or "",
        "date_from": data.get("date_from"),
        "date_to": data.get("date_to"),
    }
    activities = selectors.activity_list(**filters)
    totals = None if listing.wants_export(request) else selectors.activity_totals(**filters)
    return listing.list_or_export(
        request,
        activities,
        template="stations/activity_list.html",
        context={"form": form, "totals": totals},
        export=listing.Export(_("activities"), ACTIVITY_HEADERS, _activity_rows),
        count=totals["activities"] if totals else None,  # the totals row has counted them
    )


@login_required
def activity_create(request, pk: int):
    scope, station = record_allowed(request.user, selectors.station_get, pk, permissions.can_manage_station)
    return form_page(
        request,
        ActivityForm(request.POST or None),
        save=lambda data: services.activity_create(actor=request.user, scope=scope, station=station, **data),
        success=lambda activity: reverse("stations:activity_detail", kwargs={"pk": activity.pk}),
        message=_("Activity planned."),
        template="stations/activity_form.html",
        context={"station": station},
    )


def _activity_page(request, scope, activity, forms=None, status=200):
    forms = forms or {}
    can_manage = permissions.can_manage_station(scope, activity.station)
    roster = selectors.activity_roster(activity=activity)
    signins = selectors.activity_signins(activity=activity)
    signed = {s.deputy_id for s in signins}
    context = {
        "activity": activity,
        "roster": roster,
        "signins": signins,
        "signed": signed,
        "can_manage": can_manage,
        # what this user may do with the activity now (the lifecycle's table and the permission rules)
        "actions": {a.action: a for a in ACTIVITY.available(activity, scope)},
        "roster_open": ACTIVITY.in_group(activity, "roster_open"),
        "candidates": selectors.candidate_deputies(station=activity.station) if can_manage else [],
        "record_form": forms.get("record")
        or RecordForm(
            initial={
                "voters_received": activity.voters_received,
                "voter_names": activity.voter_names,
                "discussion": activity.discussion,
            }
        ),
        "photo_form": forms.get("photo") or PhotoForm(),
        "photos": selectors.activity_photos(activity=activity),
        "signin_url": request.build_absolute_uri(reverse("stations:sign_in", args=[activity.checkin_token])),
        "error": forms.get("error"),
    }
    return render(request, "stations/activity_detail.html", context, status=status)


@login_required
def activity_detail(request, pk: int):
    scope = scope_for(request.user)
    return _activity_page(request, scope, selectors.activity_get(scope=scope, pk=pk))


@login_required
@require_POST
def activity_action(request, pk: int, action: str):
    scope, activity = record_found(request.user, selectors.activity_get, pk)
    if not permissions.can_manage_station(scope, activity.station):
        raise NotPermitted()
    try:
        if action in {"roster_add", "roster_remove", "check_in"}:
            deputy = picked(selectors.candidate_deputies(station=activity.station), request.POST.get("deputy"))
            if deputy is None:
                deputy = picked(Deputy.objects.filter(station_duties__activity=activity), request.POST.get("deputy"))
            if deputy is None:
                raise DomainError(_("Choose a deputy of this station."))
            if action == "roster_add":
                services.roster_add(actor=request.user, scope=scope, activity=activity, deputy=deputy)
            elif action == "roster_remove":
                services.roster_remove(actor=request.user, scope=scope, activity=activity, deputy=deputy)
            else:
                services.activity_check_in(actor=request.user, scope=scope, activity=activity, deputy=deputy)
        elif action == "record":
            form = RecordForm(request.POST)
            if not form.is_valid():
                return _activity_page(request, scope, activity, {"record": form}, status=400)
            services.activity_record(actor=request.user, scope=scope, activity=activity, **form.cleaned_data)
        elif action == "photo":
            photo_form = PhotoForm(request.POST, request.FILES)
            if not photo_form.is_valid():
                return _activity_page(request, scope, activity, {"photo": photo_form}, status=400)
            try:
                services.activity_photo_add(actor=request.user, scope=scope, activity=activity, **photo_form.cleaned_data)
            except DomainError as exc:
                photo_form.add_error("image", exc)
                return _activity_page(request, scope, activity, {"photo": photo_form}, status=400)
        elif action == "cancel":
            services.activity_cancel(actor=request.user, scope=scope, activity=activity, reason=request.POST.get("reason", ""))
        else:
            raise NotPermitted(hide=True)
    except DomainError as exc:
        return _activity_page(
            request, scope, selectors.activity_get(scope=scope, pk=pk), {"error": " ".join(exc.messages)}, status=400
        )
    messages.success(request, _("Saved."))
    return redirect("stations:activity_detail", pk=activity.pk)


def activity_photo(request, pk: int, photo_id: int):
    """A photo of the activity's record, for those who see the activity; 404 for anyone else (no login included).
    Photos are never public media: they show voters, who did not agree to be published."""
    photo = selectors.activity_photo_get(scope=scope_for(request.user), activity_pk=pk, pk=photo_id)
    return uploads.file_response(
        photo.image, filename=photo.name or photo.image.name.rsplit("/", 1)[-1], content_type=photo.content_type
    )


@login_required
def activity_qr(request, pk: int):
    scope, activity = record_found(request.user, selectors.activity_get, pk)
    url = request.build_absolute_uri(reverse("stations:sign_in", args=[activity.checkin_token]))
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=6, xmldecl=True)
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


@login_required
def sign_in(request, token: str):
    """The page the activity's QR code opens on a deputy's phone."""
    scope = scope_for(request.user)
    activity = selectors.activity_by_token(token=token)
    if scope.person_id is None:
        raise NotPermitted(_("Only a deputy can sign in."))
    signin, error = None, None
    if request.method == "POST":
        try:
            signin = services.activity_sign_in(actor=request.user, scope=scope, activity=activity)
        except DomainError as exc:
            error = " ".join(exc.messages)
    return render(
        request, "stations/sign_in.html", {"activity": activity, "signin": signin, "error": error}, status=400 if error else 200
    )


@login_required
def my_duties(request):
    scope = scope_for(request.user)
    duties = selectors.my_duties(scope=scope)
    page = listing.paginate(request, duties)
    return render(request, "stations/my_duties.html", {"page": page, "today": timezone.localdate()})


def reception_days(station, schedule, today: datetime.date, months: int = 3) -> list[datetime.date]:
    """The station's next reception days from its schedule (the day of each month, moved past holidays by the
    rules): what a voter reads on the public page even before the days are planned as activities."""
    if schedule is None:
        return []
    days: list[datetime.date] = []
    year, month = today.year, today.month
    while len(days) < months:
        day = services.reception_date(year, month, schedule.day_of_month, region_path=station.region.path)
        if day >= today:
            days.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return days


def public_station(request, pk: int):
    """The public page of a station: where, when, and which deputies are on duty (names only)."""
    station = selectors.station_public_get(pk=pk)
    today = timezone.localdate()
    schedule = _schedule(station)
    return render(
        request,
        "stations/public_station.html",
        {
            "station": station,
            "upcoming": selectors.upcoming_public(station=station, today=today),
            "schedule": schedule,
            "reception_days": reception_days(station, schedule, today),
        },
    )
