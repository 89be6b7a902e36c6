"""Roster import from Excel: every row is checked first; one bad row rejects the whole file and nothing is written."""

from __future__ import annotations

import datetime
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core.actors import Actor
from renda.core.audit import audit_event, audit_record, audit_record_many, changed, snapshot
from renda.core.text import id_number_birth_date, id_number_check_digit, id_number_valid, normalise_phone
from renda.core.xlsx import SheetRow, XlsxReadError, read_rows
from renda.core.xlsx_lists import template_with_lists

from . import permissions
from .models import Body, Deputy, DeputyGroup, ElectoralDistrict, Person, Region, Term, Unit
from .naming import parse_term_number, term_ordinal
from .scoping import Scope
from .services import person_fill_keys

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass
class RowError:
    row: int
    messages: list[str]


@dataclass
class _PlannedDeputy:
    values: dict[str, str]
    id_number: str
    gender: str
    party: str
    occupation: str
    status: str
    reelected: bool
    congress: Body
    term: Term
    region: Region
    district: ElectoralDistrict
    group: DeputyGroup | None
    birth: datetime.date
    elected: datetime.date
    mandate_id: int | None = None  # the person's mandate in this term, updated by the row


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_error


# The file format: column headers are part of the format (Chinese, as the offices use them).
DEPUTY_COLUMNS = [
    "姓名",
    "性别",
    "身份证号",
    "出生日期",
    "民族",
    "政治面貌",
    "手机",
    "所属人大",
    "届次",
    "选区",
    "所在区域",
    "代表小组",
    "职业类别",
    "连任",
    "当选日期",
    "状态",
]
DEPUTY_REQUIRED = ["姓名", "性别", "身份证号", "政治面貌", "所属人大", "届次", "选区", "所在区域", "职业类别"]
UNIT_COLUMNS = ["单位名称", "类型", "所属区域", "负责人", "负责人职务", "办公电话", "地址"]
UNIT_REQUIRED = ["单位名称", "类型", "所属区域"]


@dataclass(frozen=True)
class RosterFile:
    """A roster's file: its columns, the ones a row must fill, and who may import it (and what the others are told)."""

    columns: Sequence[str]
    required: Sequence[str]
    allowed: Callable[[Scope], bool]
    refusal: StrOrPromise


DEPUTY_FILE = RosterFile(
    DEPUTY_COLUMNS, DEPUTY_REQUIRED, permissions.can_import_deputies, gettext_lazy("You may not import deputies.")
)
UNIT_FILE = RosterFile(UNIT_COLUMNS, UNIT_REQUIRED, permissions.can_import_units, gettext_lazy("You may not import units."))

GENDERS = {"男": Person.Gender.MALE, "女": Person.Gender.FEMALE}
PARTIES = {
    "中共党员": Person.Party.CPC,
    "中共预备党员": Person.Party.CPC,
    "民主党派": Person.Party.DEMOCRATIC,
    "群众": Person.Party.NONE,
    "无党派": Person.Party.NONE,
}
OCCUPATIONS = {
    "工人": Deputy.Occupation.WORKER,
    "农民": Deputy.Occupation.FARMER,
    "专业技术人员": Deputy.Occupation.PROFESSIONAL,
    "党政干部": Deputy.Occupation.OFFICIAL,
    "企业负责人": Deputy.Occupation.BUSINESS,
    "军人": Deputy.Occupation.MILITARY,
    "其他": Deputy.Occupation.OTHER,
}
STATUSES = {"在任": Deputy.Status.SERVING, "辞职": Deputy.Status.RESIGNED, "终止": Deputy.Status.TERMINATED}
YES_NO = {"是": True, "否": False, "": False}
UNIT_KINDS = {
    "政府部门": Unit.Kind.DEPARTMENT,
    "站所": Unit.Kind.STATION,
    "监委": Unit.Kind.SUPERVISORY,
    "法院": Unit.Kind.COURT,
    "检察院": Unit.Kind.PROCURATORATE,
    "其他": Unit.Kind.OTHER,
}

