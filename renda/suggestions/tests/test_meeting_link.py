"""A suggestion made at (or for) a meeting links that meeting: one of the deputy's own congress (another congress's
meeting is refused with a clear message and nothing is created), shown as a link, a filter of the list, a column of
the Excel export and a line of the annual report; the migration links the old free text by exact title."""

from __future__ import annotations

import importlib
import io
import zipfile

import pytest
from django.apps import apps
from django.db.models import F
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from renda.core.errors import DomainError
from renda.meetings.models import Meeting
from renda.org.models import Body
from renda.org.scoping import build_scope
from renda.suggestions import demo, selectors, services
from renda.suggestions.models import Period, Suggestion

TEXT = "村里道路年久失修，雨天积水严重，群众出行很不方便，建议尽快维修。"


@pytest.fixture
def sessions(world):
    own = world.own_deputy.congress
    wjj = Body.objects.get(kind=Body.Kind.CONGRESS, region=world.wjj)
    return demo.session_of(own), Meeting.objects.filter(body=wjj).order_by("start_date").first()


def _form(meeting, **extra):
    return {"title": "关于维修村道的建议", "text": TEXT, "category": "城乡建设", "period": "session",
            "meeting": "" if meeting is None else meeting.pk, "submit": "1", **extra}  # fmt: skip


def test_demo_session_suggestions_point_to_the_congress_session(world, sessions):
    district, wjj = sessions
    assert district.title == "秀洲区第九届人民代表大会第一次会议"
    own = Suggestion.objects.get(title=demo.OWN_ANSWERED)
    assert own.meeting == district and own.meeting_name == ""
    assert Suggestion.objects.get(title=demo.WJJ_TOWN).meeting == wjj
    session = Suggestion.objects.filter(period=Period.SESSION)
    assert session.count() > 80
    assert not session.filter(meeting__isnull=True).exists()
    # Every link stays inside the suggestion's own congress; no free text is left in the demo.
    assert not Suggestion.objects.exclude(meeting__isnull=True).exclude(meeting__body_id=F("congress_id")).exists()
    assert not Suggestion.objects.exclude(meeting_name="").exists()


def test_form_links_a_meeting_of_the_deputys_congress(world, sessions):
    district, _wjj = sessions
    response = world.client("deputy").post(reverse("suggestions:create"), _form(district))
    assert response.status_code == 302
    s = Suggestion.objects.filter(author_person=world.own_deputy.person, title="关于维修村道的建议").get()
    assert s.meeting == district and s.period == Period.SESSION
    page = world.client("deputy").get(reverse("suggestions:detail", args=[s.pk])).content.decode()
    assert f'href="{reverse("meetings:detail", args=[district.pk])}"' in page and district.title in page


