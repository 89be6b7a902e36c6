"""`generate_province` at a small scale: every constraint holds, each table holds the rows the generator says it
wrote, and the work overview's figures count the generated opinions and sign-ins (issue #17)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection

from renda.bench.province import Generated, counts_at, generate
from renda.core.headline import half_year
from renda.org.scoping import Scope
from renda.overview import collect

SCALE = 0.0005  # 100 deputies, 1,000 opinions, 150 suggestions, 5,000 attendance / sign-in / roster rows


def _figures(year: int) -> dict[str, int]:
    return {f.key: f.value for f in collect(Scope.system("test: the overview of a generated province"), half_year(year, 0))}


def _tables() -> dict[str, type]:
    return {m._meta.db_table: m for m in apps.get_models()}


@pytest.mark.django_db
def test_a_small_province_keeps_every_constraint_and_the_figures_count_its_rows():
    models = _tables()
    before_rows = {t: models[t].objects.count() for t in models}
    before = {year: _figures(year) for year in (2023, 2024)}

    out: Generated = generate(SCALE, seed=5)
    connection.check_constraints()  # the foreign keys too (deferred until commit otherwise)

    expected = counts_at(SCALE)
    assert out.rows["org_deputy"] == expected["deputies"] and out.rows["opinions_opinion"] == expected["opinions"]
    assert out.rows["suggestions_suggestion"] == expected["suggestions"]
    participation = out.rows["meetings_attendance"] + out.rows["stations_signin"] + out.rows["stations_dutyassignment"]
    assert abs(participation - expected["participation"]) <= 0.05 * expected["participation"]
    for table, n in out.rows.items():
        assert models[table].objects.count() - before_rows[table] == n, table
    for year in (2023, 2024):
        after = _figures(year)
        assert after["opinions"] - before[year].get("opinions", 0) == out.opinions_by_year[year]
        assert after["deputy_visits"] - before[year].get("deputy_visits", 0) == out.signins_by_year[year]
