"""The deputy's home: every app's to-do items (a poll open now to a deputy who may vote, co-sign requests, answers
waiting for feedback, training ahead, the archive's score so far, the scanner), the same list at /api/me/todo,
and the charts kept for staff."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from renda.core.actors import system
from renda.core.todo import Item, sections
from renda.duty import services as duty_services
from renda.duty.models import TrainingPlan
from renda.meetings.models import Attendance, Meeting, Poll, PollVoter
from renda.org.scoping import Scope
from renda.suggestions.models import State, Suggestion

pytestmark = pytest.mark.django_db


def open_poll_for(world) -> Poll:
    """The 2018 ballot's poll at 王江泾镇's session in progress, where the demo deputy is present, opened."""
    meeting = Meeting.objects.get(state=Meeting.State.IN_PROGRESS, attendances__person=world.own_deputy.person)
    poll = meeting.polls.get(state=Poll.State.CREATED)
    Poll.objects.filter(pk=poll.pk).update(state=Poll.State.STARTED, base_count=meeting.attendances.count(), started_at=timezone.now())
    return poll


def kinds(items) -> list[str]:
    return [i["kind"] if isinstance(i, dict) else i.kind for i in items]


def test_a_poll_open_now_heads_the_deputys_list_until_they_have_voted(world):
    poll = open_poll_for(world)
    client = world.client("deputy")
    items = client.get("/api/me/todo").json()
    assert items[0]["kind"] == "meetings.poll" and items[0]["severity"] == "danger"
    assert items[0]["url"] == f"/meetings/polls/{poll.pk}/" and poll.title in items[0]["title"]
    home = client.get("/").content.decode()
    assert 'data-testid="todo-meetings.poll"' in home and f"/meetings/polls/{poll.pk}/" in home
    PollVoter.objects.create(poll=poll, person=world.own_deputy.person)
    assert "meetings.poll" not in kinds(client.get("/api/me/todo").json())


def test_a_deputy_who_is_not_present_is_not_asked_to_vote(world):
    poll = open_poll_for(world)
    Attendance.objects.filter(meeting=poll.meeting, person=world.own_deputy.person).update(status=Attendance.Status.LEAVE)
    assert "meetings.poll" not in kinds(world.client("deputy").get("/api/me/todo").json())


def test_co_sign_requests_answers_to_rate_training_and_the_archive(world):
    answered = Suggestion.objects.filter(author=world.own_deputy, state=State.CLOSED).first()
    Suggestion.objects.filter(pk=answered.pk).update(state=State.ANSWERED)
    plan = TrainingPlan.objects.get(congress=world.own_deputy.congress, for_new_deputies=True)
    soon = timezone.localdate() + datetime.timedelta(days=3)
    reason = "tests: training ahead"
    duty_services.session_create(actor=system(reason), scope=Scope.system(reason), plan=plan, title="代表建议写作", date=soon,
                                 deputies=[world.own_deputy])  # fmt: skip
    items = world.client("deputy").get("/api/me/todo").json()
    found = kinds(items)
    for kind in ("suggestions.cosign", "suggestions.feedback", "duty.training", "archive.score", "duty.scan"):
        assert kind in found, (kind, found)
    training = next(i for i in items if i["kind"] == "duty.training")
    assert training["due"] == soon.isoformat() and training["severity"] == "warning"
    score = next(i for i in items if i["kind"] == "archive.score")
    assert score["severity"] == "info" and isinstance(score["count"], int)
    grouped = sections([_item(i) for i in items], timezone.localdate())
    assert any(i.kind == "duty.training" for i in grouped.week)
    assert {i.kind for i in grouped.links} == {"archive.score", "duty.scan"}


def _item(data) -> Item:
    due = datetime.date.fromisoformat(data["due"]) if data["due"] else None
    return Item(data["kind"], data["title"], data["url"], due, data["count"], data["severity"])


def test_staff_keep_the_charts_and_get_no_deputys_items(world):
    home = world.client("office").get("/")
    assert "charts" in home.context and "todo" in home.context
    deputy_kinds = {"meetings.poll", "meetings.attend", "suggestions.cosign", "suggestions.feedback", "archive.score", "duty.scan"}
    assert not deputy_kinds & set(kinds(world.client("office").get("/api/me/todo").json()))
    assert world.client(None).get("/api/me/todo").status_code == 401


def test_the_deputys_home_is_a_bounded_number_of_queries(world):
    client = world.client("deputy")
    client.get("/")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    assert response.status_code == 200 and 'data-testid="todo"' in response.content.decode()
    assert len(ctx.captured_queries) <= 60, len(ctx.captured_queries)
