"""The suggestion figures kept per cell (`renda.suggestions.kept`): every kind of write leaves every kept cell equal to
its live count; the figures page and the overview read the same numbers from the kept cells as from the records;
the figures page costs the same queries whatever the number of units."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.urls import reverse

from renda.core import kept as core_kept
from renda.org.models import Role
from renda.org.scoping import build_scope
from renda.org.tests.factories import PersonFactory, UnitFactory, UserFactory, scope_of
from renda.suggestions import kept, selectors, services
from renda.suggestions.models import KeptByCategory, KeptByUnit, Suggestion
from renda.suggestions.tests.factories import ANSWER, SuggestionCast
from renda.testing.queries import get_counted

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def cast():
    return SuggestionCast()


def assert_kept() -> None:
    for k in kept.ALL:
        assert core_kept.differences(k) == {}, k.name


def live_figures(scope, year):
    with mock.patch.object(selectors, "_kept_where", lambda scope: None):
        return selectors.figures(scope=scope, year=year, today=D(2017, 12, 31)), selectors.headline_totals(scope=scope, year=year)


def assert_same_as_live(scope, year) -> None:
    fig = selectors.figures(scope=scope, year=year, today=D(2017, 12, 31))
    live, live_totals = live_figures(scope, year)
    assert fig["totals"] == live["totals"]
    assert sorted(fig["units"], key=lambda u: u["unit_id"]) == sorted(live["units"], key=lambda u: u["unit_id"])
    assert sorted(fig["categories"], key=lambda c: c["category"]) == sorted(live["categories"], key=lambda c: c["category"])
    assert fig["states"] == live["states"] and fig["outcomes"] == live["outcomes"]
    if year is not None:
        assert selectors.headline_totals(scope=scope, year=year) == live_totals


def fresh(s: Suggestion) -> Suggestion:
    return Suggestion.objects.get(pk=s.pk)


def test_every_write_keeps_the_cells(cast):
    office, office_scope = cast.users["office"], cast.scope("office")
    s = cast.submit(cosigners=[cast.cosigner])
    assert_kept()  # waiting for the co-signer: not counted yet
    services.cosign_respond(actor=cast.users["deputy_s1"], scope=cast.scope("deputy_s1"), suggestion=s, confirm=True,
                            on=D(2017, 6, 2))  # fmt: skip
    assert_kept()
    assert KeptByCategory.objects.get(region=cast.district, year=2017).in_submitted == 1
    s = cast.assign(fresh(s))
    assert_kept()
    assert KeptByUnit.objects.get(unit=cast.edu).in_assigned == 1
    services.suggestion_extend(actor=office, scope=office_scope, suggestion=s, consent="代表电话同意", on=D(2017, 6, 15))
    assert_kept()
    services.assignment_return(actor=cast.users["edu_clerk"], scope=cast.scope("edu_clerk"), assignment=cast.lead(s),
                               reason="不属于本单位职责", on=D(2017, 6, 16))  # fmt: skip
    assert_kept()
    assert KeptByUnit.objects.get(unit=cast.edu).in_assigned == 0
    s = services.suggestion_assign(actor=office, scope=office_scope, suggestion=fresh(s), lead=cast.police, on=D(2017, 6, 18))
    assert_kept()
    s = services.suggestion_reassign(actor=office, scope=office_scope, suggestion=s, lead=cast.edu, reason="职责调整",
                                     on=D(2017, 6, 20))  # fmt: skip
    assert_kept()
    leader = PersonFactory.create()
    services.key_designate(actor=office, scope=office_scope, suggestion=fresh(s), decision="主任会议决定", decided_on=D(2017, 11, 26),
                           lead_leader=leader, lead_leader_title="副区长", plan="每季度听取汇报", supervisor=leader)  # fmt: skip
    assert_kept()
    cast.answer(fresh(s), on=D(2017, 8, 1))
    assert_kept()
    cast.feedback(fresh(s), "not")
    assert_kept()
    cast.answer(fresh(s), on=D(2017, 9, 1), outcome="B", follow_up_on=D(2017, 12, 1))
    assert_kept()
    cast.feedback(fresh(s), "satisfied", "basic", on=D(2017, 9, 5))
    assert_kept()
    services.answer_follow_up(actor="t", scope=cast.scope("edu_clerk"), assignment=cast.lead(fresh(s)), text=ANSWER + "已完成。",
                              on=D(2017, 11, 20))  # fmt: skip
    assert_kept()
    services.suggestion_publish(actor="t", scope=office_scope, suggestion=fresh(s), on=D(2017, 11, 25))
    assert_kept()
    cell = KeptByCategory.objects.get(region=cast.district, year=2017)
    assert (cell.in_closed, cell.key, cell.rehandled, cell.basic, cell.rated) == (1, 1, 1, 1, 1)
    # refused, merged, accepted: one each
    refused, merged, accepted = (cast.submit(token=t, on=D(2017, 7, 1)) for t in ("r", "m", "a"))
    assert_kept()
    services.suggestion_refuse(actor=office, scope=office_scope, suggestion=refused, reason="属于个案诉求", on=D(2017, 7, 3))
    assert_kept()
    services.suggestion_accept(actor=office, scope=office_scope, suggestion=accepted, on=D(2017, 7, 3))
    assert_kept()
    services.suggestion_merge(actor=office, scope=office_scope, suggestion=merged, target=accepted, on=D(2017, 7, 4))
    assert_kept()
    cell.refresh_from_db()
    assert (cell.in_not_accepted, cell.in_merged, cell.in_accepted, cell.in_closed) == (1, 1, 1, 1)
    assert_same_as_live(office_scope, 2017)


def test_a_past_step_with_at_and_a_new_year(cast):
    """A ledger's past steps (`at=`) land in the cells of their own year."""
    s = cast.submit(on=D(2016, 12, 30))
    at = datetime.datetime(2017, 1, 5, 10, tzinfo=datetime.UTC)
    services.suggestion_assign(actor=cast.users["office"], scope=cast.scope("office"), suggestion=s, lead=cast.edu, at=at)
    assert_kept()
    assert KeptByUnit.objects.get(unit=cast.edu, year=2016).in_assigned == 1