DEPUTY_NOTES = [
    gettext_lazy("Required columns: 姓名, 性别, 身份证号, 政治面貌, 所属人大, 届次, 选区, 所在区域, 职业类别."),
    gettext_lazy(
        "性别: 男 / 女. 政治面貌: 中共党员 / 民主党派 / 群众. 职业类别: 工人 / 农民 / 专业技术人员 / 党政干部 / 企业负责人 / 军人 / 其他."
    ),
    gettext_lazy("所在区域: a region name, or town/village when the name is not unique (e.g. 王江泾镇/新星村)."),
    gettext_lazy("A row whose ID number already has a mandate in the term updates that person and mandate."),
    gettext_lazy("If any row is wrong, nothing is imported and every wrong row is listed."),
]


EXAMPLE_ID = "33041119800101001" + id_number_check_digit("33041119800101001")  # a valid number of no real person


def _deputy_example(scope: Scope) -> list[str]:
    """An example row that imports for this scope: a congress it may import into, that congress's current term, one
    of its electoral districts and the district's region, one of its groups."""
    congress_region_ids = [b.region_id for b in Body.objects.filter(kind=Body.Kind.CONGRESS)]
    allowed = [rid for rid in congress_region_ids if permissions.can_import_into_congress(scope, rid)]
    district = (
        ElectoralDistrict.objects.filter(term__congress__region_id__in=allowed, term__congress__kind=Body.Kind.CONGRESS)
        .select_related("term__congress", "region")
        .order_by("term__congress__region__path", "-term__number", "pk")
        .first()
    )
    if district is None:
        congress, number, district_name, region, group, elected = (
            "秀洲区人民代表大会",
            term_ordinal(9),
            "第1选区",
            "王江泾镇",
            "",
            "2016-12-28",
        )
    else:
        term = district.term
        congress, number, district_name, region = term.congress.name, term.ordinal, district.name, district.region.name
        first_group = DeputyGroup.objects.filter(congress=term.congress, region__path__startswith=district.region.path).first()
        group, elected = (first_group.name if first_group else ""), term.start_date.isoformat()
    return ["张三", "男", EXAMPLE_ID, "1980-01-01", "汉族", "中共党员", "13800000000", congress, number,
            district_name, region, group, "企业负责人", "否", elected, "在任"]  # fmt: skip


def deputy_template(scope: Scope) -> bytes:
    """The roster template: dropdowns of the congresses, electoral districts, regions and groups this scope may
    import into (and of every fixed list), and an example row that imports."""
    congresses = [
        b
        for b in Body.objects.filter(kind=Body.Kind.CONGRESS).order_by("region__path")
        if permissions.can_import_into_congress(scope, b.region_id)
    ]
    congress_ids = [b.pk for b in congresses]
    regions = Region.objects.select_related("parent").order_by("path")
    if not scope.everything:
        regions = regions.filter(pk__in=scope.region_ids)
    repeated = {name for name, n in Counter(Region.objects.values_list("name", flat=True)).items() if n > 1}
    names = [f"{r.parent.name}/{r.name}" if r.name in repeated and r.parent else r.name for r in regions]
    lists = {
        "性别": list(GENDERS),
        "政治面貌": list(PARTIES),
        "所属人大": [b.name for b in congresses],
        "届次": [
            term_ordinal(n)
            for n in sorted(set(Term.objects.filter(congress_id__in=congress_ids).values_list("number", flat=True)))
        ],
        "选区": sorted(
            set(
                ElectoralDistrict.objects.filter(term__congress_id__in=congress_ids).values_list(
                    "name", flat=True
                )
            )
        ),
        "所在区域": list(dict.fromkeys(names)),
        "代表小组": sorted(set(DeputyGroup.objects.filter(congress_id__in=congress_ids).values_list("name", flat=True))),
        "职业类别": list(OCCUPATIONS),
        "连任": ["是", "否"],
        "状态": list(STATUSES),
    }
    return template_with_lists(DEPUTY_COLUMNS, [_deputy_example(scope)], lists, [str(n) for n in DEPUTY_NOTES])


def unit_template(scope: Scope) -> bytes:
    regions = Region.objects.order_by("path")
    if not scope.everything:
        regions = regions.filter(pk__in=scope.roles_by_region.get("office", frozenset()))
    first = regions.first()
    example = ["区教育局", "政府部门", first.name if first else "秀洲区", "李四", "局长", "0573-80000000", ""]
    lists = {"类型": list(UNIT_KINDS), "所属区域": list(dict.fromkeys(r.name for r in regions))}
    note = str(gettext_lazy("If any row is wrong, nothing is imported and every wrong row is listed."))
    return template_with_lists(UNIT_COLUMNS, [example], lists, [note])


