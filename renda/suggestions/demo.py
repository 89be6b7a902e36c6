"""The 2017 suggestions of the demo district, replayed as events through the services (with their dates).

A handful of named suggestions come first (the permission matrix and the guide talk about them), then a
year of district and town suggestions through their whole lifecycle: submission with co-signers, review,
assignment, units accepting or returning, co-unit opinions, contact, answers, feedback, re-handling,
follow-ups, publication — and exactly 7 key suggestions led by district government leaders and supervised
by members of the directors' meeting (the seed: "7件建议列为2017年度重点建议，由区政府领导领办，区人大领导督办").
Deterministic (its own seeded generator); does nothing when the suggestions already exist.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction

from renda.core.actors import SystemActor, system
from renda.core.models import User
from renda.meetings.models import Meeting
from renda.org.demo import demo_user
from renda.org.models import Deputy, Membership, Person, Role, RoleGrant, Unit
from renda.org.scoping import Scope
from renda.org.services import person_fill_keys

from . import kept, services
from .models import Assignment, KeySuggestion, Rating, State, Suggestion

D = datetime.date
# The demo replays a year of events as the platform: a system scope and actor, named in every audit event; an office
# user's review is recorded as done on their behalf.
REASON = "demo: the 2017 suggestions replayed"
SYSTEM = Scope.system(REASON)
DEMO = system(REASON)
PASSWORD = "Renda@2017"  # noqa: S105 - the demo logins' password (renda.org.demo.DEMO_PASSWORD)
KEY_DECISION = "秀洲区人大常委会2017年第3次主任会议决定"
GOVERNMENT_LEADERS = [
    ("沈国华", "区长"), ("陈志明", "常务副区长"), ("王建平", "副区长"), ("张丽萍", "副区长"),
    ("李卫东", "副区长"), ("朱海林", "副区长"), ("徐振宇", "副区长"),
]  # fmt: skip

# Named suggestions (title, category): the matrix and the browser guide find them by title.
OWN_ANSWERED = "关于加强中小学校园周边交通安全管理的建议"
EDU_CO_UNIT = "关于推进农村生活污水治理设施长效运维的建议"
OTHER_UNIT = "关于增设城乡公交线路方便群众出行的建议"
WJJ_TOWN = "关于修缮王江泾镇老街排水管网的建议"
XC_TOWN = "关于新塍镇农贸市场提升改造的建议"
OWN_DRAFT = "关于推广垃圾分类积分兑换的建议（草稿）"
OWN_COSIGN = "关于增加社区养老服务中心床位的建议"

TOPICS = {
    "经济发展": ["小微企业融资服务", "传统产业转型升级", "招商引资项目落地", "营商环境优化", "特色小镇建设"],
    "城乡建设": ["老旧小区加装电梯", "城中村改造", "背街小巷整治", "农村公厕提升", "停车位规划建设"],
    "交通出行": ["公交线路优化", "道路交叉口信号灯设置", "农村道路拓宽", "校园周边交通秩序", "公共自行车站点布局"],
    "教育文化": ["义务教育学校扩容", "幼儿园学位供给", "农村文化礼堂使用", "教师队伍建设", "课后托管服务"],
    "医疗卫生": ["社区卫生服务中心能力", "家庭医生签约服务", "基层医疗设备更新", "急救站点布局", "医保结算便利化"],
    "社会保障": ["居家养老服务", "困难群众救助", "残疾人就业帮扶", "被征地农民保障", "灵活就业人员参保"],
    "生态环境": ["劣V类水体治理", "河道清淤保洁", "工业园区废气治理", "垃圾分类处理", "农村生活污水治理"],
    "农业农村": ["农田水利设施", "家庭农场扶持", "农产品品牌建设", "美丽乡村建设", "土地流转规范"],
    "政法综治": ["社区网格化管理", "电动自行车防盗", "矛盾纠纷调解", "食品安全监管", "消防安全隐患整治"],
    "其他": ["政务服务最多跑一次", "公共法律服务", "志愿服务体系", "档案信息化", "防汛防台能力"],
}
UNIT_BY_CATEGORY = {
    "经济发展": ["区发展和改革局", "区经济和信息化局", "区商务局"],
    "城乡建设": ["区住房和城乡建设局", "区自然资源和规划分局", "区综合行政执法局"],
    "交通出行": ["区交通运输局", "区公安分局"],
    "教育文化": ["区教育局", "区文化和广电旅游体育局"],
    "医疗卫生": ["区卫生健康局", "区医疗保障局"],
    "社会保障": ["区民政局", "区人力资源和社会保障局", "区残疾人联合会"],
    "生态环境": ["区生态环境分局", "区水利局", "区综合行政执法局"],
    "农业农村": ["区农业农村局", "区水利局"],
    "政法综治": ["区公安分局", "区司法局", "区市场监督管理局", "区应急管理局"],
    "其他": ["区行政审批服务中心", "区司法局", "区大数据发展中心"],
}
ANSWER_TEXT = (
    "收到您的建议后，我单位高度重视，成立专班研究办理，多次与您沟通并实地察看。"
    "针对{topic}问题，我们已会同相关部门制定工作方案，明确责任分工和时间节点，并纳入年度重点工作推进。"
)


def _text(rng: random.Random, topic: str, place: str) -> str:
    return (
        f"{place}群众反映，{topic}方面还存在不少问题，影响群众生产生活。"
        f"建议有关部门加强调查研究，加大投入力度，完善{topic}的长效机制，"
        f"明确责任单位和完成时限，{rng.choice(['分步实施', '尽快落实', '统筹推进'])}，切实回应群众关切。"
    )


def scanned_letter(number: str) -> bytes:
    """A one-page PDF standing in for a unit's scanned, signed letter."""
    text = f"Answer letter to suggestion {number}".encode()
    stream = b"BT /F1 14 Tf 72 760 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _days(day: D, n: int) -> D:
    return day + datetime.timedelta(days=n)


