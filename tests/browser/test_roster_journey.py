"""The roster in a real browser: the acceptance journey of the foundation issue, phone layout, language, refusals.

Each test logs in through the login form of a demo server of its own (see conftest.py) and saves full-page
screenshots into test-artifacts/screenshots/ (and, with RENDA_DOC_SCREENSHOTS=1, the guide's into docs/img/).
"""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from renda.core.text import id_number_check_digit, pinyin_initials

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
WJJ = "王江泾镇"
XC = "新塍镇"
# Columns of the deputy table on the list page.
NAME, CONGRESS, REGION, GROUP = 0, 3, 5, 6


def result_count(page) -> int:
    text = page.get_by_test_id("result-count").inner_text()
    match = re.search(r"\d+", text)
    assert match, f"no number in the result count {text!r}"
    return int(match.group())


def table_rows(page) -> list[list[str]]:
    """Cell texts of the deputy rows shown (the 'no deputies match' row has a single cell and is left out)."""
    rows = page.locator("#results table tbody tr").evaluate_all(
        "rows => rows.map(r => Array.from(r.cells, c => c.textContent.trim()))"
    )
    return [r for r in rows if len(r) > 1]


def htmx_settled(page) -> None:
    page.wait_for_function(
        "() => document.querySelectorAll('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added').length === 0"
    )


def filter_by(page, action) -> None:
    """Run `action` on the filter form and wait for htmx to swap the results in."""
    with page.expect_response(lambda r: "/deputies/" in r.url and r.request.headers.get("hx-request") == "true") as info:
        action()
    assert info.value.status == 200
    htmx_settled(page)


def town_regions(page, town: str) -> tuple[int, list[str]]:
    """The town's region id and its villages' names in order, from the API as the logged-in user."""
    response = page.request.get("/api/regions")
    assert response.ok, response.status
    regions = response.json()
    town_id = next(r["id"] for r in regions if r["name"] == town and r["kind"] == "town")
    return town_id, [r["name"] for r in regions if r["parent_id"] == town_id]


def town_scope(page, town: str) -> tuple[int, set[str]]:
    """The town's region id and the names of the town and its villages."""
    town_id, villages = town_regions(page, town)
    return town_id, {town, *villages}


def export_rows(page, name: str) -> tuple[list[str], list[tuple]]:
    with page.expect_download() as info:
        page.get_by_test_id("export-xlsx").click()
    download = info.value
    assert download.failure() is None
    assert download.suggested_filename.endswith(".xlsx")
    # A copy next to the screenshots, for a human to open.
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / f"{name}.xlsx"
    download.save_as(target)
    workbook = load_workbook(target, read_only=True)
    header, *rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    return list(header), rows


def test_town_staff_roster_journey(page, login, screenshot):
    """wjj_staff filters, searches, opens a deputy, reveals personal data and exports: only 王江泾镇's deputies."""
    login(page, "wjj_staff", screenshot="01-login", doc="login")
    page.locator("#chart-gender svg").first.wait_for()
    screenshot(page, "02-home", doc="home")
    town_id, in_scope = town_scope(page, WJJ)
    assert XC not in in_scope

    page.locator("nav.nav a[href='/deputies/']").click()
    page.wait_for_url("**/deputies/")
    total = result_count(page)
    assert total > 0
    assert {r[REGION] for r in table_rows(page)} <= in_scope
    screenshot(page, "03-deputies")

    filter_by(page, lambda: page.locator("select[name=status]").select_option("serving"))
    filter_by(page, lambda: page.locator("select[name=region]").select_option(str(town_id)))
    page.wait_for_url(re.compile(r"status=serving.*region=|region=.*status=serving"))
    rows = table_rows(page)
    assert rows, "no serving deputy in 王江泾镇"
    assert {r[REGION] for r in rows} <= in_scope
    serving = result_count(page)
    assert 0 < serving <= total
    screenshot(page, "04-deputies-filtered", doc="deputy-list")

    name = rows[0][NAME]
    search = page.locator("form.filters input[name=q]")
    search.fill(name)
    filter_by(page, lambda: page.locator("form.filters button[type=submit]").click())
    rows = table_rows(page)
    assert rows and all(name in r[NAME] for r in rows)

    initials = pinyin_initials(name)
    search.fill(initials)
    filter_by(page, lambda: page.locator("form.filters button[type=submit]").click())
    page.wait_for_url(re.compile(rf"q={initials}"))
    rows = table_rows(page)
    assert name in [r[NAME] for r in rows]
    assert all(pinyin_initials(r[NAME]).startswith(initials) for r in rows)
    assert {r[REGION] for r in rows} <= in_scope, "a deputy outside 王江泾镇 is listed"
    assert all(XC not in cell for r in rows for cell in r)
    assert result_count(page) == len(rows)
    screenshot(page, "05-deputies-search")
    list_url = page.url

    page.locator("#results tbody a", has_text=name).first.click()
    page.wait_for_url(re.compile(r"/deputies/\d+/$"))
    assert name in page.locator("h1").inner_text()
    masked = page.locator("#personal-data dd").first.inner_text()
    assert "****" in masked
    screenshot(page, "06-deputy-detail")
    with page.expect_response(re.compile(r"/deputies/\d+/personal/$")) as info:
        page.get_by_test_id("reveal").click()
    assert info.value.status == 200
    phone = page.get_by_test_id("phone")
    phone.wait_for()
    assert re.fullmatch(r"1\d{10}", phone.inner_text().strip())
    assert phone.inner_text().startswith(masked[:3]) and phone.inner_text().endswith(masked[-4:])
    assert page.get_by_test_id("reveal").count() == 0
    screenshot(page, "07-deputy-revealed", doc="deputy-detail")

    page.go_back()
    page.wait_for_url(list_url)
    shown = result_count(page)
    screenshot(page, "08-deputies-back")
    header, exported = export_rows(page, "08-export-search")
    assert len(exported) == shown
    assert name in [row[header.index("姓名")] for row in exported]

    # The whole roster as this user sees it: every row is 王江泾镇's, none is 新塍镇's.
    page.goto("/deputies/")
    shown = result_count(page)
    assert shown == total
    screenshot(page, "09-deputies-all")
    header, exported = export_rows(page, "09-export-all")
    assert len(exported) == shown
    regions = {row[header.index("所在区域")] for row in exported}
    assert regions <= in_scope, regions - in_scope
    assert {row[header.index("所属人大")] for row in exported} <= {"秀洲区人民代表大会", f"{WJJ}人民代表大会"}
    assert not [row for row in exported if any(XC in str(cell) for cell in row)], "新塍镇 deputies in the export"


