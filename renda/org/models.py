"""Who exists: regions, congress bodies and their terms, people, deputies, handling units, staff scopes."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """An administrative region. `path` ("/1/5/23/") makes a subtree one indexed prefix query."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("province")
        CITY = "city", _("city")
        DISTRICT = "district", _("district")
        TOWN = "town", _("town")
        SUBDISTRICT = "subdistrict", _("sub-district")
        VILLAGE = "village", _("village")
        COMMUNITY = "community", _("community")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    code = models.CharField(_("code"), max_length=32, blank=True)
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    sort_order = models.IntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["path"]
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="region_unique_name_in_parent")]

    def __str__(self) -> str:
        return self.name


class Body(models.Model):
    """A congress body: a congress, its standing committee, directors' meeting, committees, a presidium…"""

    class Kind(models.TextChoices):
        CONGRESS = "congress", _("congress")
        STANDING_COMMITTEE = "standing_committee", _("standing committee")
        DIRECTORS_MEETING = "directors_meeting", _("directors' meeting")
        SPECIAL_COMMITTEE = "special_committee", _("special committee")
        WORKING_COMMITTEE = "working_committee", _("working committee")
        PRESIDIUM = "presidium", _("presidium")
        SESSION_PRESIDIUM = "session_presidium", _("session presidium")
        SUBDISTRICT_COMMITTEE = "subdistrict_committee", _("sub-district working committee")

    class Level(models.TextChoices):
        DISTRICT = "district", _("district")
        TOWN = "town", _("town")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="bodies", verbose_name=_("region"))
    congress = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organs",
        verbose_name=_("congress"),
        help_text=_("The congress this body belongs to; empty for a congress itself."),
    )
    sort_order = models.IntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("congress body")
        verbose_name_plural = _("congress bodies")
        ordering = ["region__path", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="body_unique_name_in_region"),
            models.CheckConstraint(
                condition=Q(kind="congress", congress__isnull=True) | (~Q(kind="congress") & Q(congress__isnull=False)),
                name="body_congress_link",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def congress_id_or_self(self) -> int:
        return self.congress_id or self.pk


class Term(models.Model):
    """A term (届) of a congress; its standing committee and presidium serve in the same term."""

    congress = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="terms", verbose_name=_("congress"))
    number = models.PositiveSmallIntegerField(_("term number"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["congress_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "number"], name="term_unique_number"),
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")), name="term_dates"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """秀洲区第九届人民代表大会: a proper name, in Chinese whatever the interface language."""
        from .naming import term_label

        return term_label(self.congress.name, self.number)

    @property
    def ordinal(self) -> str:
        """第九届: the term in a table's column or an export's cell."""
        from .naming import term_ordinal

        return term_ordinal(self.number)


class Person(models.Model):
    """A natural person: deputy, committee member, or both. Phone and ID number are personal data."""

    class Gender(models.TextChoices):
        MALE = "M", _("male")
        FEMALE = "F", _("female")

    class Party(models.TextChoices):
        CPC = "cpc", _("CPC member")
        DEMOCRATIC = "democratic", _("democratic party member")
        NONE = "none", _("no party affiliation")

    name = models.CharField(_("name"), max_length=50)
    name_initials = models.CharField(max_length=50, db_index=True, editable=False)
    name_pinyin = models.CharField(max_length=200, editable=False)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"))
    ethnicity = models.CharField(_("ethnicity"), max_length=20, default="汉族")
    party = models.CharField(_("party"), max_length=16, choices=Party.choices)
    id_number = models.CharField(_("ID number"), max_length=18, unique=True, null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("login"),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["name"], name="person_name_idx")]

    def __str__(self) -> str:
        return self.name


class ElectoralDistrict(models.Model):
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="electoral_districts", verbose_name=_("term"))
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))

    class Meta:
        verbose_name = _("electoral district")
        verbose_name_plural = _("electoral districts")
        constraints = [models.UniqueConstraint(fields=["term", "name"], name="electoral_district_unique")]

    def __str__(self) -> str:
        return self.name


class DeputyGroup(models.Model):
    congress = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="deputy_groups", verbose_name=_("congress"))
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))

    class Meta:
        verbose_name = _("deputy group")
        verbose_name_plural = _("deputy groups")
        constraints = [models.UniqueConstraint(fields=["congress", "name"], name="deputy_group_unique")]

    def __str__(self) -> str:
        return self.name


class Deputy(models.Model):
    """One mandate: a person elected to one congress for one term. Past mandates stay as history."""

    class Occupation(models.TextChoices):
        WORKER = "worker", _("worker")
        FARMER = "farmer", _("farmer")
        PROFESSIONAL = "professional", _("professional or technician")
        OFFICIAL = "official", _("party or government cadre")
        BUSINESS = "business", _("enterprise manager")
        MILITARY = "military", _("military")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        SERVING = "serving", _("serving")
        SUSPENDED = "suspended", _("duties suspended")
        RESIGNED = "resigned", _("resigned")
        TERMINATED = "terminated", _("terminated")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="mandates", verbose_name=_("person"))
    congress = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="deputies", verbose_name=_("congress"))
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="deputies", verbose_name=_("term"))
    electoral_district = models.ForeignKey(
        ElectoralDistrict, on_delete=models.PROTECT, related_name="deputies", verbose_name=_("electoral district")
    )
    group = models.ForeignKey(
        DeputyGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="deputies", verbose_name=_("deputy group")
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="deputies",
        verbose_name=_("region"),
        help_text=_("Where the deputy was elected (the electoral district's region); scopes who may see the record."),
    )
    occupation = models.CharField(_("occupation category"), max_length=16, choices=Occupation.choices)
    is_reelected = models.BooleanField(_("re-elected"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.SERVING)
    elected_date = models.DateField(_("elected on"))
    status_date = models.DateField(_("status since"), null=True, blank=True)
    status_reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("deputy")
        verbose_name_plural = _("deputies")
        constraints = [
            models.UniqueConstraint(fields=["person", "term"], name="deputy_one_mandate_per_term"),
            models.CheckConstraint(
                condition=Q(status="serving") | Q(status_date__isnull=False), name="deputy_status_date_when_ended"
            ),
            models.CheckConstraint(
                condition=Q(status_date__isnull=True) | Q(status_date__gte=F("elected_date")), name="deputy_status_after_election"
            ),
        ]
        indexes = [
            models.Index(fields=["region", "status"], name="deputy_region_status_idx"),
            models.Index(fields=["congress", "term", "status"], name="deputy_congress_term_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person.name}（{self.congress.name}）"


class Suspension(models.Model):
    """暂停执行代表职务 (Deputies Law Art. 49): a period in which a deputy may not perform their duties; open while
    `end_date` is empty. The deputy's status is "suspended" while one is open; history stays."""

    deputy = models.ForeignKey(Deputy, on_delete=models.PROTECT, related_name="suspensions", verbose_name=_("deputy"))
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("resumed on"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("suspension of duties")
        verbose_name_plural = _("suspensions of duties")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")), name="suspension_dates"
            ),
            models.UniqueConstraint(fields=["deputy"], condition=Q(end_date__isnull=True), name="suspension_one_open"),
        ]

    def __str__(self) -> str:
        return f"{self.deputy_id} · {self.start_date}"


class Membership(models.Model):
    """A seat in a body for a term: standing committee member, committee chair, presidium member…"""

    class Role(models.TextChoices):
        DIRECTOR = "director", _("director")
        DEPUTY_DIRECTOR = "deputy_director", _("deputy director")
        SECRETARY_GENERAL = "secretary_general", _("secretary-general")
        CHAIR = "chair", _("chair")
        VICE_CHAIR = "vice_chair", _("vice chair")
        MEMBER = "member", _("member")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("person"))
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("body"))
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("term"))
    role = models.CharField(_("role"), max_length=24, choices=Role.choices, default=Role.MEMBER)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")), name="membership_dates"
            ),
            models.UniqueConstraint(fields=["person", "body", "term", "start_date"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} · {self.body.name} · {self.role_label}"

    @property
    def role_label(self) -> str:
        """The seat's title in this kind of body: 主任 on the standing committee, 主席 of a presidium, 主任委员 of a
        special committee, 主任 of a working committee."""
        from .naming import SEAT_TITLES

        return str(SEAT_TITLES.get(self.body.kind, {}).get(self.role) or self.get_role_display())

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from .naming import SEAT_TITLES

        allowed = SEAT_TITLES.get(self.body.kind) if self.body_id else None
        if allowed is not None and self.role not in allowed:
            raise ValidationError(
                {"role": _("A %(body)s has no such seat.") % {"body": self.body.get_kind_display()}}, code="seat_not_in_body"
            )


class ContactAssignment(models.Model):
    """常委会组成人员联系代表: a standing committee member stays in contact with these deputies."""

    member = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("member"))
    deputy = models.ForeignKey(Deputy, on_delete=models.PROTECT, related_name="contact_members", verbose_name=_("deputy"))

    class Meta:
        verbose_name = _("assigned deputy")
        verbose_name_plural = _("assigned deputies")
        constraints = [models.UniqueConstraint(fields=["member", "deputy"], name="contact_unique")]

    def __str__(self) -> str:
        return f"{self.member.person.name} → {self.deputy.person.name}"


