"""Records of the livelihood-projects workflow (民生实事项目人大代表票决制), DOMAIN.md §3.2.

One `Cycle` per congress and year: proposals (public, deputies, units) → the government's candidate list
(more candidates than places) → review by the standing committee / presidium → the ballot at the session
(a meetings `Poll`, its rules kept on `Ballot` and locked once voting opens) → adopted `Project`s tracked on
Decidim's accountability model (nested `Node`s with weights and statuses carrying a default %, dated
`ProgressReport`s with files) → supervision by deputies → the year-end satisfaction `Evaluation`.

No totals are stored: votes, ranks, progress and satisfaction are computed from ballots, nodes and reports.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renda.meetings.models import AgendaItem, Meeting, Poll
from renda.org.models import Body, Deputy, Person, Region, Unit

if TYPE_CHECKING:
    from .progress import Tree


class Cycle(models.Model):
    """The yearly cycle of one congress (the district congress or a town congress)."""

    class State(models.TextChoices):
        COLLECTING = "collecting", _("collecting proposals")
        LISTING = "listing", _("preparing the candidate list")
        REVIEWED = "reviewed", _("candidate list reviewed")
        VOTING = "voting", _("ballot at the session")
        IMPLEMENTING = "implementing", _("implementation")
        EVALUATED = "evaluated", _("evaluated")

    congress = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="project_cycles", verbose_name=_("congress"))
    year = models.PositiveSmallIntegerField(_("year"))
    places = models.PositiveSmallIntegerField(_("places"), help_text=_("How many projects the ballot adopts."))
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.COLLECTING)
    review_body = models.ForeignKey(
        Body, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("reviewed by")
    )
    review_note = models.TextField(_("review opinion"), blank=True)
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("project cycle")
        verbose_name_plural = _("project cycles")
        ordering = ["-year", "region__path"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "year"], name="cycle_one_per_congress_year"),
            models.CheckConstraint(condition=Q(places__gte=1), name="cycle_places_positive"),
        ]

    def __str__(self) -> str:
        return _("%(year)s livelihood projects of %(congress)s") % {"year": self.year, "congress": self.congress.name}


class Proposal(models.Model):
    """A candidate proposal from the public (phone confirmed), a deputy or a unit; staff shortlist it with a reason."""

    class Source(models.TextChoices):
        PUBLIC = "public", _("the public")
        DEPUTY = "deputy", _("a deputy")
        UNIT = "unit", _("a unit")

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        SHORTLISTED = "shortlisted", _("shortlisted")
        DECLINED = "declined", _("not shortlisted")

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("cycle"))
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    proposer_name = models.CharField(_("proposer"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.SUBMITTED)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    token = models.CharField(max_length=64, unique=True, help_text=_("Client token: a retried submit is the same proposal."))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(state="submitted") | ~Q(reason=""), name="proposal_reason_when_decided"),
        ]
        indexes = [models.Index(fields=["cycle", "state"], name="proposal_cycle_state_idx")]

    def __str__(self) -> str:
        return self.title


class Candidate(models.Model):
    """One line of the government's candidate list."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="candidates", verbose_name=_("cycle"))
    order = models.PositiveSmallIntegerField(_("number on the list"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    cost = models.DecimalField(_("cost (10,000 yuan)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    funding = models.CharField(_("funding"), max_length=100)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible unit"))
    deadline = models.DateField(_("deadline"))
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, null=True, blank=True, related_name="candidates")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("candidate project")
        verbose_name_plural = _("candidate projects")
        ordering = ["cycle_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "order"], name="candidate_unique_order"),
            models.UniqueConstraint(fields=["cycle", "title"], name="candidate_unique_title"),
            models.CheckConstraint(condition=Q(cost__gte=0), name="candidate_cost_not_negative"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def ref(self) -> str:
        return f"candidate:{self.pk}"


class Ballot(models.Model):
    """The ballot rules of a cycle, and the meetings poll that carries the votes. Locked once voting opens."""

    class Form(models.TextChoices):
        YNA = "yna", _("for / against / abstain on each project")
        PICK = "pick", _("tick at most N of M")
        RANK = "rank", _("rank order")

    class TieRule(models.TextChoices):
        RUNOFF = "runoff", _("tied at the last place: none adopted, a run-off ballot decides")
        ADOPT_ALL = "adopt_all", _("tied at the last place: all tied projects adopted")
        LOWER_COST = "lower_cost", _("tied at the last place: the lower cost first")
        LIST_ORDER = "list_order", _("tied at the last place: the order on the candidate list")

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="ballots", verbose_name=_("cycle"))
    round = models.PositiveSmallIntegerField(_("round"), default=1, help_text=_("1 = the ballot; 2, 3, … run-offs."))
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="runoff",
        verbose_name=_("run-off of"),
        help_text=_("The round whose tie at the last place this run-off decides (one run-off per round)."),
    )
    places = models.PositiveSmallIntegerField(
        _("places in this round"),
        null=True,
        blank=True,
        help_text=_("Empty: the cycle's places. A run-off: the places still free."),
    )
    first_rank = models.PositiveSmallIntegerField(
        _("rank of the first place"), default=1, help_text=_("Adopted projects rank from here (a run-off's tied rank).")
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="+", verbose_name=_("session"))
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("agenda item"))
    poll = models.OneToOneField(Poll, on_delete=models.PROTECT, null=True, blank=True, related_name="project_ballot")
    form = models.CharField(_("ballot form"), max_length=8, choices=Form.choices)
    kind = models.CharField(_("voting by"), max_length=8, choices=Poll.Kind.choices)
    max_choices = models.PositiveSmallIntegerField(_("at most N ticks"), null=True, blank=True)
    threshold = models.CharField(_("adoption threshold"), max_length=24, choices=Poll.Threshold.choices)
    tie_rule = models.CharField(_("tie rule"), max_length=12, choices=TieRule.choices)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.CheckConstraint(condition=~Q(form="pick") | Q(max_choices__gte=1), name="ballot_pick_has_n"),
            models.UniqueConstraint(fields=["cycle", "round"], name="ballot_one_per_round"),
            models.CheckConstraint(
                condition=(Q(round=1) & Q(previous__isnull=True))
                | (Q(round__gt=1) & Q(previous__isnull=False) & Q(places__gte=1)),
                name="ballot_runoff_has_previous_and_places",
            ),
        ]

    def __str__(self) -> str:
        return str(self.cycle)

    @property
    def seats(self) -> int:
        """How many projects this round adopts: the cycle's places, or the places a run-off still fills."""
        return self.places or self.cycle.places

    @property
    def is_runoff(self) -> bool:
        return self.round > 1


