"""The suggestions and deputies lists (their filters: selects, or typeahead pickers over core.picker_threshold) and the
picker's searches, timed in process as `bench_province_office` on a generated province. Read only: a READ ONLY
transaction, rolled back, and no session written (the views get a RequestFactory request with the user set).

    DATABASE_URL=postgres://renda:renda@127.0.0.1:5432/renda_scale5_full RUNS=9 \
        python manage.py shell < scripts/measure_picker.py
"""

import os
import statistics
import time

from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import resolve

from renda.core import picker
from renda.core.models import User
from renda.org.scoping import scope_for

RUNS = int(os.environ.get("RUNS", "7"))
USER = User.objects.get(username=os.environ.get("BENCH_USER", "bench_province_office"))
SEARCHES = [("units", "教育"), ("units", "局"), ("sessions", "区001"), ("congresses", "镇"), ("terms", "区001"),
            ("regions", "镇00"), ("stations", "镇0001"), ("deputies", "王")]  # fmt: skip


def get(path):
    request = RequestFactory().get(path)
    request.user = USER
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    match = resolve(request.path_info)
    response = match.func(request, *match.args, **match.kwargs)
    response = response.render() if hasattr(response, "render") else response
    assert response.status_code == 200, (path, response.status_code)
    return response


def timed(call, runs):
    call()  # warm
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


with transaction.atomic():
    with connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION READ ONLY")
    for path in ["/suggestions/", "/deputies/"]:
        p50, p95 = timed(lambda path=path: get(path), RUNS)
        with CaptureQueriesContext(connection) as queries:
            size = len(get(path).content)
        print(f"{path:14} p50 {p50:6.0f} ms  p95 {p95:6.0f} ms  queries {len(queries):2}  bytes {size:,}")
    scope = scope_for(USER)
    for kind, q in SEARCHES:
        definition = picker.KINDS[kind]
        p50, p95 = timed(lambda d=definition, q=q: picker.search(d, scope, q), 5)
        print(
            f"choices {kind:10} q={q:6} found {len(picker.search(definition, scope, q)):2}  p50 {p50:5.1f} ms  p95 {p95:5.1f} ms"
        )
    transaction.set_rollback(True)
