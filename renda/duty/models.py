"""Records of deputies' duty between sessions (DOMAIN.md §3.9, §3.10): deputy groups' quarterly topics and their
activities, standing-committee members' contacts with the deputies assigned to them, training, reports to voters
(代表述职) and the activities a deputy reports himself for staff to confirm.

Each row a deputy's archive reads carries the deputy (or its participants do) and the region the deputy was
elected in, so that one deputy's records are one indexed range and every table shards by region like the rest.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renda.org.models import Body, ContactAssignment, Deputy, DeputyGroup, Region
from renda.stations.models import Station


class Topic(models.Model):
    """季度活动建议: a quarterly activity topic the standing committee (or a town presidium) proposes to deputy
    groups, drawn from what its meetings review and what voters raise; each group reports what it did."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SENT = "sent", _("sent to the groups")
        CLOSED = "closed", _("closed")

    congress = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+", verbose_name=_("congress"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    title = models.CharField(_("topic"), max_length=200)
    text = models.TextField(_("what the groups are asked to do"), blank=True)
    groups = models.ManyToManyField(DeputyGroup, related_name="duty_topics", verbose_name=_("deputy groups"))
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("quarterly topic")
        verbose_name_plural = _("quarterly topics")
        ordering = ["-year", "-quarter", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="topic_quarter_valid"),
            models.CheckConstraint(condition=Q(state="draft") | Q(sent_on__isnull=False), name="topic_sent_on"),
            models.UniqueConstraint(fields=["congress", "year", "quarter", "title"], name="topic_unique_title"),
        ]
        indexes = [models.Index(fields=["region", "year", "quarter"], name="topic_region_year_idx")]

    def __str__(self) -> str:
        return f"{self.year}Q{self.quarter} {self.title}"


