"""The full membership a congress session counts follows a deputy's status (issue #11 item 9): a deputy whose
duties are suspended on the date is not counted (the rule meetings.base.excludes_suspended), counted again once the
duties resume; an ended mandate is not counted from its date."""

import datetime

from renda.meetings.membership import full_membership_count
from renda.org import services
from renda.org.rules import SUSPENSION_GROUNDS, TERMINATION_GROUNDS, grounds
from renda.org.scoping import scope_for

DAY = datetime.date(2018, 3, 1)


def test_the_quorum_base_follows_suspension_resumption_and_termination(world):
    office = world.users["office"]
    scope = scope_for(office)
    deputy = world.wjj_town_deputy

    def count(on):
        return full_membership_count(body=deputy.congress, term=deputy.term, on=on)

    before = count(DAY)
    services.deputy_status_record(
        actor=office, scope=scope, deputy=deputy, status="suspended", date=DAY, ground=grounds(SUSPENSION_GROUNDS.key)[0]
    )
    assert count(DAY) == before - 1 and count(DAY - datetime.timedelta(days=1)) == before
    later = DAY + datetime.timedelta(days=30)
    services.deputy_resume(actor=office, scope=scope, deputy=deputy, date=later)
    assert count(later) == before and count(DAY) == before - 1  # the period stays in history
    end = later + datetime.timedelta(days=30)
    services.deputy_status_record(
        actor=office, scope=scope, deputy=deputy, status="terminated", date=end, ground=grounds(TERMINATION_GROUNDS.key)[0]
    )
    assert count(end + datetime.timedelta(days=1)) == before - 1
