"""The decisions of the demo district (issue #11 item 11), on the meetings the meetings demo has held:

- at the standing committee's 4th meeting (2017-06-29) the government's request to appoint and remove (提请任免):
  voted person by person, the register of office-holders kept, the appointees' constitutional oath recorded;
  the court's request of August waits for the next meeting;
- the district congress's session opened by its preparatory meeting (the session presidium and secretary-general
  elected, the agenda adopted: `renda.meetings.demo.preparatory_record`);
- at each town's first session of the term, the election of the chair of the town congress's presidium (等额),
  the result announced and the chair seated.

Deterministic; a second run finds the records and changes nothing. Written as the record of what was decided
(the meetings are closed): the polls are the meetings' own, published, with a ballot per deputy present."""

from __future__ import annotations

import datetime

from django.db import transaction

from renda.core.rules import value as rule_value
from renda.meetings.demo import preparatory_record, present_voters, recorded_poll
from renda.meetings.models import AgendaItem, Meeting, Poll
from renda.org.models import Body, Membership, Unit

from .models import AppointmentList, Bill, BillSigner, Candidate, Election, Matter, Nomination, Oath, OfficeHolder, Round
from .rules import OATH_TEXT
from .services.appointments import NOMINATION_REF
from .services.elections import CANDIDATE_REF

APPOINTMENT_TITLE = "区人民政府关于提请任免区教育局局长等职务的报告"


def build(context) -> None:
    if AppointmentList.objects.filter(region=context.district).exists():
        return
    with transaction.atomic():
        _appointments(context)
        _elections(context)
        _matters(context)
        _bills(context)
        _preparatory(context)


def _preparatory(context) -> None:
    """Every congress session held in the demo opened with its preparatory meeting, which elected the session
    presidium (and, at the district congress, its secretary-general) and adopted the agenda. Written last, when
    every session is held (the district's first and 王江泾镇's third are the projects demo's)."""
    from renda.meetings.lifecycles import MEETING

    sessions = Meeting.objects.filter(
        body__kind=Body.Kind.CONGRESS, preparatory_for__isnull=True, preparatory__isnull=True, state__in=MEETING.group("held")
    ).select_related("body", "term")
    for session in sessions.order_by("start_date", "pk"):
        preparatory_record(context, session, secretary_general=session.body.level == Body.Level.DISTRICT)


def _next_item(meeting: Meeting, kind: str, title: str) -> AgendaItem:
    return AgendaItem.objects.create(meeting=meeting, order=meeting.items.count() + 1, kind=kind, title=title)


def _appointments(context) -> None:
    body = context.standing_committee
    meeting = Meeting.objects.get(body=body, number=4, start_date__year=2017)
    units = {u.name: u for u in Unit.objects.filter(region=context.district, name__in=["区教育局", "区水利局"])}
    people = [
        (Nomination.Action.APPOINT, units["区教育局"].head_name, "区教育局局长", units["区教育局"]),
        (Nomination.Action.REMOVE, "钱卫东", "区教育局局长", units["区教育局"]),
        (Nomination.Action.APPOINT, units["区水利局"].head_name, "区水利局局长", units["区水利局"]),
    ]
    item = _next_item(meeting, AgendaItem.Kind.APPOINTMENT, APPOINTMENT_TITLE)
    appointment_list = AppointmentList.objects.create(
        body=body,
        nominator=AppointmentList.Nominator.GOVERNMENT,
        title=APPOINTMENT_TITLE,
        submitted_on=meeting.start_date - datetime.timedelta(days=10),
        meeting=meeting,
        item=item,
        state=AppointmentList.State.DECIDED,
        region_id=body.region_id,
    )
    nominations = Nomination.objects.bulk_create(
        [
            Nomination(
                list=appointment_list,
                order=i,
                action=action,
                name=name,
                post=post,
                unit=unit,
                statement=f"{name}同志的供职发言：坚持依法履职，自觉接受人大监督。"
                if action == Nomination.Action.APPOINT
                else "",
                state=Nomination.State.APPOINTED,
                decided_on=meeting.start_date,
            )
            for i, (action, name, post, unit) in enumerate(people, start=1)
        ]
    )
    appointment_list.poll = recorded_poll(
        context,
        meeting,
        item=item,
        title=APPOINTMENT_TITLE,
        kind=Poll.Kind.SECRET,
        matter=Poll.Matter.APPOINTMENT,
        options=[(f"{n.get_action_display()} {n.name} {n.post}", f"{NOMINATION_REF}{n.pk}") for n in nominations],
        voters=present_voters(meeting),
        pick=lambda r, ids: {i: r.choices(["Y", "N", "A"], [94, 2, 4])[0] for i in ids},
    )
    appointment_list.save(update_fields=["poll"])
    holders = [
        OfficeHolder(
            body=body,
            name=n.name,
            post=n.post,
            unit=n.unit,
            start_date=meeting.start_date,
            appointed_by=n,
            region_id=body.region_id,
        )
        for n in nominations
        if n.action == Nomination.Action.APPOINT
    ]
    OfficeHolder.objects.bulk_create(holders)
    oath = Oath.objects.create(
        meeting=meeting,
        taken_on=meeting.start_date,
        leader=nominations[0].name,
        text=rule_value(OATH_TEXT.key, region_path=context.district.path),
        region_id=body.region_id,
    )
    Nomination.objects.filter(pk__in=[n.pk for n in nominations if n.action == Nomination.Action.APPOINT]).update(oath=oath)
    # the court's request, registered in August, waits for the next meeting
    court = AppointmentList.objects.create(
        body=body,
        nominator=AppointmentList.Nominator.COURT,
        title="区人民法院关于提请任命审判员的报告",
        submitted_on=datetime.date(2017, 8, 10),
        region_id=body.region_id,
    )
    Nomination.objects.create(list=court, order=1, name="孙晓燕", post="区人民法院审判员")