class GroupActivity(models.Model):
    """What a deputy group did (on a quarterly topic or on its own): date, participants, findings, suggestions
    raised, and the outcome tracked until it is closed."""

    class State(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")
        CLOSED = "closed", _("outcome recorded")
        CANCELLED = "cancelled", _("cancelled")

    group = models.ForeignKey(DeputyGroup, on_delete=models.PROTECT, related_name="duty_activities", verbose_name=_("group"))
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, null=True, blank=True, related_name="activities", verbose_name=_("quarterly topic")
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.PLANNED)
    findings = models.TextField(_("findings"), blank=True)
    suggestions = models.TextField(_("suggestions raised"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    participants: models.ManyToManyField[Deputy, GroupParticipant] = models.ManyToManyField(
        Deputy, through="GroupParticipant", related_name="duty_group_activities", verbose_name=_("participants")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("by")
    )

    class Meta:
        verbose_name = _("group activity")
        verbose_name_plural = _("group activities")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(state="closed") | ~Q(outcome=""), name="group_activity_outcome_when_closed"),
        ]
        indexes = [
            models.Index(fields=["group", "date"], name="group_activity_group_idx"),
            models.Index(fields=["region", "date"], name="group_activity_region_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"


class GroupParticipant(models.Model):
    activity = models.ForeignKey(GroupActivity, on_delete=models.CASCADE, related_name="participations")
    deputy = models.ForeignKey(Deputy, on_delete=models.PROTECT, related_name="+", verbose_name=_("deputy"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [models.UniqueConstraint(fields=["activity", "deputy"], name="group_participant_once")]
        indexes = [models.Index(fields=["deputy", "activity"], name="group_participant_deputy_idx")]

    def __str__(self) -> str:
        return f"{self.activity_id} · {self.deputy_id}"


class ContactLog(models.Model):
    """常委会组成人员联系代表: one contact of a standing-committee member with a deputy assigned to them."""

    class Manner(models.TextChoices):
        VISIT = "visit", _("visit")
        TALK = "talk", _("talk in person")
        PHONE = "phone", _("phone call")
        MEETING = "meeting", _("meeting or forum")
        MESSAGE = "message", _("message")
        OTHER = "other", _("other")

    assignment = models.ForeignKey(ContactAssignment, on_delete=models.PROTECT, related_name="logs", verbose_name=_("assignment"))
    deputy = models.ForeignKey(Deputy, on_delete=models.PROTECT, related_name="+", verbose_name=_("deputy"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    date = models.DateField(_("date"))
    manner = models.CharField(_("manner"), max_length=16, choices=Manner.choices)
    opinions = models.TextField(_("opinions heard"))
    follow_up = models.TextField(_("follow-up"), blank=True)
    followed_up_on = models.DateField(_("followed up on"), null=True, blank=True)
    follow_up_result = models.TextField(_("result of the follow-up"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    client_token = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "client_token"], condition=~Q(client_token=""), name="contact_log_client_token"
            ),
            models.CheckConstraint(
                condition=Q(followed_up_on__isnull=True) | ~Q(follow_up_result=""), name="contact_log_follow_up_result"
            ),
        ]
        indexes = [
            models.Index(fields=["deputy", "date"], name="contact_log_deputy_idx"),
            models.Index(fields=["assignment", "date"], name="contact_log_assignment_idx"),
            models.Index(fields=["region", "date"], name="contact_log_region_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_manner_display()}"


class TrainingPlan(models.Model):
    """A training plan of a congress for a year (new deputies' training in the first year of a term)."""

    congress = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+", verbose_name=_("congress"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("aims and contents"), blank=True)
    for_new_deputies = models.BooleanField(_("for newly elected deputies"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("by")
    )

    class Meta:
        verbose_name = _("training plan")
        verbose_name_plural = _("training plans")
        ordering = ["-year", "pk"]
        constraints = [models.UniqueConstraint(fields=["congress", "year", "title"], name="training_plan_unique")]
        indexes = [models.Index(fields=["region", "year"], name="training_plan_region_idx")]

    def __str__(self) -> str:
        return self.title


class TrainingSession(models.Model):
    class State(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    plan = models.ForeignKey(TrainingPlan, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("plan"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    teacher = models.CharField(_("teacher"), max_length=100, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1, default=3)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.PLANNED)
    summary = models.TextField(_("record"), blank=True)
    deputies: models.ManyToManyField[Deputy, TrainingAttendance] = models.ManyToManyField(Deputy, through="TrainingAttendance", related_name="+", verbose_name=_("deputies"))

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["date", "pk"]
        constraints = [models.CheckConstraint(condition=Q(hours__gt=0), name="training_session_hours_positive")]
        indexes = [models.Index(fields=["region", "date"], name="training_session_region_idx")]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"


class TrainingAttendance(models.Model):
    """A deputy invited to a training session, and whether they came."""

    class Status(models.TextChoices):
        INVITED = "invited", _("invited")
        PRESENT = "present", _("present")
        LEAVE = "leave", _("on leave")
        ABSENT = "absent", _("absent")

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendance")
    deputy = models.ForeignKey(Deputy, on_delete=models.PROTECT, related_name="+", verbose_name=_("deputy"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("attendance"), max_length=16, choices=Status.choices, default=Status.INVITED)

    class Meta:
        verbose_name = _("training attendance")
        verbose_name_plural = _("training attendance")
        constraints = [models.UniqueConstraint(fields=["session", "deputy"], name="training_attendance_once")]
        indexes = [models.Index(fields=["deputy", "session"], name="training_attendance_deputy_idx")]

    def __str__(self) -> str:
        return f"{self.session_id} · {self.deputy_id}"


class VoterReport(models.Model):
    """代表述职: a deputy reports to voters at a liaison station; the voters present evaluate the report (counted
    from their evaluation forms, like paper ballots)."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    deputy = models.ForeignKey(Deputy, on_delete=models.PROTECT, related_name="+", verbose_name=_("deputy"))
    station = models.ForeignKey(Station, on_delete=models.PROTECT, related_name="+", verbose_name=_("station"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.SCHEDULED)
    summary = models.TextField(_("what the deputy reported"), blank=True)
    voters_present = models.PositiveIntegerField(_("voters present"), default=0)
    satisfied = models.PositiveIntegerField(_("satisfied"), default=0)
    basically_satisfied = models.PositiveIntegerField(_("basically satisfied"), default=0)
    not_satisfied = models.PositiveIntegerField(_("not satisfied"), default=0)
    comments = models.TextField(_("voters' comments"), blank=True)
    cancel_reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("by")
    )

    class Meta:
        verbose_name = _("report to voters")
        verbose_name_plural = _("reports to voters")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(satisfied__lte=F("voters_present") - F("basically_satisfied") - F("not_satisfied")),
                name="voter_report_evaluations_le_present",
            ),
            models.UniqueConstraint(fields=["deputy", "date"], name="voter_report_one_per_day"),
        ]
        indexes = [
            models.Index(fields=["deputy", "date"], name="voter_report_deputy_idx"),
            models.Index(fields=["region", "date"], name="voter_report_region_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"

    @property
    def evaluations(self) -> int:
        return self.satisfied + self.basically_satisfied + self.not_satisfied

    @property
    def satisfaction_rate(self) -> float | None:
        """(satisfied + basically satisfied) / evaluations, as the unit evaluations count it."""
        total = self.evaluations
        return (self.satisfied + self.basically_satisfied) / total if total else None


class SelfReport(models.Model):
    """An activity the system cannot know of (a visit to a village, a survey of a firm), reported by the deputy
    with evidence; staff confirm it (then it counts in the archive) or decline it with a reason."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("visit to voters")
        RESEARCH = "research", _("research or survey")
        INSPECTION = "inspection", _("inspection")
        MEETING = "meeting", _("meeting attended")
        PUBLICITY = "publicity", _("publicity of laws and policies")
        OTHER = "other", _("other")

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("waiting for confirmation")
        CONFIRMED = "confirmed", _("confirmed")
        DECLINED = "declined", _("declined")
        WITHDRAWN = "withdrawn", _("withdrawn")

    deputy = models.ForeignKey(Deputy, on_delete=models.PROTECT, related_name="+", verbose_name=_("deputy"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("what was done"))
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.SUBMITTED)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    reason = models.TextField(_("reason"), blank=True)
    client_token = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("self-reported activity")
        verbose_name_plural = _("self-reported activities")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(state="declined") | ~Q(reason=""), name="self_report_decline_reason"),
            models.CheckConstraint(
                condition=~Q(state__in=["confirmed", "declined"]) | Q(decided_at__isnull=False), name="self_report_decided_at"
            ),
            models.UniqueConstraint(
                fields=["deputy", "client_token"], condition=~Q(client_token=""), name="self_report_client_token"
            ),
        ]
        indexes = [
            models.Index(fields=["deputy", "date"], name="self_report_deputy_idx"),
            models.Index(fields=["region", "state", "date"], name="self_report_region_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"


class Evidence(models.Model):
    """A photo or document proving a self-reported activity, checked by its content (`core.uploads`) and served
    only through `duty:evidence` to those who see the report."""

    report = models.ForeignKey(SelfReport, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("report"))
    file = models.FileField(_("file"), upload_to="duty/evidence/%Y/%m/")
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(max_length=100, blank=True, editable=False)
    size = models.PositiveIntegerField(_("size"), default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.name
