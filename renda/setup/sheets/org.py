"""Set-up sheets of org's records: regions, congress bodies, terms, electoral districts, deputy groups, units."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core.text import normalise_phone
from renda.org.imports import UNIT_KINDS
from renda.org.models import Body, DeputyGroup, ElectoralDistrict, Region, Term, Unit
from renda.org.scoping import Scope

from .. import permissions
from .base import (
    UNCHANGED,
    Problems,
    RowContext,
    RowProblem,
    Sheet,
    choice,
    columns,
    congress_choices,
    day,
    find_congress,
    find_region,
    fixed,
    labels,
    managed_bodies,
    managed_regions,
    managed_rows,
    number,
    region_choices,
    region_label,
    save_by_key,
    term_number,
)

REGION_KINDS = {
    "区": Region.Kind.DISTRICT,
    "镇": Region.Kind.TOWN,
    "街道": Region.Kind.SUBDISTRICT,
    "村": Region.Kind.VILLAGE,
    "社区": Region.Kind.COMMUNITY,
    "市": Region.Kind.CITY,
    "省": Region.Kind.PROVINCE,
}
TOWN_KINDS = {Region.Kind.TOWN, Region.Kind.SUBDISTRICT}
DISTRICT_KINDS = {Region.Kind.DISTRICT, Region.Kind.CITY, Region.Kind.PROVINCE}


# --- Regions ---------------------------------------------------------------------------------------------------


def region_upsert(ctx: RowContext, values: dict[str, str]) -> str:
    p = Problems(REGIONS, values)
    kind = choice(p, "类型", REGION_KINDS)
    parent = find_region(p, "上级区域", managed=ctx.scope)
    order = number(p, "排序", -1_000_000, 1_000_000)
    if not values.get("上级区域") and not permissions.can_create_top_region(ctx.scope):
        p.add(_("only the system administrator creates a region without a parent (the district)"))
    p.check()
    assert kind is not None
    name = values["名称"]

    def place(region: Region) -> None:
        region.path = f"{parent.path if parent else '/'}{region.pk}/"
        region.depth = (parent.depth + 1) if parent else 0
        region.save(update_fields=["path", "depth"])

    existing = Region.objects.filter(parent=parent, name=name).first()
    if existing is not None and existing.kind != kind and existing.children.exists():
        raise RowProblem([_("%(region)s has sub-regions; its kind cannot change here") % {"region": name}])
    _obj, outcome = save_by_key(
        ctx,
        Region,
        {"parent": parent, "name": name},
        {"kind": kind, "code": values.get("编码", ""), "sort_order": order or 0},
        action="region",
        region_id=lambda r: r.pk,
        after_create=place,
    )
    return outcome


def region_rows(scope: Scope) -> QuerySet[Region]:
    return managed_regions(scope)


def region_as_row(region: Region, ambiguous: set[str]) -> dict[str, str]:
    parent = region.parent
    return {
        "名称": region.name,
        "类型": labels(REGION_KINDS).get(region.kind, ""),
        "上级区域": region_label(parent, ambiguous) if parent else "",
        "编码": region.code,
        "排序": str(region.sort_order),
    }


def region_example(scope: Scope) -> dict[str, str]:
    towns = managed_regions(scope).filter(kind__in=TOWN_KINDS)
    town = towns.first()
    return {"名称": "新星村", "类型": "村", "上级区域": town.name if town else "王江泾镇", "编码": "", "排序": "1"}


REGIONS = Sheet(
    "regions", gettext_lazy("Regions"), gettext_lazy("region"),
    columns(
        """
        name   | 名称     | required | 100
        kind   | 类型     | required
        parent | 上级区域 |          |     | 镇/村
        code   | 编码     |          | 32
        order  | 排序     |          | 8
        """,
        kind=fixed(REGION_KINDS), parent=region_choices,
    ),
    upsert=region_upsert, rows=region_rows, as_row=region_as_row, example=region_example,
    notes=[gettext_lazy("A region is known by its parent and its name: importing the same file again changes nothing.")],
)


# --- Congress bodies -------------------------------------------------------------------------------------------

BODY_KINDS = {
    "人民代表大会": Body.Kind.CONGRESS,
    "常务委员会": Body.Kind.STANDING_COMMITTEE,
    "主任会议": Body.Kind.DIRECTORS_MEETING,
    "专门委员会": Body.Kind.SPECIAL_COMMITTEE,
    "工作委员会": Body.Kind.WORKING_COMMITTEE,
    "主席团": Body.Kind.PRESIDIUM,
    "大会主席团": Body.Kind.SESSION_PRESIDIUM,
    "街道人大工委": Body.Kind.SUBDISTRICT_COMMITTEE,
}


def body_upsert(ctx: RowContext, values: dict[str, str]) -> str:
    p = Problems(BODIES, values)
    kind = choice(p, "类型", BODY_KINDS)
    region = find_region(p, "所在区域", managed=ctx.scope)
    congress = find_congress(p, "所属人大", ctx.scope) if values.get("所属人大") else None
    order = number(p, "排序", -1_000_000, 1_000_000)
    if kind == Body.Kind.CONGRESS and values.get("所属人大"):
        p.add(_("a congress belongs to no other congress: leave “所属人大” empty"))
    if kind is not None and kind != Body.Kind.CONGRESS and not values.get("所属人大"):
        p.add(_("“所属人大” is required for a body other than a congress"))
    if congress is not None and region is not None and region.pk != congress.region_id:
        p.add(_("the body must sit in the region of its congress (%(region)s)") % {"region": congress.region.name})
    p.check()
    assert kind is not None and region is not None
    level = Body.Level.DISTRICT if region.kind in DISTRICT_KINDS else Body.Level.TOWN
    _obj, outcome = save_by_key(
        ctx,
        Body,
        {"region": region, "name": values["名称"]},
        {"kind": kind, "level": level, "congress": congress, "sort_order": order or 0},
        action="body",
        region_id=lambda b: b.region_id,
    )
    return outcome


def body_as_row(body: Body, ambiguous: set[str]) -> dict[str, str]:
    return {
        "名称": body.name,
        "类型": labels(BODY_KINDS).get(body.kind, ""),
        "所在区域": region_label(body.region, ambiguous),
        "所属人大": body.congress.name if body.congress else "",
        "排序": str(body.sort_order),
    }


def body_example(scope: Scope) -> dict[str, str]:
    congress = managed_bodies(scope).filter(kind=Body.Kind.CONGRESS).first()
    return {
        "名称": f"{congress.region.name}人大常委会" if congress else "秀洲区人大常委会",
        "类型": "常务委员会",
        "所在区域": congress.region.name if congress else "秀洲区",
        "所属人大": congress.name if congress else "秀洲区人民代表大会",
        "排序": "1",
    }


BODIES = Sheet(
    "bodies", gettext_lazy("Congress bodies"), gettext_lazy("congress body"),
    columns(
        """
        name     | 名称     | required
        kind     | 类型     | required
        region   | 所在区域 | required
        congress | 所属人大
        order    | 排序     |          | 8
        """,
        kind=fixed(BODY_KINDS), region=region_choices, congress=congress_choices,
    ),
    upsert=body_upsert, rows=lambda scope: managed_bodies(scope), as_row=body_as_row, example=body_example,
    notes=[gettext_lazy("Enter each congress first, then its standing committee, presidium and committees.")],
)


# --- Terms -----------------------------------------------------------------------------------------------------


def term_upsert(ctx: RowContext, values: dict[str, str]) -> str:
    p = Problems(TERMS, values)
    congress = find_congress(p, "所属人大", ctx.scope)
    n = term_number(p, "届次")
    start = day(p, "开始日期")
    end = day(p, "结束日期")
    if start and end and end < start:
        p.add(_("the end date is before the start date"))
    p.check()
    _obj, outcome = save_by_key(
        ctx,
        Term,
        {"congress": congress, "number": n},
        {"start_date": start, "end_date": end},
        action="term",
        region_id=lambda t: t.congress.region_id,
    )
    return outcome


def managed_terms(scope: Scope) -> QuerySet[Term]:
    terms = Term.objects.select_related("congress", "congress__region").order_by("congress__region__path", "-number")
    return managed_rows(scope, terms, "congress__region_id")


def term_as_row(term: Term, ambiguous: set[str]) -> dict[str, str]:
    return {
        "所属人大": term.congress.name,
        "届次": term.ordinal,
        "开始日期": term.start_date.isoformat(),
        "结束日期": term.end_date.isoformat() if term.end_date else "",
    }


def term_example(scope: Scope) -> dict[str, str]:
    names = congress_choices(scope)
    return {"所属人大": names[0] if names else "秀洲区人民代表大会", "届次": "第九届", "开始日期": "2016-12-28", "结束日期": ""}


TERMS = Sheet(
    "terms", gettext_lazy("Terms"), gettext_lazy("term"),
    columns(
        """
        congress   | 所属人大 | required
        number     | 届次     | required | 4
        start_date | 开始日期 | required | 10
        end_date   | 结束日期 |          | 10
        """,
        congress=congress_choices,
    ),
    upsert=term_upsert, rows=managed_terms, as_row=term_as_row, example=term_example,
    notes=[gettext_lazy("Dates as YYYY-MM-DD; leave the end date empty for the current term.")],
)


# --- Electoral districts and deputy groups ---------------------------------------------------------------------


def _term_of(p: Problems, congress: Body | None) -> Term | None:
    n = term_number(p, "届次")
    if congress is None or n is None:
        return None
    term = Term.objects.filter(congress=congress, number=n).first()
    if term is None:
        p.add(_("%(congress)s has no term “%(value)s”") % {"congress": congress.name, "value": n})
    return term


def _save_placed(
    ctx: RowContext, p: Problems, congress: Body | None, model: type[Model], key: dict[str, Any], *, action: str
) -> str:
    """A record of a congress placed in a region (所在区域) inside the congress's own, saved by its natural key."""
    region = find_region(p, "所在区域", managed=ctx.scope)
    if region is not None and congress is not None and not region.path.startswith(congress.region.path):
        p.add(_("region %(region)s is outside %(congress)s") % {"region": region.name, "congress": congress.name})
    p.check()
    _obj, outcome = save_by_key(ctx, model, key, {"region": region}, action=action, region_id=lambda r: r.region_id)
    return outcome


