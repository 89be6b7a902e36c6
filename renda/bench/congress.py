"""The burst benchmarks' data, built inside the benchmark database: one congress of N deputies with logins, one
meeting in progress with all of them signed in, one secret poll started, and a real database session per deputy
(as a login through the site would store it). Written through the meetings services by a system actor."""

from __future__ import annotations

import datetime
import secrets

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from renda.core.actors import system
from renda.core.models import User
from renda.meetings import services
from renda.meetings.models import Attendance, Poll
from renda.org.models import Body, Deputy, ElectoralDistrict, Person, Region, Role, RoleGrant, Term
from renda.org.scoping import Scope

from .harness import Plan, signed_in_session

REASON = "bench: a congress voting in one burst"


def build(members: int, prefix: str = "bench", label: str = "") -> Plan:
    """Build the congress, the meeting and the poll; the plan: poll and option ids, each voter's session and
    choice, the expected counts, a CSRF token and the deputies' person ids (for the baseline). `prefix` starts the
    usernames and `label` ends the region's name (several congresses in one database)."""
    scope, actor = Scope.system(REASON), system(REASON)
    with transaction.atomic():
        region = Region.objects.create(name=f"基准测试区{label}", kind=Region.Kind.DISTRICT)
        region.path = f"/{region.pk}/"
        region.save(update_fields=["path"])
        congress = Body.objects.create(
            name=f"基准测试区{label}人民代表大会", kind=Body.Kind.CONGRESS, level=Body.Level.DISTRICT, region=region
        )
        term = Term.objects.create(congress=congress, number=1, start_date=datetime.date(2024, 1, 1))
        district = ElectoralDistrict.objects.create(term=term, name="第1选区", region=region)
        users = User.objects.bulk_create(
            [User(username=f"{prefix}{n:05d}", password=make_password(None), display_name=f"代表{n:05d}") for n in range(members)]
        )
        people = Person.objects.bulk_create(
            [
                Person(
                    name=f"代表{n:05d}",
                    name_initials="db",
                    name_pinyin=f"daibiao{n:05d}",
                    gender="M",
                    birth_date=datetime.date(1970, 1, 1),
                    party="cpc",
                    user=u,
                )
                for n, u in enumerate(users)
            ]
        )
        RoleGrant.objects.bulk_create([RoleGrant(user=u, role=Role.DEPUTY) for u in users])
        Deputy.objects.bulk_create(
            [
                Deputy(
                    person=p,
                    congress=congress,
                    term=term,
                    electoral_district=district,
                    region=region,
                    occupation="other",
                    elected_date=term.start_date,
                )
                for p in people
            ]
        )
    meeting = services.meeting_create(actor=actor, scope=scope, body=congress, start_date=datetime.date(2024, 3, 1))
    services.meeting_transition(actor=actor, scope=scope, meeting=meeting, action="convene")
    meeting.attendances.update(
        status=Attendance.Status.PRESENT, signed_in_at=timezone.now(), signin_method=Attendance.Method.STAFF
    )
    # the session opens, and votes, only with its quorum signed in
    services.meeting_transition(actor=actor, scope=scope, meeting=meeting, action="start")
    poll = services.poll_create(actor=actor, scope=scope, meeting=meeting, title="基准测试表决", kind=Poll.Kind.SECRET)
    poll = services.poll_transition(actor=actor, scope=scope, poll=poll, action="start")
    voters, expected = [], {"Y": 0, "N": 0, "A": 0}
    # the configured session engine, as a login through the site would store them (cached_db: cache + table)
    for n, user in enumerate(users):
        session = signed_in_session(user)
        choice = "YNA"[n % 3] if n % 4 else "Y"
        expected[choice] += 1
        voters.append({"session": session, "choice": choice})
    return {
        "poll_id": poll.pk,
        "option_id": poll.options.get().pk,
        "voters": voters,
        "expected": expected,
        "csrf": secrets.token_hex(16),
        "person_ids": [p.pk for p in people],
    }
