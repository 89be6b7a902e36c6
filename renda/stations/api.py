"""The stations API: stations, schedules, activities, rosters, check-ins and records, scoped and written through the
same selectors and services as the pages."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema
from ninja.files import UploadedFile

from renda.core.errors import DomainError, NotPermitted
from renda.core.lifecycle import actions_payload
from renda.core.routes import Record, conflicts
from renda.core.schemas import ERRORS, ActionOut, Day, ErrorOut, Id
from renda.org.models import Body, Deputy
from renda.org.scoping import Scope, scope_for

from . import permissions, selectors, services
from .lifecycles import ACTIVITY
from .models import Activity, ReceptionSchedule, Station
from .rules import TEXT_MAX

router = Router(tags=["stations"])


class StationOut(Schema):
    """A station, read from the record: a field with an `alias` comes from that attribute path."""

    id: int
    name: str
    kind: str
    town_id: int
    town: str = Field(alias="town.name")
    region_id: int
    address: str
    officer: str | None
    deputies: int = Field(alias="deputy_count")  # annotated by the selector

    @staticmethod
    def resolve_officer(station: Station) -> str | None:
        return str(station.officer) if station.officer else None


class StationActivityOut(Schema):
    """An activity, read from the record (as `StationOut`)."""

    id: int
    station_id: int
    station: str = Field(alias="station.name")
    kind: str
    topic: str
    date: datetime.date
    status: str
    deputy_visits: int = Field(alias="signin_count")  # annotated by the selector
    voters_received: int


@router.get("/", response={200: list[StationOut], **ERRORS}, summary="Stations, rooms and online stations the caller may see")
def stations(request, kind: str = "", q: str = ""):
    return selectors.station_list(scope=scope_for(request.user), kind=kind, q=q)


@router.get(
    "/activities", response={200: list[StationActivityOut], **ERRORS}, summary="Activities of the caller's stations (at most 500)"
)
def activities(
    request,
    station: Id | None = None,
    date_from: Day | None = None,
    date_to: Day | None = None,
    kind: str = "",
):
    qs = selectors.activity_list(scope=scope_for(request.user), station=station, date_from=date_from, date_to=date_to, kind=kind)
    return qs[:500]


# --- writes: every write of the station and activity pages, through the same services (issue #15) ----------------

# The shared answers, and 409 for a move the activity's state does not allow (the roster of a held activity, the
# record of a cancelled one, cancelling after a sign-in).
WRITE_ERRORS = {**ERRORS, 409: ErrorOut}

# The page writes these operations twin (tests/test_api_coverage.py).
PAGE_TWINS = {
    "stations:station_action": {
        "rules": "POST /api/stations/{station_id}/rules",
        "update": "POST /api/stations/{station_id}",
        "schedule": "POST /api/stations/{station_id}/schedule",
        "generate": "POST /api/stations/{station_id}/reception-days",
    },
    "stations:activity_create": "POST /api/stations/{station_id}/activities",
    "stations:activity_action": {
        "roster_add": "POST /api/stations/activities/{activity_id}/roster",
        "roster_remove": "POST /api/stations/activities/{activity_id}/roster/remove",
        "check_in": "POST /api/stations/activities/{activity_id}/check-ins",
        "record": "POST /api/stations/activities/{activity_id}/record",
        "photo": "POST /api/stations/activities/{activity_id}/photos",
        "cancel": "POST /api/stations/activities/{activity_id}/cancel",
    },
    "stations:sign_in": "POST /api/stations/sign-in/{token}",
}

StationText = Annotated[str, TEXT_MAX]
Token = Annotated[str, Field(min_length=1, max_length=32)]


class ScheduleOut(Schema):
    day_of_month: int
    start_time: datetime.time
    end_time: datetime.time


class StationDetailOut(StationOut):
    activity_plan: str
    rules: str
    rules_version: int | None
    schedule: ScheduleOut | None = Field(alias="reception_schedule")
    can_manage: bool


def _station_out(scope: Scope, station: Station) -> Station:
    """The station as the caller sees it (GET /api/stations/{id}, and the answer to its writes)."""
    rules = selectors.station_rules(station=station)
    station.deputy_count = station.deputies.count()  # type: ignore[attr-defined]
    station.rules = rules[0].text if rules else ""  # type: ignore[attr-defined]
    station.rules_version = rules[0].version if rules else None  # type: ignore[attr-defined]
    station.reception_schedule = ReceptionSchedule.objects.filter(station=station).first()  # type: ignore[attr-defined]
    station.can_manage = permissions.can_manage_station(scope, station)  # type: ignore[attr-defined]
    return station


class DutyOut(Schema):
    deputy_id: int
    name: str = Field(alias="deputy.person.name")


class StationSignInOut(Schema):
    deputy_id: int
    name: str = Field(alias="deputy.person.name")
    method: str
    at: datetime.datetime


class StationActivityDetailOut(Schema):
    id: int
    station_id: int
    station: str
    kind: str
    topic: str
    date: datetime.date
    start_time: datetime.time | None
    end_time: datetime.time | None
    committee_id: int | None
    status: str
    voters_received: int
    voter_names: str
    discussion: str
    roster: list[DutyOut]
    signins: list[StationSignInOut]
    photos: int
    actions: list[ActionOut]


def _activity_out(scope: Scope, activity: Activity) -> dict[str, Any]:
    return {
        "id": activity.pk,
        "station_id": activity.station_id,
        "station": activity.station.name,
        "kind": activity.kind,
        "topic": activity.topic,
        "date": activity.date,
        "start_time": activity.start_time,
        "end_time": activity.end_time,
        "committee_id": activity.committee_id,
        "status": activity.status,
        "voters_received": activity.voters_received,
        "voter_names": activity.voter_names,
        "discussion": activity.discussion,
        "roster": selectors.activity_roster(activity=activity),
        "signins": selectors.activity_signins(activity=activity),
        "photos": activity.photos.count(),
        "actions": actions_payload(ACTIVITY.available(activity, scope)),
    }


# The record kinds of the routes (core.routes): in the caller's scope, written by the station's officer and its
# town's staff (403 for others who see it); a move an activity's state does not allow is 409.
STATIONS = Record(scope=scope_for, get=selectors.station_get, detail=_station_out, name="station")
ACTIVITIES = Record(scope=scope_for, get=selectors.activity_get, detail=_activity_out, name="activity", conflicts=True)


def _manages(scope: Scope, station: Station) -> bool:
    return permissions.can_manage_station(scope, station)


def _manages_activity(scope: Scope, activity: Activity) -> bool:
    return permissions.can_manage_station(scope, activity.station)


@router.get("/{station_id}", response={200: StationDetailOut, **ERRORS}, summary="One station (404 outside the caller's scope)")
def station_detail(request, station_id: Id):
    return STATIONS.read(request, station_id)


class StationIn(Schema):
    address: Annotated[str, Field(max_length=200)] = ""
    activity_plan: StationText = ""


@router.post("/{station_id}", response={200: StationDetailOut, **ERRORS}, summary="Update a station's address and year plan")
def station_update(request, station_id: Id, payload: StationIn):
    """The station's officer and the staff of its town (403 for others who see it). Sending the same again changes
    nothing."""
    return STATIONS.call(request, station_id, services.station_update, allowed=_manages, **payload.model_dump())


class RulesIn(Schema):
    text: StationText


@router.post(
    "/{station_id}/rules", response={200: StationDetailOut, **ERRORS}, summary="Publish a new version of the opening rules"
)
def station_rules(request, station_id: Id, payload: RulesIn):
    """Earlier versions stay; the same text again is not a new version. 422 for an empty text."""
    return STATIONS.call(request, station_id, services.station_rules_publish, allowed=_manages, text=payload.text)


class ScheduleIn(Schema):
    day_of_month: Annotated[int, Field(ge=1, le=28)]
    start_time: datetime.time
    end_time: datetime.time


@router.post("/{station_id}/schedule", response={200: StationDetailOut, **ERRORS}, summary="Set the monthly reception day")
def station_schedule(request, station_id: Id, payload: ScheduleIn):
    """The day of each month (1–28) and the hours; 422 when it ends before it starts."""
    return STATIONS.call(request, station_id, services.schedule_set, allowed=_manages, **payload.model_dump())


class GenerateIn(Schema):
    first_month: Day
    months: Annotated[int, Field(ge=1, le=24)] = 6


class GeneratedOut(Schema):
    created: list[StationActivityOut]


@router.post(
    "/{station_id}/reception-days",
    response={200: GeneratedOut, **ERRORS},
    summary="Add the reception days of the coming months from the schedule",
)
def station_reception_days(request, station_id: Id, payload: GenerateIn):
    """One reception day a month (moved past holidays by the rules) for `months` months from `first_month`; a month
    that has one already keeps it, so a retry creates nothing more. 422 without a schedule."""
    scope = scope_for(request.user)
    station = selectors.station_get(scope=scope, pk=station_id)
    if not _manages(scope, station):
        raise NotPermitted()
    created = services.schedule_generate(
        actor=request.user, scope=scope, station=station, first_month=payload.first_month, months=payload.months
    )
    rows = selectors.activity_list(scope=scope, station=station.pk).filter(pk__in=[a.pk for a in created])
    return {"created": list(rows)}


class StationActivityIn(Schema):
    kind: str
    topic: Annotated[str, Field(max_length=200)]
    date: Day
    start_time: datetime.time | None = None
    end_time: datetime.time | None = None
    committee_id: Id | None = None


@router.post("/{station_id}/activities", response={200: StationActivityDetailOut, **ERRORS}, summary="Plan an activity")
def activity_create(request, station_id: Id, payload: StationActivityIn):
    """Kinds: the `kind` values of the activity list. A committee's visit names the committee (`committee_id`, 422
    without it). The same activity sent again (station, kind, date, topic) answers the one already planned."""

    def make(scope: Scope, actor: Any) -> Activity:
        station = selectors.station_get(scope=scope, pk=station_id)
        if not _manages(scope, station):
            raise NotPermitted()
        committee = None
        if payload.committee_id is not None:
            committee = Body.objects.filter(
                pk=payload.committee_id, kind__in=[Body.Kind.SPECIAL_COMMITTEE, Body.Kind.WORKING_COMMITTEE]
            ).first()
            if committee is None:
                raise DomainError(_("Choose a committee."))
        if payload.start_time and payload.end_time and payload.end_time <= payload.start_time:
            raise DomainError(_("The reception must end after it starts."))
        fields = payload.model_dump(exclude={"committee_id"})
        return services.activity_create(actor=actor, scope=scope, station=station, committee=committee, **fields)

    return ACTIVITIES.create(request, make)


@router.get(
    "/activities/{activity_id}",
    response={200: StationActivityDetailOut, **ERRORS},
    summary="One activity with its roster, sign-ins and actions (404 outside scope)",
)
def activity_detail(request, activity_id: Id):
    return ACTIVITIES.read(request, activity_id)


class DeputyIn(Schema):
    deputy_id: Id


def _on_deputy(request: Any, activity_id: int, service: Any, deputy_id: int) -> dict[str, Any]:
    """`service` on the managed activity for one of its deputies (a roster or check-in write; 409 once the state
    does not allow it)."""
    return ACTIVITIES.write(
        request,
        activity_id,
        lambda scope, activity, actor: service(
            actor=actor, scope=scope, activity=activity, deputy=_activity_deputy(activity, deputy_id)
        ),
        allowed=_manages_activity,
    )


def _activity_deputy(activity: Activity, deputy_id: int) -> Deputy:
    """A deputy of the activity's station (or one already on its roster), else 422 as on the page."""
    deputy = selectors.candidate_deputies(station=activity.station).filter(pk=deputy_id).first()
    if deputy is None:
        deputy = Deputy.objects.filter(station_duties__activity=activity, pk=deputy_id).first()
    if deputy is None:
        raise DomainError(_("Choose a deputy of this station."))
    return deputy


