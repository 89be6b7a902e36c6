"""A small district built with factories (two towns, their stations and a room, deputies, units, the office and a
town's staff) and a past half-year of its ledgers (2019 H2, with a few rows just outside it), generated
deterministically as the offices would have kept them: rows of text by the template's columns."""

from __future__ import annotations

import datetime
import io
import random
from dataclasses import dataclass, field

from openpyxl import Workbook

from renda.org.models import Region, Role
from renda.org.tests.factories import (
    CongressFactory,
    DeputyFactory,
    ElectoralDistrictFactory,
    RegionFactory,
    TermFactory,
    UnitFactory,
    UserFactory,
)
from renda.stations.models import Station
from renda.stations.tests.factories import StationFactory

from ..formats import COLUMNS, FURTHER_SHEETS
from ..models import Kind

CATEGORIES = ["城乡建设", "交通出行", "生态环境", "社会保障"]


@dataclass
class District:
    district: Region
    towns: list[Region]
    villages: dict[int, list[Region]]
    stations: list[Station]
    units: list[str]  # names of the district's units
    office: object
    town_staff: object  # staff of the first town only
    deputies: dict[int, list[str]] = field(default_factory=dict)  # station id: names of its deputies


def build_district():  # untyped: factory-boy's stubs type a factory call as the factory, not the model
    district = RegionFactory(kind=Region.Kind.DISTRICT, name="测试区")
    towns = [RegionFactory(parent=district, kind=Region.Kind.TOWN, name=n) for n in ("东镇", "西镇")]
    villages = {t.pk: [RegionFactory(parent=t, kind=Region.Kind.VILLAGE, name=f"{t.name}{k}村") for k in "甲乙"] for t in towns}
    term = TermFactory(congress=CongressFactory(region=district), start_date=datetime.date(2014, 12, 1))
    stations = []
    deputies = {}
    for town in towns:
        electoral = ElectoralDistrictFactory(term=term, region=town)
        people = [DeputyFactory(term=term, electoral_district=electoral) for _ in range(4)]
        station = StationFactory(town=town, name=f"{town.name}代表联络站", deputies=people)
        room = StationFactory(
            town=town, region=villages[town.pk][0], parent=station, kind=Station.Kind.ROOM, name=f"{town.name}甲村联络室",
            deputies=people[:2],
        )  # fmt: skip
        stations += [station, room]
        deputies[station.pk] = [d.person.name for d in people]
        deputies[room.pk] = [d.person.name for d in people[:2]]
    units = [UnitFactory(region=district, name=n).name for n in ("区建设局", "区交通局", "区环保局")]
    return District(
        district=district,
        towns=towns,
        villages=villages,
        stations=stations,
        units=units,
        office=UserFactory(grants=[(Role.OFFICE, {"region": district})]),
        town_staff=UserFactory(grants=[(Role.TOWN, {"region": towns[0]})]),
        deputies=deputies,
    )


def _moment(day: datetime.date, hour: int, minute: int = 0) -> str:
    return f"{day.isoformat()} {hour:02d}:{minute:02d}"


@dataclass
class Ledgers:
    activities: list[dict[str, str]]
    opinions: list[dict[str, str]]


