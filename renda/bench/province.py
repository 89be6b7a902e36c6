"""A province at scale, generated straight into the tables (issue #17): `manage.py generate_province`.

At scale 1: 11 cities, 90 districts, 1,300 towns; a congress per district and per town with its term, electoral
districts and 200,000 deputies (one person each, serving mandates); a station and a handling unit per town, six
departments per district; 2,000,000 voters' opinions with their steps; 300,000 deputies' suggestions with their
lead assignment and answer; and 10,000,000 attendance, sign-in and participation rows (congress sessions' attendance,
station activities' sign-ins and duty rosters). Every count scales linearly with `scale` (the geography too, with a
floor), so a 1/20 run is a small province of the same shape.

Rows are written with COPY on PostgreSQL (psycopg's `cursor.copy`), and with executemany elsewhere (SQLite: the
small-scale test), with ids assigned here, so children reference parents without reading them back. Deterministic
from the seed and the `as_of` date: the same arguments on an empty database give the same rows. No audit events and
no users: the rows are load, not history (like generate_opinions). The database checks every constraint on the way
in (unique keys, CHECK constraints; foreign keys at commit).
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from renda.core import kept
from renda.meetings.models import Attendance, Meeting
from renda.opinions.models import Opinion, Status, Step
from renda.org.models import Body, Deputy, ElectoralDistrict, Person, Region, Term, Unit
from renda.stations.models import Activity, DutyAssignment, SignIn, Station
from renda.suggestions.models import Answer, Assignment, Period, State, Suggestion, SuggestionCounter

#: the province at scale 1
FULL = {
    "cities": 11,
    "districts": 90,
    "towns": 1300,
    "deputies": 200_000,
    "opinions": 2_000_000,
    "suggestions": 300_000,
    "participation": 10_000_000,  # attendance + sign-ins + duty rosters
}
DISTRICT_SHARE = 0.1  # of the deputies, at district level (the rest at town level)
SESSION_YEARS = (2022, 2023, 2024, 2025)
ACTIVITIES_PER_STATION = 100  # a reception day every two weeks, 2022-2025
FLUSH = 20_000

SURNAMES = [("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"), ("杨", "yang"), ("黄", "huang"),
            ("赵", "zhao"), ("吴", "wu"), ("周", "zhou"), ("徐", "xu"), ("孙", "sun"), ("沈", "shen"), ("朱", "zhu")]  # fmt: skip
GIVEN = [("建", "jian"), ("国", "guo"), ("明", "ming"), ("华", "hua"), ("芳", "fang"), ("伟", "wei"), ("丽", "li"),
         ("强", "qiang"), ("敏", "min"), ("静", "jing"), ("军", "jun"), ("平", "ping"), ("红", "hong"), ("英", "ying")]  # fmt: skip
CATEGORIES = ["城乡建设", "交通出行", "教育文化", "医疗卫生", "社会保障", "生态环境", "农业农村", "其他"]
OPINION_STATES = [(Status.CLOSED, 60), (Status.TOLD, 10), (Status.ROUTED, 14), (Status.REGISTERED, 8),
                  (Status.ANSWERED, 3), (Status.SUGGESTION, 2), (Status.REPORTED, 1), (Status.OUT_OF_REMIT, 2)]  # fmt: skip
SUGGESTION_STATES = [(State.CLOSED, 60), (State.ANSWERED, 20), (State.ASSIGNED, 12), (State.SUBMITTED, 3),
                     (State.ACCEPTED, 3), (State.NOT_ACCEPTED, 2)]  # fmt: skip
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def counts_at(scale: float) -> dict[str, int]:
    """The generated counts at `scale` (the geography with a floor so a tiny scale still has a shape)."""
    floors = {"cities": 1, "districts": 1, "towns": 2, "deputies": 20}
    return {k: max(floors.get(k, 0), round(v * scale)) for k, v in FULL.items()}


class Table:
    """Rows of one model's table, written in batches: COPY on PostgreSQL, executemany elsewhere. A row names the
    fields it sets (by attname); every other field takes its default, computed once (so a field with a per-row
    default, such as a token, must be given)."""

    def __init__(self, model: type[models.Model], written: dict[str, int]) -> None:
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.attnames = [f.attname for f in self.fields]
        self.defaults: dict[str, Any] = {}
        for f in self.fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                continue  # given by the row
            value = f.get_default() if f.has_default() or not f.null else None
            self.defaults[f.attname] = value
        self.rows: list[tuple[Any, ...]] = []
        self.written = written
        self.table = model._meta.db_table
        self.next_id = _next_id(self.table)

    def new_id(self) -> int:
        pk = self.next_id
        self.next_id += 1
        return pk

    def add(self, **values: Any) -> None:
        defaults = self.defaults
        self.rows.append(tuple(values[a] if a in values else defaults[a] for a in self.attnames))
        if len(self.rows) >= FLUSH:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        table = connection.ops.quote_name(self.table)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in self.rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.fields))
                prepared = [
                    tuple(f.get_db_prep_save(v, connection) for f, v in zip(self.fields, row, strict=True)) for row in self.rows
                ]
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", prepared)  # noqa: S608 - a model's table
        self.written[self.table] = self.written.get(self.table, 0) + len(self.rows)
        self.rows = []


def _next_id(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {connection.ops.quote_name(table)}")  # noqa: S608 - a model's table
        value: int = cursor.fetchone()[0]
        return value


def _reset_sequences(tables: Iterable[str]) -> None:
    if connection.vendor != "postgresql":
        return  # SQLite's AUTOINCREMENT follows the largest id written
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT MAX(id) FROM {connection.ops.quote_name(table)}))",  # noqa: S608
                [table],
            )


def _code(n: int) -> str:
    """A unique tracking code per generated opinion ('P' + n in base 31)."""
    digits = []
    for _ in range(9):
        n, r = divmod(n, len(ALPHABET))
        digits.append(ALPHABET[r])
    return "P" + "".join(reversed(digits))


@dataclass
class Town:
    region: int
    district: int
    congress: int
    term: int
    station: int
    unit: int
    electoral: list[int]
    deputies: list[int] = field(default_factory=list)  # deputy ids
    persons: list[int] = field(default_factory=list)


@dataclass
class Congress:
    body: int
    term: int
    region: int
    name: str
    deputies: list[tuple[int, int]] = field(default_factory=list)  # (deputy id, person id)


@dataclass
class Generated:
    """What was written: rows per table, and per year the figures a work report states (opinions registered,
    deputies' sign-ins at station activities held)."""

    rows: dict[str, int] = field(default_factory=dict)
    opinions_by_year: dict[int, int] = field(default_factory=dict)
    signins_by_year: dict[int, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    province: int = 0


class Province:
    def __init__(self, scale: float, seed: int, as_of: datetime.date, say: Callable[[str], Any] = lambda s: None) -> None:
        self.counts = counts_at(scale)
        self.rng = random.Random(seed)
        self.as_of = as_of
        self.now = datetime.datetime.combine(as_of, datetime.time(9), tzinfo=datetime.UTC)
        self.say = say
        self.out = Generated()
        self.towns: list[Town] = []
        self.congresses: list[Congress] = []
        self.district_units: dict[int, list[int]] = {}

    def table(self, model: type[models.Model]) -> Table:
        return Table(model, self.out.rows)

    def phase(self, name: str, step: Callable[[], list[Table]]) -> None:
        started = time.monotonic()
        with transaction.atomic():
            tables = step()
            for t in tables:
                t.flush()
            _reset_sequences(t.table for t in tables)
        self.out.seconds[name] = time.monotonic() - started
        self.say(f"{name}: {time.monotonic() - started:.1f} s")

    def run(self) -> Generated:
        self.phase("regions, congresses, units, stations", self.geography)
        self.phase("people and deputies", self.deputies)
        self.phase("opinions and steps", self.opinions)
        self.phase("suggestions, assignments, answers", self.suggestions)
        self.phase("sessions and attendance", self.attendance)
        self.phase("station activities, sign-ins, duty rosters", self.activities)
        self.phase("figures kept per month", self.kept_figures)
        return self.out

    def kept_figures(self) -> list[Table]:
        """The kept figures (`renda.core.kept`) recounted from the rows just copied in: the overview and the figures
        pages read them."""
        for name, declared in kept.KEPT.items():
            started = time.monotonic()
            self.say(f"  {name}: {kept.rebuild(declared):,} cells in {time.monotonic() - started:.1f} s")
        return []

    # --- geography ------------------------------------------------------------------------------------------

    def geography(self) -> list[Table]:
        c = self.counts
        regions, bodies, terms = self.table(Region), self.table(Body), self.table(Term)
        electoral, units, stations = self.table(ElectoralDistrict), self.table(Unit), self.table(Station)
        province = regions.new_id()
        self.out.province = province
        regions.add(id=province, name=f"生成省{province}", kind=Region.Kind.PROVINCE, path=f"/{province}/", depth=0)
        cities = []
        for i in range(c["cities"]):
            pk = regions.new_id()
            cities.append((pk, f"/{province}/{pk}/"))
            regions.add(id=pk, name=f"城{i + 1:02d}市", kind=Region.Kind.CITY, parent_id=province, path=cities[-1][1], depth=1,
                        sort_order=i)  # fmt: skip
        districts = []
        for i in range(c["districts"]):
            city, city_path = cities[i % len(cities)]
            pk = regions.new_id()
            districts.append((pk, f"{city_path}{pk}/"))
            regions.add(id=pk, name=f"区{i + 1:03d}", kind=Region.Kind.DISTRICT, parent_id=city, path=districts[-1][1], depth=2,
                        sort_order=i)  # fmt: skip
            self.district_units[pk] = []
            for dept in ("住建局", "交通局", "教育局", "卫健局", "民政局", "农业农村局"):
                unit = units.new_id()
                self.district_units[pk].append(unit)
                units.add(id=unit, name=f"区{i + 1:03d}{dept}", kind=Unit.Kind.DEPARTMENT, region_id=pk)
            self.congresses.append(self._congress(bodies, terms, pk, f"区{i + 1:03d}", Body.Level.DISTRICT))
        for i in range(c["towns"]):
            district, district_path = districts[i % len(districts)]
            pk = regions.new_id()
            name = f"镇{i + 1:04d}"
            regions.add(id=pk, name=name, kind=Region.Kind.TOWN, parent_id=district, path=f"{district_path}{pk}/", depth=3,
                        sort_order=i)  # fmt: skip
            congress = self._congress(bodies, terms, pk, name, Body.Level.TOWN)
            self.congresses.append(congress)
            unit = units.new_id()
            units.add(id=unit, name=f"{name}人民政府", kind=Unit.Kind.STATION, region_id=pk)
            station = stations.new_id()
            stations.add(id=station, name=f"{name}人大代表联络站", kind=Station.Kind.STATION, region_id=pk, town_id=pk)
            eds = []
            for k in range(5):
                ed = electoral.new_id()
                eds.append(ed)
                electoral.add(id=ed, term_id=congress.term, name=f"第{k + 1}选区", region_id=pk)
            self.towns.append(Town(pk, district, congress.body, congress.term, station, unit, eds))
        # a district congress's electoral districts lie in its towns
        self.district_electoral: dict[int, list[tuple[int, int]]] = {}
        by_district: dict[int, list[Town]] = {}
        for town in self.towns:
            by_district.setdefault(town.district, []).append(town)
        for congress in self.congresses[: c["districts"]]:
            self.district_electoral[congress.body] = []
            for k, town in enumerate(by_district.get(congress.region, [])[:20]):
                ed = electoral.new_id()
                electoral.add(id=ed, term_id=congress.term, name=f"第{k + 1}选区", region_id=town.region)
                self.district_electoral[congress.body].append((ed, town.region))
            if not self.district_electoral[congress.body]:  # a district without towns (tiny scales)
                ed = electoral.new_id()
                electoral.add(id=ed, term_id=congress.term, name="第1选区", region_id=congress.region)
                self.district_electoral[congress.body].append((ed, congress.region))
        return [regions, bodies, terms, electoral, units, stations]

    def _congress(self, bodies: Table, terms: Table, region: int, name: str, level: str) -> Congress:
        body = bodies.new_id()
        full = f"{name}人民代表大会"
        bodies.add(id=body, name=full, kind=Body.Kind.CONGRESS, level=level, region_id=region)
        term = terms.new_id()
        number = 9 if level == Body.Level.DISTRICT else 18
        terms.add(id=term, congress_id=body, number=number, start_date=datetime.date(2021, 10, 1))
        return Congress(body, term, region, name)

    # --- people -----------------------------------------------------------------------------------------------

    def deputies(self) -> list[Table]:
        rng, c = self.rng, self.counts
        persons, deputies = self.table(Person), self.table(Deputy)
        at_district = round(c["deputies"] * DISTRICT_SHARE)
        district_congresses = self.congresses[: c["districts"]]
        town_by_congress = {t.congress: t for t in self.towns}
        town_congresses = [k for k in self.congresses if k.body in town_by_congress]
        occupations = [o for o, _ in Deputy.Occupation.choices]
        for n in range(c["deputies"]):
            (s, sp), (g1, p1), (g2, p2) = rng.choice(SURNAMES), rng.choice(GIVEN), rng.choice(GIVEN)
            person = persons.new_id()
            persons.add(id=person, name=s + g1 + g2, name_initials=sp[0] + p1[0] + p2[0], name_pinyin=sp + p1 + p2,
                        gender=rng.choice("MF"), birth_date=datetime.date(1960 + rng.randrange(35), 1 + rng.randrange(12),
                        1 + rng.randrange(28)), party=rng.choice(["cpc", "cpc", "none"]), phone=f"137{n:08d}")  # fmt: skip
            if n < at_district:
                congress = district_congresses[n % len(district_congresses)]
                ed, region = self.district_electoral[congress.body][
                    n // len(district_congresses) % len(self.district_electoral[congress.body])
                ]
            else:
                congress = town_congresses[n % len(town_congresses)]
                town = town_by_congress[congress.body]
                ed, region = town.electoral[n // len(town_congresses) % len(town.electoral)], town.region
            deputy = deputies.new_id()
            deputies.add(id=deputy, person_id=person, congress_id=congress.body, term_id=congress.term, electoral_district_id=ed,
                         region_id=region, occupation=rng.choice(occupations), elected_date=datetime.date(2021, 10, 1))  # fmt: skip
            congress.deputies.append((deputy, person))
            if n >= at_district:
                town_by_congress[congress.body].deputies.append(deputy)
        return [persons, deputies]

    # --- opinions ---------------------------------------------------------------------------------------------

    def opinions(self) -> list[Table]:
        rng = self.rng
        opinions, steps = self.table(Opinion), self.table(Step)
        states, weights = zip(*OPINION_STATES, strict=True)
        start = datetime.datetime(2022, 1, 1, tzinfo=datetime.UTC)
        span = int((self.now - start).total_seconds()) - 40 * 86400
        for n in range(self.counts["opinions"]):
            town = self.towns[rng.randrange(len(self.towns))]
            status = rng.choices(states, weights)[0]
            registered = start + datetime.timedelta(seconds=rng.randrange(span))
            pk = opinions.new_id()
            row: dict[str, Any] = {"id": pk, "station_id": town.station, "town_id": town.region, "region_id": town.region,
                                   "source": Opinion.Source.STATION, "category": rng.choice(CATEGORIES),
                                   "text": f"第{rng.randrange(1, 40)}村道路照明与排水需要改善。",
                                   "keywords": "道路 照明 排水", "contact_name": "张某", "phone": f"139{n % 10**8:08d}",
                                   "tracking_code": _code(pk), "status": status, "registered_at": registered}  # fmt: skip
            year = timezone.localtime(registered).year  # the figures count by the local day
            self.out.opinions_by_year[year] = self.out.opinions_by_year.get(year, 0) + 1
            steps.add(id=steps.new_id(), opinion_id=pk, action="register", from_status="", to_status=Status.REGISTERED, at=registered,
                      actor_label="联络站")  # fmt: skip
            answered = status in (Status.ANSWERED, Status.TOLD, Status.CLOSED)
            if status == Status.ROUTED or (answered and rng.random() < 0.7):
                unit = town.unit if rng.random() < 0.5 else rng.choice(self.district_units[town.district])
                row.update(unit_id=unit, routed_at=registered + datetime.timedelta(hours=2),
                           deadline=(registered + datetime.timedelta(days=15)).date())  # fmt: skip
                steps.add(id=steps.new_id(), opinion_id=pk, action="route", from_status=Status.REGISTERED, to_status=Status.ROUTED,
                          at=row["routed_at"], actor_label="联络站", unit_id=unit)  # fmt: skip
            elif status in (Status.SUGGESTION, Status.REPORTED, Status.OUT_OF_REMIT):
                action = {Status.SUGGESTION: "raise_suggestion", Status.REPORTED: "report", Status.OUT_OF_REMIT: "out_of_remit"}[
                    status
                ]
                if status == Status.OUT_OF_REMIT:
                    row["reason"] = "不属于本级职权范围。"
                steps.add(id=steps.new_id(), opinion_id=pk, action=action, from_status=Status.REGISTERED, to_status=status,
                          at=registered + datetime.timedelta(days=1), actor_label="联络站")  # fmt: skip
            if answered:
                answered_at = registered + datetime.timedelta(days=rng.randrange(0, 18))
                row.update(answered_at=answered_at, answer="已答复。",
                           answered_on_time=row.get("deadline") is None or answered_at.date() <= row["deadline"])  # fmt: skip
                steps.add(id=steps.new_id(), opinion_id=pk, action="unit_answer" if "unit_id" in row else "record_answer",
                          from_status=Status.ROUTED if "unit_id" in row else Status.REGISTERED, to_status=Status.ANSWERED,
                          at=answered_at, actor_label="承办单位", unit_id=row.get("unit_id"))  # fmt: skip
                if status in (Status.TOLD, Status.CLOSED):
                    row["told_at"] = answered_at + datetime.timedelta(days=1)
                    steps.add(id=steps.new_id(), opinion_id=pk, action="tell", from_status=Status.ANSWERED, to_status=Status.TOLD,
                              at=row["told_at"], actor_label="联络站")  # fmt: skip
                if status == Status.CLOSED:
                    row.update(solved=rng.random() < 0.78, closed_at=answered_at + datetime.timedelta(days=7))
                    steps.add(id=steps.new_id(), opinion_id=pk, action="feedback", from_status=Status.TOLD, to_status=Status.CLOSED,
                              at=row["closed_at"], actor_label="联络站")  # fmt: skip
            opinions.add(**row)
            if len(steps.rows) >= FLUSH:  # parents before children: the steps' batch waits for its opinions
                opinions.flush()
                steps.flush()
        return [opinions, steps]

    # --- suggestions ------------------------------------------------------------------------------------------

    def suggestions(self) -> list[Table]:
        rng = self.rng
        suggestions, assignments, answers, counters = (self.table(m) for m in (Suggestion, Assignment, Answer, SuggestionCounter))
        states, weights = zip(*SUGGESTION_STATES, strict=True)
        seq: dict[tuple[int, int, str], int] = {}
        with_deputies = [k for k in self.congresses if k.deputies]
        town_of = {t.region: t for t in self.towns}
        for _n in range(self.counts["suggestions"]):
            congress = with_deputies[rng.randrange(len(with_deputies))]
            deputy, person = congress.deputies[rng.randrange(len(congress.deputies))]
            year = SESSION_YEARS[rng.randrange(len(SESSION_YEARS))]
            period = Period.SESSION if rng.random() < 0.6 else Period.RECESS
            key = (congress.body, year, period)
            seq[key] = seq.get(key, 0) + 1
            number = f"{congress.name}{year}{'会' if period == Period.SESSION else '闭'}{seq[key]:05d}"
            submitted = datetime.date(year, 3, 1) + datetime.timedelta(days=rng.randrange(0, 240))
            state = rng.choices(states, weights)[0]
            pk = suggestions.new_id()
            row: dict[str, Any] = {"id": pk, "number": number, "congress_id": congress.body, "region_id": congress.region,
                                   "author_id": deputy, "author_person_id": person, "period": period,
                                   "title": f"关于改善{congress.name}{rng.choice(CATEGORIES)}的建议", "text": "建议加大投入，尽快解决。",
                                   "category": rng.choice(CATEGORIES), "keywords": "投入 解决", "state": state,
                                   "submitted_on": submitted, "ack_due": submitted + datetime.timedelta(days=7),
                                   "created_at": datetime.datetime.combine(submitted, datetime.time(10), tzinfo=datetime.UTC)}  # fmt: skip
            if state == State.NOT_ACCEPTED:
                row["review_reason"] = "不属于本级人大代表建议的范围。"
            if state in (State.ACCEPTED, State.ASSIGNED, State.ANSWERED, State.CLOSED):
                row["accepted_on"] = submitted + datetime.timedelta(days=3)
            if state in (State.ASSIGNED, State.ANSWERED, State.CLOSED):
                town = town_of.get(congress.region)
                district = town.district if town else congress.region
                unit = town.unit if town and rng.random() < 0.5 else rng.choice(self.district_units[district])
                assigned = submitted + datetime.timedelta(days=5)
                due = assigned + datetime.timedelta(days=90)
                row.update(assigned_on=assigned, answer_due=due, lead_unit_id=unit)
                assignment = assignments.new_id()
                assignments.add(id=assignment, suggestion_id=pk, unit_id=unit, region_id=congress.region, role=Assignment.Role.LEAD,
                                status=Assignment.Status.ACCEPTED, assigned_on=assigned, due_on=due,
                                return_due=assigned + datetime.timedelta(days=5), accepted_on=assigned + datetime.timedelta(days=2),
                                suggestion_state=state)  # fmt: skip
                if state in (State.ANSWERED, State.CLOSED):
                    outcome = rng.choice("AABC")
                    answered = assigned + datetime.timedelta(days=rng.randrange(20, 95))
                    answers.add(id=answers.new_id(), suggestion_id=pk, assignment_id=assignment, unit_id=unit, round=1,
                                kind=Answer.Kind.ANSWER, outcome=outcome,
                                outcome_reason="受财力限制，暂不能解决。" if outcome == "C" else "", text="经研究，答复如下。",
                                letter="", letter_kind=Answer.LetterKind.DOCX, signed_by="局长", answered_on=answered, due_on=due,
                                follow_up_on=answered + datetime.timedelta(days=365) if outcome == "B" else None)  # fmt: skip
                    if state == State.CLOSED:
                        row["closed_on"] = answered + datetime.timedelta(days=30)
            suggestions.add(**row)
            if len(assignments.rows) >= FLUSH or len(answers.rows) >= FLUSH:
                suggestions.flush()
                assignments.flush()
                answers.flush()
        suggestions.flush()
        assignments.flush()
        for (congress_id, year, run), last in sorted(seq.items()):
            counters.add(id=counters.new_id(), congress_id=congress_id, year=year, period=run, last=last)
        return [suggestions, assignments, answers, counters]

    # --- attendance and participation -------------------------------------------------------------------------

    def attendance(self) -> list[Table]:
        rng = self.rng
        meetings, attendance = self.table(Meeting), self.table(Attendance)
        for congress in self.congresses:
            for k, year in enumerate(SESSION_YEARS):
                meeting = meetings.new_id()
                start = datetime.date(year, 1, 10) + datetime.timedelta(days=congress.body % 20)
                meetings.add(id=meeting, body_id=congress.body, term_id=congress.term, number=k + 1,
                             title=f"{congress.name}第{k + 1}次会议", start_date=start, end_date=start + datetime.timedelta(days=2),
                             region_id=congress.region, state=Meeting.State.CLOSED, signin_token=f"p{meeting:031d}",
                             created_at=datetime.datetime.combine(start, datetime.time(8), tzinfo=datetime.UTC))  # fmt: skip
                for _deputy, person in congress.deputies:
                    roll = rng.random()
                    if roll < 0.92:
                        extra = {"status": Attendance.Status.PRESENT, "signin_method": Attendance.Method.QR,
                                 "signed_in_at": datetime.datetime.combine(start, datetime.time(8, 30), tzinfo=datetime.UTC)}  # fmt: skip
                    elif roll < 0.97:
                        extra = {"status": Attendance.Status.LEAVE, "leave_reason": "因公出差"}
                    else:
                        extra = {"status": Attendance.Status.ABSENT}
                    attendance.add(
                        id=attendance.new_id(), meeting_id=meeting, person_id=person, region_id=congress.region, **extra
                    )
                    if len(attendance.rows) + 1 >= FLUSH:
                        meetings.flush()
        return [meetings, attendance]

    def activities(self) -> list[Table]:
        activities, signins, duties = self.table(Activity), self.table(SignIn), self.table(DutyAssignment)
        attended = self.out.rows.get(Attendance._meta.db_table, 0)
        remaining = max(0, self.counts["participation"] - attended)
        per_station = ACTIVITIES_PER_STATION
        n_activities = per_station * len(self.towns)
        per_signins = round(remaining * 2 / 3 / n_activities)
        per_duties = round(remaining / 3 / n_activities)
        first = datetime.date(2022, 1, 4)
        for town in self.towns:
            people = town.deputies
            for k in range(per_station):
                day = first + datetime.timedelta(days=14 * k)
                activity = activities.new_id()
                offset = (k * 7) % len(people) if people else 0
                chosen = [people[(offset + j) % len(people)] for j in range(min(len(people), max(per_signins, per_duties)))]
                # visits: the activity's kept sign-in count (renda/stations/visits.py), the sign-ins written below
                activities.add(id=activity, station_id=town.station, region_id=town.region, kind=Activity.Kind.RECEPTION,
                               topic="代表接待选民日", date=day, status=Activity.Status.HELD, voters_received=5 + k % 20,
                               checkin_token=f"p{activity:031d}", visits=len(chosen[:per_signins]))  # fmt: skip
                if not people:
                    continue
                at = datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)
                for deputy in chosen[:per_signins]:
                    signins.add(id=signins.new_id(), activity_id=activity, deputy_id=deputy, method=SignIn.Method.QR, at=at)
                self.out.signins_by_year[day.year] = self.out.signins_by_year.get(day.year, 0) + len(chosen[:per_signins])
                for deputy in chosen[:per_duties]:
                    duties.add(id=duties.new_id(), activity_id=activity, deputy_id=deputy)
                if len(signins.rows) + per_signins >= FLUSH or len(duties.rows) + per_duties >= FLUSH:
                    activities.flush()
        return [activities, signins, duties]


def generate(
    scale: float, seed: int = 17, as_of: datetime.date | None = None, say: Callable[[str], Any] = lambda s: None
) -> Generated:
    """Generate a province at `scale` into the configured database; what was written."""
    return Province(scale, seed, as_of or datetime.date(2025, 11, 30), say).run()


def summary(out: Generated, tables: Sequence[str] = ()) -> list[str]:
    lines = [f"{table:<32} {n:>12,}" for table, n in sorted(out.rows.items()) if not tables or table in tables]
    lines.append(f"{'total':<32} {sum(out.rows.values()):>12,}")
    return lines
