"""`bench_table --setups`: the one table of every setup and scale, with the ratios the targets of issue #17 are about
(the measuring itself runs in the benchmark, not here)."""

from io import StringIO

import pytest
from django.core.management.base import CommandError

from renda.bench.management.commands.bench_table import Command, Setups

OPTS = {"setups": "sqlite,pg,cluster", "scales": "demo,province", "pg_url": "postgres://x/demo", "pg_province_url": "postgres://x/p",
        "cluster": "var/cluster", "runs": 3, "province_runs": 2, "warmup": 0, "sqlite_url": "sqlite:///x"}  # fmt: skip


def result(page_ms: float, raw_ms: float) -> dict:
    row = {"label": "opinions list", "kind": "list", "path": "/opinions/", "timings_ms": [page_ms] * 3, "raw_ms": [raw_ms] * 3,
           "queries": 5, "statuses": {"200": 4}}  # fmt: skip
    base = {"label": "baseline /healthz", "timings_ms": [1.0, 2.0], "raw_ms": [], "statuses": {"200": 3}}
    return {"label": "x", "load": "load average 1.00 (1 min) 1.00 (5 min)", "rows": [row], "base": base}


def test_the_columns_are_every_setup_and_scale_but_sqlite_at_province_scale():
    setups = Setups(Command(), OPTS)
    assert setups.columns() == [
        ("demo", "sqlite"),
        ("demo", "pg"),
        ("demo", "cluster"),
        ("province", "pg"),
        ("province", "cluster"),
    ]


def test_the_table_prints_each_page_per_setup_with_its_raw_sql_and_the_ratios():
    command = Command(stdout=StringIO())
    setups = Setups(command, OPTS)
    setups.table({
        ("demo", "pg"): result(100, 40), ("demo", "cluster"): result(120, 40),
        ("province", "pg"): result(150, 100), ("province", "cluster"): result(180, 90),
    })  # fmt: skip
    out = command.stdout.getvalue()
    line = next(line for line in out.splitlines() if line.startswith("opinions list"))
    assert "100 / 100 (40)" in line and "180 / 180 (90)" in line
    # cluster: province p95 over its raw (2.0), PostgreSQL's (1.5); province over demo: cluster 1.5, PostgreSQL 1.5
    assert line.split()[-4:] == ["2.0", "1.5", "1.5", "1.5"]
    assert "baseline /healthz" in out and "1.0 / 2.0" in out


def test_a_setup_without_its_database_is_refused():
    with pytest.raises(CommandError):
        Setups(Command(), {**OPTS, "cluster": ""})
    with pytest.raises(CommandError):
        Setups(Command(), {**OPTS, "setups": "sqlite,mysql"})
