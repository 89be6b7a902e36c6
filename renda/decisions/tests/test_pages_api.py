"""The election and appointment pages and API operations run the same services (issue #11 items 4, 5, 12): staff
set up, move and publish; a refused move answers the page with the reason (400) and the API with 409; a poll
cannot open without its quorum; the letter downloads in Chinese."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document as WordDocument

from renda.decisions.models import AppointmentList, Election
from renda.meetings.services import poll_vote

from .factories import committee_meeting, congress_session

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_election_from_the_pages():
    meeting, users, staff = congress_session(deputies=10, present=10)
    client = _client(staff)
    response = client.post(
        reverse("decisions:election_create"),
        {
            "meeting": meeting.pk,
            "post": "镇人民代表大会副主席",
            "post_kind": "presidium_vice_chair",
            "places": 1,
            "kind": "secret",
        },
    )
    election = Election.objects.get(meeting=meeting)
    assert response.status_code == 302 and response["Location"] == reverse("decisions:election_detail", args=[election.pk])
    for name in ("甲", "乙"):
        assert (
            client.post(reverse("decisions:candidate_add", args=[election.pk]), {"name": name, "source": "presidium"}).status_code
            == 302
        )
    page = client.get(reverse("decisions:election_detail", args=[election.pk]))
    assert page.status_code == 200 and "甲" in page.content.decode()
    for action in ("fix_list", "open"):
        assert client.post(reverse("decisions:election_transition", args=[election.pk]), {"action": action}).status_code == 302
    election.refresh_from_db()
    assert election.state == Election.State.VOTING
    # a move the state does not allow: the page again with the reason
    refused = client.post(reverse("decisions:election_transition", args=[election.pk]), {"action": "announce"})
    assert refused.status_code == 400


def test_the_api_answers_409_for_a_move_the_state_refuses_and_without_quorum():
    meeting, users, staff = congress_session(deputies=10, present=5)  # below ⌈2/3·10⌉ = 7: convened, not open
    client = _client(staff)
    created = client.post(
        "/api/elections/",
        json.dumps({"meeting_id": meeting.pk, "post": "镇长", "places": 1, "post_kind": "government_head", "kind": "secret"}),
        content_type="application/json",
    )
    assert created.status_code == 200, created.content
    election_id = created.json()["id"]
    added = client.post(f"/api/elections/{election_id}/candidates", json.dumps({"name": "甲"}), content_type="application/json")
    assert [c["name"] for c in added.json()["candidates"]] == ["甲"]
    assert client.post(f"/api/elections/{election_id}/actions/close", "{}", content_type="application/json").status_code == 409
    fixed = client.post(f"/api/elections/{election_id}/actions/fix_list", "{}", content_type="application/json")
    assert fixed.status_code == 200 and "open" in [a["action"] for a in fixed.json()["actions"]]
    no_quorum = client.post(f"/api/elections/{election_id}/actions/open", "{}", content_type="application/json")
    assert no_quorum.status_code == 409 and no_quorum.json()["detail"]
    assert Election.objects.get(pk=election_id).state == Election.State.NOMINATED


def test_appointments_through_the_api_and_the_letter_from_the_page():
    meeting, users, office = committee_meeting(members=3)
    client = _client(office)
    created = client.post(
        "/api/appointments/",
        json.dumps(
            {
                "nominator": "government",
                "title": "区人民政府关于提请任命的报告",
                "submitted_on": "2017-09-01",
                "nominations": [{"name": "张三", "post": "区教育局局长"}],
            }
        ),
        content_type="application/json",
    )
    assert created.status_code == 200, created.content
    list_id = created.json()["id"]
    # the test committee is the only one in the office's region
    assert AppointmentList.objects.get(pk=list_id).body_id == meeting.body_id
    move = lambda action, **body: client.post(  # noqa: E731
        f"/api/appointments/{list_id}/actions/{action}", json.dumps(body), content_type="application/json"
    )
    assert move("schedule", meeting_id=meeting.pk).status_code == 200
    opened = move("open")
    assert opened.status_code == 200
    poll_id = opened.json()["poll_id"]
    appointment_list = AppointmentList.objects.get(pk=list_id)
    option = appointment_list.poll.options.get()
    for user in users:
        poll_vote(actor=user, poll_id=poll_id, choices={str(option.pk): "Y"})
    assert move("close").status_code == 200
    decided = move("decide").json()
    assert decided["state"] == "decided" and decided["nominations"][0]["state"] == "appointed"
    oath = client.post(f"/api/appointments/{list_id}/oath", json.dumps({"leader": "张三"}), content_type="application/json")
    assert oath.json()["nominations"][0]["oath_taken"] is True
    holders = client.get("/api/appointments/holders?current=true").json()
    assert [h["name"] for h in holders] == ["张三"]
    nomination = appointment_list.nominations.get()
    letter = client.get(reverse("decisions:appointment_letter", args=[nomination.pk]))
    assert letter.status_code == 200
    text = "\n".join(p.text for p in WordDocument(io.BytesIO(letter.content)).paragraphs)
    assert "任命书" in text and not re.search(r"[A-Za-z]{2,}", text)
    page = client.get(reverse("decisions:appointment_detail", args=[list_id]))
    assert page.status_code == 200 and "张三" in page.content.decode()
