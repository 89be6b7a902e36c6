"""Every write of the stations app: one transaction each, audited, idempotent on retry."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import kept, rules, uploads
from renda.core.actors import Actor, user_of
from renda.core.audit import audit_record, changed, snapshot
from renda.core.clock import event_time
from renda.core.errors import DomainError, InvalidTransition, NotPermitted, required_text
from renda.org.models import Body, Deputy
from renda.org.scoping import Scope

from . import permissions
from .kept import touch_activity
from .lifecycles import ACTIVITY
from .models import Activity, ActivityPhoto, DutyAssignment, ReceptionSchedule, SignIn, Station, StationRules
from .visits import VISITS


def _require_manage(scope: Scope, station: Station) -> None:
    if not permissions.can_manage_station(scope, station):
        raise NotPermitted()


def station_rules_publish(*, actor: Actor, scope: Scope, station: Station, text: str) -> StationRules:
    """A new version of the station's opening rules; the earlier versions stay."""
    _require_manage(scope, station)
    text = required_text(text, _("Write the rules."))
    with transaction.atomic():
        Station.objects.select_for_update().get(pk=station.pk)
        latest = station.rules_versions.order_by("-version").first()
        if latest and latest.text == text:
            return latest  # a retried submit
        version = StationRules.objects.create(
            station=station, version=(latest.version + 1) if latest else 1, text=text, created_by=user_of(actor)
        )
        audit_record(
            actor=actor, action="station.rules", obj=station, after={"version": version.version}, region_id=station.region_id
        )
    return version


def station_update(*, actor: Actor, scope: Scope, station: Station, address: str, activity_plan: str) -> Station:
    _require_manage(scope, station)
    with transaction.atomic():
        locked = Station.objects.select_for_update().get(pk=station.pk)
        before = snapshot(locked, ["address", "activity_plan"])
        locked.address, locked.activity_plan = address.strip(), activity_plan.strip()
        locked.save(update_fields=["address", "activity_plan"])
        old, new = changed(before, snapshot(locked, ["address", "activity_plan"]))
        if new:
            audit_record(actor=actor, action="station.update", obj=locked, before=old, after=new, region_id=locked.region_id)
    return locked


def reception_date(year: int, month: int, day: int, *, region_path: str) -> datetime.date:
    """The scheduled day of a month, moved past holidays (and weekends, if the rule says so)."""
    holidays = {datetime.date.fromisoformat(d) for d in rules.value("stations.holidays", region_path=region_path)}
    move_weekends = bool(rules.value("stations.move_weekend_receptions", region_path=region_path))
    date = datetime.date(year, month, day)
    while date in holidays or (move_weekends and date.weekday() >= 5):
        date += datetime.timedelta(days=1)
    return date


def schedule_set(
    *, actor: Actor, scope: Scope, station: Station, day_of_month: int, start_time: datetime.time, end_time: datetime.time
) -> ReceptionSchedule:
    _require_manage(scope, station)
    if not 1 <= int(day_of_month) <= 28:
        raise DomainError(_("The reception day must be between the 1st and the 28th."))
    if end_time <= start_time:
        raise DomainError(_("The reception must end after it starts."))
    with transaction.atomic():
        schedule, _created = ReceptionSchedule.objects.select_for_update().get_or_create(
            station=station, defaults={"day_of_month": day_of_month, "start_time": start_time, "end_time": end_time}
        )
        before = snapshot(schedule, ["day_of_month", "start_time", "end_time"])
        schedule.day_of_month, schedule.start_time, schedule.end_time = day_of_month, start_time, end_time
        schedule.save()
        old, new = changed(before, snapshot(schedule, ["day_of_month", "start_time", "end_time"]))
        audit_record(
            actor=actor, action="station.schedule", obj=station, before=old, after=new or before, region_id=station.region_id
        )
    return schedule


