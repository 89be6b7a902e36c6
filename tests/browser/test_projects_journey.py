"""Livelihood projects in a real browser: staff open the 2018 ballot at 王江泾镇's session, a deputy votes on a
phone (a ballot with too many ticks is refused whole), staff close and publish, and a voter without an account
opens a public project page and sees its progress. Screenshots in test-artifacts/screenshots/projects-*.png."""

from __future__ import annotations

import re

import pytest

from .conftest import PASSWORD, save_screenshot

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def _context(browser, base_url, **extra):
    return browser.new_context(base_url=base_url, locale="zh-CN", timezone_id="Asia/Shanghai", **extra)


def _login(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/$"))


def test_ballot_on_a_phone_then_publish_then_public_page(browser, base_url):
    staff_ctx = _context(browser, base_url, viewport={"width": 1280, "height": 900})
    deputy_ctx = _context(browser, base_url, **PHONE)
    public_ctx = _context(browser, base_url, **PHONE)
    try:
        staff = staff_ctx.new_page()
        _login(staff, "wjj_staff")
        cycles = staff.request.get("/api/projects/cycles?year=2018").json()
        ballot_id = next(c["ballot_id"] for c in cycles if c["ballot_id"])
        staff.goto(f"/projects/ballots/{ballot_id}/")
        assert staff.get_by_test_id("ballot-state").inner_text().strip() != ""
        opener = staff.get_by_test_id("ballot-open")
        if opener.count():  # the duty journey, run earlier on the same server, may have opened it already
            with staff.expect_navigation():
                opener.click()
            staff.wait_for_load_state()
        save_screenshot(staff, "projects-01-staff-opened")

        deputy = deputy_ctx.new_page()
        _login(deputy, "deputy")
        deputy.goto(f"/projects/ballots/{ballot_id}/")
        _vote_by_keyboard(deputy)

        staff.reload()
        assert staff.get_by_test_id("n-voted").inner_text().startswith("1")
        staff.get_by_test_id("ballot-close").click()
        staff.get_by_test_id("ballot-publish").click()
        staff.get_by_test_id("outcome").wait_for()
        save_screenshot(staff, "projects-05-staff-published")
        table = staff.get_by_test_id("outcome").inner_text()
        assert table.count("\n") >= 8  # every candidate ranked

        voter = public_ctx.new_page()
        voter.goto("/projects/public/?year=2017")
        save_screenshot(voter, "projects-06-public-list")
        voter.get_by_test_id("public-project").first.click()
        progress = voter.get_by_test_id("progress").inner_text()
        assert re.match(r"\d+(\.\d)?%", progress)
        assert voter.get_by_test_id("timeline").locator("li").count() >= 3
        assert voter.get_by_test_id("votes").inner_text()
        save_screenshot(voter, "projects-07-public-project")
    finally:
        for ctx in (staff_ctx, deputy_ctx, public_ctx):
            ctx.close()


def _checked(page) -> list[int]:
    boxes = page.locator("input[name=pick]")
    return [n for n in range(1, boxes.count() + 1) if page.get_by_test_id(f"pick-{n}").is_checked()]


def _vote_by_keyboard(deputy) -> None:
    """A deputy votes on a phone with the keyboard only (as with a screen reader's or a switch's keys): every tick
    is named by its candidate, the count of ticks is live, too many ticks are refused with the reason announced and
    the ticks kept, and the secret ballot is confirmed before it is cast."""
    boxes = deputy.get_by_role("checkbox")
    names = [deputy.locator("label.tick").nth(i).inner_text().strip() for i in range(boxes.count())]
    assert boxes.count() >= 8 and len(set(names)) == boxes.count(), names  # no row of ticks all named "tick"
    first_title = deputy.locator("label.tick").first.inner_text().split(". ", 1)[1]
    assert deputy.get_by_role("checkbox", name=first_title).count() == 1
    assert deputy.get_by_test_id("about-facts").first.is_visible()  # budget, funding, unit and deadline
    count = deputy.get_by_test_id("pick-count")
    assert re.search(r"\b0\b", count.inner_text()) and re.search(r"\b6\b", count.inner_text())

    # Seven ticks where six are allowed, by Space and Tab from the first tick.
    deputy.get_by_test_id("pick-1").focus()
    for n in range(1, 8):
        deputy.keyboard.press("Space")
        if n < 7:
            deputy.keyboard.press("Tab")
    assert _checked(deputy) == list(range(1, 8))
    assert re.search(r"\b7\b", count.inner_text()) and "over" in (count.get_attribute("class") or "")
    save_screenshot(deputy, "projects-02-phone-count-live")
    deputy.get_by_test_id("cast-ballot").focus()
    deputy.keyboard.press("Enter")
    dialog = deputy.get_by_test_id("confirm-dialog")
    dialog.wait_for(state="visible")
    save_screenshot(deputy, "projects-03-phone-confirm")
    assert deputy.evaluate("document.activeElement.dataset.testid") == "confirm-cast"
    with deputy.expect_navigation():
        deputy.keyboard.press("Enter")
    # refused whole, the reason announced, the ticks kept
    alert = deputy.get_by_role("alert")
    assert alert.count() == 1 and alert.inner_text().strip()
    assert _checked(deputy) == list(range(1, 8))
    save_screenshot(deputy, "projects-04-phone-too-many-ticks")

    # Untick 4 and 7, tick 8: six; going back from the confirmation changes nothing.
    for n in (4, 7, 8):
        deputy.get_by_test_id(f"pick-{n}").focus()
        deputy.keyboard.press("Space")
    assert _checked(deputy) == [1, 2, 3, 5, 6, 8]
    assert re.search(r"\b6\b", count.inner_text()) and "over" not in (count.get_attribute("class") or "")
    deputy.get_by_test_id("cast-ballot").focus()
    deputy.keyboard.press("Enter")
    dialog.wait_for(state="visible")
    assert "6" in dialog.inner_text()
    deputy.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    assert deputy.get_by_test_id("voted").count() == 0
    deputy.get_by_test_id("cast-ballot").focus()
    deputy.keyboard.press("Enter")
    dialog.wait_for(state="visible")
    with deputy.expect_navigation():
        deputy.get_by_test_id("confirm-cast").press("Enter")
    deputy.get_by_test_id("voted").wait_for()
    save_screenshot(deputy, "projects-04b-phone-voted")
