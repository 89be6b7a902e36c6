"""Records of the meetings workflow: meetings of every congress body, their agendas, documents, attendance,
polls (named, secret, paper) and the review opinions and decisions that come out of them.

Secret ballots: `PollVoter` records who voted; `PollBallot` records what was voted, with a random UUID key,
no voter, no timestamp and no sequence. Nothing links one to the other (see services.poll_vote).
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from renda.org.models import Body, Person, Region, Term, Unit


def new_signin_token() -> str:
    return secrets.token_urlsafe(16)


class Meeting(models.Model):
    """A sitting of a body: a congress session, a standing-committee meeting, a directors' meeting, a presidium meeting."""

    class State(models.TextChoices):
        PLANNED = "planned", _("planned")
        CONVENED = "convened", _("convened")
        IN_PROGRESS = "in_progress", _("in progress")
        CLOSED = "closed", _("closed")

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("body"))
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("term"))
    number = models.PositiveSmallIntegerField(_("sitting number"))
    title = models.CharField(_("title"), max_length=200)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.PLANNED)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    rollout = models.CharField(
        _("rollout"), max_length=40, blank=True, db_index=True, help_text=_("Meetings created together from one template.")
    )
    signin_token = models.CharField(max_length=32, unique=True, default=new_signin_token, editable=False)
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    notified_on = models.DateField(_("members notified on"), null=True, blank=True)
    preparatory_for = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="preparatory",
        verbose_name=_("preparatory meeting of"),
        help_text=_("A congress session's preparatory meeting (预备会议) shares the session's number."),
    )
    presidium = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="presided_sessions",
        verbose_name=_("session presidium"),
        help_text=_("The session presidium its preparatory meeting elected."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "term", "number"],
                condition=Q(preparatory_for__isnull=True),
                name="meeting_unique_number_in_term",
            ),
            models.CheckConstraint(condition=~Q(preparatory_for=F("pk")), name="meeting_not_own_preparatory"),
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="meeting_dates"),
            models.CheckConstraint(condition=Q(is_published=False) | Q(published_at__isnull=False), name="meeting_published_at"),
        ]
        indexes = [models.Index(fields=["region", "start_date"], name="meeting_region_date_idx")]

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        HEAR_REPORT = "hear_report", _("hear and review a report")
        EXAMINE_APPROVE = "examine_approve", _("examine and approve")
        PROJECTS_PROGRESS = "projects_progress", _("hear the livelihood projects' progress")
        UNIT_EVALUATION = "unit_evaluation", _("unit evaluation")
        PROJECT_BALLOT = "project_ballot", _("livelihood-project ballot")
        DECISION = "decision", _("major-matter decision")
        LAW_STUDY = "law_study", _("study of laws")
        HANDLING_REPORT = "handling_report", _("hear a handling report on review opinions")
        RESOLUTION = "resolution", _("adopt a decision or resolution")
        ELECT_PRESIDIUM = "elect_presidium", _("elect the session presidium")
        ADOPT_AGENDA = "adopt_agenda", _("adopt the session's agenda")
        ELECTION = "election", _("election")
        APPOINTMENT = "appointment", _("appointments and removals")
        BILL = "bill", _("deliberate a bill")
        OTHER = "other", _("other business")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="items", verbose_name=_("meeting"))
    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    reporting_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("reporting unit")
    )
    reporter = models.CharField(_("reporter"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting_id", "order"]
        constraints = [models.UniqueConstraint(fields=["meeting", "order"], name="agenda_item_unique_order")]

    def __str__(self) -> str:
        return self.title


class PresidiumNomination(models.Model):
    """One name on the draft list of the session presidium that a preparatory meeting votes on (主席团名单草案)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="presidium_nominations", verbose_name=_("preparatory meeting")
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    role = models.CharField(_("role"), max_length=24, default="member")
    order = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        verbose_name = _("presidium nomination")
        verbose_name_plural = _("presidium nominations")
        ordering = ["meeting_id", "order"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="presidium_nomination_unique")]

    def __str__(self) -> str:
        return f"{self.meeting_id} · {self.person_id}"


class Document(models.Model):
    """A meeting document (report, budget table); a new upload with the same title is the next version."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="documents", verbose_name=_("meeting"))
    item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, null=True, blank=True, related_name="documents", verbose_name=_("agenda item")
    )
    title = models.CharField(_("title"), max_length=200)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    file = models.FileField(_("file"), upload_to="meetings/%Y/")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["meeting_id", "title", "-version"]
        constraints = [models.UniqueConstraint(fields=["meeting", "title", "version"], name="document_unique_version")]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class Attendance(models.Model):
    """One person's place at a meeting: a voting member (of the body's full membership) or a non-voting attendee."""

    class Role(models.TextChoices):
        MEMBER = "member", _("member")
        NON_VOTING = "non_voting", _("non-voting attendee")

    class Status(models.TextChoices):
        INVITED = "invited", _("invited")
        PRESENT = "present", _("present")
        LEAVE_REQUESTED = "leave_requested", _("leave requested")
        LEAVE = "leave", _("on leave")
        ABSENT = "absent", _("absent")

    class Method(models.TextChoices):
        QR = "qr", _("QR code")
        STAFF = "staff", _("by staff")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("meeting"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="meeting_attendances", verbose_name=_("person"))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    entitled = models.BooleanField(_("entitled to vote"), default=True)
    capacity = models.CharField(_("capacity"), max_length=100, blank=True, help_text=_("e.g. head of a unit"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.INVITED)
    leave_reason = models.CharField(_("reason for leave"), max_length=300, blank=True)
    signed_in_at = models.DateTimeField(_("signed in at"), null=True, blank=True)
    signin_method = models.CharField(_("sign-in method"), max_length=8, choices=Method.choices, blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_one_per_person"),
            models.CheckConstraint(condition=Q(role="member") | Q(entitled=False), name="attendance_non_voting_not_entitled"),
            models.CheckConstraint(
                condition=~Q(status="present") | Q(signed_in_at__isnull=False), name="attendance_present_signed"
            ),
        ]
        indexes = [models.Index(fields=["meeting", "status"], name="attendance_meeting_status_idx")]

    def __str__(self) -> str:
        return f"{self.person.name} · {self.get_status_display()}"


class Poll(models.Model):
    """A vote on an agenda item, on OpenSlides' model: created → started → finished → published.

    The livelihood-projects app reuses polls for ballots on candidate projects (several options, method
    pick/rank/satisfaction). Rules (method, kind, threshold, options) lock when the poll starts."""

    class State(models.TextChoices):
        CREATED = "created", _("created")
        STARTED = "started", _("voting open")
        FINISHED = "finished", _("voting closed")
        PUBLISHED = "published", _("published")

    class Kind(models.TextChoices):
        NAMED = "named", _("named electronic")
        SECRET = "secret", _("secret electronic")
        PAPER = "paper", _("paper ballots")
        HANDS = "hands", _("show of hands")

    class Matter(models.TextChoices):
        """What the vote decides: the pass threshold is the rule for this matter and the body's kind."""

        RESOLUTION = "resolution", _("resolution or decision")
        BUDGET = "budget", _("budget, final accounts or plan")
        ELECTION = "election", _("election")
        APPOINTMENT = "appointment", _("appointment or removal")
        DECISION = "decision", _("major-matter decision")
        BILL = "bill", _("bill")
        OTHER = "other", _("other (ballots, evaluations)")

    class Method(models.TextChoices):
        YNA = "yna", _("for / against / abstain per option")
        PICK = "pick", _("pick at most N options")
        RANK = "rank", _("rank order")
        SATISFACTION = "satisfaction", _("satisfaction per option")

    class Threshold(models.TextChoices):
        HALF_MEMBERS = "half_members", _("more than half of the full membership")
        TWO_THIRDS_MEMBERS = "two_thirds_members", _("two thirds of the full membership")
        HALF_PRESENT = "half_present", _("more than half of those present")
        HALF_CAST = "half_cast", _("more than half of the votes cast")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="polls", verbose_name=_("meeting"))
    item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, null=True, blank=True, related_name="polls", verbose_name=_("agenda item")
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    matter = models.CharField(_("matter"), max_length=16, choices=Matter.choices, default=Matter.RESOLUTION)
    method = models.CharField(_("method"), max_length=16, choices=Method.choices, default=Method.YNA)
    seats = models.PositiveSmallIntegerField(
        _("places to fill"), null=True, blank=True, help_text=_('An election: at most this many "for" on one ballot.')
    )
    write_ins = models.BooleanField(_("write-ins allowed (另选他人)"), default=False)
    max_choices = models.PositiveSmallIntegerField(_("at most N choices"), null=True, blank=True)
    threshold = models.CharField(_("threshold"), max_length=24, choices=Threshold.choices)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.CREATED)
    base_count = models.PositiveIntegerField(_("full membership"), null=True, blank=True)
    present_count = models.PositiveIntegerField(_("present at start"), null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        ordering = ["meeting_id", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(state="created") | Q(base_count__isnull=False), name="poll_base_fixed_at_start"),
            models.CheckConstraint(condition=~Q(method="pick") | Q(max_choices__gte=1), name="poll_pick_has_n"),
            models.CheckConstraint(
                condition=Q(write_ins=False) | Q(seats__gte=1, method="yna"), name="poll_write_ins_need_seats"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PollOption(models.Model):
    """An option: "the motion" for an ordinary vote, a candidate project on a ballot (`ref` names it)."""

    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="options", verbose_name=_("poll"))
    order = models.PositiveSmallIntegerField(_("order"))
    text = models.CharField(_("text"), max_length=200)
    ref = models.CharField(_("reference"), max_length=64, blank=True, help_text=_("What the option stands for elsewhere."))

    class Meta:
        verbose_name = _("poll option")
        verbose_name_plural = _("poll options")
        ordering = ["poll_id", "order"]
        constraints = [models.UniqueConstraint(fields=["poll", "order"], name="poll_option_unique_order")]

    def __str__(self) -> str:
        return self.text


class PollVoter(models.Model):
    """Who voted in a poll (one row per member: the database refuses a second). For a named poll it also
    carries the choices, which are public; for a secret poll `choices` stays empty."""

    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="voters")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    choices = models.JSONField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "person"], name="poll_one_vote_per_member")]

    def __str__(self) -> str:
        return f"{self.poll_id} · {self.person_id}"


