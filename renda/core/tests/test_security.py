"""Login throttling and rate limits that hold: a locked account cannot be guessed further, an administrator's unlock
is audited, and a counter's count is exact across concurrent workers for the whole window it claims."""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.urls import reverse

from renda.core import ratelimit, security
from renda.core.models import AuditEvent, RateCounter
from renda.org.models import Role
from renda.org.tests.factories import UserFactory

PASSWORD = "Renda@2017"


def _login(client, username, password, url=None):
    return client.post(url or reverse("login"), {"username": username, "password": password})


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_account_and_the_right_one_then_fails(client):
    user = UserFactory()
    for _ in range(5):
        response = _login(client, user.username, "wrong-password")
        assert response.status_code == 200 and "_auth_user_id" not in client.session
    response = _login(client, user.username, PASSWORD)
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert "locked" in response.content.decode() or "锁定" in response.content.decode()
    assert AuditEvent.objects.filter(action="login.locked", object_repr=user.username).count() == 1
    # another account from the same address still logs in (the address allows more failures than an account)
    other = UserFactory()
    assert _login(client, other.username, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_wrong_passwords_across_a_windows_edge_lock_as_one_run(client, monkeypatch):
    """Three failures just before a window ends and two just after lock the account: the windows count together."""
    user = UserFactory()
    seconds = security._seconds()
    edge = (ratelimit.window_of(seconds) // seconds + 10) * seconds
    moment = {"now": edge - 1.0}
    monkeypatch.setattr(ratelimit, "window_of", lambda s, now=None: int(moment["now"] // s) * s)
    for now in (edge - 3.0, edge - 2.0, edge - 1.0, edge + 1.0, edge + 2.0):
        moment["now"] = now
        _login(client, user.username, "wrong-password")
    assert security.login_locked(user.username, "203.0.113.9")
    assert [lock.target for lock in security.locks()] == [user.username]
    response = _login(client, user.username, PASSWORD)
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="login.locked", object_repr=user.username).count() == 1


@pytest.mark.django_db
def test_the_admin_login_is_throttled_too(client):
    admin = UserFactory(is_superuser=True, is_staff=True, grants=[(Role.ADMIN, {})])
    url = reverse("admin:login")
    for _ in range(5):
        _login(client, admin.username, "nope", url)
    response = _login(client, admin.username, PASSWORD, url)
    assert response.status_code == 200 and "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_many_failures_from_one_address_lock_the_address(client):
    for n in range(20):
        _login(client, f"nobody-{n}", "wrong")
    user = UserFactory()
    response = _login(client, user.username, PASSWORD)
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert {lock.kind for lock in security.locks()} == {"address"}


@pytest.mark.django_db
def test_a_success_clears_the_accounts_count(client):
    user = UserFactory()
    for _ in range(4):
        _login(client, user.username, "wrong")
    assert _login(client, user.username, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        _login(client, user.username, "wrong")
    assert _login(client, user.username, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_an_administrator_lifts_a_lock_audited_and_others_may_not(client, world):
    user = UserFactory()
    for _ in range(5):
        _login(client, user.username, "wrong")
    assert any(lock.target == user.username for lock in security.locks())
    office = world.client("office")
    assert office.get(reverse("core:login_locks")).status_code == 403
    assert office.post("/api/accounts/login-locks/unlock", {"username": user.username}, content_type="application/json").status_code == 403
    admin = world.client("admin")
    page = admin.get(reverse("core:login_locks"))
    assert page.status_code == 200 and user.username in page.content.decode()
    assert admin.post(reverse("core:login_locks"), {"username": user.username}).status_code == 302
    event = AuditEvent.objects.get(action="login.unlock")
    assert event.actor_id == world.users["admin"].pk and event.after["username"] == user.username
    assert _login(client, user.username, PASSWORD).status_code == 302
    refused = admin.post("/api/accounts/login-locks/unlock", {}, content_type="application/json")
    assert refused.status_code == 422


@pytest.mark.django_db
def test_a_counter_holds_for_its_whole_window_and_a_new_window_starts_fresh():
    backend = ratelimit.DatabaseBackend()
    hour = 3600
    window = ratelimit.window_of(hour, now=1_700_000_000)
    assert [backend.incr("t:key", window, hour) for _ in range(3)] == [1, 2, 3]
    row = RateCounter.objects.get(key="t:key", bucket=window)
    assert (row.expires_at.timestamp() - window) == hour  # the window it claims, not a cache's default timeout
    assert backend.incr("t:key", window + hour, hour) == 1
    assert backend.peek("t:key", window) == 3
    assert ratelimit.hit("t:limit", 2) is False and ratelimit.hit("t:limit", 2) is False and ratelimit.hit("t:limit", 2) is True


@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_never_lose_a_count():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers are tested on PostgreSQL (SQLite serialises them)")
    window, per_worker, workers = ratelimit.window_of(3600), 100, 4
    barrier = threading.Barrier(workers)

    def worker(_n: int) -> list[int]:
        try:
            barrier.wait()
            return [ratelimit.DatabaseBackend().incr("t:race", window, 3600) for _ in range(per_worker)]
        finally:
            connections.close_all()

    with ThreadPoolExecutor(workers) as pool:
        seen = [c for counts in pool.map(worker, range(workers)) for c in counts]
    assert sorted(seen) == list(range(1, workers * per_worker + 1))  # every increment saw its own count


@pytest.fixture
def redis_url():
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(  # noqa: S603 - our own test server on loopback
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(5)


def test_the_redis_counter_is_exact_across_workers_and_expires_with_its_window(redis_url):
    backend = ratelimit.RedisBackend(redis_url)
    window = ratelimit.window_of(60)

    def worker(_n: int) -> list[int]:
        mine = ratelimit.RedisBackend(redis_url)  # a connection of its own, as another app server would have
        return [mine.incr("race", window, 60) for _ in range(200)]

    with ThreadPoolExecutor(4) as pool:
        seen = [c for counts in pool.map(worker, range(4)) for c in counts]
    assert sorted(seen) == list(range(1, 801))
    ttl = backend.client.ttl(f"renda:rl:race:{window}")
    assert 0 < ttl <= 61
    assert backend.clear("race", [window]) == 1 and backend.peek("race", window) == 0
