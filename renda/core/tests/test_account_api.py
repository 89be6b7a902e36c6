"""The caller's own account, API tokens and notices through the API (the twins of the account, tokens and notices
pages): the same services and audit; another user's token or notice answers 404 and changes nothing."""

from __future__ import annotations

import json

import pytest

from renda.core.models import ApiToken, AuditEvent, Notice
from renda.core.notify import notify
from renda.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def post(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def test_profile_tokens_and_notices_through_the_api(client):
    user, other = UserFactory(), UserFactory()
    client.force_login(user)
    done = post(client, "/api/accounts/me", {"display_name": "王秘书", "phone": "13905730011"})
    assert done.status_code == 200 and done.json()["display_name"] == "王秘书" and "****" in done.json()["phone"]
    assert post(client, "/api/accounts/me", {"phone": "12345"}).status_code == 422
    assert AuditEvent.objects.filter(action="account.profile", object_id=str(user.pk)).count() == 1

    made = post(client, "/api/accounts/tokens", {"name": "数据报送"})
    assert made.status_code == 200 and made.json()["key"].startswith("rd_")
    token_id = made.json()["id"]
    # the new key works as a bearer token, and lists (without its key) among the user's tokens
    listed = client.get("/api/accounts/tokens", HTTP_AUTHORIZATION=f"Bearer {made.json()['key']}")
    assert listed.status_code == 200 and [t["id"] for t in listed.json()] == [token_id] and "key" not in listed.json()[0]
    theirs = ApiToken.objects.create(user=other, name="x", prefix="rd_x", key_hash="0" * 64)
    assert post(client, f"/api/accounts/tokens/{theirs.pk}/revoke").status_code == 404
    assert ApiToken.objects.get(pk=theirs.pk).revoked_at is None
    revoked = post(client, f"/api/accounts/tokens/{token_id}/revoke")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]

    notify(users=[user], kind="suggestion.assigned", title="交办", url="/suggestions/1/")
    notify(users=[user], kind="meeting.convened", title="开会", url="/meetings/1/")
    notify(users=[other], kind="meeting.convened", title="别人的", url="/meetings/1/")
    mine = client.get("/api/notices/").json()["items"]
    assert {n["title"] for n in mine} == {"交办", "开会"}
    theirs_notice = Notice.objects.get(user=other)
    assert post(client, f"/api/notices/{theirs_notice.pk}/read").status_code == 404
    assert Notice.objects.get(pk=theirs_notice.pk).read_at is None
    opened = post(client, f"/api/notices/{mine[0]['id']}/read")
    assert opened.status_code == 200 and opened.json()["read_at"] and opened.json()["url"]
    read = post(client, "/api/notices/read", {"kind": "suggestion.assigned"})
    assert read.status_code == 200
    assert Notice.objects.filter(user=user, read_at__isnull=True).count() == 0
    assert post(client, "/api/notices/read", {}).json() == {"marked": 0}
