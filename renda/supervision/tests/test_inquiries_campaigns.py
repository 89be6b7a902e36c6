"""Special inquiries (questions, the satisfaction vote driven through the meetings services, follow-up items) and
campaigns (mobilisation, targets adopted and closed off, the towns' lists, the checklist, reported indicators and
the campaign's figures)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.core.models import AuditEvent
from renda.meetings import services as meeting_services
from renda.meetings.models import AgendaItem, Poll, ReviewOpinion
from renda.meetings.tests.factories import open_meeting
from renda.supervision import services
from renda.supervision.figures import campaign_figures, latest_reports
from renda.supervision.models import Activity, Campaign, Inquiry, Target
from renda.supervision.tests.factories import make_district, members

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def d():
    return make_district()


def test_an_inquiry_with_questions_a_vote_and_follow_up_items(d):
    office, scope = d.office, d.scope("office")
    meeting, voters = open_meeting(body=d.sc, present=5)
    inquiry = services.inquiry_create(actor=office, scope=scope, meeting=meeting, subject="剿灭劣V类水工作", units=d.units[:2])
    assert inquiry.item.kind == AgendaItem.Kind.OTHER and inquiry.item.meeting_id == meeting.pk
    assert (
        services.inquiry_create(actor=office, scope=scope, meeting=meeting, subject="剿灭劣V类水工作", units=d.units[:2]).pk
        == inquiry.pk
    )
    with pytest.raises(DomainError):
        services.inquiry_transition(actor=office, scope=scope, inquiry=inquiry, action="hold")  # no question yet
    asker = members(d.sc)[0]
    q = services.question_add(
        actor=office,
        scope=scope,
        inquiry=inquiry,
        asker=asker,
        text="年底前能否全部销号？",
        unit=d.units[0],
        answerer="局长",
        answer="能。",
    )
    assert q.order == 1
    with pytest.raises(DomainError):
        services.question_add(actor=office, scope=scope, inquiry=inquiry, asker=asker, text="x", unit=d.units[2])
    with pytest.raises(DomainError):
        services.question_add(
            actor=office, scope=scope, inquiry=inquiry, asker=d.town_deputies[0].person, text="x", unit=d.units[0]
        )
    inquiry = services.inquiry_transition(actor=office, scope=scope, inquiry=inquiry, action="hold")
    # the vote: a satisfaction poll on the inquiry's item, created and moved by the meetings services as a system
    # actor on the office's behalf
    poll = services.inquiry_vote(actor=office, scope=scope, inquiry=inquiry, action="create")
    assert poll.method == Poll.Method.SATISFACTION and poll.item_id == inquiry.item_id
    assert sorted(poll.options.values_list("ref", flat=True)) == sorted(f"unit:{u.pk}" for u in d.units[:2])
    event = AuditEvent.objects.get(action="poll.create", object_id=str(poll.pk))
    assert event.actor_id == office.pk and "supervision: inquiry" in event.actor_label
    services.inquiry_vote(actor=office, scope=scope, inquiry=Inquiry.objects.get(pk=inquiry.pk), action="start")
    options = list(poll.options.order_by("order"))
    for user in voters:
        meeting_services.poll_vote(actor=user, poll_id=poll.pk, choices={o.pk: "S" for o in options})
    for action in ("finish", "publish"):
        poll = services.inquiry_vote(actor=office, scope=scope, inquiry=Inquiry.objects.get(pk=inquiry.pk), action=action)
    assert poll.state == Poll.State.PUBLISHED
    with pytest.raises(NotPermitted):
        services.inquiry_vote(actor=d.users["committee"], scope=d.scope("committee"), inquiry=inquiry, action="start")
    review = services.inquiry_followup_add(
        actor=office, scope=scope, inquiry=inquiry, unit=d.units[0], text="请三个月内书面报告进展。"
    )
    assert isinstance(review, ReviewOpinion) and review.item_id == inquiry.item_id
    with pytest.raises(DomainError):
        services.inquiry_followup_add(actor=office, scope=scope, inquiry=inquiry, unit=d.units[3], text="x")
    services.inquiry_transition(actor=office, scope=scope, inquiry=inquiry, action="close")


def test_an_inquiry_is_held_at_a_standing_committee_meeting_by_its_office(d):
    session, _ = open_meeting(body=d.town_congress, present=1)
    with pytest.raises((DomainError, NotPermitted)):
        services.inquiry_create(actor=d.office, scope=d.scope("office"), meeting=session, subject="x", units=d.units[:1])
    meeting, _ = open_meeting(body=d.sc, present=1)
    with pytest.raises(NotPermitted):
        services.inquiry_create(actor=d.users["town"], scope=d.scope("town"), meeting=meeting, subject="x", units=d.units[:1])


def running(d, **kwargs):
    office, scope = d.office, d.scope("office")
    c = services.campaign_create(
        actor=office,
        scope=scope,
        organiser=d.sc,
        code=kwargs.pop("code", "water_test"),
        title="剿灭劣V类水主题活动",
        start_date=D(2017, 3, 24),
        end_date=D(2017, 12, 31),
        with_checklist=True,
        **kwargs,
    )
    assert [x["code"] for x in c.town_lists] == ["liaison", "inspection", "suggestion", "case", "summary"]
    assert [x["code"] for x in c.checklist] == ["research", "study", "unannounced", "forum", "reception"]
    return services.campaign_transition(
        actor=office, scope=scope, campaign=c, action="mobilise", on=D(2017, 3, 24), text="召开动员部署会。"
    )


@translation.override("en")
def test_a_campaign_from_plan_to_figures(d):
    office, scope = d.office, d.scope("office")
    c = running(d)
    assert c.state == Campaign.State.RUNNING and c.mobilised_on == D(2017, 3, 24)
    # targets adopted by a leader and closed off
    leader = members(d.sc)[0]
    river = services.target_add(actor=office, scope=scope, campaign=c, name="北官荡", kind="河道", region=d.town)
    with pytest.raises(DomainError):
        services.target_transition(actor=office, scope=scope, target=river, action="adopt", on=D(2017, 3, 28))
    river = services.target_transition(
        actor=office, scope=scope, target=river, action="adopt", leader=leader, due_on=D(2017, 6, 30), on=D(2017, 3, 28)
    )
    again = services.target_transition(
        actor=office, scope=scope, target=river, action="adopt", leader=members(d.sc)[1], on=D(2017, 3, 29)
    )
    assert again.leader_id == leader.pk and again.adopted_on == D(2017, 3, 28)  # a resent form changes nothing
    river = services.target_transition(actor=office, scope=scope, target=river, action="close", on=D(2017, 6, 20))
    assert river.state == Target.State.CLOSED and river.closed_on == D(2017, 6, 20)
    # the town's own records: its staff keep its lists
    town_actor, town_scope = d.users["town"], d.scope("town")
    entry = services.list_entry_add(
        actor=town_actor,
        scope=town_scope,
        campaign=c,
        region=d.town,
        list_code="liaison",
        title="分片联系河道3条",
        on=D(2017, 3, 30),
    )
    assert entry.region_id == d.town.pk
    with pytest.raises(DomainError, match="Unknown list"):
        services.list_entry_add(actor=town_actor, scope=town_scope, campaign=c, region=d.town, list_code="gossip", title="x")
    # the checklist: towns and units get one row per item; a town marks its own
    n = services.checklist_subjects_add(actor=office, scope=scope, campaign=c, regions=[d.town], units=d.units[:1])
    assert n == 10 and services.checklist_subjects_add(actor=office, scope=scope, campaign=c, regions=[d.town]) == 0
    row = c.checklist_entries.get(region=d.town, unit__isnull=True, item="forum")
    services.checklist_mark(actor=town_actor, scope=town_scope, entry=row, done_on=D(2017, 7, 3), note="座谈会")
    unit_row = c.checklist_entries.get(unit=d.units[0], item="forum")
    with pytest.raises(NotPermitted):
        services.checklist_mark(actor=town_actor, scope=town_scope, entry=unit_row, done_on=D(2017, 7, 3))
    # activities, participations and suggestions are counted; the indicator is only reported
    a = services.activity_create(
        actor=town_actor,
        scope=town_scope,
        kind="inspection",
        title="河道视察",
        organiser=d.presidium,
        start_date=D(2017, 4, 2),
        campaign=c,
    )
    services.participants_add(actor=town_actor, scope=town_scope, activity=a, people=[x.person for x in d.town_deputies[:4]])
    planned = services.activity_create(
        actor=town_actor,
        scope=town_scope,
        kind="forum",
        title="座谈（计划）",
        organiser=d.presidium,
        start_date=D(2017, 9, 2),
        campaign=c,
    )
    services.participants_add(
        actor=town_actor, scope=town_scope, activity=planned, people=[x.person for x in d.town_deputies[:4]]
    )
    services.activity_transition(actor=town_actor, scope=town_scope, activity=a, action="start")
    for text in ["建议一。", "建议二。"]:
        services.finding_add(actor=town_actor, scope=town_scope, activity=a, kind="suggestion", text=text, on=D(2017, 4, 2))
    services.finding_add(actor=town_actor, scope=town_scope, activity=a, kind="problem", text="问题。", on=D(2017, 4, 2))
    indicator = services.indicator_add(
        actor=office, scope=scope, campaign=c, code="items", name="最多跑一次事项", unit_label="项"
    )
    services.indicator_report_add(
        actor=office, scope=scope, indicator=indicator, value=780, source="区人民政府", reported_on=D(2017, 6, 30)
    )
    services.indicator_report_add(
        actor=office, scope=scope, indicator=indicator, value=800, source="区人民政府", reported_on=D(2017, 9, 1)
    )
    f = campaign_figures(c)
    assert (f.activities, f.participations, f.deputy_participations, f.suggestions) == (
        1,
        4,
        4,
        2,
    )  # the planned one is not counted
    assert f.targets == {"listed": 1, "adopted": 1, "closed": 1} and (f.checklist_done, f.checklist_total) == (1, 10)
    assert [r.report.value for r in latest_reports(c)] == [800]  # the latest report, never a sum
    assert [r.report.value for r in latest_reports(c, D(2017, 1, 1), D(2017, 6, 30))] == [780]
    town_only = campaign_figures(c, region=d.town)
    assert town_only.activities == 1 and town_only.checklist_total == 5
    # concluded: nothing more is added
    services.campaign_transition(actor=office, scope=scope, campaign=c, action="conclude", on=D(2017, 12, 31), text="总结。")
    with pytest.raises(InvalidTransition):
        services.target_add(actor=office, scope=scope, campaign=Campaign.objects.get(pk=c.pk), name="x", region=d.town)
    with pytest.raises(DomainError):
        services.activity_create(
            actor=town_actor,
            scope=town_scope,
            kind="forum",
            title="y",
            organiser=d.presidium,
            start_date=D(2018, 1, 2),
            campaign=Campaign.objects.get(pk=c.pk),
        )
    assert Activity.objects.filter(campaign=c).count() == 2


def test_only_the_office_creates_campaigns_and_codes_are_unique(d):
    with pytest.raises(NotPermitted):
        services.campaign_create(
            actor=d.users["town"],
            scope=d.scope("town"),
            organiser=d.sc,
            code="x",
            title="x",
            start_date=D(2017, 1, 1),
            end_date=D(2017, 2, 1),
        )
    running(d, code="dup")
    with pytest.raises(DomainError):
        services.campaign_create(
            actor=d.office,
            scope=d.scope("office"),
            organiser=d.sc,
            code="dup",
            title="另一个",
            start_date=D(2017, 1, 1),
            end_date=D(2017, 2, 1),
        )