class Unit(models.Model):
    """A handling unit (承办单位): a department, a station (站所), the supervisory commission, court, procuratorate."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("government department")
        STATION = "station", _("town station (站所)")
        SUPERVISORY = "supervisory", _("supervisory commission")
        COURT = "court", _("court")
        PROCURATORATE = "procuratorate", _("procuratorate")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="units", verbose_name=_("region"))
    head_name = models.CharField(_("head"), max_length=50, blank=True)
    head_title = models.CharField(_("head's title"), max_length=50, blank=True)
    phone = models.CharField(_("office phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("handling unit")
        verbose_name_plural = _("handling units")
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="unit_unique_name_in_region")]
        indexes = [models.Index(fields=["region", "kind"], name="unit_region_kind_idx")]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ADMIN = "admin", _("system administrator")
    OFFICE = "office", _("district office staff")
    COMMITTEE = "committee", _("committee staff")
    TOWN = "town", _("town staff")
    LIAISON = "liaison", _("liaison officer")
    UNIT_CLERK = "unit_clerk", _("unit clerk")
    LEADER = "leader", _("leader")
    DEPUTY = "deputy", _("deputy")


class RoleGrant(models.Model):
    """A role a user holds, with the region, body or unit it covers. A user may hold several."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grants", verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("region")
    )
    body = models.ForeignKey(Body, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("body"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="grants", verbose_name=_("unit"))

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role__in=["office", "town", "liaison", "leader"]) | Q(region__isnull=False),
                name="grant_region_required",
            ),
            models.CheckConstraint(condition=~Q(role="committee") | Q(body__isnull=False), name="grant_body_required"),
            models.CheckConstraint(condition=~Q(role="unit_clerk") | Q(unit__isnull=False), name="grant_unit_required"),
        ]

    def __str__(self) -> str:
        target = self.unit or self.body or self.region or ""
        return f"{self.user} · {self.get_role_display()} {target}"
