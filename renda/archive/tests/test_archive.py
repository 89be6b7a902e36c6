"""The duty archive of the demo district: the API for the demo deputy's 2017 (five kinds and more, each with its source
link, and a score), who may read it, the bulk counts agreeing with the entries, the report card in Chinese only,
the public card, and list pages whose query count does not grow with the deputies."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from renda.archive import card, selectors, sources
from renda.meetings.models import Meeting
from renda.org.models import Body, Deputy
from renda.suggestions.models import Suggestion

pytestmark = pytest.mark.django_db
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")


def api(world, role, deputy, year=2017):
    return world.client(role).get(f"/api/deputies/{deputy.pk}/archive", {"year": year})


def test_the_demo_deputys_2017_archive_has_five_kinds_with_source_links_and_a_score(world):
    response = api(world, "deputy", world.own_deputy)
    assert response.status_code == 200
    data = response.json()
    assert data["deputy"]["id"] == world.own_deputy.pk and data["year"] == 2017
    assert data["grade"] in {"good", "fair", "poor"} and 0 <= data["score"] <= data["maximum"]
    assert data["rule_version"] == "2017.1"
    kinds = {e["kind"] for e in data["entries"]}
    assert len(kinds) >= 5, kinds
    assert {"station_signin", "suggestion_led", "group_activity", "voter_report", "training"} <= kinds
    client = world.client("office")
    for entry in data["entries"]:
        assert entry["source_url"].startswith("/") and entry["date"].startswith("2017-")
    for kind in sorted(kinds):  # one source record of each kind opens for the office
        url = next(e["source_url"] for e in data["entries"] if e["kind"] == kind)
        assert client.get(url).status_code == 200, (kind, url)
    assert sum(e["points"] for e in data["entries"]) + 60 >= data["score"]


def test_who_reads_a_deputys_archive(world):
    assert api(world, "deputy", world.wjj_district_deputy).status_code == 404  # another deputy's
    assert api(world, "edu_clerk", world.own_deputy).status_code == 404
    assert api(world, None, world.own_deputy).status_code == 401
    assert api(world, "office", world.xc_district_deputy).status_code == 200
    assert api(world, "wjj_staff", world.wjj_district_deputy).status_code == 200
    assert api(world, "wjj_staff", world.wjj_town_deputy).status_code == 200
    assert api(world, "wjj_staff", world.xc_district_deputy).status_code == 404  # another town's
    assert api(world, "wjj_staff", world.xc_town_deputy).status_code == 404
    assert world.client("deputy").get(f"/api/deputies/{world.own_deputy.pk}/archive", {"year": 1800}).status_code == 422


def test_a_secret_poll_says_that_the_deputy_voted_never_how(world):
    town = Deputy.objects.get(person=world.own_deputy.person, congress__level=Body.Level.TOWN)
    entries = selectors.archive_of(town, 2017).lines
    votes = [line.entry for line in entries if line.entry.kind == "poll_voted"]
    assert votes, "the demo deputy voted at 王江泾镇's sessions"
    for e in votes:
        assert e.detail and not any(word in e.detail for word in ("赞成", "反对", "弃权", "for", "against"))


@pytest.mark.parametrize("level", [Body.Level.DISTRICT, Body.Level.TOWN])
def test_bulk_counts_agree_with_each_deputys_entries(world, level):
    congress = world.standing_committee.congress if level == Body.Level.DISTRICT else Body.objects.get(region=world.wjj, kind="congress")
    deputies = list(selectors.serving_in(congress, 2017).order_by("pk")[:40])
    deputies.append(world.own_deputy if level == Body.Level.DISTRICT else Deputy.objects.get(person=world.own_deputy.person, congress=congress))
    bulk = sources.counts(deputies, 2017)
    public = sources.counts(deputies, 2017, public=True)
    for d in deputies:
        entries = sources.entries(d, 2017)
        assert +bulk[d.pk] == Counter(e.kind for e in entries), d
        assert +public[d.pk] == Counter(e.kind for e in entries if e.is_public), d


def test_the_report_card_reads_in_chinese_only(world):
    archive = selectors.archive_of(world.own_deputy, 2017)
    document = Document(io.BytesIO(card.docx_bytes(archive)))
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "代表履职档案" in text and world.own_deputy.person.name in text and "履职积分" in text
    assert "第九届" in text and "第9届" not in text  # the term as the office writes it
    assert not ENGLISH_WORD.findall(text), ENGLISH_WORD.findall(text)[:10]
    html = card.html(archive)
    visible = re.sub(r"<style.*?</style>|<[^>]+>", " ", html, flags=re.S)
    assert not ENGLISH_WORD.findall(visible), ENGLISH_WORD.findall(visible)[:10]


def test_the_word_and_pdf_cards_download_for_the_deputy(world):
    client = world.client("deputy")
    docx = client.get(reverse("archive:card_docx", args=[world.own_deputy.pk]), {"year": 2017})
    assert docx.status_code == 200 and docx["Content-Type"] == card.DOCX_TYPE
    pdf = client.get(reverse("archive:card_pdf", args=[world.own_deputy.pk]), {"year": 2017})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True).stdout.decode()  # noqa: S603, S607
        assert "代表履职档案" in text and not ENGLISH_WORD.findall(text), ENGLISH_WORD.findall(text)[:10]
    assert world.client("wjj_staff").get(reverse("archive:card_docx", args=[world.xc_district_deputy.pk])).status_code == 404


def test_the_public_card_shows_published_records_beside_the_median(world):
    response = world.client(None).get(f"/api/archive/public/{world.own_deputy.pk}", {"year": 2017})
    assert response.status_code == 200
    data = response.json()
    metrics = {m["key"]: m for m in data["metrics"]}
    assert set(metrics) == {"attendance", "absence", "suggestions", "station_duty"}
    assert metrics["station_duty"]["value"] >= 1 and metrics["station_duty"]["median"] >= 0
    assert data["compared_with"] >= 200
    assert data["entries"] and all(e["url"].startswith(("/meetings/public/", "/suggestions/public/", "/stations/")) for e in data["entries"])
    unpublished = Suggestion.objects.filter(author=world.own_deputy, is_public=False).exclude(state__in=["draft", "cosigning"])
    titles = {e["title"] for e in data["entries"]}
    assert not any(s.title in titles for s in unpublished)
    assert not any(e["kind"] in {"poll_voted", "opinion_registered", "self_reported"} for e in data["entries"])
    page = world.client(None).get(reverse("archive:public", args=[world.own_deputy.pk]), {"year": 2017})
    assert page.status_code == 200 and world.own_deputy.person.phone not in page.content.decode()


def test_a_meeting_unpublished_drops_out_of_the_public_card(world):
    before = selectors.public_card(pk=world.own_deputy.pk, year=2017)
    attended = {m.value for m in before.metrics if m.key == "attendance"}.pop()
    Meeting.objects.filter(is_published=True, attendances__person=world.own_deputy.person).update(is_published=False)
    after = selectors.public_card(pk=world.own_deputy.pk, year=2017)
    assert {m.value for m in after.metrics if m.key == "attendance"}.pop() <= attended
    assert not [e for e, _label in after.entries if e.kind.startswith(("meeting_", "session_"))]


def test_score_lists_page_in_a_constant_number_of_queries(world):
    client = world.client("office")
    district = world.standing_committee.congress
    town = Body.objects.get(region=world.wjj, kind="congress")

    def count(congress):
        client.get(reverse("archive:scores"), {"congress": congress.pk, "year": 2017})
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("archive:scores"), {"congress": congress.pk, "year": 2017})
        assert response.status_code == 200
        return len(ctx.captured_queries), response

    many, page = count(district)
    few, _ = count(town)
    assert many == few, (many, few)
    assert 'data-testid="result-count"' in page.content.decode()


def test_town_staff_list_their_towns_deputies_only(world):
    response = world.client("wjj_staff").get("/api/archive/scores", {"congress": world.standing_committee.congress_id, "year": 2017})
    assert response.status_code == 200
    ids = {r["deputy_id"] for r in response.json()["rows"]}
    assert world.wjj_district_deputy.pk in ids and world.xc_district_deputy.pk not in ids
    assert world.client("wjj_staff").get("/api/archive/scores", {"congress": world.xc_congress.pk}).status_code == 404
    assert world.client("deputy").get("/api/archive/scores").status_code == 403


def test_the_excellent_list_and_the_frozen_district_scheme(world):
    data = world.client("office").get("/api/archive/excellent", {"year": 2017}).json()
    assert data["final"] is True and data["rule_version"] == "2017.1"
    assert data["rows"] and all(r["grade"] == "good" for r in data["rows"])
    scores = [r["score"] for r in data["rows"]]
    assert scores == sorted(scores, reverse=True)


#: one deputy's archive through the API: the user, the grants, the reader's person, the granted region's subtree, its
#: congresses, the deputy, the scheme, each of the seven sources in one query but the suggestions (made, co-signed: two
#: indexed queries; an OR of the two would scan the table), their outcome tables (one per region: two in the demo).
#: 24 before the sources were folded.
ARCHIVE_QUERIES = 17


def test_one_deputys_archive_costs_a_fixed_number_of_queries_whatever_their_records(world):
    """The sources fold each deputy's tables into one query (UNION ALL): the count does not grow with the records."""
    client = world.client("office")
    busy = world.own_deputy
    quiet = Deputy.objects.filter(congress=busy.congress).exclude(pk=busy.pk).order_by("-pk").first()
    counted = {}
    for deputy in (busy, quiet):
        client.get(f"/api/deputies/{deputy.pk}/archive", {"year": 2017})
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"/api/deputies/{deputy.pk}/archive", {"year": 2017})
        assert response.status_code == 200
        counted[deputy.pk] = (len(ctx.captured_queries), len(response.json()["entries"]))
    (busy_queries, busy_entries), (quiet_queries, quiet_entries) = counted[busy.pk], counted[quiet.pk]
    assert busy_entries > quiet_entries, counted
    assert busy_queries <= ARCHIVE_QUERIES, [q["sql"][:80] for q in ctx.captured_queries]
    assert quiet_queries <= busy_queries, counted
