"""Pages and documents of supervision on the demo district: lists with constant query counts, the Word report in
Chinese only, a deputy's phone pages, a unit clerk's page, public pages, the API's actions, the lifecycles' offers,
and the duty-archive contribution."""

from __future__ import annotations

import io
import re
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from docx import Document

from renda.org.scoping import ANONYMOUS, build_scope
from renda.supervision import archive, documents
from renda.supervision.lifecycles import ACTIVITY, OPINION, ROUND
from renda.supervision.models import Activity, EvaluatedUnit, EvaluationRound, Finding, Participation, SupervisionOpinion

pytestmark = pytest.mark.django_db
ENGLISH = re.compile(r"[A-Za-z]{2,}")


def count(response) -> int:
    m = re.search(rb'data-testid="result-count">\D*([\d,]+)', response.content)
    assert m, response.content[:300]
    return int(m.group(1).replace(b",", b""))


@pytest.mark.parametrize(
    ("url", "narrow"),
    [
        ("supervision:activity_list", {"date_from": "2017-06-01", "date_to": "2017-06-10"}),
        ("supervision:participation_list", {"date_from": "2017-06-01", "date_to": "2017-06-10"}),
        ("supervision:finding_list", {"date_from": "2017-06-01", "date_to": "2017-06-10"}),
        ("supervision:opinion_list", {"state": "sent"}),
        ("supervision:round_list", {"year": "2017"}),
        ("supervision:problem_list", {"state": "rectified"}),
        ("supervision:campaign_list", {"page": "1"}),
        ("supervision:inquiry_list", {"date_from": "2017-06-01"}),
    ],
)
def test_lists_issue_the_same_queries_for_many_rows_and_few(world, url, narrow):
    client = world.client("office")
    path = reverse(url)
    with CaptureQueriesContext(connection) as many:
        response = client.get(path)
    with CaptureQueriesContext(connection) as few:
        narrowed = client.get(path, narrow)
    assert response.status_code == narrowed.status_code == 200
    assert count(narrowed) >= 1
    assert len(many) == len(few), (url, len(many), len(few))


def test_the_overview_lists_count_what_the_seed_says(world):
    client = world.client("office")
    period = {"date_from": "2017-01-01", "date_to": "2017-06-30", "held": "1"}
    assert count(client.get(reverse("supervision:activity_list"), {**period, "kind": "inspection", "campaign": "none"})) == 3
    assert count(client.get(reverse("supervision:activity_list"), {**period, "campaign": "any"})) == 32
    assert count(client.get(reverse("supervision:participation_list"), {**period, "campaign": "any", "deputies": "1"})) >= 470
    assert count(client.get(reverse("supervision:finding_list"), {**period, "campaign": "any", "kind": "suggestion"})) == 87


