"""The term as a user reads it (第九届) on org's pages and exports, and the roster importer reading 届次 either way."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from renda.org.imports import DEPUTY_COLUMNS, deputies_import
from renda.org.models import Deputy
from renda.org.naming import parse_term_number, term_ordinal
from renda.org.scoping import scope_for
from renda.org.tests.test_imports import deputy_row, workbook_bytes


@pytest.mark.parametrize(("n", "text"), [(1, "第一届"), (9, "第九届"), (10, "第十届"), (12, "第十二届"), (20, "第二十届")])
def test_term_ordinal_and_its_reading(n, text):
    assert term_ordinal(n) == text
    assert parse_term_number(text) == n
    assert parse_term_number(str(n)) == n
    assert parse_term_number(f"第{n}届") == n


@pytest.mark.parametrize("text", ["", "第届", "九九", "十十", "第一百届", "abc", "第-1届", "二十三十"])
def test_unreadable_terms(text):
    assert parse_term_number(text) is None


@pytest.mark.parametrize("written", ["9", "第九届", "第9届"])
def test_the_roster_importer_reads_the_term_as_a_number_or_an_ordinal(world, written):
    office = world.users["office"]
    report = deputies_import(
        actor=office, scope=scope_for(office), data=workbook_bytes(DEPUTY_COLUMNS, [deputy_row(1, 届次=written)])
    )
    assert report.ok, report.errors
    assert Deputy.objects.get(person__name="测试0001").term.number == 9


def test_the_roster_importer_names_an_unknown_ordinal(world):
    office = world.users["office"]
    report = deputies_import(
        actor=office, scope=scope_for(office), data=workbook_bytes(DEPUTY_COLUMNS, [deputy_row(1, 届次="第九十九届")])
    )
    assert not report.ok and "第九十九届" in " ".join(report.errors[0].messages)


def test_pages_exports_and_template_read_the_term_as_an_ordinal(world):
    client = world.client("office")
    page = client.get(reverse("org:deputy_list")).content.decode()
    assert "第九届" in page
    export = client.get(reverse("org:deputy_list") + "?export=xlsx")
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content)).active
    header = [c.value for c in sheet[1]]
    column = header.index("届次")
    values = {row[column] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values and all(isinstance(v, str) and v.startswith("第") and v.endswith("届") for v in values), values
    assert not any(ch.isdigit() for v in values for ch in v)
    template = load_workbook(io.BytesIO(client.get(reverse("org:deputy_import_template")).content)).active
    assert [c.value for c in template[2]][DEPUTY_COLUMNS.index("届次")] == "第九届"
