"""Time the suggestion figures counted live and summed from the kept cells, side by side in one run (issue #17).

    DATABASE_URL=postgres://renda:renda@127.0.0.1:5432/renda_kept6b_full \\
        python scripts/bench_suggestion_figures.py [--user bench_province_office] [--year 2024] [--runs 5]

Signs in as the user (the province office by default) with the Django test client and requests the figures page,
its export and the work overview; then calls the overview's suggestions section (three periods) directly. "live"
counts from the records (the kept cells bypassed), "kept" reads them. Prints p50/p95 in ms and the load average.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from renda.core.headline import half_year  # noqa: E402
from renda.core.models import User  # noqa: E402
from renda.org.scoping import scope_for  # noqa: E402
from renda.suggestions import headline, selectors  # noqa: E402


def timed(call: Callable[[], object], runs: int) -> tuple[list[float], int]:
    call()  # warm
    out = []
    with CaptureQueriesContext(connection) as queries:
        call()
    for _ in range(runs):
        started = time.perf_counter()
        call()
        out.append((time.perf_counter() - started) * 1000)
    return out, len(queries.captured_queries)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--user", default="bench_province_office")
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    user = User.objects.get(username=args.user)
    client = Client()
    client.force_login(user)
    scope = scope_for(user)
    periods = [half_year(args.year, 2), half_year(args.year, 1), half_year(args.year - 1, 2)]

    def get(path: str) -> Callable[[], object]:
        def call() -> object:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)  # noqa: S101
            return response

        return call

    cases = {
        f"figures page ?year={args.year}": get(f"/suggestions/figures/?year={args.year}"),
        "figures export (xlsx)": get(f"/suggestions/figures/?year={args.year}&export=xlsx"),
        "figures page, all years": get("/suggestions/figures/"),
        "overview suggestions section x3 periods": lambda: [headline.figures(scope, p) for p in periods],
        "overview page": get(f"/overview/?year={args.year}&half=2"),
    }
    print(f"database {connection.settings_dict['NAME']}, user {args.user}, load average {os.getloadavg()}")
    print(f"{'case':45} {'mode':5} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    with override_settings(ALLOWED_HOSTS=["*"]):
        for label, call in cases.items():
            for mode in ("live", "kept"):
                if mode == "live":
                    with mock.patch.object(selectors, "_kept_where", lambda scope: None):
                        ms, n = timed(call, args.runs)
                else:
                    ms, n = timed(call, args.runs)
                print(f"{label:45} {mode:5} {statistics.median(ms):8.0f} {p95(ms):8.0f} {n:8}", flush=True)
    print(f"load average {os.getloadavg()}")


if __name__ == "__main__":
    main()
