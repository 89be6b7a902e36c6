"""Roster import from Excel: every row is checked first; one bad row rejects the whole file and nothing is written."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core.actors import Actor
from renda.core.audit import audit_event, audit_record, audit_record_many, snapshot
from renda.core.text import id_number_birth_date, id_number_valid
from renda.core.xlsx import SheetRow, XlsxReadError, read_rows, template_bytes

from . import permissions
from .models import Body, Deputy, DeputyGroup, ElectoralDistrict, Person, Region, Term, Unit
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


@dataclass
class ImportReport:
    created: int = 0
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
    gettext_lazy("If any row is wrong, nothing is imported and every wrong row is listed."),
]


def deputy_template() -> bytes:
    example = [
        "张三",
        "男",
        "330411198001010016",
        "1980-01-01",
        "汉族",
        "中共党员",
        "13800000000",
        "秀洲区人民代表大会",
        "9",
        "第1选区",
        "王江泾镇",
        "王江泾镇代表小组",
        "企业负责人",
        "否",
        "2016-12-28",
        "在任",
    ]
    return template_bytes(DEPUTY_COLUMNS, example, [str(n) for n in DEPUTY_NOTES])


def unit_template() -> bytes:
    example = ["区教育局", "政府部门", "秀洲区", "李四", "局长", "0573-80000000", ""]
    return template_bytes(
        UNIT_COLUMNS, example, [str(gettext_lazy("If any row is wrong, nothing is imported and every wrong row is listed."))]
    )


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
    existing = set(Deputy.objects.filter(person__id_number__in=id_numbers).values_list("person__id_number", "term_id"))
    seen: dict[tuple[object, ...], int] = {}
    planned = []

    for row in rows:
        v = row.values
        errs: list[str] = []
        for column in DEPUTY_REQUIRED:
            if not v.get(column):
                errs.append(_("“%(column)s” is required") % {"column": column})
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
            try:
                term = terms.get((congress.pk, int(v["届次"])))
            except ValueError:
                term = None
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
            if key in existing:
                errs.append(_("this person already has a mandate in this term"))
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
                v,
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
        people.update(new_people)
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
                phone=v.get("办公电话", ""),
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
