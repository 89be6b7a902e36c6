"""The 2017 livelihood projects of the seed (DOMAIN.md §3.2): the district congress and each town congress.

- Proposals from the public, deputies and units; a candidate list with more candidates than places, reviewed
  by the standing committee (district) or the presidium (towns).
- The ballot at the session at the turn of the year (the first sitting of the new term: the district's is
  created here through the meetings services, the towns' exist in the meetings demo): the district votes
  for/against/abstain on 12 candidates for 10 places; 王江泾镇 ticks at most 6 of 8; 新塍镇 ranks; the other
  towns vote for/against/abstain. Ballots are records; adoption is counted from them by `tally`.
- Each adopted project has sub-projects and milestones with weights and statuses, dated progress reports
  through 2017 (some with photos), supervision groups with inspections and suggestions. The mid-year town
  sessions (2017-08-14) hear the progress report computed from these records as of that date.
- 新塍镇's 2018 cycle is collecting proposals (for the public form); 王江泾镇's 2018 ballot (tick 6 of 8) is set
  at its session of 12 January 2018, in progress with the deputies signed in, for trying the vote on a phone.

Deterministic (context.rng); a second run finds the cycles and changes nothing.
"""

from __future__ import annotations

import datetime
import struct
import uuid
import zlib
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from renda.core.actors import system
from renda.core.audit import audit_event, audit_record_many
from renda.meetings import services as meeting_services
from renda.meetings.membership import member_person_ids
from renda.meetings.models import AgendaItem, Attendance, Meeting, Poll, PollBallot, PollOption, PollVoter
from renda.org.models import Body, Deputy, Unit
from renda.org.scoping import Scope

from . import services
from .models import (
    Attachment,
    Ballot,
    Candidate,
    Cycle,
    Node,
    ProgressReport,
    Project,
    Proposal,
    SupervisionGroup,
    SupervisionRecord,
)
from .services import ensure_statuses
from .tally import ballot_result

# The demo replays the year's history as the platform itself: one reason on every event and every call.
REASON = "demo: the livelihood projects of the seed"
DEMO = system(REASON)
DEMO_SCOPE = Scope.system(REASON)
K = AgendaItem.Kind
YEAR = 2017

DISTRICT_CANDIDATES = [
    ("城乡公交一体化提升工程", 3200, "区财政", "区交通运输局"),
    ("农村生活污水治理提标改造", 5600, "区财政、上级补助", "区水利局"),
    ("学前教育扩容新建幼儿园3所", 4800, "区财政", "区教育局"),
    ("居家养老服务照料中心全覆盖", 1200, "区财政、福彩公益金", "区民政局"),
    ("城区老旧小区改造", 6500, "区财政、社会资本", "区住房和城乡建设局"),
    ("智慧医疗便民服务工程", 1800, "区财政", "区卫生健康局"),
    ("农贸市场改造提升", 2300, "区财政、镇街配套", "区市场监督管理局"),
    ("劣V类河道清淤剿灭工程", 7200, "政府性投资计划", "区水利局"),
    ("全民健身设施进村社", 900, "区财政、体彩公益金", "区文化和广电旅游体育局"),
    ("城乡居民大病保险提标", 1500, "医保基金", "区医疗保障局"),
    ("食品安全快检室建设", 600, "区财政", "区市场监督管理局"),
    ("中小学校园安全技防工程", 800, "区财政", "区教育局"),
]
TOWN_CANDIDATES = [
    ("集镇污水管网延伸工程", 860, "镇财政"),
    ("农村道路提升改造", 1250, "镇财政、上级补助"),
    ("文化礼堂建设", 420, "镇财政"),
    ("居家养老服务站", 260, "镇财政、福彩公益金"),
    ("集镇停车场建设", 380, "镇财政"),
    ("河道综合整治", 940, "镇财政、上级补助"),
    ("农贸市场改造", 510, "镇财政、社会资本"),
    ("村级便民服务中心标准化", 300, "镇财政"),
]
TOWN_FORMS = {"王江泾镇": ("pick", 6), "新塍镇": ("rank", None)}
PUBLIC_PROPOSERS = [("张建国", "13905731234"), ("李秀英", "13857341122"), ("王海峰", "15968301234")]
REPORT_DATES = [datetime.date(2017, m, d) for m, d in [(3, 15), (5, 10), (7, 20), (9, 18), (11, 20)]]


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _png(rgb: tuple[int, int, int], w: int = 64, h: int = 40) -> bytes:
    """A tiny solid-colour PNG (a stand-in for a site photo)."""
    raw = b"".join(b"\x00" + bytes(rgb) * w for _ in range(h))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def build(context) -> None:
    if Cycle.objects.filter(congress=context.district_congress, year=YEAR).exists():
        return
    with transaction.atomic():
        _build(context)