def district_upsert(ctx: RowContext, values: dict[str, str]) -> str:
    p = Problems(DISTRICTS, values)
    congress = find_congress(p, "所属人大", ctx.scope)
    term = _term_of(p, congress)
    key = {"term": term, "name": values["选区名称"]}
    return _save_placed(ctx, p, congress, ElectoralDistrict, key, action="electoral_district")


def managed_districts(scope: Scope) -> QuerySet[ElectoralDistrict]:
    rows = ElectoralDistrict.objects.select_related("term__congress", "region__parent")
    return managed_rows(scope, rows.order_by("term__congress_id", "-term__number", "pk"), "term__congress__region_id")


def district_as_row(d: ElectoralDistrict, ambiguous: set[str]) -> dict[str, str]:
    return {
        "所属人大": d.term.congress.name,
        "届次": d.term.ordinal,
        "选区名称": d.name,
        "所在区域": region_label(d.region, ambiguous),
    }


def district_example(scope: Scope) -> dict[str, str]:
    term = managed_terms(scope).first()
    return {
        "所属人大": term.congress.name if term else "秀洲区人民代表大会",
        "届次": term.ordinal if term else "第九届",
        "选区名称": "第1选区",
        "所在区域": term.congress.region.name if term else "秀洲区",
    }


DISTRICTS = Sheet(
    "districts", gettext_lazy("Electoral districts"), gettext_lazy("electoral district"),
    columns(
        """
        congress | 所属人大 | required
        term     | 届次     | required | 4
        name     | 选区名称 | required
        region   | 所在区域 | required
        """,
        congress=congress_choices, region=region_choices,
    ),
    upsert=district_upsert, rows=managed_districts, as_row=district_as_row, example=district_example,
)


