"""Set-up sheet of liaison stations, rooms and online stations, with their officer and reception schedule."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core.audit import audit_record, changed, snapshot
from renda.core.models import User
from renda.org.models import Region
from renda.org.scoping import Scope
from renda.stations.models import ReceptionSchedule, Station

from .base import (
    CREATED,
    UNCHANGED,
    UPDATED,
    Problems,
    RowContext,
    Sheet,
    choice,
    clock,
    columns,
    find_region,
    fixed,
    labels,
    managed_regions,
    managed_rows,
    number,
    region_choices,
    region_label,
    save_by_key,
)
from .org import TOWN_KINDS

STATION_KINDS = {"联络站": Station.Kind.STATION, "联络室": Station.Kind.ROOM, "网上联络站": Station.Kind.ONLINE}
SCHEDULE_FIELDS = ["day_of_month", "start_time", "end_time"]


def town_of(region: Region) -> Region:
    """The town or sub-district a region lies in (itself when it is one; the region itself above towns)."""
    ids = [int(part) for part in region.path.strip("/").split("/") if part]
    town = Region.objects.filter(pk__in=ids, kind__in=TOWN_KINDS).order_by("-depth").first()
    return town or region


def managed_stations(scope: Scope) -> QuerySet[Station]:
    rows = Station.objects.select_related("region__parent", "parent", "officer", "schedule")
    return managed_rows(scope, rows.order_by("town_id", "kind", "name"))


def station_choices(scope: Scope) -> list[str]:
    return [s.name for s in managed_stations(scope).filter(kind=Station.Kind.STATION)]


def station_upsert(ctx: RowContext, values: dict[str, str]) -> str:
    p = Problems(STATIONS, values)
    kind = choice(p, "类型", STATION_KINDS)
    region = find_region(p, "所在区域", managed=ctx.scope)
    parent = None
    if values.get("上级联络站"):
        found = list(managed_stations(ctx.scope).filter(name=values["上级联络站"], kind=Station.Kind.STATION)[:2])
        if len(found) != 1:
            p.add(_("unknown liaison station “%(value)s”") % {"value": values["上级联络站"]})
        else:
            parent = found[0]
    if kind == Station.Kind.ROOM and not values.get("上级联络站"):
        p.add(_("a liaison room names its station (“上级联络站”)"))
    officer = None
    if values.get("联络员"):
        officer = User.objects.filter(username=values["联络员"], is_active=True).first()
        if officer is None:
            p.add(_("no login “%(value)s”") % {"value": values["联络员"]})
    day_of_month = number(p, "接待日", 1, 28)
    start, end = clock(p, "开始时间"), clock(p, "结束时间")
    if day_of_month is not None and (start is None or end is None):
        p.add(_("a reception day needs its start and end times"))
    if start and end and end <= start:
        p.add(_("the reception must end after it starts"))
    p.check()
    assert region is not None
    station, outcome = save_by_key(
        ctx,
        Station,
        {"region": region, "name": values["名称"]},
        {"kind": kind, "town": town_of(region), "parent": parent, "address": values.get("地址", ""), "officer": officer},
        action="station",
        region_id=lambda s: s.region_id,
    )
    if day_of_month is not None:
        schedule = ReceptionSchedule.objects.select_for_update().filter(station=station).first()
        wanted = {"day_of_month": day_of_month, "start_time": start, "end_time": end}
        if schedule is None:
            schedule = ReceptionSchedule.objects.create(station=station, **wanted)
            audit_record(actor=ctx.actor, action="station.schedule", obj=station,
                         after={**snapshot(schedule, SCHEDULE_FIELDS), "source": ctx.source}, region_id=station.region_id)  # fmt: skip
            outcome = outcome if outcome == CREATED else UPDATED
        else:
            before = snapshot(schedule, SCHEDULE_FIELDS)
            for name, value in wanted.items():
                setattr(schedule, name, value)
            old, new = changed(before, snapshot(schedule, SCHEDULE_FIELDS))
            if new:
                schedule.save(update_fields=list(new))
                audit_record(actor=ctx.actor, action="station.schedule", obj=station, before=old,
                             after={**new, "source": ctx.source}, region_id=station.region_id)  # fmt: skip
                outcome = UPDATED if outcome == UNCHANGED else outcome
    return str(outcome)


def station_as_row(s: Station, ambiguous: set[str]) -> dict[str, str]:
    schedule = getattr(s, "schedule", None)
    return {
        "名称": s.name,
        "类型": labels(STATION_KINDS).get(s.kind, ""),
        "所在区域": region_label(s.region, ambiguous),
        "上级联络站": s.parent.name if s.parent else "",
        "地址": s.address,
        "联络员": s.officer.username if s.officer else "",
        "接待日": str(schedule.day_of_month) if schedule else "",
        "开始时间": schedule.start_time.strftime("%H:%M") if schedule else "",
        "结束时间": schedule.end_time.strftime("%H:%M") if schedule else "",
    }


def station_example(scope: Scope) -> dict[str, str]:
    town = managed_regions(scope).filter(kind__in=TOWN_KINDS).first()
    name = town.name if town else "王江泾镇"
    return {"名称": f"{name}人大代表联络站", "类型": "联络站", "所在区域": name, "上级联络站": "", "地址": "",
            "联络员": "", "接待日": "15", "开始时间": "09:00", "结束时间": "11:30"}  # fmt: skip


STATIONS = Sheet(
    "stations", gettext_lazy("Liaison stations"), gettext_lazy("liaison station"),
    columns(
        """
        name         | 名称       | required
        kind         | 类型       | required
        region       | 所在区域   | required
        parent       | 上级联络站
        address      | 地址       |          | 200
        officer      | 联络员     |          | 150
        day_of_month | 接待日     |          | 2
        start_time   | 开始时间   |          | 8
        end_time     | 结束时间   |          | 8
        """,
        kind=fixed(STATION_KINDS), region=region_choices, parent=station_choices,
    ),
    upsert=station_upsert, rows=managed_stations, as_row=station_as_row, example=station_example,
    notes=[gettext_lazy("接待日: the day of each month (1–28) the station receives voters; 开始时间/结束时间 as HH:MM.")],
)