def _district_session(context) -> Meeting:
    """The district congress's first sitting of the 9th term, at the turn of the year: it votes the 2017 projects."""
    existing = (
        Meeting.objects.filter(body=context.district_congress, start_date__lte=datetime.date(YEAR, 3, 31))
        .order_by("start_date")
        .first()
    )
    if existing:
        return existing
    meeting = meeting_services.meeting_create(
        actor=DEMO,
        scope=DEMO_SCOPE,
        body=context.district_congress,
        start_date=context.district_term.start_date,
        end_date=context.district_term.start_date + datetime.timedelta(days=2),
        venue="区行政中心大礼堂",
        agenda=[
            (K.OTHER, "选举区人民代表大会常务委员会组成人员和区人民政府区长、副区长"),
            (K.HEAR_REPORT, "听取和审议区人民政府工作报告"),
            (K.PROJECT_BALLOT, "票决产生2017年度区政府民生实事项目"),
        ],
    )
    rows = list(meeting.attendances.order_by("person_id"))
    for index, row in enumerate(rows):
        if context.rng.random() < 0.04:
            row.status, row.leave_reason = Attendance.Status.LEAVE, "因公出差"
        else:
            row.status, row.signed_in_at, row.signin_method = (
                Attendance.Status.PRESENT,
                _at(meeting.start_date, 8, index % 50),
                "qr",
            )
    Attendance.objects.bulk_update(rows, ["status", "leave_reason", "signed_in_at", "signin_method"])
    meeting.state, meeting.is_published, meeting.published_at = Meeting.State.CLOSED, True, _at(meeting.end_date, 17)
    meeting.save(update_fields=["state", "is_published", "published_at"])
    return meeting


def _town_session(congress: Body) -> Meeting | None:
    return Meeting.objects.filter(body=congress, start_date__lte=datetime.date(YEAR, 3, 31)).order_by("start_date").first()


def _build(context) -> None:
    statuses = {s.key: s for s in ensure_statuses()}
    district_units = {u.name: u for u in Unit.objects.filter(region=context.district)}
    events = []
    plans: list[tuple[Any, ...]] = [
        (
            context.district_congress,
            _district_session(context),
            10,
            "yna",
            None,
            context.standing_committee,
            [(t, c, f, district_units[u]) for t, c, f, u in DISTRICT_CANDIDATES],
        )
    ]
    for town in context.towns:
        congress = context.town_congresses[town.pk]
        session = _town_session(congress)
        if session is None:
            continue
        stations = list(Unit.objects.filter(region=town).order_by("pk")) or [district_units["区住房和城乡建设局"]]
        form, n = TOWN_FORMS.get(town.name, ("yna", None))
        presidium = Body.objects.filter(congress=congress, kind=Body.Kind.PRESIDIUM).first()
        plans.append(
            (
                congress,
                session,
                6,
                form,
                n,
                presidium,
                [(f"{town.name}{t}", c, f, stations[i % len(stations)]) for i, (t, c, f) in enumerate(TOWN_CANDIDATES)],
            )
        )
    for congress, session, places, form, n, review_body, lines in plans:
        events += _cycle(context, statuses, congress, session, places, form, n, review_body, lines)
    # 新塍镇's 2018 cycle collects proposals; 王江泾镇's 2018 ballot is set at its session, which is under way.
    xc = next(t for t in context.towns if t.name == "新塍镇")
    Cycle.objects.create(congress=context.town_congresses[xc.pk], year=YEAR + 1, places=6, region=xc)
    wjj = next(t for t in context.towns if t.name == "王江泾镇")
    _next_ballot(context, context.town_congresses[wjj.pk])
    audit_record_many(events)


NEXT_SESSION = datetime.date(YEAR + 1, 1, 12)