def test_the_word_report_reads_in_chinese_only_whatever_the_page_language(world):
    for activity in Activity.objects.filter(state__in=ACTIVITY.group("reported")):
        with translation.override("en"):
            data = documents.activity_report_docx(activity)
        text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
        assert activity.title in text
        assert not ENGLISH.findall(text), (activity.title, ENGLISH.findall(text))
    check = Activity.objects.get(kind=Activity.Kind.LAW_CHECK)
    text = "\n".join(p.text for p in Document(io.BytesIO(documents.activity_report_docx(check))).paragraphs)
    assert "第九条" in text and "执法检查报告" in text
    response = world.client("office").get(reverse("supervision:activity_report_docx", args=[check.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_deputy_adds_a_finding_from_a_phone(world):
    client = world.client("deputy")
    page = client.get(reverse("supervision:mine")).content.decode()
    assert 'data-testid="add-finding"' in page and 'data-testid="write-opinion"' in page
    current = Activity.objects.get(state=Activity.State.UNDER_WAY, participations__person__user=world.users["deputy"])
    token = uuid.uuid4().hex
    data = {"kind": "suggestion", "text": "建议窗口增设自助办理机。", "place": "便民服务中心", "client_token": token}
    url = reverse("supervision:finding_add", args=[current.pk])
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # the phone resends: nothing more
    assert Finding.objects.filter(client_token=token).count() == 1
    assert client.post(url, {**data, "text": "", "client_token": uuid.uuid4().hex}).status_code == 400
    # not an activity the deputy is out with
    other = (
        Activity.objects.filter(state=Activity.State.UNDER_WAY)
        .exclude(participations__person__user=world.users["deputy"])
        .first()
    )
    if other is not None:
        assert client.get(reverse("supervision:finding_add", args=[other.pk])).status_code == 404


def test_a_deputy_writes_an_evaluation_opinion(world):
    client = world.client("deputy")
    from renda.supervision import selectors

    rounds = selectors.my_rounds(scope=build_scope(world.users["deputy"]))
    assert rounds, "the deputy has a round to write opinions in"
    round_, units, _written = rounds[0]
    url = reverse("supervision:evaluation_opinion", args=[units[0].pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"text": "服务态度有明显改进。"}).status_code == 302
    assert units[0].opinions.filter(deputy__person__user=world.users["deputy"]).get().text == "服务态度有明显改进。"


def test_the_unit_clerk_sees_their_items(world):
    client = world.client("edu_clerk")
    page = client.get(reverse("supervision:unit")).content.decode()
    assert "区教育局" in page and 'data-testid="evaluation"' in page
    own = EvaluatedUnit.objects.get(unit=world.edu_unit)
    detail = client.get(reverse("supervision:evaluated_detail", args=[own.pk])).content.decode()
    assert 'data-testid="problem"' in detail and 'data-testid="report-progress"' in detail
    other = EvaluatedUnit.objects.filter(round=own.round).exclude(unit=world.edu_unit).first()
    assert client.get(reverse("supervision:evaluated_detail", args=[other.pk])).status_code == 404


def test_public_pages_show_only_what_is_published(world):
    from django.test import Client

    anonymous = Client()
    page = anonymous.get(reverse("supervision:public_list")).content.decode()
    assert "秀洲国家高新区科技创新平台建设推进情况" in page
    hidden = Activity.objects.filter(is_published=False).first()
    assert anonymous.get(reverse("supervision:public_activity", args=[hidden.pk])).status_code == 404
    published = EvaluationRound.objects.filter(is_published=True).first()
    assert 'data-testid="rank"' in anonymous.get(reverse("supervision:public_round", args=[published.pk])).content.decode()
    assert anonymous.get("/api/supervision/public/activities").status_code == 200


def test_the_api_offers_what_the_lifecycle_offers(world):
    opinion = SupervisionOpinion.objects.filter(state=SupervisionOpinion.State.SENT, unit=world.edu_unit).first() or (
        SupervisionOpinion.objects.filter(state=SupervisionOpinion.State.SENT).first()
    )
    office = world.client("office").get(f"/api/supervision/opinions/{opinion.pk}").json()
    assert [a["action"] for a in office["actions"]] == [
        a.action for a in OPINION.available(opinion, build_scope(world.users["office"]))
    ]
    activity = Activity.objects.get(state=Activity.State.PLANNED, kind=Activity.Kind.FORUM)
    detail = world.client("office").get(f"/api/supervision/activities/{activity.pk}").json()
    assert [a["action"] for a in detail["actions"]] == ["start", "cancel"]
    assert OPINION.available(opinion, ANONYMOUS) == []


def test_each_role_is_offered_its_moves(world):
    round_ = EvaluationRound.objects.filter(state=EvaluationRound.State.HANDED_OVER, organiser__region=world.wjj).first()
    assert ROUND.available(round_, build_scope(world.users["wjj_staff"])) != []
    assert ROUND.available(round_, build_scope(world.users["office"])) == []  # a town's round is the town's to run
    assert ROUND.available(round_, build_scope(world.users["deputy"])) == []


def test_the_archive_gives_one_entry_per_participation_in_one_query(world):
    deputy = world.own_deputy
    with CaptureQueriesContext(connection) as queries:
        entries = archive.entries(deputy, 2017)
    assert len(queries) == 1
    held = Participation.objects.filter(deputy=deputy, date__year=2017, activity__state__in=ACTIVITY.group("held")).count()
    assert len(entries) == held >= 3
    assert {e["kind"] for e in entries} == {"supervision"}
    assert all(e["source_url"].startswith("/supervision/") for e in entries)
    assert archive.entries(deputy, 2016) == []
