"""Roster import: every row is checked; one bad row rejects the whole file and names the row."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from renda.core.models import AuditEvent
from renda.core.text import id_number_check_digit
from renda.org.imports import DEPUTY_COLUMNS, UNIT_COLUMNS, deputies_import, units_import
from renda.org.models import Deputy, ElectoralDistrict, Person, Unit
from renda.org.scoping import scope_for


def make_id(n: int, birth: datetime.date = datetime.date(1985, 3, 4)) -> str:
    first17 = f"330411{birth:%Y%m%d}{n % 1000:03d}"
    return first17 + id_number_check_digit(first17)


def deputy_row(n: int, **overrides: str) -> dict[str, str]:
    birth = datetime.date(1960 + n % 30, 1 + n % 12, 1 + n % 28)
    row = {
        "姓名": f"测试{n:04d}",
        "性别": "男" if n % 3 else "女",
        "身份证号": make_id(n, birth),
        "出生日期": birth.isoformat(),
        "民族": "汉族",
        "政治面貌": "群众",
        "手机": f"139{n:08d}",
        "所属人大": "秀洲区人民代表大会",
        "届次": "9",
        "选区": "王江泾镇第1选区",
        "所在区域": "王江泾镇",
        "代表小组": "王江泾镇代表小组",
        "职业类别": "农民",
        "连任": "否",
        "当选日期": "2016-12-28",
        "状态": "在任",
    }
    row.update(overrides)
    return row


def workbook_bytes(columns: list[str], rows: list[dict[str, str]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(columns)
    for row in rows:
        ws.append([row.get(c, "") for c in columns])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def office(world):
    return world.users["office"]


@pytest.fixture(autouse=True)
def english_messages():
    """Messages are asserted in English here; the Chinese page is checked in its own test."""
    with translation.override("en"):
        yield


def test_good_file_imports_every_row_with_audit(world, office):
    before, events_before = Deputy.objects.count(), AuditEvent.objects.count()
    rows = [deputy_row(n) for n in range(1, 501)]
    report = deputies_import(actor=office, scope=scope_for(office), data=workbook_bytes(DEPUTY_COLUMNS, rows))
    assert report.ok, report.errors[:3]
    assert report.created == 500
    assert Deputy.objects.count() == before + 500
    imported = Deputy.objects.get(person__name="测试0007")
    assert imported.region.name == "王江泾镇" and imported.person.name_initials == "cs0007"
    assert AuditEvent.objects.filter(action="deputy.import").count() >= 500
    assert AuditEvent.objects.count() == events_before + 501


def test_one_bad_row_among_500_changes_nothing_and_is_named(world, office):
    rows = [deputy_row(n) for n in range(1, 501)]
    bad = rows[249]["身份证号"]
    rows[249]["身份证号"] = bad[:-1] + ("0" if bad[-1] != "0" else "1")  # wrong check digit
    counts = (Deputy.objects.count(), Person.objects.count(), AuditEvent.objects.count())
    report = deputies_import(actor=office, scope=scope_for(office), data=workbook_bytes(DEPUTY_COLUMNS, rows))
    assert not report.ok
    assert [e.row for e in report.errors] == [251]  # header is row 1
    assert "ID number" in report.errors[0].messages[0] or "身份证" in report.errors[0].messages[0]
    assert (Deputy.objects.count(), Person.objects.count(), AuditEvent.objects.count()) == counts


@pytest.mark.parametrize(
    ("override", "needle"),
    [
        ({"姓名": ""}, "姓名"),
        ({"性别": "未知"}, "gender"),
        ({"所属人大": "不存在的人大"}, "unknown congress"),
        ({"届次": "99"}, "no term"),
        ({"所在区域": "火星村"}, "unknown region"),
        ({"所在区域": "新塍镇"}, "outside"),
        ({"选区": "第99选区"}, "electoral district"),
        ({"代表小组": "无此小组"}, "deputy group"),
        ({"职业类别": "宇航员"}, "occupation"),
        ({"出生日期": "1990-01-01"}, "does not match"),
        ({"状态": "休假"}, "status"),
    ],
)
def test_each_rule_rejects_the_file(world, office, override, needle):
    rows = [deputy_row(1), deputy_row(2, **override), deputy_row(3)]
    report = deputies_import(actor=office, scope=scope_for(office), data=workbook_bytes(DEPUTY_COLUMNS, rows))
    assert [e.row for e in report.errors] == [3]
    assert any(needle in m for m in report.errors[0].messages), report.errors[0].messages
    assert not Person.objects.filter(name__startswith="测试").exists()


def test_duplicates_in_file_and_against_database(world, office):
    existing = world.wjj_district_deputy.person
    rows = [
        deputy_row(1),
        deputy_row(2, 身份证号=deputy_row(1)["身份证号"], 姓名="测试0001", 出生日期=""),
        deputy_row(3, 身份证号=existing.id_number, 姓名=existing.name, 出生日期=""),
    ]
    report = deputies_import(actor=office, scope=scope_for(office), data=workbook_bytes(DEPUTY_COLUMNS, rows))
    by_row = {e.row: " ".join(e.messages) for e in report.errors}
    assert "duplicate of row 2" in by_row[3]
    assert 4 not in by_row  # a person with a mandate in the term: the row updates it (test_roster_updates.py)


def test_same_person_can_hold_a_town_mandate_too(world, office):
    """One person can be a district and a town deputy: the import attaches the new mandate to the person."""
    candidate = (
        Deputy.objects.filter(congress__name="秀洲区人民代表大会", region__path__startswith=world.xc.path)
        .exclude(person__mandates__congress__name="新塍镇人民代表大会")
        .first()
    )
    person = candidate.person
    district = ElectoralDistrict.objects.get(term__congress__name="新塍镇人民代表大会", name="第1选区")
    row = deputy_row(
        1,
        姓名=person.name,
        身份证号=person.id_number,
        出生日期="",
        所属人大="新塍镇人民代表大会",
        届次="10",
        选区="第1选区",
        所在区域=f"新塍镇/{district.region.name}",
        代表小组="新塍镇第1片代表小组",
    )
    report = deputies_import(actor=office, scope=scope_for(office), data=workbook_bytes(DEPUTY_COLUMNS, [row]))
    assert report.ok, report.errors
    assert Deputy.objects.filter(person=person).count() == 2
    assert Person.objects.filter(id_number=person.id_number).count() == 1


def test_town_staff_cannot_import_into_another_congress(world):
    staff = world.users["wjj_staff"]
    rows = [deputy_row(1, 所属人大="新塍镇人民代表大会", 届次="10", 选区="第1选区", 所在区域="新塍镇", 代表小组="")]
    report = deputies_import(actor=staff, scope=scope_for(staff), data=workbook_bytes(DEPUTY_COLUMNS, rows))
    assert not report.ok
    assert "may not import" in " ".join(report.errors[0].messages)


def test_not_a_workbook_and_wrong_columns(world, office):
    report = deputies_import(actor=office, scope=scope_for(office), data=b"not an xlsx file")
    assert report.file_error and not report.created
    report = deputies_import(actor=office, scope=scope_for(office), data=workbook_bytes(["姓名", "奇怪的列"], [{"姓名": "x"}]))
    assert "Missing columns" in report.file_error or "缺少" in report.file_error


def test_units_import_and_duplicate(world, office):
    rows = [
        {"单位名称": "区测试局", "类型": "政府部门", "所属区域": "秀洲区", "负责人": "甲"},
        {"单位名称": "王江泾镇测试站", "类型": "站所", "所属区域": "王江泾镇"},
        {"单位名称": "区教育局", "类型": "政府部门", "所属区域": "秀洲区"},
    ]
    report = units_import(actor=office, scope=scope_for(office), data=workbook_bytes(UNIT_COLUMNS, rows))
    assert [e.row for e in report.errors] == [4]
    assert not Unit.objects.filter(name="区测试局").exists()
    report = units_import(actor=office, scope=scope_for(office), data=workbook_bytes(UNIT_COLUMNS, rows[:2]))
    assert report.ok and report.created == 2
    assert Unit.objects.get(name="王江泾镇测试站").region.name == "王江泾镇"


def test_import_page_lists_bad_rows_in_chinese(world):
    client = world.client("office")
    rows = [deputy_row(1), deputy_row(2, 性别="X")]
    upload = io.BytesIO(workbook_bytes(DEPUTY_COLUMNS, rows))
    upload.name = "roster.xlsx"
    response = client.post(reverse("org:deputy_import"), {"file": upload})
    assert response.status_code == 400
    text = response.content.decode()
    assert "没有导入任何数据" in text and "第 3 行" in text
    assert not Person.objects.filter(name__startswith="测试").exists()


def test_template_downloads_and_round_trips(world):
    response = world.client("office").get(reverse("org:deputy_import_template"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == DEPUTY_COLUMNS


def test_upload_must_be_xlsx(world):
    upload = io.BytesIO(b"a,b")
    upload.name = "roster.csv"
    response = world.client("office").post(reverse("org:deputy_import"), {"file": upload})
    assert response.status_code == 400
