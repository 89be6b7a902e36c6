"""Correcting a meeting's record (issue #14) and the pages' other writes in the API (issue #11, item 12): the date,
venue and agenda items are corrected until the meeting's page is published, then refused (409 / the page's
message); every correction is audited; documents are judged by their content."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from docx import Document as WordDocument

from renda.core.errors import DomainError, InvalidTransition
from renda.core.models import AuditEvent
from renda.meetings import services
from renda.meetings.models import AgendaItem, Meeting
from renda.org.scoping import build_scope

from .factories import AgendaItemFactory, CommitteeFactory, MeetingFactory, PollFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee():
    return CommitteeFactory(members=3)


@pytest.fixture
def meeting(committee):
    m = MeetingFactory(body=committee)
    for n, title in enumerate(["甲", "乙", "丙"], start=1):
        AgendaItemFactory(meeting=m, order=n, title=title, kind=AgendaItem.Kind.OTHER)
    return m


def titles(meeting: Meeting) -> list[str]:
    return list(meeting.items.order_by("order").values_list("title", flat=True))


def publish(meeting: Meeting) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(is_published=True, published_at=timezone.now(), state=Meeting.State.CLOSED)
    meeting.refresh_from_db()


def test_date_venue_and_agenda_corrected_until_published(meeting, office):
    s = build_scope(office)
    day = meeting.start_date + datetime.timedelta(days=1)
    services.meeting_correct(actor=office, scope=s, meeting=meeting, start_date=day, venue="第二会议室")
    meeting.refresh_from_db()
    assert (meeting.start_date, meeting.end_date, meeting.venue) == (day, day, "第二会议室")
    first, second, third = meeting.items.order_by("order")
    services.agenda_item_edit(actor=office, scope=s, item=first, kind=AgendaItem.Kind.LAW_STUDY, title="学习法律")
    services.agenda_item_move(actor=office, scope=s, item=third, direction="up")
    assert titles(meeting) == ["学习法律", "丙", "乙"]
    services.agenda_item_delete(actor=office, scope=s, item=second)
    services.agenda_item_delete(actor=office, scope=s, item=second)  # a retried delete changes nothing
    assert titles(meeting) == ["学习法律", "丙"]
    assert list(meeting.items.order_by("order").values_list("order", flat=True)) == [1, 2]
    actions = set(AuditEvent.objects.filter(region_id=meeting.region_id).values_list("action", flat=True))
    assert {"meeting.correct", "agenda_item.correct", "agenda.reorder", "agenda_item.delete"} <= actions

    publish(meeting)
    with pytest.raises(InvalidTransition):
        services.meeting_correct(actor=office, scope=s, meeting=meeting, start_date=day, venue="别处")
    with pytest.raises(InvalidTransition):
        services.agenda_item_edit(actor=office, scope=s, item=first, kind=AgendaItem.Kind.OTHER, title="改")
    with pytest.raises(InvalidTransition):
        services.agenda_item_delete(actor=office, scope=s, item=first)
    with pytest.raises(InvalidTransition):
        services.agenda_reorder(actor=office, scope=s, meeting=meeting, item_ids=[third.pk, first.pk])
    assert titles(meeting) == ["学习法律", "丙"]


def test_an_item_with_records_stays_and_a_reorder_names_every_item(meeting, office):
    s = build_scope(office)
    first = meeting.items.order_by("order").first()
    PollFactory(meeting=meeting, item=first)
    with pytest.raises(DomainError):
        services.agenda_item_delete(actor=office, scope=s, item=first)
    with pytest.raises(DomainError):
        services.agenda_reorder(actor=office, scope=s, meeting=meeting, item_ids=[first.pk])
    assert titles(meeting) == ["甲", "乙", "丙"]


def test_pages_refuse_a_correction_after_publication(meeting, office):
    client = Client()
    client.force_login(office)
    item = meeting.items.order_by("order").last()
    assert client.post(f"/meetings/items/{item.pk}/move/", {"direction": "up"}).status_code == 302
    assert titles(meeting) == ["甲", "丙", "乙"]
    page = client.get(f"/meetings/{meeting.pk}/")
    assert b'data-testid="item-corrections"' in page.content and b'data-testid="meeting-edit"' in page.content
    publish(meeting)
    page = client.get(f"/meetings/{meeting.pk}/")
    assert b'data-testid="item-corrections"' not in page.content
    refused = client.post(f"/meetings/items/{item.pk}/delete/")
    assert refused.status_code == 400
    assert titles(meeting) == ["甲", "丙", "乙"]
    form = client.post(f"/meetings/{meeting.pk}/edit/", {"start_date": str(meeting.start_date), "venue": "别处"})
    assert form.status_code == 400
    meeting.refresh_from_db()
    assert meeting.venue != "别处"


def test_api_corrections_then_409(meeting, office):
    client = Client()
    client.force_login(office)
    items = list(meeting.items.order_by("order").values_list("pk", flat=True))
    put = client.put(
        f"/api/meetings/items/{items[0]}", json.dumps({"kind": "other", "title": "更正"}), content_type="application/json"
    )
    assert put.status_code == 200 and put.json()["items"][0]["title"] == "更正"
    order = client.post(f"/api/meetings/{meeting.pk}/items/order", {"item_ids": items[::-1]}, content_type="application/json")
    assert [i["id"] for i in order.json()["items"]] == items[::-1]
    assert client.delete(f"/api/meetings/items/{items[1]}").status_code == 200
    day = str(meeting.start_date)
    moved = client.post(
        f"/api/meetings/{meeting.pk}/correction", {"start_date": day, "venue": "新址"}, content_type="application/json"
    )
    assert moved.status_code == 200 and moved.json()["venue"] == "新址"
    publish(meeting)
    for response in [
        client.put(
            f"/api/meetings/items/{items[0]}", json.dumps({"kind": "other", "title": "再改"}), content_type="application/json"
        ),
        client.delete(f"/api/meetings/items/{items[0]}"),
        client.post(
            f"/api/meetings/{meeting.pk}/correction", {"start_date": day, "venue": "旧址"}, content_type="application/json"
        ),
        client.post(f"/api/meetings/{meeting.pk}/items/order", {"item_ids": items[::2]}, content_type="application/json"),
    ]:
        assert response.status_code == 409, response.content
        assert response.json()["detail"]


def _docx() -> bytes:
    buffer = io.BytesIO()
    WordDocument().save(buffer)
    return buffer.getvalue()


def test_documents_are_checked_by_content_in_the_api(meeting, office):
    client = Client()
    client.force_login(office)
    url = f"/api/meetings/{meeting.pk}/documents"
    good = client.post(url, {"title": "工作报告", "file": SimpleUploadedFile("报告.docx", _docx())})
    assert good.status_code == 200, good.content
    assert meeting.documents.filter(title="工作报告", version=1).exists()
    fake = client.post(url, {"title": "工作报告", "file": SimpleUploadedFile("报告.pdf", b"#!/bin/sh\necho hi\n")})
    script = client.post(url, {"title": "脚本", "file": SimpleUploadedFile("run.sh", b"echo hi")})
    assert (fake.status_code, script.status_code) == (422, 422)
    assert meeting.documents.count() == 1
    download = client.get(f"/meetings/documents/{meeting.documents.get().pk}/")
    assert download.status_code == 200 and download["Content-Disposition"].endswith("-v1.docx")


def test_meeting_planned_and_opinions_written_through_the_api(committee, office):
    client = Client()
    client.force_login(office)
    planned = client.post(
        "/api/meetings/",
        {"body_id": committee.pk, "start_date": "2017-09-01", "venue": "会议室"},
        content_type="application/json",
    )
    assert planned.status_code == 200, planned.content
    meeting_id = planned.json()["id"]
    added = client.post(
        f"/api/meetings/{meeting_id}/items", {"kind": "other", "title": "x" * 201}, content_type="application/json"
    )
    assert added.status_code == 422  # longer than the column: refused before the database
