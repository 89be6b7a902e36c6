"""Double votes under concurrency: many connections on PostgreSQL, every member submitting twice at once.

A transactional test (the database is flushed afterwards), so it builds its own body and members and runs
after the others. Skipped on SQLite, whose writers are serialised anyway.
"""

from __future__ import annotations

import contextlib
import datetime
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from renda.core.models import AuditEvent, User
from renda.meetings import services
from renda.meetings.models import Poll, PollBallot, PollVoter
from renda.meetings.results import poll_result
from renda.org.models import Body, Membership, Person, Region, Term
from renda.org.scoping import Scope

ADMIN = Scope.system("tests: concurrent votes")
MEMBERS = 60


def _body() -> tuple[Body, list[User]]:
    region = Region.objects.create(name="并发测试区", kind=Region.Kind.DISTRICT)
    region.path = f"/{region.pk}/"
    region.save(update_fields=["path"])
    congress = Body.objects.create(
        name="并发测试区人民代表大会", kind=Body.Kind.CONGRESS, level=Body.Level.DISTRICT, region=region
    )
    committee = Body.objects.create(
        name="并发测试区人大常委会",
        kind=Body.Kind.STANDING_COMMITTEE,
        level=Body.Level.DISTRICT,
        region=region,
        congress=congress,
    )
    term = Term.objects.create(congress=congress, number=1, start_date=datetime.date(2017, 1, 1))
    users = []
    for n in range(MEMBERS):
        user = User.objects.create_user(username=f"cc{n:03d}", password="x")  # noqa: S106
        person = Person.objects.create(
            name=f"委员{n:03d}",
            name_initials="wy",
            name_pinyin=f"weiyuan{n:03d}",
            gender="M",
            birth_date=datetime.date(1970, 1, 1),
            party="cpc",
            user=user,
        )
        Membership.objects.create(person=person, body=committee, term=term, start_date=term.start_date)
        users.append(user)
    return committee, users


@pytest.mark.django_db(transaction=True)
def test_double_votes_rejected_under_concurrency_and_tally_exact():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency of writers is tested on PostgreSQL")
    committee, users = _body()
    meeting = services.meeting_create(actor="test", scope=ADMIN, body=committee, start_date=datetime.date(2017, 6, 1))
    services.meeting_transition(actor="test", scope=ADMIN, meeting=meeting, action="convene")
    for row in meeting.attendances.all():  # everyone present: the meeting opens only with its quorum
        services.attendance_action(actor="test", scope=ADMIN, attendance=row, action="sign_in")
    services.meeting_transition(actor="test", scope=ADMIN, meeting=meeting, action="start")
    poll = services.poll_create(actor="test", scope=ADMIN, meeting=meeting, title="并发", kind=Poll.Kind.SECRET)
    poll = services.poll_transition(actor="test", scope=ADMIN, poll=poll, action="start")
    option = str(poll.options.get().pk)
    expected = {"Y": 0, "N": 0, "A": 0}
    plan = []
    for n, user in enumerate(users):
        value = "YNA"[n % 3] if n % 5 else "Y"
        expected[value] += 1
        plan += [(user, value), (user, value)]  # every member submits twice, at the same moment
    barrier = threading.Barrier(20)
    outcomes: list[str] = []
    lock = threading.Lock()

    def vote(args):
        user, value = args
        try:
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait(timeout=5)
            services.poll_vote(actor=user, poll_id=poll.pk, choices={option: value})
            result = "ok"
        except services.AlreadyVoted:
            result = "dup"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    # Both submissions of a member go out at the same moment, on different connections.
    with ThreadPoolExecutor(max_workers=20) as pool:
        list(pool.map(vote, plan))
    assert outcomes.count("ok") == MEMBERS and outcomes.count("dup") == MEMBERS
    assert PollVoter.objects.filter(poll=poll).count() == MEMBERS
    assert PollBallot.objects.filter(poll=poll).count() == MEMBERS
    assert AuditEvent.objects.filter(action="poll.vote", object_id=str(poll.pk)).count() == MEMBERS
    assert poll_result(Poll.objects.get(pk=poll.pk)).motion.counts == expected
    # Closing while votes are in flight: nothing lands after the close.
    services.poll_transition(actor="test", scope=ADMIN, poll=poll, action="finish")
    assert PollBallot.objects.filter(poll=poll).count() == MEMBERS
