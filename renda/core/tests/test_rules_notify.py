import datetime

import pytest

from renda.core import rules
from renda.core.errors import DomainError
from renda.core.models import AuditEvent, Notice
from renda.core.notify import notify
from renda.core.services import rule_set

rules.register("test.deadline_days", 10, "a test rule")


def test_rule_default_global_and_regional_override(world):
    office = world.users["admin"]
    assert rules.value("test.deadline_days", region_path=world.wjj.path) == 10
    rule_set(actor=office, key="test.deadline_days", value=15)
    assert rules.value("test.deadline_days", region_path=world.wjj.path) == 15
    rule_set(actor=office, key="test.deadline_days", value=7, region_id=world.wjj.pk)
    assert rules.value("test.deadline_days", region_path=world.wjj.path) == 7
    village = world.wjj_town_deputy.region
    assert rules.value("test.deadline_days", region_path=village.path) == 7  # the subtree inherits
    assert rules.value("test.deadline_days", region_path=world.xc.path) == 15
    assert AuditEvent.objects.filter(action="rule.set").count() == 2


def test_rule_rejects_unknown_key_and_wrong_type(world):
    with pytest.raises(DomainError):
        rule_set(actor=world.users["admin"], key="no.such.rule", value=1)
    with pytest.raises(DomainError):
        rule_set(actor=world.users["admin"], key="test.deadline_days", value="ten")


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [((2017, 1, 31), 1, (2017, 2, 28)), ((2016, 1, 31), 1, (2016, 2, 29)), ((2017, 11, 15), 3, (2018, 2, 15)), ((2017, 3, 1), 6, (2017, 9, 1))],
)
def test_add_months(start, months, expected):
    assert rules.add_months(datetime.date(*start), months) == datetime.date(*expected)


def test_notify_dedupes(world):
    users = [world.users["office"], world.users["leader"]]
    assert notify(users=users, kind="test", title="提醒", dedupe_key="k1") == 2
    assert notify(users=users, kind="test", title="提醒", dedupe_key="k1") == 0
    assert Notice.objects.filter(dedupe_key="k1").count() == 2
    response = world.client("office").get("/notices/")
    assert "提醒" in response.content.decode()
    world.client("office").post("/notices/")
    assert Notice.objects.get(user=world.users["office"], dedupe_key="k1").read_at is not None