class Builder:
    def __init__(self, context):
        self.ctx = context
        self.rng = random.Random(20174)
        self.office: SystemActor = system(REASON, on_behalf_of=context.users.get("office"))
        self.units = {u.name: u for u in Unit.objects.filter(region=context.district)}
        self.stations = {}
        for u in Unit.objects.exclude(region=context.district).order_by("pk"):
            self.stations.setdefault(u.region_id, []).append(u)

    def deputy_scope(self, deputy: Deputy) -> Scope:
        return Scope(user_id=None, roles=frozenset({Role.DEPUTY}), person_id=deputy.person_id)

    # --- One suggestion's life --------------------------------------------------------------------------------
    def create(
        self, author, title, category, text, day, *, cosigners=(), period="recess", meeting=None, submit=True, attachments=()
    ):
        s = services.suggestion_create(
            actor=DEMO, scope=self.deputy_scope(author), author=author, title=title, text=text, category=category,
            period=period, meeting=meeting, cosigners=list(cosigners), submit=submit, on=day, attachments=list(attachments),
        )  # fmt: skip
        return s

    def cosign_all(self, s, cosigners, day, decline_one=False):
        for i, d in enumerate(cosigners):
            services.cosign_respond(actor=DEMO, scope=self.deputy_scope(d), suggestion=s, confirm=not (decline_one and i == 0),
                                    on=day)  # fmt: skip
        s.refresh_from_db()
        return s

    def assign(self, s, lead, co=(), day=None):
        return services.suggestion_assign(actor=self.office, scope=SYSTEM, suggestion=s, lead=lead, co_units=list(co), on=day)

    def lead(self, s) -> Assignment:
        return s.assignments.get(role=Assignment.Role.LEAD, status__in=Assignment.LIVE)

    def answer(self, s, day, outcome, topic, follow_up=None, reason="", word=False):
        """Units mostly upload their signed letter as a PDF; `word` generates the Word letter instead."""
        a = self.lead(s)
        return services.answer_submit(
            actor=DEMO, scope=SYSTEM, assignment=a, outcome=outcome, text=ANSWER_TEXT.format(topic=topic), on=day,
            letter_pdf=None if word else scanned_letter(s.number), letter_name=f"{s.number}.pdf",
            reason=reason or ("受资金和规划条件限制，目前暂不具备实施条件，我们将持续关注并创造条件逐步解决。" if outcome == "C" else ""),
            follow_up_on=follow_up,
        )  # fmt: skip

    def feedback(self, s, author, day, process, result, comment=""):
        return services.feedback_give(actor=DEMO, scope=self.deputy_scope(author), suggestion=s, process=process, result=result,
                                      comment=comment, on=day)  # fmt: skip

    def life(self, s, author, topic, lead, co, assigned_on, *, rng, key=None):  # noqa: PLR0912
        """From assignment to the end of 2017, with the odds of real handling."""
        if key is None and rng.random() < 0.03:  # the lead unit is not competent: returned, then reassigned
            s = self.assign(s, lead, co, assigned_on)
            services.assignment_return(actor=DEMO, scope=SYSTEM, assignment=self.lead(s), reason="该事项不属于本单位职责范围。",
                                       on=_days(assigned_on, rng.randrange(2, 9)))  # fmt: skip
            others = [u for u in self.units.values() if u.pk != lead.pk and u.kind == Unit.Kind.DEPARTMENT]
            lead = rng.choice(others)
            assigned_on = _days(assigned_on, 12)
            s = services.suggestion_assign(
                actor=self.office, scope=SYSTEM, suggestion=s, lead=lead, co_units=[], on=assigned_on
            )
        else:
            s = self.assign(s, lead, co, assigned_on)
        if key is not None:
            key(s)
        if rng.random() < 0.05:
            services.suggestion_extend(actor=self.office, scope=SYSTEM, suggestion=s, consent="经区人大常委会代表工委同意，延期至六个月内答复。",
                                       on=_days(assigned_on, 40))  # fmt: skip
        for a in s.assignments.filter(status=Assignment.Status.PENDING):
            services.assignment_accept(actor=DEMO, scope=SYSTEM, assignment=a, on=_days(assigned_on, rng.randrange(1, 8)))
            if a.role == Assignment.Role.CO:
                services.co_opinion_send(actor=DEMO, scope=SYSTEM, assignment=a, opinion=f"我单位对{topic}问题提出会办意见，同意主办单位意见并配合落实。",
                                         on=_days(assigned_on, rng.randrange(15, 70)))  # fmt: skip
        lead_a = self.lead(s)
        services.contact_record_add(actor=DEMO, scope=SYSTEM, assignment=lead_a, contacted_on=_days(assigned_on, rng.randrange(8, 30)),
                                    method=rng.choice(["visit", "phone", "meeting"]), summary=f"就{topic}问题与代表面商，听取意见。")  # fmt: skip
        s.refresh_from_db()
        late = rng.random() < 0.06
        answered_on = _days(s.answer_due, rng.randrange(3, 25)) if late else _days(assigned_on, rng.randrange(30, 85))
        if answered_on > D(2017, 12, 20):
            return s  # still with the unit at the end of the year
        outcome = rng.choices(["A", "B", "C"], [55, 30, 15])[0]
        follow_up = _days(answered_on, rng.randrange(90, 200)) if outcome == "B" else None
        self.answer(s, answered_on, outcome, topic, follow_up)
        day = _days(answered_on, rng.randrange(5, 20))
        rating = rng.choices([Rating.SATISFIED, Rating.BASIC, Rating.NOT], [70, 22, 8])[0]
        process = Rating.SATISFIED if rating != Rating.NOT or rng.random() < 0.5 else Rating.BASIC
        self.feedback(s, author, day, process, rating, "" if rating != Rating.NOT else "答复未能解决实际问题，希望再研究。")
        s.refresh_from_db()
        if s.state == State.REHANDLING:
            again = _days(day, rng.randrange(10, 40))
            self.answer(s, again, rng.choice(["A", "B"]), topic, _days(again, 120))
            self.feedback(s, author, _days(again, 7), Rating.SATISFIED, rng.choice([Rating.SATISFIED, Rating.BASIC]))
            s.refresh_from_db()
        if s.follow_up_due and rng.random() < 0.6 and s.state == State.CLOSED:
            services.answer_follow_up(actor=DEMO, scope=SYSTEM, assignment=self.lead(s), text=ANSWER_TEXT.format(topic=topic) + "目前该事项已解决。",
                                      on=min(s.follow_up_due, D(2017, 12, 28)))  # fmt: skip
            s.refresh_from_db()
        if s.state == State.CLOSED and rng.random() < 0.8:
            services.suggestion_publish(actor=self.office, scope=SYSTEM, suggestion=s, on=_days(s.closed_on, 10))
        return s