def schedule_generate(*, actor: Actor, scope: Scope, station: Station, first_month: datetime.date, months: int) -> list[Activity]:
    """Reception days for `months` months from `first_month`, from the station's schedule. Existing days stay."""
    _require_manage(scope, station)
    schedule = ReceptionSchedule.objects.filter(station=station).first()
    if schedule is None:
        raise DomainError(_("Set the reception schedule first."))
    if not 1 <= months <= 24:
        raise DomainError(_("Generate between 1 and 24 months at a time."))
    created: list[Activity] = []
    with transaction.atomic():
        Station.objects.select_for_update().get(pk=station.pk)
        year, month = first_month.year, first_month.month
        for _i in range(months):
            date = reception_date(year, month, schedule.day_of_month, region_path=station.region.path)
            exists = station.activities.filter(kind=Activity.Kind.RECEPTION, date__year=year, date__month=month).exists()
            if not exists:
                created.append(
                    Activity.objects.create(
                        station=station,
                        region=station.region,
                        kind=Activity.Kind.RECEPTION,
                        topic=_("Reception day"),
                        date=date,
                        start_time=schedule.start_time,
                        end_time=schedule.end_time,
                    )
                )
            month += 1
            if month > 12:
                year, month = year + 1, 1
        if created:
            audit_record(
                actor=actor,
                action="station.reception_days",
                obj=station,
                after={"dates": [a.date for a in created]},
                region_id=station.region_id,
            )
    return created


def activity_create(
    *,
    actor: Actor,
    scope: Scope,
    station: Station,
    kind: str,
    topic: str,
    date: datetime.date,
    committee: Body | None = None,
    start_time: datetime.time | None = None,
    end_time: datetime.time | None = None,
) -> Activity:
    _require_manage(scope, station)
    if kind not in Activity.Kind.values:
        raise DomainError(_("Unknown kind of activity."))
    if not (topic or "").strip():
        raise DomainError(_("Every activity has a topic."))
    if kind == Activity.Kind.COMMITTEE and committee is None:
        raise DomainError(_("Name the committee that visits the station."))
    with transaction.atomic():
        existing = Activity.objects.filter(station=station, kind=kind, date=date, topic=topic.strip()).first()
        if existing:
            return existing  # a retried submit
        try:
            with transaction.atomic():
                activity = Activity.objects.create(
                    station=station,
                    region=station.region,
                    kind=kind,
                    topic=topic.strip(),
                    date=date,
                    committee=committee if kind == Activity.Kind.COMMITTEE else None,
                    start_time=start_time,
                    end_time=end_time,
                )
        except IntegrityError:
            raise DomainError(_("The station already has a reception day on that date.")) from None
        audit_record(
            actor=actor,
            action="activity.create",
            obj=activity,
            after=snapshot(activity, ["kind", "topic", "date"]),
            region_id=activity.region_id,
        )
    return activity


def roster_add(*, actor: Actor, scope: Scope, activity: Activity, deputy: Deputy) -> DutyAssignment:
    _require_manage(scope, activity.station)
    if not ACTIVITY.in_group(activity, "roster_open"):
        raise InvalidTransition(_("The roster of a held or cancelled activity cannot change."))
    if deputy.status != Deputy.Status.SERVING:
        raise DomainError(_("Only a serving deputy can be on duty."))
    with transaction.atomic():
        duty, created = DutyAssignment.objects.get_or_create(activity=activity, deputy=deputy)
        if created:
            audit_record(
                actor=actor, action="activity.roster_add", obj=activity, after={"deputy": deputy.pk}, region_id=activity.region_id
            )
    return duty


def roster_remove(*, actor: Actor, scope: Scope, activity: Activity, deputy: Deputy) -> None:
    _require_manage(scope, activity.station)
    if not ACTIVITY.in_group(activity, "roster_open"):
        raise InvalidTransition(_("The roster of a held or cancelled activity cannot change."))
    with transaction.atomic():
        deleted, _n = DutyAssignment.objects.filter(activity=activity, deputy=deputy).delete()
        if deleted:
            audit_record(
                actor=actor,
                action="activity.roster_remove",
                obj=activity,
                before={"deputy": deputy.pk},
                region_id=activity.region_id,
            )


def _sign(*, actor: Actor, activity: Activity, deputy: Deputy, method: str, at: datetime.datetime | None = None) -> SignIn:
    if not ACTIVITY.in_group(activity, "signable"):
        raise InvalidTransition(_("This activity was cancelled."))
    now = event_time(at)
    if activity.date > timezone.localdate(now):
        raise DomainError(_("Sign-in opens on the day of the activity."))
    with transaction.atomic():
        existing = SignIn.objects.filter(activity=activity, deputy=deputy).first()
        if existing:
            return existing  # scanning twice signs in once
        signin = SignIn.objects.create(activity=activity, deputy=deputy, method=method, by=user_of(actor), at=now)
        touch_activity(activity)
        kept.touch(VISITS, [(activity.pk,)])
        audit_record(
            actor=actor,
            action="activity.sign_in",
            obj=activity,
            after={"deputy": deputy.pk, "method": method},
            region_id=activity.region_id,
        )
    return signin


