"""Records of the decisions workflow (issue #11 items 4–7): elections at congress sessions, appointments and removals
by the standing committee with the register of office-holders, bills (议案), and the register of major matters
(重大事项) decided by vote. Every vote is a meetings poll, driven through the meetings services."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from renda.meetings.models import AgendaItem, Meeting, Poll
from renda.org.models import Body, Deputy, Person, Region, Term, Unit
from renda.suggestions.models import Suggestion

from .rules import POST_KINDS

# --- elections ------------------------------------------------------------------------------------------


class Election(models.Model):
    """The election of one post at a congress session (镇人民代表大会主席, 副主席, 镇长…): candidates, one ballot per
    round with for / against / abstain per candidate and write-ins (另选他人), further rounds for places left."""

    class State(models.TextChoices):
        DRAFT = "draft", _("candidates being nominated")
        NOMINATED = "nominated", _("candidate list fixed")
        VOTING = "voting", _("voting")
        COUNTING = "counting", _("counting")
        ANNOUNCED = "announced", _("result announced")

    class PostKind(models.TextChoices):
        PRESIDIUM_CHAIR = "presidium_chair", _("chair of the presidium")
        PRESIDIUM_VICE_CHAIR = "presidium_vice_chair", _("vice chair of the presidium")
        PRESIDIUM_MEMBER = "presidium_member", _("member of the presidium")
        GOVERNMENT_HEAD = "government_head", _("head of the government")
        GOVERNMENT_DEPUTY = "government_deputy", _("deputy head of the government")
        SC_DIRECTOR = "sc_director", _("director of the standing committee")
        SC_DEPUTY_DIRECTOR = "sc_deputy_director", _("deputy director of the standing committee")
        SC_MEMBER = "sc_member", _("member of the standing committee")
        COURT_PRESIDENT = "court_president", _("president of the court")
        CHIEF_PROCURATOR = "chief_procurator", _("chief procurator")
        SUPERVISORY_DIRECTOR = "supervisory_director", _("director of the supervisory commission")
        HIGHER_DEPUTY = "higher_deputy", _("deputy to the congress above")
        OTHER = "other", _("other post")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="elections", verbose_name=_("session"))
    item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, null=True, blank=True, related_name="elections", verbose_name=_("agenda item")
    )
    post = models.CharField(_("post"), max_length=100)
    post_kind = models.CharField(_("kind of post"), max_length=24, choices=PostKind.choices, default=PostKind.OTHER)
    places = models.PositiveSmallIntegerField(_("places"))
    body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("seat in"),
        help_text=_("Those elected take a seat in this body (the town presidium, the standing committee)."),
    )
    role = models.CharField(_("seat"), max_length=24, blank=True)
    kind = models.CharField(_("ballot"), max_length=8, choices=Poll.Kind.choices, default=Poll.Kind.PAPER)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    announced_on = models.DateField(_("announced on"), null=True, blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["-meeting__start_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "post"], name="election_unique_post_at_session"),
            models.CheckConstraint(condition=Q(places__gte=1), name="election_places"),
            models.CheckConstraint(condition=~Q(state="announced") | Q(announced_on__isnull=False), name="election_announced_on"),
            models.CheckConstraint(condition=Q(post_kind__in=POST_KINDS), name="election_post_kind"),
        ]
        indexes = [models.Index(fields=["region", "state"], name="election_region_state_idx")]

    def __str__(self) -> str:
        return f"{self.meeting.title} · {self.post}"


class Candidate(models.Model):
    class Source(models.TextChoices):
        PRESIDIUM = "presidium", _("nominated by the presidium")
        DEPUTIES = "deputies", _("nominated jointly by deputies")
        WRITTEN_IN = "written_in", _("written in on the ballots")

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="candidates", verbose_name=_("election"))
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("person")
    )
    name = models.CharField(_("name"), max_length=50)
    order = models.PositiveSmallIntegerField(_("order"))
    source = models.CharField(_("nominated by"), max_length=16, choices=Source.choices, default=Source.PRESIDIUM)
    nominators = models.PositiveSmallIntegerField(_("deputies who nominated"), null=True, blank=True)
    elected_in = models.ForeignKey(
        "Round", on_delete=models.PROTECT, null=True, blank=True, related_name="elected", verbose_name=_("elected in round")
    )
    votes = models.PositiveIntegerField(_("votes for (round elected)"), null=True, blank=True)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["election_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["election", "name"], name="candidate_unique_name"),
            models.CheckConstraint(condition=Q(elected_in__isnull=True) | Q(votes__isnull=False), name="candidate_elected_votes"),
        ]

    def __str__(self) -> str:
        return self.name


class Round(models.Model):
    """One ballot of an election: the first, a further round (另行选举) for places left, or a new vote among
    candidates tied at the last place."""

    class Kind(models.TextChoices):
        FIRST = "first", _("first round")
        FURTHER = "further", _("further round for the places left")
        TIE = "tie", _("new vote among tied candidates")

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("election"))
    number = models.PositiveSmallIntegerField(_("round"))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.FIRST)
    places = models.PositiveSmallIntegerField(_("places to fill"))
    poll = models.OneToOneField(
        Poll, on_delete=models.PROTECT, null=True, blank=True, related_name="election_round", verbose_name=_("poll")
    )
    candidates = models.ManyToManyField(Candidate, related_name="rounds", verbose_name=_("candidates"))
    void = models.BooleanField(_("void (more ballots than voters)"), default=False)

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["election_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["election", "number"], name="round_unique_number"),
            models.CheckConstraint(condition=Q(places__gte=1), name="round_places"),
        ]

    def __str__(self) -> str:
        return f"{self.election_id} · {self.number}"


# --- appointments and removals ------------------------------------------------------------------------------


class AppointmentList(models.Model):
    """提请任免: a request by the government, court, procuratorate, supervisory commission or the directors' meeting
    that the standing committee appoint or remove people; placed on a meeting's agenda, voted person by person."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        SCHEDULED = "scheduled", _("on a meeting's agenda")
        VOTING = "voting", _("voting")
        COUNTING = "counting", _("counting")
        DECIDED = "decided", _("decided")

    class Nominator(models.TextChoices):
        GOVERNMENT = "government", _("the government")
        COURT = "court", _("the court")
        PROCURATORATE = "procuratorate", _("the procuratorate")
        SUPERVISORY = "supervisory", _("the supervisory commission")
        DIRECTORS = "directors_meeting", _("the directors' meeting")

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+", verbose_name=_("standing committee"))
    nominator = models.CharField(_("nominated by"), max_length=20, choices=Nominator.choices)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit"))
    title = models.CharField(_("title"), max_length=200)
    submitted_on = models.DateField(_("submitted on"))
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="appointment_lists", verbose_name=_("meeting")
    )
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    poll = models.OneToOneField(Poll, on_delete=models.PROTECT, null=True, blank=True, related_name="appointment_list")
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.SUBMITTED)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("appointment list")
        verbose_name_plural = _("appointment lists")
        ordering = ["-submitted_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(state="submitted") | Q(meeting__isnull=False), name="appointment_list_meeting"),
        ]

    def __str__(self) -> str:
        return self.title