@router.post(
    "/activities/{activity_id}/roster", response={200: StationActivityDetailOut, **WRITE_ERRORS}, summary="Put a deputy on duty"
)
def activity_roster_add(request, activity_id: Id, payload: DeputyIn):
    """A deputy of the station (or of its town when none is attached); once on duty, sending it again changes nothing.
    409 once the activity is held or cancelled."""
    return _on_deputy(request, activity_id, services.roster_add, payload.deputy_id)


@router.post(
    "/activities/{activity_id}/roster/remove",
    response={200: StationActivityDetailOut, **WRITE_ERRORS},
    summary="Take a deputy off duty",
)
def activity_roster_remove(request, activity_id: Id, payload: DeputyIn):
    """Taking off a deputy who is not on duty changes nothing. 409 once the activity is held or cancelled."""
    return _on_deputy(request, activity_id, services.roster_remove, payload.deputy_id)


@router.post(
    "/activities/{activity_id}/check-ins",
    response={200: StationActivityDetailOut, **WRITE_ERRORS},
    summary="Check a deputy in (the station's officer or staff)",
)
def activity_check_in(request, activity_id: Id, payload: DeputyIn):
    """On the day of the activity or after; a deputy already signed in stays signed in once. 409 for a cancelled
    activity, 422 before its day."""
    return _on_deputy(request, activity_id, services.activity_check_in, payload.deputy_id)


