"""The 2017 meetings of the seed (DOMAIN.md §3.1, seed paragraphs on the standing committee and mid-year sessions).

- Standing committee of the 9th district congress: 4 meetings in 2017 H1, hearing the six reports the seed
  lists: the 1st adopts the decision on strengthening its own work, the 2nd (13 April) hears the environment
  report, the 3rd decides (named vote) to put the river-dredging project into the 2017 investment plan, the 4th
  hears the report on the campaign against class-V water.
- Directors' meeting: 6 meetings, approving the review opinions on those reports; opinions followed up.
- The mid-year sessions of all five towns on one day (2017-08-14), from one agenda, with attendance,
  a secret vote on the budget adjustment and a satisfaction vote on the town stations.
- Every congress session opened by its preparatory meeting (预备会议): the deputies present elect the session
  presidium (and, at the district congress, the session's secretary-general) from a draft list and adopt the
  session's agenda, each by a show of hands counted by two staff (`preparatory_record`). The decisions demo writes
  them, once every session is held (the district's and 王江泾镇's third are the projects demo's), so that the
  demos before it find each session as the only sitting of its day.
- Deputy logins deputy02…deputy04 (standing-committee members) for trying votes on a phone.

Every figure (meetings held, reports heard, votes) is counted from these records. Deterministic: a second
run finds the meetings and changes nothing.
"""

from __future__ import annotations

import datetime
import random
import uuid
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from renda.core import rules as core_rules
from renda.core.actors import system
from renda.core.audit import audit_event, audit_record_many
from renda.core.models import User
from renda.org.demo import demo_user
from renda.org.models import Body, Deputy, Membership, Role, RoleGrant, Unit
from renda.org.scoping import Scope

from . import services
from .membership import member_person_ids, preparatory_title
from .models import (
    AgendaItem,
    Attendance,
    Decision,
    Document,
    Meeting,
    PaperCount,
    Poll,
    PollBallot,
    PollOption,
    PollVoter,
    ReviewOpinion,
)
from .services.preparatory import preparatory_agenda, seat_session_presidium

DEMO_REASON = "demo: the 2017 meetings"
ADMIN_SCOPE = Scope.system(DEMO_REASON)
DEMO = system(DEMO_REASON)
DEMO_PASSWORD = "Renda@2017"  # noqa: S105 - the demo logins' password
VOTER_LOGINS = ["deputy02", "deputy03", "deputy04"]
K = AgendaItem.Kind