def _next_ballot(context, congress: Body) -> None:
    """王江泾镇's 2018 cycle: 8 candidates for 6 places, reviewed by the presidium, a tick-6-of-8 secret ballot
    set at the town congress's session of 12 January 2018, which is in progress with the deputies signed in —
    ready for staff to open voting and for deputies to vote on their phones."""
    session = meeting_services.meeting_create(
        actor=DEMO,
        scope=DEMO_SCOPE,
        body=congress,
        start_date=NEXT_SESSION,
        venue="镇政府大会议室",
        agenda=[
            (K.HEAR_REPORT, "听取和审议镇人民政府工作报告"),
            (K.PROJECTS_PROGRESS, f"听取镇人民政府关于{YEAR}年度民生实事项目完成情况的报告并进行满意度测评"),
            (K.PROJECT_BALLOT, f"票决产生{YEAR + 1}年度镇政府民生实事项目"),
        ],
    )
    meeting_services.meeting_transition(actor=DEMO, scope=DEMO_SCOPE, meeting=session, action="convene")
    rows = list(session.attendances.order_by("person_id"))
    own = context.users["deputy"].person.pk
    for index, row in enumerate(rows):
        if row.person_id != own and context.rng.random() < 0.05:
            row.status, row.leave_reason = Attendance.Status.LEAVE, "因公出差"
        else:
            row.status, row.signed_in_at, row.signin_method = Attendance.Status.PRESENT, _at(NEXT_SESSION, 8, index % 50), "qr"
    Attendance.objects.bulk_update(rows, ["status", "leave_reason", "signed_in_at", "signin_method"])
    # the session opens once its quorum has signed in
    meeting_services.meeting_transition(actor=DEMO, scope=DEMO_SCOPE, meeting=session, action="start")
    cycle = services.cycle_create(actor=DEMO, scope=DEMO_SCOPE, congress=congress, year=YEAR + 1, places=6)
    stations = list(Unit.objects.filter(region=congress.region).order_by("pk"))
    titles = [
        "镇区雨污分流改造",
        "农村饮用水提标",
        "幼儿园扩建",
        "老年食堂建设",
        "智慧停车场",
        "河道生态修复",
        "全民健身中心",
        "便民服务中心改造",
    ]
    for i, title in enumerate(titles):
        services.candidate_add(
            actor=DEMO,
            scope=DEMO_SCOPE,
            cycle=cycle,
            title=f"{congress.region.name}{title}",
            cost=200 + 60 * i,
            funding="镇财政",
            unit=stations[i % len(stations)],
            deadline=datetime.date(YEAR + 1, 12, 31),
            description=f"{title}，年内完成。",
        )
    services.cycle_transition(actor=DEMO, scope=DEMO_SCOPE, cycle=cycle, action="close_proposals")
    presidium = Body.objects.get(congress=congress, kind=Body.Kind.PRESIDIUM)
    services.cycle_transition(
        actor=DEMO,
        scope=DEMO_SCOPE,
        cycle=cycle,
        action="review",
        review_body=presidium,
        note="经主席团审议，同意8个候选项目提交大会票决，差额2个。",
        on=datetime.date(YEAR + 1, 1, 5),
    )
    services.ballot_configure(
        actor=DEMO,
        scope=DEMO_SCOPE,
        cycle=cycle,
        meeting=session,
        form="pick",
        max_choices=6,
        kind="secret",
        tie_rule="runoff",
    )
    # The year-end satisfaction evaluation of the 2017 projects, voted and published at the same session.
    previous = Cycle.objects.get(congress=congress, year=YEAR)
    evaluation = services.evaluation_create(actor=DEMO, scope=DEMO_SCOPE, cycle=previous, meeting=session)
    poll = evaluation.poll
    present = [r.person_id for r in rows if r.status == Attendance.Status.PRESENT]
    poll.base_count, poll.present_count, poll.state = len(rows), len(present), Poll.State.PUBLISHED
    poll.started_at, poll.finished_at = _at(NEXT_SESSION, 9), _at(NEXT_SESSION, 9, 15)
    poll.published_at = _at(NEXT_SESSION, 9, 20)
    poll.save()
    options = list(poll.options.order_by("order"))
    ballots = []
    for _person in present:
        choices = {}
        for i, option in enumerate(options):
            weights = [40, 45, 15] if i == len(options) - 1 else [75, 22, 3]  # the last project lagged behind
            choices[str(option.pk)] = context.rng.choices("SBU", weights)[0]
        ballots.append(PollBallot(id=uuid.UUID(int=context.rng.getrandbits(128), version=4), poll=poll, choices=choices))
    PollVoter.objects.bulk_create([PollVoter(poll=poll, person_id=p) for p in present])
    PollBallot.objects.bulk_create(ballots)
    services.cycle_transition(actor=DEMO, scope=DEMO_SCOPE, cycle=previous, action="evaluate")  # 2017 is evaluated


