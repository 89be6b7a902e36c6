"""Choosing from many (the typeahead picker, renda/core/picker.py): where a filter's choices are more than
`core.picker_threshold`, the office types part of a unit's name and chooses it — by keyboard on a desktop, by a tap
on a 390×844 phone — and the list shows that unit's suggestions; without JavaScript the typed name is resolved by the
server. axe-core finds no violation on the page with the picker open.

The demo district has 40-odd units, under the default threshold of 200: the administrator lowers it for this journey
(a rule in Django's admin) and puts it back at the end, so that the other journeys see their selects.

Screenshots: test-artifacts/screenshots/picker-*.png (docs/img/picker-*.png with RENDA_DOC_SCREENSHOTS=1).
"""

from __future__ import annotations

import os
import re

import pytest

from .conftest import DOC_IMAGES, SCREENSHOTS, save_screenshot
from .test_accessibility_journey import AXE, AXE_OPTIONS
from .test_meetings_vote_journey import PHONE, click_and_wait, login_as

pytestmark = pytest.mark.browser

DESKTOP = {"viewport": {"width": 1280, "height": 900}}


def _set_threshold(browser, base_url: str, value: int) -> None:
    """The administrator sets rule core.picker_threshold (Django's admin: a new row, or the one added before)."""
    ctx = browser.new_context(locale="zh-CN", **DESKTOP)
    try:
        page = ctx.new_page()
        login_as(page, base_url, "admin")
        page.goto(f"{base_url}/admin/core/rule/?q=core.picker_threshold")
        existing = page.locator("#result_list a", has_text="core.picker_threshold")
        if existing.count():
            click_and_wait(page, existing.first)
        else:
            page.goto(f"{base_url}/admin/core/rule/add/")
            page.locator("input[name=key]").fill("core.picker_threshold")
        page.locator("[name=value]").fill(str(value))
        page.locator("input[name=note]").fill("browser journey: the picker on the demo district")
        click_and_wait(page, page.locator("input[name=_save]"))
        assert "/add/" not in page.url and "/change/" not in page.url, page.content()[:2000]
    finally:
        ctx.close()


@pytest.fixture
def low_threshold(browser, base_url):
    _set_threshold(browser, base_url, 5)
    yield
    _set_threshold(browser, base_url, 200)


def _unit(page, base_url: str, q: str) -> dict:
    found = page.request.get(f"{base_url}/api/choices/units?q={q}").json()
    assert found, q
    return found[0]


def _axe(page) -> list[str]:
    page.add_script_tag(content=AXE)
    violations = page.evaluate("async (options) => (await axe.run(document, options)).violations", AXE_OPTIONS)
    return [f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes'][:3]]}" for v in violations]


def test_the_office_chooses_a_unit_by_typing_on_a_desktop(browser, base_url, low_threshold):
    ctx = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", bypass_csp=True, **DESKTOP)
    page = ctx.new_page()
    login_as(page, base_url, "office")
    page.goto(f"{base_url}/suggestions/")
    assert page.locator("select[name=unit]").count() == 0
    combo = page.get_by_test_id("picker-unit").locator("input[role=combobox]")
    assert combo.get_attribute("aria-expanded") == "false"
    unit = _unit(page, base_url, "教育")
    combo.focus()
    page.keyboard.type("教育")
    listbox = page.locator(f"#{combo.get_attribute('aria-controls')}")
    listbox.locator("[role=option]").first.wait_for()
    assert combo.get_attribute("aria-expanded") == "true"
    assert page.locator("[data-picker-status]").inner_text()  # "1 found: arrow keys to move, Enter to choose"
    page.keyboard.press("ArrowDown")
    active = combo.get_attribute("aria-activedescendant")
    assert active and page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    assert page.locator(f"#{active}").inner_text() == unit["label"]
    problems = _axe(page)
    assert not problems, "axe-core, the picker open:\n" + "\n".join(problems)
    save_screenshot(page, "picker-desktop-open", doc="picker-desktop-open")
    with page.expect_response(re.compile(r".*/suggestions/\?.*unit=\d+.*")):
        page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf".*unit={unit['id']}.*"))
    assert combo.input_value() == unit["label"] and combo.get_attribute("aria-expanded") == "false"
    assert page.locator("input[type=hidden][name=unit]").input_value() == str(unit["id"])
    assert unit["label"] in page.locator("[data-picker-status]").inner_text()
    count = page.get_by_test_id("result-count").inner_text()
    # reload: the chosen unit is read back and shown by its name
    page.reload()
    assert page.get_by_test_id("picker-unit").locator("input[role=combobox]").input_value() == unit["label"]
    assert page.get_by_test_id("result-count").inner_text() == count
    problems = _axe(page)
    assert not problems, "axe-core, the picker chosen:\n" + "\n".join(problems)
    save_screenshot(page, "picker-desktop-chosen")
    # Escape closes the list; typing again clears the choice
    combo = page.get_by_test_id("picker-unit").locator("input[role=combobox]")
    combo.fill("局")
    page.locator("#" + combo.get_attribute("aria-controls")).locator("[role=option]").first.wait_for()
    assert page.locator("input[type=hidden][name=unit]").input_value() == ""
    page.keyboard.press("Escape")
    assert combo.get_attribute("aria-expanded") == "false"
    ctx.close()


