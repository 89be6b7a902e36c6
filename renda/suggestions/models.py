"""Records of the suggestions workflow (代表建议, DOMAIN.md §3.8, rules in §5).

A suggestion is written by one deputy (with co-signers who confirm), reviewed by the office, assigned to one
lead unit and any co-units (each an `Assignment` with its own deadline), answered with a letter (`Answer`,
one per round), rated by the deputy (`Feedback`); not satisfied → re-handled → a new round. Key suggestions
(`KeySuggestion`) carry the directors' meeting decision, the leading and supervising leaders and progress.
Every figure is counted from these rows; none is stored.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from renda.opinions.models import Opinion
from renda.org.models import Body, Deputy, Person, Region, Unit


class State(models.TextChoices):
    DRAFT = "draft", _("draft")
    COSIGNING = "cosigning", _("awaiting co-signers")
    SUBMITTED = "submitted", _("submitted")
    ACCEPTED = "accepted", _("accepted")
    NOT_ACCEPTED = "not_accepted", _("not accepted")
    MERGED = "merged", _("merged")
    ASSIGNED = "assigned", _("being handled")
    RETURNED = "returned", _("returned by the unit")
    ANSWERED = "answered", _("answered")
    REHANDLING = "rehandling", _("being re-handled")
    CLOSED = "closed", pgettext_lazy("suggestion state", "closed")


class Period(models.TextChoices):
    SESSION = "session", _("during a congress session")
    RECESS = "recess", _("in recess")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("satisfied")
    BASIC = "basic", _("basically satisfied")
    NOT = "not", _("not satisfied")


class SuggestionCounter(models.Model):
    """The last number given to a suggestion of one congress in one year, during its session or in recess (locked
    while numbering): each has its own run of numbers, as its prefix differs (`numbering.number`)."""

    congress = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    period = models.CharField(max_length=16, default="")
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["congress", "year", "period"], name="suggestion_counter_unique_period")]

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Suggestion(models.Model):
    number = models.CharField(_("number"), max_length=20, blank=True)
    congress = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+", verbose_name=_("congress"))
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"), help_text=_("The congress's region.")
    )
    author = models.ForeignKey(Deputy, on_delete=models.PROTECT, related_name="suggestions", verbose_name=_("deputy"))
    author_person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("submitted"), max_length=16, choices=Period.choices, default=Period.RECESS)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("meeting"),
        help_text=_("The meeting of the deputy's congress the suggestion was made at (or for)."),
    )
    meeting_name = models.CharField(
        _("meeting (as written)"),
        max_length=120,
        blank=True,
        help_text=_("A meeting named in free text before suggestions were linked to meetings, kept where none matched."),
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    category = models.CharField(_("category"), max_length=40)
    keywords = models.CharField(max_length=300, blank=True, editable=False)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    client_token = models.CharField(max_length=64, blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    ack_due = models.DateField(_("acknowledge by"), null=True, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    review_reason = models.TextField(_("reason"), blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged", verbose_name=_("merged into")
    )
    assigned_on = models.DateField(_("assigned on"), null=True, blank=True)
    answer_due = models.DateField(_("answer due"), null=True, blank=True)
    is_hard = models.BooleanField(_("extended (hard case)"), default=False)
    extension_consent = models.TextField(_("consent to the extension"), blank=True)
    extended_on = models.DateField(_("extended on"), null=True, blank=True)
    rehandle_due = models.DateField(_("re-handled answer due"), null=True, blank=True)
    lead_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("lead unit")
    )
    is_key = models.BooleanField(_("key suggestion"), default=False)
    is_public = models.BooleanField(_("published"), default=False)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    follow_up_due = models.DateField(_("answer again by"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    opinion = models.ForeignKey(
        Opinion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("raised from the voter's opinion"),
        help_text=_("The voter's opinion this suggestion was raised from (its state records the link)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        constraints = [
            # unique on the platform: the number names the congress and the session or recess (numbering.py)
            models.UniqueConstraint(fields=["number"], condition=~Q(number=""), name="suggestion_number_platform_unique"),
            models.UniqueConstraint(
                fields=["author_person", "client_token"], condition=~Q(client_token=""), name="suggestion_client_token"
            ),
            models.CheckConstraint(condition=~Q(state="merged") | Q(merged_into__isnull=False), name="suggestion_merged_target"),
            models.CheckConstraint(condition=~Q(state="not_accepted") | ~Q(review_reason=""), name="suggestion_refusal_reason"),
            models.CheckConstraint(
                condition=Q(state__in=["draft", "cosigning"]) | Q(submitted_on__isnull=False), name="suggestion_submitted_date"
            ),
        ]
        indexes = [
            models.Index(fields=["region", "state"], name="suggestion_region_state_idx"),
            models.Index(fields=["region", "-id"], name="suggestion_region_id_idx"),
            models.Index(fields=["congress", "submitted_on"], name="suggestion_congress_date_idx"),
            models.Index(fields=["author_person", "-id"], name="suggestion_author_idx"),
            models.Index(fields=["is_public", "-id"], name="suggestion_public_idx"),
            # the office list filtered by state and year (the capped count walks it instead of the table)
            # (covering on PostgreSQL: the scope's region and the id come from the index, no heap visit)
            models.Index(fields=["state", "submitted_on"], include=["region_id", "id"], name="suggestion_state_date_idx"),
            # the figures and the work overview count a year's suggestions: an index-only scan of the year
            models.Index(fields=["submitted_on"], include=["region", "state", "is_key", "id"], name="suggestion_year_figures_idx"),
            # the figures count overdue live (it depends on today): the year's suggestions still with the units, by deadline
            models.Index(fields=["submitted_on", "answer_due"], include=["region", "lead_unit", "category"],
                         condition=Q(state="assigned"), name="suggestion_overdue_idx"),
            models.Index(fields=["submitted_on", "rehandle_due"], include=["region", "lead_unit", "category"],
                         condition=Q(state="rehandling"), name="suggestion_reoverdue_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number or '—'} {self.title}"


class CoSigner(models.Model):
    class Status(models.TextChoices):
        INVITED = "invited", _("invited")
        CONFIRMED = "confirmed", _("confirmed")
        DECLINED = "declined", _("declined")

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="cosigners")
    deputy = models.ForeignKey(Deputy, on_delete=models.PROTECT, related_name="+", verbose_name=_("deputy"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.INVITED)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("co-signer")
        verbose_name_plural = _("co-signers")
        constraints = [models.UniqueConstraint(fields=["suggestion", "person"], name="cosigner_unique")]
        indexes = [models.Index(fields=["person", "status"], name="cosigner_person_idx")]

    def __str__(self) -> str:
        return self.person.name


class Attachment(models.Model):
    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="suggestions/attachments/%Y/")
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Assignment(models.Model):
    """One unit's part in handling a suggestion: the lead unit (主办) answers, co-units (会办/协办) give an opinion."""

    class Role(models.TextChoices):
        LEAD = "lead", _("lead unit")
        CO = "co", _("co-unit")

    class Status(models.TextChoices):
        PENDING = "pending", _("assigned, not yet accepted")
        ACCEPTED = "accepted", _("accepted")
        OPINION_SENT = "opinion_sent", _("opinion sent")
        RETURNED = "returned", _("returned as not competent")
        WITHDRAWN = "withdrawn", _("withdrawn by reassignment")

    LIVE = (Status.PENDING, Status.ACCEPTED, Status.OPINION_SENT)

    suggestion = models.ForeignKey(Suggestion, on_delete=models.PROTECT, related_name="assignments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=8, choices=Role.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    assigned_on = models.DateField(_("assigned on"))
    due_on = models.DateField(_("due on"))
    return_due = models.DateField(_("return by"))
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    return_reason = models.TextField(_("reason"), blank=True)
    opinion = models.TextField(_("opinion"), blank=True)
    opinion_on = models.DateField(_("opinion sent on"), null=True, blank=True)
    # The suggestion's state copied onto its parts, so the unit inbox filters and orders on one table (an
    # index walk) instead of joining 300,000 suggestions. Kept in step by services.common._save, never by signals.
    suggestion_state = models.CharField(max_length=16, choices=State.choices, default=State.ASSIGNED, editable=False)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["suggestion"], condition=Q(role="lead", status__in=["pending", "accepted"]), name="assignment_one_lead"
            ),
            models.UniqueConstraint(
                fields=["suggestion", "unit"],
                condition=Q(status__in=["pending", "accepted", "opinion_sent"]),
                name="assignment_unit_once",
            ),
            models.CheckConstraint(condition=~Q(status="returned") | ~Q(return_reason=""), name="assignment_return_reason"),
        ]
        indexes = [
            models.Index(fields=["unit", "status", "due_on"], name="assignment_inbox_idx"),
            # the inbox, in its order: parts still to do (live, of a suggestion being handled) ...
            models.Index(
                fields=["unit", "due_on", "id"],
                condition=Q(status__in=["pending", "accepted"], suggestion_state__in=["assigned", "rehandling"]),
                name="assignment_todo_idx",
            ),
            # ... and every live part ("all assigned")
            models.Index(
                fields=["unit", "due_on", "id"],
                condition=Q(status__in=["pending", "accepted", "opinion_sent"]),
                name="assignment_live_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_role_display()}"

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE


class ContactRecord(models.Model):
    """沟通联系: the lead unit's contact with the deputy (when, how, what). Not shown to co-units."""

    class Method(models.TextChoices):
        VISIT = "visit", _("visit")
        MEETING = "meeting", _("meeting")
        PHONE = "phone", _("phone call")
        MESSAGE = "message", _("message")
        OTHER = "other", _("other")

    suggestion = models.ForeignKey(Suggestion, on_delete=models.PROTECT, related_name="contacts")
    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="contacts")
    contacted_on = models.DateField(_("date"))
    method = models.CharField(_("how"), max_length=16, choices=Method.choices)
    summary = models.TextField(_("what was discussed"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["contacted_on", "pk"]

    def __str__(self) -> str:
        return f"{self.contacted_on} {self.get_method_display()}"


class Answer(models.Model):
    """The lead unit's official letter, one per round (first answer, re-handled answer, follow-up once solved)."""

    class Kind(models.TextChoices):
        ANSWER = "answer", _("answer")
        REHANDLED = "rehandled", _("re-handled answer")
        FOLLOW_UP = "follow_up", _("follow-up answer")

    class LetterKind(models.TextChoices):
        PDF = "pdf", _("uploaded PDF")
        DOCX = "docx", _("generated Word letter")

    suggestion = models.ForeignKey(Suggestion, on_delete=models.PROTECT, related_name="answers")
    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="answers")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    round = models.PositiveSmallIntegerField(_("round"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    outcome = models.CharField(_("outcome"), max_length=8)
    outcome_reason = models.TextField(_("reasons"), blank=True)
    text = models.TextField(_("answer"))
    letter = models.FileField(upload_to="suggestions/letters/%Y/")
    letter_kind = models.CharField(max_length=8, choices=LetterKind.choices)
    signed_by = models.CharField(_("signed by"), max_length=100)
    answered_on = models.DateField(_("answered on"))
    due_on = models.DateField(_("due on"))
    follow_up_on = models.DateField(_("answer again by"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["round"]
        constraints = [models.UniqueConstraint(fields=["suggestion", "round"], name="answer_round_unique")]
        indexes = [
            models.Index(fields=["unit", "kind"], name="answer_unit_kind_idx"),
            # "answered on time" (the figures): an answer given by its due day, index-only per suggestion
            models.Index(
                fields=["suggestion"],
                condition=Q(kind="answer", answered_on__lte=F("due_on")),
                name="answer_on_time_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.suggestion.number} #{self.round}"

    @property
    def on_time(self) -> bool:
        return self.answered_on <= self.due_on


class Feedback(models.Model):
    """The deputy's rating of one answer; `is_latest` marks the rating that counts for the suggestion."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.PROTECT, related_name="feedback")
    answer = models.OneToOneField(Answer, on_delete=models.PROTECT, related_name="feedback")
    process_rating = models.CharField(_("handling process"), max_length=12, choices=Rating.choices)
    result_rating = models.CharField(_("result"), max_length=12, choices=Rating.choices)
    comment = models.TextField(_("comment"), blank=True)
    given_on = models.DateField(_("given on"))
    is_latest = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.UniqueConstraint(fields=["suggestion"], condition=Q(is_latest=True), name="feedback_one_latest"),
        ]

    def __str__(self) -> str:
        return f"{self.suggestion.number} {self.get_result_rating_display()}"

    @property
    def satisfied(self) -> bool:
        return Rating.NOT not in {self.process_rating, self.result_rating}


class KeySuggestion(models.Model):
    """重点建议: chosen by a directors' meeting decision, led by a government leader, supervised by a congress leader."""

    suggestion = models.OneToOneField(Suggestion, on_delete=models.PROTECT, related_name="key")
    decision = models.CharField(_("directors' meeting decision"), max_length=200)
    decided_on = models.DateField(_("decided on"))
    lead_leader = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("leading leader"))
    lead_leader_title = models.CharField(_("leading leader's post"), max_length=60)
    supervisor = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("supervising leader")
    )
    supervisor_body = models.ForeignKey(
        Body, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("supervising committee")
    )
    plan = models.TextField(_("supervision plan"))

    class Meta:
        verbose_name = _("key suggestion")
        verbose_name_plural = _("key suggestions")
        constraints = [
            models.CheckConstraint(
                condition=Q(supervisor__isnull=False) | Q(supervisor_body__isnull=False), name="key_has_supervisor"
            )
        ]

    def __str__(self) -> str:
        return str(self.suggestion)


class KeyProgress(models.Model):
    key = models.ForeignKey(KeySuggestion, on_delete=models.PROTECT, related_name="progress")
    on = models.DateField(_("date"))
    text = models.TextField(_("progress"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.on} {self.text[:30]}"


# --- Figures kept per cell (issue #17, `renda.core.kept`, declared in `kept.py`) --------------------------------------
class KeptCounts(models.Model):
    """The counts of one cell of the suggestion figures, recounted from the suggestions by every write that changes
    them (`kept.py`): how many are in each state a submitted suggestion can be in, and the facts the figures count.
    Never typed in; the daily job recounts them all."""

    in_submitted = models.PositiveIntegerField(default=0)
    in_accepted = models.PositiveIntegerField(default=0)
    in_not_accepted = models.PositiveIntegerField(default=0)
    in_merged = models.PositiveIntegerField(default=0)
    in_assigned = models.PositiveIntegerField(default=0)
    in_returned = models.PositiveIntegerField(default=0)
    in_answered = models.PositiveIntegerField(default=0)
    in_rehandling = models.PositiveIntegerField(default=0)
    in_closed = models.PositiveIntegerField(default=0)
    key = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)  # answered (by state) and the first answer given by its due day
    rehandled = models.PositiveIntegerField(default=0)
    satisfied = models.PositiveIntegerField(default=0)
    basic = models.PositiveIntegerField(default=0)
    not_satisfied = models.PositiveIntegerField(default=0)
    rated = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class KeptByCategory(KeptCounts):
    """Per congress, region, year of submission and category: every submitted suggestion."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    congress = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    category = models.CharField(max_length=40)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "congress", "year", "category"], name="suggestion_kept_category_unique")
        ]
        indexes = [models.Index(fields=["year", "region"], name="suggestion_kept_category_idx")]

    def __str__(self) -> str:
        return f"{self.year} {self.region_id}/{self.congress_id} {self.category}"


class KeptByUnit(KeptCounts):
    """Per congress, region, year of submission and lead unit: the suggestions with the units (handled states)."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    congress = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region", "congress", "year", "unit"], name="suggestion_kept_unit_unique")]
        indexes = [models.Index(fields=["year", "region"], name="suggestion_kept_unit_idx")]

    def __str__(self) -> str:
        return f"{self.year} {self.region_id}/{self.congress_id} {self.unit_id}"


class KeptByOutcome(models.Model):
    """Per congress, region, year of submission and the outcome of the latest answer: how many suggestions."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    congress = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    outcome = models.CharField(max_length=8)
    n = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "congress", "year", "outcome"], name="suggestion_kept_outcome_unique")
        ]
        indexes = [models.Index(fields=["year", "region"], name="suggestion_kept_outcome_idx")]

    def __str__(self) -> str:
        return f"{self.year} {self.region_id}/{self.congress_id} {self.outcome}"
