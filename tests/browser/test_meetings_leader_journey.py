"""The 主任 (the "leader" login) is a member of her standing committee (issue #11): she opens /meetings/mine/ on her
phone, signs in to the meeting the office convened, and votes when the poll opens; the result counts her vote.

Screenshots: test-artifacts/screenshots/meetings-leader-*.png (docs/img/ with RENDA_DOC_SCREENSHOTS=1).
"""

from __future__ import annotations

import re

import pytest

from .conftest import save_screenshot
from .test_meetings_vote_journey import PHONE, click_and_wait, login_as, sign_in_to_quorum

pytestmark = pytest.mark.browser


def test_the_leader_votes_in_her_standing_committee(browser, base_url):
    staff = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    login_as(staff, base_url, "office")
    staff.goto(f"{base_url}/meetings/new/")
    staff.locator("select[name=body]").select_option(label="秀洲区人大常委会")
    staff.locator("input[name=start_date]").fill("2017-10-26")
    staff.locator("input[name=venue]").fill("区行政中心第一会议室")
    click_and_wait(staff, staff.locator("button[type=submit]"))
    click_and_wait(staff, staff.get_by_test_id("meeting-convene"))
    meeting_url = staff.url

    # The leader finds the convened meeting among hers and signs in herself.
    leader = browser.new_context(locale="zh-CN", **PHONE).new_page()
    login_as(leader, base_url, "leader")
    leader.goto(f"{base_url}/meetings/mine/")
    assert leader.get_by_test_id("my-meeting").count() >= 1
    save_screenshot(leader, "meetings-leader-mine", doc="meetings-leader-mine")
    leader.goto(meeting_url)
    click_and_wait(leader, leader.get_by_test_id("sign-in"))

    # The office brings the others present to the quorum, opens the meeting and a poll.
    sign_in_to_quorum(staff, meeting_url)
    staff.goto(meeting_url)
    click_and_wait(staff, staff.get_by_test_id("meeting-start"))
    click_and_wait(staff, staff.get_by_test_id("new-poll"))
    staff.locator("input[name=title]").fill("关于2017年区级财政预算调整方案的决定（草案）")
    staff.locator("select[name=kind]").select_option("named")
    click_and_wait(staff, staff.locator("button[type=submit]"))
    poll_url = staff.url
    click_and_wait(staff, staff.get_by_test_id("poll-start"))

    # She votes from her meetings list on the phone.
    leader.goto(f"{base_url}/meetings/mine/")
    # other journeys may hold meetings and polls of their own open for her: pick this one
    meeting_path = re.sub(r"^https?://[^/]+", "", meeting_url)
    poll_path = re.sub(r"^https?://[^/]+", "", poll_url)
    click_and_wait(leader, leader.locator(f'[data-testid=my-meeting][href="{meeting_path}"]'))
    click_and_wait(leader, leader.locator(f'[data-testid=poll-link][href="{poll_path}"]'))
    assert leader.url == poll_url
    leader.locator("input[type=radio][value=Y]").check()
    save_screenshot(leader, "meetings-leader-vote", doc="meetings-leader-vote")
    click_and_wait(leader, leader.get_by_test_id("cast-vote"))
    assert leader.get_by_test_id("voted").is_visible()

    staff.goto(poll_url)
    click_and_wait(staff, staff.get_by_test_id("poll-finish"))
    click_and_wait(staff, staff.get_by_test_id("poll-publish"))
    assert staff.get_by_test_id("count-Y").inner_text() == "1"
    assert "马英萍" in staff.get_by_test_id("roll-call").inner_text()
