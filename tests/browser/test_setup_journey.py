"""Setting up a district in a real browser: the office opens the set-up steps, adds a village with the form, imports
units from Excel (a file with a bad row is refused whole, row by row in Chinese; a good one is previewed, then
imported), and town staff work through the same pages on a phone (390×844).

Screenshots go to test-artifacts/screenshots/setup-*.png (and docs/img/setup-*.png with RENDA_DOC_SCREENSHOTS=1).
"""

from __future__ import annotations

import os

import pytest

from renda.core.xlsx import xlsx_bytes

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def base_url(request):
    """The demo server of conftest.py, or one already running at RENDA_BROWSER_SERVER (a loaded machine may take
    longer than the fixture's five minutes to build the demo)."""
    return os.environ.get("RENDA_BROWSER_SERVER") or request.getfixturevalue("demo_server")


PASSWORD = "Renda@2017"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
UNIT_HEADERS = ["单位名称", "类型", "所属区域", "负责人", "负责人职务", "办公电话", "地址"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _context(browser, base_url, **extra):
    return browser.new_context(base_url=base_url, locale="zh-CN", timezone_id="Asia/Shanghai", **extra)


def _login(page, base_url, username):
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_url(f"{base_url}/")


def _units_file(rows):
    return {
        "name": "承办单位.xlsx",
        "mimeType": XLSX,
        "buffer": xlsx_bytes(UNIT_HEADERS, [[r.get(h, "") for h in UNIT_HEADERS] for r in rows]),
    }


def test_the_office_sets_up_with_forms_and_excel(browser, base_url, screenshot):
    context = _context(browser, base_url, **DESKTOP)
    page = context.new_page()
    _login(page, base_url, "office")
    page.goto("/setup/")
    assert page.get_by_test_id("setup-sheets").locator("tbody tr").count() == 9
    screenshot(page, "setup-index", doc="setup-index")

    page.goto("/setup/regions/")
    form = page.get_by_test_id("setup-form")
    form.locator("input[name=name]").fill("浏览器测试村")
    form.locator("select[name=kind]").select_option("村")
    form.locator("select[name=parent]").select_option("王江泾镇")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "1 条新增" in page.content() or "created" in page.content() or "新增" in page.content()
    assert page.get_by_test_id("setup-rows").get_by_text("浏览器测试村").count() == 1
    screenshot(page, "setup-regions", doc="setup-regions")

    page.goto("/setup/units/import/")
    bad = [
        {"单位名称": "区浏览器局", "类型": "政府部门", "所属区域": "秀洲区"},
        {"单位名称": "坏单位", "类型": "外星机构", "所属区域": "火星"},
    ]
    page.locator("input[type=file]").set_input_files(_units_file(bad))
    page.locator("form.stack button[type=submit]").click()
    errors = page.get_by_test_id("import-errors")
    errors.wait_for()
    assert "第 3 行" in errors.inner_text() and "第 2 行" not in errors.inner_text()
    screenshot(page, "setup-import-errors", doc="setup-import-errors")

    good = [{"单位名称": "区浏览器局", "类型": "政府部门", "所属区域": "秀洲区", "负责人": "赵六", "负责人职务": "局长"}]
    page.locator("input[type=file]").set_input_files(_units_file(good))
    with page.expect_navigation():
        page.locator("form.stack button[type=submit]").click()
    page.wait_for_load_state()
    preview = page.get_by_test_id("import-preview")
    assert preview.count() == 1, page.locator("main").inner_text()
    screenshot(page, "setup-import-preview", doc="setup-import-preview")
    preview.locator("button[type=submit]").click()
    page.wait_for_url(f"{base_url}/setup/units/")
    assert page.get_by_test_id("setup-rows").get_by_text("区浏览器局").count() == 1
    context.close()


def test_town_staff_on_a_phone(browser, base_url, screenshot):
    context = _context(browser, base_url, **PHONE)
    page = context.new_page()
    _login(page, base_url, "wjj_staff")
    page.goto("/setup/stations/")
    form = page.get_by_test_id("setup-form")
    form.locator("input[name=name]").fill("手机测试联络室")
    form.locator("select[name=kind]").select_option("联络室")
    form.locator("select[name=region]").select_option("王江泾镇")
    parent = form.locator("select[name=parent] option").nth(1).get_attribute("value")
    form.locator("select[name=parent]").select_option(parent)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("setup-rows").get_by_text("手机测试联络室").count() == 1
    screenshot(page, "setup-phone-stations", doc="setup-phone-stations")
    # 新塍镇 is not among the regions town staff of 王江泾镇 may pick.
    options = page.get_by_test_id("setup-form").locator("select[name=region] option").all_inner_texts()
    assert "王江泾镇" in options and "新塍镇" not in options
    page.goto("/setup/")
    screenshot(page, "setup-phone-index", doc="setup-phone-index")
    context.close()
