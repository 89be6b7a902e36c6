"""A standing-committee vote in real browsers: staff open a meeting and a poll, three deputies sign in with the
meeting's code and vote on phones, staff close and publish, and the result page shows the right figures.

Screenshots go to test-artifacts/screenshots/meetings-*.png (and docs/img/meetings-*.png with
RENDA_DOC_SCREENSHOTS=1).
"""

from __future__ import annotations

import re

import pytest

from .conftest import PASSWORD, save_screenshot

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
VOTES = {"deputy02": "Y", "deputy03": "Y", "deputy04": "N"}


def login_as(page, base_url, username):
    page.goto(f"{base_url}/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_url(f"{base_url}/")


def click_and_wait(page, locator):
    with page.expect_navigation():
        locator.click()


def sign_in_to_quorum(staff, meeting_url):
    """Staff sign members in on the attendance board, one by one, until the quorum is present."""
    staff.goto(meeting_url + "attendance/")
    quorum = int(staff.get_by_test_id("quorum").inner_text())
    while int(staff.get_by_test_id("present-count").inner_text()) < quorum:
        click_and_wait(staff, staff.get_by_test_id("attendance-sign_in").first)


def test_standing_committee_vote_on_phones(browser, base_url):
    staff_context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    staff = staff_context.new_page()
    login_as(staff, base_url, "office")

    # A new standing-committee meeting: planned → convened → in progress.
    staff.goto(f"{base_url}/meetings/")
    click_and_wait(staff, staff.get_by_test_id("new-meeting"))
    staff.locator("select[name=body]").select_option(label="秀洲区人大常委会")
    staff.locator("input[name=start_date]").fill("2017-09-21")
    staff.locator("input[name=venue]").fill("区行政中心第一会议室")
    click_and_wait(staff, staff.locator("button[type=submit]"))
    # numbered after the demo's meetings of the term (their count depends on the demo, the form is the rule)
    assert re.fullmatch(r"秀洲区九届人大常委会第[一二三四五六七八九十]+次会议", staff.get_by_test_id("meeting-title").inner_text())
    click_and_wait(staff, staff.get_by_test_id("meeting-convene"))
    meeting_url = staff.url
    signin_url = staff.get_by_test_id("signin-url").inner_text().strip()

    # Three deputies sign in with the meeting's code on their phones.
    phones = {}
    for username in VOTES:
        context = browser.new_context(locale="zh-CN", **PHONE)
        page = context.new_page()
        login_as(page, base_url, username)
        page.goto(signin_url)
        click_and_wait(page, page.get_by_test_id("confirm-sign-in"))
        assert "已签到" in page.content() or "signed in" in page.content()
        phones[username] = (context, page)
    save_screenshot(phones["deputy02"][1], "meetings-phone-signed-in", doc="meetings-phone-signed-in")

    # The live attendance board counts them against the full membership; staff sign in the members who came
    # without a phone until the quorum (more than half of all 27 members) is present, then open the meeting.
    staff.goto(meeting_url + "attendance/")
    assert staff.get_by_test_id("present-count").inner_text() == "3"
    sign_in_to_quorum(staff, meeting_url)
    save_screenshot(staff, "meetings-attendance-board", doc="meetings-attendance-board")
    staff.goto(meeting_url)
    click_and_wait(staff, staff.get_by_test_id("meeting-start"))
    save_screenshot(staff, "meetings-staff-meeting", doc="meetings-staff-meeting")

    # Staff create the poll and start voting: the base (full membership) and those present are fixed now.
    staff.goto(meeting_url)
    click_and_wait(staff, staff.get_by_test_id("new-poll"))
    staff.locator("input[name=title]").fill("关于批准2017年区级财政预算调整方案的决定（草案）")
    staff.locator("select[name=kind]").select_option("named")
    click_and_wait(staff, staff.locator("button[type=submit]"))
    poll_url = staff.url
    click_and_wait(staff, staff.get_by_test_id("poll-start"))
    live = staff.get_by_test_id("poll-live").inner_text()
    assert re.search(r"\b27\b", live) and re.search(r"\b14\b", live), live

    # Each deputy finds the poll from their meeting list and votes.
    for username, choice in VOTES.items():
        page = phones[username][1]
        page.goto(f"{base_url}/meetings/mine/")
        if username == "deputy02":
            save_screenshot(page, "meetings-phone-my-meetings", doc="meetings-phone-my-meetings")
        # other journeys may hold meetings and polls of their own open for the same deputies: pick this one
        meeting_path = re.sub(r"^https?://[^/]+", "", meeting_url)
        poll_path = re.sub(r"^https?://[^/]+", "", poll_url)
        click_and_wait(page, page.locator(f'[data-testid=my-meeting][href="{meeting_path}"]'))
        click_and_wait(page, page.locator(f'[data-testid=poll-link][href="{poll_path}"]'))
        assert page.url == poll_url
        page.locator(f"input[type=radio][value={choice}]").check()
        if username == "deputy02":
            save_screenshot(page, "meetings-phone-vote", doc="meetings-phone-vote")
        click_and_wait(page, page.get_by_test_id("cast-vote"))
        assert page.get_by_test_id("voted").is_visible()
        # A second submission changes nothing.
        page.goto(poll_url)
        assert page.get_by_test_id("voted").is_visible() and page.get_by_test_id("cast-vote").count() == 0
    save_screenshot(phones["deputy04"][1], "meetings-phone-voted")

    # Staff see the count rise, then close and publish.
    staff.goto(poll_url)
    assert re.search(r"\b3\b", staff.get_by_test_id("poll-live").inner_text())
    click_and_wait(staff, staff.get_by_test_id("poll-finish"))
    click_and_wait(staff, staff.get_by_test_id("poll-publish"))
    assert staff.get_by_test_id("count-Y").inner_text() == "2"
    assert staff.get_by_test_id("count-N").inner_text() == "1"
    assert staff.get_by_test_id("count-A").inner_text() == "0"
    result_text = staff.get_by_test_id("result").inner_text()
    assert "27" in result_text and "14" in result_text  # the base and the votes needed
    assert staff.get_by_test_id("verdict").inner_text() in {"未通过", "not adopted"}
    roll_call = staff.get_by_test_id("roll-call").inner_text()
    assert "(2)" in roll_call and "(1)" in roll_call
    save_screenshot(staff, "meetings-staff-result", doc="meetings-staff-result")

    # A deputy's phone shows the published result; the public page after the meeting page is published.
    page = phones["deputy03"][1]
    page.goto(poll_url)
    assert page.get_by_test_id("count-Y").inner_text() == "2"
    save_screenshot(page, "meetings-phone-result", doc="meetings-phone-result")
    staff.goto(meeting_url)
    with staff.expect_navigation():
        staff.locator("form:has(input[value=publish]) button").click()
    staff.wait_for_load_state()
    public = browser.new_context(locale="zh-CN", **PHONE).new_page()
    meeting_id = re.search(r"/meetings/(\d+)/", meeting_url).group(1)
    public.goto(f"{base_url}/meetings/public/{meeting_id}/")
    assert "关于批准2017年区级财政预算调整方案的决定" in public.content()
    assert public.get_by_test_id("count-Y").inner_text() == "2"
    save_screenshot(public, "meetings-public-result", doc="meetings-public-result")
    for context, _page in phones.values():
        context.close()
    staff_context.close()
