"""The deputies' duty in real browsers: staff of 王江泾镇 open the 2018 ballot at the town congress's session, and the
demo deputy's home on a phone (390×844) shows the poll open now with a link to vote; the deputy opens their
archive and reports a village visit with a photo; the office confirms it, reads the yearly scores, a quarterly
topic, the contact log and the training, and anyone reads the public report card.

Screenshots go to test-artifacts/screenshots/duty-*.png (and docs/img/duty-*.png with RENDA_DOC_SCREENSHOTS=1).
"""

from __future__ import annotations

import base64
import re

import pytest

from .conftest import PASSWORD, save_screenshot

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
# a 1×1 PNG: the photo the deputy took
PHOTO = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC")


def _context(browser, base_url, **extra):
    return browser.new_context(base_url=base_url, locale="zh-CN", timezone_id="Asia/Shanghai", **extra)


def _login(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/$"))


def _go(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def test_the_deputys_phone_home_and_the_archive(browser, base_url):
    staff_ctx = _context(browser, base_url, **DESKTOP)
    deputy_ctx = _context(browser, base_url, **PHONE)
    office_ctx = _context(browser, base_url, **DESKTOP)
    public_ctx = _context(browser, base_url, **PHONE)
    try:
        # Town staff open voting on the 2018 projects ballot at the session in progress.
        staff = staff_ctx.new_page()
        _login(staff, "wjj_staff")
        cycles = staff.request.get("/api/projects/cycles?year=2018").json()
        ballot_id = next(c["ballot_id"] for c in cycles if c["ballot_id"])
        staff.goto(f"/projects/ballots/{ballot_id}/")
        if staff.get_by_test_id("ballot-open").count():  # another journey on the same server may have opened it
            _go(staff, staff.get_by_test_id("ballot-open"))

        # The deputy's home on a phone: the poll open now heads the list, with a link to vote.
        deputy = deputy_ctx.new_page()
        _login(deputy, "deputy")
        todo = deputy.get_by_test_id("todo")
        assert todo.is_visible()
        poll = deputy.get_by_test_id("todo-meetings.poll")
        assert poll.count() >= 1 and poll.first.is_visible()
        assert deputy.locator("#charts").count() == 0  # the charts are for staff
        assert deputy.get_by_test_id("todo-archive.score").count() == 1
        save_screenshot(deputy, "duty-phone-home", doc="duty-phone-home")
        _go(deputy, poll.first.locator("a"))
        assert "/meetings/polls/" in deputy.url
        save_screenshot(deputy, "duty-phone-vote")

        # My archive: the score so far and the records it comes from.
        deputy.goto("/archive/mine/")
        deputy.get_by_test_id("archive-score").wait_for()
        deputy.goto(deputy.url.split("?")[0] + "?year=2017")
        assert int(deputy.get_by_test_id("archive-score").locator("strong").inner_text()) > 0
        assert deputy.get_by_test_id("archive-entries").locator("tbody tr").count() >= 5
        save_screenshot(deputy, "duty-phone-archive", doc="duty-phone-archive")

        # A village visit the system cannot know, with a photo as evidence.
        deputy.goto("/duty/self/new/")
        deputy.locator("select[name=kind]").select_option("visit")
        deputy.locator("input[name=title]").fill("走访油车港村了解农房改造进展")
        deputy.locator("textarea[name=text]").fill("走访农户12户，听取对农房改造补助标准的意见3条。")
        deputy.locator("input[name=files]").set_input_files(files=[{"name": "走访.png", "mimeType": "image/png", "buffer": PHOTO}])
        save_screenshot(deputy, "duty-phone-self-report", doc="duty-phone-self-report")
        _go(deputy, deputy.get_by_test_id("submit"))
        assert re.search(r"/duty/self/\d+/$", deputy.url), deputy.url
        report_url = deputy.url.replace(base_url, "")
        waiting = deputy.get_by_test_id("self-state").inner_text()

        # The office confirms it; it then counts in the archive.
        office = office_ctx.new_page()
        _login(office, "office")
        office.goto(report_url)
        assert "走访.png" in office.content()
        save_screenshot(office, "duty-office-confirm", doc="duty-office-confirm")
        _go(office, office.get_by_test_id("self-confirm"))
        deputy.reload()
        assert deputy.get_by_test_id("self-state").inner_text() != waiting

        # The office's lists: yearly scores, a quarterly topic, contacts, training, reports to voters.
        office.goto("/archive/scores/?year=2017")
        assert office.get_by_test_id("scores").locator("tbody tr").count() >= 10
        save_screenshot(office, "duty-office-scores", doc="duty-office-scores")
        office.goto("/archive/reelection/")
        save_screenshot(office, "duty-office-reelection", doc="duty-office-reelection")
        office.goto("/duty/topics/")
        _go(office, office.locator("table a").first)
        save_screenshot(office, "duty-office-topic", doc="duty-office-topic")
        office.goto("/duty/contacts/")
        save_screenshot(office, "duty-office-contacts", doc="duty-office-contacts")
        office.goto("/duty/training/")
        _go(office, office.locator("table a").first)
        save_screenshot(office, "duty-office-training", doc="duty-office-training")
        office.goto("/duty/reports/")
        _go(office, office.locator("table a").first)
        save_screenshot(office, "duty-office-report", doc="duty-office-report")

        # The public report card: published records only, beside the congress's median.
        own = deputy.request.get("/api/me/todo").json()
        assert own and own[0]["kind"] == "meetings.poll"
        deputy.goto("/archive/mine/?year=2017")
        card = deputy.get_by_test_id("card-docx").get_attribute("href")
        deputy_id = re.search(r"/deputies/(\d+)/", card).group(1)
        public = public_ctx.new_page()
        public.goto(f"/archive/public/deputies/{deputy_id}/?year=2017")
        assert public.locator("table").count() >= 1
        save_screenshot(public, "duty-public-card", doc="duty-public-card")
    finally:
        for ctx in (staff_ctx, deputy_ctx, office_ctx, public_ctx):
            ctx.close()
