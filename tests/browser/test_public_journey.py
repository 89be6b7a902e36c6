"""The public side on a phone (issue #14): a voter opens the portal, which links every public page; finds a
station's reception days; searches and filters the published suggestions with their state; and on the opinion form
a bad phone number is answered in place (the 400 from htmx, announced), a good one gets a code and a countdown
before the code can be sent again. Screenshots in test-artifacts/screenshots/public-*.png."""

from __future__ import annotations

import re

import pytest

from .conftest import save_screenshot

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def test_portal_stations_suggestions_and_the_voters_form_on_a_phone(browser, base_url):
    ctx = browser.new_context(base_url=base_url, locale="zh-CN", timezone_id="Asia/Shanghai", **PHONE)
    try:
        voter = ctx.new_page()
        voter.goto("/")
        voter.get_by_test_id("portal-footer-link").click()
        voter.wait_for_url(re.compile(r".*/public/$"))
        links = [a.get_attribute("href") for a in voter.get_by_test_id("portal-link").all()]
        for wanted in ("/opinions/submit/", "/opinions/track/", "/projects/public/", "/suggestions/public/",
                       "/meetings/public/", "/supervision/public/", "/open-data/"):  # fmt: skip
            assert wanted in links, (wanted, links)
        for href in links:
            assert voter.request.get(href).status == 200, href
        assert voter.get_by_test_id("portal-station").count() >= 10
        save_screenshot(voter, "public-01-portal")

        # A station's page states its reception days from its schedule, even before they are planned.
        voter.locator("[data-testid=portal-station][data-scheduled]").first.click()
        days = voter.get_by_test_id("reception-days").inner_text()
        assert re.search(r"\d{4}-\d{2}-\d{2}", days), days
        save_screenshot(voter, "public-02-station")

        # Published suggestions: search by word, filter by state; each row shows its state.
        voter.goto("/suggestions/public/")
        total = int(re.search(r"\d+", voter.get_by_test_id("public-count").inner_text()).group())
        assert total > 0 and voter.get_by_test_id("public-suggestion").first.locator(".badge").inner_text().strip()
        voter.get_by_test_id("filters-toggle").click()
        first_title = voter.get_by_test_id("public-suggestion").first.locator("a").inner_text()
        word = first_title[:4]
        voter.locator("input[name=q]").fill(word)
        voter.locator("form.filters button[type=submit]").click()
        voter.wait_for_url(re.compile(r".*q=.*"))
        rows = voter.get_by_test_id("public-suggestion")
        assert rows.count() >= 1 and all(word in r.locator("a").inner_text() for r in rows.all())
        narrowed = int(re.search(r"\d+", voter.get_by_test_id("public-count").inner_text()).group())
        assert narrowed <= total
        save_screenshot(voter, "public-03-suggestions-searched")

        # The voter's form: a bad phone number is answered in place and announced; a good one starts a countdown.
        voter.goto("/opinions/submit/")
        phone = voter.locator("input[name=phone]")
        phone.fill("12345")
        voter.get_by_test_id("send-code").click()
        error = voter.get_by_test_id("code-error")
        error.wait_for()
        assert error.inner_text().strip() and error.get_attribute("role") == "alert"
        assert phone.get_attribute("aria-invalid") == "true"
        save_screenshot(voter, "public-04-bad-phone")
        phone.fill("13905730123")
        voter.get_by_test_id("send-code").click()
        voter.get_by_test_id("code-sent").wait_for()
        button = voter.get_by_test_id("send-code")
        assert button.is_disabled() and re.search(r"\d+", button.inner_text())
        assert phone.get_attribute("aria-invalid") is None
        save_screenshot(voter, "public-05-code-sent")
    finally:
        ctx.close()
