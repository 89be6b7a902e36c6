"""The deputies' duty of 2017 in the demo district (DOMAIN.md §3.9, issue item 10), at event level from the seed:

- the standing committee's four quarterly topics for the district deputy groups ("向区代表小组提出每季度活动建议"),
  drawn from what its meetings reviewed; 王江泾镇代表小组 takes up all four (the group of the `deputy` login), the
  other groups the first one;
- the contact log of the 27 standing-committee members with the eight deputies each is assigned
  ("常委会组成人员联系代表制度"), one to three contacts each in 2017;
- the new-term training of early 2017 for the newly elected district deputies (three sessions, attendance) and one
  for 王江泾镇's new town deputies;
- two reports to voters (述职) at liaison stations, with the voters' evaluation;
- three activities the `deputy` login reported himself: one confirmed, one declined, one waiting for the office.

Writes go through the services as a system actor (notices are history, not news: they are marked read), the contact
log in bulk. Deterministic (its own generator seeded from the context's); does nothing when the topics exist.
"""

from __future__ import annotations

import datetime
import io
import random
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image

from renda.core.actors import Actor, system
from renda.core.audit import audit_event, audit_record_many, snapshot
from renda.core.models import Notice
from renda.org.models import ContactAssignment, Deputy, DeputyGroup
from renda.org.scoping import Scope
from renda.stations.models import Station

from . import services
from .models import ContactLog, Evidence, SelfReport, Topic, TrainingSession

REASON = "demo: the deputies' duty of 2017"
D = datetime.date
TOPICS = [
    (1, "剿灭劣V类水：对本片劣V类河道开展监督视察", "结合常委会剿灭劣V类水主题活动，每个小组认领一条河道，查找污染源头，提出整治意见和建议。"),
    (2, "“最多跑一次”改革：走访便民服务中心和办事窗口", "以“一次暗访、一次座谈”的方式了解群众和企业办事体验，汇总存在的问题。"),
    (3, "学前教育优质发展：调研幼儿园学位供给和办学条件", "围绕常委会听取的促进学前教育优质发展推动情况报告，走访本片幼儿园。"),
    (4, "农民建房确权发证：听取选民意见", "结合常委会审议的农民建房确权发证工作情况报告，在联络站听取选民意见。"),
]
GROUP_RECORDS = [
    (D(2017, 3, 30), "荷花浜河道现场视察", "沿河仍有三处生活污水直排口，河面保洁不到位。", "建议镇政府落实截污纳管，增加保洁频次。",
     "镇政府已完成两处截污纳管，第三处列入下半年计划。"),
    (D(2017, 6, 9), "镇便民服务中心暗访座谈", "不动产登记窗口排队时间较长，部分事项仍需跑两次。", "建议增加自助服务终端，推行网上预约。",
     "服务中心增设两台自助终端，开通网上预约。"),
    (D(2017, 9, 14), "走访镇中心幼儿园和民办幼儿园", "外来务工人员子女入园需求大，民办园师资流动性高。", "建议新建一所公办幼儿园，加强民办园教师培训。",
     "新建幼儿园列入2018年民生实事候选项目。"),
    (D(2017, 11, 16), "联络站听取农民建房意见", "部分农户确权资料不全，办证流程不清楚。", "建议编印办证指南，设立村级代办点。", ""),
]
CONTACT_OPINIONS = [
    ("建议加快农村公路提档升级，解决会车难问题。", "转交区交通运输局研究办理。", "区交通运输局已将该路段列入年度计划。"),
    ("反映部分村垃圾分类设施不足，建议增加投放点。", "向区综合行政执法局了解情况后答复代表。", "已增设分类投放点12处。"),
    ("建议常委会加强对学前教育经费使用的监督。", "列入常委会下半年视察计划。", "已于9月开展专题视察。"),
    ("希望多组织代表参加常委会视察调研活动。", "", ""),
    ("反映企业用工难，建议加强职业技能培训。", "转请区人力社保局研究。", "区人力社保局已开设订单式培训班三期。"),
    ("建议联络站接待日提前公布进站代表名单。", "与联络站沟通落实。", "各联络站已提前两天公示。"),
]
TRAINING = [
    (D(2017, 2, 16), "人民代表大会制度和代表法", "区人大常委会党组书记、主任", 3),
    (D(2017, 2, 17), "代表履职规则和议事程序", "区人大常委会代表工委主任", 3),
    (D(2017, 3, 9), "代表建议的提出与办理", "区人大常委会办公室主任", 2),
]


