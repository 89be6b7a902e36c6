"""SMS delivery records and open data in a real browser: a voter asks for a code on a phone (the console backend
sends it through the task queue); the district office finds that message on its SMS deliveries page, sent, with the
code masked. Anyone opens /open-data/ from the foot of a page, on a desktop and on a phone, and downloads a CSV.
Screenshots in test-artifacts/screenshots/sms-*.png and open-data-*.png (docs/img/ with RENDA_DOC_SCREENSHOTS=1)."""

from __future__ import annotations

import random
import re

import pytest

pytestmark = pytest.mark.browser
PHONE_VIEWPORT = {"width": 390, "height": 844}


def test_office_reads_the_delivery_of_a_voters_code(browser, base_url, login, screenshot):
    phone_number = f"139{random.randrange(10**8):08d}"  # noqa: S311 - a test number
    voter = browser.new_context(viewport=PHONE_VIEWPORT, locale="zh-CN", base_url=base_url, is_mobile=True)
    page = voter.new_page()
    page.goto("/opinions/submit/")
    page.locator("input[name=phone]").fill(phone_number)
    page.get_by_test_id("send-code").click()
    page.get_by_test_id("code-sent").wait_for()

    office = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", base_url=base_url)
    staff = login(office.new_page(), "office")
    staff.goto("/deputies/")
    staff.locator("a[href='/sms/deliveries/']").first.click()  # in the module's sub-bar
    staff.wait_for_url(re.compile(r".*/sms/deliveries/$"))
    staff.locator("input[name=phone]").fill(phone_number)
    staff.locator("form.filters button[type=submit]").click()
    staff.wait_for_url(re.compile(r".*phone=\d+"))
    table = staff.get_by_test_id("sms-deliveries")
    row = table.locator("tbody tr").first
    masked = f"{phone_number[:3]}****{phone_number[-4:]}"
    assert masked in row.inner_text() and phone_number not in table.inner_text()  # (the search box holds the number)
    assert "******" in row.inner_text() and re.search(r"\b\d{6}\b", row.inner_text()) is None  # the code is masked
    assert int(staff.get_by_test_id("count-sent").locator("strong").inner_text()) >= 1
    screenshot(staff, "sms-1-office-deliveries", doc="sms-deliveries")

    small = browser.new_context(viewport=PHONE_VIEWPORT, locale="zh-CN", base_url=base_url, is_mobile=True)
    mobile = login(small.new_page(), "office")
    mobile.goto(f"/sms/deliveries/?phone={phone_number}")
    assert masked in mobile.get_by_test_id("sms-deliveries").inner_text()
    screenshot(mobile, "sms-2-office-phone")
    for context in (voter, office, small):
        context.close()


def test_anyone_opens_the_open_data_and_downloads_a_csv(browser, base_url, screenshot):
    desktop = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", base_url=base_url, accept_downloads=True)
    page = desktop.new_page()
    page.goto("/suggestions/public/")
    page.get_by_test_id("open-data-link").click()
    page.wait_for_url(re.compile(r".*/open-data/$"))
    for key in ("suggestions", "livelihood-projects", "meetings", "station-figures"):
        assert page.get_by_test_id(f"dataset-{key}").is_visible()
    screenshot(page, "open-data-1-desktop", doc="open-data")
    with page.expect_download() as info:
        page.get_by_test_id("dataset-suggestions").locator("a.button.primary").click()
    download = info.value
    assert download.suggested_filename == "renda-suggestions.csv"
    data = open(download.path(), "rb").read()  # noqa: PTH123, SIM115 - a small file
    assert data.startswith(b"\xef\xbb\xbf") and "编号" in data.decode("utf-8-sig").splitlines()[0]

    phone = browser.new_context(viewport=PHONE_VIEWPORT, locale="zh-CN", base_url=base_url, is_mobile=True)
    small = phone.new_page()
    small.goto("/open-data/")
    small.get_by_test_id("dataset-station-figures").locator("summary").click()
    screenshot(small, "open-data-2-phone")
    desktop.close()
    phone.close()
