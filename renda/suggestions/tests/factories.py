"""factory-boy factories for the suggestions workflow: the few rows a service test needs, without the demo.

    s = SuggestionFactory()                                   # a draft of a fresh deputy of a fresh district congress
    s = SuggestionFactory(state=State.SUBMITTED, author=deputy)
    AssignmentFactory(suggestion=s, unit=unit)                # the lead unit's part, due in three months
    CoSignerFactory(suggestion=s)                             # an invited co-signer of the same congress

`SuggestionCast` is the cast of a suggestion's life (a deputy and a co-signer with their logins, the office, three
units with their clerks) with the steps the service tests take (`submit`, `assign`, `answer`, `feedback`), all
through the services. Factory rows live beside the demo district in the test database; each test is rolled back.
"""

from __future__ import annotations

import datetime
from typing import Any

import factory
from factory.django import DjangoModelFactory

from renda.core.models import User
from renda.org.models import Deputy, Region, Role
from renda.org.scoping import Scope
from renda.org.tests.factories import (
    CongressFactory,
    DeputyFactory,
    RegionFactory,
    TermFactory,
    UnitFactory,
    UserFactory,
    scope_of,
)
from renda.suggestions import services
from renda.suggestions.models import Answer, Assignment, CoSigner, Feedback, State, Suggestion

TEXT = "村里道路年久失修，雨天积水严重，群众出行很不方便，建议尽快维修。"
ANSWER = "我局已将该路段列入年度维修计划，将于年内完成修缮，感谢代表关心。"


class SuggestionFactory(DjangoModelFactory[Suggestion]):
    """A suggestion written straight into a state (no service ran): for reads, permissions and refusals."""

    class Meta:
        model = Suggestion

    author = factory.SubFactory(DeputyFactory)
    author_person = factory.SelfAttribute("author.person")
    congress = factory.SelfAttribute("author.congress")
    region = factory.SelfAttribute("congress.region")
    title = factory.Sequence(lambda n: f"关于测试事项{n}的建议")
    text = TEXT
    category = "城乡建设"
    state = State.DRAFT
    submitted_on = factory.LazyAttribute(
        lambda o: None if o.state in (State.DRAFT, State.COSIGNING) else datetime.date(2017, 6, 1)
    )
    number = factory.LazyAttributeSequence(
        lambda o, n: "" if o.state in (State.DRAFT, State.COSIGNING) else f"2017{9000 + n:04d}"
    )


class CoSignerFactory(DjangoModelFactory[CoSigner]):
    class Meta:
        model = CoSigner

    suggestion = factory.SubFactory(SuggestionFactory)
    deputy = factory.SubFactory(DeputyFactory, term=factory.SelfAttribute("..suggestion.author.term"))
    person = factory.SelfAttribute("deputy.person")
    status = CoSigner.Status.INVITED


class AssignmentFactory(DjangoModelFactory[Assignment]):
    """A unit's part (the lead's by default), with the suggestion's state copied as the services keep it."""

    class Meta:
        model = Assignment

    suggestion = factory.SubFactory(SuggestionFactory, state=State.ASSIGNED)
    unit = factory.SubFactory(UnitFactory, region=factory.SelfAttribute("..suggestion.region"))
    region = factory.SelfAttribute("suggestion.region")
    role = Assignment.Role.LEAD
    status = Assignment.Status.PENDING
    assigned_on = datetime.date(2017, 6, 10)
    due_on = datetime.date(2017, 9, 10)
    return_due = datetime.date(2017, 6, 20)
    suggestion_state = factory.SelfAttribute("suggestion.state")


def deputy_login(deputy: Deputy, **kwargs: Any) -> User:
    """A login with the deputy role for the deputy's person."""
    user = UserFactory.create(grants=[(Role.DEPUTY, {})], **kwargs)
    person = deputy.person
    person.user = user
    person.save(update_fields=["user"])
    return user


class SuggestionCast:
    """A district with its congress; the deputy who writes ("deputy") and a co-signer ("deputy_s1"), each with a
    login; the office ("office"); three active units — `edu` (the lead unit, clerk "edu_clerk"), `water` (the co-unit,
    "water_clerk"), `police` (the unit a suggestion is reassigned to, "police_clerk") — and an administrator ("admin"). The steps go through the services."""

    def __init__(self) -> None:
        self.district = RegionFactory.create(kind=Region.Kind.DISTRICT)
        self.congress = CongressFactory.create(region=self.district)
        self.term = TermFactory.create(congress=self.congress)
        self.own = DeputyFactory.create(term=self.term)
        self.cosigner = DeputyFactory.create(term=self.term)
        self.edu = UnitFactory.create(region=self.district, head_title="局长", head_name="王测试")
        self.water = UnitFactory.create(region=self.district)
        self.police = UnitFactory.create(region=self.district)
        self.users: dict[str, User] = {
            "deputy": deputy_login(self.own),
            "deputy_s1": deputy_login(self.cosigner),
            "office": UserFactory.create(grants=[(Role.OFFICE, {"region": self.district})]),
            "edu_clerk": UserFactory.create(grants=[(Role.UNIT_CLERK, {"unit": self.edu})]),
            "water_clerk": UserFactory.create(grants=[(Role.UNIT_CLERK, {"unit": self.water})]),
            "police_clerk": UserFactory.create(grants=[(Role.UNIT_CLERK, {"unit": self.police})]),
            "admin": UserFactory.create(is_superuser=True),
        }
        self.deputy = self.users["deputy"]

    def scope(self, username: str) -> Scope:
        return scope_of(self.users[username])

    def submit(self, cosigners: Any = (), on: datetime.date = datetime.date(2017, 6, 1), token: str = "") -> Suggestion:
        return services.suggestion_create(
            actor=self.deputy, scope=self.scope("deputy"), author=self.own, title="关于维修村道的建议", text=TEXT,
            category="城乡建设", cosigners=list(cosigners), submit=True, on=on, client_token=token,
        )  # fmt: skip

    def assign(self, s: Suggestion, on: datetime.date = datetime.date(2017, 6, 10), co: Any = None) -> Suggestion:
        return services.suggestion_assign(actor=self.users["office"], scope=self.scope("office"), suggestion=s, lead=self.edu,
                                          co_units=[self.water] if co is None else co, on=on)  # fmt: skip

    def lead(self, s: Suggestion) -> Assignment:
        return s.assignments.get(role="lead", status__in=Assignment.LIVE)

    def answer(self, s: Suggestion, on: datetime.date = datetime.date(2017, 8, 1), outcome: str = "A", **kw: Any) -> Answer:
        return services.answer_submit(actor=self.users["edu_clerk"], scope=self.scope("edu_clerk"), assignment=self.lead(s),
                                      outcome=outcome, text=ANSWER, on=on, **kw)  # fmt: skip

    def feedback(
        self, s: Suggestion, process: str, result: str | None = None, on: datetime.date = datetime.date(2017, 8, 10)
    ) -> Feedback:
        return services.feedback_give(actor=self.deputy, scope=self.scope("deputy"), suggestion=s, process=process,
                                      result=result, on=on)  # fmt: skip
