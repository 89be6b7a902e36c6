"""Reassignment and an answer submitted at the same moment cannot both win (two connections, PostgreSQL)."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection, connections

from renda.core.errors import InvalidTransition
from renda.core.models import User
from renda.org.models import Body, Deputy, ElectoralDistrict, Person, Region, Role, RoleGrant, Term, Unit
from renda.org.scoping import build_scope
from renda.suggestions import services
from renda.suggestions.models import Answer, Assignment, State

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]
D = datetime.date
TEXT = "村里道路年久失修，雨天积水严重，群众出行很不方便，建议尽快维修。"


def _world():
    region = Region.objects.create(name="测试区", kind="district")
    region.path = f"/{region.pk}/"
    region.save(update_fields=["path"])
    congress = Body.objects.create(name="测试区人大", kind="congress", level="district", region=region)
    term = Term.objects.create(congress=congress, number=1, start_date=D(2016, 1, 1))
    ed = ElectoralDistrict.objects.create(term=term, name="第1选区", region=region)
    person = Person.objects.create(name="测试代表", gender="M", birth_date=D(1970, 1, 1), party="none")
    deputy = Deputy.objects.create(person=person, congress=congress, term=term, electoral_district=ed, region=region,
                                   occupation="worker", elected_date=D(2016, 1, 1))  # fmt: skip
    units = [Unit.objects.create(name=f"测试单位{i}", kind="department", region=region, head_name="局长甲") for i in range(3)]
    users = {}
    for name, role, kw in [("t_office", Role.OFFICE, {"region": region}), ("t_clerk", Role.UNIT_CLERK, {"unit": units[0]}),
                           ("t_deputy", Role.DEPUTY, {})]:  # fmt: skip
        users[name] = User.objects.create_user(username=name, password="x-Renda@2017")
        RoleGrant.objects.create(user=users[name], role=role, **kw)
    person.user = users["t_deputy"]
    person.save(update_fields=["user"])
    return deputy, units, users


def _race(deputy, units, users):
    s = services.suggestion_create(actor="t", scope=build_scope(users["t_deputy"]), author=deputy, title="关于维修村道的建议", text=TEXT,
                                   category="城乡建设", submit=True, on=D(2017, 6, 1))  # fmt: skip
    s = services.suggestion_assign(actor="t", scope=build_scope(users["t_office"]), suggestion=s, lead=units[0], on=D(2017, 6, 2))
    lead = s.assignments.get(role="lead")
    barrier = threading.Barrier(2)
    outcome = {}

    def reassign():
        try:
            barrier.wait()
            services.suggestion_reassign(actor="t", scope=build_scope(users["t_office"]), suggestion=s, lead=units[1],
                                         reason="职责调整", on=D(2017, 6, 5))  # fmt: skip
            outcome["reassign"] = "won"
        except InvalidTransition:
            outcome["reassign"] = "refused"
        finally:
            connections.close_all()

    def answer():
        try:
            barrier.wait()
            services.answer_submit(actor="t", scope=build_scope(users["t_clerk"]), assignment=lead, outcome="A",
                                   text="已列入计划，年内完成维修，感谢关心。", on=D(2017, 6, 5))  # fmt: skip
            outcome["answer"] = "won"
        except InvalidTransition:
            outcome["answer"] = "refused"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=reassign), threading.Thread(target=answer)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return s, outcome


def test_reassign_and_answer_cannot_both_win():
    deputy, units, users = _world()
    for _ in range(4):
        s, outcome = _race(deputy, units, users)
        assert sorted(outcome.values()) == ["refused", "won"], outcome
        s.refresh_from_db()
        answers = Answer.objects.filter(suggestion=s).count()
        if outcome["answer"] == "won":
            assert s.state == State.ANSWERED and answers == 1 and s.lead_unit_id == units[0].pk
            assert not s.assignments.filter(status=Assignment.Status.WITHDRAWN).exists()
        else:
            assert s.state == State.ASSIGNED and answers == 0 and s.lead_unit_id == units[1].pk
