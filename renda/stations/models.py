"""Records of the stations workflow: stations (站/室/网上联络站), their rules, schedules, activities, rosters, sign-ins."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renda.org.models import Body, Deputy, Region


class Station(models.Model):
    """A liaison station, room or online station, bound to a region and run by one fixed liaison officer."""

    class Kind(models.TextChoices):
        STATION = "station", _("liaison station")
        ROOM = "room", _("liaison room")
        ONLINE = "online", _("online station")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="stations", verbose_name=_("region"))
    town = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("town or sub-district"),
        help_text=_("The town or sub-district the station reports to (figures are grouped by it)."),
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="rooms", verbose_name=_("station")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    activity_plan = models.TextField(_("activity plan for the year"), blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stations",
        verbose_name=_("liaison officer"),
    )
    deputies = models.ManyToManyField(Deputy, blank=True, related_name="stations", verbose_name=_("deputies"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("liaison station")
        verbose_name_plural = _("liaison stations")
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="station_unique_name_in_region")]
        indexes = [
            models.Index(fields=["town", "kind"], name="station_town_kind_idx"),
            models.Index(fields=["officer"], name="station_officer_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class StationRules(models.Model):
    """One version of a station's opening rules (a document; every change is a new version)."""

    station = models.ForeignKey(Station, on_delete=models.PROTECT, related_name="rules_versions", verbose_name=_("station"))
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("rules"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("by")
    )

    class Meta:
        verbose_name = _("station rules")
        verbose_name_plural = _("station rules")
        ordering = ["station_id", "-version"]
        constraints = [models.UniqueConstraint(fields=["station", "version"], name="station_rules_version_unique")]

    def __str__(self) -> str:
        return f"{self.station} v{self.version}"


class ReceptionSchedule(models.Model):
    """工作定时: a recurring reception day (a day of each month), with its hours."""

    station = models.OneToOneField(Station, on_delete=models.PROTECT, related_name="schedule", verbose_name=_("station"))
    day_of_month = models.PositiveSmallIntegerField(_("day of the month"))
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("to"))

    class Meta:
        verbose_name = _("reception schedule")
        verbose_name_plural = _("reception schedules")
        constraints = [
            models.CheckConstraint(condition=Q(day_of_month__gte=1, day_of_month__lte=28), name="schedule_day_valid"),
            models.CheckConstraint(condition=Q(end_time__gt=models.F("start_time")), name="schedule_times_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.station} · {self.day_of_month}"


def _checkin_token() -> str:
    return secrets.token_urlsafe(12)


class Activity(models.Model):
    """活动定题: a reception day, a themed activity or a committee visit, with its topic and record (记录)."""

    class Kind(models.TextChoices):
        RECEPTION = "reception", _("reception day")
        THEMED = "themed", _("themed activity")
        COMMITTEE = "committee", _("committee visit")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    station = models.ForeignKey(Station, on_delete=models.PROTECT, related_name="activities", verbose_name=_("station"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    topic = models.CharField(_("topic"), max_length=200)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("from"), null=True, blank=True)
    end_time = models.TimeField(_("to"), null=True, blank=True)
    committee = models.ForeignKey(
        Body, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("visiting committee")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    voters_received = models.PositiveIntegerField(_("voters received"), default=0)
    voter_names = models.TextField(_("voters' names (optional)"), blank=True)
    discussion = models.TextField(_("what was discussed"), blank=True)
    checkin_token = models.CharField(max_length=32, unique=True, default=_checkin_token, editable=False)
    notice_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # the deputy visits (sign-ins) of this activity, kept (renda/stations/visits.py): recounted from the sign-ins by
    # each sign-in and the daily job, so the list's totals row sums one column instead of counting millions of rows
    visits = models.PositiveIntegerField(_("deputy visits"), default=0, editable=False)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.UniqueConstraint(
                fields=["station", "date", "kind"], condition=Q(kind="reception"), name="activity_one_reception_per_day"
            ),
            models.CheckConstraint(condition=~Q(kind="committee") | Q(committee__isnull=False), name="activity_committee_named"),
        ]
        indexes = [
            # a station's activities by date, covering the list's totals row (kind, kept visits, voters received):
            # the totals over a whole province are an index-only scan per station
            models.Index(
                fields=["station", "date"], include=["kind", "visits", "voters_received"], name="activity_station_totals_idx"
            ),
            models.Index(fields=["region", "date"], name="activity_region_date_idx"),
            # a period's activities by date, covering what the figures read (station, status, voters received) and
            # the id the sign-ins join on: the deputy visits and voters received are index-only scans
            models.Index(fields=["date"], include=["id", "station", "status", "voters_received"], name="activity_period_figures_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.station} · {self.topic}"


class DutyAssignment(models.Model):
    """进站定人: a deputy on duty at an activity (the roster)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="duties", verbose_name=_("activity"))
    deputy = models.ForeignKey(Deputy, on_delete=models.PROTECT, related_name="station_duties", verbose_name=_("deputy"))

    class Meta:
        verbose_name = _("duty assignment")
        verbose_name_plural = _("duty roster")
        constraints = [models.UniqueConstraint(fields=["activity", "deputy"], name="duty_unique")]

    def __str__(self) -> str:
        return f"{self.activity} · {self.deputy_id}"


class SignIn(models.Model):
    """签到: a deputy was present at an activity (one deputy visit, 人次)."""

    class Method(models.TextChoices):
        QR = "qr", _("scanned the QR code")
        OFFICER = "officer", _("checked in by the officer")

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="signins", verbose_name=_("activity"))
    deputy = models.ForeignKey(Deputy, on_delete=models.PROTECT, related_name="station_signins", verbose_name=_("deputy"))
    method = models.CharField(_("method"), max_length=16, choices=Method.choices)
    at = models.DateTimeField(_("time"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("by")
    )

    class Meta:
        verbose_name = _("sign-in")
        verbose_name_plural = _("sign-ins")
        constraints = [models.UniqueConstraint(fields=["activity", "deputy"], name="signin_once")]

    def __str__(self) -> str:
        return f"{self.activity} · {self.deputy_id}"


class ActivityPhoto(models.Model):
    """A photo of an activity's record, checked to be an image on upload and served only through
    `stations:activity_photo` (to those who see the activity)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="photos", verbose_name=_("activity"))
    image = models.FileField(_("photo"), upload_to="stations/photos/%Y/%m/")
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.caption or self.image.name


class StationMonth(models.Model):
    """The station figures of one station in one month, kept (`renda.stations.kept`, `renda.core.kept`): always
    recounted from the sign-ins and activities, never typed in or incremented."""

    station = models.ForeignKey(Station, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the month's first day
    deputy_visits = models.PositiveIntegerField(default=0)
    voters_received = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["station", "month"], name="station_month_unique"),
        ]
        indexes = [
            models.Index(
                fields=["month"], include=["station", "deputy_visits", "voters_received"], name="station_month_period_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.station_id} {self.month:%Y-%m}"