class PollBallot(models.Model):
    """What was voted: choices only. A random key, no voter, no time, no order."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="ballots")
    choices = models.JSONField()

    def __str__(self) -> str:
        return str(self.pk)


class PaperCount(models.Model):
    """Totals of counted paper ballots (or of a show of hands), entered independently by staff; publication needs
    as many counts as the rule asks, all agreeing. `write_ins` holds the names written in and their votes."""

    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="paper_counts")
    counter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ballots_total = models.PositiveIntegerField(_("ballots returned"))
    invalid = models.PositiveIntegerField(_("invalid ballots"), default=0)
    counts = models.JSONField(_("counts"))
    write_ins = models.JSONField(_("write-in votes"), default=dict, blank=True)
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["poll", "counter"], name="paper_count_one_per_counter"),
            models.CheckConstraint(condition=Q(invalid__lte=F("ballots_total")), name="paper_count_invalid_le_total"),
        ]

    def __str__(self) -> str:
        return f"{self.poll_id} · {self.counter_id}"


class Decision(models.Model):
    """A major-matter decision (重大事项决定) with its text and the poll that adopted it."""

    item = models.OneToOneField(AgendaItem, on_delete=models.PROTECT, related_name="decision", verbose_name=_("agenda item"))
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("poll"))
    text = models.TextField(_("text of the decision"))
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.text[:50]


class ReviewOpinion(models.Model):
    """审议意见: drafted after a report is heard, approved by the directors' meeting, sent to the reporting unit,
    answered by its handling report, which is put on a later meeting's agenda; closed after that."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved")
        SENT = "sent", _("sent to the unit")
        REPORTED = "reported", _("handling report received")
        SCHEDULED = "scheduled", _("on a meeting's agenda")
        CLOSED = "closed", pgettext_lazy("review opinion state", "closed")

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="opinions", verbose_name=_("report heard"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="review_opinions", verbose_name=_("unit"))
    text = models.TextField(_("opinions"))
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    approved_at_meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("approved at")
    )
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    deadline = models.DateField(_("deadline for the handling report"), null=True, blank=True)
    report_text = models.TextField(_("handling report"), blank=True)
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    followup_item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("heard at")
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("review opinion")
        verbose_name_plural = _("review opinions")
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["draft", "approved"]) | Q(deadline__isnull=False), name="opinion_deadline_when_sent"
            ),
            models.CheckConstraint(
                condition=Q(state__in=["draft", "approved", "sent"]) | ~Q(report_text=""), name="opinion_report_when_reported"
            ),
        ]
        indexes = [models.Index(fields=["unit", "state"], name="opinion_unit_state_idx")]

    def __str__(self) -> str:
        return f"{self.item.title} · {self.unit.name}"
