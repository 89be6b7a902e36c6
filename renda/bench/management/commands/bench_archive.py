"""The duty archive at province scale (PostgreSQL, its own database).

    DATABASE_URL=postgres://renda:renda@127.0.0.1:5432/renda_bench_archive \
        .venv/bin/python manage.py bench_archive --deputies 200000 --rows 10000000

Creates the database if missing, migrates and builds the demo district (its records are the templates), then adds
`--deputies` mandates in congresses of `--per-congress` deputies each and `--rows` archive-source rows across the
workflows, streamed with COPY (meeting attendance, votes, station sign-ins and the roster, suggestions led and
co-signed, group activities, training), spread over eight years (each deputy's rows of a kind fall in different years). Each row copies a demo record of its table with
the keys changed, so every constraint holds; rows of one deputy and one kind never repeat a parent. Generation is
skipped when the deputies are already there (rerun with another `--samples` or `--year` at no cost).

Prints one deputy's archive (`GET /api/deputies/{id}/archive?year=`, the full stack as the office reads it) p50 /
p95 over random generated deputies (target p95 ≤ 150 ms) and the yearly scores of all deputies of one generated
congress (a district: `--per-congress` deputies, one grouped query per kind of record; target ≤ 2 s), with the
load average. Refuses any database whose name lacks "bench".
"""

from __future__ import annotations

import datetime
import random
import statistics
import time
from collections.abc import Iterable, Iterator
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, models
from django.test import Client

from renda.archive import selectors
from renda.bench.harness import ensure_database, load, percentile, time_runs, timing_line
from renda.core import kept
from renda.core.models import User
from renda.duty.models import GroupActivity, GroupParticipant, TrainingAttendance, TrainingSession
from renda.meetings.models import Attendance, Meeting, Poll, PollVoter
from renda.org.models import Body, Deputy, Person, Term
from renda.org.scoping import build_scope
from renda.stations.models import Activity, DutyAssignment, SignIn
from renda.suggestions.models import CoSigner, Suggestion

TARGET_ARCHIVE_MS = 150.0
TARGET_SCORES_S = 2.0
PREFIX = "基准"
YEARS = 8
FIRST_YEAR = 2017
#: each workflow's share of the rows (per mille)
SHARES = {
    "attendance": 350,
    "votes": 200,
    "signins": 150,
    "roster": 50,
    "suggestions": 100,
    "cosigned": 50,
    "group": 50,
    "training": 50,
}


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def copy_clone(model: type[models.Model], template: models.Model, rows: Iterable[dict[str, object]]) -> list[int]:
    """COPY one row per mapping into the model's table: the template's columns (as text) with the mapping's
    columns (by column name) replaced. Returns the new ids in the order given."""
    table = model._meta.db_table
    columns = [f.column for f in model._meta.concrete_fields if not f.primary_key]
    listed = ", ".join(_q(c) for c in columns)
    as_text = ", ".join(f"{_q(c)}::text" for c in columns)
    # table and column names come from the models, never from input
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {as_text} FROM {_q(table)} WHERE id = %s", [template.pk])  # noqa: S608
        base = cursor.fetchone()
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {_q(table)}")  # noqa: S608
        before = cursor.fetchone()[0]
        n = 0
        with cursor.cursor.copy(f"COPY {_q(table)} ({listed}) FROM STDIN") as copy:
            for over in rows:
                copy.write_row([over.get(c, b) for c, b in zip(columns, base, strict=True)])
                n += 1
        cursor.execute(f"SELECT id FROM {_q(table)} WHERE id > %s ORDER BY id", [before])  # noqa: S608
        ids = [r[0] for r in cursor.fetchall()]
    if len(ids) != n:
        raise CommandError(f"{table}: copied {n} rows, found {len(ids)} new ones")
    return ids


def _day(y: int, r: int, k: int = 0) -> datetime.date:
    """The date of round r's parent in year slot y: the year, the month of the round, a different day per kind."""
    return datetime.date(FIRST_YEAR + y, 1 + r % 12, 3 + k)


def _year(i: int, r: int) -> int:
    """The year slot of deputy i's row of round r: each deputy's rows of a kind spread over the years."""
    return (i + r) % YEARS


