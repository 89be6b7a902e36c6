"""No export hands a spreadsheet a formula: text that starts with = + - @ (or tab / carriage return) comes out as
text. Every Excel export the permission matrix lists is fetched after the records it shows were given such text."""

from __future__ import annotations

import io

import pytest
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from openpyxl import load_workbook

from renda.core.xlsx import FORMULA_TRIGGERS, safe_cell, xlsx_bytes
from renda.meetings.models import AgendaItem, Meeting, ReviewOpinion
from renda.opinions.models import Opinion
from renda.org.models import Person, Unit
from renda.projects.models import Candidate, Project
from renda.stations.models import Activity, Station
from renda.suggestions.models import Suggestion
from tests.test_permission_matrix import MODULES, PAGES

INJECTION = '=HYPERLINK("http://evil.example/","点击查看详情")'

POISON = [
    (Opinion, ["text", "contact_name", "category"]),
    (Suggestion, ["title"]),
    (Person, ["name"]),
    (Unit, ["name"]),
    (Meeting, ["title", "venue"]),
    (AgendaItem, ["title"]),
    (ReviewOpinion, ["text"]),
    (Station, ["name", "address"]),
    (Activity, ["topic"]),
    (Candidate, ["title"]),
    (Project, ["title"]),
]


def _cells(content: bytes):
    workbook = load_workbook(io.BytesIO(content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            yield from row


def test_each_trigger_is_written_as_text():
    for trigger in FORMULA_TRIGGERS:
        value = f"{trigger}1+1"
        assert safe_cell(value) == "'" + value
    assert safe_cell(-5) == -5 and safe_cell("1-1") == "1-1" and safe_cell(None) == ""
    content = xlsx_bytes(["=H"], [[INJECTION, "+1", "@SUM(A1)", "-2", "\tx", 3]])
    cells = list(_cells(content))
    assert all(c.data_type != "f" for c in cells)
    assert [c.value for c in cells if c.value is not None] == ["'=H", "'" + INJECTION, "'+1", "'@SUM(A1)", "'-2", "'\tx", 3]


EXPORTS = [(name, case) for name, cases in PAGES.items() for case in cases if case.method == "get"]


@pytest.mark.django_db
def test_every_export_neutralises_formula_text(world):
    for module in MODULES:
        if hasattr(module, "prepare"):
            module.prepare(world)
    for model, fields in POISON:  # unique per row, for names that must be unique
        model.objects.update(**{f: Concat(Value(INJECTION), Cast("pk", CharField())) for f in fields})
    checked = 0
    for name, case in EXPORTS:
        role = next((r for r in ["admin", "office", "edu_clerk", "wjj_staff", "anonymous"] if case.status_for(r) == 200), None)
        if role is None:
            continue
        url = case.url(world)
        if "export=xlsx" not in url:
            continue
        response = world.client(None if role == "anonymous" else role).get(url)
        assert response.status_code == 200, (name, url)
        for cell in _cells(response.content):
            assert cell.data_type != "f", (name, cell.coordinate, cell.value)
            if isinstance(cell.value, str):
                assert not cell.value.startswith(FORMULA_TRIGGERS), (name, cell.coordinate, cell.value)
        checked += 1
    assert checked >= 12
