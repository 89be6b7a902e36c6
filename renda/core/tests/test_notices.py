"""Notices (issue #14): dated by the event, one per event however often a step or job runs, grouped, marked read;
the API answers the same as the pages."""

import datetime
import json

from renda.core.models import Notice
from renda.core.notify import notify


def _tell(user, key="meeting-1-convened", day=datetime.date(2017, 3, 8)):
    return notify(users=[user], kind="meeting.convened", title="会议通知", url="/meetings/1/", dedupe_key=key, event_on=day)


def test_a_notice_carries_the_date_of_its_event_and_is_written_once(world):
    user = world.users["deputy"]
    Notice.objects.filter(user=user).delete()
    assert _tell(user) == 1
    assert _tell(user) == 0  # the step retried: nothing new
    notice = Notice.objects.get(user=user)
    assert notice.event_on == datetime.date(2017, 3, 8)
    page = world.client("deputy").get("/notices/").content.decode()
    assert "2017-03-08" in page and 'data-testid="notice-event"' in page
    assert "2017-03-08" in world.client("deputy").get("/").content.decode()  # the home page's group too


def test_the_notices_api_lists_groups_and_marks_read(world):
    user = world.users["deputy"]
    Notice.objects.filter(user=user).delete()
    _tell(user)
    _tell(user, key="meeting-2-convened", day=datetime.date(2017, 4, 1))
    notify(users=[user], kind="suggestion.overdue", title="逾期", url="/suggestions/", dedupe_key="x1")
    client = world.client("deputy")
    body = client.get("/api/notices/").json()
    assert body["count"] == 3 and body["unread"] == 3
    assert {i["event_on"] for i in body["items"]} == {"2017-03-08", "2017-04-01", None}
    groups = {g["kind"]: g["count"] for g in client.get("/api/notices/groups").json()}
    assert groups == {"meeting.convened": 2, "suggestion.overdue": 1}
    one = body["items"][0]["id"]  # the newest: the overdue suggestion
    other = world.client("wjj_staff").post(f"/api/notices/{one}/read", data="{}", content_type="application/json")
    assert other.status_code == 404  # another user's notice is not found and stays unread
    assert Notice.objects.get(pk=one).read_at is None
    answer = client.post(f"/api/notices/{one}/read", data="{}", content_type="application/json")
    assert answer.status_code == 200 and answer.json()["read_at"]
    marked = client.post("/api/notices/read", data=json.dumps({"kind": "meeting.convened"}), content_type="application/json")
    assert marked.json()["marked"] == 2
    assert client.get("/api/notices/?unread=true").json()["count"] == 0
