"""Activities through their services: plan, group, places, articles, findings (a participant's from a phone, with a
client token), the report, publication; opinions to units in both loops; a finding raised as a deputy's suggestion."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.core.models import AuditEvent, Notice
from renda.meetings import services as meeting_services
from renda.meetings.lifecycles import OPINION as REVIEW_OPINION
from renda.meetings.models import AgendaItem, ReviewOpinion
from renda.meetings.tests.factories import MeetingFactory
from renda.org.models import Body
from renda.suggestions.models import Suggestion
from renda.supervision import services
from renda.supervision.lifecycles import ACTIVITY
from renda.supervision.models import Activity, Finding, Participation, SupervisionOpinion
from renda.supervision.tests.factories import make_district, members

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def d():
    return make_district()


def planned(d, **kwargs):
    kwargs.setdefault("kind", Activity.Kind.INSPECTION)
    kwargs.setdefault("title", "高新区科技创新平台建设推进情况")
    kwargs.setdefault("organiser", d.sc)
    kwargs.setdefault("start_date", D(2017, 5, 3))
    return services.activity_create(actor=d.office, scope=d.scope("office"), **kwargs)


def under_way(d, **kwargs):
    activity = planned(d, **kwargs)
    services.participants_add(
        actor=d.office,
        scope=d.scope("office"),
        activity=activity,
        people=[x.person for x in d.deputies[:3]],
        leader=members(d.sc)[0],
    )
    return services.activity_transition(actor=d.office, scope=d.scope("office"), activity=activity, action="start")


def test_an_activity_is_planned_by_the_body_that_runs_it_and_a_retry_creates_nothing(d):
    a = planned(d)
    assert a.region_id == d.district.pk and a.state == Activity.State.PLANNED
    assert planned(d).pk == a.pk
    assert AuditEvent.objects.filter(action="supervision.activity.create", object_id=str(a.pk)).count() == 1
    with pytest.raises(NotPermitted):
        services.activity_create(
            actor=d.users["town"], scope=d.scope("town"), kind="inspection", title="x", organiser=d.sc, start_date=D(2017, 5, 3)
        )
    # committee staff run their own committee's activities, not the standing committee's
    own = services.activity_create(
        actor=d.users["committee"],
        scope=d.scope("committee"),
        kind="research",
        title="调研",
        organiser=d.committee,
        start_date=D(2017, 3, 6),
    )
    assert own.organiser_id == d.committee.pk
    with pytest.raises(NotPermitted):
        services.activity_create(
            actor=d.users["committee"],
            scope=d.scope("committee"),
            kind="inspection",
            title="y",
            organiser=d.sc,
            start_date=D(2017, 5, 3),
        )
    # a town presidium's by the town's staff
    town = services.activity_create(
        actor=d.users["town"],
        scope=d.scope("town"),
        kind="unannounced",
        title="暗访",
        organiser=d.presidium,
        start_date=D(2017, 7, 1),
    )
    assert town.region_id == d.town.pk


@translation.override("en")
def test_bad_input_is_refused_and_changes_nothing(d):
    before = Activity.objects.count()
    with pytest.raises(DomainError, match="Name the law"):
        planned(d, kind=Activity.Kind.LAW_CHECK)
    with pytest.raises(DomainError, match="cannot end before"):
        planned(d, end_date=D(2017, 5, 1))
    with pytest.raises(DomainError, match="Unknown kind"):
        planned(d, kind="picnic")
    with pytest.raises(DomainError):
        planned(d, organiser=d.congress)
    assert Activity.objects.count() == before


def test_the_group_copies_the_activity_and_knows_members_from_deputies(d):
    a = planned(d)
    leader, member = members(d.sc)[:2]
    rows = services.participants_add(
        actor=d.office, scope=d.scope("office"), activity=a, people=[member, d.deputies[0].person], leader=leader
    )
    by_person = {p.person_id: p for p in rows}
    assert by_person[leader.pk].role == Participation.Role.LEADER
    assert by_person[member.pk].role == Participation.Role.MEMBER
    assert by_person[d.deputies[0].person_id].role == Participation.Role.DEPUTY
    assert by_person[d.deputies[0].person_id].deputy_id == d.deputies[0].pk
    assert all(p.date == a.start_date and p.kind == a.kind and p.region_id == a.region_id for p in rows)
    # again: nobody is added twice
    assert services.participants_add(actor=d.office, scope=d.scope("office"), activity=a, people=[member]) == []
    services.activity_update(
        actor=d.office, scope=d.scope("office"), activity=a, start_date=D(2017, 5, 4), end_date=D(2017, 5, 4)
    )
    assert set(Participation.objects.filter(activity=a).values_list("date", flat=True)) == {D(2017, 5, 4)}
    services.participant_remove(actor=d.office, scope=d.scope("office"), participation=rows[0])
    assert Participation.objects.filter(activity=a).count() == 2


def test_places_articles_and_the_report(d):
    a = under_way(d, kind=Activity.Kind.LAW_CHECK, title="水污染防治法执法检查", law="中华人民共和国水污染防治法")
    services.place_add(actor=d.office, scope=d.scope("office"), activity=a, kind="科技创新平台", count=5)
    services.place_add(actor=d.office, scope=d.scope("office"), activity=a, kind="科技创新平台", count=5)  # a resend
    assert a.places.count() == 1
    services.article_record(actor=d.office, scope=d.scope("office"), activity=a, number="第九条", provision="不得超标排放。")
    services.article_record(
        actor=d.office, scope=d.scope("office"), activity=a, number="第九条", provision="不得超标排放。", finding="两家超标。"
    )
    assert list(a.articles.values_list("number", "finding")) == [("第九条", "两家超标。")]
    a = services.activity_report(actor=d.office, scope=d.scope("office"), activity=a, text="检查报告正文。", on=D(2017, 6, 20))
    assert a.state == Activity.State.REPORTED and a.reported_on == D(2017, 6, 20)
    with pytest.raises(InvalidTransition):
        services.place_add(actor=d.office, scope=d.scope("office"), activity=a, kind="企业", count=1)
    a = services.activity_transition(actor=d.office, scope=d.scope("office"), activity=a, action="publish")
    assert a.is_published and a.published_at
    assert ACTIVITY.in_group(a, "held")


def test_the_report_needs_the_group_out_first(d):
    a = planned(d)
    with pytest.raises(InvalidTransition):
        services.activity_report(actor=d.office, scope=d.scope("office"), activity=a, text="报告")
    with pytest.raises(InvalidTransition):
        services.activity_transition(actor=d.office, scope=d.scope("office"), activity=a, action="publish")


def test_a_participant_adds_findings_from_a_phone_once_per_token_and_only_while_out(d):
    a = planned(d)
    services.participants_add(actor=d.office, scope=d.scope("office"), activity=a, people=[d.deputies[0].person])
    deputy, scope = d.users["deputy"], d.scope("deputy")
    with pytest.raises(InvalidTransition):
        services.finding_add(actor=deputy, scope=scope, activity=a, text="河道发黑。")
    a = services.activity_transition(actor=d.office, scope=d.scope("office"), activity=a, action="start")
    f1 = services.finding_add(actor=deputy, scope=scope, activity=a, text="河道发黑。", place="北港", client_token="t-1")
    f2 = services.finding_add(actor=deputy, scope=scope, activity=a, text="河道发黑。", place="北港", client_token="t-1")
    assert f1.pk == f2.pk and f1.author_id == d.deputies[0].person_id
    # someone not in the group may not
    with pytest.raises(NotPermitted):
        services.finding_add(actor=d.users["town_deputy"], scope=d.scope("town_deputy"), activity=a, text="x")
    services.activity_report(actor=d.office, scope=d.scope("office"), activity=a, text="报告")
    with pytest.raises(InvalidTransition):
        services.finding_add(actor=deputy, scope=scope, activity=a, text="晚了。")
    # staff still transcribe findings until the activity is closed
    staff = services.finding_add(actor=d.office, scope=d.scope("office"), activity=a, kind="suggestion", text="建议加强。")
    assert staff.author_id is None


def test_opinions_sent_directly_follow_the_handling_report_loop(d):
    a = under_way(d)
    unit = d.units[0]
    finding = services.finding_add(actor=d.office, scope=d.scope("office"), activity=a, kind="suggestion", text="建议加快进度。")
    opinion = services.activity_opinion_add(
        actor=d.office, scope=d.scope("office"), activity=a, unit=unit, text="一、加快进度。", finding=finding
    )
    assert isinstance(opinion, SupervisionOpinion) and opinion.state == SupervisionOpinion.State.DRAFT
    assert Finding.objects.get(pk=finding.pk).opinion_id == opinion.pk
    # the unit's clerk does not see a draft
    from renda.supervision import selectors

    assert not selectors.opinion_list(scope=d.scope("clerk")).filter(pk=opinion.pk).exists()
    opinion = services.opinion_transition(
        actor=d.office, scope=d.scope("office"), opinion=opinion, action="send", on=D(2017, 5, 10)
    )
    assert opinion.deadline == D(2017, 7, 10)  # the meetings rule: two months
    assert Notice.objects.filter(user=d.users["clerk"], kind="supervision.opinion.sent").exists()
    with pytest.raises(NotPermitted):
        services.opinion_report(actor=d.users["other_clerk"], scope=d.scope("other_clerk"), opinion=opinion, text="x")
    opinion = services.opinion_report(
        actor=d.users["clerk"], scope=d.scope("clerk"), opinion=opinion, text="已逐条研究。", on=D(2017, 6, 30)
    )
    assert opinion.state == SupervisionOpinion.State.REPORTED
    # a later meeting of the standing committee hears it: the meetings service adds the item
    meeting = meeting_services.meeting_create(actor=d.office, scope=d.scope("office"), body=d.sc, start_date=D(2017, 8, 20))
    opinion = services.opinion_transition(
        actor=d.office, scope=d.scope("office"), opinion=opinion, action="schedule", meeting=meeting
    )
    item = AgendaItem.objects.get(pk=opinion.followup_item_id)
    assert item.meeting_id == meeting.pk and item.kind == AgendaItem.Kind.HANDLING_REPORT and item.reporting_unit_id == unit.pk
    opinion = services.opinion_transition(
        actor=d.office, scope=d.scope("office"), opinion=opinion, action="close", on=D(2017, 8, 20)
    )
    assert opinion.state == SupervisionOpinion.State.CLOSED
    actions = list(
        AuditEvent.objects.filter(object_type="supervision.supervisionopinion", object_id=str(opinion.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "supervision.opinion.create",
        "supervision.opinion.send",
        "supervision.opinion.report",
        "supervision.opinion.schedule",
        "supervision.opinion.close",
    ]


def test_opinions_on_a_report_heard_at_a_meeting_are_that_items_review_opinions(d):
    a = under_way(d)
    meeting = meeting_services.meeting_create(actor=d.office, scope=d.scope("office"), body=d.sc, start_date=D(2017, 6, 29))
    a = services.activity_hearing_set(actor=d.office, scope=d.scope("office"), activity=a, meeting=meeting)
    item = AgendaItem.objects.get(pk=a.heard_at_id)
    assert item.kind == AgendaItem.Kind.HEAR_REPORT and item.meeting_id == meeting.pk
    review = services.activity_opinion_add(
        actor=d.office, scope=d.scope("office"), activity=a, unit=d.units[1], text="审议意见：一、二、三。"
    )
    assert isinstance(review, ReviewOpinion) and review.item_id == item.pk
    assert REVIEW_OPINION.state_of(review) == ReviewOpinion.State.DRAFT
    assert not SupervisionOpinion.objects.filter(activity=a).exists()
    # the same item again changes nothing; another is refused
    assert services.activity_hearing_set(actor=d.office, scope=d.scope("office"), activity=a, item=item).heard_at_id == item.pk
    other = meeting_services.meeting_create(actor=d.office, scope=d.scope("office"), body=d.sc, start_date=D(2017, 7, 1))
    other_item = meeting_services.agenda_item_add(
        actor=d.office, scope=d.scope("office"), meeting=other, kind="hear_report", title="另一议题"
    )
    with pytest.raises(InvalidTransition):
        services.activity_hearing_set(actor=d.office, scope=d.scope("office"), activity=a, item=other_item)


def test_the_hearing_is_at_a_meeting_of_the_organisers_congress(d):
    a = under_way(d, organiser=d.sc)
    town_session = MeetingFactory(body=d.town_congress, start_date=D(2017, 8, 14))
    with pytest.raises(DomainError):
        services.activity_hearing_set(actor=d.office, scope=d.scope("office"), activity=a, meeting=town_session)


def test_a_deputys_suggestion_becomes_their_deputys_suggestion_once(d):
    a = under_way(d)
    deputy, scope = d.users["deputy"], d.scope("deputy")
    finding = services.finding_add(
        actor=deputy, scope=scope, activity=a, kind="suggestion", text="建议增设公交站点方便群众出行。"
    )
    s = services.finding_raise_as_suggestion(
        actor=deputy, scope=scope, finding=finding, title="关于增设公交站点的建议", category="交通出行"
    )
    assert isinstance(s, Suggestion) and s.author_id == d.deputies[0].pk and s.state != "draft"
    again = services.finding_raise_as_suggestion(
        actor=deputy, scope=scope, finding=Finding.objects.get(pk=finding.pk), title="关于增设公交站点的建议", category="交通出行"
    )
    assert again.pk == s.pk and Suggestion.objects.filter(author=d.deputies[0]).count() == 1
    # not someone else's, not a problem
    with pytest.raises(NotPermitted):
        services.finding_raise_as_suggestion(
            actor=d.office, scope=d.scope("office"), finding=finding, title="x", category="交通出行"
        )
    problem = services.finding_add(actor=deputy, scope=scope, activity=a, kind="problem", text="站点太远。")
    with pytest.raises(DomainError):
        services.finding_raise_as_suggestion(actor=deputy, scope=scope, finding=problem, title="x", category="交通出行")


def test_a_campaign_activity_stays_in_the_campaigns_region(d):
    from renda.supervision.tests.factories import CampaignFactory

    campaign = CampaignFactory(organiser=d.sc, state="running", mobilised_on=D(2017, 3, 24))
    town = services.activity_create(
        actor=d.users["town"],
        scope=d.scope("town"),
        kind="inspection",
        title="河道集中视察",
        organiser=d.presidium,
        start_date=D(2017, 4, 2),
        campaign=campaign,
    )
    assert town.campaign_id == campaign.pk
    services.participants_add(actor=d.users["town"], scope=d.scope("town"), activity=town, people=[d.town_deputies[0].person])
    assert Participation.objects.get(activity=town).campaign_id == campaign.pk
    elsewhere = make_district()
    with pytest.raises(DomainError):
        services.activity_create(
            actor=elsewhere.office,
            scope=elsewhere.scope("office"),
            kind="inspection",
            title="外区",
            organiser=elsewhere.sc,
            start_date=D(2017, 4, 2),
            campaign=campaign,
        )


def test_an_activity_of_a_town_is_not_the_districts_to_run(d):
    a = services.activity_create(
        actor=d.users["town"], scope=d.scope("town"), kind="forum", title="座谈", organiser=d.presidium, start_date=D(2017, 7, 1)
    )
    with pytest.raises(NotPermitted):
        services.activity_transition(actor=d.office, scope=d.scope("office"), activity=a, action="start")
    assert Body.objects.get(pk=d.presidium.pk).kind == Body.Kind.PRESIDIUM
