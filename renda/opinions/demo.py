"""The 138 voters' opinions of 2017 H1, registered at the demo stations' activities, with their whole lifecycle:
answered on the spot, routed and answered by units, reported upward or raised as suggestions; all answered on
time, the voters told, 108 said solved. Every figure of the report is counted from these records."""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from renda.core import kept, rules
from renda.core.audit import audit_event, audit_record_many
from renda.org.models import Unit
from renda.stations.models import Activity

from .kept import OPINIONS as KEPT_OPINIONS
from .keywords import keywords
from .models import Opinion, Status, Step
from .services import new_tracking_code

OPINIONS = 138
SOLVED = 108
SURNAMES = list("沈陈王张李朱徐周吴钱金顾陆杨姚孙俞蒋")
GIVEN = list("建国明华伟芳丽强军平林英红荣根兴海新春秋雪梅")
TEMPLATES = [
    ("城乡建设", "{v}主干道路面破损严重，雨天积水，希望尽快修缮。", ["区住房和城乡建设局", "区交通运输局"]),
    ("城乡建设", "{v}路灯损坏多处，夜间出行不便，建议维修并增设路灯。", ["区住房和城乡建设局"]),
    ("交通出行", "{v}到镇区的公交线路班次太少，建议增加班次。", ["区交通运输局"]),
    ("生态环境", "{v}河道保洁不到位，河面漂浮物较多，建议加强保洁。", ["区水利局", "区生态环境分局"]),
    ("生态环境", "{v}生活污水管网尚未接通，污水直排，希望纳管。", ["区住房和城乡建设局", "区生态环境分局"]),
    ("教育", "{v}学校门口上下学时段交通拥堵，建议设置护学岗。", ["区教育局", "区公安分局"]),
    ("医疗卫生", "{v}卫生服务站药品种类少，希望增加常用药品。", ["区卫生健康局"]),
    ("社会保障", "{v}老人较多，希望建设居家养老服务中心。", ["区民政局"]),
    ("农业农村", "{v}农田灌溉渠道淤塞，影响春耕，建议清淤。", ["区农业农村局", "区水利局"]),
    ("社会治理", "{v}垃圾分类投放点设置不合理，建议调整位置。", ["区综合行政执法局"]),
    ("社会治理", "{v}违章建筑影响通行，建议依法拆除。", ["区综合行政执法局"]),
    ("其他", "{v}农贸市场周边停车位不足，建议规划停车场。", ["区商务局", "区市场监督管理局"]),
]