def test_kept_figures_equal_the_live_count_on_the_demo(world):
    """The demo district (built with the recount deferred, then rebuilt) agrees cell by cell, and every scope that
    reads the kept cells sees the numbers the records give."""
    assert_kept()
    for who in ("office", "leader", "wjj_staff", "xc_staff", "admin"):
        scope = build_scope(world.users[who])
        for year in (2017, None):
            assert_same_as_live(scope, year)


def test_scopes_the_cells_cannot_tell_apart_count_live(world):
    """A unit clerk's or a deputy's suggestions are not whole cells: such a scope counts from the records."""
    both = UserFactory.create(grants=[(Role.OFFICE, {"region": world.district}), (Role.UNIT_CLERK, {"unit": world.edu_unit})])
    assert selectors._kept_where(scope_of(both)) is None
    assert selectors._kept_where(build_scope(world.users["office"])) is not None
    assert_same_as_live(scope_of(both), 2017)


def test_figures_page_queries_do_not_grow_with_the_units(world):
    """The page reads three sums of kept cells and one live count of the overdue, whatever the units: more units
    with suggestions cost no query more (and a province's thousands of units are shown a page at a time)."""
    client = world.client("office")
    url = reverse("suggestions:figures") + "?year=2017"
    office = build_scope(world.users["office"])
    before = len(selectors.figures(scope=office, year=2017)["units"])
    _page, few = get_counted(client, url)
    deputy, scope = world.users["deputy"], build_scope(world.users["deputy"])
    for i in range(3):
        unit = UnitFactory.create(region=world.district)
        s = services.suggestion_create(actor=deputy, scope=scope, author=world.own_deputy, title=f"关于新增事项{i}的建议",
                                       text=ANSWER, category="城乡建设", cosigners=[], submit=True, on=D(2017, 7, 1))  # fmt: skip
        services.suggestion_assign(actor=world.users["office"], scope=office, suggestion=s, lead=unit, on=D(2017, 7, 3))
    assert len(selectors.figures(scope=office, year=2017)["units"]) == before + 3
    page, many = get_counted(client, url)
    assert many == few <= 16
    assert page.content.decode().count("&on_time=1") == before + 3 + 1  # each unit's link and the totals'
    assert_kept()
