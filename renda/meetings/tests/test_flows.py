"""Meetings end to end on the demo district through services and pages: numbering, rollout, attendance, review
opinions, outputs. (The lifecycles on a few rows of their own: test_services.py.)"""

from __future__ import annotations

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document as WordDocument
from openpyxl import load_workbook

from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.core.models import AuditEvent
from renda.meetings import services
from renda.meetings.models import Attendance, Meeting, ReviewOpinion
from renda.org.models import Body
from renda.org.scoping import build_scope

from .factories import ADMIN, TEST, open_meeting, started_poll

pytestmark = pytest.mark.django_db


def scope(world, name):
    return build_scope(world.users[name])


def test_meetings_are_numbered_within_the_term_and_titled(world):
    office = world.users["office"]
    sc = world.standing_committee
    meeting = services.meeting_create(actor=office, scope=scope(world, "office"), body=sc, start_date=datetime.date(2017, 9, 1))
    assert meeting.number == 5 and meeting.title == "秀洲区九届人大常委会第五次会议"
    assert meeting.attendances.filter(role="member", entitled=True).count() == 27
    with pytest.raises(DomainError):
        services.meeting_create(
            actor=office, scope=scope(world, "office"), body=sc, start_date=datetime.date(2017, 9, 2), number=5
        )
    with pytest.raises(DomainError):
        services.meeting_create(actor=office, scope=scope(world, "office"), body=sc, start_date=datetime.date(2030, 1, 1))
    with pytest.raises(NotPermitted):
        services.meeting_create(
            actor=world.users["wjj_staff"], scope=scope(world, "wjj_staff"), body=sc, start_date=datetime.date(2017, 9, 1)
        )
    assert AuditEvent.objects.filter(action="meeting.create", object_id=str(meeting.pk)).count() == 1


def test_midyear_rollout_is_one_action_and_idempotent(world):
    day = datetime.date(2018, 7, 20)
    last = {
        b.pk: max(b.meetings.values_list("number", flat=True), default=0)
        for b in Body.objects.filter(kind="congress", level="town")
    }
    meetings = services.midyear_rollout(actor=world.users["office"], scope=scope(world, "office"), start_date=day)
    assert len(meetings) == 5 and len({m.start_date for m in meetings}) == 1
    assert all(m.number == last[m.body_id] + 1 for m in meetings)  # each numbered next within its own term
    assert len({tuple(m.items.values_list("kind", "title")) for m in meetings}) == 1
    again = services.midyear_rollout(actor=world.users["office"], scope=scope(world, "office"), start_date=day)
    assert {m.pk for m in again} == {m.pk for m in meetings}
    with pytest.raises(NotPermitted):
        services.midyear_rollout(actor=world.users["wjj_staff"], scope=scope(world, "wjj_staff"), start_date=day)


def test_sign_in_by_qr_leave_and_quorum(world, client):
    meeting, users = open_meeting(present=0)
    client.force_login(users[0])
    page = client.get(reverse("meetings:signin", args=[meeting.signin_token]))
    assert page.status_code == 200
    assert client.post(reverse("meetings:signin", args=[meeting.signin_token])).status_code == 302
    assert client.post(reverse("meetings:signin", args=[meeting.signin_token])).status_code == 302  # twice = once
    row = meeting.attendances.get(person__user=users[0])
    assert row.status == "present" and row.signin_method == "qr"
    assert AuditEvent.objects.filter(action="attendance.sign_in", object_id=str(row.pk)).count() == 1
    client.force_login(users[1])
    bad = client.post(reverse("meetings:leave", args=[meeting.pk]), {"reason": ""})
    assert bad.status_code == 400
    assert client.post(reverse("meetings:leave", args=[meeting.pk]), {"reason": "出差"}).status_code == 302
    leave = meeting.attendances.get(person__user=users[1])
    assert leave.status == "leave_requested"
    services.attendance_action(
        actor=world.users["office"], scope=scope(world, "office"), attendance=leave, action="approve_leave"
    )
    with pytest.raises(InvalidTransition):
        services.attendance_action(
            actor=world.users["office"], scope=scope(world, "office"), attendance=leave, action="refuse_leave"
        )
    from renda.meetings.selectors import attendance_board

    board = attendance_board(meeting=meeting)
    assert (board["base"], board["quorum"], board["present"], board["leave"], board["has_quorum"]) == (27, 14, 1, 1, False)
    for u in users[2:15]:
        services.attendance_action(actor=TEST, scope=ADMIN, attendance=meeting.attendances.get(person__user=u), action="sign_in")
    assert attendance_board(meeting=meeting)["has_quorum"]
    # A deputy who is not invited cannot use the code.
    client.force_login(world.users["deputy"])
    assert client.post(reverse("meetings:signin", args=[meeting.signin_token])).status_code == 404