def _logins(ctx, district_deputies: list[Deputy], wjj_town_deputy: Deputy) -> dict[str, Deputy]:
    """deputy_s1 (a district deputy of 王江泾镇, co-signs with `deputy`) and deputy_s2 (a 王江泾镇 town deputy)."""
    own = Deputy.objects.filter(person__user__username="deputy", congress=ctx.district_congress).first()
    if own is None:
        raise RuntimeError("the org demo has no district mandate for the 'deputy' login")
    wjj = next(d for d in district_deputies if d.person_id != own.person_id and d.region.path.startswith(ctx.towns[0].path)
               and d.person.user_id is None)  # fmt: skip
    out = {"deputy": own}
    for username, deputy, label in [("deputy_s1", wjj, "区代表"), ("deputy_s2", wjj_town_deputy, "镇代表")]:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = demo_user(username, f"{label} {deputy.person.name}", password=PASSWORD)
            RoleGrant.objects.create(user=user, role=Role.DEPUTY)
            Person.objects.filter(pk=deputy.person_id, user__isnull=True).update(user=user)
        ctx.users[username] = user
        out[username] = deputy
    # A clerk of 区水利局, so that a co-unit can be shown answering beside 区教育局's edu_clerk.
    clerk = User.objects.filter(username="sl_clerk").first()
    if clerk is None:
        clerk = demo_user("sl_clerk", "区水利局 办理员", password=PASSWORD)
        RoleGrant.objects.create(user=clerk, role=Role.UNIT_CLERK, unit=Unit.objects.get(region=ctx.district, name="区水利局"))
    ctx.users["sl_clerk"] = clerk
    return out


