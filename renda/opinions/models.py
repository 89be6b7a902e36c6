"""Records of the opinions workflow: voters' opinions, every step of their handling, one-time phone codes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from renda.org.models import Region, Unit
from renda.stations.models import Activity, Station


class Status(models.TextChoices):
    REGISTERED = "registered", _("registered")
    ROUTED = "routed", _("routed to a unit")
    SUGGESTION = "suggestion", _("raised as a suggestion")
    REPORTED = "reported", _("reported upward")
    MERGED = "merged", _("merged into another")
    OUT_OF_REMIT = "out_of_remit", _("outside the remit")
    ANSWERED = "answered", _("answered")
    TOLD = "told", _("voter told")
    CLOSED = "closed", pgettext_lazy("opinion state", "closed")


OPEN_STATUSES = [Status.REGISTERED, Status.ROUTED, Status.SUGGESTION, Status.REPORTED]
#: 0 for what the unit still owes (routed), 1 for the rest: the unit inbox sorts by it and an index holds it.
INBOX_OPEN_FIRST = Case(When(status=Status.ROUTED, then=Value(0)), default=Value(1), output_field=IntegerField())
ANSWERED_STATUSES = [Status.ANSWERED, Status.TOLD, Status.CLOSED]


class Opinion(models.Model):
    """A voter's opinion (选民意见建议). The responsible handler at every moment: the station's officer, or
    the unit it is routed to (办理定责)."""

    class Source(models.TextChoices):
        STATION = "station", _("registered at a station")
        ONLINE = "online", _("submitted online")

    station = models.ForeignKey(Station, on_delete=models.PROTECT, related_name="opinions", verbose_name=_("station"))
    town = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("town or sub-district"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("village or community"))
    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, null=True, blank=True, related_name="opinions", verbose_name=_("activity")
    )
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    category = models.CharField(_("category"), max_length=50)
    text = models.TextField(_("opinion"))
    keywords = models.CharField(max_length=200, blank=True, editable=False)
    contact_name = models.CharField(_("name"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.REGISTERED)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="opinions", verbose_name=_("handling unit")
    )
    routed_at = models.DateTimeField(_("routed at"), null=True, blank=True)
    deadline = models.DateField(_("answer due"), null=True, blank=True)
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_on_time = models.BooleanField(_("answered on time"), null=True, blank=True)
    told_at = models.DateTimeField(_("voter told at"), null=True, blank=True)
    asked_at = models.DateTimeField(_("asked whether solved at"), null=True, blank=True)
    solved = models.BooleanField(_("solved"), null=True, blank=True)
    feedback = models.TextField(_("voter's feedback"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged", verbose_name=_("merged into")
    )
    suggestion_ref = models.CharField(_("suggestion"), max_length=64, blank=True)
    client_token = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    dedupe_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("voter opinion")
        verbose_name_plural = _("voter opinions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="routed") | Q(unit__isnull=False, deadline__isnull=False), name="opinion_routed_has_unit"
            ),
            models.CheckConstraint(
                condition=~Q(status="merged") | Q(merged_into__isnull=False), name="opinion_merged_has_target"
            ),
            models.CheckConstraint(condition=~Q(status="closed") | Q(closed_at__isnull=False), name="opinion_closed_has_date"),
        ]
        indexes = [
            # The staff lists read a page's ids first (LargePaginator, deferred join): these covering indexes hold
            # every column the scope and the usual filters test, so that read is an index-only scan (PostgreSQL;
            # INCLUDE is ignored on SQLite). 1,000,000 opinions: the overdue page's ids in ~2 ms instead of ~40.
            models.Index(
                fields=["station", "-registered_at", "-id"],
                include=["status", "deadline", "answered_on_time"],
                name="opinion_station_recent_idx",
            ),
            models.Index(fields=["region", "-registered_at"], name="opinion_region_recent_idx"),
            models.Index(
                fields=["-registered_at", "-id"],
                include=["station", "region", "unit", "status", "deadline", "answered_on_time"],
                name="opinion_recent_idx",
            ),
            # overdue: still routed past the deadline, or answered late (partial indexes keep both small)
            models.Index(fields=["station", "deadline"], condition=Q(status="routed"), name="opinion_routed_due_idx"),
            models.Index(fields=["station"], condition=Q(answered_on_time=False), name="opinion_late_idx"),
            # the figures' overdue for a period (the rest is kept per month): the period's routed opinions, index-only
            models.Index(
                fields=["registered_at"],
                include=["station", "deadline", "answered_on_time"],
                condition=Q(status="routed"),
                name="opinion_routed_period_idx",
            ),
            # the unit inbox's order (routed first, then by due date): `INBOX_OPEN_FIRST` (the selector orders by it)
            models.Index(F("unit"), INBOX_OPEN_FIRST, F("deadline"), F("id"), name="opinion_unit_inbox_idx"),
            models.Index(fields=["town", "registered_at"], name="opinion_town_period_idx"),
            models.Index(fields=["status", "deadline"], name="opinion_status_deadline_idx"),
            # the station figures and the work overview count a period's opinions per station: an index-only scan
            # of the period's range (2,000,000 opinions: 0.9 s → 0.4 s a year under load; docs/scale.md)
            models.Index(
                fields=["registered_at"],
                include=["station", "answered_on_time", "solved", "status", "deadline"],
                name="opinion_period_figures_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.text[:20]}"

    @property
    def is_overdue(self) -> bool:
        today = timezone.localdate()
        if self.deadline is None:
            return False
        if self.answered_at is None:
            return self.status == Status.ROUTED and self.deadline < today
        return self.answered_on_time is False


class Step(models.Model):
    """One recorded change of an opinion: who, when, what."""

    opinion = models.ForeignKey(Opinion, on_delete=models.CASCADE, related_name="steps", verbose_name=_("opinion"))
    action = models.CharField(_("action"), max_length=32)
    from_status = models.CharField(_("from"), max_length=16, blank=True)
    to_status = models.CharField(_("to"), max_length=16)
    at = models.DateTimeField(_("time"), default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    actor_label = models.CharField(_("by"), max_length=150, blank=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["opinion", "at"], name="opinion_step_idx")]

    def __str__(self) -> str:
        return f"{self.opinion_id} {self.action}"


class Attachment(models.Model):
    """A file attached when the opinion was registered or sent (photos, PDF, Word, Excel), checked by its content
    on upload (`core.uploads`) and served only through `opinions:attachment` to those who see the opinion."""

    opinion = models.ForeignKey(Opinion, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("opinion"))
    file = models.FileField(_("file"), upload_to="opinions/%Y/%m/")
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(max_length=100, blank=True, editable=False)
    size = models.PositiveIntegerField(_("size"), default=0, editable=False)
    created_at = models.DateTimeField(_("attached at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class OpinionMonth(models.Model):
    """The opinions registered at one station in one month and, of them, those answered on time, answered late and
    solved, kept (`renda.opinions.kept`, `renda.core.kept`): always recounted from the opinions, never typed in or
    incremented. Overdue (routed past the deadline) depends on today and is counted live."""

    station = models.ForeignKey(Station, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the first day of the month the opinion was registered in
    opinions = models.PositiveIntegerField(default=0)
    answered_on_time = models.PositiveIntegerField(default=0)
    answered_late = models.PositiveIntegerField(default=0)
    solved = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["station", "month"], name="opinion_month_unique"),
        ]
        indexes = [
            models.Index(
                fields=["month"],
                include=["station", "opinions", "answered_on_time", "answered_late", "solved"],
                name="opinion_month_period_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.station_id} {self.month:%Y-%m}"
