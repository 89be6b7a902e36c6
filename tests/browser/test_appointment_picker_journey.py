"""The appointment form's person picker (issue #11): the office registers a request to appoint and remove, picking
each person by name — by keyboard on a desktop (a combobox over a listbox, as a screen reader hears it), by a tap on
a 390×844 phone — and the request lists the people picked.

Screenshots: test-artifacts/screenshots/decisions-appointment-picker*.png (docs/img/ with RENDA_DOC_SCREENSHOTS=1).
"""

from __future__ import annotations

import pytest

from .conftest import save_screenshot
from .test_meetings_vote_journey import PHONE, click_and_wait, login_as

pytestmark = pytest.mark.browser


def _first_name(page, base_url: str, q: str) -> str:
    """A person of the area whose name holds `q`, as the picker's search answers it."""
    people = page.request.get(f"{base_url}/api/appointments/people?q={q}").json()
    assert people, q
    return people[0]["name"]


def test_the_office_picks_people_by_keyboard_on_a_desktop(browser, base_url):
    page = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    login_as(page, base_url, "office")
    page.goto(f"{base_url}/decisions/appointments/new/")
    page.locator("input[name=title]").fill("区人民政府关于提请任免区卫生健康局局长等职务的报告")
    page.locator("input[name=submitted_on]").fill("2017-09-10")

    row = page.get_by_test_id("nominee-1")
    combo = row.locator("input[role=combobox]")
    assert combo.get_attribute("aria-expanded") == "false"
    combo.focus()
    page.keyboard.type("王")
    listbox = row.locator("[role=listbox]")
    listbox.locator("[role=option]").first.wait_for()
    assert combo.get_attribute("aria-expanded") == "true"
    assert page.locator("[data-picker-status]").inner_text()  # the count of people found, read out
    page.keyboard.press("ArrowDown")
    active = combo.get_attribute("aria-activedescendant")
    assert active and page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    chosen = page.locator(f"#{active}").inner_text()
    save_screenshot(page, "decisions-appointment-picker", doc="decisions-appointment-picker")
    page.keyboard.press("Enter")
    assert combo.input_value() == chosen and combo.get_attribute("aria-expanded") == "false"
    assert row.locator("input[name=n-person]").input_value().isdigit()
    assert row.locator("[data-picked]").is_visible()
    assert chosen in page.locator("[data-picker-status]").inner_text()
    page.keyboard.press("Tab")
    page.keyboard.type("区卫生健康局局长")

    # the second row: remove someone, found by another name; Escape closes the list, typing again clears a pick
    second = page.get_by_test_id("nominee-2")
    second.locator("select[name=n-action]").select_option("remove")
    other = _first_name(page, base_url, "李")
    combo2 = second.locator("input[role=combobox]")
    combo2.fill(other)
    second.locator("[role=option]").filter(has_text=other).first.wait_for()
    page.keyboard.press("Escape")
    assert combo2.get_attribute("aria-expanded") == "false"
    assert second.locator("input[name=n-person]").input_value() == ""
    page.keyboard.press("ArrowDown")
    second.locator("[role=option]").first.wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert second.locator("input[name=n-person]").input_value().isdigit()
    removed = combo2.input_value()
    second.locator("input[name=n-post]").fill("区卫生健康局局长")

    page.get_by_test_id("add-person").click()
    assert page.get_by_test_id("nominee-4").locator("select[name=n-action]").evaluate("e => e === document.activeElement")
    click_and_wait(page, page.get_by_test_id("save"))
    assert "/decisions/appointments/" in page.url and "/new/" not in page.url
    body = page.content()
    assert chosen in body and removed in body
    save_screenshot(page, "decisions-appointment-picked", doc="decisions-appointment-picked")


def test_the_picker_works_by_tap_on_a_phone(browser, base_url):
    page = browser.new_context(locale="zh-CN", **PHONE).new_page()
    login_as(page, base_url, "office")
    page.goto(f"{base_url}/decisions/appointments/new/")
    page.locator("input[name=title]").fill("区人民政府关于提请任命区司法局局长的报告")
    page.locator("input[name=submitted_on]").fill("2017-09-11")
    row = page.get_by_test_id("nominee-1")
    combo = row.locator("input[role=combobox]")
    combo.tap()
    page.keyboard.type("张")
    option = row.locator("[role=option]").first
    option.wait_for()
    box = option.bounding_box()
    assert box and box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= 390
    save_screenshot(page, "decisions-appointment-picker-phone", doc="decisions-appointment-picker-phone")
    name = option.inner_text()
    option.tap()
    assert combo.input_value() == name and row.locator("input[name=n-person]").input_value().isdigit()
    row.locator("input[name=n-post]").fill("区司法局局长")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    click_and_wait(page, page.get_by_test_id("save"))
    assert name in page.content() and "/new/" not in page.url
