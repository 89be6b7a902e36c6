"""Appointments and removals by the standing committee (issue #11 item 5): a list submitted (提请), put on a
meeting's agenda, one ballot with a line per person, each adopted or not against all members, the register of
office-holders with dates, the constitutional oath, the appointment letter in Word in Chinese only."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document as WordDocument

from renda.core.errors import DomainError, InvalidTransition
from renda.decisions import services
from renda.decisions.models import AppointmentList, Nomination, OfficeHolder
from renda.meetings.models import Poll
from renda.meetings.services import poll_vote

from .factories import ADMIN, TEST, committee_meeting

pytestmark = pytest.mark.django_db


def _list(meeting, people=(("张三", "区教育局局长", "appoint"), ("李四", "区教育局局长", "remove"))):
    return services.appointment_list_submit(
        actor=TEST,
        scope=ADMIN,
        body=meeting.body,
        nominator=AppointmentList.Nominator.GOVERNMENT,
        title="区人民政府关于提请任免的报告",
        submitted_on=meeting.start_date,
        nominations=[{"name": n, "post": p, "action": a, "statement": "供职发言"} for n, p, a in people],
    )


def _move(appointment_list, *actions, meeting=None):
    for action in actions:
        appointment_list = services.appointment_transition(
            actor=TEST, scope=ADMIN, appointment_list=appointment_list, action=action, meeting=meeting
        )
    return appointment_list


def test_a_list_is_voted_person_by_person_and_the_register_kept():
    meeting, users, _office = committee_meeting(members=5)
    appointment_list = _list(meeting)
    assert _list(meeting).pk == appointment_list.pk  # submitted again: the same list
    appointment_list = _move(appointment_list, "schedule", meeting=meeting)
    assert appointment_list.item.kind == "appointment"
    appointment_list = _move(appointment_list, "open")
    poll = appointment_list.poll
    assert poll.matter == Poll.Matter.APPOINTMENT and poll.options.count() == 2
    first, second = poll.options.order_by("order")
    for user in users[:3]:  # 3 of all 5 members: more than half
        poll_vote(actor=user, poll_id=poll.pk, choices={str(first.pk): "Y", str(second.pk): "Y"})
    for user in users[3:]:
        poll_vote(actor=user, poll_id=poll.pk, choices={str(first.pk): "Y", str(second.pk): "N"})
    appointment_list = _move(appointment_list, "close", "decide")
    assert appointment_list.state == AppointmentList.State.DECIDED
    states = dict(appointment_list.nominations.values_list("name", "state"))
    assert states == {"张三": "appointed", "李四": "appointed"}
    holder = OfficeHolder.objects.get(name="张三")
    assert (holder.post, holder.start_date, holder.end_date) == ("区教育局局长", meeting.start_date, None)


def test_a_removal_ends_the_office_and_a_rejected_nomination_changes_nothing():
    meeting, users, _office = committee_meeting(members=5)
    appointment_list = _move(_list(meeting, people=(("王五", "区财政局局长", "appoint"),)), "schedule", "open", meeting=meeting)
    option = appointment_list.poll.options.get()
    for user in users[:2]:  # 2 of 5: not more than half of all members
        poll_vote(actor=user, poll_id=appointment_list.poll_id, choices={str(option.pk): "Y"})
    appointment_list = _move(appointment_list, "close", "decide")
    assert appointment_list.nominations.get().state == Nomination.State.REJECTED
    assert not OfficeHolder.objects.filter(name="王五").exists()
    with pytest.raises(DomainError):
        services.oath_record(actor=TEST, scope=ADMIN, appointment_list=appointment_list, leader="")


def test_the_oath_and_the_letter_in_chinese_only():
    meeting, users, _office = committee_meeting(members=3)
    appointment_list = _move(
        _list(meeting, people=(("赵六", "区卫生健康局局长", "appoint"),)), "schedule", "open", meeting=meeting
    )
    option = appointment_list.poll.options.get()
    nomination = appointment_list.nominations.get()
    with pytest.raises(InvalidTransition):
        services.appointment_letter_docx(nomination)
    for user in users:
        poll_vote(actor=user, poll_id=appointment_list.poll_id, choices={str(option.pk): "Y"})
    appointment_list = _move(appointment_list, "close", "decide")
    oath = services.oath_record(actor=TEST, scope=ADMIN, appointment_list=appointment_list, leader="赵六")
    assert services.oath_record(actor=TEST, scope=ADMIN, appointment_list=appointment_list, leader="x").pk == oath.pk
    nomination.refresh_from_db()
    assert nomination.oath_id == oath.pk and oath.text.startswith("我宣誓")
    data = services.appointment_letter_docx(nomination)
    text = "\n".join(p.text for p in WordDocument(io.BytesIO(data)).paragraphs)
    assert "任命书" in text and "赵六" in text and "区卫生健康局局长" in text
    assert not re.search(r"[A-Za-z]{2,}", text), text


def test_scheduling_needs_a_meeting_of_the_same_committee():
    meeting, _users, _office = committee_meeting(members=3)
    other, _u, _o = committee_meeting(members=3)
    with pytest.raises(DomainError):
        _move(_list(meeting), "schedule", meeting=other)
