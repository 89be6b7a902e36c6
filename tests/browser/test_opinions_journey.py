"""A voter's opinion end to end in a real browser: submitted online on a phone → routed by the liaison officer →
answered by the unit's clerk → the voter opens the tracking page and says it was solved. Screenshots in
test-artifacts/screenshots/opinions-*.png (and docs/img/opinions-*.png with RENDA_DOC_SCREENSHOTS=1)."""

from __future__ import annotations

import glob
import os
import random
import re
import tempfile
import time

import pytest

pytestmark = pytest.mark.browser

PHONE_VIEWPORT = {"width": 390, "height": 844}


def sms_code(phone: str, timeout: float = 15.0) -> str:
    """The code the development (console) SMS backend logged for this phone in the demo server's log."""
    deadline = time.monotonic() + timeout
    pattern = re.compile(rf"SMS to {phone}: \D*(\d{{6}})")
    while time.monotonic() < deadline:
        logs = sorted(
            glob.glob(os.path.join(tempfile.gettempdir(), "renda-browser-*", "server.log")), key=os.path.getmtime, reverse=True
        )
        for path in logs:
            with open(path, encoding="utf-8", errors="replace") as handle:
                found = pattern.findall(handle.read())
            if found:
                return found[-1]
        time.sleep(0.3)
    raise AssertionError(f"no SMS code for {phone} in the server log")


def test_voter_submits_officer_routes_unit_answers_voter_says_solved(browser, base_url, login, screenshot):
    phone = f"139{random.randrange(10**7, 10**8)}"  # noqa: S311 - a test phone number, not a secret
    text = "荷花村村口道路破损严重，雨天积水，老人小孩出行不便，希望尽快修缮。"

    # 1. The voter, on a phone, without an account.
    voter = browser.new_context(viewport=PHONE_VIEWPORT, locale="zh-CN", base_url=base_url, is_mobile=True, has_touch=True)
    page = voter.new_page()
    page.goto("/opinions/submit/")
    page.locator("input[name=phone]").fill(phone)
    page.get_by_test_id("send-code").click()
    page.get_by_test_id("code-sent").wait_for()
    page.locator("input[name=code]").fill(sms_code(phone))
    region = page.locator("select[name=region] option", has_text="王江泾镇").first.get_attribute("value")
    page.locator("select[name=region]").select_option(region)
    page.locator("select[name=category]").select_option("城乡建设")
    page.locator("textarea[name=text]").fill(text)
    page.locator("input[name=contact_name]").fill("王大伯")
    screenshot(page, "opinions-1-voter-submits", doc="opinions-submit")
    page.get_by_test_id("submit").click()
    code = page.get_by_test_id("tracking-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{10}", code)
    screenshot(page, "opinions-2-voter-receipt")

    # 2. The liaison officer of 王江泾镇 (the town's online station is theirs) routes it to 区教育局.
    officer_context = browser.new_context(base_url=base_url, locale="zh-CN")
    officer = login(officer_context.new_page(), "wjj_liaison")
    officer.goto(f"/opinions/?q={code}")
    officer.locator("td a", has_text="荷花村村口道路").first.click()
    assert phone not in officer.content()  # masked until revealed
    officer.get_by_test_id("route-unit").select_option(label="区教育局")
    screenshot(officer, "opinions-3-officer-routes", doc="opinions-route")
    with officer.expect_navigation():
        officer.get_by_test_id("route").click()
    officer.wait_for_load_state()
    assert officer.get_by_test_id("route-unit").count() == 0 and "区教育局" in officer.content()

    # 3. The clerk of 区教育局 answers from the inbox.
    clerk_context = browser.new_context(base_url=base_url, locale="zh-CN")
    clerk = login(clerk_context.new_page(), "edu_clerk")
    clerk.goto("/opinions/inbox/")
    screenshot(clerk, "opinions-4-unit-inbox", doc="opinions-inbox")
    clerk.locator("td a", has_text="荷花村村口道路").first.click()
    clerk.locator("textarea[name=answer]").fill("已会同镇政府现场查看，道路修缮列入本月计划，预计两周内完工。")
    clerk.get_by_test_id("unit-answer").click()
    clerk.wait_for_url(re.compile(r".*/opinions/inbox/$"))

    # 4. The voter opens the tracking page on the phone and says it was solved.
    page.goto("/opinions/track/")
    page.locator("input[name=code]").fill(code)
    page.locator("form button[type=submit]").first.click()
    assert "道路修缮列入本月计划" in page.get_by_test_id("answer").inner_text()
    assert phone not in page.content() and "王大伯" not in page.content()
    screenshot(page, "opinions-5-voter-tracks", doc="opinions-track")
    page.get_by_test_id("solved-yes").click()
    page.get_by_test_id("solved").wait_for()
    screenshot(page, "opinions-6-voter-said-solved")
    for context in (voter, officer_context, clerk_context):
        context.close()