def test_the_office_chooses_a_unit_by_a_tap_on_a_phone(browser, base_url, low_threshold):
    ctx = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", bypass_csp=True, **PHONE)
    page = ctx.new_page()
    login_as(page, base_url, "office")
    page.goto(f"{base_url}/suggestions/")
    unit = _unit(page, base_url, "卫生")
    combo = page.get_by_test_id("picker-unit").locator("input[role=combobox]")
    combo.tap()
    combo.type("卫生")
    option = page.locator("#" + combo.get_attribute("aria-controls")).locator("[role=option]").first
    option.wait_for()
    box = option.bounding_box()
    assert box and box["height"] >= 44  # a finger's target
    problems = _axe(page)
    assert not problems, "axe-core on a phone, the picker open:\n" + "\n".join(problems)
    combo.scroll_into_view_if_needed()
    save_screenshot(page, "picker-phone-open")
    _doc_view(page, "picker-phone-open")
    option.tap()
    page.wait_for_url(re.compile(rf".*unit={unit['id']}.*"))
    assert combo.input_value() == unit["label"]
    page.get_by_test_id("result-count").wait_for()
    save_screenshot(page, "picker-phone-chosen")
    ctx.close()


def _doc_view(page, name: str) -> None:
    """The phone's screen as the user sees it (not the whole page), for the guide (docs/daily-use.md)."""
    page.screenshot(path=str(SCREENSHOTS / f"{name}-view.png"), full_page=False, animations="disabled")
    if os.environ.get("RENDA_DOC_SCREENSHOTS") == "1":
        (DOC_IMAGES / f"{name}.png").write_bytes((SCREENSHOTS / f"{name}-view.png").read_bytes())


def test_without_javascript_the_typed_name_is_resolved_by_the_server(browser, base_url, low_threshold):
    ctx = browser.new_context(locale="zh-CN", java_script_enabled=False, **DESKTOP)
    page = ctx.new_page()
    login_as(page, base_url, "office")
    page.goto(f"{base_url}/suggestions/")
    unit = _unit(page, base_url, "教育")
    box = page.get_by_test_id("picker-unit").locator("input[role=combobox]")
    box.fill(unit["label"].split("（")[0])
    with page.expect_navigation():
        box.press("Enter")
    assert page.locator("input[type=hidden][name=unit]").input_value() == str(unit["id"])
    assert box.input_value() == unit["label"]
    # a part of many names: the list says so, in the page
    page.get_by_test_id("picker-unit").locator("input[role=combobox]").fill("局")
    with page.expect_navigation():
        page.get_by_test_id("picker-unit").locator("input[role=combobox]").press("Enter")
    assert page.get_by_test_id("filter-errors").is_visible()
    save_screenshot(page, "picker-no-javascript-several")
    ctx.close()
