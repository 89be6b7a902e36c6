"""The roster template lists the valid values and its own example row imports; a 7-digit phone is refused; a
re-import updates the people and mandates already on record (by ID number) and changes nothing the second time."""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from renda.core.models import AuditEvent
from renda.org.imports import DEPUTY_COLUMNS, deputies_import, deputy_template
from renda.org.models import Deputy, Person
from renda.org.scoping import scope_for
from renda.org.tests.test_imports import deputy_row, workbook_bytes


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


@pytest.mark.parametrize("who", ["office", "wjj_staff"])
def test_the_templates_example_row_imports_and_its_columns_offer_dropdowns(world, who):
    user = world.users[who]
    data = world.client(who).get(reverse("org:deputy_import_template")).content
    book = load_workbook(io.BytesIO(data))
    validated = {str(v.sqref).split(":")[0][0] for v in book.worksheets[0].data_validations.dataValidation}
    letters = {DEPUTY_COLUMNS[ord(c) - ord("A")] for c in validated}
    assert {"性别", "政治面貌", "所属人大", "选区", "所在区域", "代表小组", "职业类别"} <= letters
    report = deputies_import(actor=user, scope=scope_for(user), data=data)
    assert report.ok and report.created == 1, report.errors
    assert deputy_template(scope_for(user))  # the same file from the function


def test_a_seven_digit_phone_is_refused(world):
    office = world.users["office"]
    report = deputies_import(
        actor=office, scope=scope_for(office), data=workbook_bytes(DEPUTY_COLUMNS, [deputy_row(1, 手机="8123456")])
    )
    assert [e.row for e in report.errors] == [2] and "mobile number" in " ".join(report.errors[0].messages)


def test_reimport_updates_people_and_mandates_by_id_number(world):
    office = world.users["office"]
    deputy = world.wjj_district_deputy
    person = deputy.person
    row = deputy_row(5, 身份证号=person.id_number, 姓名=person.name, 出生日期="", 手机="13912345678", 职业类别="工人",
                     性别="男" if person.gender == Person.Gender.MALE else "女")  # fmt: skip
    row.update({"所属人大": deputy.congress.name, "届次": str(deputy.term.number), "选区": deputy.electoral_district.name,
                "所在区域": deputy.region.name, "代表小组": deputy.group.name if deputy.group else "",
                "当选日期": deputy.elected_date.isoformat(), "状态": "在任"})  # fmt: skip
    data = workbook_bytes(DEPUTY_COLUMNS, [row])
    report = deputies_import(actor=office, scope=scope_for(office), data=data)
    assert report.ok and report.created == 0 and report.updated >= 1, report.errors
    deputy.refresh_from_db()
    person.refresh_from_db()
    assert person.phone == "13912345678" and deputy.occupation == Deputy.Occupation.WORKER
    assert AuditEvent.objects.filter(action="deputy.import_update", object_id=str(deputy.pk)).exists()
    again = deputies_import(actor=office, scope=scope_for(office), data=data)
    assert again.ok and (again.created, again.updated) == (0, 0)
    assert Deputy.objects.filter(person=person, term=deputy.term).count() == 1