class Project(models.Model):
    """An adopted livelihood project: the root of its accountability tree."""

    # Computed on every read by `selectors.with_progress` (never stored): the results as trees, the rolled-up
    # progress and the overdue leaf results.
    trees: list[Tree]
    progress: Decimal
    overdue: list[Tree]

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="projects", verbose_name=_("cycle"))
    candidate = models.OneToOneField(Candidate, on_delete=models.PROTECT, related_name="project")
    title = models.CharField(_("title"), max_length=200)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="livelihood_projects", verbose_name=_("responsible unit")
    )
    rank = models.PositiveSmallIntegerField(_("rank in the ballot"))
    deadline = models.DateField(_("deadline"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("livelihood project")
        verbose_name_plural = _("livelihood projects")
        ordering = ["cycle_id", "rank", "pk"]
        indexes = [
            models.Index(fields=["region", "cycle"], name="project_region_cycle_idx"),
            models.Index(fields=["unit"], name="project_unit_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class Status(models.Model):
    """A status of a result (Decidim): its default progress applies when no explicit % is given."""

    key = models.CharField(_("key"), max_length=24, unique=True)
    name = models.CharField(_("name"), max_length=50)
    progress = models.DecimalField(
        _("default progress %"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("result status")
        verbose_name_plural = _("result statuses")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__gte=0) & Q(progress__lte=100), name="status_progress_range"),
        ]

    def __str__(self) -> str:
        return self.name


class Node(models.Model):
    """A sub-project or milestone of a project; nodes nest. A node with children takes their weighted progress."""

    class Kind(models.TextChoices):
        SUBPROJECT = "subproject", _("sub-project")
        MILESTONE = "milestone", _("milestone")

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="nodes")
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=20, help_text=_("Used in the bulk update file, e.g. 3.2"))
    title = models.CharField(_("title"), max_length=200)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2, default=Decimal(1))
    status = models.ForeignKey(
        Status, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("status")
    )
    progress = models.DecimalField(_("progress %"), max_digits=5, decimal_places=2, null=True, blank=True)
    due_date = models.DateField(_("due"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["project_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "code"], name="node_unique_code"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="node_weight_positive"),
            models.CheckConstraint(
                condition=Q(progress__isnull=True) | (Q(progress__gte=0) & Q(progress__lte=100)), name="node_progress_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class ProgressReport(models.Model):
    """A dated progress report by the responsible unit (or staff); may move one result's status and %."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="reports")
    node = models.ForeignKey(Node, on_delete=models.PROTECT, null=True, blank=True, related_name="reports")
    reported_on = models.DateField(_("date"))
    text = models.TextField(_("progress"))
    status = models.ForeignKey(Status, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    progress = models.DecimalField(_("progress %"), max_digits=5, decimal_places=2, null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    token = models.CharField(max_length=64, unique=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-reported_on", "-pk"]
        indexes = [models.Index(fields=["project", "reported_on"], name="report_project_date_idx")]

    def __str__(self) -> str:
        return f"{self.project.title} · {self.reported_on}"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        PHOTO = "photo", _("photo")
        DOCUMENT = "document", _("document")

    report = models.ForeignKey(ProgressReport, on_delete=models.PROTECT, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="projects/%Y/")

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["report_id", "pk"]

    def __str__(self) -> str:
        return self.title


class SupervisionGroup(models.Model):
    """A deputies' supervision group (督查组) assigned to projects of its cycle."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="groups")
    name = models.CharField(_("name"), max_length=100)
    members = models.ManyToManyField(Deputy, related_name="project_groups", verbose_name=_("deputies"))
    projects = models.ManyToManyField(Project, related_name="groups", verbose_name=_("projects"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("supervision group")
        verbose_name_plural = _("supervision groups")
        ordering = ["cycle_id", "pk"]
        constraints = [models.UniqueConstraint(fields=["cycle", "name"], name="group_unique_name")]

    def __str__(self) -> str:
        return self.name


class SupervisionRecord(models.Model):
    """An inspection or a suggestion by a deputy on a project (counts in the deputy's duty record)."""

    class Kind(models.TextChoices):
        INSPECTION = "inspection", _("inspection")
        SUGGESTION = "suggestion", _("suggestion")

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="supervision")
    deputy = models.ForeignKey(Deputy, on_delete=models.PROTECT, related_name="project_supervision")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    on = models.DateField(_("date"))
    text = models.TextField(_("record"))
    token = models.CharField(max_length=64, unique=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("supervision record")
        verbose_name_plural = _("supervision records")
        ordering = ["-on", "-pk"]
        indexes = [models.Index(fields=["deputy", "kind"], name="supervision_deputy_kind_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.project.title}"


class Evaluation(models.Model):
    """The year-end satisfaction evaluation of a cycle's projects: a satisfaction poll at a session."""

    cycle = models.OneToOneField(Cycle, on_delete=models.PROTECT, related_name="evaluation")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="+")
    poll = models.OneToOneField(Poll, on_delete=models.PROTECT, related_name="project_evaluation")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("satisfaction evaluation")
        verbose_name_plural = _("satisfaction evaluations")

    def __str__(self) -> str:
        return str(self.cycle)
