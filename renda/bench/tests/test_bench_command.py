"""`manage.py bench_pages` end to end on a fresh SQLite file: prepare, serve with gunicorn, time, report.

About 25 s on an idle 2-CPU host, most of it migrate + demo; the wall time is not asserted, so a busy CI host
does not make it flaky. Deselect with `-m "not bench"`.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.bench
def test_bench_pages_reports_p95_per_page():
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "RENDA_DATA_DIR", "DJANGO_SETTINGS_MODULE"}}
    completed = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, str(ROOT / "manage.py"), "bench_pages", "--requests", "3", "--warmup", "1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    # page, user, n, p50, p95, max
    row = re.compile(r"^/deputies/\s+office\s+3\s+[\d.]+\s+(?P<p95>[\d.]+)\s+[\d.]+", re.MULTILINE)
    match = row.search(completed.stdout)
    assert match, completed.stdout
    assert float(match["p95"]) > 0
    assert "summary: worst p95" in completed.stdout