def _parse_date(text: str) -> datetime.date | None:
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d"):
        try:
            return datetime.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date, no time zone
        except ValueError:
            continue
    return None


class RegionIndex:
    """Resolves region names as users write them: a unique name, or "town/village"."""

    def __init__(self, regions: list[Region]):
        self.by_name: dict[str, list[Region]] = defaultdict(list)
        self.by_id = {r.pk: r for r in regions}
        for region in regions:
            self.by_name[region.name].append(region)

    def resolve(self, text: str) -> tuple[Region | None, str]:
        parts = [p for p in text.replace("／", "/").split("/") if p]
        if not parts:
            return None, _("region is empty")
        candidates = self.by_name.get(parts[-1], [])
        if len(parts) > 1:
            candidates = [
                c
                for c in candidates
                if c.parent_id is not None and c.parent_id in self.by_id and self.by_id[c.parent_id].name == parts[-2]
            ]
        if not candidates:
            return None, _("unknown region “%(name)s”") % {"name": text}
        if len(candidates) > 1:
            return None, _("region “%(name)s” is ambiguous; write it as town/village") % {"name": text}
        return candidates[0], ""


def _read(data: bytes, columns: Sequence[str], required: Sequence[str], report: ImportReport) -> list[SheetRow] | None:
    if len(data) > settings.RENDA_IMPORT_MAX_BYTES:
        report.file_error = _("The file is larger than %(mb)d MB.") % {"mb": settings.RENDA_IMPORT_MAX_BYTES // 1024 // 1024}
        return None
    try:
        rows = read_rows(data, expected=columns, required=required, max_rows=settings.RENDA_IMPORT_MAX_ROWS)
    except XlsxReadError as exc:
        report.file_error = str(exc)
        return None
    if not rows:
        report.file_error = _("The file has no data rows.")
        return None
    return rows


def _open(data: bytes, scope: Scope, roster: RosterFile) -> tuple[ImportReport, list[SheetRow]]:
    """The report and the rows of the file, or no rows (and why, in the report) when the actor may not import or
    the file cannot be read."""
    report = ImportReport()
    if not roster.allowed(scope):
        report.file_error = str(roster.refusal)
        return report, []
    return report, _read(data, roster.columns, roster.required, report) or []


# Each free-text column and the model field it is stored in: a longer value is refused with the column's name (it
# would fail on PostgreSQL and be stored whole on SQLite).
DEPUTY_LENGTHS = {"姓名": Person._meta.get_field("name"), "民族": Person._meta.get_field("ethnicity")}
UNIT_LENGTHS = {
    "单位名称": Unit._meta.get_field("name"),
    "负责人": Unit._meta.get_field("head_name"),
    "负责人职务": Unit._meta.get_field("head_title"),
    "办公电话": Unit._meta.get_field("phone"),
    "地址": Unit._meta.get_field("address"),
}
_LANDLINE_CHARS = set("0123456789-+() ")


def _lengths(values: dict[str, str], columns: dict[str, Any], errs: list[str]) -> None:
    for column, model_field in columns.items():
        value = values.get(column, "")
        if len(value) > model_field.max_length:
            errs.append(
                _("“%(column)s” may be at most %(max)d characters long (%(length)d given)")
                % {"column": column, "max": model_field.max_length, "length": len(value)}
            )


def _mobile(values: dict[str, str], column: str, errs: list[str]) -> str:
    """The column's mobile number as 11 ASCII digits (full-width digits folded), "" when empty, or an error."""
    raw = values.get(column, "")
    if not raw:
        return ""
    phone = normalise_phone(raw)
    if phone is None:
        errs.append(_("“%(column)s” %(value)s is not a mobile number (11 digits)") % {"column": column, "value": raw})
        return ""
    return phone


def _landline(values: dict[str, str], column: str, errs: list[str]) -> str:
    """An office phone folded to ASCII (NFKC): digits, spaces, hyphens, parentheses and + only."""
    raw = values.get(column, "")
    phone = unicodedata.normalize("NFKC", raw).strip()
    if phone and (not set(phone) <= _LANDLINE_CHARS or not any(c.isdigit() for c in phone)):
        errs.append(_("“%(column)s” %(value)s is not a phone number") % {"column": column, "value": raw})
    return phone


def _unique(key: tuple[object, ...], row: SheetRow, seen: dict[tuple[object, ...], int], errs: list[str]) -> None:
    """Refuse a row that repeats an earlier row's key in the same file."""
    if key in seen:
        errs.append(_("duplicate of row %(row)d in this file") % {"row": seen[key]})
    else:
        seen[key] = row.number


def _record(actor: Actor, created: Sequence[Deputy | Unit], *, action: str, object_type: str, label: str) -> None:
    """One audit event per created row, and one for the import as a whole."""
    audit_record_many([audit_event(actor=actor, action=action, obj=r, after=snapshot(r), region_id=r.region_id) for r in created])
    audit_record(actor=actor, action="roster.import", object_type=object_type, object_repr=label, after={"rows": len(created)})


def deputies_import(*, actor: Actor, scope: Scope, data: bytes) -> ImportReport:
    report, rows = _open(data, scope, DEPUTY_FILE)
    if not rows:
        return report

    congresses = {b.name: b for b in Body.objects.filter(kind=Body.Kind.CONGRESS).select_related("region")}
    terms = {(t.congress_id, t.number): t for t in Term.objects.all()}
    regions = RegionIndex(list(Region.objects.all()))
    districts = {(d.term_id, d.name): d for d in ElectoralDistrict.objects.all()}
    groups = {(g.congress_id, g.name): g for g in DeputyGroup.objects.all()}
    id_numbers = {r.values.get("身份证号", "").upper() for r in rows}
    people = {p.id_number: p for p in Person.objects.filter(id_number__in=id_numbers)}
    existing = {
        (id_number, term_id): (pk, status)
        for id_number, term_id, pk, status in Deputy.objects.filter(person__id_number__in=id_numbers).values_list(
            "person__id_number", "term_id", "pk", "status"
        )
    }
    seen: dict[tuple[object, ...], int] = {}
    planned = []

    for row in rows:
        v = row.values
        errs: list[str] = []
        for column in DEPUTY_REQUIRED:
            if not v.get(column):
                errs.append(_("“%(column)s” is required") % {"column": column})
        _lengths(v, DEPUTY_LENGTHS, errs)
        phone = _mobile(v, "手机", errs)
        id_number = v.get("身份证号", "").upper()
        if id_number and not id_number_valid(id_number):
            errs.append(_("ID number %(value)s is not valid (length, birth date or check digit)") % {"value": id_number})
        gender = GENDERS.get(v.get("性别", ""))
        if v.get("性别") and gender is None:
            errs.append(_("gender must be 男 or 女"))
        party = PARTIES.get(v.get("政治面貌", ""))
        if v.get("政治面貌") and party is None:
            errs.append(_("unknown political affiliation “%(value)s”") % {"value": v["政治面貌"]})
        occupation = OCCUPATIONS.get(v.get("职业类别", ""))
        if v.get("职业类别") and occupation is None:
            errs.append(_("unknown occupation category “%(value)s”") % {"value": v["职业类别"]})
        status = STATUSES.get(v.get("状态", "") or "在任")
        if status is None:
            errs.append(_("status must be 在任, 辞职 or 终止"))
        reelected = YES_NO.get(v.get("连任", ""))
        if reelected is None:
            errs.append(_("“连任” must be 是 or 否"))
        congress = congresses.get(v.get("所属人大", ""))
        if v.get("所属人大") and congress is None:
            errs.append(_("unknown congress “%(value)s”") % {"value": v["所属人大"]})
        elif congress and not permissions.can_import_into_congress(scope, congress.region_id):
            errs.append(_("you may not import deputies of %(congress)s") % {"congress": congress.name})
        term = None
        if congress and v.get("届次"):
            number = parse_term_number(v["届次"])
            term = terms.get((congress.pk, number)) if number is not None else None
            if term is None:
                errs.append(_("%(congress)s has no term “%(value)s”") % {"congress": congress.name, "value": v["届次"]})
        region = None
        if v.get("所在区域"):
            region, message = regions.resolve(v["所在区域"])
            if message:
                errs.append(message)
            elif region is not None and congress and not region.path.startswith(congress.region.path):
                errs.append(_("region %(region)s is outside %(congress)s") % {"region": region.name, "congress": congress.name})
        district = districts.get((term.pk, v.get("选区", ""))) if term else None
        if term and v.get("选区") and district is None:
            errs.append(_("unknown electoral district “%(value)s” in this term") % {"value": v["选区"]})
        elif district and region and not region.path.startswith(regions.by_id[district.region_id].path):
            errs.append(
                _("region %(region)s is outside electoral district %(district)s")
                % {"region": region.name, "district": district.name}
            )
        group = None
        if v.get("代表小组") and congress:
            group = groups.get((congress.pk, v["代表小组"]))
            if group is None:
                errs.append(_("unknown deputy group “%(value)s”") % {"value": v["代表小组"]})
        birth = None
        if v.get("出生日期"):
            birth = _parse_date(v["出生日期"])
            if birth is None:
                errs.append(_("birth date “%(value)s” is not a date (YYYY-MM-DD)") % {"value": v["出生日期"]})
            elif id_number and id_number_valid(id_number) and birth != id_number_birth_date(id_number):
                errs.append(_("birth date does not match the ID number"))
        elif id_number and id_number_valid(id_number):
            birth = id_number_birth_date(id_number)
        elected = term.start_date if term else None
        if v.get("当选日期"):
            elected = _parse_date(v["当选日期"])
            if elected is None:
                errs.append(_("election date “%(value)s” is not a date (YYYY-MM-DD)") % {"value": v["当选日期"]})
        if id_number and term:
            key = (id_number, term.pk)
            _unique(key, row, seen, errs)
            if key in existing and status is not None and existing[key][1] != status:
                errs.append(
                    _("this mandate is %(status)s: change a mandate's status on the deputy's page") % {"status": existing[key][1]}
                )
        person = people.get(id_number)
        if person and v.get("姓名") and person.name != v["姓名"]:
            errs.append(_("ID number belongs to %(name)s in the database") % {"name": person.name})
        if errs:
            report.errors.append(RowError(row.number, errs))
            continue
        # A row without errors has every value: each missing one added an error above.
        assert gender is not None and party is not None and occupation is not None and status is not None
        assert reelected is not None and congress is not None and term is not None and region is not None
        assert district is not None and birth is not None and elected is not None
        planned.append(
            _PlannedDeputy(
                {**v, "手机": phone},
                id_number,
                gender,
                party,
                occupation,
                status,
                reelected,
                congress,
                term,
                region,
                district,
                group,
                birth,
                elected,
                existing.get((id_number, term.pk), (None, ""))[0],
            )
        )

    if report.errors:
        return report

    with transaction.atomic():
        new_people = {}
        for p in planned:
            if p.id_number not in people and p.id_number not in new_people:
                new_people[p.id_number] = person_fill_keys(
                    Person(
                        name=p.values["姓名"],
                        gender=p.gender,
                        birth_date=p.birth,
                        ethnicity=p.values.get("民族") or "汉族",
                        party=p.party,
                        id_number=p.id_number,
                        phone=p.values.get("手机", ""),
                    )
                )
        Person.objects.bulk_create(list(new_people.values()), batch_size=500)
        report.updated = _update_people(actor, [p for p in planned if p.id_number in people], people)
        people.update(new_people)
        report.updated += _update_mandates(actor, [p for p in planned if p.mandate_id is not None])
        planned = [p for p in planned if p.mandate_id is None]
        deputies = []
        for p in planned:
            ended = p.status != Deputy.Status.SERVING
            deputies.append(
                Deputy(
                    person=people[p.id_number],
                    congress=p.congress,
                    term=p.term,
                    electoral_district=p.district,
                    group=p.group,
                    region=p.region,
                    occupation=p.occupation,
                    is_reelected=p.reelected,
                    status=p.status,
                    elected_date=p.elected,
                    status_date=p.elected if ended else None,
                    status_reason=_("imported") if ended else "",
                )
            )
        Deputy.objects.bulk_create(deputies, batch_size=500)  # primary keys come back (PostgreSQL, SQLite 3.35+)
        _record(actor, deputies, action="deputy.import", object_type="org.deputy", label=_("deputies import"))
    report.created = len(planned)
    return report


PERSON_FIELDS = ["phone", "party", "ethnicity"]
MANDATE_FIELDS = ["electoral_district_id", "group_id", "region_id", "occupation", "is_reelected", "elected_date"]


def _update_people(actor: Actor, planned: list[_PlannedDeputy], people: dict[str | None, Person]) -> int:
    """People already on record (by ID number) take the row's phone, party and ethnicity; each change audited."""
    count = 0
    for p in {p.id_number: p for p in planned}.values():
        person = people[p.id_number]
        before = snapshot(person, PERSON_FIELDS)
        person.phone, person.party = p.values.get("手机", "") or person.phone, p.party
        person.ethnicity = p.values.get("民族") or person.ethnicity
        old, new = changed(before, snapshot(person, PERSON_FIELDS))
        if new:
            person.save(update_fields=list(new))
            audit_record(actor=actor, action="person.import_update", obj=person, before=old, after=new)
            count += 1
    return count


def _update_mandates(actor: Actor, planned: list[_PlannedDeputy]) -> int:
    """Mandates already on record (the person's in the row's term) take the row's district, group, region and the
    rest; each change audited."""
    count = 0
    mandates = Deputy.objects.select_for_update().in_bulk([p.mandate_id for p in planned])
    for p in planned:
        deputy = mandates[p.mandate_id]
        before = snapshot(deputy, MANDATE_FIELDS)
        deputy.electoral_district, deputy.group, deputy.region = p.district, p.group, p.region
        deputy.occupation, deputy.is_reelected, deputy.elected_date = p.occupation, p.reelected, p.elected
        old, new = changed(before, snapshot(deputy, MANDATE_FIELDS))
        if new:
            deputy.save(update_fields=[f.removesuffix("_id") for f in new])
            audit_record(
                actor=actor, action="deputy.import_update", obj=deputy, before=old, after=new, region_id=deputy.region_id
            )
            count += 1
    return count


def units_import(*, actor: Actor, scope: Scope, data: bytes) -> ImportReport:
    report, rows = _open(data, scope, UNIT_FILE)
    if not rows:
        return report
    regions = RegionIndex(list(Region.objects.all()))
    existing = set(Unit.objects.values_list("region_id", "name"))
    seen: dict[tuple[object, ...], int] = {}
    planned = []
    for row in rows:
        v = row.values
        errs = [_("“%(column)s” is required") % {"column": c} for c in UNIT_REQUIRED if not v.get(c)]
        _lengths(v, UNIT_LENGTHS, errs)
        phone = _landline(v, "办公电话", errs)
        kind = UNIT_KINDS.get(v.get("类型", ""))
        if v.get("类型") and kind is None:
            errs.append(_("unknown unit kind “%(value)s”") % {"value": v["类型"]})
        region = None
        if v.get("所属区域"):
            region, message = regions.resolve(v["所属区域"])
            if message:
                errs.append(message)
            elif region is not None and not permissions.can_import_units_into(scope, region.pk):
                errs.append(_("region %(region)s is outside your scope") % {"region": region.name})
        if region and v.get("单位名称"):
            key = (region.pk, v["单位名称"])
            _unique(key, row, seen, errs)
            if key in existing:
                errs.append(_("a unit with this name already exists in %(region)s") % {"region": region.name})
        if errs:
            report.errors.append(RowError(row.number, errs))
            continue
        assert kind is not None  # a row without errors has its kind
        planned.append(
            Unit(
                name=v["单位名称"],
                kind=kind,
                region=region,
                head_name=v.get("负责人", ""),
                head_title=v.get("负责人职务", ""),
                phone=phone,
                address=v.get("地址", ""),
            )
        )
    if report.errors:
        return report
    with transaction.atomic():
        Unit.objects.bulk_create(planned, batch_size=500)
        _record(actor, planned, action="unit.import", object_type="org.unit", label=_("units import"))
    report.created = len(planned)
    return report


def roster_import(
    run: Callable[..., ImportReport], *, actor: Actor, scope: Scope, data: bytes, dry_run: bool = False
) -> ImportReport:
    """A roster's import (`deputies_import` or `units_import`), or with `dry_run` the same run rolled back: the report
    says what it would create and update, and every bad row; nothing is kept (not even its audit event)."""
    with transaction.atomic():
        report = run(actor=actor, scope=scope, data=data)
        if dry_run:
            transaction.set_rollback(True)
    return report