def _elections(context) -> None:
    """Each town's first session elected the chair of its congress's presidium (one candidate: 等额)."""
    for town in context.towns:
        congress = context.town_congresses[town.pk]
        session = Meeting.objects.filter(body=congress, number=1, preparatory_for__isnull=True).order_by("start_date").first()
        presidium = Body.objects.filter(region=town, kind=Body.Kind.PRESIDIUM).first()
        if session is None or presidium is None:
            continue
        chair = Membership.objects.filter(body=presidium, role=Membership.Role.CHAIR).select_related("person").first()
        if chair is None:
            continue
        item = session.items.order_by("order").first() or _next_item(session, AgendaItem.Kind.ELECTION, "选举")
        election = Election.objects.create(
            meeting=session,
            item=item,
            post=f"{town.name}人民代表大会主席",
            post_kind=Election.PostKind.PRESIDIUM_CHAIR,
            places=1,
            body=presidium,
            role=Membership.Role.CHAIR,
            kind=Poll.Kind.SECRET,
            state=Election.State.ANNOUNCED,
            announced_on=session.start_date,
            region_id=session.region_id,
        )
        candidate = Candidate.objects.create(election=election, person=chair.person, name=chair.person.name, order=1)
        voters = present_voters(session)
        poll = recorded_poll(
            context,
            session,
            item=item,
            title=f"{election.post}选举",
            kind=Poll.Kind.SECRET,
            matter=Poll.Matter.ELECTION,
            options=[(candidate.name, f"{CANDIDATE_REF}{candidate.pk}")],
            voters=voters,
            pick=lambda r, ids: {ids[0]: r.choices(["Y", "N", "A"], [95, 1, 4])[0]},
            seats=1,
            write_ins=True,
        )
        first = Round.objects.create(election=election, number=1, places=1, poll=poll)
        first.candidates.set([candidate])
        candidate.elected_in, candidate.votes = first, _yes(poll)
        candidate.save(update_fields=["elected_in", "votes"])


def _yes(poll: Poll) -> int:
    from renda.meetings.results import poll_result

    motion = poll_result(poll).options[0]
    return motion.counts.get("Y", 0)


