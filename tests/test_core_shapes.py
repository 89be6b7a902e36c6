"""The shared shapes every workflow is built on: lifecycle, visibility, system actor, the audit insert of the vote
path and the app registry. Tested on a real model (a deputy's mandate status) built with factories."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection, transaction
from django.db.models import Q

from renda.core import registry
from renda.core.actors import SystemActor, system
from renda.core.audit import audit_event, audit_insert_sql
from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.core.lifecycle import Lifecycle, T
from renda.core.models import AuditEvent
from renda.org.models import Deputy, Role
from renda.org.scoping import ANONYMOUS, Scope
from renda.org.tests.factories import DeputyFactory, RegionFactory, UserFactory, scope_of

pytestmark = pytest.mark.django_db
S = Deputy.Status


def office_only(scope, deputy) -> bool:
    return scope.everything or Role.OFFICE in scope.roles


MANDATE = Lifecycle(
    Deputy,
    field="status",
    audit_prefix="test.mandate",
    noun="mandate",
    transitions=[
        T("resign", {S.SERVING}, S.RESIGNED, "resign", may=office_only),
        T("terminate", {S.SERVING, S.RESIGNED}, S.TERMINATED, "terminate", may=office_only),
    ],
    groups={"ended": {S.RESIGNED, S.TERMINATED}},
)


def _events(deputy):
    return AuditEvent.objects.filter(object_type="org.deputy", object_id=str(deputy.pk), action__startswith="test.mandate")


def _ended_on(day):
    def effects(locked):
        locked.status_date, locked.status_reason = day, "moved away"
        return {"note": "effects ran"}

    return effects


def test_apply_moves_saves_and_audits_once_and_a_retry_is_a_no_op():
    deputy = DeputyFactory()
    office = UserFactory(grants=[(Role.OFFICE, {"region": deputy.region})])
    day = datetime.date(2017, 3, 1)
    moved = MANDATE.apply(deputy, "resign", actor=office, scope=scope_of(office), effects=_ended_on(day))
    deputy.refresh_from_db()
    assert deputy.status == S.RESIGNED and deputy.status_date == day and moved.status_reason == "moved away"
    (event,) = _events(deputy)
    assert event.actor_id == office.pk and event.before["status"] == "serving"
    assert event.after == {"status": "resigned", "status_date": "2017-03-01", "status_reason": "moved away", "note": "effects ran"}
    MANDATE.apply(deputy, "resign", actor=office, scope=scope_of(office), effects=_ended_on(day))  # a retried submit
    assert _events(deputy).count() == 1
    assert MANDATE.in_group(deputy, "ended")


def test_illegal_moves_refusals_and_failing_effects_change_nothing():
    deputy = DeputyFactory()
    MANDATE.apply(deputy, "terminate", actor=system("test"), effects=_ended_on(datetime.date(2017, 3, 1)))
    with pytest.raises(InvalidTransition) as refused:
        MANDATE.apply(deputy, "resign", actor=system("test"))
    assert "resign" in str(refused.value.message)
    with pytest.raises(InvalidTransition):
        MANDATE.apply(deputy, "no-such-action", actor=system("test"))

    other = DeputyFactory()
    clerk = UserFactory(grants=[(Role.LEADER, {"region": other.region})])
    with pytest.raises(NotPermitted):
        MANDATE.apply(other, "resign", actor=clerk, scope=scope_of(clerk))

    def refuse(locked):
        locked.status_reason = "half done"
        raise DomainError("no")

    with pytest.raises(DomainError):
        MANDATE.apply(other, "resign", actor=system("test"), effects=refuse)
    other.refresh_from_db()
    assert other.status == S.SERVING and other.status_reason == "" and not _events(other).exists()


def test_available_lists_what_this_scope_may_do_now():
    deputy = DeputyFactory()
    office = scope_of(UserFactory(grants=[(Role.OFFICE, {"region": deputy.region})]))
    leader = scope_of(UserFactory(grants=[(Role.LEADER, {"region": deputy.region})]))
    assert [a.action for a in MANDATE.available(deputy, office)] == ["resign", "terminate"]
    assert MANDATE.available(deputy, leader) == [] and MANDATE.available(deputy, ANONYMOUS) == []
    deputy.status = S.RESIGNED
    assert [a.action for a in MANDATE.available(deputy, office)] == ["terminate"]
    assert MANDATE.allowed(deputy, office, "terminate") and not MANDATE.allowed(deputy, office, "resign")


def test_a_declaration_naming_an_unknown_state_fails_at_import():
    with pytest.raises(ValueError, match="unknown states"):
        Lifecycle(Deputy, field="status", audit_prefix="x", transitions=[T("a", {"serving"}, "retired", "a")])
    with pytest.raises(ValueError, match="declared twice"):
        Lifecycle(Deputy, field="status", audit_prefix="x", transitions=[T("a", {S.SERVING}, S.RESIGNED, "a")] * 2)


def test_visibility_is_the_union_of_the_roles_grants():
    district = RegionFactory()
    town = RegionFactory(parent=district)
    staff = scope_of(UserFactory(grants=[(Role.TOWN, {"region": town})]))
    grants = [
        ({Role.TOWN}, lambda s: Q(region_id__in=s.region_ids)),
        ({Role.DEPUTY}, lambda s: Q(person_id=s.person_id) if s.person_id else None),
    ]
    assert staff.visible(grants) == Q(region_id__in=staff.region_ids)
    assert ANONYMOUS.visible(grants) is None
    assert Scope.system("test").visible(grants) == Q()
    assert Scope.system("test").visible(grants, everything=~Q(status="x")) == ~Q(status="x")
    deputy_without_person = Scope(user_id=1, roles=frozenset({Role.DEPUTY}))
    assert deputy_without_person.visible(grants) is None


def test_system_scope_and_actor_need_a_reason_and_the_audit_names_it():
    with pytest.raises(ValueError):
        Scope.system("")
    with pytest.raises(ValueError):
        system("  ")
    user = UserFactory()
    actor = system("projects: ballot 12 opens its poll", on_behalf_of=user)
    assert isinstance(actor, SystemActor) and actor.on_behalf_of == user
    event = audit_event(actor=actor, action="x")
    assert event.actor_id == user.pk and "projects: ballot 12" in event.actor_label
    assert audit_event(actor=system("daily"), action="x").actor_label == "system: daily"


def test_the_audit_insert_of_a_single_statement_write_owns_the_column_list():
    event = audit_event(actor=system("vote"), action="poll.vote", object_type="meetings.poll", object_id=7,
                        object_repr="poll 7", after={"voted": True}, region_id=3)
    sql, params = audit_insert_sql(event, source="(SELECT 1 AS one) AS src")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
    written = AuditEvent.objects.filter(action="poll.vote", object_id="7").get()
    assert written.after == {"voted": True} and written.actor_label == "system: vote" and written.seq is None
    assert written.region_id == 3 and written.before is None and written.hash == ""


def test_every_workflow_app_declares_its_contributions():
    names = {c.name for c in registry.renda_apps()}
    assert {"renda.org", "renda.meetings", "renda.projects", "renda.stations", "renda.opinions", "renda.suggestions"} <= names
    assert all(callable(nav) for nav in registry.nav_functions())
    assert all(hasattr(m, "figures") for m in registry.headline_modules())
    assert len(list(registry.demo_builders())) >= 5


def test_a_service_may_shape_the_audit_event_of_a_move():
    deputy = DeputyFactory()
    MANDATE.apply(
        deputy,
        "resign",
        actor=system("test"),
        effects=_ended_on(datetime.date(2017, 3, 1)),
        audit=lambda left, row, extra: ({"status": left}, {"status": row.status, "why": extra["note"]}),
    )
    (event,) = _events(deputy)
    assert event.before == {"status": "serving"} and event.after == {"status": "resigned", "why": "effects ran"}