def _government_leaders() -> list[tuple[Person, str]]:
    """The district government's leaders who lead key suggestions, with their posts."""
    people = []
    for i, (name, title) in enumerate(GOVERNMENT_LEADERS):
        person = Person.objects.filter(name=name, id_number__isnull=True, birth_date=D(1966 + i, 3, 1)).first()
        if person is None:
            person = person_fill_keys(Person(name=name, gender="F" if name == "张丽萍" else "M", birth_date=D(1966 + i, 3, 1),
                                             party=Person.Party.CPC))  # fmt: skip
            person.save()
        people.append((person, title))
    return people


def session_of(congress) -> Meeting | None:
    """The congress's session of the demo year, at which its session suggestions are made: the meetings demo holds
    the towns' first sessions and the projects demo the district's (both build before this app, INSTALLED_APPS
    order); the same session the 2017 projects were voted at."""
    return Meeting.objects.filter(body=congress, start_date__lte=D(2017, 3, 31)).order_by("start_date", "pk").first()


def build(context) -> None:
    if Suggestion.objects.exists() or context.district_congress is None:
        return
    with transaction.atomic(), kept.deferred():
        _build(context)
        kept.rebuild()  # the year's writes left the kept figures to one recount at the end


def _build(ctx) -> None:  # noqa: PLR0915 - one linear script reads best
    b = Builder(ctx)
    rng = b.rng
    dc = ctx.district_congress
    serving = Deputy.objects.filter(status=Deputy.Status.SERVING).select_related("person", "region", "congress").order_by("pk")
    district_deputies = list(serving.filter(congress=dc))
    wjj, xc = ctx.towns[0], ctx.towns[2]
    wjj_town = list(serving.filter(congress=ctx.town_congresses[wjj.pk]))
    xc_town = list(serving.filter(congress=ctx.town_congresses[xc.pk]))
    logins = _logins(ctx, district_deputies, wjj_town[0])
    own, s1 = logins["deputy"], logins["deputy_s1"]
    xc_district = next(d for d in district_deputies if d.region.path.startswith(xc.path))
    u = b.units
    session = session_of(dc)

    # --- Named suggestions ----------------------------------------------------------------------------------------
    s = b.create(own, OWN_ANSWERED, "交通出行", _text(rng, "校园周边交通安全", "王江泾镇"), D(2017, 2, 15), period="session",
                 meeting=session, cosigners=[s1], attachments=[("现场情况说明.docx", _docx("校门口早晚高峰车辆拥堵，学生过马路不安全。"))])  # fmt: skip
    s = b.cosign_all(s, [s1], D(2017, 2, 15))
    s = b.assign(s, u["区教育局"], [u["区公安分局"]], D(2017, 3, 10))
    for a in s.assignments.all():
        services.assignment_accept(actor=DEMO, scope=SYSTEM, assignment=a, on=D(2017, 3, 12))
    services.co_opinion_send(actor=DEMO, scope=SYSTEM, assignment=s.assignments.get(role="co"),
                             opinion="我局将在上下学时段增派警力，配合设置限速标志。", on=D(2017, 4, 20))  # fmt: skip
    services.contact_record_add(actor=DEMO, scope=SYSTEM, assignment=b.lead(s), contacted_on=D(2017, 4, 1), method="visit",
                                summary="到代表所在学校周边实地察看，听取代表意见。")  # fmt: skip
    b.answer(s, D(2017, 5, 25), "A", "校园周边交通安全", word=True)
    b.feedback(s, own, D(2017, 6, 2), Rating.SATISFIED, Rating.SATISFIED, "答复及时，措施落实到位。")
    services.suggestion_publish(actor=b.office, scope=SYSTEM, suggestion=s, on=D(2017, 6, 10))

    s = b.create(s1, EDU_CO_UNIT, "生态环境", _text(rng, "农村生活污水治理设施运维", "王江泾镇"), D(2017, 9, 5))
    b.assign(s, u["区水利局"], [u["区教育局"]], D(2017, 9, 11))
    s = b.create(xc_district, OTHER_UNIT, "交通出行", _text(rng, "城乡公交线路", "新塍镇"), D(2017, 9, 6))
    b.assign(s, u["区交通运输局"], [], D(2017, 9, 12))
    s = b.create(wjj_town[1], WJJ_TOWN, "城乡建设", _text(rng, "老街排水管网", "王江泾镇"), D(2017, 3, 2), period="session",
                 meeting=session_of(ctx.town_congresses[wjj.pk]))  # fmt: skip
    services.suggestion_assign(
        actor=system(REASON, on_behalf_of=ctx.users.get("wjj_staff")), scope=SYSTEM, suggestion=s, lead=b.stations[wjj.pk][1], on=D(2017, 3, 15)
    )
    b.create(xc_town[1], XC_TOWN, "经济发展", _text(rng, "农贸市场提升改造", "新塍镇"), D(2017, 11, 20))
    b.create(own, OWN_DRAFT, "生态环境", _text(rng, "垃圾分类积分兑换", "王江泾镇"), D(2017, 12, 1), submit=False)
    s = b.create(s1, OWN_COSIGN, "社会保障", _text(rng, "社区养老服务床位", "王江泾镇"), D(2017, 12, 5), cosigners=[own])

    # --- A year of district suggestions -------------------------------------------------------------------------------
    authors = rng.sample(district_deputies, 70)
    lives = []
    used_titles: set[str] = set()
    for i in range(100):
        author = authors[i % len(authors)]
        category = rng.choice(list(TOPICS))
        topic = rng.choice(TOPICS[category])
        place = author.region.name
        title = f"关于{place}{topic}的建议"
        if title in used_titles:
            title = f"关于进一步做好{place}{topic}工作的建议"
        used_titles.add(title)
        in_session = i < 65
        day = (
            D(2017, 2, 15) + datetime.timedelta(days=rng.randrange(0, 3))
            if in_session
            else D(2017, 3, 1) + datetime.timedelta(days=rng.randrange(0, 200))
        )
        cos = [d for d in rng.sample(district_deputies, rng.choice([0, 0, 0, 1, 2, 3])) if d.person_id != author.person_id]
        s = b.create(author, title, category, _text(rng, topic, place), day, cosigners=cos,
                     period="session" if in_session else "recess", meeting=session if in_session else None)  # fmt: skip
        if cos:
            s = b.cosign_all(s, cos, _days(day, 1), decline_one=rng.random() < 0.15)
        lives.append((s, author, category, topic))
    merged_targets: dict[str, Suggestion] = {}
    leaders = _government_leaders()
    directors = [m.person for m in Membership.objects.filter(body=ctx.directors_meeting).select_related("person", "person__user")
                 .order_by("pk")]  # fmt: skip
    keys_made: list[KeySuggestion] = []

    def make_key(s):
        leader, post = leaders[len(keys_made)]
        supervisor = directors[len(keys_made) % len(directors)]
        key = services.key_designate(
            actor=b.office, scope=SYSTEM, suggestion=s, decision=KEY_DECISION, decided_on=D(2017, 3, 20), lead_leader=leader,
            lead_leader_title=post, supervisor=supervisor,
            plan="督办领导每季度听取一次办理进展汇报，年中组织代表实地视察，年底对办理结果进行评估。",
        )  # fmt: skip
        for month, text in [(5, "领办领导召开专题协调会，明确责任单位和时间节点。"), (8, "督办领导带队实地视察，听取承办单位汇报。"),
                            (11, "承办单位已按计划落实主要措施，督办领导听取办理情况汇报。")]:  # fmt: skip
            services.key_progress_add(actor=DEMO, scope=SYSTEM, key=key, on=D(2017, month, 15), text=text)
        keys_made.append(key)

    for index, (s, author, category, topic) in enumerate(lives):
        roll = rng.random()
        review_day = D(2017, 3, 8) if s.period == "session" else _days(s.submitted_on, rng.randrange(2, 9))
        if roll < 0.04:
            services.suggestion_refuse(actor=b.office, scope=SYSTEM, suggestion=s, on=review_day,
                                       reason=rng.choice(["属于个案诉求，建议通过诉讼途径解决。", "内容不属于代表建议范围，转有关部门参考。"]))  # fmt: skip
            continue
        if roll < 0.07 and topic in merged_targets:
            services.suggestion_merge(actor=b.office, scope=SYSTEM, suggestion=s, target=merged_targets[topic], on=review_day)
            continue
        merged_targets.setdefault(topic, s)
        services.suggestion_accept(actor=b.office, scope=SYSTEM, suggestion=s, on=review_day)
        names = UNIT_BY_CATEGORY[category]
        lead = u[rng.choice(names)]
        co = (
            [u[n] for n in rng.sample(names, min(len(names), rng.choice([1, 1, 2]))) if n != lead.name]
            if rng.random() < 0.35
            else []
        )
        is_key = s.period == "session" and index % 6 == 5 and len(keys_made) < len(leaders)
        b.life(s, author, topic, lead, co, _days(review_day, 2), rng=rng, key=make_key if is_key else None)

    # --- Town suggestions (王江泾镇, 新塍镇), handled by the town stations -----------------------------------------------
    for town, deputies in [(wjj, wjj_town), (xc, xc_town)]:
        stations = b.stations[town.pk]
        meeting = session_of(ctx.town_congresses[town.pk])
        for i in range(8):
            author = deputies[(i * 3 + 2) % len(deputies)]
            category = rng.choice(["城乡建设", "农业农村", "生态环境", "社会保障"])
            topic = rng.choice(TOPICS[category])
            s = b.create(author, f"关于{author.region.name}{topic}的建议", category, _text(rng, topic, author.region.name),
                         D(2017, 3, 2), period="session", meeting=meeting)  # fmt: skip
            services.suggestion_accept(actor=DEMO, scope=SYSTEM, suggestion=s, on=D(2017, 3, 10))
            b.life(s, author, topic, stations[i % len(stations)], [], D(2017, 3, 12), rng=rng)

    assert KeySuggestion.objects.count() == 7  # noqa: S101 - the seed's figure, counted from records

    # The daily job on the demo year's last day: every part still with a unit is where the escalation ladder puts it
    # (the co-unit of EDU_CO_UNIT, assigned in September and never accepted, is escalated to the office and leaders).
    from .jobs import run_ladder

    run_ladder(D(2017, 12, 31))


def _docx(text: str) -> bytes:
    """A real Word document (attachments are checked by content: a text file is not accepted)."""
    import io

    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