class RecordIn(Schema):
    voters_received: Annotated[int, Field(ge=0, le=100_000)]
    voter_names: StationText = ""
    discussion: StationText = ""


@router.post(
    "/activities/{activity_id}/record",
    response={200: StationActivityDetailOut, **WRITE_ERRORS},
    summary="Save the activity's record (it is then held)",
)
def activity_record(request, activity_id: Id, payload: RecordIn):
    """On or after the activity's day; saving again edits the record. 409 for a cancelled activity or before its day."""
    return ACTIVITIES.call(request, activity_id, services.activity_record, allowed=_manages_activity, **payload.model_dump())


class CancelIn(Schema):
    reason: Annotated[str, Field(max_length=500)]


@router.post(
    "/activities/{activity_id}/cancel",
    response={200: StationActivityDetailOut, **WRITE_ERRORS},
    summary="Cancel a planned activity (with the reason)",
)
def activity_cancel(request, activity_id: Id, payload: CancelIn):
    """While nobody has signed in; cancelling a cancelled activity again changes nothing. 409 once it is held."""
    return ACTIVITIES.call(request, activity_id, services.activity_cancel, allowed=_manages_activity, reason=payload.reason)


class PhotoIn(Schema):
    caption: Annotated[str, Field(max_length=200)] = ""