def group_upsert(ctx: RowContext, values: dict[str, str]) -> str:
    p = Problems(GROUPS, values)
    congress = find_congress(p, "所属人大", ctx.scope)
    key = {"congress": congress, "name": values["小组名称"]}
    return _save_placed(ctx, p, congress, DeputyGroup, key, action="deputy_group")


def managed_groups(scope: Scope) -> QuerySet[DeputyGroup]:
    rows = DeputyGroup.objects.select_related("congress", "region__parent").order_by("congress_id", "pk")
    return managed_rows(scope, rows, "congress__region_id")


def group_as_row(g: DeputyGroup, ambiguous: set[str]) -> dict[str, str]:
    return {"所属人大": g.congress.name, "小组名称": g.name, "所在区域": region_label(g.region, ambiguous)}


def group_example(scope: Scope) -> dict[str, str]:
    names = congress_choices(scope)
    town = managed_regions(scope).filter(kind__in=TOWN_KINDS).first()
    town_name = town.name if town else "王江泾镇"
    return {"所属人大": names[0] if names else "秀洲区人民代表大会", "小组名称": f"{town_name}代表小组", "所在区域": town_name}


GROUPS = Sheet(
    "groups", gettext_lazy("Deputy groups"), gettext_lazy("deputy group"),
    columns(
        """
        congress | 所属人大 | required
        name     | 小组名称 | required
        region   | 所在区域 | required
        """,
        congress=congress_choices, region=region_choices,
    ),
    upsert=group_upsert, rows=managed_groups, as_row=group_as_row, example=group_example,
)