def build(context) -> None:
    if Opinion.objects.exists():
        return
    activities = list(
        Activity.objects.filter(
            date__gte=datetime.date(2017, 1, 1), date__lte=datetime.date(2017, 6, 30), status=Activity.Status.HELD
        )
        .select_related("station", "station__town", "region")
        .order_by("date", "pk")
    )
    if not activities:
        return
    rng = random.Random(f"opinions-{context.rng.random()}")
    with transaction.atomic():
        _build(context, rng, activities)
        kept.rebuild(KEPT_OPINIONS)  # the opinions were bulk-created: their months counted once


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _build(context, rng: random.Random, activities: list[Activity]) -> None:
    units = {u.name: u for u in Unit.objects.filter(is_active=True)}
    per_activity = [1] * len(activities)
    for index in rng.sample(range(len(activities)), OPINIONS - len(activities)):
        per_activity[index] += 1
    not_solved = set(rng.sample(range(OPINIONS), OPINIONS - SOLVED))
    officers = {}
    opinions: list[Opinion] = []
    plans: list[tuple[str, Unit | None, list]] = []
    used_codes: set[str] = set()
    n = 0
    for activity, count in zip(activities, per_activity, strict=True):
        station = activity.station
        villages = context.villages.get(station.town_id) or [station.region]
        for _ in range(count):
            category, template, unit_names = TEMPLATES[rng.randrange(len(TEMPLATES))]
            village = station.region if station.kind == "room" else rng.choice(villages)
            text = template.format(v=village.name)
            kind = ["spot", "spot", "spot", "routed", "routed", "routed", "routed", "routed", "report", "suggestion"][n % 10]
            unit = None
            if kind == "routed":
                town_units = [u for u in units.values() if u.region_id == station.town_id]
                unit = units.get(rng.choice(unit_names)) or rng.choice(town_units)
            registered = _at(activity.date, 9, 10 + rng.randrange(0, 80) % 50)
            answer_days = rng.randrange(2, 12)
            answered = registered + datetime.timedelta(days=answer_days, hours=rng.randrange(0, 6))
            if kind == "spot":
                answered = registered + datetime.timedelta(minutes=20)
            told = answered + datetime.timedelta(hours=1)
            closed = told + datetime.timedelta(days=rng.randrange(3, 20))
            code = new_tracking_code(rng)
            while code in used_codes:
                code = new_tracking_code(rng)
            used_codes.add(code)
            deadline = None
            if unit is not None:
                days = rules.value("opinions.answer_days", region_path=village.path)
                deadline = rules.add_days(timezone.localdate(registered), int(days))
            solved = n not in not_solved
            opinion = Opinion(
                station=station,
                town_id=station.town_id,
                region=village,
                activity=activity,
                source=Opinion.Source.STATION,
                category=category,
                text=text,
                keywords=" ".join(keywords(text)),
                contact_name=rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                phone=f"139{rng.randrange(10**7, 10**8)}",
                tracking_code=code,
                status=Status.CLOSED,
                unit=unit,
                routed_at=registered + datetime.timedelta(hours=2) if unit else None,
                deadline=deadline,
                registered_at=registered,
                registered_by_id=station.officer_id,
                answer=_answer(kind, solved, unit),
                answered_at=answered,
                answered_on_time=True,
                told_at=told,
                solved=solved,
                feedback="" if solved else "问题尚未彻底解决，希望继续关注。",
                closed_at=closed,
                suggestion_ref=f"2017-demo-{n + 1}" if kind == "suggestion" else "",
            )
            opinions.append(opinion)
            officers[station.pk] = station.officer
            plans.append((kind, unit, [registered, answered, told, closed]))
            n += 1
    Opinion.objects.bulk_create(opinions, batch_size=500)
    steps = []
    for opinion, (kind, unit, (registered, answered, told, closed)) in zip(opinions, plans, strict=True):
        officer = officers[opinion.station_id]
        label = str(officer) if officer else "联络员"
        steps.append(
            Step(opinion=opinion, action="register", to_status=Status.REGISTERED, at=registered, actor=officer, actor_label=label)
        )
        if kind == "spot":
            steps.append(
                Step(
                    opinion=opinion,
                    action="answer_on_spot",
                    from_status=Status.REGISTERED,
                    to_status=Status.ANSWERED,
                    at=answered,
                    actor=officer,
                    actor_label=label,
                    note=opinion.answer,
                )
            )
        elif kind == "routed":
            steps.append(
                Step(
                    opinion=opinion,
                    action="route",
                    from_status=Status.REGISTERED,
                    to_status=Status.ROUTED,
                    at=opinion.routed_at or registered,
                    actor=officer,
                    actor_label=label,
                    unit=unit,
                )
            )
            steps.append(
                Step(
                    opinion=opinion,
                    action="unit_answer",
                    from_status=Status.ROUTED,
                    to_status=Status.ANSWERED,
                    at=answered,
                    actor_label=f"{unit.name if unit else ''} 办理员",
                    unit=unit,
                    note=opinion.answer,
                )
            )
        else:
            first = "report" if kind == "report" else "raise_suggestion"
            middle = Status.REPORTED if kind == "report" else Status.SUGGESTION
            note = "作为重要情况报告区人大常委会" if kind == "report" else opinion.suggestion_ref
            steps.append(
                Step(
                    opinion=opinion,
                    action=first,
                    from_status=Status.REGISTERED,
                    to_status=middle,
                    at=registered + datetime.timedelta(hours=3),
                    actor=officer,
                    actor_label=label,
                    note=note,
                )
            )
            steps.append(
                Step(
                    opinion=opinion,
                    action="record_answer",
                    from_status=middle,
                    to_status=Status.ANSWERED,
                    at=answered,
                    actor=officer,
                    actor_label=label,
                    note=opinion.answer,
                )
            )
        steps.append(
            Step(
                opinion=opinion,
                action="tell",
                from_status=Status.ANSWERED,
                to_status=Status.TOLD,
                at=told,
                actor=officer,
                actor_label=label,
                note="电话告知",
            )
        )
        steps.append(
            Step(
                opinion=opinion,
                action="feedback",
                from_status=Status.TOLD,
                to_status=Status.CLOSED,
                at=closed,
                actor_label="选民",
                note="已解决" if opinion.solved else "未解决",
            )
        )
    Step.objects.bulk_create(steps, batch_size=2000)
    audit_record_many(
        [
            audit_event(
                actor="demo", action="opinion.demo", obj=o, after={"status": o.status, "unit": o.unit_id}, region_id=o.region_id
            )
            for o in opinions
        ]
    )


def _answer(kind: str, solved: bool, unit: Unit | None) -> str:
    if kind == "spot":
        return "联络员与进站代表当场解释相关政策，选民表示理解。"
    if kind == "report":
        return "已作为重要情况报告区人大常委会，由常委会督促有关部门办理。"
    if kind == "suggestion":
        return "进站代表已将此意见转化为代表建议提交，相关部门已答复。"
    return f"{unit.name if unit else ''}已安排现场查看，{'已完成整改' if solved else '已列入计划，将分步解决'}。"
