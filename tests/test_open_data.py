"""Open data (issue #15): the public records of every workflow as CSV (UTF-8 with a BOM, cells neutralised) and
JSON, on /open-data/ and through the public API, documented in OpenAPI. Nothing unpublished or personal appears:
the tests publish and hide records and probe every download for them and for phone and ID numbers."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from renda.core import opendata
from renda.meetings.models import Meeting
from renda.projects.models import Cycle, ProgressReport, Project
from renda.projects.selectors import PUBLIC_STATES
from renda.suggestions.models import Suggestion

pytestmark = pytest.mark.django_db
PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
KEYS = ["meetings", "meeting-decisions", "livelihood-projects", "livelihood-project-progress", "liaison-stations",
        "station-figures", "suggestions", "suggestion-answers"]  # fmt: skip


def download(key: str, fmt: str, year: int | None = None):
    url = reverse(f"open_data_{fmt}", args=[key]) + (f"?year={year}" if year else "")
    response = Client().get(url)
    assert response.status_code == 200, (key, fmt, response.status_code)
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM: Excel opens the file as UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_the_page_lists_every_dataset_for_anyone(world):
    assert sorted(d.key for d in opendata.datasets()) == sorted(KEYS)
    page = Client().get(reverse("open_data"))
    assert page.status_code == 200
    html = page.content.decode()
    for key in KEYS:
        assert f'data-testid="dataset-{key}"' in html and reverse("open_data_csv", args=[key]) in html


@pytest.mark.parametrize("key", KEYS)
def test_each_dataset_downloads_as_csv_and_json_with_the_same_rows(world, key):
    rows = csv_rows(download(key, "csv"))
    dataset = opendata.dataset_get(key)
    assert rows[0] == [c.header for c in dataset.columns]
    body = json.loads(download(key, "json"))
    assert body["dataset"] == key and body["count"] == len(rows) - 1 == len(body["rows"])
    assert [c["key"] for c in body["columns"]] == [c.key for c in dataset.columns]
    api = Client().get(f"/api/open-data/{key}?page_size=500").json()
    assert api["count"] == body["count"] and api["items"] == body["rows"][:500]


def test_there_is_data_to_open(world):
    counts = {key: json.loads(download(key, "json"))["count"] for key in KEYS}
    assert all(n > 0 for n in counts.values()), counts


def test_station_figures_count_the_seeds_half_year(world):
    body = json.loads(download("station-figures", "json", 2017))
    first = [r for r in body["rows"] if r["half"] == 1]
    assert sum(r["deputy_visits"] for r in first) == 225 and sum(r["voters_received"] for r in first) == 853
    assert sum(r["opinions"] for r in first) == 138 and {r["year"] for r in body["rows"]} == {2017}


def test_nothing_unpublished_or_personal_appears(world):
    published = Suggestion.objects.filter(is_public=True).first()
    hidden = Suggestion.objects.filter(is_public=False).exclude(number="").first()
    assert published is not None and hidden is not None
    Suggestion.objects.filter(pk=hidden.pk).update(title="未公开的建议标题XYZ", text="未公开的内容XYZ")
    hidden_meeting = Meeting.objects.filter(is_published=False).first()
    assert hidden_meeting is not None
    Meeting.objects.filter(pk=hidden_meeting.pk).update(title="未公开的会议XYZ")
    cycle = Cycle.objects.filter(projects__isnull=False).order_by("-year").first()
    assert cycle is not None and ProgressReport.objects.filter(project__cycle=cycle).exists()
    assert cycle.state in PUBLIC_STATES  # shown until the probe hides it
    Cycle.objects.filter(pk=cycle.pk).update(state=Cycle.State.VOTING)  # its result not yet published
    Project.objects.filter(cycle=cycle).update(title="未公布的项目XYZ")
    everything = b"".join(download(key, fmt) for key in KEYS for fmt in ("csv", "json")).decode("utf-8-sig")
    api = "".join(Client().get(f"/api/open-data/{key}?page_size=500").content.decode() for key in KEYS)
    for text in (everything, api):
        assert "XYZ" not in text
        assert not PHONE.search(text), PHONE.search(text)
        assert not ID_NUMBER.search(text), ID_NUMBER.search(text)
    assert published.title in everything


def test_a_cell_a_spreadsheet_would_run_is_neutralised(world):
    s = Suggestion.objects.filter(is_public=True).first()
    assert s is not None
    Suggestion.objects.filter(pk=s.pk).update(title='=HYPERLINK("http://x.invalid","点我")', published_on=timezone.localdate())
    rows = csv_rows(download("suggestions", "csv"))
    cells = [cell for row in rows for cell in row]
    assert "'=HYPERLINK(\"http://x.invalid\",\"点我\")" in cells and not any(c.startswith("=") for c in cells)


def test_years_are_bounded_and_documented_in_openapi(world):
    assert Client().get(reverse("open_data_csv", args=["suggestions"]) + "?year=99999").status_code == 400
    assert Client().get("/api/open-data/suggestions?year=1800").status_code == 422
    assert Client().get(reverse("open_data_csv", args=["no-such-set"])).status_code == 404
    schema = Client().get("/api/openapi.json").json()
    operation = schema["paths"]["/api/open-data/suggestions"]["get"]
    assert operation.get("security") in (None, []) and "422" in operation["responses"]
    row = schema["components"]["schemas"]["OpenSuggestionsRow"]["properties"]
    assert "编号" in row["number"]["description"] and {"number", "title", "lead_unit"} <= set(row)
    catalogue = Client().get("/api/open-data/").json()
    assert sorted(d["key"] for d in catalogue) == sorted(KEYS)
