"""Fixtures of the meetings tests that build their own rows: each module gives `committee` (a standing committee
with as many members as it needs); `office` is the district office staff who run its meetings."""

import pytest

from renda.org.models import Role
from renda.org.tests.factories import UserFactory


@pytest.fixture
def office(committee):
    return UserFactory(grants=[(Role.OFFICE, {"region": committee.region})])
