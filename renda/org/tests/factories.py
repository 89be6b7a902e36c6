"""factory-boy factories for the organisation: the few rows a service test needs, without the demo district.

    district = RegionFactory(kind="district")
    town = RegionFactory(parent=district)
    congress = CongressFactory(region=town, level="town")
    term = TermFactory(congress=congress)
    deputy = DeputyFactory(term=term)                     # person, congress and region follow the term
    clerk = UserFactory(grants=[("unit_clerk", {"unit": UnitFactory(region=district)})])
    scope = scope_of(clerk)

Regions get their materialised path as `region_create` gives it. Names carry a sequence number so that they never
collide with the demo district's rows (the test database holds both).
"""

from __future__ import annotations

import datetime
from typing import Any, cast

import factory
from factory.django import DjangoModelFactory

from renda.core.models import User
from renda.org.models import Body, Deputy, ElectoralDistrict, Membership, Person, Region, RoleGrant, Term, Unit
from renda.org.scoping import Scope, build_scope


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"测试镇{n}")
    kind = factory.LazyAttribute(lambda o: Region.Kind.TOWN if o.parent else Region.Kind.DISTRICT)
    parent = None

    @classmethod
    def _create(cls, model_class: type[Region], *args: Any, **kwargs: Any) -> Region:
        region = model_class(**kwargs)
        region.save()
        parent = region.parent
        region.path = f"{parent.path if parent else '/'}{region.pk}/"
        region.depth = (parent.depth + 1) if parent else 0
        region.save(update_fields=["path", "depth"])
        return region


class CongressFactory(DjangoModelFactory):
    class Meta:
        model = Body

    name = factory.Sequence(lambda n: f"测试人民代表大会{n}")
    kind = Body.Kind.CONGRESS
    level = factory.LazyAttribute(lambda o: Body.Level.DISTRICT if o.region.kind == Region.Kind.DISTRICT else Body.Level.TOWN)
    region = factory.SubFactory(RegionFactory)
    congress = None


class BodyFactory(DjangoModelFactory):
    """An organ of a congress (standing committee by default)."""

    class Meta:
        model = Body

    name = factory.Sequence(lambda n: f"测试机构{n}")
    kind = Body.Kind.STANDING_COMMITTEE
    congress = factory.SubFactory(CongressFactory)
    region = factory.SelfAttribute("congress.region")
    level = factory.SelfAttribute("congress.level")


class TermFactory(DjangoModelFactory):
    class Meta:
        model = Term

    congress = factory.SubFactory(CongressFactory)
    number = factory.Sequence(lambda n: n + 1)
    start_date = datetime.date(2016, 12, 1)
    end_date = None


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"测试{n}")
    gender = Person.Gender.FEMALE
    birth_date = datetime.date(1970, 1, 1)
    party = Person.Party.CPC
    id_number = None
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    user = None

    @classmethod
    def _create(cls, model_class: type[Person], *args: Any, **kwargs: Any) -> Person:
        from renda.org.services import person_fill_keys

        person = model_class(**kwargs)
        person_fill_keys(person)
        person.save()
        return person


class ElectoralDistrictFactory(DjangoModelFactory):
    class Meta:
        model = ElectoralDistrict

    term = factory.SubFactory(TermFactory)
    name = factory.Sequence(lambda n: f"测试选区{n}")
    region = factory.SelfAttribute("term.congress.region")


class DeputyFactory(DjangoModelFactory):
    class Meta:
        model = Deputy

    person = factory.SubFactory(PersonFactory)
    term = factory.SubFactory(TermFactory)
    congress = factory.SelfAttribute("term.congress")
    electoral_district = factory.SubFactory(ElectoralDistrictFactory, term=factory.SelfAttribute("..term"))
    region = factory.SelfAttribute("electoral_district.region")
    occupation = Deputy.Occupation.values[0]
    status = Deputy.Status.SERVING
    elected_date = factory.SelfAttribute("term.start_date")


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    body = factory.SubFactory(BodyFactory)
    term = factory.SubFactory(TermFactory, congress=factory.SelfAttribute("..body.congress"))
    role = Membership.Role.MEMBER
    start_date = factory.SelfAttribute("term.start_date")


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"测试单位{n}")
    kind = Unit.Kind.values[0]
    region = factory.SubFactory(RegionFactory)


class UserFactory(DjangoModelFactory):
    """A login with role grants: `UserFactory(grants=[("office", {"region": district})])`."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"test-user-{n}")
    display_name = factory.Sequence(lambda n: f"测试用户{n}")
    password = factory.django.Password("Renda@2017")

    @factory.post_generation
    def grants(self, create: bool, extracted: list[tuple[str, dict[str, Any]]] | None, **kwargs: Any) -> None:
        if not create or not extracted:
            return
        for role, targets in extracted:
            RoleGrant.objects.create(user=cast(User, self), role=role, **targets)


def scope_of(user: User) -> Scope:
    """The scope of a freshly granted user (not the per-request cached one)."""
    return build_scope(user)