def _read(kind_prefix: str) -> None:
    """Demo notices are history: they are marked read so a deputy's home shows what is new since."""
    Notice.objects.filter(kind__startswith=kind_prefix, read_at__isnull=True).update(read_at=timezone.now())


def build(context: Any) -> None:
    if Topic.objects.exists() or context.district_congress is None:
        return
    rng = random.Random(f"duty-{context.rng.random()}")
    with transaction.atomic():
        _build(context, rng)


def _build(ctx: Any, rng: random.Random) -> None:  # noqa: PLR0915 - one linear script
    scope, actor = Scope.system(REASON), system(REASON)
    office = ctx.users.get("office")
    on_behalf = system(REASON, on_behalf_of=office)
    dc = ctx.district_congress
    wjj = ctx.towns[0]
    groups = list(DeputyGroup.objects.filter(congress=dc).select_related("region").order_by("pk"))
    own_group = next(g for g in groups if g.region_id == wjj.pk)

    # Quarterly topics, sent at the start of each quarter; what the groups did on them.
    topics = []
    for quarter, title, text in TOPICS:
        topic = services.topic_create(actor=on_behalf, scope=scope, congress=dc, year=2017, quarter=quarter, title=title,
                                      text_=text, groups=groups)  # fmt: skip
        topics.append(services.topic_send(actor=on_behalf, scope=scope, topic=topic, on=D(2017, 3 * quarter - 2, 5)))
    members = {g.pk: list(Deputy.objects.filter(group=g, status=Deputy.Status.SERVING).order_by("pk")) for g in groups}
    for topic, (day, title, findings, suggestions, outcome) in zip(topics, GROUP_RECORDS, strict=True):
        pool = members[own_group.pk]
        taking_part = pool[:1] + rng.sample(pool[1:], min(len(pool) - 1, rng.randrange(6, 10)))
        activity = services.activity_create(actor=on_behalf, scope=scope, group=own_group, title=title, date=day,
                                            place="王江泾镇人大代表联络站", topic=topic)  # fmt: skip
        services.activity_record(actor=on_behalf, scope=scope, activity=activity, participants=taking_part, findings=findings,
                                 suggestions=suggestions)  # fmt: skip
        if outcome:
            services.activity_close(actor=on_behalf, scope=scope, activity=activity, outcome=outcome)
    for group in groups:
        if group.pk == own_group.pk or not members[group.pk]:
            continue
        day = D(2017, rng.choice([3, 4]), rng.randrange(10, 28))
        activity = services.activity_create(actor=on_behalf, scope=scope, group=group, title=f"{group.region.name}河道监督视察",
                                            date=day, topic=topics[0])  # fmt: skip
        pool = members[group.pk]
        services.activity_record(actor=on_behalf, scope=scope, activity=activity,
                                 participants=rng.sample(pool, min(len(pool), rng.randrange(5, 9))),
                                 findings="河道整治总体推进顺利，个别支浜仍有黑臭现象。", suggestions="建议加大巡查力度。")  # fmt: skip
    _read("duty.topic")

    # The standing-committee members' contacts with their deputies (in bulk: 216 assignments).
    logs = []
    for assignment in ContactAssignment.objects.select_related("deputy").order_by("pk"):
        for _n in range(rng.choice([1, 1, 2, 2, 3])):
            opinions, follow_up, result = rng.choice(CONTACT_OPINIONS)
            day = D(2017, rng.randrange(2, 13), rng.randrange(1, 28))
            done = bool(result) and day < D(2017, 10, 1)
            logs.append(ContactLog(
                assignment=assignment, deputy_id=assignment.deputy_id, region_id=assignment.deputy.region_id, date=day,
                manner=rng.choice(["visit", "talk", "phone", "phone", "meeting", "message"]), opinions=opinions,
                follow_up=follow_up, followed_up_on=day + datetime.timedelta(days=rng.randrange(20, 60)) if done else None,
                follow_up_result=result if done else "",
            ))  # fmt: skip
    logs = ContactLog.objects.bulk_create(logs, batch_size=1000)
    audit_record_many([
        audit_event(actor=on_behalf, action="contact.create", obj=log, region_id=log.region_id,
                    after=snapshot(log, ["assignment_id", "deputy_id", "date", "manner"]))
        for log in logs
    ])  # fmt: skip

    # The new-term training of early 2017: the district's new deputies, and 王江泾镇's.
    plan = services.plan_create(actor=on_behalf, scope=scope, congress=dc, year=2017, title="2017年新任区人大代表履职培训",
                                text_="帮助新当选的代表掌握人大工作和代表工作的特点和规律，掌握人大工作规则和议事程序。",
                                for_new_deputies=True)  # fmt: skip
    for day, title, teacher, hours in TRAINING:
        session = services.session_create(actor=on_behalf, scope=scope, plan=plan, title=title, date=day,
                                          place="区行政中心第一会议室", teacher=teacher, hours=hours)  # fmt: skip
        _record(on_behalf, scope, session, rng)
    town_plan = services.plan_create(actor=on_behalf, scope=scope, congress=ctx.town_congresses[wjj.pk], year=2017,
                                     title="2017年王江泾镇新任镇人大代表培训", for_new_deputies=True)  # fmt: skip
    session = services.session_create(actor=on_behalf, scope=scope, plan=town_plan, title="镇人大代表履职基本知识",
                                      date=D(2017, 3, 2), place="王江泾镇人民政府三楼会议室", teacher="镇人大主席", hours=2)  # fmt: skip
    _record(on_behalf, scope, session, rng)
    _read("duty.training")

    # Two reports to voters (述职) at liaison stations.
    own = Deputy.objects.filter(person__user__username="deputy", congress=dc).select_related("person", "region").first()
    xc = ctx.towns[2]
    for deputy, town, day, counts in [
        (own, wjj, D(2017, 6, 15), (46, 38, 7, 1)),
        (Deputy.objects.filter(congress=dc, status=Deputy.Status.SERVING, region__path__startswith=xc.path).order_by("pk").first(),
         xc, D(2017, 11, 15), (39, 30, 8, 0)),
    ]:  # fmt: skip
        if deputy is None:
            continue
        station = Station.objects.filter(town=town, kind=Station.Kind.STATION).first()
        if station is None:
            continue
        report = services.report_schedule(actor=on_behalf, scope=scope, deputy=deputy, station=station, date=day,
                                          title=f"{deputy.person.name}代表向选民述职")  # fmt: skip
        services.report_record(actor=on_behalf, scope=scope, report=report,
                               summary="报告一年来参加代表大会、闭会期间视察调研、进站接待选民和提出建议的情况。",
                               voters_present=counts[0], satisfied=counts[1], basically_satisfied=counts[2],
                               not_satisfied=counts[3], comments="希望代表继续关注农村道路和河道整治。")  # fmt: skip
    _read("duty.voter_report")

    # Activities the `deputy` login reported himself (the deputy's own actor, as from his phone).
    if own is not None:
        user = ctx.users.get("deputy")
        reports = [
            ("visit", D(2017, 5, 20), "走访联庄村了解农村饮用水安全情况", "实地察看村级供水站，听取十余位村民意见，并向镇政府反映。", "confirm", ""),
            ("research", D(2017, 8, 22), "调研辖区小微企业园用工情况", "走访三家企业，了解招工难问题，形成书面调研材料。", "decline",
             "请补充调研材料或现场照片后再提交。"),
            ("publicity", D(2017, 12, 5), "在村文化礼堂宣讲宪法", "结合国家宪法日，在村文化礼堂为村民宣讲宪法知识。", "", ""),
        ]
        for kind, day, title, text, decision, reason in reports:
            row = SelfReport.objects.create(deputy=own, region_id=own.region_id, kind=kind, date=day, title=title, text=text,
                                            submitted_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(20))))  # fmt: skip
            audit_record_many([audit_event(actor=user or actor, action="self_report.submit", obj=row, region_id=row.region_id,
                                           after=snapshot(row, ["kind", "date", "title", "text"]))])  # fmt: skip
            if decision == "confirm":
                Evidence.objects.create(report=row, file=ContentFile(_photo(), name="evidence.png"), name="走访现场.png",
                                        content_type="image/png", size=len(_photo()))  # fmt: skip
                services.self_report_confirm(actor=on_behalf, scope=scope, report=row)
            elif decision == "decline":
                services.self_report_decline(actor=on_behalf, scope=scope, report=row, reason=reason)
        _read("duty.self_report")


def _photo() -> bytes:
    """A small picture standing for the photo a deputy took (the demo's evidence)."""
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (183, 28, 28)).save(buffer, format="PNG")
    return buffer.getvalue()


def _record(actor: Actor, scope: Scope, session: TrainingSession, rng: random.Random) -> None:
    invited = list(session.attendance.values_list("deputy_id", flat=True).order_by("deputy_id"))
    present: list[int] = []
    leave: list[int] = []
    for deputy_id in invited:
        roll = rng.random()
        (present if roll < 0.9 else leave if roll < 0.96 else []).append(deputy_id)
    services.session_record(actor=actor, scope=scope, session=session, present=present, leave=leave,
                            summary="培训按计划进行，参训代表反映收获较大。")  # fmt: skip
