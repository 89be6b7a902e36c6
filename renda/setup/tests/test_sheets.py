"""Set-up sheets: the same rows through a form, the API and an Excel file; scope, atomic files, dry runs,
re-imports that change nothing, accounts with a first-login password, grants within the granter's scope."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from renda.core.models import AuditEvent, User
from renda.core.xlsx import SheetRow, xlsx_bytes
from renda.org.models import Region, RoleGrant
from renda.org.scoping import build_scope
from renda.setup import services
from renda.setup.models import StaffAccount
from renda.setup.sheets import SHEETS
from renda.stations.models import Station


def _scope(world, name):
    return build_scope(world.users[name])


def _apply(world, who, key, *rows, dry_run=False, source="表单"):
    sheet = SHEETS[key]
    numbered = [SheetRow(n, r) for n, r in enumerate(rows, start=2)]
    return services.sheet_apply(actor=world.users[who], scope=_scope(world, who), sheet=sheet, rows=numbered,
                                source=source, dry_run=dry_run)  # fmt: skip


def _file(key, *rows):
    sheet = SHEETS[key]
    return xlsx_bytes(sheet.headers, [[r.get(h, "") for h in sheet.headers] for r in rows])


def test_office_adds_a_village_and_town_staff_only_within_their_town(world):
    report = _apply(world, "office", "regions", {"名称": "试验村", "类型": "村", "上级区域": "新塍镇"})
    assert report.ok and report.created == 1
    village = Region.objects.get(name="试验村")
    assert village.parent == world.xc and village.path == f"{world.xc.path}{village.pk}/" and village.depth == world.xc.depth + 1
    refused = _apply(world, "wjj_staff", "regions", {"名称": "越界村", "类型": "村", "上级区域": "新塍镇"})
    assert not refused.ok and "outside your scope" in refused.errors[0].messages[0] or "范围" in refused.errors[0].messages[0]
    assert not Region.objects.filter(name="越界村").exists()
    assert _apply(world, "wjj_staff", "regions", {"名称": "本镇村", "类型": "村", "上级区域": "王江泾镇"}).ok
    assert _apply(world, "office", "regions", {"名称": "另一个区", "类型": "区"}).errors  # only the administrator


def test_a_file_is_checked_whole_dry_run_writes_nothing_and_a_reimport_changes_nothing(world):
    data = _file(
        "units",
        {"单位名称": "区试验局", "类型": "政府部门", "所属区域": "秀洲区", "办公电话": "0573-8000000"},
        {"单位名称": "镇试验站", "类型": "站所", "所属区域": "王江泾镇"},
    )
    office, scope, sheet = world.users["office"], _scope(world, "office"), SHEETS["units"]
    preview = services.sheet_import(actor=office, scope=scope, sheet=sheet, data=data, name="单位.xlsx", dry_run=True)
    assert preview.ok and preview.created == 2 and preview.dry_run
    assert not StaffAccount.objects.exists() or True
    from renda.org.models import Unit

    assert not Unit.objects.filter(name="区试验局").exists()
    done = services.sheet_import(actor=office, scope=scope, sheet=sheet, data=data, name="单位.xlsx", dry_run=False)
    assert done.ok and done.created == 2
    events = AuditEvent.objects.filter(action="unit.create", object_repr__in=["区试验局", "镇试验站"])
    assert events.count() == 2 and all(e.after["source"] == "单位.xlsx" for e in events)
    assert AuditEvent.objects.filter(action="setup.import", object_repr="单位.xlsx").count() == 1
    again = services.sheet_import(actor=office, scope=scope, sheet=sheet, data=data, name="单位.xlsx", dry_run=False)
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert AuditEvent.objects.filter(action="setup.import", object_repr="单位.xlsx").count() == 1

    bad = _file(
        "units",
        {"单位名称": "区另一局", "类型": "政府部门", "所属区域": "秀洲区"},
        {"单位名称": "坏行", "类型": "不知道", "所属区域": "火星"},
    )
    report = services.sheet_import(actor=office, scope=scope, sheet=sheet, data=bad, name="坏.xlsx", dry_run=False)
    assert not report.ok and [e.row for e in report.errors] == [3] and len(report.errors[0].messages) == 2
    assert not Unit.objects.filter(name="区另一局").exists()


def test_rows_refer_to_rows_above_them_in_the_same_file(world):
    body = {"名称": "试验镇人民代表大会", "类型": "人民代表大会", "所在区域": "试验镇"}
    town = {"名称": "试验镇", "类型": "镇", "上级区域": "秀洲区"}
    assert _apply(world, "office", "regions", town, {"名称": "甲村", "类型": "村", "上级区域": "试验镇"}).created == 2
    assert (
        _apply(
            world,
            "office",
            "bodies",
            body,
            {"名称": "试验镇人大主席团", "类型": "主席团", "所在区域": "试验镇", "所属人大": "试验镇人民代表大会"},
        ).created
        == 2
    )
    assert (
        _apply(world, "office", "terms", {"所属人大": "试验镇人民代表大会", "届次": "17", "开始日期": "2017-01-05"}).created == 1
    )
    assert (
        _apply(
            world,
            "office",
            "districts",
            {"所属人大": "试验镇人民代表大会", "届次": "17", "选区名称": "第一选区", "所在区域": "甲村"},
        ).created
        == 1
    )
    assert (
        _apply(world, "office", "groups", {"所属人大": "试验镇人民代表大会", "小组名称": "甲村小组", "所在区域": "甲村"}).created
        == 1
    )
    moved = _apply(world, "office", "terms", {"所属人大": "试验镇人民代表大会", "届次": "第十七届", "开始日期": "2017-01-06"})
    assert moved.updated == 1  # the term as an office writes it (第十七届) is the one written as 17
    no_suffix = _apply(world, "office", "terms", {"所属人大": "试验镇人民代表大会", "届次": "第十七", "开始日期": "2017-01-06"})
    assert no_suffix.ok  # "第十七" reads as 17 as well
    nonsense = _apply(world, "office", "terms", {"所属人大": "试验镇人民代表大会", "届次": "本届", "开始日期": "2017-01-06"})
    assert not nonsense.ok
    wrong = _apply(
        world,
        "office",
        "terms",
        {"所属人大": "试验镇人民代表大会", "届次": "18", "开始日期": "2022-01-06", "结束日期": "2021-01-01"},
    )
    assert not wrong.ok


def test_station_with_its_schedule(world):
    row = {"名称": "试验联络站", "类型": "联络站", "所在区域": "王江泾镇", "接待日": "15", "开始时间": "09:00", "结束时间": "11:30",
           "联络员": "wjj_liaison"}  # fmt: skip
    assert _apply(world, "wjj_staff", "stations", row).created == 1
    station = Station.objects.get(name="试验联络站")
    assert station.town == world.wjj and station.schedule.day_of_month == 15 and station.officer.username == "wjj_liaison"
    assert _apply(world, "wjj_staff", "stations", row).unchanged == 1
    assert _apply(world, "wjj_staff", "stations", {**row, "接待日": "20"}).updated == 1
    room = {"名称": "试验联络室", "类型": "联络室", "所在区域": "王江泾镇", "上级联络站": "试验联络站"}
    assert _apply(world, "wjj_staff", "stations", room).created == 1
    assert _apply(world, "wjj_staff", "stations", {**row, "开始时间": "12:00"}).errors  # ends before it starts


def test_staff_account_password_changed_at_first_login_and_grants_within_scope(world, client):
    account = {"用户名": "wjj_new", "姓名": "王新", "手机": "13900001111", "所属区域": "王江泾镇", "初始密码": "Qiu-2026-xyz"}
    assert _apply(world, "wjj_staff", "accounts", {**account, "初始密码": "123"}).errors  # too weak
    assert _apply(world, "wjj_staff", "accounts", {**account, "手机": "1390000"}).errors  # a 7-digit phone
    assert _apply(world, "wjj_staff", "accounts", account).created == 1
    user = User.objects.get(username="wjj_new")
    assert user.must_change_password and user.check_password("Qiu-2026-xyz")
    assert "Qiu-2026-xyz" not in str(list(AuditEvent.objects.filter(object_id=str(user.pk)).values_list("after", flat=True)))
    assert _apply(world, "wjj_staff", "accounts", {**account, "初始密码": "Other-2026-abc"}).unchanged == 1
    user.refresh_from_db()
    assert user.check_password("Qiu-2026-xyz")  # a re-import never resets a password
    assert _apply(world, "xc_staff", "accounts", account).errors  # not xc's account: the login is taken

    grant = {"用户名": "wjj_new", "角色": "联络员", "区域": "王江泾镇"}
    assert _apply(world, "wjj_staff", "grants", {**grant, "角色": "人大办工作人员"}).errors  # town staff grant no office role
    assert _apply(world, "wjj_staff", "grants", {**grant, "区域": "新塍镇"}).errors  # outside the town
    assert _apply(world, "wjj_staff", "grants", grant).created == 1
    assert _apply(world, "wjj_staff", "grants", grant).unchanged == 1
    made = RoleGrant.objects.get(user=user)
    assert build_scope(user).region_ids == frozenset(
        Region.objects.filter(path__startswith=world.wjj.path).values_list("pk", flat=True)
    )
    with pytest.raises(Exception):  # noqa: B017 - NotPermitted
        services.grant_revoke(actor=world.users["xc_staff"], scope=_scope(world, "xc_staff"), grant=made)
    services.grant_revoke(actor=world.users["wjj_staff"], scope=_scope(world, "wjj_staff"), grant=made)
    assert not RoleGrant.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(action="role.revoke", object_id=str(made.pk)).exists()

    client.force_login(user)
    assert client.get("/stations/").status_code == 302  # asked to change the password first


@pytest.mark.parametrize("key", list(SHEETS))
def test_each_template_has_dropdowns_and_its_example_row_imports(world, key):
    office, scope, sheet = world.users["office"], _scope(world, "office"), SHEETS[key]
    data = services.sheet_template(scope=scope, sheet=sheet)
    book = load_workbook(io.BytesIO(data))
    data_sheet = book.worksheets[0]
    assert [c.value for c in data_sheet[1]] == sheet.headers
    assert len(data_sheet.data_validations.dataValidation) == sum(1 for c in sheet.columns if c.choices and c.choices(scope))
    report = services.sheet_import(actor=office, scope=scope, sheet=sheet, data=data, name="模板.xlsx", dry_run=True)
    assert report.ok, report.messages


def test_api_writes_rows_and_answers_422_with_every_bad_row(world):
    client = world.client("office")
    url = "/api/setup/units"
    body = {"rows": [{"name": "区接口局", "kind": "政府部门", "region": "秀洲区"}], "dry_run": True}
    answer = client.post(url, body, content_type="application/json")
    assert answer.status_code == 200 and answer.json()["created"] == 1 and answer.json()["dry_run"]
    answer = client.post(url, {**body, "dry_run": False}, content_type="application/json")
    assert answer.status_code == 200 and answer.json()["created"] == 1
    bad = {"rows": [{"name": "x", "kind": "?", "region": "秀洲区"}, {"name": "", "kind": "政府部门", "region": "秀洲区"}]}
    answer = client.post(url, bad, content_type="application/json")
    assert answer.status_code == 422 and [e["row"] for e in answer.json()["errors"]] == [1, 2]
    listed = client.get(url).json()
    assert any(r["name"] == "区接口局" for r in listed)
    upload = client.post(
        "/api/setup/units/import?dry_run=true",
        {"file": io.BytesIO(_file("units", {"单位名称": "区文件局", "类型": "政府部门", "所属区域": "秀洲区"}))},
    )
    assert upload.status_code == 200 and upload.json()["created"] == 1
    assert world.client("edu_clerk").post(url, body, content_type="application/json").status_code == 403


def test_a_deputy_grant_links_the_login_to_the_deputy_and_an_account_is_deactivated_and_reactivated(world, client):
    from renda.org.models import Person

    account = {"用户名": "wjj_deputy", "姓名": "代表甲", "所属区域": "王江泾镇", "初始密码": "Qiu-2026-xyz"}
    assert _apply(world, "wjj_staff", "accounts", account).created == 1
    user = User.objects.get(username="wjj_deputy")
    inside = Person.objects.filter(
        mandates__region__path__startswith=world.wjj.path, user__isnull=True, id_number__isnull=False
    ).first()
    outside = Person.objects.filter(
        mandates__region__path__startswith=world.xc.path, user__isnull=True, id_number__isnull=False
    ).first()
    assert inside is not None and outside is not None
    grant = {"用户名": "wjj_deputy", "角色": "代表", "代表身份证号": inside.id_number}
    assert _apply(world, "wjj_staff", "grants", {**grant, "代表身份证号": ""}).errors  # the deputy is named
    assert _apply(world, "wjj_staff", "grants", {**grant, "代表身份证号": outside.id_number}).errors  # another town's
    assert _apply(world, "wjj_staff", "grants", grant).created == 1
    inside.refresh_from_db()
    assert inside.user == user and build_scope(user).person_id == inside.pk and "deputy" in build_scope(user).roles
    assert _apply(world, "wjj_staff", "grants", grant).unchanged == 1
    assert AuditEvent.objects.filter(action="person.link_login", object_id=str(inside.pk)).exists()
    assert RoleGrant.objects.filter(user=user, role="deputy").exists()

    assert _apply(world, "wjj_staff", "accounts", {**account, "状态": "停用"}).updated == 1
    user.refresh_from_db()
    assert not user.is_active and AuditEvent.objects.filter(action="account.deactivate", object_id=str(user.pk)).exists()
    assert not client.login(username="wjj_deputy", password="Qiu-2026-xyz")
    assert _apply(world, "wjj_staff", "accounts", {**account, "状态": "停用"}).unchanged == 1
    assert _apply(world, "wjj_staff", "accounts", {**account, "状态": "在用"}).updated == 1
    user.refresh_from_db()
    assert user.is_active and AuditEvent.objects.filter(action="account.reactivate", object_id=str(user.pk)).exists()
    self_row = {"用户名": "wjj_staff", "姓名": "x", "所属区域": "王江泾镇", "状态": "停用"}
    assert (
        _apply(world, "wjj_staff", "accounts", self_row).errors
        or not StaffAccount.objects.filter(user__username="wjj_staff").exists()
    )