@pytest.mark.browser_context_args(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True)
def test_home_on_a_phone(page, login, screenshot):
    """On a 390×844 phone the home page's charts render (ECharts draws SVG) and nothing overflows sideways."""
    login(page, "office")
    for chart in ("level", "gender", "age_band", "party", "occupation"):
        page.locator(f"#chart-{chart} svg").first.wait_for()
    assert page.locator("#chart-gender svg path").count() > 0
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the phone screen"
    screenshot(page, "10-home-phone", doc="home-phone")


def test_language_switch_to_english(page, login, screenshot):
    login(page, "wjj_staff")
    page.locator("select[name=language]").select_option("en")
    page.wait_for_load_state()
    page.wait_for_function("() => document.documentElement.lang === 'en'")
    nav = page.locator("nav.nav").inner_text()
    assert "Home" in nav and "Deputies" in nav
    screenshot(page, "11-home-english")
    page.locator("select[name=language]").select_option("zh-hans")
    page.wait_for_function("() => document.documentElement.lang === 'zh-hans'")
    assert "首页" in page.locator("nav.nav").inner_text()


def test_unit_clerk_sees_no_roster(page, login, screenshot):
    """A unit clerk has no 代表 link, and /deputies/ answers with the 403 page."""
    login(page, "edu_clerk")
    assert page.locator("nav.nav a[href='/deputies/']").count() == 0
    screenshot(page, "12-unit-clerk-home")
    response = page.goto("/deputies/")
    assert response.status == 403
    assert page.locator("main h1").count() == 1
    assert page.locator("main a[href='/']").count() == 1
    assert page.locator("#results").count() == 0
    screenshot(page, "13-unit-clerk-403")


def _valid_id_number(birth: str, seq: str) -> str:
    first17 = f"330411{birth}{seq}"
    return first17 + id_number_check_digit(first17)


def test_import_with_errors_imports_nothing(page, login, screenshot):
    """wjj_staff fills the downloaded template with one good and three bad rows: all are refused, each bad row is listed."""
    login(page, "wjj_staff")
    _town_id, villages = town_regions(page, WJJ)
    page.goto("/deputies/")
    page.get_by_test_id("import-link").click()
    page.wait_for_url("**/deputies/import/")
    screenshot(page, "14-import")
    with page.expect_download() as info:
        page.locator("main a.button[href$='/import/template/']").click()
    template = load_workbook(BytesIO(info.value.path().read_bytes()))
    header = [c.value for c in template.worksheets[0][1]]

    village = villages[0]  # the demo's 第1选区 of each town congress is its first village
    good = {
        "姓名": "试导甲",
        "性别": "男",
        "身份证号": _valid_id_number("19800101", "013"),
        "政治面貌": "群众",
        "所属人大": f"{WJJ}人民代表大会",
        "届次": "10",
        "选区": "第1选区",
        "所在区域": f"{WJJ}/{village}",
        "职业类别": "农民",
    }
    bad_rows = [
        {**good, "姓名": "试导乙", "身份证号": "330411198001010000"},  # wrong check digit
        {**good, "姓名": "试导丙", "身份证号": _valid_id_number("19810202", "024"), "所属人大": f"{XC}人民代表大会"},
        {**good, "姓名": "试导丁", "身份证号": _valid_id_number("19820303", "035"), "所在区域": "没有这个村", "性别": "未知"},
    ]
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in [good, *bad_rows]:
        sheet.append([row.get(column, "") for column in header])
    buffer = BytesIO()
    workbook.save(buffer)

    page.locator("input[type=file]").set_input_files(
        files=[
            {
                "name": "deputies.xlsx",
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": buffer.getvalue(),
            }
        ]
    )
    with page.expect_response(lambda r: r.url.endswith("/deputies/import/") and r.request.method == "POST") as info:
        page.locator("main form button[type=submit]").click()
    assert info.value.status == 400
    errors = page.get_by_test_id("import-errors")
    errors.wait_for()
    listed = errors.locator("tbody tr td:first-child").all_inner_texts()
    assert [re.search(r"\d+", t).group() for t in listed] == ["3", "4", "5"]
    problems = errors.locator("tbody").inner_text()
    assert "330411198001010000" in problems and XC in problems and "没有这个村" in problems
    screenshot(page, "15-import-errors", doc="import-errors")

    # Nothing was written, not even the good row.
    found = page.request.get("/api/deputies", params={"q": "试导"})
    assert found.ok and found.json()["count"] == 0
