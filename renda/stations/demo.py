"""Demo stations of 秀洲区 and their first half of 2017 (DOMAIN.md §3.6).

9 stations (one per town / sub-district), 41 rooms, 9 online stations; reception days on the 15th (moved past
holidays), rooms' themed activities and committee visits; rosters and sign-ins adding up to 225 deputy visits
and records adding up to 853 voters received. The opinions app adds the 138 opinions registered at them.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from renda.core import kept
from renda.core.audit import audit_event, audit_record_many
from renda.core.models import User
from renda.org.models import Body, Deputy, Role, RoleGrant

from .kept import STATIONS
from .models import Activity, DutyAssignment, ReceptionSchedule, SignIn, Station, StationRules
from .services import reception_date
from .visits import VISITS

DEPUTY_VISITS = 225
VOTERS_RECEIVED = 853
ROOMS_PER_TOWN = [5, 5, 5, 5, 5, 4, 4, 4, 4]  # 41 rooms
RULES_TEXT = (
    "一、联络站每月15日（遇节假日顺延）为代表接待选民日，9:00—11:30。\n"
    "二、进站代表按值班表轮流接待，提前两天通知。\n"
    "三、接待情况、选民意见建议逐件登记，按“四定”要求交办、跟踪、反馈。\n"
    "四、每季度至少开展一次主题活动。"
)
THEMES = ["五水共治", "垃圾分类", "最多跑一次改革", "美丽乡村建设", "居家养老服务", "农村道路安全", "小微企业园建设"]


def _partition(rng: random.Random, total: int, parts: int, minimum: int) -> list[int]:
    """`total` split into `parts` integers of at least `minimum` (deterministic for the generator)."""
    counts = [minimum] * parts
    for _ in range(total - minimum * parts):
        counts[rng.randrange(parts)] += 1
    return counts


def _user(username: str, display: str, town) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(username=username, password=None, display_name=display)
        RoleGrant.objects.create(user=user, role=Role.LIAISON, region=town)
    return user


def build(context) -> None:
    if Station.objects.exists():
        return
    rng = random.Random(f"stations-{context.rng.random()}")
    with transaction.atomic():
        _build(context, rng)
        kept.rebuild(STATIONS)  # the sign-ins and records were bulk-created: their months counted once


def _build(context, rng: random.Random) -> None:  # noqa: PLR0915 - one linear script
    towns = context.towns + context.subdistricts
    stations: list[Station] = []
    rooms: list[Station] = []
    online: list[Station] = []
    for index, town in enumerate(towns):
        if town.name == "王江泾镇" and "wjj_liaison" in context.users:
            officer = context.users["wjj_liaison"]
        else:
            officer = _user(f"liaison_{index + 1}", f"{town.name}联络站联络员", town)
        room_officer = _user(f"room_liaison_{index + 1}", f"{town.name}联络室联络员", town)
        station = Station(
            name=f"{town.name}人大代表联络站",
            kind=Station.Kind.STATION,
            region=town,
            town=town,
            address=f"{town.name}人民政府一楼",
            officer=officer,
            activity_plan="每月15日接待选民；每季度一次主题活动；邀请区人大专委、工委进站听取意见。",
        )
        stations.append(station)
        online.append(
            Station(name=f"{town.name}网上人大代表联络站", kind=Station.Kind.ONLINE, region=town, town=town, officer=officer)
        )
        villages = context.villages.get(town.pk, [])
        for village in villages[: ROOMS_PER_TOWN[index]]:
            rooms.append(
                Station(
                    name=f"{village.name}人大代表联络室",
                    kind=Station.Kind.ROOM,
                    region=village,
                    town=town,
                    address=f"{village.name}党群服务中心",
                    officer=room_officer,
                )
            )
    Station.objects.bulk_create(stations + online)
    by_town = {s.town_id: s for s in stations}
    for room in rooms:
        room.parent = by_town[room.town_id]
    Station.objects.bulk_create(rooms)
    everything = stations + online + rooms

    StationRules.objects.bulk_create(
        [
            StationRules(
                station=s,
                version=1,
                text=RULES_TEXT,
                created_at=timezone.make_aware(datetime.datetime.combine(datetime.date(2017, 1, 3), datetime.time(9))),
            )
            for s in stations + rooms
        ]
    )
    ReceptionSchedule.objects.bulk_create(
        [
            ReceptionSchedule(station=s, day_of_month=15, start_time=datetime.time(9), end_time=datetime.time(11, 30))
            for s in stations
        ]
    )

    # Deputies attached: every serving deputy elected in the town to its station, the village's to its room.
    serving = list(Deputy.objects.filter(status=Deputy.Status.SERVING).select_related("region").order_by("pk"))
    own = Deputy.objects.filter(person__user__username="deputy", congress__level=Body.Level.DISTRICT).first()
    pools: dict[int, list[Deputy]] = {}
    links = []
    through = Station.deputies.through
    for station in everything:
        if station.kind == Station.Kind.ONLINE:
            continue
        pool = [d for d in serving if d.region.path.startswith(station.region.path)]
        pools[station.pk] = pool
        links += [through(station_id=station.pk, deputy_id=d.pk) for d in pool]
    through.objects.bulk_create(links, batch_size=2000)

    # Activities of 2017 H1: six reception days per station, one themed activity per room, three committee visits.
    activities: list[Activity] = []
    for station in stations:
        for month in range(1, 7):
            activities.append(
                Activity(
                    station=station,
                    region=station.region,
                    kind=Activity.Kind.RECEPTION,
                    topic="代表接待选民日",
                    date=reception_date(2017, month, 15, region_path=station.region.path),
                    start_time=datetime.time(9),
                    end_time=datetime.time(11, 30),
                )
            )
    for n, room in enumerate(rooms):
        activities.append(
            Activity(
                station=room,
                region=room.region,
                kind=Activity.Kind.THEMED,
                topic=f"“{THEMES[n % len(THEMES)]}”主题接待活动",
                date=datetime.date(2017, 3 + n % 4, 5 + n % 20),
            )
        )
    committees = list(Body.objects.filter(kind__in=[Body.Kind.SPECIAL_COMMITTEE, Body.Kind.WORKING_COMMITTEE]).order_by("pk"))
    for n, station in enumerate(stations[:3]):
        committee = committees[n % len(committees)]
        activities.append(
            Activity(
                station=station,
                region=station.region,
                kind=Activity.Kind.COMMITTEE,
                topic=f"{committee.name}进站听取意见建议",
                date=datetime.date(2017, 4 + n, 20),
                committee=committee,
            )
        )
    visits = _partition(rng, DEPUTY_VISITS, len(activities), 2)
    voters = _partition(rng, VOTERS_RECEIVED, len(activities), 4)
    for activity, n_voters in zip(activities, voters, strict=True):
        activity.status = Activity.Status.HELD
        activity.voters_received = n_voters
        activity.discussion = f"接待选民{n_voters}人次，围绕{activity.topic}听取意见建议，当场解答政策咨询。"
        activity.checkin_token = f"demo{rng.getrandbits(64):016x}"
    Activity.objects.bulk_create(activities)

    duties, signins = [], []
    own_town = _town_id(own, towns) if own else None
    own_station_id = by_town[own_town].pk if own_town in by_town else None
    for activity, n_visits in zip(activities, visits, strict=True):
        parent_id = activity.station.parent_id
        pool = pools.get(activity.station_id) or (pools[parent_id] if parent_id is not None else [])
        if len(pool) < n_visits:
            pool = pools[by_town[activity.station.town_id].pk]
        chosen = rng.sample(pool, n_visits)
        if own and activity.station_id == own_station_id and own not in chosen and own in pool:
            chosen[0] = own
        at = timezone.make_aware(datetime.datetime.combine(activity.date, datetime.time(8, 50)))
        for deputy in chosen:
            duties.append(DutyAssignment(activity=activity, deputy=deputy))
            signins.append(
                SignIn(activity=activity, deputy=deputy, method=rng.choice([SignIn.Method.QR, SignIn.Method.OFFICER]), at=at)
            )
    DutyAssignment.objects.bulk_create(duties, batch_size=2000)
    SignIn.objects.bulk_create(signins, batch_size=2000)
    kept.rebuild(VISITS)  # each activity's deputy visits, counted from the sign-ins just written
    audit_record_many(
        [
            audit_event(
                actor="demo",
                action="station.create",
                obj=s,
                after={"kind": s.kind, "officer": s.officer_id},
                region_id=s.region_id,
            )
            for s in everything
        ]
        + [
            audit_event(
                actor="demo", action="activity.record", obj=a, after={"voters_received": a.voters_received}, region_id=a.region_id
            )
            for a in activities
        ]
    )


def _town_id(deputy: Deputy, towns) -> int | None:
    for town in towns:
        if deputy.region.path.startswith(town.path):
            return town.pk
    return None
