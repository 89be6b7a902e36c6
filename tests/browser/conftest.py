"""Browser tests: Debian's Chromium through Playwright, against a demo server of their own.

The server is not pytest-django's live_server (that would flush the demo data the other tests share): a
session fixture builds the demo district in a temporary SQLite database, runs `manage.py runserver` on a
free port and stops it at the end. The tests touch no database themselves; they only drive the browser.

RENDA_DOC_SCREENSHOTS=1 makes the tests also write the screenshots the user guide embeds into docs/img/.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
DOC_IMAGES = ROOT / "docs" / "img"
DOC_IMAGE_MAX_BYTES = 300 * 1024
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PASSWORD = "Renda@2017"
# Files every page needs; the server must serve them or nothing renders as a user would see it.
STATIC_PROBES = ["/static/renda/app.css", "/static/vendor/htmx/htmx.min.js", "/static/vendor/echarts/echarts.min.js"]


def pytest_collection_modifyitems(config, items):
    """Run browser tests after all others: while Playwright's session-scoped driver is up, an asyncio loop runs in
    this thread and Django refuses ORM calls from it (SynchronousOnlyOperation), so no database test may follow."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own server
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except (urllib.error.URLError, OSError):
        return 0


def _log_tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


@pytest.fixture(scope="session")
def demo_server():
    """Base URL of a runserver over a fresh demo district (SQLite in a temporary directory)."""
    data_dir = Path(tempfile.mkdtemp(prefix="renda-browser-"))
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "TEST_DATABASE_NAME"}}
    env.update(RENDA_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="renda.settings.dev", DEBUG="1", PYTHONUNBUFFERED="1")
    manage = [sys.executable, str(ROOT / "manage.py")]
    log_path = data_dir / "server.log"
    server = None
    try:
        for command in (["migrate", "--noinput", "-v0"], ["demo"]):
            done = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
                manage + command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
            )
            if done.returncode != 0:
                pytest.fail(f"manage.py {' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
        port = _free_port()
        base_url = f"http://127.0.0.1:{port}"
        with log_path.open("wb") as log:
            server = subprocess.Popen(  # noqa: S603 - our own manage.py with fixed arguments
                manage + ["runserver", f"127.0.0.1:{port}", "--noreload"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                pytest.fail(f"runserver exited with {server.returncode}:\n{_log_tail(log_path)}")
            if _status(f"{base_url}/healthz") == 200:
                break
            if time.monotonic() > deadline:
                pytest.fail(f"runserver did not answer /healthz within 60 s:\n{_log_tail(log_path)}")
            time.sleep(0.25)
        missing = [path for path in STATIC_PROBES if _status(base_url + path) != 200]
        if missing:
            pytest.fail(
                f"the demo server does not serve {', '.join(missing)}: pages would have no CSS, htmx or charts "
                "(are renda/static/ files reachable by a staticfiles finder, e.g. STATICFILES_DIRS?)"
            )
        yield base_url
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=10)
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's launch options, with Debian's Chromium instead of Playwright's own download."""
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium); browser tests need it")
    return {**browser_type_launch_args, "executable_path": executable, "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url(demo_server):
    """pytest-playwright gives every context this base URL, so pages can go to "/deputies/"."""
    return demo_server


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """Chinese users in China on a desktop screen; downloads allowed (the Excel export)."""
    return {
        **browser_context_args,
        "locale": "zh-CN",
        "timezone_id": "Asia/Shanghai",
        "viewport": {"width": 1280, "height": 800},
        "accept_downloads": True,
    }


@pytest.fixture
def screenshot():
    """save_screenshot(page, name, doc=...): see below."""
    return save_screenshot


@pytest.fixture
def login(base_url):
    """Log the page in through the login form; returns the page on the home page."""

    def _login(page, username: str, *, screenshot: str | None = None, doc: str | None = None):
        page.goto("/accounts/login/")
        page.locator("input[name=username]").fill(username)
        page.locator("input[name=password]").fill(PASSWORD)
        if screenshot:
            save_screenshot(page, screenshot, doc=doc)
        page.locator("button[type=submit]").click()
        page.wait_for_url(f"{base_url}/")
        return page

    return _login


def save_screenshot(page, name: str, *, doc: str | None = None) -> Path:
    """A full-page PNG in test-artifacts/screenshots/; with RENDA_DOC_SCREENSHOTS=1 also docs/img/<doc>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True, animations="disabled")
    if doc and os.environ.get("RENDA_DOC_SCREENSHOTS") == "1":
        DOC_IMAGES.mkdir(parents=True, exist_ok=True)
        target = DOC_IMAGES / f"{doc}.png"
        data = path.read_bytes()
        if len(data) > DOC_IMAGE_MAX_BYTES:
            # Too heavy for the repository: keep only what the screen shows.
            data = page.screenshot(full_page=False, animations="disabled")
        assert len(data) <= DOC_IMAGE_MAX_BYTES, f"{target.name} is {len(data) // 1024} KB, over the 300 KB limit for docs/img"
        target.write_bytes(data)
    return path


@pytest.fixture
def page(page):
    """Playwright's page, failing the test when the browser refuses something under the Content-Security-Policy
    (an inline script or handler, an eval, a resource from elsewhere): every page must work under the policy."""
    violations: list[str] = []

    def watch(message) -> None:
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            violations.append(text)

    page.on("console", watch)
    yield page
    assert not violations, "CSP violations:\n" + "\n".join(violations)