def test_station_figures_page(page, login, screenshot):
    login(page, "office")
    page.goto("/opinions/figures/?date_from=2017-01-01&date_to=2017-06-30")
    assert page.get_by_test_id("deputy_visits").inner_text() == "225"
    assert page.get_by_test_id("voters_received").inner_text() == "853"
    assert page.get_by_test_id("opinions").inner_text() == "138"
    assert page.get_by_test_id("solved").inner_text() == "108"
    screenshot(page, "opinions-7-figures", doc="opinions-figures")


def test_station_and_activity_pages(page, login, screenshot):
    login(page, "wjj_liaison")
    page.goto("/stations/")
    rows = page.locator("table tbody tr")
    assert rows.count() == 2  # the officer's own station and the town's online station, not the rooms
    page.locator("td a", has_text="王江泾镇人大代表联络站").click()
    screenshot(page, "stations-1-station-detail", doc="stations-detail")
    page.locator("table a").first.click()
    qr = page.locator("img[src$='qr.svg']")
    qr.wait_for()
    # the sign-in QR code renders (waited for: on a loaded machine the image may still be loading)
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=qr.element_handle(), timeout=15000)
    screenshot(page, "stations-2-activity", doc="stations-activity")


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), (40, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_officer_adds_a_photo_and_registers_an_opinion_with_files(page, login, screenshot):
    """At an activity: a photo for the record (shown through the scoped view), then a voter's opinion with the
    photo and the PDF the voter brought; a text file named .jpg is refused with a message."""
    login(page, "wjj_liaison")
    page.goto("/stations/")
    page.locator("td a", has_text="王江泾镇人大代表联络站").click()
    page.locator("table a").first.click()
    page.locator("input[name=image]").set_input_files({"name": "接待现场.png", "mimeType": "image/png", "buffer": _png()})
    page.locator("input[name=caption]").fill("接待现场")
    page.locator("form:has(input[name=image]) button").click()
    photo = page.locator("ul.photos img").first
    photo.wait_for()
    # served by the scoped view (waited for, as the QR code above)
    page.wait_for_function("img => img.complete && img.naturalWidth === 120", arg=photo.element_handle(), timeout=15000)
    assert "/media/" not in page.content()
    screenshot(page, "stations-3-activity-photo")

    page.locator("a[href*='/opinions/register/']").first.click()
    page.locator("select[name=region]").select_option(index=1)
    page.locator("select[name=category]").select_option(index=0)
    page.locator("textarea[name=text]").fill("村口路灯损坏多日，夜间出行不便，希望尽快修复。")
    files = page.locator("input[name=attachments]")
    files.set_input_files([{"name": "路灯.jpg", "mimeType": "image/jpeg", "buffer": b"not really a photo"}])
    page.locator("form button[type=submit]").click()
    assert "路灯.jpg" in page.locator(".errorlist").first.inner_text()  # refused, named, nothing saved
    page.locator("textarea[name=text]").fill("村口路灯损坏多日，夜间出行不便，希望尽快修复。")
    files.set_input_files(
        [
            {"name": "路灯.png", "mimeType": "image/png", "buffer": _png()},
            {"name": "报修单.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"},
        ]
    )
    screenshot(page, "opinions-8-register-with-files")
    page.locator("form button[type=submit]").click()
    links = page.get_by_test_id("attachments").locator("a")
    assert links.all_inner_texts() == ["路灯.png", "报修单.pdf"]
    pdf = page.context.request.get(links.nth(1).get_attribute("href"))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    screenshot(page, "opinions-9-opinion-with-files")
