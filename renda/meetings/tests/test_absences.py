"""Issue #11 item 9: a deputy absent without leave from two sessions of her congress within the term is flagged to
the staff (Deputies Law Art. 49: the number as the rule `meetings.absences_flagged`)."""

from __future__ import annotations

import datetime

import pytest

from renda.core.models import Notice
from renda.meetings import services
from renda.meetings.models import Attendance
from renda.org.models import Role
from renda.org.tests.factories import CongressFactory, DeputyFactory, RegionFactory, TermFactory, UserFactory

from .factories import ADMIN, DAY, TEST, open_meeting

pytestmark = pytest.mark.django_db


def test_two_absences_without_leave_are_flagged_to_the_staff():
    town = RegionFactory.create(parent=RegionFactory.create())
    congress = CongressFactory.create(region=town)
    DeputyFactory.create_batch(9, term=TermFactory.create(congress=congress))
    staff = UserFactory.create(grants=[(Role.TOWN, {"region": town})])
    flagged = []
    for day in (DAY, DAY + datetime.timedelta(days=120)):
        meeting, _users = open_meeting(body=congress, day=day, present=8)  # 8 of 9 present, the last one missing
        missing = meeting.attendances.get(role=Attendance.Role.MEMBER, status=Attendance.Status.INVITED)
        services.attendance_action(actor=TEST, scope=ADMIN, attendance=missing, action="absent")
        flagged.append(Notice.objects.filter(user=staff, kind="deputy.absences").count())
    assert flagged == [0, 1]
    assert missing.person.name in Notice.objects.get(user=staff, kind="deputy.absences").title
