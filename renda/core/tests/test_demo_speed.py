"""What makes the demo build fast must not change what it builds: rules read once per (rule, region) inside
`rules.cached()` yet a rule set meanwhile is seen at once; the seals written by executemany verify; demo logins,
whose password is hashed once, still log in with the documented password."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from renda.core import rules
from renda.core.audit import audit_record, audit_seal, audit_verify
from renda.core.services import rule_set
from renda.org.demo import DEMO_PASSWORD, LOGINS

rules.register("test.cached_days", 10, "a test rule for the cache")


def test_a_cached_rule_is_read_once_and_a_rule_set_meanwhile_is_seen(world):
    with rules.cached():
        with CaptureQueriesContext(connection) as ctx:
            for _ in range(5):
                assert rules.value("test.cached_days", region_path=world.wjj.path) == 10
        assert len(ctx.captured_queries) == 1
        rule_set(actor=world.users["admin"], key="test.cached_days", value=12, region_id=world.wjj.pk)
        assert rules.value("test.cached_days", region_path=world.wjj.path) == 12
        assert rules.value("test.cached_days", region_path=world.xc.path) == 10
    assert rules.value("test.cached_days", region_path=world.wjj.path) == 12  # outside: straight from the table


def test_seals_written_in_one_batch_verify(world):
    with transaction.atomic():
        for n in range(5):
            audit_record(actor=world.users["admin"], action="test.event", obj=world.wjj, after={"n": n})
    assert audit_seal() >= 5
    assert audit_verify().ok


def test_demo_logins_log_in_with_the_documented_password(world):
    for username, *_rest in LOGINS:
        assert authenticate(username=username, password=DEMO_PASSWORD) is not None, username
