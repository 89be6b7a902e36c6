"""The demo district 秀洲区 (DOMAIN.md §2): regions, congress bodies and terms, deputies, units and one login per role.

Deterministic (a seeded random generator) and safe to run twice: a second run finds the district and
changes nothing. Names are generated and belong to no real person. Later workflow apps add their own
activity to what this builds (their `demo.build(context)`).
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.contrib.auth.hashers import get_hasher, make_password
from django.db import transaction
from django.test.utils import override_settings

from renda.core import rules
from renda.core.audit import audit_event, audit_record, audit_record_many, audit_seal, snapshot
from renda.core.models import User
from renda.core.registry import demo_builders
from renda.core.text import id_number_check_digit

from .models import (
    Body,
    ContactAssignment,
    Deputy,
    DeputyGroup,
    ElectoralDistrict,
    Membership,
    Person,
    Region,
    Role,
    RoleGrant,
    Term,
    Unit,
)
from .services import person_fill_keys

DISTRICT = "秀洲区"
TOWNS = ["王江泾镇", "油车港镇", "新塍镇", "王店镇", "洪合镇"]
SUBDISTRICTS = ["新城街道", "嘉北街道", "塘汇街道", "高照街道"]
DEMO_PASSWORD = "Renda@2017"  # noqa: S105 - printed for the demo logins; never used outside the demo

SURNAMES = list("沈陈王张李朱徐周吴钱金顾陆杨姚孙俞蒋屠费马许胡唐邱范施郁盛褚曹宋冯潘严蔡黄")
GIVEN = list("建国明华伟芳丽强军平林英红荣根兴海新春秋雪梅静敏杰斌浩宇晨磊峰燕萍琴霞忠良德志文振洪卫东玉凤")
VILLAGE_WORDS = list("荷花田乐丰南北东西新民中兴和平桥港塘湾浜泾庄家园星光永安联众集镇洲溪湖河")

DISTRICT_DEPARTMENTS = [
    "区发展和改革局",
    "区经济和信息化局",
    "区教育局",
    "区科学技术局",
    "区公安分局",
    "区民政局",
    "区司法局",
    "区财政局",
    "区人力资源和社会保障局",
    "区自然资源和规划分局",
    "区生态环境分局",
    "区住房和城乡建设局",
    "区交通运输局",
    "区水利局",
    "区农业农村局",
    "区商务局",
    "区文化和广电旅游体育局",
    "区卫生健康局",
    "区退役军人事务局",
    "区应急管理局",
    "区审计局",
    "区市场监督管理局",
    "区统计局",
    "区医疗保障局",
    "区综合行政执法局",
    "区行政审批服务中心",
    "区信访局",
    "区大数据发展中心",
    "区供销合作社",
    "区国有资产管理中心",
    "区城市建设投资公司",
    "区残疾人联合会",
]
TOWN_STATIONS = ["农业农村办公室", "综合行政执法中队", "派出所", "社区卫生服务中心", "自然资源所"]


@dataclass
class DemoContext:
    """What later demo builders need: the district, its regions and bodies, users by role, the generator."""

    rng: random.Random
    district: Region
    towns: list[Region] = field(default_factory=list)
    subdistricts: list[Region] = field(default_factory=list)
    villages: dict[int, list[Region]] = field(default_factory=dict)
    district_congress: Body | None = None
    standing_committee: Body | None = None
    directors_meeting: Body | None = None
    town_congresses: dict[int, Body] = field(default_factory=dict)
    district_term: Term | None = None
    town_terms: dict[int, Term] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    created: bool = True


LOGINS = [
    # username, display name, role, target
    ("admin", "系统管理员", Role.ADMIN, None),
    ("office", "区人大办公室 王秘书", Role.OFFICE, "district"),
    ("committee", "教科文卫工委 李干事", Role.COMMITTEE, "committee"),
    ("wjj_staff", "王江泾镇人大 周干事", Role.TOWN, "王江泾镇"),
    ("xc_staff", "新塍镇人大 陆干事", Role.TOWN, "新塍镇"),
    ("wjj_liaison", "王江泾镇联络员", Role.LIAISON, "王江泾镇"),
    ("edu_clerk", "区教育局 办理员", Role.UNIT_CLERK, "区教育局"),
    ("leader", "区人大常委会主任", Role.LEADER, "district"),
    ("deputy", "区代表 deputy 0001", Role.DEPUTY, None),
]


def _password_hash(password: str, algorithm: str) -> str:
    """One hash per password and hasher for the whole run: hashing costs a tenth of a second or more each time, and
    every demo login has the same documented password."""
    key = (password, algorithm)
    if key not in _HASHES:
        _HASHES[key] = make_password(password)
    return _HASHES[key]


_HASHES: dict[tuple[str, str], str] = {}


def demo_user(username: str, display_name: str, *, password: str | None = DEMO_PASSWORD, **extra: object) -> User:
    """A demo login (the documented password, or none): the password hashed once and the hash reused."""
    hashed = _password_hash(password, str(get_hasher().algorithm)) if password else make_password(None)
    return User.objects.create(username=username, display_name=display_name, password=hashed, **extra)


def login_table() -> list[tuple[str, str, str]]:
    return [(u, DEMO_PASSWORD, name) for u, name, _r, _t in LOGINS]


def _id_number(rng: random.Random, birth: datetime.date, female: bool, used: set[str]) -> str:
    while True:
        seq = rng.randrange(0, 100) * 10 + rng.choice([0, 2, 4, 6, 8] if female else [1, 3, 5, 7, 9])
        first17 = f"330411{birth:%Y%m%d}{seq:03d}"
        value = first17 + id_number_check_digit(first17)
        if value not in used:
            used.add(value)
            return value


def _person(rng: random.Random, used_ids: set[str], names: set[str]) -> Person:
    female = rng.random() < 0.3
    while True:
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2, 2])))
        if name not in names:
            names.add(name)
            break
    birth = datetime.date(1952 + rng.randrange(0, 38), rng.randrange(1, 13), rng.randrange(1, 29))
    party = rng.choices([Person.Party.CPC, Person.Party.DEMOCRATIC, Person.Party.NONE], [70, 8, 22])[0]
    return person_fill_keys(
        Person(
            name=name,
            gender=Person.Gender.FEMALE if female else Person.Gender.MALE,
            birth_date=birth,
            ethnicity=rng.choices(["汉族", "回族", "满族"], [97, 2, 1])[0],
            party=party,
            id_number=_id_number(rng, birth, female, used_ids),
            phone=f"13{rng.randrange(0, 10)}{rng.randrange(10**7, 10**8)}",
        )
    )


def _region_level(parent: Region, items: Sequence[tuple[str, str]]) -> list[Region]:
    children = Region.objects.bulk_create([Region(name=n, kind=k, parent=parent, sort_order=i) for i, (n, k) in enumerate(items)])
    for child in children:
        child.path = f"{parent.path}{child.pk}/"
        child.depth = parent.depth + 1
    Region.objects.bulk_update(children, ["path", "depth"])
    return children


def _village_names(rng: random.Random, count: int, suffix: str, used: set[str]) -> list[str]:
    names: list[str] = []
    while len(names) < count:
        name = rng.choice(VILLAGE_WORDS) + rng.choice(VILLAGE_WORDS) + suffix
        if name not in used and name[0] != name[1]:
            used.add(name)
            names.append(name)
    return names


def build(seed: int = 2017) -> DemoContext:
    existing = Region.objects.filter(name=DISTRICT, kind=Region.Kind.DISTRICT, parent=None).first()
    rng = random.Random(seed)
    if existing:
        return load(existing, rng)
    with transaction.atomic():
        return _build(rng)


def load(district: Region, rng: random.Random) -> DemoContext:
    ctx = DemoContext(rng=rng, district=district, created=False)
    towns = list(district.children.order_by("sort_order"))
    ctx.towns = [r for r in towns if r.kind == Region.Kind.TOWN]
    ctx.subdistricts = [r for r in towns if r.kind == Region.Kind.SUBDISTRICT]
    for region in towns:
        ctx.villages[region.pk] = list(region.children.order_by("sort_order"))
    ctx.district_congress = Body.objects.get(region=district, kind=Body.Kind.CONGRESS)
    ctx.standing_committee = Body.objects.get(region=district, kind=Body.Kind.STANDING_COMMITTEE)
    ctx.directors_meeting = Body.objects.get(region=district, kind=Body.Kind.DIRECTORS_MEETING)
    ctx.district_term = ctx.district_congress.terms.latest("number")
    for town in ctx.towns:
        congress = Body.objects.get(region=town, kind=Body.Kind.CONGRESS)
        ctx.town_congresses[town.pk] = congress
        ctx.town_terms[town.pk] = congress.terms.latest("number")
    ctx.users = {u.username: u for u in User.objects.filter(username__in=[login[0] for login in LOGINS])}
    return ctx


def _build(rng: random.Random) -> DemoContext:  # noqa: PLR0915 - one linear script reads best here
    district = Region.objects.create(name=DISTRICT, kind=Region.Kind.DISTRICT, code="330411")
    district.path = f"/{district.pk}/"
    district.save(update_fields=["path"])
    ctx = DemoContext(rng=rng, district=district)
    level = _region_level(district, [(t, Region.Kind.TOWN) for t in TOWNS] + [(s, Region.Kind.SUBDISTRICT) for s in SUBDISTRICTS])
    ctx.towns = [r for r in level if r.kind == Region.Kind.TOWN]
    ctx.subdistricts = [r for r in level if r.kind == Region.Kind.SUBDISTRICT]
    used_village_names: set[str] = set()
    for region in level:
        if region.kind == Region.Kind.TOWN:
            village_names = _village_names(rng, rng.randrange(7, 11), "村", used_village_names)
            items = [(n, Region.Kind.VILLAGE) for n in village_names] + [(region.name[:-1] + "社区", Region.Kind.COMMUNITY)]
        else:
            village_names = _village_names(rng, rng.randrange(4, 7), "社区", used_village_names)
            items = [(n, Region.Kind.COMMUNITY) for n in village_names]
        ctx.villages[region.pk] = _region_level(region, items)

    # Congress bodies and terms.
    dc = Body.objects.create(name="秀洲区人民代表大会", kind=Body.Kind.CONGRESS, level=Body.Level.DISTRICT, region=district)
    ctx.district_congress = dc
    organs = [
        ("秀洲区人大常委会", Body.Kind.STANDING_COMMITTEE),
        ("秀洲区人大常委会主任会议", Body.Kind.DIRECTORS_MEETING),
        ("秀洲区人大法制委员会", Body.Kind.SPECIAL_COMMITTEE),
        ("秀洲区人大财政经济委员会", Body.Kind.SPECIAL_COMMITTEE),
        ("秀洲区人大常委会代表工作委员会", Body.Kind.WORKING_COMMITTEE),
        ("秀洲区人大常委会教科文卫工作委员会", Body.Kind.WORKING_COMMITTEE),
        ("秀洲区人大常委会城建环保工作委员会", Body.Kind.WORKING_COMMITTEE),
        ("秀洲区人大常委会农业农村工作委员会", Body.Kind.WORKING_COMMITTEE),
    ]
    bodies = Body.objects.bulk_create(
        [
            Body(name=n, kind=k, level=Body.Level.DISTRICT, region=district, congress=dc, sort_order=i + 1)
            for i, (n, k) in enumerate(organs)
        ]
    )
    ctx.standing_committee, ctx.directors_meeting = bodies[0], bodies[1]
    committees = {b.name: b for b in bodies}
    ctx.district_term = Term.objects.create(
        congress=dc, number=9, start_date=datetime.date(2016, 12, 28), end_date=datetime.date(2021, 12, 27)
    )
    Term.objects.create(congress=dc, number=8, start_date=datetime.date(2011, 12, 26), end_date=datetime.date(2016, 12, 27))
    for sub in ctx.subdistricts:
        Body.objects.create(
            name=f"{sub.name}人大工委", kind=Body.Kind.SUBDISTRICT_COMMITTEE, level=Body.Level.DISTRICT, region=sub, congress=dc
        )
    for town in ctx.towns:
        congress = Body.objects.create(
            name=f"{town.name}人民代表大会", kind=Body.Kind.CONGRESS, level=Body.Level.TOWN, region=town
        )
        Body.objects.create(
            name=f"{town.name}人大主席团", kind=Body.Kind.PRESIDIUM, level=Body.Level.TOWN, region=town, congress=congress
        )
        ctx.town_congresses[town.pk] = congress
        ctx.town_terms[town.pk] = Term.objects.create(
            congress=congress, number=10, start_date=datetime.date(2016, 12, 20), end_date=datetime.date(2021, 12, 19)
        )

    used_ids: set[str] = set()
    names: set[str] = set()
    people: list[Person] = []
    deputies: list[Deputy] = []

    # District deputies: about 250, spread over the nine towns and sub-districts by size.
    district_groups = DeputyGroup.objects.bulk_create(
        [DeputyGroup(congress=dc, name=f"{r.name}代表小组", region=r) for r in ctx.towns + ctx.subdistricts]
    )
    district_electoral = []
    for r in ctx.towns + ctx.subdistricts:
        for n in range(1, 5):
            district_electoral.append(ElectoralDistrict(term=ctx.district_term, name=f"{r.name}第{n}选区", region=r))
    district_electoral = ElectoralDistrict.objects.bulk_create(district_electoral)
    weights = [34, 30, 32, 28, 26, 26, 24, 26, 24]
    district_people_by_region: dict[int, list[int]] = {}
    for index, (region, group, count) in enumerate(zip(ctx.towns + ctx.subdistricts, district_groups, weights, strict=True)):
        electorals = district_electoral[index * 4 : (index + 1) * 4]
        for n in range(count):
            person = _person(rng, used_ids, names)
            people.append(person)
            village = rng.choice(ctx.villages[region.pk])
            deputies.append(
                Deputy(
                    person=person,
                    congress=dc,
                    term=ctx.district_term,
                    electoral_district=electorals[n % 4],
                    group=group,
                    region=village,
                    occupation=rng.choices(list(Deputy.Occupation), [10, 14, 22, 26, 24, 1, 3])[0],
                    is_reelected=rng.random() < 0.35,
                    elected_date=ctx.district_term.start_date,
                )
            )
            district_people_by_region.setdefault(region.pk, []).append(len(people) - 1)

    # Town deputies: 40–70 per town; about a fifth of them are also district deputies of that town.
    for town in ctx.towns:
        term = ctx.town_terms[town.pk]
        congress = ctx.town_congresses[town.pk]
        villages = ctx.villages[town.pk]
        electorals = ElectoralDistrict.objects.bulk_create(
            [ElectoralDistrict(term=term, name=f"第{i + 1}选区", region=v) for i, v in enumerate(villages)]
        )
        groups = DeputyGroup.objects.bulk_create(
            [DeputyGroup(congress=congress, name=f"{town.name}第{p}片代表小组", region=town) for p in range(1, 5)]
        )
        count = rng.randrange(40, 71)
        shared = district_people_by_region[town.pk][: count // 5]
        for n in range(count):
            if n < len(shared):
                person = people[shared[n]]
            else:
                person = _person(rng, used_ids, names)
                people.append(person)
            electoral = electorals[n % len(electorals)]
            deputies.append(
                Deputy(
                    person=person,
                    congress=congress,
                    term=term,
                    electoral_district=electoral,
                    group=groups[n % 4],
                    region=electoral.region,
                    occupation=rng.choices(list(Deputy.Occupation), [14, 24, 18, 20, 20, 1, 3])[0],
                    is_reelected=rng.random() < 0.4,
                    elected_date=term.start_date,
                )
            )
    Person.objects.bulk_create(people, batch_size=500)
    # A few mandates ended during the term: they stay as history.
    for deputy in rng.sample(deputies, 6):
        deputy.status = rng.choice([Deputy.Status.RESIGNED, Deputy.Status.TERMINATED])
        deputy.status_date = datetime.date(2017, rng.randrange(2, 7), rng.randrange(1, 28))
        deputy.status_reason = "工作调动" if deputy.status == Deputy.Status.RESIGNED else "迁出本行政区域"
    for deputy in deputies:
        deputy.person_id = deputy.person.pk
    Deputy.objects.bulk_create(deputies, batch_size=500)

    # Standing committee: director, four deputy directors and members, all district deputies (a county-level
    # standing committee has no secretary-general).
    district_deputies = [d for d in deputies if d.congress_id == dc.pk and d.status == Deputy.Status.SERVING]
    members = rng.sample(district_deputies, 27)
    roles = [Membership.Role.DIRECTOR] + [Membership.Role.DEPUTY_DIRECTOR] * 4 + [Membership.Role.MEMBER] * 22
    memberships = Membership.objects.bulk_create(
        [
            Membership(
                person=d.person,
                body=ctx.standing_committee,
                term=ctx.district_term,
                role=r,
                start_date=ctx.district_term.start_date,
            )
            for d, r in zip(members, roles, strict=True)
        ]
    )
    Membership.objects.bulk_create(
        [
            Membership(person=m.person, body=ctx.directors_meeting, term=ctx.district_term, role=m.role, start_date=m.start_date)
            for m in memberships[:5]
        ]
    )
    committee_members = memberships[6:]
    for i, body in enumerate(b for b in bodies[2:]):
        chair, *rest = committee_members[i * 3 : (i + 1) * 3]
        # a special committee is headed by its 主任委员, a working committee by its 主任
        head = Membership.Role.CHAIR if body.kind == Body.Kind.SPECIAL_COMMITTEE else Membership.Role.DIRECTOR
        Membership.objects.bulk_create(
            [
                Membership(
                    person=chair.person,
                    body=body,
                    term=ctx.district_term,
                    role=head,
                    start_date=chair.start_date,
                )
            ]
            + [
                Membership(
                    person=m.person, body=body, term=ctx.district_term, role=Membership.Role.MEMBER, start_date=m.start_date
                )
                for m in rest
            ]
        )
    # Each town presidium: its chair, one or two vice chairs and members, town deputies elected by the town
    # congress at the first session of the term.
    for town in ctx.towns:
        congress = ctx.town_congresses[town.pk]
        presidium = Body.objects.get(region=town, kind=Body.Kind.PRESIDIUM)
        town_deputies = [d for d in deputies if d.congress_id == congress.pk and d.status == Deputy.Status.SERVING]
        own = random.Random(f"presidium {town.name}")  # its own generator: the district's draws stay as they were
        chosen = own.sample(town_deputies, own.randrange(7, 10))
        vices = own.choice([1, 2])
        Membership.objects.bulk_create(
            [
                Membership(
                    person=d.person,
                    body=presidium,
                    term=ctx.town_terms[town.pk],
                    role=Membership.Role.CHAIR
                    if n == 0
                    else (Membership.Role.VICE_CHAIR if n <= vices else Membership.Role.MEMBER),
                    start_date=ctx.town_terms[town.pk].start_date,
                )
                for n, d in enumerate(chosen)
            ]
        )
    others = [d for d in district_deputies if d not in members]
    rng.shuffle(others)
    ContactAssignment.objects.bulk_create(
        [ContactAssignment(member=m, deputy=d) for i, m in enumerate(memberships) for d in others[i * 8 : (i + 1) * 8]]
    )

    # Handling units.
    units = [
        Unit(
            name=n,
            kind=Unit.Kind.DEPARTMENT,
            region=district,
            head_name=_person(rng, used_ids, names).name,
            head_title="局长" if n.endswith("局") else "主任",
        )
        for n in DISTRICT_DEPARTMENTS
    ]
    units += [
        Unit(name=n, kind=kind, region=district, head_name=_person(rng, used_ids, names).name, head_title=title)
        for n, kind, title in [
            ("区监察委员会", Unit.Kind.SUPERVISORY, "主任"),
            ("区人民法院", Unit.Kind.COURT, "院长"),
            ("区人民检察院", Unit.Kind.PROCURATORATE, "检察长"),
        ]
    ]
    for town in ctx.towns:
        units += [
            Unit(
                name=f"{town.name}{s}",
                kind=Unit.Kind.STATION,
                region=town,
                head_name=_person(rng, used_ids, names).name,
                head_title="负责人",
            )
            for s in TOWN_STATIONS
        ]
    for unit in units:
        unit.phone = f"0573-8{rng.randrange(1000000, 9999999)}"
    units = Unit.objects.bulk_create(units)

    # One login per role.
    by_name = {r.name: r for r in [district, *ctx.towns, *ctx.subdistricts]}
    unit_by_name = {u.name: u for u in units}
    edu_committee = committees["秀洲区人大常委会教科文卫工作委员会"]
    for username, display, role, target in LOGINS:
        user = demo_user(username, display)
        grant = RoleGrant(user=user, role=role)
        if target == "district":
            grant.region = district
        elif target == "committee":
            grant.body = edu_committee
        elif role == Role.UNIT_CLERK and target is not None:
            grant.unit = unit_by_name[target]
        elif target:
            grant.region = by_name[target]
        if role == Role.ADMIN:
            user.is_superuser = user.is_staff = True
            user.save(update_fields=["is_superuser", "is_staff"])
        grant.save()
        ctx.users[username] = user
    deputy_person = district_deputies[0].person
    deputy_person.user = ctx.users["deputy"]
    deputy_person.save(update_fields=["user"])
    leader_person = memberships[0].person
    ctx.users["leader"].display_name = f"{leader_person.name}（区人大常委会主任）"
    ctx.users["leader"].save(update_fields=["display_name"])
    leader_person.user = ctx.users["leader"]
    leader_person.save(update_fields=["user"])

    audit_record_many(
        [audit_event(actor="demo", action="deputy.create", obj=d, after=snapshot(d), region_id=d.region_id) for d in deputies]
        + [audit_event(actor="demo", action="unit.create", obj=u, after=snapshot(u), region_id=u.region_id) for u in units]
    )
    audit_record(actor="demo", action="demo.build", obj=district, after={"deputies": len(deputies), "units": len(units)})
    return ctx


def build_all(seed: int = 2017, progress: Callable[[str], None] | None = None) -> DemoContext:
    """The org district first, then each workflow app's `demo.build(context)` in INSTALLED_APPS order.

    Each builder must be deterministic (use `context.rng`) and do nothing when its records already exist, so
    the command is safe to run twice. Used by `renda demo` and by the test database setup. `progress` hears each
    step's name and time as it ends."""
    with override_settings(RENDA_SMS_BACKEND="renda.core.notify.NullSmsBackend"), rules.cached():  # history sends no SMS
        return _build_all(seed, progress or (lambda line: None))


def _build_all(seed: int, progress: Callable[[str], None]) -> DemoContext:
    started = time.monotonic()
    context = build(seed=seed)
    progress(f"  org: district, bodies, deputies, units, logins ({time.monotonic() - started:.1f} s)")
    for builder in demo_builders():
        step = time.monotonic()
        builder(context)
        progress(f"  {builder.__module__.split('.')[-2]} ({time.monotonic() - step:.1f} s)")
    step = time.monotonic()
    sealed = audit_seal()
    progress(f"  audit chain: {sealed} events sealed ({time.monotonic() - step:.1f} s)")
    return context
