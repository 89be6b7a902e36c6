"""Supervision in 2017, from the seed (issue #12, item 7), at the level of events.

- The standing committee's three inspections of the first half (秀洲国家高新区科技创新平台 on 3 May, the "255170"
  traffic works, the agricultural "一区一镇"), the 教科文卫工委 research visit since early March (5 platforms, 3
  provincial institutes, 5 firms), the June research visit to the administrative approval centre, and a
  law-enforcement check of the water pollution law whose report is heard with the 剿灭劣V类水 report at the fourth
  standing-committee meeting. Reports, places, findings, opinions sent to units at various stages.
- The 剿灭劣V类水 campaign: mobilised on 24 March, five rivers adopted by the director and deputy directors, 32
  activities across the towns and sub-districts (476 deputy participations), 87 suggestions, the five lists per town.
- The "最多跑一次" campaign: plan adopted on 22 May, 五个一 per town and unit, activities in the second half (one
  under way, with the "deputy" login in the group), the 780 items the government reported.
- The mid-year evaluation of the town stations in every town (its vote is the mid-year session's satisfaction poll),
  with self-reports, opinions, problem lists, rectification and a ranking; a district round of four departments voted
  at the fourth standing-committee meeting (区教育局's clerk has its problem list).
- A special inquiry on 剿灭劣V类水 at the fourth standing-committee meeting, with its satisfaction vote.

Rows are written in bulk (the demo is built for every test database); counts are fixed by the structure, the
generator only picks people and texts. A second run finds the activities and changes nothing.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from renda.core.actors import system
from renda.core.audit import audit_event, audit_record_many
from renda.core.models import AuditEvent
from renda.meetings.membership import member_person_ids
from renda.meetings.models import AgendaItem, Attendance, Meeting, Poll, PollBallot, PollOption, PollVoter, ReviewOpinion
from renda.org.models import Body, Deputy, Membership, Person, Region, Unit

from .models import (
    Activity,
    Article,
    Campaign,
    ChecklistEntry,
    EvaluatedUnit,
    EvaluationOpinion,
    EvaluationRound,
    EvaluationVote,
    Finding,
    Indicator,
    IndicatorReport,
    Inquiry,
    InquiryUnit,
    ListEntry,
    Participation,
    Place,
    ProblemItem,
    ProgressReport,
    Question,
    SupervisionOpinion,
    Target,
)
from .rules import CHECKLIST, TOWN_LISTS, rule

DEMO = system("demo: supervision in 2017")
K = Activity.Kind
S = Activity.State
D = datetime.date

WATER_ACTIVITIES = [4, 4, 4, 4, 4, 3, 3, 3, 3]  # per town and sub-district, in the district's order: 32
WATER_GROUP = [15] * 28 + [14] * 4  # 476 deputy participations
WATER_SUGGESTIONS = [3] * 23 + [2] * 9  # 87 suggestions
RIVER_ENDINGS = ["港", "浜", "塘", "泾", "漾"]
SUGGESTIONS = [
    "建议对沿河排污口开展全面排查，建立一口一档，限期封堵违法排污口。",
    "建议加快农村生活污水管网建设，提高截污纳管率。",
    "建议落实河长巡河制度，巡河记录纳入考核。",
    "建议加大河道清淤力度，清淤淤泥规范处置，防止二次污染。",
    "建议对沿河畜禽养殖场开展整治，规模以下养殖户全部退养。",
    "建议建立水质月度监测通报制度，向代表和群众公开监测结果。",
    "建议发动沿河村民参与护河，组建民间河长队伍。",
    "建议加强工业园区污水处理设施运行监管，确保稳定达标排放。",
    "建议整治河道两岸违章搭建和垃圾堆放。",
    "建议将劣V类水剿灭工作纳入镇村年度考核，实行销号管理。",
]
PROBLEMS = [
    "部分河段水体发黑发臭，沿岸存在生活污水直排现象。",
    "河道两岸垃圾堆放较多，保洁不到位。",
    "个别排污口尚未封堵，雨天溢流明显。",
    "部分截污纳管工程进度滞后。",
]
OPINION_TEXTS = [
    "代表普遍反映窗口服务态度有所改进，但办事指南公开不够完整，群众多次往返的情况仍有发生。",
    "建议进一步简化办事流程，推行一次告知，提高首问负责制落实水平。",
    "希望加强与村（社区）的沟通，主动上门了解群众和企业需求。",
    "对照年初工作目标，部分重点任务推进偏慢，需要加大力度。",
    "建议加强干部队伍作风建设，提升业务能力和服务效率。",
]
PROBLEM_TEXTS = [
    "办事指南公开不完整，群众多次往返。",
    "重点任务推进偏慢，未按时间节点完成。",
    "与村（社区）沟通联系不够，主动服务意识不强。",
]


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def build(context: Any) -> None:
    if Activity.objects.exists():
        return
    with transaction.atomic():
        Builder(context).run()


class Builder:
    def __init__(self, context: Any) -> None:
        self.ctx = context
        self.rng = context.rng
        self.events: list[AuditEvent] = []
        self.participations: list[Participation] = []
        self.findings: list[Finding] = []
        district = context.district
        self.district = district
        self.sc: Body = context.standing_committee
        self.dc: Body = context.district_congress
        self.units = {u.name: u for u in Unit.objects.filter(region=district)}
        self.towns: list[Region] = list(context.towns) + list(context.subdistricts)
        self.town_bodies = {
            b.region_id: b
            for b in Body.objects.filter(region__in=self.towns, kind__in=[Body.Kind.PRESIDIUM, Body.Kind.SUBDISTRICT_COMMITTEE])
        }
        self.deputy_person: Person = context.users["deputy"].person
        seats = list(Membership.objects.filter(body=self.sc, term=context.district_term).select_related("person").order_by("pk"))
        self.leaders = [m.person for m in seats if m.role in {Membership.Role.DIRECTOR, Membership.Role.DEPUTY_DIRECTOR}]
        self.sc_members = [m.person for m in seats if m.role not in {Membership.Role.DIRECTOR, Membership.Role.DEPUTY_DIRECTOR}]
        serving = Deputy.objects.filter(status=Deputy.Status.SERVING).select_related("region").order_by("pk")
        self.district_deputies = list(serving.filter(congress=self.dc))
        self.town_deputies: dict[int, list[Deputy]] = {}
        for d in serving.exclude(congress=self.dc).select_related("congress"):
            self.town_deputies.setdefault(d.congress.region_id, []).append(d)
        self.mandates: dict[int, Deputy] = {}
        for d in self.district_deputies:
            self.mandates.setdefault(d.person_id, d)

    # --- helpers ------------------------------------------------------------------------------------------------
    def activity(self, **fields: Any) -> Activity:
        fields.setdefault("end_date", fields["start_date"])
        organiser: Body = fields["organiser"]
        fields.setdefault("region_id", organiser.region_id)
        state = fields.setdefault("state", S.CLOSED)
        if state in {S.REPORTED, S.CLOSED}:
            fields.setdefault("reported_on", fields["end_date"] + datetime.timedelta(days=5))
            fields.setdefault("report_text", f"关于{fields['title']}的{KIND_CN[fields['kind']]}报告：{REPORT_BODY}")
        if fields.get("is_published"):
            fields.setdefault("published_at", _at(fields["reported_on"] + datetime.timedelta(days=2), 16))
        activity = Activity.objects.create(**fields)
        self.events.append(
            audit_event(
                actor=DEMO,
                action="supervision.activity.create",
                obj=activity,
                after={"state": state},
                region_id=activity.region_id,
            )
        )
        return activity

    def group(self, activity: Activity, people: Sequence[tuple[Person, str]], mandates: dict[int, Deputy] | None = None) -> None:
        seen: set[int] = set()
        for person, role in people:
            if person.pk in seen:
                continue
            seen.add(person.pk)
            mandate = (mandates or {}).get(person.pk) or self.mandates.get(person.pk)
            self.participations.append(
                Participation(
                    activity=activity,
                    person=person,
                    deputy=mandate,
                    role=role,
                    kind=activity.kind,
                    date=activity.start_date,
                    region_id=activity.region_id,
                    campaign_id=activity.campaign_id,
                )
            )

    def finding(
        self, activity: Activity, kind: str, text: str, on: datetime.date, author: Person | None = None, place: str = ""
    ) -> Finding:
        finding = Finding(
            activity=activity,
            kind=kind,
            text=text,
            place=place,
            on=on,
            author=author,
            region_id=activity.region_id,
            campaign_id=activity.campaign_id,
        )
        self.findings.append(finding)
        return finding

    def district_people(self, n: int, exclude: set[int] | None = None) -> list[Person]:
        pool = [d.person for d in self.district_deputies if d.person_id not in (exclude or set())]
        chosen: list[Person] = self.rng.sample(pool, n)
        return chosen

    # --- the build -----------------------------------------------------------------------------------------------
    def run(self) -> None:
        water = self.water_campaign()
        paoyici = self.paoyici_campaign()
        research = self.standing_committee_h1()
        self.paoyici_activities(paoyici, research)
        self.water_activities(water)
        Participation.objects.bulk_create(self.participations, batch_size=1000)
        Finding.objects.bulk_create(self.findings, batch_size=1000)
        sc4 = self.sc_meeting(6)
        self.district_round(sc4)
        self.district_round_h2()
        self.town_rounds()
        if sc4 is not None:
            self.inquiry(sc4)
        audit_record_many(self.events)

    def sc_meeting(self, month: int) -> Meeting | None:
        """The standing committee's sitting in that month of 2017 (the meetings demo's), if there is one."""
        return (
            Meeting.objects.filter(body=self.sc, start_date__year=2017, start_date__month=month)
            .select_related("body", "term", "region")
            .order_by("-start_date")
            .first()
        )

    # --- the standing committee's first half ---------------------------------------------------------------------
    def standing_committee_h1(self) -> Activity:
        sc, rng = self.sc, self.rng
        director = self.leaders[0]
        edu = Body.objects.get(region=self.district, name="秀洲区人大常委会教科文卫工作委员会")
        inspections = [
            ("全区“255170”交通重点工程建设情况", D(2017, 4, 18), "区交通运输局", [("交通重点工程建设工地", "", 4)]),
            (
                "秀洲国家高新区科技创新平台建设推进情况",
                D(2017, 5, 3),
                "区科学技术局",
                [("孵化器（产业园）平台", "", 3), ("科技创新企业", "", 3)],
            ),
            ("农业“一区一镇”建设情况", D(2017, 6, 15), "区农业农村局", [("现代农业园区", "", 2), ("特色农业强镇", "", 1)]),
        ]
        opinion_stages = [SupervisionOpinion.State.REPORTED, SupervisionOpinion.State.REPORTED, SupervisionOpinion.State.SENT]
        for (title, day, unit_name, places), stage in zip(inspections, opinion_stages, strict=True):
            activity = self.activity(
                kind=K.INSPECTION,
                title=title,
                organiser=sc,
                start_date=day,
                plan=f"视察组实地察看{title}，听取区人民政府有关情况的汇报，提出意见建议。",
                state=S.REPORTED,
                is_published=True,
            )
            members = rng.sample(self.sc_members, 6)
            deputies = self.district_people(8, {p.pk for p in members} | {self.deputy_person.pk})
            people = [(director, Participation.Role.LEADER)] + [
                (p, Participation.Role.MEMBER) for p in self.leaders[1:3] + members
            ]
            people += [(p, Participation.Role.DEPUTY) for p in deputies]
            if day.month == 5:
                people.append((self.deputy_person, Participation.Role.DEPUTY))
            self.group(activity, people)
            Place.objects.bulk_create([Place(activity=activity, kind=k, names=n, count=c) for k, n, c in places])
            for i in range(2):
                self.finding(
                    activity, Finding.Kind.PROBLEM, f"{title}中存在的问题（{i + 1}）：推进进度与年度目标相比仍有差距。", day
                )
            self.finding(
                activity,
                Finding.Kind.SUGGESTION,
                "建议进一步明确责任分工，加强要素保障，确保按期完成年度目标。",
                day,
                author=deputies[0],
            )
            self.opinion(activity, self.units[unit_name], stage)
        # 教科文卫工委's research since early March: 5 platforms, 3 provincial institutes, 5 firms
        research = self.activity(
            kind=K.RESEARCH,
            title="秀洲国家高新区科技创新平台建设推进情况",
            organiser=edu,
            start_date=D(2017, 3, 6),
            end_date=D(2017, 4, 28),
            plan="通过实地察看、现场询问、会场座谈、部门走访等方式，全面了解高新区区域科技创新平台创建、科技孵化载体搭建、产业共性技术平台组建等推进情况，为常委会视察做好准备。",
            state=S.CLOSED,
            is_published=True,
        )
        committee = [m.person for m in Membership.objects.filter(body=edu).select_related("person").order_by("pk")]
        self.group(
            research,
            [(p, Participation.Role.LEADER if i == 0 else Participation.Role.MEMBER) for i, p in enumerate(committee)]
            + [(p, Participation.Role.DEPUTY) for p in self.district_people(4, {p.pk for p in committee})],
        )
        Place.objects.bulk_create(
            [
                Place(activity=research, kind="科技创新平台", count=5),
                Place(activity=research, kind="省级重点企业研究院", count=3),
                Place(activity=research, kind="科技企业", count=5),
            ]
        )
        for text in ["部分孵化器入驻率不高，孵化服务能力有待提升。", "产业共性技术平台建设相对滞后。"]:
            self.finding(research, Finding.Kind.PROBLEM, text, D(2017, 4, 12))
        self.finding(research, Finding.Kind.SUGGESTION, "建议完善科技创新平台考核激励机制，引进高层次研发团队。", D(2017, 4, 20))
        self.opinion(research, self.units["区科学技术局"], SupervisionOpinion.State.REPORTED)
        self.opinion(research, self.units["区教育局"], SupervisionOpinion.State.SENT, late=True)
        # June: the administrative approval centre ("最多跑一次"; the district's 一次调研)
        approval = self.activity(
            kind=K.RESEARCH,
            title="区行政审批服务中心“最多跑一次”改革推进情况",
            organiser=sc,
            start_date=D(2017, 6, 6),
            plan="组织部分区人大代表赴区行政审批服务中心，现场参观各分区的设置布局，听取工作推进情况的汇报。",
            state=S.REPORTED,
            is_published=True,
        )
        self.group(
            approval,
            [(self.leaders[2], Participation.Role.LEADER)]
            + [(p, Participation.Role.DEPUTY) for p in self.district_people(10, {self.leaders[2].pk})],
        )
        Place.objects.create(activity=approval, kind="行政审批服务中心各分区", count=1, names="区行政审批服务中心")
        self.finding(
            approval, Finding.Kind.SUGGESTION, "建议推行“一窗受理、集成服务”，进一步减少群众和企业跑腿次数。", D(2017, 6, 6)
        )
        self.opinion(approval, self.units["区行政审批服务中心"], SupervisionOpinion.State.DRAFT)
        # a law-enforcement check whose report is heard with the 剿灭劣V类水 report at the fourth meeting
        sc4 = self.sc_meeting(6)
        heard = (
            AgendaItem.objects.filter(meeting=sc4, kind=AgendaItem.Kind.HEAR_REPORT, title__contains="剿灭劣V类水").first()
            if sc4
            else None
        )
        check = self.activity(
            kind=K.LAW_CHECK,
            title="《中华人民共和国水污染防治法》贯彻实施情况执法检查",
            organiser=sc,
            start_date=D(2017, 5, 10),
            end_date=D(2017, 6, 9),
            law="中华人民共和国水污染防治法",
            plan="对照水污染防治法重点条款，检查全区贯彻实施情况，检查报告与剿灭劣V类水工作情况的报告一并提请常委会会议审议。",
            state=S.REPORTED,
            is_published=True,
            heard_at=heard,
        )
        self.group(
            check,
            [(self.leaders[1], Participation.Role.LEADER)]
            + [(p, Participation.Role.MEMBER) for p in rng.sample(self.sc_members, 5)]
            + [(p, Participation.Role.DEPUTY) for p in self.district_people(6)],
        )
        Article.objects.bulk_create(
            [
                Article(
                    activity=check,
                    number="第九条",
                    provision="排放水污染物，不得超过国家或者地方规定的水污染物排放标准和重点水污染物排放总量控制指标。",
                    finding="抽查的12家重点排污企业中，2家存在超标排放记录，已责令限期整改。",
                ),
                Article(
                    activity=check,
                    number="第二十条",
                    provision="国家实行排污许可制度。",
                    finding="排污许可证核发工作基本完成，但证后监管有待加强。",
                ),
                Article(
                    activity=check,
                    number="第四十四条",
                    provision="城镇污水应当集中处理。",
                    finding="城镇污水处理厂运行正常，部分镇区截污纳管尚未全覆盖。",
                ),
            ]
        )
        Place.objects.create(activity=check, kind="重点排污企业", count=12)
        return approval

    def opinion(self, activity: Activity, unit: Unit, stage: str, *, late: bool = False) -> None:
        """Opinions sent to a unit at a stage of the loop (`late`: sent in September, still awaiting the report)."""
        sent = D(2017, 9, 18) if late else (activity.reported_on or activity.end_date) + datetime.timedelta(days=4)
        fields: dict[str, Any] = {}
        if stage != SupervisionOpinion.State.DRAFT:
            fields = {"sent_on": sent, "deadline": sent + datetime.timedelta(days=61)}
        if stage == SupervisionOpinion.State.REPORTED:
            fields.update(
                report_text=f"{unit.name}关于{activity.title}视察意见的研究处理情况报告：已逐条研究，明确责任分工和完成时限。",
                reported_on=sent + datetime.timedelta(days=40),
            )
        opinion = SupervisionOpinion.objects.create(
            activity=activity,
            unit=unit,
            text=f"{KIND_CN[activity.kind]}组对{unit.name}提出如下意见：一、进一步提高认识，加强统筹；二、突出重点，加快推进；三、建立长效机制。",
            state=stage,
            region_id=activity.region_id,
            **fields,
        )
        self.events.append(
            audit_event(
                actor=DEMO, action="supervision.opinion.create", obj=opinion, after={"state": stage}, region_id=opinion.region_id
            )
        )

    # --- 剿灭劣V类水 --------------------------------------------------------------------------------------------
    def water_campaign(self) -> Campaign:
        campaign = Campaign.objects.create(
            code="water",
            title="剿灭劣V类水主题活动",
            organiser=self.sc,
            region=self.district,
            plan="全区各级人大代表积极投身剿灭劣V类水，成为“监督者、参与者、实践者、推动者”。常委会领导认领重点监督河道，"
            "各镇（街道）排出监督联络、调研视察、建议意见、典型事例、统计总结五张清单，开展集中监督视察。",
            plan_adopted_on=D(2017, 3, 28),
            start_date=D(2017, 3, 24),
            end_date=D(2017, 12, 31),
            mobilised_on=D(2017, 3, 24),
            mobilisation="全省人大剿灭劣V类水专项审议和代表主题活动视频部署会后，召开区、镇两级人大动员部署会，"
            "要求全区各级人大代表积极投身到两项活动中去。",
            town_lists=list(rule(TOWN_LISTS, self.district)),
            state=Campaign.State.RUNNING,
        )
        self.events.append(
            audit_event(
                actor=DEMO,
                action="supervision.campaign.create",
                obj=campaign,
                after={"code": "water"},
                region_id=self.district.pk,
            )
        )
        return campaign

    def rivers(self, town: Region, n: int) -> list[str]:
        villages = list(self.ctx.villages.get(town.pk, []))
        names = []
        for i in range(n):
            village = villages[i % len(villages)]
            names.append(f"{village.name[:2]}{RIVER_ENDINGS[i % len(RIVER_ENDINGS)]}")
        return names

    def water_activities(self, campaign: Campaign) -> None:
        rng = self.rng
        sizes, suggestions = iter(WATER_GROUP), iter(WATER_SUGGESTIONS)
        kinds = [K.INSPECTION, K.INSPECTION, K.INSPECTION, K.RESEARCH, K.UNANNOUNCED, K.FORUM]
        first_town = self.towns[0]
        for town, count in zip(self.towns, WATER_ACTIVITIES, strict=True):
            organiser = self.town_bodies[town.pk]
            rivers = self.rivers(town, count)
            pool: list[Deputy] = [d for d in self.district_deputies if d.region.path.startswith(town.path)]
            pool += self.town_deputies.get(town.pk, [])
            for index, river in enumerate(rivers):
                day = D(2017, 3, 27) + datetime.timedelta(days=index * 21 + rng.randrange(0, 14))
                kind = kinds[(index + town.pk) % len(kinds)]
                activity = self.activity(
                    kind=kind,
                    title=f"{town.name}劣V类河道{river}集中监督{KIND_CN[kind]}",
                    organiser=organiser,
                    campaign=campaign,
                    start_date=day,
                    plan=f"组织代表对{river}开展{KIND_CN[kind]}，查找污染源头，分析水质成因，提出整治意见和建议。",
                    state=S.CLOSED,
                )
                size = next(sizes)
                chosen: dict[int, Deputy] = {}
                if town.pk == first_town.pk and index < 2:
                    own = next((d for d in pool if d.person_id == self.deputy_person.pk), None)
                    if own is not None:
                        chosen[own.person_id] = own
                for d in rng.sample(pool, len(pool)):
                    if len(chosen) >= size:
                        break
                    chosen.setdefault(d.person_id, d)
                people = [
                    (d.person, Participation.Role.LEADER if i == 0 else Participation.Role.DEPUTY)
                    for i, d in enumerate(chosen.values())
                ]
                self.group(activity, people, mandates=chosen)
                authors = [d.person for d in chosen.values()]
                self.finding(activity, Finding.Kind.PROBLEM, rng.choice(PROBLEMS), day, place=river)
                for n in range(next(suggestions)):
                    self.finding(
                        activity,
                        Finding.Kind.SUGGESTION,
                        SUGGESTIONS[(index * 3 + n + town.pk) % len(SUGGESTIONS)],
                        day,
                        author=authors[n % len(authors)],
                        place=river,
                    )
            # the town's lists: liaison, typical cases and the summary (activities and suggestions are counted)
            ListEntry.objects.bulk_create(
                [
                    ListEntry(
                        campaign=campaign,
                        region=town,
                        list_code="liaison",
                        on=D(2017, 3, 30),
                        title=f"代表分片联系劣V类河道{count}条",
                        text="、".join(rivers),
                    ),
                    ListEntry(
                        campaign=campaign,
                        region=town,
                        list_code="case",
                        on=D(2017, 6, 10),
                        title=f"{rivers[0]}治理典型事例",
                        text=f"代表多次监督视察{rivers[0]}，推动沿河排污口全部封堵，水质由劣V类提升至IV类。",
                    ),
                    ListEntry(
                        campaign=campaign,
                        region=town,
                        list_code="summary",
                        on=D(2017, 6, 30),
                        title=f"{town.name}上半年剿灭劣V类水主题活动小结",
                        text="上半年开展集中监督视察等活动，组织发动各级人大代表参与，提出整改措施及意见建议。",
                    ),
                ]
            )
        # leaders adopt the key rivers (认领重点监督河道); three closed off by the end of June
        targets = []
        for i, leader in enumerate(self.leaders[:5]):
            town = self.towns[i]
            river = self.rivers(town, 1)[0].replace(RIVER_ENDINGS[0], "塘")
            closed = i < 3
            targets.append(
                Target(
                    campaign=campaign,
                    name=f"{town.name}{river}",
                    kind="河道",
                    region=town,
                    leader=leader,
                    adopted_on=D(2017, 3, 28),
                    due_on=D(2017, 6, 30) if closed else D(2017, 10, 31),
                    closed_on=D(2017, 6, 20 + i) if closed else None,
                    state=Target.State.CLOSED if closed else Target.State.ADOPTED,
                    note="常委会领导第一时间赶赴认领河道，查找污染源头，分析污染水质成因，提出整治意见和建议。",
                )
            )
        Target.objects.bulk_create(targets)

    # --- "最多跑一次" -------------------------------------------------------------------------------------------
    def paoyici_campaign(self) -> Campaign:
        campaign = Campaign.objects.create(
            code="paoyici",
            title="“最多跑一次”改革人大代表主题监督活动",
            organiser=self.sc,
            region=self.district,
            plan="《开展“最多跑一次”改革人大代表主题监督活动实施方案》：围绕“群众和企业到政府办事最多跑一次”的理念和目标，"
            "组织开展一次调研、一次学习、一次暗访、一次座谈、一次接访等“五个一”代表主题监督活动。",
            plan_adopted_on=D(2017, 5, 22),
            start_date=D(2017, 5, 22),
            end_date=D(2017, 12, 31),
            mobilised_on=D(2017, 5, 26),
            mobilisation="区人大常委会召开“最多跑一次”改革人大代表主题监督活动部署会。",
            town_lists=[],
            checklist=list(rule(CHECKLIST, self.district)),
            state=Campaign.State.RUNNING,
        )
        indicator = Indicator.objects.create(
            campaign=campaign, code="items", name="群众和企业到政府办事“最多跑一次”事项", unit_label="项"
        )
        IndicatorReport.objects.create(
            indicator=indicator,
            value=780,
            source="区人民政府（区行政审批服务中心）",
            reported_on=D(2017, 6, 30),
            note="已实现“最多跑一次”的事项数，由政府报告，非本平台计数。",
        )
        self.events.append(
            audit_event(
                actor=DEMO,
                action="supervision.campaign.create",
                obj=campaign,
                after={"code": "paoyici"},
                region_id=self.district.pk,
            )
        )
        return campaign

    def paoyici_activities(self, campaign: Campaign, research: Activity) -> None:
        """The second half: a town's unannounced visits, the one under way with the "deputy" login, a forum planned;
        the 五个一 checklist of every town and four departments."""
        wjj = self.towns[0]
        for i, town in enumerate(self.towns[:5]):
            day = D(2017, 7, 10) + datetime.timedelta(days=9 * i)
            under_way = town.pk == wjj.pk
            if under_way:
                day = D(2017, 9, 12)
            activity = self.activity(
                kind=K.UNANNOUNCED,
                title=f"{town.name}便民服务中心“最多跑一次”落实情况暗访",
                organiser=self.town_bodies[town.pk],
                campaign=campaign,
                start_date=day,
                plan="代表以办事群众身份到便民服务中心窗口办理事项，体验办事流程，查看“最多跑一次”落实情况。",
                state=S.UNDER_WAY if under_way else S.CLOSED,
            )
            pool = self.town_deputies.get(town.pk, [])
            chosen = {d.person_id: d for d in self.rng.sample(pool, 5)}
            if under_way:
                own = next((d for d in pool if d.person_id == self.deputy_person.pk), None)
                if own is not None:
                    chosen[own.person_id] = own
            self.group(activity, [(d.person, Participation.Role.DEPUTY) for d in chosen.values()], mandates=chosen)
            if not under_way:
                self.finding(activity, Finding.Kind.PROBLEM, "部分窗口办事指南与实际要求不一致，群众需补交材料。", day)
        forum = self.activity(
            kind=K.FORUM,
            title="区级部门“最多跑一次”改革推进情况座谈会",
            organiser=self.sc,
            campaign=campaign,
            start_date=D(2017, 9, 26),
            plan="邀请区级部门负责人和企业代表座谈，听取“最多跑一次”改革推进情况和意见建议。",
            state=S.PLANNED,
        )
        self.group(forum, [(self.leaders[2], Participation.Role.LEADER), (self.deputy_person, Participation.Role.DEPUTY)])
        items = [str(x["code"]) for x in campaign.checklist]
        departments = [self.units[n] for n in ["区行政审批服务中心", "区市场监督管理局", "区人力资源和社会保障局", "区公安分局"]]
        rows = []
        for i, town in enumerate(self.towns):
            for j, item in enumerate(items):
                done = (i + j) % 3 != 0
                rows.append(
                    ChecklistEntry(
                        campaign=campaign,
                        region=town,
                        item=item,
                        done_on=D(2017, 7, 5) + datetime.timedelta(days=7 * j + i) if done else None,
                        note="已开展" if done else "",
                    )
                )
        for unit in departments:
            for item in items:
                entry = ChecklistEntry(campaign=campaign, region_id=unit.region_id, unit=unit, item=item)
                if item == "study":
                    entry.done_on, entry.note = (
                        D(2017, 8, 3),
                        "邀请市、区行政审批中心负责人为机关干部和部分区人大代表开展专题学习会",
                    )
                if item == "research" and unit.name == "区行政审批服务中心":
                    entry.done_on, entry.activity, entry.note = research.start_date, research, "赴区行政审批服务中心调研"
                rows.append(entry)
        ChecklistEntry.objects.bulk_create(rows)

    # --- evaluations -------------------------------------------------------------------------------------------
    def satisfaction_poll(
        self, meeting: Meeting, item: AgendaItem | None, title: str, units: list[Unit], weights: list[int]
    ) -> Poll:
        """A published secret satisfaction poll of the members present (the meetings demo's way of writing one)."""
        present = list(
            meeting.attendances.filter(role=Attendance.Role.MEMBER, entitled=True, status=Attendance.Status.PRESENT).values_list(
                "person_id", flat=True
            )
        )
        poll = Poll.objects.create(
            meeting=meeting,
            item=item,
            title=title,
            kind=Poll.Kind.SECRET,
            method=Poll.Method.SATISFACTION,
            threshold=Poll.Threshold.HALF_CAST,
            state=Poll.State.PUBLISHED,
            base_count=member_person_ids(body=meeting.body, term=meeting.term, on=meeting.start_date).count(),
            present_count=len(present),
            started_at=_at(meeting.start_date, 15),
            finished_at=_at(meeting.start_date, 15),
            published_at=_at(meeting.start_date, 16),
            region_id=meeting.region_id,
        )
        options = PollOption.objects.bulk_create(
            [PollOption(poll=poll, order=i, text=u.name, ref=f"unit:{u.pk}") for i, u in enumerate(units, start=1)]
        )
        ballots = []
        for _person in present:
            choices = {str(o.pk): self.rng.choices(["S", "B", "U"], weights)[0] for o in options}
            ballots.append(PollBallot(id=uuid.UUID(int=self.rng.getrandbits(128), version=4), poll=poll, choices=choices))
        PollVoter.objects.bulk_create([PollVoter(poll=poll, person_id=p) for p in present])
        PollBallot.objects.bulk_create(ballots)
        return poll

    def round_rows(
        self,
        round_: EvaluationRound,
        units: list[Unit],
        deputies: list[Deputy],
        reported_on: datetime.date,
        handed_over: datetime.date,
        progress_on: datetime.date,
    ) -> None:
        evaluated = EvaluatedUnit.objects.bulk_create(
            [
                EvaluatedUnit(
                    round=round_,
                    unit=u,
                    region_id=round_.region_id,
                    self_report=f"{u.name}{round_.year}年工作自查报告：对照年度目标逐项自查，总结成效，查找不足，提出改进措施。",
                    self_reported_on=reported_on,
                )
                for u in units
            ]
        )
        opinions, problems = [], []
        for e in evaluated:
            writers = self.rng.sample(deputies, min(6, len(deputies)))
            if e.unit.name == "区教育局":
                own = next((d for d in deputies if d.person_id == self.deputy_person.pk), None)
                if own is not None and own not in writers:
                    writers[0] = own
            for i, d in enumerate(writers):
                opinions.append(
                    EvaluationOpinion(
                        evaluated=e,
                        deputy=d,
                        text=OPINION_TEXTS[(i + e.unit_id) % len(OPINION_TEXTS)],
                        on=reported_on + datetime.timedelta(days=5),
                        region_id=round_.region_id,
                    )
                )
            for j, text in enumerate(PROBLEM_TEXTS[: 2 + e.unit_id % 2]):
                problems.append(
                    ProblemItem(
                        evaluated=e,
                        text=text,
                        deadline=handed_over + datetime.timedelta(days=92),
                        state=ProblemItem.State.RECTIFIED
                        if j == 0 and e.unit_id % 3 == 0
                        else ProblemItem.State.IN_PROGRESS
                        if j == 0
                        else ProblemItem.State.OPEN,
                        rectified_on=progress_on if j == 0 and e.unit_id % 3 == 0 else None,
                        region_id=round_.region_id,
                    )
                )
        EvaluationOpinion.objects.bulk_create(opinions)
        problems = ProblemItem.objects.bulk_create(problems)
        ProgressReport.objects.bulk_create(
            [
                ProgressReport(
                    problem=p,
                    text="已制定整改方案，明确责任人和完成时限，整改工作正在推进。"
                    if p.state != ProblemItem.State.RECTIFIED
                    else "已完成整改：办事指南全部重新梳理并公开。",
                    on=progress_on,
                    completes=p.state == ProblemItem.State.RECTIFIED,
                )
                for p in problems
                if p.state != ProblemItem.State.OPEN
            ]
        )

    def district_round(self, sc4: Meeting | None) -> None:
        """The district's departments, voted on at the fourth standing-committee meeting (June)."""
        units = [self.units[n] for n in ["区教育局", "区交通运输局", "区行政审批服务中心", "区市场监督管理局"]]
        round_ = EvaluationRound.objects.create(
            title="2017年度区级部门工作评议",
            organiser=self.sc,
            region=self.district,
            year=2017,
            state=EvaluationRound.State.HANDED_OVER if sc4 else EvaluationRound.State.PREPARING,
            handed_over_on=D(2017, 7, 10) if sc4 else None,
            is_published=bool(sc4),
            published_at=_at(D(2017, 7, 12)) if sc4 else None,
        )
        self.events.append(
            audit_event(
                actor=DEMO,
                action="supervision.round.create",
                obj=round_,
                after={"state": round_.state},
                region_id=round_.region_id,
            )
        )
        self.round_rows(round_, units, self.district_deputies, D(2017, 5, 20), D(2017, 7, 10), D(2017, 9, 5))
        if sc4 is not None:
            poll = self.satisfaction_poll(sc4, None, "区级部门工作满意度测评", units, [62, 30, 8])
            EvaluationVote.objects.create(round=round_, number=1, poll=poll)

    def district_round_h2(self) -> None:
        """The second half's round of three departments, still collecting self-reports and the deputies' opinions."""
        units = [self.units[n] for n in ["区卫生健康局", "区民政局", "区住房和城乡建设局"]]
        round_ = EvaluationRound.objects.create(
            title="2017年下半年区级部门工作评议", organiser=self.sc, region=self.district, year=2017
        )
        self.events.append(
            audit_event(
                actor=DEMO,
                action="supervision.round.create",
                obj=round_,
                after={"state": round_.state},
                region_id=round_.region_id,
            )
        )
        EvaluatedUnit.objects.bulk_create(
            [
                EvaluatedUnit(
                    round=round_,
                    unit=u,
                    region_id=round_.region_id,
                    self_report=f"{u.name}2017年下半年工作自查报告：对照年度目标逐项自查。" if i == 0 else "",
                    self_reported_on=D(2017, 11, 10) if i == 0 else None,
                )
                for i, u in enumerate(units)
            ]
        )

    def town_rounds(self) -> None:
        """Every town's mid-year station evaluation: its vote is the satisfaction poll of the mid-year session."""
        for town in self.ctx.towns:
            congress = self.ctx.town_congresses[town.pk]
            poll = (
                Poll.objects.filter(
                    meeting__body=congress, method=Poll.Method.SATISFACTION, meeting__rollout__startswith="midyear"
                )
                .select_related("meeting")
                .first()
            )
            stations = list(Unit.objects.filter(region=town, kind=Unit.Kind.STATION).order_by("pk"))
            if poll is None or {o.ref for o in poll.options.all()} != {f"unit:{u.pk}" for u in stations}:
                continue  # the mid-year sessions are not there as expected: no round
            session_day = poll.meeting.start_date
            round_ = EvaluationRound.objects.create(
                title=f"{town.name}{session_day.year}年度站所工作评议",
                organiser=self.town_bodies[town.pk],
                region=town,
                year=session_day.year,
                state=EvaluationRound.State.HANDED_OVER,
                handed_over_on=session_day + datetime.timedelta(days=11),
                is_published=True,
                published_at=_at(session_day + datetime.timedelta(days=3)),
            )
            self.events.append(
                audit_event(
                    actor=DEMO, action="supervision.round.create", obj=round_, after={"state": round_.state}, region_id=town.pk
                )
            )
            deputies = self.town_deputies.get(town.pk, [])
            self.round_rows(
                round_,
                stations,
                deputies,
                session_day - datetime.timedelta(days=10),
                session_day + datetime.timedelta(days=11),
                session_day + datetime.timedelta(days=35),
            )
            EvaluationVote.objects.create(round=round_, number=1, poll=poll)

    # --- the special inquiry ----------------------------------------------------------------------------------
    def inquiry(self, sc4: Meeting) -> None:
        units = [self.units[n] for n in ["区水利局", "区生态环境分局", "区农业农村局"]]
        order = (sc4.items.order_by("-order").values_list("order", flat=True).first() or 0) + 1
        item = AgendaItem.objects.create(
            meeting=sc4, order=order, kind=AgendaItem.Kind.OTHER, title="就剿灭劣V类水工作开展专题询问"
        )
        poll = self.satisfaction_poll(sc4, item, "对专题询问应询情况的满意度测评", units, [66, 28, 6])
        inquiry = Inquiry.objects.create(
            meeting=sc4,
            item=item,
            subject="剿灭劣V类水工作",
            date=sc4.start_date,
            region_id=sc4.region_id,
            poll=poll,
            state=Inquiry.State.CLOSED,
        )
        InquiryUnit.objects.bulk_create(
            [InquiryUnit(inquiry=inquiry, unit=u, respondent=f"{u.head_name}（{u.head_title}）") for u in units]
        )
        askers = list(
            Person.objects.filter(
                pk__in=sc4.attendances.filter(role=Attendance.Role.MEMBER, status=Attendance.Status.PRESENT).values("person_id")
            ).order_by("pk")[:4]
        )
        questions = [
            "全区劣V类水质断面还有多少个？年底前能否全部销号？",
            "沿河排污口排查整治的进展如何？偷排直排如何做到零容忍？",
            "农村生活污水治理设施建成后的运维管理如何保障？",
            "畜禽养殖污染整治后如何防止反弹？",
        ]
        answering = [units[0], units[1], units[2], units[2]]
        Question.objects.bulk_create(
            [
                Question(
                    inquiry=inquiry,
                    order=i,
                    asker=asker,
                    text=text,
                    unit=unit,
                    answerer=f"{unit.head_name}（{unit.head_title}）",
                    answer=f"{unit.name}回答：已制定专项方案，明确时间节点，确保按期完成。",
                )
                for i, (asker, text, unit) in enumerate(zip(askers, questions, answering, strict=False), start=1)
            ]
        )
        ReviewOpinion.objects.create(
            item=item,
            unit=units[0],
            text="专题询问跟踪事项：请区水利局于三个月内书面报告劣V类水质断面销号进展情况。",
            state=ReviewOpinion.State.DRAFT,
            region_id=sc4.region_id,
        )
        self.events.append(
            audit_event(
                actor=DEMO, action="supervision.inquiry.create", obj=inquiry, after={"poll": poll.pk}, region_id=inquiry.region_id
            )
        )


KIND_CN: dict[str, str] = {
    K.INSPECTION: "视察",
    K.RESEARCH: "调研",
    K.LAW_CHECK: "执法检查",
    K.UNANNOUNCED: "暗访",
    K.FORUM: "座谈",
}
REPORT_BODY = (
    "活动组通过实地察看、听取汇报、座谈交流等方式全面了解有关情况，肯定了取得的成效，指出了存在的问题，提出了意见和建议。"
)
