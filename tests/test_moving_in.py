"""A fresh database (migrate only, and the installation's `createsuperuser`) set up to a working district through the
pages, the Excel imports and the API alone, then a past half-year of its ledgers (activities, opinions, suggestions
with every handling round) imported years later, every overview figure compared with a count of the imported rows:
tests/moving_in_district.py (after renda/setup/tests/fresh_district.py), in a process of its own."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_a_fresh_database_is_set_up_through_pages_imports_and_the_api():
    with tempfile.TemporaryDirectory(prefix="renda-moving-in-") as data_dir:
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "TEST_DATABASE_NAME"}}
        env.update(RENDA_DATA_DIR=data_dir, DJANGO_SETTINGS_MODULE="renda.settings.dev", PYTHONPATH=str(ROOT))
        done = subprocess.run(  # noqa: S603 - our own script
            [sys.executable, "-m", "tests.moving_in_district"], cwd=ROOT, env=env, capture_output=True, text=True,
            timeout=1500, check=False,
        )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-5000:]
    assert done.stdout.strip().splitlines()[-1].startswith("OK")