@router.post(
    "/activities/{activity_id}/photos",
    response={200: StationActivityDetailOut, **ERRORS},
    summary="Add a photo to the activity's record (multipart: image, caption)",
)
def activity_photo(request, activity_id: Id, payload: Form[PhotoIn], image: UploadedFile = File(...)):  # noqa: B008
    """Refused with 422 (nothing stored) unless the file is an image within the size and pixel limits of the rules."""
    return ACTIVITIES.call(
        request, activity_id, services.activity_photo_add, allowed=_manages_activity, image=image, caption=payload.caption
    )


class SignedInOut(Schema):
    activity_id: int
    station: str
    topic: str
    date: datetime.date
    deputy_id: int
    at: datetime.datetime


@router.post(
    "/sign-in/{token}",
    response={200: SignedInOut, **WRITE_ERRORS},
    summary="The calling deputy signs in to an activity (the token of its QR code)",
)
def sign_in(request, token: Token):
    """The deputy's phone after scanning the activity's code: signs in the caller's mandate on duty there (else the
    station's, else any serving one). Scanning twice signs in once. 403 for a caller who is not a serving deputy,
    404 for an unknown code, 409 for a cancelled activity, 422 before its day."""
    scope = scope_for(request.user)
    activity = selectors.activity_by_token(token=token)
    with conflicts():
        signin = services.activity_sign_in(actor=request.user, scope=scope, activity=activity)
    return {
        "activity_id": activity.pk,
        "station": activity.station.name,
        "topic": activity.topic,
        "date": activity.date,
        "deputy_id": signin.deputy_id,
        "at": signin.at,
    }