def _matters(context) -> None:
    """The standing committee's register of 2017: the decision on strengthening its own work (1st meeting), the
    dredging project put into the investment plan (3rd meeting, reported on), the 2018 plan requested."""
    from renda.meetings.models import Decision

    body = context.standing_committee
    ndrc = Unit.objects.get(region=context.district, name="区发展和改革局")
    decisions = {
        d.item.meeting.number: d
        for d in Decision.objects.filter(item__meeting__body=body, item__meeting__start_date__year=2017).select_related(
            "item__meeting", "poll"
        )
    }
    rows = []
    first = decisions.get(1)
    if first is not None:
        rows.append(
            Matter(
                body=body,
                title="切实加强常委会自身建设",
                category="governance",
                state=Matter.State.DECIDED,
                form=Matter.Form.DECISION,
                meeting=first.item.meeting,
                item=first.item,
                poll=first.poll,
                decision_title="秀洲区人大常委会关于切实加强自身建设的决定",
                decision_text=first.text,
                year=2017,
                seq=1,
                number="秀人常决〔2017〕1号",
                decided_on=first.item.meeting.start_date,
                region_id=body.region_id,
            )
        )
    third = decisions.get(3)
    if third is not None:
        rows.append(
            Matter(
                body=body,
                title="将加快剿灭劣V类河道清淤工程项目列入2017年度政府性投资计划",
                category="investment",
                state=Matter.State.REPORTED,
                form=Matter.Form.DECISION,
                requested_by=ndrc,
                request_text="区人民政府关于提请将加快剿灭劣V类河道清淤工程项目列入2017年度政府性投资计划的议案",
                requested_on=datetime.date(2017, 5, 10),
                meeting=third.item.meeting,
                item=third.item,
                poll=third.poll,
                decision_title="秀洲区人大常委会关于将加快剿灭劣V类河道清淤工程项目列入2017年度政府性投资计划的决定",
                decision_text=third.text,
                year=2017,
                seq=2,
                number="秀人常决〔2017〕2号",
                decided_on=third.item.meeting.start_date,
                report_due=datetime.date(2017, 11, 25),
                report_text="清淤工程已全面开工，完成清淤河道42条，剩余工程年底前完工。",
                reported_on=datetime.date(2017, 11, 20),
                region_id=body.region_id,
            )
        )
    rows.append(
        Matter(
            body=body,
            title="2018年度区级政府性投资项目计划",
            category="investment",
            state=Matter.State.REQUESTED,
            requested_by=ndrc,
            request_text="区人民政府关于提请审议2018年度区级政府性投资项目计划的议案",
            requested_on=datetime.date(2017, 12, 5),
            region_id=body.region_id,
        )
    )
    Matter.objects.bulk_create(rows)


def _bills(context) -> None:
    """王江泾镇: at the mid-year session five deputies' bill on river cleaning, adopted; a new bill being signed
    (the "deputy" login asked to sign)."""
    from renda.org.models import Deputy

    town = next(t for t in context.towns if t.name == "王江泾镇")
    congress = context.town_congresses[town.pk]
    session = Meeting.objects.filter(body=congress, rollout__startswith="midyear", preparatory_for__isnull=True).first()
    own = context.users["deputy"].person
    deputies = list(
        Deputy.objects.filter(congress=congress, status=Deputy.Status.SERVING).exclude(person=own).order_by("person_id")[:9]
    )
    own_mandate = Deputy.objects.filter(congress=congress, person=own).first()
    if session is None or len(deputies) < 9 or own_mandate is None:
        return
    item = _next_item(session, AgendaItem.Kind.BILL, "审议关于加强农村河道长效保洁的议案")
    adopted = Bill.objects.create(
        congress=congress,
        term=session.term,
        meeting=session,
        number=1,
        title="关于加强农村河道长效保洁的议案",
        text="案由：部分村河道保洁不到位。建议：建立河道保洁长效机制，落实经费和人员。",
        proposer=Bill.Proposer.DEPUTIES,
        lead=deputies[0],
        state=Bill.State.ADOPTED,
        submitted_on=session.start_date - datetime.timedelta(days=1),
        decided_at=session,
        decision_note="主席团决定列入会议议程",
        item=item,
        region_id=congress.region_id,
    )
    adopted.poll = recorded_poll(
        context,
        session,
        item=item,
        title=adopted.title,
        kind=Poll.Kind.NAMED,
        matter=Poll.Matter.BILL,
        options=None,
        voters=present_voters(session),
        pick=lambda r, ids: {ids[0]: r.choices(["Y", "N", "A"], [93, 2, 5])[0]},
    )
    adopted.save(update_fields=["poll"])
    draft = Bill.objects.create(
        congress=congress,
        term=session.term,
        title="关于推进农村生活垃圾分类的议案",
        text="案由：农村生活垃圾分类覆盖面不够。建议：加大设施投入，建立积分激励。",
        proposer=Bill.Proposer.DEPUTIES,
        lead=deputies[5],
        region_id=congress.region_id,
    )
    BillSigner.objects.bulk_create(
        [
            BillSigner(bill=adopted, deputy=d, state=BillSigner.State.CONFIRMED, region_id=congress.region_id)
            for d in deputies[1:5]
        ]
        + [BillSigner(bill=draft, deputy=d, region_id=congress.region_id) for d in [own_mandate, *deputies[6:9]]]
    )