def activity_check_in(
    *, actor: Actor, scope: Scope, activity: Activity, deputy: Deputy, at: datetime.datetime | None = None
) -> SignIn:
    """The officer checks a deputy in (`at`: when the deputy signed, for a sign-in recorded after the fact)."""
    if not permissions.can_check_in(scope, activity):
        raise NotPermitted()
    return _sign(actor=actor, activity=activity, deputy=deputy, method=SignIn.Method.OFFICER, at=at)


def activity_sign_in(*, actor: Actor, scope: Scope, activity: Activity) -> SignIn:
    """The deputy scanned the activity's QR code: sign in their mandate (the station's, else any serving one)."""
    if scope.person_id is None:
        raise NotPermitted(_("Only a deputy can sign in."))
    mandates = list(Deputy.objects.filter(person_id=scope.person_id, status=Deputy.Status.SERVING).order_by("pk"))
    if not mandates:
        raise NotPermitted(_("Only a serving deputy can sign in."))
    on_duty = set(activity.duties.values_list("deputy_id", flat=True))
    attached = set(activity.station.deputies.values_list("pk", flat=True))
    deputy = next((m for m in mandates if m.pk in on_duty), None) or next((m for m in mandates if m.pk in attached), mandates[0])
    return _sign(actor=actor, activity=activity, deputy=deputy, method=SignIn.Method.QR)


RECORD_FIELDS = ["status", "voters_received", "voter_names", "discussion"]


def activity_record(
    *,
    actor: Actor,
    scope: Scope,
    activity: Activity,
    voters_received: int,
    voter_names: str = "",
    discussion: str = "",
    at: datetime.datetime | None = None,
) -> Activity:
    """The record (记录) of a held activity; editing it again keeps it held. `at`: when the record was written,
    for a record entered after the fact (a ledger); it cannot precede the activity's day."""
    _require_manage(scope, activity.station)
    if voters_received < 0:
        raise DomainError(_("The number of voters received cannot be negative."))
    with transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        if not ACTIVITY.can(locked, "record"):
            raise InvalidTransition(_("A cancelled activity has no record."))
        if locked.date > timezone.localdate(event_time(at)):
            raise InvalidTransition(_("An activity can only be recorded on or after its day."))
        before = snapshot(locked, RECORD_FIELDS)
        ACTIVITY.set_state(locked, "record")
        locked.voters_received, locked.voter_names, locked.discussion = voters_received, voter_names.strip(), discussion.strip()
        locked.save(update_fields=RECORD_FIELDS)
        touch_activity(locked)
        old, new = changed(before, snapshot(locked, RECORD_FIELDS))
        if new:
            audit_record(actor=actor, action="activity.record", obj=locked, before=old, after=new, region_id=locked.region_id)
    return locked


def activity_cancel(*, actor: Actor, scope: Scope, activity: Activity, reason: str) -> Activity:
    _require_manage(scope, activity.station)
    if not reason.strip():
        raise DomainError(_("Give the reason for cancelling."))
    with transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        if locked.status == Activity.Status.CANCELLED:
            return locked  # a retried submit
        if not ACTIVITY.can(locked, "cancel") or locked.signins.exists():
            raise InvalidTransition(_("A held activity cannot be cancelled."))
        ACTIVITY.set_state(locked, "cancel")
        locked.save(update_fields=["status"])
        touch_activity(locked)
        audit_record(
            actor=actor,
            action="activity.cancel",
            obj=locked,
            after={"status": locked.status, "reason": reason.strip()},
            region_id=locked.region_id,
        )
    return locked


def activity_photo_add(*, actor: Actor, scope: Scope, activity: Activity, image: Any, caption: str = "") -> ActivityPhoto:
    """A photo for the activity's record: refused (nothing stored) unless it really is an image within the size and
    pixel limits of the rules table."""
    _require_manage(scope, activity.station)
    region_path = activity.region.path
    checked = uploads.check_image(
        image,
        max_bytes=int(rules.value("stations.photo_max_bytes", region_path=region_path)),
        max_pixels=int(rules.value("stations.photo_max_pixels", region_path=region_path)),
    )
    with transaction.atomic():
        photo = ActivityPhoto.objects.create(
            activity=activity,
            image=checked.upload,
            name=checked.name,
            content_type=checked.content_type,
            caption=(caption or "").strip(),
        )
        audit_record(
            actor=actor,
            action="activity.photo",
            obj=activity,
            after={"photo": photo.image.name, "name": checked.name},
            region_id=activity.region_id,
        )
    return photo