def _cycle(context, statuses, congress, session, places, form, n, review_body, lines) -> list:  # noqa: PLR0915
    rng = context.rng
    region = congress.region
    cycle = Cycle.objects.create(
        congress=congress,
        year=YEAR,
        places=places,
        region=region,
        state=Cycle.State.IMPLEMENTING,
        review_body=review_body,
        review_note="经审议，同意将候选项目提交人民代表大会票决。",
        reviewed_on=session.start_date - datetime.timedelta(days=7),
    )
    # Proposals: from the public, deputies and units; most became candidates, some were declined.
    deputies = list(
        Deputy.objects.filter(congress=congress, status=Deputy.Status.SERVING).select_related("person").order_by("pk")[:40]
    )
    proposals = []
    for i, (title, _cost, _funding, unit) in enumerate(lines):
        source = ["public", "deputy", "unit"][i % 3]
        name, phone = PUBLIC_PROPOSERS[i % len(PUBLIC_PROPOSERS)] if source == "public" else ("", "")
        deputy = deputies[i % len(deputies)] if deputies and source == "deputy" else None
        proposals.append(
            Proposal(
                cycle=cycle,
                source=source,
                title=title,
                description=f"建议实施{title}，惠及群众。",
                proposer_name=name or (deputy.person.name if deputy else unit.name),
                phone=phone,
                person=deputy.person if deputy else None,
                unit=unit if source == "unit" else None,
                state=Proposal.State.SHORTLISTED,
                reason="符合民生实事项目条件，列入候选项目。",
                token=uuid.UUID(int=rng.getrandbits(128), version=4).hex,
                region=region,
            )
        )
    for title in ["修建跨河景观桥", "建设大型主题乐园"]:
        proposals.append(
            Proposal(
                cycle=cycle,
                source="public",
                title=f"{region.name}{title}",
                description=f"希望{title}。",
                proposer_name="赵明",
                phone="13706731111",
                state=Proposal.State.DECLINED,
                reason="投资规模超出年度财力，不宜列入本年度民生实事项目。",
                token=uuid.UUID(int=rng.getrandbits(128), version=4).hex,
                region=region,
            )
        )
    proposals = Proposal.objects.bulk_create(proposals)
    candidates = Candidate.objects.bulk_create(
        [
            Candidate(
                cycle=cycle,
                order=i,
                title=title,
                description=f"{title}：年内完成建设并投入使用。",
                cost=Decimal(cost),
                funding=funding,
                unit=unit,
                deadline=datetime.date(YEAR, 12, 31),
                proposal=proposals[i - 1],
                region=region,
            )
            for i, (title, cost, funding, unit) in enumerate(lines, start=1)
        ]
    )
    # The ballot: a published poll on the session's ballot item.
    item = session.items.filter(kind=K.PROJECT_BALLOT).first()
    if item is None:
        item = AgendaItem.objects.create(
            meeting=session,
            order=(session.items.order_by("-order").values_list("order", flat=True).first() or 0) + 1,
            kind=K.PROJECT_BALLOT,
            title=f"票决产生{YEAR}年度{region.name}政府民生实事项目",
        )
    max_choices = n if form == "pick" else None
    method = {"yna": Poll.Method.YNA, "pick": Poll.Method.PICK, "rank": Poll.Method.RANK}[form]
    present = list(
        session.attendances.filter(role="member", entitled=True, status="present")
        .order_by("person_id")
        .values_list("person_id", flat=True)
    )
    poll = Poll.objects.create(
        meeting=session,
        item=item,
        title=f"{YEAR}年度民生实事项目票决（{len(lines)}选{places}）",
        kind=Poll.Kind.SECRET,
        method=method,
        max_choices=max_choices,
        threshold=Poll.Threshold.HALF_MEMBERS,
        state=Poll.State.PUBLISHED,
        base_count=member_person_ids(body=congress, term=session.term, on=session.start_date).count(),
        present_count=len(present),
        started_at=_at(session.start_date, 10),
        finished_at=_at(session.start_date, 10, 20),
        published_at=_at(session.start_date, 10, 30),
        region=region,
    )
    options = PollOption.objects.bulk_create([PollOption(poll=poll, order=c.order, text=c.title, ref=c.ref) for c in candidates])
    ids = [o.pk for o in options]
    # Support falls with the position on the list, with noise; the last two are the weakest.
    support = [0.97 - 0.035 * i for i in range(len(ids))]
    support[-2:] = [0.42, 0.35]
    ballots, voters = [], []
    for person_id in present:
        if form == "yna":
            choices = {str(i): ("Y" if rng.random() < s else rng.choice("NA")) for i, s in zip(ids, support, strict=True)}
        elif form == "pick":
            ranked = sorted(ids, key=lambda i: -(support[ids.index(i)] + rng.random() * 0.5))
            choices = {str(i): "Y" for i in ranked[:max_choices]}
        else:
            ranked = sorted(ids, key=lambda i: -(support[ids.index(i)] + rng.random() * 0.3))[: len(ids) - 2]
            choices = {str(i): r for r, i in enumerate(ranked, start=1)}
        ballots.append(PollBallot(id=uuid.UUID(int=rng.getrandbits(128), version=4), poll=poll, choices=choices))
        voters.append(PollVoter(poll=poll, person_id=person_id))
    rng.shuffle(ballots)
    PollVoter.objects.bulk_create(voters)
    PollBallot.objects.bulk_create(ballots)
    ballot = Ballot.objects.create(
        cycle=cycle,
        meeting=session,
        item=item,
        poll=poll,
        form=form,
        kind=Poll.Kind.SECRET,
        max_choices=max_choices,
        threshold=Poll.Threshold.HALF_MEMBERS,
        tie_rule=Ballot.TieRule.LIST_ORDER,
        decided_at=_at(session.start_date, 10, 30),
        region=region,
    )
    outcome = ballot_result(ballot)
    by_ref = {c.ref: c for c in candidates}
    projects = Project.objects.bulk_create(
        [
            Project(
                cycle=cycle,
                candidate=by_ref[line.ref],
                title=by_ref[line.ref].title,
                unit=by_ref[line.ref].unit,
                rank=line.rank,
                deadline=by_ref[line.ref].deadline,
                region=region,
            )
            for line in outcome.adopted
        ]
    )
    _implementation(context, statuses, cycle, projects, deputies)
    return [
        audit_event(actor=DEMO, action="projects.cycle.create", obj=cycle, after={"year": YEAR}, region_id=region.pk),
        audit_event(
            actor=DEMO,
            action="projects.ballot.decide",
            obj=ballot,
            after={"adopted": [line.ref for line in outcome.adopted]},
            region_id=region.pk,
        ),
    ]