def test_unit_clerk_submits_the_handling_report_on_the_page(world):
    opinion = ReviewOpinion.objects.get(unit=world.edu_unit)
    assert opinion.state == "sent"
    client = world.client("edu_clerk")
    assert client.post(reverse("meetings:opinion_report", args=[opinion.pk]), {"text": ""}).status_code == 400
    assert client.post(reverse("meetings:opinion_report", args=[opinion.pk]), {"text": "已制定整改方案。"}).status_code == 302
    assert client.post(reverse("meetings:opinion_report", args=[opinion.pk]), {"text": "已制定整改方案。"}).status_code == 302
    opinion.refresh_from_db()
    assert opinion.state == "reported" and opinion.report_text == "已制定整改方案。"
    assert client.get(reverse("meetings:opinion_list")).content.decode().count(opinion.item.title) == 1


def test_list_pages_issue_a_constant_number_of_queries(world):
    client = world.client("office")
    url = reverse("meetings:list")
    client.get(url)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as few:
        assert client.get(url + "?kind=directors_meeting").status_code == 200
    assert len(many) == len(few)
    for name in ["opinion_list"]:
        with CaptureQueriesContext(connection) as a:
            client.get(reverse(f"meetings:{name}"))
        with CaptureQueriesContext(connection) as b:
            client.get(reverse(f"meetings:{name}") + "?state=closed")
        assert len(a) == len(b)
    session = Meeting.objects.get(region=world.wjj, rollout__startswith="midyear")
    with CaptureQueriesContext(connection) as board:
        assert client.get(reverse("meetings:attendance", args=[session.pk])).status_code == 200
    assert len(board) < 20


def test_exports_and_minutes(world):
    client = world.client("office")
    response = client.get(reverse("meetings:list") + "?export=xlsx&year=2017")
    sheet = load_workbook(io.BytesIO(response.content)).active
    titles = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "秀洲区九届人大常委会第三次会议" in titles
    meeting = Meeting.objects.get(body=world.standing_committee, number=3)
    docx = client.get(reverse("meetings:minutes", args=[meeting.pk]))
    text = "\n".join(p.text for p in WordDocument(io.BytesIO(docx.content)).paragraphs)
    assert meeting.title in text and "清淤" in text and "27" in text
    att = client.get(reverse("meetings:attendance", args=[meeting.pk]) + "?export=xlsx")
    rows = list(load_workbook(io.BytesIO(att.content)).active.iter_rows(min_row=2, values_only=True))
    assert len(rows) == meeting.attendances.count()


def test_public_page_shows_results_and_no_personal_data(world, client):
    meeting = Meeting.objects.get(body=world.standing_committee, number=3)
    page = client.get(reverse("meetings:public_detail", args=[meeting.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "清淤" in html
    present = meeting.attendances.filter(status=Attendance.Status.PRESENT, role="member").select_related("person")
    for row in present[:5]:
        assert row.person.name not in html and (row.person.phone or "x") not in html
    unpublished = Meeting.objects.filter(is_published=False).first()
    assert client.get(reverse("meetings:public_detail", args=[unpublished.pk])).status_code == 404


def test_the_leader_opens_her_meetings_and_votes_in_her_standing_committee(world):
    """The 主任 (`leader`) is a person with a seat: her login is her membership, so she attends, signs in and votes."""
    leader = world.users["leader"]
    scope_ = scope(world, "leader")
    assert scope_.person_id == leader.person.pk
    client = world.client("leader")
    mine = client.get(reverse("meetings:mine"))
    assert mine.status_code == 200 and "秀洲区九届人大常委会" in mine.content.decode()
    meeting, _users = open_meeting()
    assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 200
    assert client.post(reverse("meetings:signin", args=[meeting.signin_token])).status_code == 302
    poll = started_poll(meeting)
    response = client.post(
        f"/api/meetings/polls/{poll.pk}/vote", {"choices": {str(poll.options.get().pk): "Y"}}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert poll.voters.filter(person=leader.person).exists()
