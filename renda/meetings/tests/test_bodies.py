"""Issue #11 item 2 and 8: the preparatory meeting of a session elects the session presidium and adopts the agenda by
vote; town presidiums have their 主席/副主席 and members and hold meetings; special and working committees hold
meetings of their members, run by their own staff; seat titles per kind of body."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from renda.core.errors import InvalidTransition, NotPermitted
from renda.core.models import Rule
from renda.meetings import services
from renda.meetings.models import AgendaItem, Meeting, Poll
from renda.org.models import Body, Deputy, Membership, Role
from renda.org.naming import SEAT_TITLES
from renda.org.scoping import build_scope
from renda.org.tests.factories import UserFactory

from .factories import ADMIN, TEST, sign_in

pytestmark = pytest.mark.django_db
DAY = datetime.date(2018, 3, 1)


def _session(congress: Body, day=DAY) -> Meeting:
    return services.meeting_create(
        actor=TEST, scope=ADMIN, body=congress, start_date=day, end_date=day + datetime.timedelta(days=1)
    )


def _run_poll(poll: Poll, yes: int) -> Poll:
    poll = services.poll_transition(actor=TEST, scope=ADMIN, poll=poll, action="start")
    poll = services.poll_transition(actor=TEST, scope=ADMIN, poll=poll, action="finish")
    option = str(poll.options.get().pk)
    present = poll.present_count or 0
    services.paper_count_enter(
        actor=UserFactory.create(),
        scope=ADMIN,
        poll=poll,
        ballots_total=present,
        invalid=0,
        counts={option: {"Y": yes, "N": present - yes, "A": 0}},
    )
    return services.poll_transition(actor=TEST, scope=ADMIN, poll=poll, action="publish")


def test_the_preparatory_meeting_elects_the_session_presidium_and_adopts_the_agenda(world):
    congress = world.xc_congress
    Rule.objects.create(key="meetings.preparatory_required", region_id=congress.region_id, value=True)
    session = _session(congress)
    deputies = list(Deputy.objects.filter(congress=congress, status="serving").select_related("person").order_by("pk")[:7])
    staff = world.users["xc_staff"]
    with pytest.raises(NotPermitted):
        services.preparatory_meeting_create(
            actor=world.users["wjj_staff"],
            scope=build_scope(world.users["wjj_staff"]),
            session=session,
            presidium=[d.person for d in deputies],
        )
    prep = services.preparatory_meeting_create(
        actor=staff, scope=build_scope(staff), session=session, presidium=[d.person for d in deputies], start_date=DAY
    )
    again = services.preparatory_meeting_create(
        actor=staff, scope=build_scope(staff), session=session, presidium=[d.person for d in deputies]
    )
    assert again.pk == prep.pk
    assert prep.number == session.number and prep.title == f"{session.title}预备会议" and prep.preparatory_for_id == session.pk
    assert list(prep.items.values_list("kind", flat=True)) == [AgendaItem.Kind.ELECT_PRESIDIUM, AgendaItem.Kind.ADOPT_AGENDA]
    presidium_poll, agenda_poll = prep.polls.order_by("item__order")
    assert presidium_poll.kind == Poll.Kind.HANDS  # the rule meetings.preparatory.poll_kind
    # the session does not open before its preparatory meeting is done (the rule is on for this town)
    services.meeting_transition(actor=TEST, scope=ADMIN, meeting=session, action="convene")
    sign_in(session)
    with pytest.raises(InvalidTransition):
        services.meeting_transition(actor=TEST, scope=ADMIN, meeting=session, action="start")
    services.meeting_transition(actor=TEST, scope=ADMIN, meeting=prep, action="convene")
    sign_in(prep)
    services.meeting_transition(actor=TEST, scope=ADMIN, meeting=prep, action="start")
    _run_poll(presidium_poll, yes=presidium_poll.meeting.attendances.filter(status="present").count())
    session.refresh_from_db()
    assert session.presidium is not None and session.presidium.kind == Body.Kind.SESSION_PRESIDIUM
    seats = Membership.objects.filter(body=session.presidium)
    assert seats.count() == 7 and {m.end_date for m in seats} == {session.end_date}
    assert not services.preparatory_state(session).agenda_adopted
    _run_poll(agenda_poll, yes=agenda_poll.meeting.attendances.filter(status="present").count())
    services.meeting_transition(actor=TEST, scope=ADMIN, meeting=prep, action="close")
    state = services.preparatory_state(session)
    assert state.closed and state.presidium_elected and state.agenda_adopted
    services.meeting_transition(actor=TEST, scope=ADMIN, meeting=session, action="start")
    # the session presidium holds meetings of its own during the session
    sitting = services.meeting_create(actor=staff, scope=build_scope(staff), body=session.presidium, start_date=DAY)
    assert sitting.title == f"{session.presidium.name}第一次会议" and sitting.attendances.count() == 7


def test_a_rejected_list_seats_nobody(world):
    congress = world.xc_congress
    session = _session(congress)
    deputies = list(Deputy.objects.filter(congress=congress, status="serving").select_related("person").order_by("pk")[:5])
    prep = services.preparatory_meeting_create(actor=TEST, scope=ADMIN, session=session, presidium=[d.person for d in deputies])
    services.meeting_transition(actor=TEST, scope=ADMIN, meeting=prep, action="convene")
    sign_in(prep)
    services.meeting_transition(actor=TEST, scope=ADMIN, meeting=prep, action="start")
    _run_poll(prep.polls.get(item__kind=AgendaItem.Kind.ELECT_PRESIDIUM), yes=1)
    session.refresh_from_db()
    assert session.presidium is None


def test_the_page_plans_the_preparatory_meeting(world):
    session = _session(world.xc_congress)
    deputies = list(Deputy.objects.filter(congress=world.xc_congress, status="serving").order_by("pk")[:3])
    client = world.client("xc_staff")
    url = reverse("meetings:preparatory_create", args=[session.pk])
    assert client.get(url).status_code == 200
    assert (
        client.post(url, {"start_date": "2018-03-02", "presidium": [d.pk for d in deputies]}).status_code == 400
    )  # after the session
    response = client.post(url, {"start_date": "2018-03-01", "presidium": [d.pk for d in deputies]})
    assert response.status_code == 302
    prep = Meeting.objects.get(preparatory_for=session)
    assert prep.presidium_nominations.count() == 3
    page = client.get(reverse("meetings:detail", args=[session.pk])).content.decode()
    assert 'data-testid="preparatory"' in page and prep.title in page


def test_town_presidiums_have_a_chair_and_vice_chairs_and_meet(world):
    presidium = Body.objects.get(kind=Body.Kind.PRESIDIUM, region=world.xc)
    seats = Membership.objects.filter(body=presidium).select_related("body")
    roles = sorted(m.role for m in seats)
    assert roles.count("chair") == 1 and 1 <= roles.count("vice_chair") <= 2 and len(roles) >= 7
    assert {m.role_label for m in seats if m.role == "chair"} == {str(SEAT_TITLES["presidium"]["chair"])}
    staff = world.users["xc_staff"]
    meeting = services.meeting_create(
        actor=staff, scope=build_scope(staff), body=presidium, start_date=datetime.date(2017, 9, 20)
    )
    assert meeting.attendances.filter(role="member", entitled=True).count() == len(roles)
    assert meeting.title.startswith("新塍镇第十届人大主席团第")


def test_committees_hold_meetings_of_their_members_run_by_their_own_staff(world):
    committee = Body.objects.get(name="秀洲区人大常委会教科文卫工作委员会")
    other = Body.objects.get(name="秀洲区人大财政经济委员会")
    staff = world.users["committee"]
    scope = build_scope(staff)
    meeting = services.meeting_create(actor=staff, scope=scope, body=committee, start_date=datetime.date(2017, 9, 20))
    members = Membership.objects.filter(body=committee).count()
    assert meeting.attendances.filter(entitled=True).count() == members
    assert meeting.title == "秀洲区人大常委会教科文卫工作委员会（第九届）第一次全体会议"
    with pytest.raises(NotPermitted):
        services.meeting_create(actor=staff, scope=scope, body=other, start_date=datetime.date(2017, 9, 20))
    # the working committee is headed by its 主任, the special committee by its 主任委员
    assert Membership.objects.filter(body=committee, role="director").count() == 1
    assert Membership.objects.filter(body=other, role="chair").count() == 1
    client = Client()
    client.force_login(staff)
    assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 200


def test_a_county_level_standing_committee_has_no_secretary_general(world):
    from django.core.exceptions import ValidationError

    assert not Membership.objects.filter(body=world.standing_committee, role="secretary_general").exists()
    seat = Membership(
        person=world.own_deputy.person,
        body=world.standing_committee,
        term=world.own_deputy.term,
        role="secretary_general",
        start_date=DAY,
    )
    with pytest.raises(ValidationError):
        seat.clean()


def test_term_labels_read_as_a_congress_office_writes_them(world):
    assert str(world.own_deputy.term) == "秀洲区第九届人民代表大会"
    assert str(Deputy.objects.filter(congress=world.xc_congress).first().term) == "新塍镇第十届人民代表大会"
    assert Role.LEADER