def _implementation(context, statuses, cycle, projects, deputies) -> None:
    """Sub-projects and milestones, progress reports through 2017, supervision groups and their records."""
    rng = context.rng
    nodes_plan = []  # (project, code, parent code, kind, title, weight, due)
    for p in projects:
        nodes_plan += [
            (p, "1", None, "milestone", "前期审批与设计", 1, datetime.date(YEAR, 4, 30)),
            (p, "2", None, "subproject", "工程建设", 3, datetime.date(YEAR, 10, 31)),
            (p, "2.1", "2", "milestone", "招投标", 1, datetime.date(YEAR, 5, 31)),
            (p, "2.2", "2", "milestone", "主体施工", 3, datetime.date(YEAR, 9, 30)),
            (p, "2.3", "2", "milestone", "配套设施", 1, datetime.date(YEAR, 10, 31)),
            (p, "3", None, "milestone", "验收与投入使用", 1, datetime.date(YEAR, 12, 31)),
        ]
    nodes = Node.objects.bulk_create(
        [
            Node(project=p, code=code, kind=kind, title=title, weight=Decimal(w), due_date=due, order=i, region_id=p.region_id)
            for i, (p, code, _parent, kind, title, w, due) in enumerate(nodes_plan)
        ]
    )
    by_key = {(n.project_id, n.code): n for n in nodes}
    for node, (_p, _code, parent, *_rest) in zip(nodes, nodes_plan, strict=True):
        if parent:
            node.parent = by_key[(node.project_id, parent)]
    Node.objects.bulk_update(nodes, ["parent"])
    # Progress: each report date moves leaves along; pace differs per project (some lag: overdue flags).
    leaves = ["1", "2.1", "2.2", "2.3", "3"]
    schedule: dict[int, list[tuple[str, str, int | None]]] = {
        0: [("1", "in_progress", None), ("2.1", "preparing", None)],
        1: [("1", "done", None), ("2.1", "done", None), ("2.2", "preparing", None)],
        2: [("2.2", "in_progress", 60), ("2.3", "preparing", None)],
        3: [("2.2", "nearly_done", None), ("2.3", "in_progress", None)],
        4: [("2.2", "done", None), ("2.3", "done", None), ("3", "in_progress", 40)],
    }
    reports, attachments = [], []
    for index, p in enumerate(projects):
        lag = 0 if index % 3 else 1  # every third project is one step behind
        for step, on in enumerate(REPORT_DATES):
            moves = schedule.get(step - lag, [])
            for code, status_key, pct in moves:
                node = by_key[(p.pk, code)]
                node.status, node.progress = statuses[status_key], (Decimal(pct) if pct is not None else None)
                reports.append(
                    ProgressReport(
                        project=p,
                        node=node,
                        reported_on=on,
                        text=f"{node.title}：{statuses[status_key].name}" + (f"，完成{pct}%" if pct else "") + "。",
                        status=statuses[status_key],
                        progress=Decimal(pct) if pct is not None else None,
                        token=uuid.UUID(int=rng.getrandbits(128), version=4).hex,
                        region_id=p.region_id,
                    )
                )
    Node.objects.bulk_update([n for n in nodes if n.code in leaves], ["status", "progress"])
    reports = ProgressReport.objects.bulk_create(reports)
    # Site photos on the district's first projects' latest construction reports.
    if cycle.congress.level == Body.Level.DISTRICT:
        colours = [(74, 128, 77), (120, 144, 156), (191, 160, 96), (96, 125, 139)]
        for i, report in enumerate(
            [r for r in reports if r.node is not None and r.node.code == "2.2" and r.reported_on == REPORT_DATES[2]][:4]
        ):
            a = Attachment(report=report, kind=Attachment.Kind.PHOTO, title=f"现场照片{i + 1}.png")
            a.file.save(f"site-{report.project_id}-{i}.png", ContentFile(_png(colours[i % 4])), save=False)
            attachments.append(a)
        Attachment.objects.bulk_create(attachments)
    # Supervision: two groups, each assigned half the projects, with inspections and suggestions.
    if len(deputies) >= 6:
        half = (len(projects) + 1) // 2
        records = []
        own = Deputy.objects.filter(person__user=context.users.get("deputy"), congress=cycle.congress).first()
        for g, (name, members, assigned) in enumerate(
            [
                ("第一督查组", deputies[0:4] + ([own] if own else []), projects[:half]),
                ("第二督查组", deputies[4:8], projects[half:]),
            ]
        ):
            group = SupervisionGroup.objects.create(cycle=cycle, name=name, region=cycle.region)
            group.members.set({d.pk for d in members})
            group.projects.set(assigned)
            for j, p in enumerate(assigned):
                d = members[j % len(members)]
                records.append(
                    SupervisionRecord(
                        project=p,
                        deputy=d,
                        kind="inspection",
                        on=datetime.date(YEAR, 6 + g, 10 + j % 15),
                        text=f"实地察看{p.title}施工现场，进度基本符合计划。",
                        token=uuid.UUID(int=rng.getrandbits(128), version=4).hex,
                        region=cycle.region,
                    )
                )
                if j % 2 == 0:
                    records.append(
                        SupervisionRecord(
                            project=p,
                            deputy=members[(j + 1) % len(members)],
                            kind="suggestion",
                            on=datetime.date(YEAR, 6 + g, 12 + j % 15),
                            text="建议加强施工安全管理，及时公开项目进展，听取周边群众意见。",
                            token=uuid.UUID(int=rng.getrandbits(128), version=4).hex,
                            region=cycle.region,
                        )
                    )
        SupervisionRecord.objects.bulk_create(records)