# --- Government units ------------------------------------------------------------------------------------------

_LANDLINE_CHARS = set("0123456789-+() ")


def unit_upsert(ctx: RowContext, values: dict[str, str]) -> str:
    p = Problems(UNITS, values)
    kind = choice(p, "类型", dict(UNIT_KINDS))
    region = find_region(p, "所属区域", managed=ctx.scope)
    phone = values.get("办公电话", "")
    if phone and normalise_phone(phone) is None and (not set(phone) <= _LANDLINE_CHARS or not any(c.isdigit() for c in phone)):
        p.add(_("“%(column)s” %(value)s is not a phone number") % {"column": "办公电话", "value": phone})
    p.check()
    fields: dict[str, Any] = {
        "kind": kind,
        "head_name": values.get("负责人", ""),
        "head_title": values.get("负责人职务", ""),
        "phone": phone,
        "address": values.get("地址", ""),
    }
    _obj, outcome = save_by_key(
        ctx, Unit, {"region": region, "name": values["单位名称"]}, fields, action="unit", region_id=lambda u: u.region_id
    )
    return outcome


def managed_units(scope: Scope) -> QuerySet[Unit]:
    return managed_rows(scope, Unit.objects.select_related("region__parent").order_by("region__path", "name"))


def unit_as_row(u: Unit, ambiguous: set[str]) -> dict[str, str]:
    return {
        "单位名称": u.name,
        "类型": labels(dict(UNIT_KINDS)).get(u.kind, ""),
        "所属区域": region_label(u.region, ambiguous),
        "负责人": u.head_name,
        "负责人职务": u.head_title,
        "办公电话": u.phone,
        "地址": u.address,
    }


def unit_example(scope: Scope) -> dict[str, str]:
    region = managed_regions(scope).first()
    return {"单位名称": "区教育局", "类型": "政府部门", "所属区域": region.name if region else "秀洲区", "负责人": "李四",
            "负责人职务": "局长", "办公电话": "0573-80000000", "地址": ""}  # fmt: skip


UNITS = Sheet(
    "units", gettext_lazy("Government units"), gettext_lazy("unit"),
    columns(
        """
        name       | 单位名称   | required
        kind       | 类型       | required
        region     | 所属区域   | required
        head_name  | 负责人     |          | 50
        head_title | 负责人职务 |          | 50
        phone      | 办公电话   |          | 30
        address    | 地址       |          | 200
        """,
        kind=fixed(UNIT_KINDS), region=region_choices,
    ),
    upsert=unit_upsert, rows=managed_units, as_row=unit_as_row, example=unit_example,
)

__all__ = ["REGIONS", "BODIES", "TERMS", "DISTRICTS", "GROUPS", "UNITS", "UNCHANGED"]