# Standing-committee meetings of 2017 H1: (number, date, [(kind, title, unit, opinion?)]).
SC_MEETINGS = [
    (
        1,
        datetime.date(2017, 1, 20),
        [
            (K.LAW_STUDY, "学习《中华人民共和国全国人民代表大会和地方各级人民代表大会代表法》", None, False),
            (K.RESOLUTION, "审议《秀洲区人大常委会关于切实加强自身建设的决定（草案）》", None, False),
            (K.HEAR_REPORT, "听取和审议区人民政府关于农民建房确权发证工作情况的报告", "区自然资源和规划分局", True),
        ],
    ),
    (
        2,
        datetime.date(2017, 4, 13),
        [
            (K.LAW_STUDY, "学习《中华人民共和国预算法》", None, False),
            (K.HEAR_REPORT, "听取和审议区人民政府关于2016年度环境状况和环境保护目标完成情况的报告", "区生态环境分局", True),
            (K.HEAR_REPORT, "听取和审议区人民政府关于促进学前教育优质发展推动情况的报告", "区教育局", True),
        ],
    ),
    (
        3,
        datetime.date(2017, 5, 25),
        [
            (K.LAW_STUDY, "学习《浙江省各级人民代表大会常务委员会讨论决定重大事项的规定》", None, False),
            (
                K.DECISION,
                "审议区人民政府关于提请将加快剿灭劣V类河道清淤工程项目列入2017年度政府性投资计划的议案",
                "区发展和改革局",
                False,
            ),
            (K.HEAR_REPORT, "听取和审议区人民检察院关于未成年人刑事检察工作情况的报告", "区人民检察院", True),
        ],
    ),
    (
        4,
        datetime.date(2017, 6, 29),
        [
            (K.LAW_STUDY, "学习《中华人民共和国水污染防治法》", None, False),
            (K.HEAR_REPORT, "听取和审议区人民政府关于剿灭劣V类水工作情况的报告", "区水利局", True),
            (K.HEAR_REPORT, "听取和审议区人民政府关于半年度全区经济社会发展情况的报告", "区发展和改革局", True),
        ],
    ),
]
DIRECTORS_DATES = [datetime.date(2017, m, d) for m, d in [(1, 12), (2, 16), (4, 11), (5, 16), (6, 13), (6, 20)]]
DECISION_TEXT = "同意将加快剿灭劣V类河道清淤工程项目列入2017年度政府性投资计划。"
SELF_BUILDING_TEXT = (
    "为切实改进作风、提升效能，从坚持党的领导、提升履职水平、依法履行职责、树立民本意识和增强自律意识五个方面，"
    "对新一届常委会组成人员提出要求。"
)
# how far each report's review opinion had come by the end of the demo year, by the unit that reported
OPINION_STAGES = {
    "区自然资源和规划分局": "closed",
    "区生态环境分局": "reported",
    "区教育局": "sent",
    "区人民检察院": "reported",
    "区水利局": "sent",
    "区发展和改革局": "draft",
}
MIDYEAR_DATE = datetime.date(2017, 8, 14)
MIDYEAR_AGENDA = [
    (K.HEAR_REPORT, "听取和审议镇人民政府半年度工作报告"),
    (K.EXAMINE_APPROVE, "审查和批准镇本级财政预算执行情况报告、财政预算调整方案和2016年度本级财政决算"),
    (K.PROJECTS_PROGRESS, "听取镇人民政府关于2017年度代表票决民生实事项目实施情况的报告"),
    (K.UNIT_EVALUATION, "对镇站所开展评议并进行满意度测评"),
]