class Oath(models.Model):
    """宪法宣誓: the constitutional oath taken by those appointed, at a meeting, led by one of them."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="oaths", verbose_name=_("meeting"))
    taken_on = models.DateField(_("taken on"))
    leader = models.CharField(_("led by"), max_length=50)
    text = models.TextField(_("oath"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("constitutional oath")
        verbose_name_plural = _("constitutional oaths")

    def __str__(self) -> str:
        return f"{self.meeting_id} · {self.taken_on}"


class Nomination(models.Model):
    """One person on an appointment list: to be appointed to, or removed from, a post."""

    class Action(models.TextChoices):
        APPOINT = "appoint", _("appoint")
        REMOVE = "remove", _("remove")

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        APPOINTED = "appointed", _("adopted")
        REJECTED = "rejected", _("not adopted")

    list = models.ForeignKey(AppointmentList, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("list"))
    order = models.PositiveSmallIntegerField(_("order"))
    action = models.CharField(_("action"), max_length=8, choices=Action.choices, default=Action.APPOINT)
    name = models.CharField(_("name"), max_length=50)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    post = models.CharField(_("post"), max_length=100)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit"))
    statement = models.TextField(_("statement to the meeting (供职发言)"), blank=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.PENDING)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    oath = models.ForeignKey(Oath, on_delete=models.PROTECT, null=True, blank=True, related_name="nominations")

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["list_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["list", "order"], name="nomination_unique_order"),
            models.CheckConstraint(condition=Q(state="pending") | Q(decided_on__isnull=False), name="nomination_decided_on"),
            models.CheckConstraint(
                condition=Q(oath__isnull=True) | Q(state="appointed", action="appoint"), name="nomination_oath"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.post}"

    @property
    def letter_ready(self) -> bool:
        """Appointed: the letter (任命书) can be issued and the oath taken."""
        return self.state == self.State.APPOINTED and self.action == self.Action.APPOINT


class OfficeHolder(models.Model):
    """The register of office-holders appointed by the standing committee, with the dates of appointment and removal."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+", verbose_name=_("appointed by"))
    name = models.CharField(_("name"), max_length=50)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    post = models.CharField(_("post"), max_length=100)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit"))
    start_date = models.DateField(_("appointed on"))
    end_date = models.DateField(_("removed on"), null=True, blank=True)
    appointed_by = models.OneToOneField(Nomination, on_delete=models.PROTECT, related_name="holder_appointed")
    removed_by = models.OneToOneField(Nomination, on_delete=models.PROTECT, null=True, blank=True, related_name="holder_removed")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("office-holder")
        verbose_name_plural = _("office-holders")
        ordering = ["post", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")), name="office_holder_dates"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True, removed_by__isnull=True) | Q(end_date__isnull=False, removed_by__isnull=False),
                name="office_holder_removed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.post}"


# --- bills --------------------------------------------------------------------------------------------------


class Bill(models.Model):
    """议案: put to a congress by its presidium, its standing committee, a committee, the government, or deputies
    jointly (the number as data); the presidium puts it on the agenda or has it handled as a suggestion."""

    class State(models.TextChoices):
        DRAFT = "draft", _("collecting signatures")
        SUBMITTED = "submitted", _("submitted")
        ON_AGENDA = "on_agenda", _("on the agenda")
        AS_SUGGESTION = "as_suggestion", _("handled as a suggestion")
        VOTING = "voting", _("voting")
        COUNTING = "counting", _("counting")
        ADOPTED = "adopted", _("adopted")
        REJECTED = "rejected", _("not adopted")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class Proposer(models.TextChoices):
        PRESIDIUM = "presidium", _("the presidium")
        STANDING_COMMITTEE = "standing_committee", _("the standing committee")
        COMMITTEE = "committee", _("a special committee")
        GOVERNMENT = "government", _("the government")
        DEPUTIES = "deputies", _("deputies jointly")

    congress = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="bills", verbose_name=_("congress"))
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="+", verbose_name=_("term"))
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="bills", verbose_name=_("session"), null=True, blank=True
    )
    number = models.PositiveSmallIntegerField(_("number"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("grounds and proposal"))
    proposer = models.CharField(_("proposed by"), max_length=20, choices=Proposer.choices)
    lead = models.ForeignKey(
        Deputy, on_delete=models.PROTECT, null=True, blank=True, related_name="bills_led", verbose_name=_("lead deputy")
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    decided_at = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decided at")
    )
    decision_note = models.CharField(_("the presidium's decision"), max_length=300, blank=True)
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    poll = models.OneToOneField(Poll, on_delete=models.PROTECT, null=True, blank=True, related_name="bill")
    suggestion = models.OneToOneField(
        Suggestion, on_delete=models.PROTECT, null=True, blank=True, related_name="bill", verbose_name=_("suggestion")
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bill")
        verbose_name_plural = _("bills")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(proposer="deputies") | Q(lead__isnull=False), name="bill_deputies_have_a_lead"),
            models.CheckConstraint(
                condition=Q(state__in=["draft", "withdrawn"]) | Q(submitted_on__isnull=False), name="bill_submitted_on"
            ),
            models.CheckConstraint(
                condition=~Q(state="as_suggestion") | Q(suggestion__isnull=False), name="bill_suggestion_link"
            ),
            models.UniqueConstraint(fields=["meeting", "number"], name="bill_unique_number_at_session"),
        ]
        indexes = [models.Index(fields=["region", "state"], name="bill_region_state_idx")]

    def __str__(self) -> str:
        return self.title


