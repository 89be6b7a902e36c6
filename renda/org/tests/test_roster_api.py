"""The rosters' Excel imports through the API (the twins of the import pages): a dry run reports and keeps
nothing, the import creates, a bad file is refused (422) with its reason and every bad row."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from renda.org.imports import UNIT_COLUMNS
from renda.org.models import Region, Role, Unit
from renda.org.tests.factories import RegionFactory, UserFactory

pytestmark = pytest.mark.django_db


def workbook(rows):
    book = Workbook()
    book.active.append(UNIT_COLUMNS)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_units_roster_is_previewed_then_imported_and_a_bad_row_refused(client):
    district = RegionFactory(kind=Region.Kind.DISTRICT, name="名册区")
    client.force_login(UserFactory(grants=[(Role.OFFICE, {"region": district})]))
    good = workbook([["名册区水利局", "政府部门", "名册区", "张局长", "局长", "0573-82000000", ""]])

    def send(data, dry_run):
        url = "/api/rosters/units/import" + ("?dry_run=true" if dry_run else "")
        return client.post(url, {"file": SimpleUploadedFile("units.xlsx", data)})

    preview = send(good, True)
    assert preview.status_code == 200 and preview.json()["dry_run"], preview.json()
    assert not Unit.objects.filter(name="名册区水利局").exists()
    done = send(good, False)
    assert done.status_code == 200 and done.json()["created"] == 1, done.json()
    assert Unit.objects.filter(name="名册区水利局").exists()
    bad = send(workbook([["", "政府部门", "名册区"], ["名册区交通局", "不是类型", "名册区"]]), False)
    assert bad.status_code == 422 and {e["row"] for e in bad.json()["errors"]} == {2, 3}, bad.json()
    assert send(b"not a workbook", True).status_code == 422
