"""The templates: the Chinese headers of the format, the required ones marked, dropdowns for the fixed words and
the importer's own stations (a town's staff sees only theirs), and an Excel date-time cell read with its time."""

from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import Workbook, load_workbook

from renda.core.xlsx import read_rows
from renda.ledgers import services
from renda.ledgers.formats import ACTIVITY_COLUMNS, OPINION_COLUMNS, SUGGESTION_COLUMNS
from renda.ledgers.models import Kind
from renda.org.tests.factories import scope_of

from .district import build_district

pytestmark = pytest.mark.django_db


def test_the_template_has_the_columns_and_dropdowns_of_the_importers_stations():
    d = build_district()
    book = load_workbook(io.BytesIO(services.ledger_template(scope=scope_of(d.town_staff), kind=Kind.OPINIONS)))
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == [c.header for c in OPINION_COLUMNS]
    assert sheet.max_row == 1  # no example row to import by mistake (the example is on the notes sheet)
    lists = book["lists"]
    stations = {c.value for c in lists["B"] if c.value}
    assert stations == {s.name for s in d.stations if s.town_id == d.towns[0].pk}
    assert {dv.formula1 for dv in sheet.data_validations.dataValidation} >= {"=lists!$B$1:$B$2"}
    assert "说明" in book.sheetnames


def test_an_excel_date_time_cell_keeps_its_time():
    book = Workbook()
    book.active.append([c.header for c in ACTIVITY_COLUMNS])
    book.active.append(["K", "站", "接待日", "t", datetime.datetime(2019, 8, 15), datetime.time(9, 30)])
    buffer = io.BytesIO()
    book.save(buffer)
    rows = read_rows(buffer.getvalue(), expected=[c.header for c in ACTIVITY_COLUMNS], required=[], max_rows=10)
    assert rows[0].values["活动日期"] == "2019-08-15" and rows[0].values["开始时间"] == "09:30:00"


def test_the_suggestions_template_offers_the_importers_congresses_and_the_fixed_words():
    d = build_district()
    book = load_workbook(io.BytesIO(services.ledger_template(scope=scope_of(d.office), kind=Kind.SUGGESTIONS)))
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == [c.header for c in SUGGESTION_COLUMNS]
    lists = book["lists"]
    column = {c.field: i for i, c in enumerate(SUGGESTION_COLUMNS)}
    congresses = {c.value for c in list(lists.columns)[column["congress"]] if c.value}
    assert congresses == {d.stations[0].deputies.first().congress.name}
    periods = {c.value for c in list(lists.columns)[column["period"]] if c.value}
    assert periods == {"闭会期间", "大会期间"}


def test_the_suggestions_template_has_a_sheet_of_steps_with_its_dropdown_and_it_imports_empty():
    from renda.ledgers.formats import STEP_COLUMNS, STEP_SHEET, STEPS

    d = build_district()
    data = services.ledger_template(scope=scope_of(d.office), kind=Kind.SUGGESTIONS)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames[:2] == ["台账", STEP_SHEET] and book.sheetnames[-1] == "说明"
    steps = book[STEP_SHEET]
    assert [c.value for c in steps[1]] == [c.header for c in STEP_COLUMNS] and steps.max_row == 1
    formulas = {dv.formula1 for dv in steps.data_validations.dataValidation}
    letter = book["lists"].cell(row=1, column=len(SUGGESTION_COLUMNS) + 2).column_letter  # the step column's words
    assert f"=lists!${letter}$1:${letter}${len(STEPS)}" in formulas
    # the template as it comes, example rows and all, has nothing to import by mistake
    outcome = services.ledger_import_file(
        actor=d.office, scope=scope_of(d.office), kind=Kind.SUGGESTIONS, data=data, file_name="t.xlsx", commit=False
    )
    assert outcome.file_error