def _slot(i: int, r: int, per: int, rounds: int) -> int:
    """Index of the parent of deputy i's row of round r (parents made per congress, round and year slot)."""
    return ((i // per) * rounds + r) * YEARS + _year(i, r)


class Command(BaseCommand):
    meetings: list[int]
    meeting_rounds: int
    activities: list[int]
    activity_rounds: int = 0
    suggestions: list[int]
    suggestion_n: int
    help = "Benchmark one deputy's duty archive and one district's yearly scores at province scale (PostgreSQL)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--deputies", type=int, default=200_000)
        parser.add_argument("--rows", type=int, default=10_000_000)
        parser.add_argument("--per-congress", type=int, default=2_000)
        parser.add_argument("--samples", type=int, default=50)
        parser.add_argument("--year", type=int, default=2020)

    def handle(self, *args: Any, deputies: int, rows: int, per_congress: int, samples: int, year: int, **options: Any) -> None:
        ensure_database()
        if not Deputy.objects.exists():
            started = time.monotonic()
            call_command("demo", verbosity=0)
            self.stdout.write(f"demo district built in {time.monotonic() - started:.0f} s")
        have = Deputy.objects.filter(congress__name__startswith=PREFIX).count()
        if have:
            self.stdout.write(f"{have} generated deputies already there: timing only")
        else:
            self.generate(deputies, rows, per_congress)
            kept.rebuild_all()  # the kept figures (renda.core.kept) recounted from the rows just copied in
        self.measure(samples, year)

    # --- Data ------------------------------------------------------------------------------------------------------
    def generate(self, n_deputies: int, n_rows: int, per_congress: int) -> None:
        started = time.monotonic()
        district = Body.objects.filter(kind=Body.Kind.CONGRESS, level=Body.Level.DISTRICT).order_by("pk").first()
        if district is None:
            raise CommandError("the demo district has no congress")
        term = Term.objects.filter(congress=district).order_by("-number").first()
        template_deputy = Deputy.objects.filter(congress=district).order_by("pk").first()
        assert term is not None and template_deputy is not None
        n_congress = max(1, -(-n_deputies // per_congress))
        bodies = copy_clone(Body, district, ({"name": f"{PREFIX}{c:04d}区人民代表大会", "sort_order": 1000 + c}
                                            for c in range(n_congress)))  # fmt: skip
        terms = copy_clone(Term, term, ({"congress_id": b, "start_date": "2016-12-01", "end_date": None} for b in bodies))
        people = copy_clone(Person, template_deputy.person, (
            {"name": f"基准代表{i:06d}", "name_pinyin": f"jizhun{i:06d}", "id_number": f"B{i:017d}", "user_id": None}
            for i in range(n_deputies)))  # fmt: skip
        mandates = copy_clone(Deputy, template_deputy, (
            {"person_id": people[i], "congress_id": bodies[i // per_congress], "term_id": terms[i // per_congress],
             "group_id": None, "status": "serving", "status_date": None, "elected_date": "2016-12-01"}
            for i in range(n_deputies)))  # fmt: skip
        self.stdout.write(f"  {n_deputies} deputies in {n_congress} congresses ({time.monotonic() - started:.0f} s)")
        made = 0
        for kind, share in SHARES.items():
            count = n_rows * share // 1000
            made += getattr(self, f"_{kind}")(count, bodies, terms, people, mandates, per_congress)
            self.stdout.write(f"  {kind}: {count} rows ({time.monotonic() - started:.0f} s)")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(f"generated {n_deputies} deputies and {made} archive-source rows in {time.monotonic() - started:.0f} s")

    @staticmethod
    def _rounds(count: int, n: int) -> int:
        return max(1, -(-count // n))

    def _pairs(self, count: int, n: int) -> Iterator[tuple[int, int]]:
        """(round, deputy index) for `count` rows: every deputy once per round, so no deputy meets a parent twice."""
        for j in range(count):
            yield j // n, j % n

    def _parents(self, model: type[models.Model], template: models.Model, bodies: list[int], rounds: int,
                 fields: Any) -> list[int]:  # fmt: skip
        """One parent per congress, round and year slot (`fields(c, body, r, y)` gives its columns), in that order."""
        return copy_clone(model, template, (fields(c, b, r, y) for c, b in enumerate(bodies) for r in range(rounds)
                                            for y in range(YEARS)))  # fmt: skip

    def _meetings(self, rounds: int, bodies: list[int], terms: list[int]) -> list[int]:
        template = Meeting.objects.filter(body__kind=Body.Kind.CONGRESS, state=Meeting.State.CLOSED).order_by("pk").first()
        assert template is not None
        return self._parents(Meeting, template, bodies, rounds, lambda c, b, r, y: {
            "body_id": b, "term_id": terms[c], "number": r * YEARS + y + 1, "start_date": _day(y, r), "end_date": _day(y, r),
            "signin_token": f"bench{c:05d}r{r:05d}y{y}", "is_published": "true", "published_at": f"{_day(y, r)} 18:00+08",
        })  # fmt: skip

    def _attendance(self, count: int, bodies: list[int], terms: list[int], people: list[int], mandates: list[int],
                    per: int) -> int:  # fmt: skip
        n = len(people)
        rounds = self._rounds(count, n)
        self.meetings = self._meetings(rounds, bodies, terms)
        self.meeting_rounds = rounds
        template = Attendance.objects.filter(status=Attendance.Status.PRESENT).order_by("pk").first()
        assert template is not None
        statuses = ["present"] * 17 + ["leave", "leave", "absent"]
        copy_clone(Attendance, template, (
            {"meeting_id": self.meetings[_slot(i, r, per, rounds)], "person_id": people[i], "status": statuses[(i + r) % 20],
             "signed_in_at": f"{_day(_year(i, r), r)} 08:30+08", "role": "member", "entitled": "true"}
            for r, i in self._pairs(count, n)))  # fmt: skip
        return count

    def _votes(self, count: int, bodies: list[int], terms: list[int], people: list[int], mandates: list[int], per: int) -> int:
        n = len(people)
        rounds = self._rounds(count, n)
        template = Poll.objects.filter(meeting__body__kind=Body.Kind.CONGRESS, state=Poll.State.PUBLISHED).order_by("pk").first()
        assert template is not None
        polls = self._parents(Poll, template, bodies, rounds, lambda c, b, r, y: {
            "meeting_id": self.meetings[(c * self.meeting_rounds + r % self.meeting_rounds) * YEARS + y], "item_id": None,
            "title": f"关于第{r + 1}项议题的决定",
        })  # fmt: skip
        copy_clone(PollVoter, PollVoter.objects.order_by("pk").first() or _missing("PollVoter"), (
            {"poll_id": polls[_slot(i, r, per, rounds)], "person_id": people[i], "choices": None} for r, i in self._pairs(count, n)))  # fmt: skip
        return count

    def _activities(self, bodies: list[int], rounds: int) -> list[int]:
        if self.activity_rounds >= rounds:
            return self.activities
        template = Activity.objects.filter(status=Activity.Status.HELD, kind=Activity.Kind.THEMED).order_by("pk").first()
        assert template is not None
        self.activities = self._parents(Activity, template, bodies, rounds, lambda c, b, r, y: {
            "date": _day(y, r, 1), "topic": f"第{r + 1}次主题活动", "checkin_token": f"bench{c:05d}r{r:05d}y{y}",
        })  # fmt: skip
        self.activity_rounds = rounds
        return self.activities

    def _signins(self, count: int, bodies: list[int], terms: list[int], people: list[int], mandates: list[int], per: int) -> int:
        n = len(mandates)
        rounds = self._rounds(count, n)
        activities = self._activities(bodies, max(rounds, self._rounds(count * SHARES["roster"] // SHARES["signins"], n)))
        step = self.activity_rounds
        template = SignIn.objects.order_by("pk").first() or _missing("SignIn")
        copy_clone(SignIn, template, (
            {"activity_id": activities[_slot(i, r, per, step)], "deputy_id": mandates[i], "by_id": None,
             "at": f"{_day(_year(i, r), r, 1)} 09:00+08"} for r, i in self._pairs(count, n)))  # fmt: skip
        return count

    def _roster(self, count: int, bodies: list[int], terms: list[int], people: list[int], mandates: list[int], per: int) -> int:
        n = len(mandates)
        step = self.activity_rounds
        template = DutyAssignment.objects.order_by("pk").first() or _missing("DutyAssignment")
        copy_clone(DutyAssignment, template, (
            {"activity_id": self.activities[_slot(i, r, per, step)], "deputy_id": mandates[(i + 1) % n]}
            for r, i in self._pairs(count, n)))  # fmt: skip
        return count

    def _suggestions(self, count: int, bodies: list[int], terms: list[int], people: list[int], mandates: list[int],
                     per: int) -> int:  # fmt: skip
        n = len(mandates)
        template = Suggestion.objects.filter(state="closed").order_by("pk").first() or _missing("Suggestion")
        self.suggestions = copy_clone(Suggestion, template, (
            {"author_id": mandates[i], "author_person_id": people[i], "congress_id": bodies[i // per], "number": f"B{r:02d}{i:07d}",
             "client_token": "", "merged_into_id": None, "meeting_id": None, "opinion_id": None, "title": f"关于第{r + 1}个民生问题的建议",
             "submitted_on": _day(_year(i, r), r, 2), "accepted_on": _day(_year(i, r), r, 2)}
            for r, i in self._pairs(count, n)))  # fmt: skip
        self.suggestion_n = n
        return count

    def _cosigned(self, count: int, bodies: list[int], terms: list[int], people: list[int], mandates: list[int], per: int) -> int:
        n = self.suggestion_n
        count = min(count, len(self.suggestions))
        template = CoSigner.objects.filter(status="confirmed").order_by("pk").first() or _missing("CoSigner")
        # the suggestion of (round r, deputy i + 1), co-signed by deputy i
        copy_clone(CoSigner, template, (
            {"suggestion_id": self.suggestions[r * n + (i + 1) % n], "deputy_id": mandates[i], "person_id": people[i],
             "status": "confirmed"} for r, i in self._pairs(count, n) if r * n + (i + 1) % n < len(self.suggestions)))  # fmt: skip
        return count

    def _group(self, count: int, bodies: list[int], terms: list[int], people: list[int], mandates: list[int], per: int) -> int:
        n = len(mandates)
        rounds = self._rounds(count, n)
        template = GroupActivity.objects.filter(state__in=["held", "closed"]).order_by("pk").first() or _missing("GroupActivity")
        parents = self._parents(GroupActivity, template, bodies, rounds, lambda c, b, r, y: {
            "date": _day(y, r, 3), "title": f"代表小组第{r + 1}次活动", "topic_id": None})  # fmt: skip
        participant = GroupParticipant.objects.order_by("pk").first() or _missing("GroupParticipant")
        copy_clone(GroupParticipant, participant, (
            {"activity_id": parents[_slot(i, r, per, rounds)], "deputy_id": mandates[i]} for r, i in self._pairs(count, n)))  # fmt: skip
        return count

    def _training(self, count: int, bodies: list[int], terms: list[int], people: list[int], mandates: list[int], per: int) -> int:
        n = len(mandates)
        rounds = self._rounds(count, n)
        template = TrainingSession.objects.order_by("pk").first() or _missing("TrainingSession")
        sessions = self._parents(TrainingSession, template, bodies, rounds, lambda c, b, r, y: {
            "date": _day(y, r, 4), "title": f"代表履职培训第{r + 1}讲", "state": "held"})  # fmt: skip
        attendance = TrainingAttendance.objects.filter(status="present").order_by("pk").first() or _missing("TrainingAttendance")
        copy_clone(TrainingAttendance, attendance, (
            {"session_id": sessions[_slot(i, r, per, rounds)], "deputy_id": mandates[i], "status": "present" if (i + r) % 9 else "absent"}
            for r, i in self._pairs(count, n)))  # fmt: skip
        return count

    # --- Timings -------------------------------------------------------------------------------------------------------
    def measure(self, samples: int, year: int) -> None:
        office = User.objects.get(username="office")
        client = Client()
        client.force_login(office)
        generated = list(Deputy.objects.filter(congress__name__startswith=PREFIX).values_list("pk", flat=True))
        rng = random.Random(13)
        picks = [rng.choice(generated) for _ in range(samples)]
        rows = Deputy.objects.count()
        self.stdout.write(f"\n{rows} deputies ({len(generated)} generated); {load()}; {samples} archives after 3 warm-ups")
        timed = time_runs(lambda i: client.get(f"/api/deputies/{picks[i % len(picks)]}/archive", {"year": year}), samples)
        for response in timed.results:
            assert response.status_code == 200, response.content[:300]
        timings, cpu, db, queries = timed.timings, timed.cpu, timed.db, timed.queries
        sizes = [len(response.json()["entries"]) for response in timed.results]
        work = (f"median {statistics.median(sizes):.0f} entries, {len(queries)} queries; cpu {statistics.median(cpu):.1f} ms, "
                f"db {statistics.median(db):.1f} ms")  # fmt: skip
        self.stdout.write(timing_line(f"one deputy's archive ({year}, API)", timings, work))
        self.stdout.write("(cpu: this process's CPU time per request, which moves little with the machine's load; db: the wall"
                          " time of its queries; both medians)")  # fmt: skip
        congress = Body.objects.filter(name__startswith=PREFIX).order_by("pk").first() or _missing("a generated congress")
        scope = build_scope(office)
        runs: list[float] = []
        for _ in range(3):
            t = time.perf_counter()
            _scheme, scores = selectors.year_scores(scope=scope, congress=congress, year=year)
            runs.append(time.perf_counter() - t)
        self.stdout.write(f"{'yearly scores of one district':38s} {min(runs):6.2f} s best, {max(runs):6.2f} s worst "
                          f"({len(scores)} deputies, 3 runs)")  # fmt: skip
        ok = percentile(timings, 95) <= TARGET_ARCHIVE_MS and max(runs) <= TARGET_SCORES_S
        verdict = "within" if ok else "OVER"
        self.stdout.write((self.style.SUCCESS if ok else self.style.ERROR)(
            f"{verdict} the targets (archive p95 ≤ {TARGET_ARCHIVE_MS:.0f} ms, a district's scores ≤ {TARGET_SCORES_S:.0f} s)"))  # fmt: skip


def _missing(what: str) -> Any:
    raise CommandError(f"the demo has no {what} to copy")