def test_form_offers_only_own_congress_meetings_and_refuses_another(world, sessions):
    district, wjj = sessions
    client = world.client("deputy")
    form = client.get(reverse("suggestions:create")).content.decode()
    assert district.title in form and wjj.title not in form
    before = Suggestion.objects.count()
    with translation.override("en"):
        response = client.post(reverse("suggestions:create"), _form(wjj), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert f"Choose one of the meetings of {world.own_deputy.congress.name}." in response.content.decode()
    assert Suggestion.objects.count() == before


def test_service_refuses_a_meeting_of_another_congress(world, sessions):
    _district, wjj = sessions
    deputy = world.users["deputy"]
    before = Suggestion.objects.count()
    with translation.override("en"), pytest.raises(DomainError) as refused:
        services.suggestion_create(actor=deputy, scope=build_scope(deputy), author=world.own_deputy, title="关于维修村道的建议",
                                   text=TEXT, category="城乡建设", period="session", meeting=wjj)  # fmt: skip
    assert wjj.title in refused.value.messages[0] and "is not a meeting of" in refused.value.messages[0]
    assert Suggestion.objects.count() == before


def test_draft_edit_changes_the_meeting(world, sessions):
    district, wjj = sessions
    draft = Suggestion.objects.get(title=demo.OWN_DRAFT)
    client = world.client("deputy")
    fields = {**_form(district), "title": draft.title, "category": draft.category, "submit": "0"}
    assert client.post(reverse("suggestions:edit", args=[draft.pk]), fields).status_code == 302
    draft.refresh_from_db()
    assert draft.meeting == district
    assert client.post(reverse("suggestions:edit", args=[draft.pk]), {**fields, "meeting": wjj.pk}).status_code == 400
    draft.refresh_from_db()
    assert draft.meeting == district


def test_api_takes_a_meeting_id_of_own_congress_only(world, sessions):
    district, wjj = sessions
    client = world.client("deputy")
    body = {"title": "关于增设路灯的建议", "text": TEXT, "category": "城乡建设", "period": "session"}
    refused = client.post("/api/suggestions/", {**body, "meeting_id": wjj.pk})
    assert refused.status_code == 422
    assert not Suggestion.objects.filter(title="关于增设路灯的建议").exists()
    made = client.post("/api/suggestions/", {**body, "meeting_id": district.pk})
    assert made.status_code == 200
    assert made.json()["meeting_id"] == district.pk and made.json()["meeting"] == district.title


def test_list_filters_by_meeting(world, sessions):
    district, wjj = sessions
    office = world.client("office")
    response = office.get(reverse("suggestions:list"), {"meeting": wjj.pk})
    assert response.status_code == 200
    shown = response.context["page"].paginator.count
    assert shown == Suggestion.objects.filter(meeting=wjj).exclude(state__in=["draft", "cosigning"]).count() > 0
    assert demo.WJJ_TOWN in response.content.decode() and demo.OWN_ANSWERED not in response.content.decode()
    scope = build_scope(world.users["office"])
    assert {m.pk for m in selectors.meeting_choices(scope=scope)} >= {district.pk, wjj.pk}
    # The suggestion page links the list of the meeting's suggestions.
    own = Suggestion.objects.get(title=demo.OWN_ANSWERED)
    page = office.get(reverse("suggestions:detail", args=[own.pk])).content.decode()
    assert f"?meeting={district.pk}" in page


def test_a_unit_clerk_sees_the_meeting_without_a_link_into_the_meetings_app(world, sessions):
    district, _wjj = sessions
    own = Suggestion.objects.get(title=demo.OWN_ANSWERED)
    page = world.client("edu_clerk").get(reverse("suggestions:detail", args=[own.pk])).content.decode()
    assert district.title in page
    assert reverse("meetings:detail", args=[district.pk]) not in page
    assert "?meeting=" not in page


def test_export_and_annual_report_show_the_meeting_title(world, sessions):
    district, _wjj = sessions
    office = world.client("office")
    export = office.get(reverse("suggestions:list"), {"export": "xlsx", "meeting": district.pk})
    data = b"".join(export.streaming_content) if export.streaming else export.content
    rows = list(load_workbook(io.BytesIO(data), read_only=True).worksheets[0].iter_rows(values_only=True))
    column = rows[0].index("提出会议")
    assert len(rows) > 1 and {r[column] for r in rows[1:]} == {district.title}
    report = office.get(reverse("suggestions:report"), {"year": 2017})
    with zipfile.ZipFile(io.BytesIO(report.content)) as z:
        text = z.read("word/document.xml").decode()
    n = Suggestion.objects.filter(meeting=district, submitted_on__year=2017).exclude(state__in=["draft", "cosigning"]).count()
    assert f"{district.title}{n}件" in text


def test_migration_links_free_text_by_exact_title_and_keeps_the_rest(world, sessions):
    _district, wjj = sessions
    migration = importlib.import_module("renda.suggestions.migrations.0004_meeting_link")
    town = Suggestion.objects.get(title=demo.WJJ_TOWN)
    own = Suggestion.objects.get(title=demo.OWN_ANSWERED)
    Suggestion.objects.filter(pk=town.pk).update(meeting=None, meeting_name=wjj.title)
    # The district deputy's text names a town session: not a meeting of their congress, so it stays text.
    Suggestion.objects.filter(pk=own.pk).update(meeting=None, meeting_name=wjj.title)
    migration.link_meetings(apps, None)
    town.refresh_from_db()
    own.refresh_from_db()
    assert town.meeting == wjj and town.meeting_name == ""
    assert own.meeting is None and own.meeting_name == wjj.title
    migration.unlink_meetings(apps, None)
    town.refresh_from_db()
    assert town.meeting_name == wjj.title
