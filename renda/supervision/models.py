"""Records of supervision (监督): activities (inspections, research visits, law-enforcement checks, unannounced
visits, forums) with their participants, places, articles checked, findings, report and the opinions sent to units;
special inquiries at a standing-committee meeting; department evaluation rounds; themed campaigns.

No total is stored: every figure (participations, suggestions raised, satisfaction rates, rankings) is counted from
these rows. Indicators a government reports for a campaign are kept as what they are — a value reported by someone
on a date — and never summed as if they were counted.

The participation table is the big one (a province: 200,000 deputies, ten million rows): each row carries its
activity's region, kind, date and campaign, so the lists, the duty archive and a campaign's figures read it through
its own indexes without joining the activity.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from renda.meetings.models import AgendaItem, Meeting, Poll, ReviewOpinion
from renda.org.models import Body, Deputy, Person, Region, Unit


class Campaign(models.Model):
    """A themed campaign (主题活动): 剿灭劣V类水, "最多跑一次" … One generic record: a plan, a mobilisation
    meeting, targets adopted by leaders, per-town lists, per-unit checklists, activities, suggestions and the
    indicators the government reports."""

    class State(models.TextChoices):
        PLANNED = "planned", _("planned")
        RUNNING = "running", _("under way")
        CONCLUDED = "concluded", _("concluded")

    class Levels(models.TextChoices):
        DISTRICT = "district", _("district congress")
        DISTRICT_AND_TOWNS = "district_and_towns", _("district and town congresses")

    code = models.SlugField(_("code"), max_length=40, unique=True, help_text=_("Names the campaign's figures."))
    title = models.CharField(_("title"), max_length=200)
    organiser = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+", verbose_name=_("organiser"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    levels = models.CharField(_("levels"), max_length=24, choices=Levels.choices, default=Levels.DISTRICT_AND_TOWNS)
    plan = models.TextField(_("plan"), blank=True)
    plan_adopted_on = models.DateField(_("plan adopted on"), null=True, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    mobilised_on = models.DateField(_("mobilisation meeting on"), null=True, blank=True)
    mobilisation = models.TextField(_("mobilisation meeting"), blank=True)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    # [{"code", "label", "source"}] copied from the rule when the campaign is created (the seed's five lists)
    town_lists = models.JSONField(_("per-town lists"), default=list, blank=True)
    # [{"code", "label"}] copied from the rule when the campaign has a per-unit checklist (五个一)
    checklist = models.JSONField(_("per-unit checklist"), default=list, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.PLANNED)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="campaign_dates"),
            models.CheckConstraint(condition=~Q(state="running") | Q(mobilised_on__isnull=False), name="campaign_mobilised"),
            models.CheckConstraint(condition=~Q(state="concluded") | Q(concluded_on__isnull=False), name="campaign_concluded"),
        ]

    def __str__(self) -> str:
        return self.title


class Activity(models.Model):
    """One supervision activity: an inspection (视察), research visit (调研), law-enforcement check (执法检查),
    unannounced visit (暗访) or forum (座谈), organised by a congress body (the standing committee, a committee, a
    town presidium, a sub-district working committee), possibly within a campaign."""

    class Kind(models.TextChoices):
        INSPECTION = "inspection", _("inspection")
        RESEARCH = "research", _("research visit")
        LAW_CHECK = "law_check", _("law-enforcement check")
        UNANNOUNCED = "unannounced", _("unannounced visit")
        FORUM = "forum", _("forum")

    class State(models.TextChoices):
        PLANNED = "planned", _("planned")
        UNDER_WAY = "under_way", _("under way")
        REPORTED = "reported", _("report adopted")
        CLOSED = "closed", pgettext_lazy("supervision activity state", "closed")
        CANCELLED = "cancelled", _("cancelled")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("subject"), max_length=200)
    organiser = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+", verbose_name=_("organiser"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, null=True, blank=True, related_name="activities", verbose_name=_("campaign")
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    plan = models.TextField(_("plan"), blank=True)
    law = models.CharField(_("law checked"), max_length=200, blank=True)
    report_text = models.TextField(_("report"), blank=True)
    reported_on = models.DateField(_("report adopted on"), null=True, blank=True)
    heard_at = models.ForeignKey(
        AgendaItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("report heard at"),
        help_text=_("The agenda item where the activity's report is heard; its review opinions follow the meetings loop."),
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.PLANNED)
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("supervision activity")
        verbose_name_plural = _("supervision activities")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="activity_dates"),
            models.CheckConstraint(condition=~Q(kind="law_check") | ~Q(law=""), name="activity_law_check_names_law"),
            models.CheckConstraint(
                condition=Q(state__in=["planned", "under_way", "cancelled"])
                | (~Q(report_text="") & Q(reported_on__isnull=False)),
                name="activity_report_when_reported",
            ),
            models.CheckConstraint(condition=Q(is_published=False) | Q(published_at__isnull=False), name="activity_published_at"),
        ]
        indexes = [
            models.Index(
                fields=["region", "-start_date", "-id"], include=["kind", "state", "campaign"], name="activity_region_recent_idx"
            ),
            models.Index(
                fields=["-start_date", "-id"], include=["region", "kind", "state", "campaign"], name="activity_recent_idx"
            ),
            models.Index(fields=["campaign", "start_date"], include=["state", "region"], name="activity_campaign_idx"),
            models.Index(fields=["organiser", "-start_date"], name="activity_organiser_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class Participation(models.Model):
    """One person's part in an activity (人次): a leader or member of the group, or a deputy taking part. The row
    copies its activity's kind, date, region and campaign, so the big lists and figures never join the activity."""

    class Role(models.TextChoices):
        LEADER = "leader", _("group leader")
        MEMBER = "member", _("member of the organising body")
        DEPUTY = "deputy", _("deputy")
        OTHER = "other", _("other participant")

    id = models.BigAutoField(primary_key=True)
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="participations", verbose_name=_("activity"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    deputy = models.ForeignKey(
        Deputy,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("as deputy"),
        help_text=_("The mandate the person took part in; empty for someone who is not a deputy."),
    )
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.DEPUTY)
    kind = models.CharField(_("kind"), max_length=16, choices=Activity.Kind.choices)
    date = models.DateField(_("date"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    # indexed by participation_campaign_idx (campaign first): no index of its own
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [models.UniqueConstraint(fields=["activity", "person"], name="participation_once_per_activity")]
        indexes = [
            # the duty archive: one deputy's year
            models.Index(fields=["deputy", "date"], name="participation_deputy_idx"),
            # "my supervision": a person's activities, newest first
            models.Index(fields=["person", "-date"], name="participation_person_idx"),
            # staff lists: the scope's regions, newest first (index-only for the ids of a page)
            models.Index(
                fields=["region", "-date", "-id"], include=["kind", "campaign", "deputy"], name="participation_region_idx"
            ),
            models.Index(
                fields=["-date", "-id"], include=["region", "kind", "campaign", "deputy"], name="participation_recent_idx"
            ),
            # a campaign's figures: deputy participations in a period, of activities that took place (index-only)
            models.Index(
                fields=["campaign", "date"], include=["deputy", "region", "activity"], name="participation_campaign_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} · {self.person_id}"


class Place(models.Model):
    """Places visited, by kind and count: "5 个科技创新平台", "3 家省级重点企业研究院"."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="places", verbose_name=_("activity"))
    kind = models.CharField(_("kind of place"), max_length=100)
    names = models.CharField(_("names"), max_length=300, blank=True)
    count = models.PositiveSmallIntegerField(_("number visited"), default=1)

    class Meta:
        verbose_name = _("place visited")
        verbose_name_plural = _("places visited")
        ordering = ["activity_id", "pk"]
        constraints = [models.CheckConstraint(condition=Q(count__gte=1), name="place_count_positive")]

    def __str__(self) -> str:
        return f"{self.kind} × {self.count}"


class Article(models.Model):
    """An article of the law checked by a law-enforcement check, with what the check found about it."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="articles", verbose_name=_("activity"))
    number = models.CharField(_("article"), max_length=40)
    provision = models.TextField(_("provision"), blank=True)
    finding = models.TextField(_("finding"), blank=True)

    class Meta:
        verbose_name = _("article checked")
        verbose_name_plural = _("articles checked")
        ordering = ["activity_id", "pk"]
        constraints = [models.UniqueConstraint(fields=["activity", "number"], name="article_once_per_check")]

    def __str__(self) -> str:
        return self.number


class SupervisionOpinion(models.Model):
    """Opinions sent to a unit directly after an activity (no meeting hears its report): the same loop as a
    meeting's review opinions — sent with a deadline from the rule, answered by the unit's handling report, put on a
    later meeting's agenda, closed."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SENT = "sent", _("sent to the unit")
        REPORTED = "reported", _("handling report received")
        SCHEDULED = "scheduled", _("on a meeting's agenda")
        CLOSED = "closed", pgettext_lazy("review opinion state", "closed")

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="opinions", verbose_name=_("activity"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    text = models.TextField(_("opinions"))
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
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
        verbose_name = _("supervision opinions")
        verbose_name_plural = _("supervision opinions")
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="draft") | Q(deadline__isnull=False, sent_on__isnull=False), name="sup_opinion_sent_dated"
            ),
            models.CheckConstraint(
                condition=Q(state__in=["draft", "sent"]) | (~Q(report_text="") & Q(reported_on__isnull=False)),
                name="sup_opinion_report_when_reported",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["scheduled", "closed"]) | Q(followup_item__isnull=False),
                name="sup_opinion_scheduled_item",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "state"], name="sup_opinion_unit_state_idx"),
            models.Index(fields=["region", "-id"], name="sup_opinion_region_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.activity.title} · {self.unit.name}"


class Finding(models.Model):
    """What an activity found (a problem) or proposed (a suggestion or rectification measure, 意见建议), written by
    staff or by a participating deputy from a phone. A suggestion may become a deputy's suggestion (suggestions
    app), a supervision opinion to a unit, or a review opinion on the meeting item where the report is heard."""

    class Kind(models.TextChoices):
        PROBLEM = "problem", _("problem found")
        SUGGESTION = "suggestion", _("suggestion")

    id = models.BigAutoField(primary_key=True)
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="findings", verbose_name=_("activity"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.PROBLEM)
    text = models.TextField(_("text"))
    place = models.CharField(_("where"), max_length=200, blank=True)
    on = models.DateField(_("date"))
    author = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("raised by")
    )
    client_token = models.CharField(max_length=64, blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    suggestion = models.ForeignKey(
        "suggestions.Suggestion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("raised as suggestion"),
    )
    opinion = models.ForeignKey(
        SupervisionOpinion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("sent to a unit as"),
    )
    review_opinion = models.ForeignKey(
        ReviewOpinion, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("review opinion")
    )

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["activity_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "client_token"], condition=~Q(client_token=""), name="finding_client_token_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["region", "-on", "-id"], include=["kind", "campaign"], name="finding_region_idx"),
            models.Index(fields=["campaign", "on"], include=["kind", "region"], name="finding_campaign_idx"),
        ]

    def __str__(self) -> str:
        return self.text[:40]


# --- special inquiries ------------------------------------------------------------------------------------------


class Inquiry(models.Model):
    """A special inquiry (专题询问) at a standing-committee meeting: members and deputies question the units
    answering, a satisfaction vote (a meetings poll) on the answers, follow-up items (review opinions on the
    inquiry's agenda item)."""

    class State(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")
        CLOSED = "closed", pgettext_lazy("inquiry state", "closed")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="+", verbose_name=_("meeting"))
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("agenda item"))
    subject = models.CharField(_("subject"), max_length=200)
    date = models.DateField(_("date"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    poll = models.OneToOneField(
        Poll, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("satisfaction vote")
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.PLANNED)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("special inquiry")
        verbose_name_plural = _("special inquiries")
        ordering = ["-date", "-pk"]
        constraints = [models.UniqueConstraint(fields=["item"], name="inquiry_one_per_item")]
        indexes = [models.Index(fields=["region", "-date"], name="inquiry_region_idx")]

    def __str__(self) -> str:
        return self.subject


class InquiryUnit(models.Model):
    """A unit answering at the inquiry, and who answers for it."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="units", verbose_name=_("inquiry"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    respondent = models.CharField(_("answered by"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("unit answering")
        verbose_name_plural = _("units answering")
        ordering = ["inquiry_id", "pk"]
        constraints = [models.UniqueConstraint(fields=["inquiry", "unit"], name="inquiry_unit_once")]

    def __str__(self) -> str:
        return self.unit.name


class Question(models.Model):
    """One question at an inquiry (who asked) and its answer (which official, for which unit)."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.PROTECT, related_name="questions", verbose_name=_("inquiry"))
    order = models.PositiveSmallIntegerField(_("order"))
    asker = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("asked by"))
    text = models.TextField(_("question"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit answering"))
    answerer = models.CharField(_("answered by"), max_length=100, blank=True)
    answer = models.TextField(_("answer"), blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["inquiry_id", "order"]
        constraints = [models.UniqueConstraint(fields=["inquiry", "order"], name="question_order_unique")]

    def __str__(self) -> str:
        return self.text[:40]


# --- department evaluation -------------------------------------------------------------------------------------


class EvaluationRound(models.Model):
    """A department (station) evaluation round (部门/站所工作评议): the units evaluated, their self-reports, the
    deputies' written opinions, a problem list per unit handed over, rectification, a satisfaction vote and the
    second vote at the next session."""

    class State(models.TextChoices):
        PREPARING = "preparing", _("self-reports and opinions")
        EVALUATED = "evaluated", _("voted")
        HANDED_OVER = "handed_over", _("problem lists handed over; rectification")
        REVOTED = "revoted", _("second vote held")
        CLOSED = "closed", pgettext_lazy("evaluation round state", "closed")

    title = models.CharField(_("title"), max_length=200)
    organiser = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+", verbose_name=_("organiser"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    year = models.PositiveSmallIntegerField(_("year"))
    handed_over_on = models.DateField(_("handed over on"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.PREPARING)
    is_published = models.BooleanField(_("results published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")
        ordering = ["-year", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(is_published=False) | Q(published_at__isnull=False), name="round_published_at"),
            models.CheckConstraint(
                condition=Q(state__in=["preparing", "evaluated"]) | Q(handed_over_on__isnull=False),
                name="round_handed_over_dated",
            ),
        ]
        indexes = [models.Index(fields=["region", "-year", "-id"], name="round_region_idx")]

    def __str__(self) -> str:
        return self.title


class EvaluatedUnit(models.Model):
    """A unit evaluated in a round, with its self-report (自查报告)."""

    round = models.ForeignKey(EvaluationRound, on_delete=models.PROTECT, related_name="units", verbose_name=_("round"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    self_report = models.TextField(_("self-report"), blank=True)
    self_reported_on = models.DateField(_("self-report submitted on"), null=True, blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("unit evaluated")
        verbose_name_plural = _("units evaluated")
        ordering = ["round_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="evaluated_unit_once"),
            models.CheckConstraint(
                condition=Q(self_report="") | Q(self_reported_on__isnull=False), name="evaluated_self_report_dated"
            ),
        ]
        indexes = [models.Index(fields=["unit"], name="evaluated_unit_idx")]

    def __str__(self) -> str:
        return self.unit.name


class EvaluationOpinion(models.Model):
    """A deputy's written evaluation opinion (书面评议意见) on one unit."""

    evaluated = models.ForeignKey(
        EvaluatedUnit, on_delete=models.PROTECT, related_name="opinions", verbose_name=_("unit evaluated")
    )
    deputy = models.ForeignKey(Deputy, on_delete=models.PROTECT, related_name="+", verbose_name=_("deputy"))
    text = models.TextField(_("opinion"))
    on = models.DateField(_("date"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("evaluation opinion")
        verbose_name_plural = _("evaluation opinions")
        ordering = ["evaluated_id", "pk"]
        constraints = [models.UniqueConstraint(fields=["evaluated", "deputy"], name="evaluation_opinion_once")]
        indexes = [models.Index(fields=["deputy", "on"], name="evaluation_opinion_deputy_idx")]

    def __str__(self) -> str:
        return self.text[:40]


class ProblemItem(models.Model):
    """One item of the problem list handed to a unit (问题清单), rectified by a deadline with progress reports."""

    class State(models.TextChoices):
        OPEN = "open", _("to rectify")
        IN_PROGRESS = "in_progress", _("rectification under way")
        RECTIFIED = "rectified", _("rectified")

    evaluated = models.ForeignKey(
        EvaluatedUnit, on_delete=models.PROTECT, related_name="problems", verbose_name=_("unit evaluated")
    )
    text = models.TextField(_("problem"))
    deadline = models.DateField(_("rectify by"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.OPEN)
    rectified_on = models.DateField(_("rectified on"), null=True, blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("problem to rectify")
        verbose_name_plural = _("problems to rectify")
        ordering = ["evaluated_id", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="rectified") | Q(rectified_on__isnull=False), name="problem_rectified_dated"
            ),
        ]
        indexes = [
            models.Index(fields=["region", "deadline", "id"], include=["state"], name="problem_region_due_idx"),
            models.Index(fields=["evaluated", "state"], name="problem_unit_state_idx"),
        ]

    def __str__(self) -> str:
        return self.text[:40]


class ProgressReport(models.Model):
    """The unit's report on a problem's rectification (整改进展)."""

    problem = models.ForeignKey(ProblemItem, on_delete=models.PROTECT, related_name="reports", verbose_name=_("problem"))
    text = models.TextField(_("progress"))
    on = models.DateField(_("date"))
    completes = models.BooleanField(_("rectification completed"), default=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["problem_id", "on", "pk"]

    def __str__(self) -> str:
        return self.text[:40]


class EvaluationVote(models.Model):
    """A satisfaction vote of a round — the first at the evaluation meeting, the second at the next session —
    held as a meetings poll (method "satisfaction", one option per unit, `ref` = "unit:<id>")."""

    round = models.ForeignKey(EvaluationRound, on_delete=models.PROTECT, related_name="votes", verbose_name=_("round"))
    number = models.PositiveSmallIntegerField(_("vote"))
    poll = models.OneToOneField(Poll, on_delete=models.PROTECT, related_name="+", verbose_name=_("poll"))

    class Meta:
        verbose_name = _("evaluation vote")
        verbose_name_plural = _("evaluation votes")
        ordering = ["round_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="evaluation_vote_once"),
            models.CheckConstraint(condition=Q(number__in=[1, 2]), name="evaluation_vote_first_or_second"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id} · {self.number}"


# --- campaign parts --------------------------------------------------------------------------------------------


class Target(models.Model):
    """A target of a campaign (a polluted river, a service hall) adopted by a leader (认领) and closed (销号)."""

    class State(models.TextChoices):
        LISTED = "listed", _("listed")
        ADOPTED = "adopted", _("adopted")
        CLOSED = "closed", _("closed off (销号)")

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="targets", verbose_name=_("campaign"))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=40, blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("where"))
    leader = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("adopted by")
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    due_on = models.DateField(_("to be closed by"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.LISTED)

    class Meta:
        verbose_name = _("campaign target")
        verbose_name_plural = _("campaign targets")
        ordering = ["campaign_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name"], name="target_name_once"),
            models.CheckConstraint(
                condition=Q(state="listed") | Q(leader__isnull=False, adopted_on__isnull=False), name="target_adopted_by"
            ),
            models.CheckConstraint(condition=~Q(state="closed") | Q(closed_on__isnull=False), name="target_closed_dated"),
        ]

    def __str__(self) -> str:
        return self.name


class ListEntry(models.Model):
    """An entry of one of a town's campaign lists (监督联络、调研视察、建议意见、典型事例、统计总结)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="list_entries", verbose_name=_("campaign"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("town"))
    list_code = models.CharField(_("list"), max_length=24)
    on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("list entry")
        verbose_name_plural = _("list entries")
        ordering = ["campaign_id", "region_id", "list_code", "on", "pk"]
        indexes = [models.Index(fields=["campaign", "region", "list_code"], name="list_entry_idx")]

    def __str__(self) -> str:
        return self.title


class ChecklistEntry(models.Model):
    """One item of a campaign's checklist (五个一) for a town or a unit: done on a date, possibly by an activity."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="checklist_entries", verbose_name=_("campaign"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("town"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit"))
    item = models.CharField(_("item"), max_length=24)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("activity")
    )

    class Meta:
        verbose_name = _("checklist entry")
        verbose_name_plural = _("checklist entries")
        ordering = ["campaign_id", "region_id", "unit_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "region", "item"], condition=Q(unit__isnull=True), name="checklist_town_item_once"
            ),
            models.UniqueConstraint(
                fields=["campaign", "unit", "item"], condition=Q(unit__isnull=False), name="checklist_unit_item_once"
            ),
        ]

    def __str__(self) -> str:
        return self.item


class Indicator(models.Model):
    """An outcome indicator of a campaign that the government reports ("最多跑一次"事项): never counted here."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("campaign"))
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    unit_label = models.CharField(_("counted in"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["campaign_id", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "code"], name="indicator_code_once")]

    def __str__(self) -> str:
        return self.name


class IndicatorReport(models.Model):
    """A value of an indicator as reported (by whom, on what date): shown as reported, never summed."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="reports", verbose_name=_("indicator"))
    value = models.BigIntegerField(_("value"))
    source = models.CharField(_("reported by"), max_length=200)
    reported_on = models.DateField(_("reported on"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("indicator report")
        verbose_name_plural = _("indicator reports")
        ordering = ["indicator_id", "-reported_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "reported_on", "source"], name="indicator_report_once"),
            models.CheckConstraint(condition=Q(value__gte=0), name="indicator_report_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} = {self.value}"
