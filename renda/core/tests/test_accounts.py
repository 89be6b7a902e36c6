"""Accounts: every role changes its password, a forgotten one is reset by a code sent to the phone on record, an
account created by staff must choose its own password first, and phones are stored as ASCII digits only."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from renda.core import notify
from renda.core.models import AuditEvent, User
from renda.core.text import normalise_phone
from renda.org.testing import ROLES
from renda.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
NEW = "Xiuzhou#2026-new"


@pytest.mark.parametrize("role", ROLES[1:])
def test_every_role_changes_its_password(world, role):
    client = world.client(role)
    user = world.users[role]
    page = client.get(reverse("core:password_change"))
    assert page.status_code == 200
    wrong = client.post(reverse("core:password_change"), {"old_password": "nope", "new_password": NEW, "confirm": NEW})
    assert wrong.status_code == 400
    done = client.post(reverse("core:password_change"), {"old_password": "Renda@2017", "new_password": NEW, "confirm": NEW})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert client.get(reverse("core:account")).status_code == 200  # the session survives its own change
    assert AuditEvent.objects.filter(action="account.password_change", object_id=str(user.pk)).exists()
    assert NEW not in str(AuditEvent.objects.filter(object_id=str(user.pk)).values_list("after", flat=True))


def test_weak_or_mismatched_passwords_are_refused_with_a_reason(world):
    client = world.client("office")
    for new, confirm in [("123", "123"), ("password", "password"), (NEW, NEW + "x")]:
        response = client.post(reverse("core:password_change"), {"old_password": "Renda@2017", "new_password": new, "confirm": confirm})
        assert response.status_code == 400 and 'role="alert"' in response.content.decode()
    assert world.users["office"].check_password("Renda@2017")


def test_a_forgotten_password_is_reset_by_a_code_to_the_phone_on_record(client, django_capture_on_commit_callbacks):
    notify.outbox.clear()
    user = UserFactory(phone="13905730001")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core:password_reset"), {"username": user.username})
    assert response.status_code == 302
    (phone, text), = notify.outbox
    assert phone == "13905730001"
    code = re.search(r"\d{6}", text).group()
    wrong = client.post(
        reverse("core:password_reset_confirm"), {"username": user.username, "code": "000000", "new_password": NEW, "confirm": NEW}
    )
    assert wrong.status_code == 400
    done = client.post(
        reverse("core:password_reset_confirm"), {"username": user.username, "code": code, "new_password": NEW, "confirm": NEW}
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW)
    again = client.post(
        reverse("core:password_reset_confirm"), {"username": user.username, "code": code, "new_password": "Other#2026-x", "confirm": "Other#2026-x"}
    )
    assert again.status_code == 400  # a code works once


def test_the_reset_does_not_tell_whether_an_account_exists(client):
    notify.outbox.clear()
    for username in ["no-such-user", UserFactory(phone="").username]:
        response = client.post(reverse("core:password_reset"), {"username": username})
        assert response.status_code == 302
    assert notify.outbox == []


def test_an_account_created_by_staff_must_choose_its_own_password_first(client):
    user = UserFactory(must_change_password=True)
    client.force_login(user)
    assert client.get(reverse("home"))["Location"] == reverse("core:password_change")
    api = client.get("/api/overview")
    assert api.status_code == 403 and "password" in api.json()["detail"].lower() or "密码" in api.json()["detail"]
    page = client.get(reverse("core:password_change"))
    assert page.status_code == 200
    client.post(reverse("core:password_change"), {"old_password": "Renda@2017", "new_password": NEW, "confirm": NEW})
    user.refresh_from_db()
    assert not user.must_change_password
    assert client.get(reverse("home")).status_code == 200


def test_the_api_changes_and_resets_passwords(client, django_capture_on_commit_callbacks):
    user = UserFactory(phone="13905730002")
    client.force_login(user)
    refused = client.post("/api/accounts/password", {"old_password": "x", "new_password": NEW, "confirm": NEW}, content_type="application/json")
    assert refused.status_code == 422
    done = client.post(
        "/api/accounts/password", {"old_password": "Renda@2017", "new_password": NEW, "confirm": NEW}, content_type="application/json"
    )
    assert done.status_code == 200
    client.logout()
    notify.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post("/api/accounts/password-reset", {"username": user.username}, content_type="application/json")
    assert sent.status_code == 200
    code = re.search(r"\d{6}", notify.outbox[-1][1]).group()
    body = {"username": user.username, "code": code, "new_password": "Another#2026", "confirm": "Another#2026"}
    assert client.post("/api/accounts/password-reset/confirm", body, content_type="application/json").status_code == 200
    assert User.objects.get(pk=user.pk).check_password("Another#2026")


def test_profile_phone_is_stored_as_ascii_digits_and_others_are_refused(world):
    client = world.client("deputy")
    assert client.post(reverse("core:account"), {"display_name": "代表", "phone": "１３９０５７３０００３"}).status_code == 302
    world.users["deputy"].refresh_from_db()
    assert world.users["deputy"].phone == "13905730003"
    assert client.post(reverse("core:account"), {"display_name": "代表", "phone": "1٣905730003"}).status_code == 400
    assert client.post(reverse("core:account"), {"display_name": "代表", "phone": "1390573"}).status_code == 400


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1３800138001", "13800138001"), ("+86 138 0013 8001", "13800138001"), ("1٣800138001", None), ("138001380", None)],
)
def test_phone_normalisation(raw, expected):
    assert normalise_phone(raw) == expected


def test_an_account_an_administrator_adds_must_choose_its_own_password(world):
    client = world.client("admin")
    response = client.post("/admin/core/user/add/", {"username": "new_clerk", "display_name": "新办理员", "phone": "13905730111",
                                                     "is_active": "on", "date_joined_0": "2017-01-01", "date_joined_1": "00:00:00"})  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    from renda.core.models import User

    user = User.objects.get(username="new_clerk")
    assert user.must_change_password and not user.has_usable_password()