class BillSigner(models.Model):
    """A deputy asked to sign a bill jointly; the bill is submitted once enough have confirmed."""

    class State(models.TextChoices):
        INVITED = "invited", _("invited")
        CONFIRMED = "confirmed", _("signed")
        DECLINED = "declined", _("declined")

    bill = models.ForeignKey(Bill, on_delete=models.PROTECT, related_name="signers", verbose_name=_("bill"))
    deputy = models.ForeignKey(Deputy, on_delete=models.PROTECT, related_name="bill_signatures", verbose_name=_("deputy"))
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.INVITED)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("signer")
        verbose_name_plural = _("signers")
        constraints = [models.UniqueConstraint(fields=["bill", "deputy"], name="bill_signer_unique")]

    def __str__(self) -> str:
        return f"{self.bill_id} · {self.deputy_id}"


# --- major matters ------------------------------------------------------------------------------------------


class Matter(models.Model):
    """重大事项: a matter needing the body's decision — the request (提请), placed on an agenda by the directors'
    meeting (or a town's presidium), deliberated and voted, a numbered decision or resolution (决定/决议), then the
    report on how it was carried out."""

    class State(models.TextChoices):
        REGISTERED = "registered", _("registered")
        REQUESTED = "requested", _("requested")
        PLACED = "placed", _("on a meeting's agenda")
        VOTING = "voting", _("voting")
        COUNTING = "counting", _("counting")
        DECIDED = "decided", _("decided")
        REJECTED = "rejected", _("not adopted")
        REPORTED = "reported", _("implementation reported")
        CLOSED = "closed", _("closed")

    class Form(models.TextChoices):
        DECISION = "decision", _("decision (决定)")
        RESOLUTION = "resolution", _("resolution (决议)")

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+", verbose_name=_("deciding body"))
    title = models.CharField(_("matter"), max_length=200)
    category = models.CharField(_("category"), max_length=20)
    requested_by = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("requested by")
    )
    request_text = models.TextField(_("the request"), blank=True)
    requested_on = models.DateField(_("requested on"), null=True, blank=True)
    placed_by = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("placed on the agenda by")
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="matters", verbose_name=_("decided at")
    )
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    poll = models.OneToOneField(Poll, on_delete=models.PROTECT, null=True, blank=True, related_name="matter_decided")
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.REGISTERED)
    form = models.CharField(_("form"), max_length=12, choices=Form.choices, default=Form.DECISION)
    decision_title = models.CharField(_("title of the decision"), max_length=200, blank=True)
    decision_text = models.TextField(_("text of the decision"), blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    seq = models.PositiveSmallIntegerField(_("sequence"), null=True, blank=True)
    number = models.CharField(_("number"), max_length=40, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    report_due = models.DateField(_("implementation report due"), null=True, blank=True)
    report_text = models.TextField(_("implementation report"), blank=True)
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("major matter")
        verbose_name_plural = _("major matters")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year", "seq"], condition=Q(seq__isnull=False), name="matter_unique_number"),
            models.CheckConstraint(
                condition=~Q(state__in=["decided", "reported", "closed"]) | (Q(decided_on__isnull=False) & ~Q(number="")),
                name="matter_decided_numbered",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["reported", "closed"]) | (Q(reported_on__isnull=False) & ~Q(report_text="")),
                name="matter_report_when_reported",
            ),
        ]
        indexes = [models.Index(fields=["region", "state"], name="matter_region_state_idx")]

    def __str__(self) -> str:
        return self.title