def half_year_ledgers(d: District, *, seed: int = 7) -> Ledgers:
    """Activities and opinions of 2019 H2 (and a few on either side of it), every step dated."""
    rng = random.Random(seed)
    activities: list[dict[str, str]] = []
    days = [datetime.date(2019, 6, 28)] + [datetime.date(2019, m, 15) for m in range(7, 13)] + [datetime.date(2020, 1, 3)]
    for station in d.stations:
        for n, day in enumerate(days):
            signed = rng.sample(d.deputies[station.pk], rng.randint(1, len(d.deputies[station.pk])))
            activities.append(
                {
                    "key": f"HD-{station.pk}-{n}",
                    "station": station.name,
                    "kind": "接待日" if n % 2 else "主题活动",
                    "topic": f"{station.name}{day:%Y年%m月}选民接待",
                    "date": day.isoformat(),
                    "start_time": "09:00" if n % 3 else "14:30",
                    "end_time": "11:30" if n % 3 else "16:00",
                    "voters_received": str(rng.randint(0, 20)),
                    "discussion": "听取选民意见",
                    "roster": "、".join(d.deputies[station.pk][:2]),
                    "deputies": "、".join(signed),
                }
            )
    opinions: list[dict[str, str]] = []
    handlings = ["当场答复", "交办单位", "交办单位", "交办单位", "重要情况上报", "不属于受理范围", "待处理"]
    for n in range(60):
        activity = activities[rng.randrange(len(activities))]
        station = next(s for s in d.stations if s.name == activity["station"])
        day = datetime.date.fromisoformat(activity["date"])
        registered = datetime.datetime.combine(day, datetime.time(9 if activity["start_time"] == "09:00" else 14, 40))
        row = {
            "key": f"YJ-{n:03d}",
            "station": station.name,
            "village": d.villages[station.town_id][n % 2].name if station.kind == Station.Kind.STATION else "",
            "activity": activity["key"],
            "category": CATEGORIES[n % len(CATEGORIES)],
            "text": f"第{n}条意见：村道破损，雨天积水，希望尽快修缮。",
            "contact_name": "王先生",
            "registered_at": _moment(registered.date(), registered.hour, registered.minute),
            "handling": handlings[n % len(handlings)],
        }
        step = registered
        handling = row["handling"]
        if handling == "当场答复":
            row |= {"answered_at": _moment(day, registered.hour, 55), "answer": "当场作了解释。"}
            step = registered.replace(minute=55)
        elif handling in ("交办单位", "重要情况上报"):
            routed = registered + datetime.timedelta(days=rng.randint(0, 3), hours=1)
            row |= {"routed_at": _moment(routed.date(), routed.hour, routed.minute)}
            if handling == "交办单位":
                row["unit"] = d.units[n % len(d.units)]
                if n % 5 == 1:  # returned by the unit, then routed to another
                    returned = routed + datetime.timedelta(days=2)
                    routed = returned + datetime.timedelta(days=1)
                    row |= {
                        "returned_at": _moment(returned.date(), returned.hour),
                        "return_reason": "不属本单位职责",
                        "rerouted_unit": d.units[(n + 1) % len(d.units)],
                        "rerouted_at": _moment(routed.date(), routed.hour),
                    }
            late = n % 4 == 3
            unanswered = n % 9 == 2
            if not unanswered:
                # on time: within the 15 days of the rule (the 15th day included); late: after them
                answered = routed + datetime.timedelta(days=rng.randint(16, 40) if late else rng.choice([1, 7, 15]))
                row |= {"answered_at": _moment(answered.date(), 16), "answer": "已安排维修。"}
                step = datetime.datetime.combine(answered.date(), datetime.time(16))
            else:
                step = routed
        elif handling == "不属于受理范围":
            row |= {"answered_at": _moment(day, 17), "answer": "属司法程序事项，已告知选民依法申诉。"}
            step = datetime.datetime.combine(day, datetime.time(17))
        if row.get("answered_at") and n % 3 != 0:
            told = step + datetime.timedelta(days=1)
            row["told_at"] = _moment(told.date(), 10)
            if n % 2 == 0 and handling != "不属于受理范围":
                feedback = told + datetime.timedelta(days=5)
                row |= {"solved": "是" if n % 7 else "否", "feedback_at": _moment(feedback.date(), 11), "feedback": "满意"}
        opinions.append(row)
    # just outside the half-year: late on its last evening and early on the next one's first morning
    first = next(a for a in activities if a["date"] == "2019-12-15")
    edge = {"station": first["station"], "category": "其他", "text": "边界时刻登记的意见，看是否计入本期。", "handling": "待处理"}
    opinions.append(edge | {"key": "YJ-EDGE-1", "registered_at": "2019-12-31 23:50"})
    opinions.append(edge | {"key": "YJ-EDGE-2", "registered_at": "2020-01-01 00:10"})
    opinions.append(edge | {"key": "YJ-EDGE-3", "registered_at": "2019-06-30 23:59"})
    return Ledgers(activities, opinions)


def xlsx(kind: str, rows: list[dict[str, str]], steps: list[dict[str, str]] | None = None) -> bytes:
    """The rows as the template's Excel sheet (Chinese headers); `steps`: the second sheet's (办理过程) rows."""
    columns = COLUMNS[Kind(kind)]
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([c.header for c in columns])
    for row in rows:
        sheet.append([row.get(c.field, "") for c in columns])
    if steps is not None:
        name, step_columns = FURTHER_SHEETS[Kind(kind)]["steps"]
        second = workbook.create_sheet(name)
        second.append([c.header for c in step_columns])
        for step in steps:
            second.append([step.get(c.field, "") for c in step_columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