def _at(day: datetime.date, hour: int, minute: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def build(context) -> None:
    if Meeting.objects.filter(body=context.standing_committee).exists():
        context.users.update({u.username: u for u in User.objects.filter(username__in=VOTER_LOGINS)})
        return
    with transaction.atomic():
        _build(context)


def _voter_logins(context) -> None:
    seats = (
        Membership.objects.filter(body=context.standing_committee, role=Membership.Role.MEMBER, person__user__isnull=True)
        .select_related("person")
        .order_by("person__name_pinyin", "pk")[: len(VOTER_LOGINS)]
    )
    for username, seat in zip(VOTER_LOGINS, seats, strict=True):
        user = demo_user(username, f"{seat.person.name}（常委会组成人员）")
        RoleGrant.objects.create(user=user, role=Role.DEPUTY)
        seat.person.user = user
        seat.person.save(update_fields=["user"])
        context.users[username] = user


def _attend(context, meeting: Meeting, *, leave_rate: float, absent_rate: float, hour: int = 8) -> list[int]:
    """Mark the members' attendance: most signed in by QR, some on leave, a few absent. Returns present person ids."""
    rng = context.rng
    rows = list(meeting.attendances.order_by("person_id"))
    present = []
    own = context.users["deputy"].person.pk
    for index, row in enumerate(rows):
        draw = rng.random() if row.person_id != own else 1.0
        if row.role == Attendance.Role.MEMBER and draw < leave_rate:
            row.status, row.leave_reason = (
                Attendance.Status.LEAVE,
                rng.choice(["因公出差", "身体原因", "参加上级培训", "家中有事"]),
            )
        elif row.role == Attendance.Role.MEMBER and draw < leave_rate + absent_rate:
            row.status = Attendance.Status.ABSENT
        else:
            row.status = Attendance.Status.PRESENT
            row.signed_in_at = _at(meeting.start_date, hour, 10 + index % 40)
            row.signin_method = Attendance.Method.QR if rng.random() < 0.85 else Attendance.Method.STAFF
            if row.role == Attendance.Role.MEMBER and row.entitled:
                present.append(row.person_id)
    Attendance.objects.bulk_update(rows, ["status", "leave_reason", "signed_in_at", "signin_method"])
    return present


def voted_poll(
    context, meeting: Meeting, *, item, title, kind, method, options, voters, pick, state=Poll.State.PUBLISHED
) -> Poll:
    """A finished poll with its ballots: `pick(rng, option_ids)` gives each voter's choices."""
    poll = services.poll_create(
        actor=DEMO, scope=ADMIN_SCOPE, meeting=meeting, item=item, title=title, kind=kind, method=method, options=options
    )
    option_ids = list(poll.options.order_by("order").values_list("pk", flat=True))
    poll.base_count = member_person_ids(body=meeting.body, term=meeting.term, on=meeting.start_date).count()
    poll.present_count = len(voters)
    poll.state = state
    poll.started_at = _at(meeting.start_date, 10, 0)
    poll.finished_at = _at(meeting.start_date, 10, 5)
    poll.published_at = _at(meeting.start_date, 10, 6) if state == Poll.State.PUBLISHED else None
    poll.save()
    secret = kind == Poll.Kind.SECRET
    ballots, voter_rows = [], []
    for person_id in voters:
        choices = {str(k): v for k, v in pick(context.rng, option_ids).items()}
        voter_rows.append(PollVoter(poll=poll, person_id=person_id, choices=None if secret else choices))
        ballots.append(PollBallot(id=uuid.UUID(int=context.rng.getrandbits(128), version=4), poll=poll, choices=choices))
    context.rng.shuffle(ballots)
    PollVoter.objects.bulk_create(voter_rows)
    PollBallot.objects.bulk_create(ballots)
    return poll


def recorded_poll(
    context,
    meeting: Meeting,
    *,
    item,
    title: str,
    kind: str,
    matter: str,
    options: list[tuple[str, str]] | None,
    voters: list[int],
    pick,
    seats: int | None = None,
    write_ins: bool = False,
) -> Poll:
    """A published poll of a meeting the demo has already held (closed): the row written as the record of what was
    voted, the threshold by the rule for the body and the matter, each present voter's ballot from `pick`."""
    from .models import PollOption
    from .rules import threshold_for

    poll = Poll.objects.create(
        meeting=meeting,
        item=item,
        title=title,
        kind=kind,
        method=Poll.Method.YNA,
        threshold=threshold_for(meeting.body.kind, matter, meeting.region.path),
        matter=matter,
        seats=seats,
        write_ins=write_ins,
        base_count=member_person_ids(body=meeting.body, term=meeting.term, on=meeting.start_date).count(),
        present_count=len(voters),
        state=Poll.State.PUBLISHED,
        started_at=_at(meeting.start_date, 10, 0),
        finished_at=_at(meeting.start_date, 10, 5),
        published_at=_at(meeting.start_date, 10, 6),
        region_id=meeting.region_id,
    )
    rows = options or [(title, "")]
    PollOption.objects.bulk_create([PollOption(poll=poll, order=i, text=t, ref=r) for i, (t, r) in enumerate(rows, start=1)])
    option_ids = list(poll.options.order_by("order").values_list("pk", flat=True))
    ballots, voter_rows = [], []
    for person_id in voters:
        choices = {str(k): v for k, v in pick(context.rng, option_ids).items()}
        voter_rows.append(PollVoter(poll=poll, person_id=person_id, choices=None if kind == Poll.Kind.SECRET else choices))
        ballots.append(PollBallot(id=uuid.UUID(int=context.rng.getrandbits(128), version=4), poll=poll, choices=choices))
    context.rng.shuffle(ballots)
    PollVoter.objects.bulk_create(voter_rows)
    PollBallot.objects.bulk_create(ballots)
    return poll


def present_voters(meeting: Meeting) -> list[int]:
    """The people present and entitled to vote at a meeting the demo has held."""
    return list(
        meeting.attendances.filter(role=Attendance.Role.MEMBER, entitled=True, status=Attendance.Status.PRESENT)
        .order_by("person_id")
        .values_list("person_id", flat=True)
    )


def _document(meeting: Meeting, item, title: str, versions: int = 1) -> None:
    for version in range(1, versions + 1):
        doc = Document(meeting=meeting, item=item, title=title, version=version)
        doc.file.save(f"{title[:30]}-v{version}.txt", ContentFile(f"{title}\n（第{version}稿）\n".encode()), save=False)
        doc.save()


def _build(context) -> None:  # noqa: PLR0915 - one linear script reads best here
    rng = context.rng
    _voter_logins(context)
    units = {u.name: u for u in Unit.objects.filter(region=context.district)}
    events = []

    # Directors' meetings 1–6.
    directors = []
    for number, day in enumerate(DIRECTORS_DATES, start=1):
        m = services.meeting_create(
            actor=DEMO,
            scope=ADMIN_SCOPE,
            body=context.directors_meeting,
            start_date=day,
            venue="区人大常委会二楼会议室",
            number=number,
        )
        services.agenda_item_add(actor=DEMO, scope=ADMIN_SCOPE, meeting=m, kind=K.OTHER, title="研究常委会会议议程和审议意见")
        _attend(context, m, leave_rate=0.1, absent_rate=0.0, hour=14)
        directors.append(m)

    # Standing-committee meetings 1–4 with their reports, review opinions and the dredging decision.
    own_deputy = context.users["deputy"].person
    opinions = []
    sc_meetings = []
    for number, day, items in SC_MEETINGS:
        m = services.meeting_create(
            actor=DEMO,
            scope=ADMIN_SCOPE,
            body=context.standing_committee,
            start_date=day,
            venue="区行政中心第一会议室",
            number=number,
        )
        sc_meetings.append(m)
        if number == 2:
            services.attendee_invite(actor=DEMO, scope=ADMIN_SCOPE, meeting=m, person=own_deputy, capacity="区人大代表")
        for kind, title, unit_name, with_opinion in items:
            unit = units.get(unit_name) if unit_name else None
            item = services.agenda_item_add(
                actor=DEMO,
                scope=ADMIN_SCOPE,
                meeting=m,
                kind=kind,
                title=title,
                reporting_unit=unit,
                reporter=f"{unit.head_name}（{unit.head_title}）" if unit else "",
            )
            if unit:
                services.attendee_invite(
                    actor=DEMO, scope=ADMIN_SCOPE, meeting=m, person=_unit_head_person(context, unit), capacity=unit.name
                )
                _document(m, item, title.replace("听取和审议", "").replace("审议", ""), versions=2 if number == 3 else 1)
            if with_opinion and unit is not None:
                opinions.append(
                    ReviewOpinion(
                        item=item,
                        unit=unit,
                        text=f"常委会组成人员对{unit.name}的报告提出如下审议意见：一、进一步提高认识；二、加大工作力度；三、建立长效机制。",
                        region_id=m.region_id,
                    )
                )
        present = _attend(context, m, leave_rate=0.1, absent_rate=0.02)
        if number == 3:
            item = m.items.get(kind=K.DECISION)
            poll = voted_poll(
                context,
                m,
                item=item,
                title="关于将加快剿灭劣V类河道清淤工程项目列入2017年度政府性投资计划的决定（草案）",
                kind=Poll.Kind.NAMED,
                method=Poll.Method.YNA,
                options=None,
                voters=present,
                pick=lambda r, ids: {ids[0]: r.choices(["Y", "N", "A"], [92, 2, 6])[0]},
            )
            Decision.objects.create(item=item, poll=poll, text=DECISION_TEXT)
        if number == 1:
            item = m.items.get(kind=K.RESOLUTION)
            poll = voted_poll(
                SimpleNamespace(rng=random.Random("self-building decision")),  # its own draws: the year's stay as they were
                m,
                item=item,
                title="秀洲区人大常委会关于切实加强自身建设的决定（草案）",
                kind=Poll.Kind.NAMED,
                method=Poll.Method.YNA,
                options=None,
                voters=present,
                pick=lambda r, ids: {ids[0]: r.choices(["Y", "N", "A"], [97, 0, 3])[0]},
            )
            Decision.objects.create(item=item, poll=poll, text=SELF_BUILDING_TEXT)
        m.state, m.is_published, m.published_at = Meeting.State.CLOSED, True, _at(day, 17, 0)
        m.save(update_fields=["state", "is_published", "published_at"])
    for m in directors:
        m.state = Meeting.State.CLOSED
        m.save(update_fields=["state"])

    # Review opinions: approved by the next directors' meeting, sent, followed up (various stages).
    opinions = ReviewOpinion.objects.bulk_create(opinions)
    for opinion in opinions:
        stage = OPINION_STAGES[opinion.unit.name]
        heard = opinion.item.meeting
        approving = next((d for d in directors if d.start_date > heard.start_date), None)
        if stage == "draft" or approving is None:
            continue
        opinion.state = ReviewOpinion.State.APPROVED
        opinion.approved_at_meeting = approving
        opinion.sent_on = approving.start_date + datetime.timedelta(days=3)
        opinion.deadline = core_rules.add_months(opinion.sent_on, 2)
        opinion.state = ReviewOpinion.State.SENT
        if stage in {"reported", "closed"}:
            reported_on = opinion.deadline - datetime.timedelta(days=rng.randrange(3, 20))
            opinion.state = ReviewOpinion.State.REPORTED
            opinion.reported_on = reported_on
            opinion.report_text = f"{opinion.unit.name}关于审议意见的研究处理情况报告：已逐条研究，制定整改措施，落实责任分工。"
        if stage == "closed":
            later = next(m for m in sc_meetings if m.start_date > reported_on)
            opinion.followup_item = AgendaItem.objects.create(
                meeting=later,
                order=later.items.count() + 1,
                kind=K.HANDLING_REPORT,
                reporting_unit=opinion.unit,
                title=f"书面听取{opinion.unit.name}关于审议意见研究处理情况的报告",
            )
            opinion.state, opinion.closed_on = ReviewOpinion.State.CLOSED, later.start_date
        opinion.save()

    # The first sessions of the town congresses (the election session), then the mid-year sessions: one
    # agenda, one day, every town.
    for town in context.towns:
        first = services.meeting_create(
            actor=DEMO,
            scope=ADMIN_SCOPE,
            body=context.town_congresses[town.pk],
            start_date=context.town_terms[town.pk].start_date,
            venue="镇政府大会议室",
            number=1,
            agenda=[(K.OTHER, "选举镇人民代表大会主席、副主席和镇长、副镇长")],
        )
        _attend(context, first, leave_rate=0.03, absent_rate=0.0)
        first.state = Meeting.State.CLOSED
        first.save(update_fields=["state"])
    sessions = services.midyear_rollout(
        actor=DEMO, scope=ADMIN_SCOPE, start_date=MIDYEAR_DATE, venue="镇政府大会议室", agenda=MIDYEAR_AGENDA
    )
    stations: dict[int, list[Unit]] = {}
    for u in Unit.objects.filter(kind=Unit.Kind.STATION).order_by("pk"):
        stations.setdefault(u.region_id, []).append(u)
    for session in sessions:
        present = _attend(context, session, leave_rate=0.06, absent_rate=0.02)
        budget = session.items.get(kind=K.EXAMINE_APPROVE)
        voted_poll(
            context,
            session,
            item=budget,
            title="镇本级财政预算调整方案",
            kind=Poll.Kind.SECRET,
            method=Poll.Method.YNA,
            options=None,
            voters=present,
            pick=lambda r, ids: {ids[0]: r.choices(["Y", "N", "A"], [90, 3, 7])[0]},
        )
        evaluation = session.items.get(kind=K.UNIT_EVALUATION)
        voted_poll(
            context,
            session,
            item=evaluation,
            title="镇站所满意度测评",
            kind=Poll.Kind.SECRET,
            method=Poll.Method.SATISFACTION,
            options=[(u.name, f"unit:{u.pk}") for u in stations.get(session.region_id, [])],
            voters=present,
            pick=lambda r, ids: {i: r.choices(["S", "B", "U"], [70, 25, 5])[0] for i in ids},
        )
        if session.region.name == "王江泾镇":
            _paper_poll(context, session)
        session.state, session.is_published, session.published_at = Meeting.State.CLOSED, True, _at(MIDYEAR_DATE, 17, 0)
        session.save(update_fields=["state", "is_published", "published_at"])
        events.append(
            audit_event(actor=DEMO, action="meeting.close", obj=session, after={"state": "closed"}, region_id=session.region_id)
        )
    audit_record_many(events)


PREPARATORY_SIZE: dict[str, int] = {Body.Level.DISTRICT: 25, Body.Level.TOWN: 11}  # the session presidium's size in the demo


def preparatory_record(context, session: Meeting, *, secretary_general: bool = False) -> Meeting:
    """The preparatory meeting a held session opened with, written as the record (the session is closed): the
    session's deputies, present as they were at the session, adopt by a show of hands (two staff counts that agree)
    the draft list of the session presidium — the standing presidium or the standing committee's directors first,
    then deputies of the congress — and the session's agenda; the presidium is seated for the session's days.
    Its own generator (from the session's title): the demo's other draws stay as they were. Idempotent."""
    existing = Meeting.objects.filter(preparatory_for=session).first()
    if existing is not None:
        return existing
    draw = random.Random(f"preparatory {session.title}")
    serving = list(
        Deputy.objects.filter(congress=session.body, term=session.term, status=Deputy.Status.SERVING)
        .order_by("person__name_pinyin", "pk")
        .values_list("person_id", flat=True)
    )
    leading = [
        pid
        for pid in Membership.objects.filter(
            body__congress=session.body,
            body__kind__in=[Body.Kind.PRESIDIUM, Body.Kind.STANDING_COMMITTEE],
            term=session.term,
            role__in=[
                Membership.Role.CHAIR,
                Membership.Role.VICE_CHAIR,
                Membership.Role.DIRECTOR,
                Membership.Role.DEPUTY_DIRECTOR,
            ],
        )
        .order_by("pk")
        .values_list("person_id", flat=True)
        if pid in set(serving)
    ]
    leading = list(dict.fromkeys(leading))
    others = [pid for pid in serving if pid not in set(leading)]
    size = max(PREPARATORY_SIZE.get(str(session.body.level), 11), len(leading))
    people = leading + draw.sample(others, min(len(others), size - len(leading)))
    general = draw.choice([pid for pid in others if pid not in set(people)]) if secretary_general else None
    meeting = Meeting.objects.create(
        body=session.body,
        term=session.term,
        number=session.number,
        title=preparatory_title(session.title),
        start_date=session.start_date,
        end_date=session.start_date,
        venue=session.venue,
        region_id=session.region_id,
        preparatory_for=session,
        state=Meeting.State.CLOSED,
        is_published=session.is_published,
        published_at=session.published_at,
    )
    Attendance.objects.bulk_create(
        [
            Attendance(
                meeting=meeting,
                person_id=a.person_id,
                role=Attendance.Role.MEMBER,
                entitled=a.entitled,
                status=a.status,
                leave_reason=a.leave_reason,
                signed_in_at=a.signed_in_at and a.signed_in_at - datetime.timedelta(minutes=30),
                signin_method=a.signin_method,
                region_id=session.region_id,
            )
            for a in session.attendances.filter(role=Attendance.Role.MEMBER).order_by("person_id")
        ]
    )
    drafts = preparatory_agenda(meeting, session.title, people=people, secretary_general=general)
    present = len(present_voters(meeting))
    for order, (item, title) in enumerate(drafts):
        poll = counted_poll(context, meeting, item=item, title=title, present=present, against=0, abstain=draw.randrange(0, 3))
        if order == 0:  # the presidium's list
            seat_session_presidium(DEMO, poll)
    return meeting


def counted_poll(context, meeting: Meeting, *, item, title: str, present: int, against: int, abstain: int) -> Poll:
    """A show of hands (举手表决) on one motion at a held meeting, counted by two staff whose totals agree."""
    from .rules import threshold_for

    poll = Poll.objects.create(
        meeting=meeting,
        item=item,
        title=title,
        kind=Poll.Kind.HANDS,
        method=Poll.Method.YNA,
        threshold=threshold_for(meeting.body.kind, Poll.Matter.RESOLUTION, meeting.region.path),
        matter=Poll.Matter.RESOLUTION,
        base_count=member_person_ids(body=meeting.body, term=meeting.term, on=meeting.start_date).count(),
        present_count=present,
        state=Poll.State.PUBLISHED,
        started_at=_at(meeting.start_date, 8, 30 + item.order * 5),
        finished_at=_at(meeting.start_date, 8, 32 + item.order * 5),
        published_at=_at(meeting.start_date, 8, 34 + item.order * 5),
        region_id=meeting.region_id,
    )
    option = PollOption.objects.create(poll=poll, order=1, text=title)
    counts = {str(option.pk): {"Y": present - against - abstain, "N": against, "A": abstain}}
    PaperCount.objects.bulk_create(
        [
            PaperCount(poll=poll, counter=context.users[username], ballots_total=present, invalid=0, counts=counts)
            for username in ("office", "admin")
        ]
    )
    return poll


def _paper_poll(context, session: Meeting) -> None:
    """王江泾镇 also voted the 2016 final accounts on paper: two staff counted, their totals agree."""
    item = session.items.get(kind=K.EXAMINE_APPROVE)
    poll = services.poll_create(
        actor=DEMO, scope=ADMIN_SCOPE, meeting=session, item=item, title="2016年度镇本级财政决算", kind=Poll.Kind.PAPER
    )
    option = poll.options.get()
    present = session.attendances.filter(role=Attendance.Role.MEMBER, entitled=True, status=Attendance.Status.PRESENT).count()
    poll.base_count = member_person_ids(body=session.body, term=session.term, on=session.start_date).count()
    poll.present_count = present
    poll.state = Poll.State.PUBLISHED
    poll.started_at, poll.finished_at, poll.published_at = (
        _at(MIDYEAR_DATE, 11, 0),
        _at(MIDYEAR_DATE, 11, 10),
        _at(MIDYEAR_DATE, 11, 30),
    )
    poll.save()
    against, abstain, invalid = 1, 2, 1
    counts = {str(option.pk): {"Y": present - against - abstain - invalid, "N": against, "A": abstain}}
    for username in ("wjj_staff", "admin"):
        PaperCount.objects.create(
            poll=poll, counter=context.users[username], ballots_total=present, invalid=invalid, counts=counts
        )


def _unit_head_person(context, unit: Unit):
    """The head of a unit attends (列席) as a person record of its own (not a deputy)."""
    from renda.org.models import Person
    from renda.org.services import person_fill_keys

    person = Person.objects.filter(name=unit.head_name, id_number__isnull=True, user__isnull=True, mandates__isnull=True).first()
    if person:
        return person
    return Person.objects.create(
        **{
            f: getattr(p, f)
            for p in [person_fill_keys(Person(name=unit.head_name))]
            for f in ("name", "name_initials", "name_pinyin")
        },
        gender=Person.Gender.MALE,
        birth_date=datetime.date(1970, 1, 1),
        party=Person.Party.CPC,
    )


__all__ = ["build", "preparatory_record", "present_voters", "recorded_poll", "voted_poll", "VOTER_LOGINS", "Body"]
