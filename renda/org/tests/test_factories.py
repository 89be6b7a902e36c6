"""The org factories build rows that the scope rules treat like the demo's: a town clerk sees the town, not beyond."""

import pytest

from renda.org.models import Deputy, Role
from renda.org.tests.factories import DeputyFactory, RegionFactory, TermFactory, UnitFactory, UserFactory, scope_of

pytestmark = pytest.mark.django_db


def test_factories_build_a_small_district_scoped_like_the_demo():
    district = RegionFactory()
    town, other = RegionFactory(parent=district), RegionFactory(parent=district)
    assert town.path == f"{district.path}{town.pk}/" and town.depth == 1
    town_term = TermFactory(congress__region=town)
    mine, theirs = DeputyFactory(term=town_term), DeputyFactory(term=TermFactory(congress__region=other))
    assert mine.congress == town_term.congress and mine.region == town
    staff = UserFactory(grants=[(Role.TOWN, {"region": town})])
    visible = Deputy.objects.filter(scope_of(staff).deputy_q())
    assert mine in visible and theirs not in visible
    clerk = UserFactory(grants=[(Role.UNIT_CLERK, {"unit": UnitFactory(region=district)})])
    assert scope_of(clerk).deputy_q() is None
    assert clerk.check_password("Renda@2017")
