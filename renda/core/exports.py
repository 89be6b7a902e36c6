"""Exports too large to answer inline, written by the task worker.

A list page answers `?export=xlsx` through `core.listing.list_or_export`. Up to the rule `core.export_inline_rows`
rows it writes the workbook in the request, as it always did. Beyond that the page queues an `Export` (who, which
list, its filters, the requester's scope at that moment) and answers at once; the task `run_export` replays the
same list view for the requester in the worker — the view builds its queryset through the requester's scope as it
does for the page, and `list_or_export` hands the rows to the `Sink` the replay carries instead of answering — so
every exporting page goes through this one path, with its own filters, permissions and columns. The file is
streamed to the private exports storage, the row moves to done with its rows and size, and the requester gets a
notice linking to "my exports". Only the requester downloads it, only while their scope at download time still
covers the scope it was written in, and only until it expires (`core.export_keep_days`; the daily job
`core.exports_expire` deletes the files).

The API (`POST /api/exports/`) queues any exporting list by its URL name and filters; the view is first replayed as
a probe (nothing read but a capped count) so that a list the caller may not open answers 403/404 before anything
is queued.
"""

from __future__ import annotations

import datetime
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.files.storage import FileSystemStorage, Storage
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks import task

from . import rules
from .actors import system
from .audit import audit_created
from .errors import DomainError, NotPermitted
from .jobs import daily
from .lifecycles import EXPORT
from .models import Export, User
from .notify import notify
from .xlsx_stream import write_xlsx

log = logging.getLogger("renda.exports")

INLINE_ROWS = rules.register(
    "core.export_inline_rows", 2000, "Exports of more rows than this are written by the task worker, not in the request"
)
KEEP_DAYS = rules.register("core.export_keep_days", 7, "Days an export's file can be downloaded before it is deleted")
PENDING_MAX = rules.register("core.export_pending_max", 3, "Exports one user may have queued or being written at once")
REQUEUE_MINUTES = 30  # a queued export this old has lost its task: the daily job queues it again
STUCK_HOURS = 6  # an export being written this long has lost its worker: the daily job fails it
MAX_FILTERS, MAX_FILTER_CHARS = 30, 1000
SCOPE_FOR = "renda.org.scoping.scope_for"  # core does not import org: the scope is read through its dotted name
SCOPE_SETS = ("roles", "region_ids", "congress_ids", "body_ids", "unit_ids")


def inline_rows() -> int:
    """The rule; RENDA_EXPORT_INLINE_ROWS, when set, overrides it (the benchmark times large exports inline)."""
    override = getattr(settings, "RENDA_EXPORT_INLINE_ROWS", None)
    return int(override) if override is not None else int(rules.value(INLINE_ROWS.key))


def storage() -> Storage:
    """The private storage of export files: never served by the web server, read only through `export_file`."""
    location = getattr(settings, "RENDA_EXPORTS_DIR", "") or os.path.join(settings.DATA_DIR, "private", "exports")
    return FileSystemStorage(location=str(location))


# --- the requester's scope -----------------------------------------------------------------------------------


def scope_of(user: Any) -> dict[str, Any]:
    """The parts of the user's scope that decide what a list shows, as JSON."""
    scope = import_string(SCOPE_FOR)(user)
    out: dict[str, Any] = {"everything": bool(scope.everything), "person_id": scope.person_id}
    for name in SCOPE_SETS:
        out[name] = sorted(getattr(scope, name))
    return out


def covers(now: Mapping[str, Any], then: Mapping[str, Any]) -> bool:
    """Whether the scope `now` still covers everything the scope `then` saw."""
    if now.get("everything"):
        return True
    if then.get("everything"):
        return False
    if then.get("person_id") and then.get("person_id") != now.get("person_id"):
        return False
    return all(set(then.get(name) or ()) <= set(now.get(name) or ()) for name in SCOPE_SETS)


# --- replaying a list view ------------------------------------------------------------------------------------


@dataclass
class Sink:
    """Carried by a replayed request: `list_or_export` gives it the list instead of answering. A probe only counts
    (capped at `limit`); otherwise the rows are written to `target`."""

    probe: bool = False
    limit: int = 0
    target: Any = None
    name: str = ""
    rows: int = 0
    called: bool = field(default=False)
    writer: Callable[..., int] = write_xlsx  # the benchmark passes the former writer to compare

    def take(self, name: str, headers: Sequence[Any], rows: Iterable[Sequence[Any]], queryset: Any) -> HttpResponse:
        self.called, self.name = True, name
        if self.probe:
            self.rows = capped_count(queryset, self.limit)
        else:
            self.rows = self.writer(self.target, headers, rows, sheet_title=name)
        return HttpResponse(status=204)


SINK_ATTRIBUTE = "renda_export_sink"


def sink_of(request: HttpRequest) -> Sink | None:
    sink = getattr(request, SINK_ATTRIBUTE, None)
    return sink if isinstance(sink, Sink) else None


def capped_count(rows: Any, limit: int) -> int:
    """How many rows, counting no further than `limit` (a province's list is never counted in full for this)."""
    if hasattr(rows, "query") and hasattr(rows, "order_by"):
        return int(rows.order_by()[:limit].count())
    return min(len(rows), limit) if hasattr(rows, "__len__") else limit


def _replay_request(user: User, path: str, query: str, sink: Sink) -> tuple[HttpRequest, Callable[..., HttpResponse], Any]:
    try:
        match = resolve(path)
    except Resolver404:
        raise Http404 from None
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = path
    request.GET = QueryDict(query + ("&" if query else "") + "export=xlsx")
    request.COOKIES = {}
    request.META = {"SERVER_NAME": "localhost", "SERVER_PORT": "80", "REMOTE_ADDR": "127.0.0.1", "HTTP_HOST": "localhost"}
    request.user = user
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    request._messages = CookieStorage(request)  # type: ignore[attr-defined]
    request.resolver_match = match
    request.LANGUAGE_CODE = "zh-hans"
    setattr(request, SINK_ATTRIBUTE, sink)
    return request, match.func, match


def replay(user: User, path: str, query: str, sink: Sink) -> HttpResponse:
    """Run the list view at `path` with `query` for `user`, its export handed to `sink`. Raises NotPermitted or
    Http404 when the view refuses, DomainError when the page answers without an export."""
    request, view, match = _replay_request(user, path, query, sink)
    with translation.override("zh-hans"):
        response = view(request, *match.args, **match.kwargs)
    if not sink.called:
        if response.status_code == 404:
            raise Http404
        if response.status_code in {302, 401, 403}:
            raise NotPermitted()
        raise DomainError(_("This list cannot be exported."), code="not_exportable")
    return response


# --- reading rows fast (for the apps' export functions) -------------------------------------------------------

CHUNK = 2000


def in_chunks(rows: Any, size: int = CHUNK) -> Iterator[list[Any]]:
    """A queryset's rows (best: `values_list`, no model instances) a chunk at a time, through a server-side cursor
    on PostgreSQL; a chunk's lookups (`Names.fill`) then cost one query per chunk, never one per row."""
    if hasattr(rows, "prefetch_related"):
        rows = rows.prefetch_related(None).iterator(chunk_size=size)
    chunk: list[Any] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class Names(dict[Any, Any]):
    """Values of the rows of a lookup table by id (a region's name, a term's number), fetched as the chunks of an
    export need them: one query per chunk for the ids not seen before. `field` may be one name or several."""

    def __init__(self, queryset: Any, *fields: str) -> None:
        super().__init__()
        self.queryset, self.fields = queryset, fields

    def fill(self, ids: Iterable[Any]) -> Names:
        missing = {pk for pk in ids if pk is not None and pk not in self}
        if missing:
            for pk, *values in self.queryset.filter(pk__in=missing).values_list("pk", *self.fields):
                self[pk] = values[0] if len(values) == 1 else tuple(values)
        return self


# --- asking for an export -------------------------------------------------------------------------------------


def _clean_query(filters: Mapping[str, str]) -> str:
    items = [(str(k), str(v)) for k, v in filters.items() if k not in {"export", "page"} and str(v) != ""]
    query = urlencode(sorted(items))
    if len(items) > MAX_FILTERS or len(query) > MAX_FILTER_CHARS:
        raise DomainError(_("Too many filters."), code="invalid_filters")
    return query


def export_queue(*, actor: User, path: str, filters: Mapping[str, str], name: str, rows: int = 0) -> Export:
    """Queue the export of the list at `path` with `filters` for `actor` (the worker writes it once this transaction
    commits). The same list with the same filters already queued or being written is answered by that export."""
    try:
        kind = resolve(path).view_name
    except Resolver404:
        raise Http404 from None
    query = _clean_query(filters)
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=actor.pk).first()  # one request at a time per user
        pending = Export.objects.filter(user=actor, state__in=EXPORT.group("pending"))
        same = pending.filter(path=path, query=query).first()
        if same is not None:
            return same
        limit = int(rules.value(PENDING_MAX.key))
        if pending.count() >= limit:
            raise DomainError(
                _("You already have %(count)d exports being written; wait until they are ready.") % {"count": limit},
                code="too_many_exports",
            )
        export = Export.objects.create(
            user=actor, kind=kind[:100], path=path[:300], query=query, name=name[:100], scope=scope_of(actor), rows=rows
        )
        audit_created(actor=actor, action="export.queue", obj=export)
        pk = export.pk
        transaction.on_commit(lambda: enqueue(pk))
    return export


def export_request(*, actor: User, kind: str, filters: Mapping[str, str]) -> Export:
    """The API's export: the list named `kind` (its URL name, or its path for a list with arguments such as
    /setup/units/) with `filters`, probed first as the caller."""
    try:
        path = kind if kind.startswith("/") else reverse(kind)
        resolve(path)
    except (NoReverseMatch, Resolver404):
        raise DomainError(_("No such list."), code="unknown_list") from None
    query = _clean_query(filters)
    sink = Sink(probe=True, limit=inline_rows() + 1)
    replay(actor, path, query, sink)
    return export_queue(actor=actor, path=path, filters=QueryDict(query).dict(), name=sink.name, rows=sink.rows)


# --- writing it (the task worker) -----------------------------------------------------------------------------


@task()
def run_export(export_id: int) -> str:
    """The queued task: write one export."""
    return export_write(export_id)


def enqueue(export_id: int) -> None:
    try:
        run_export.enqueue(export_id)
    except Exception:  # the queue is down: the row stays queued and the daily job queues it again
        log.exception("could not queue export %s", export_id)


def export_write(export_id: int) -> str:
    """Write the export's file by replaying its list for its requester; done or failed, the requester is told."""
    export = Export.objects.select_related("user").filter(pk=export_id).first()
    if export is None or not EXPORT.can(export, "start"):
        return "skipped"
    actor = system("export worker", on_behalf_of=export.user)
    now = timezone.now()
    export = EXPORT.apply(export.pk, "start", actor=actor, effects=lambda row: _set(row, started_at=now))
    user = User.objects.get(pk=export.user_id)
    name = f"exports/{now:%Y/%m}/{export.pk}-{now:%Y%m%d%H%M%S}.xlsx"
    files = storage()
    try:
        if not covers(scope_of(user), export.scope):
            raise NotPermitted()
        directory = os.path.dirname(files.path(name))
        os.makedirs(directory, exist_ok=True)
        sink = Sink()
        with open(files.path(name), "wb") as target:
            sink.target = target
            replay(user, export.path, export.query, sink)
        size = files.size(name)
    except Exception as exc:  # the list refused or broke: the export fails with a reason, the file goes
        log.exception("export %s failed", export.pk)
        if files.exists(name):
            files.delete(name)
        reason = _("You may no longer open this list.") if isinstance(exc, NotPermitted | Http404) else str(exc)[:400]
        _finish_failed(export, actor, reason or exc.__class__.__name__)
        return "failed"
    days = int(rules.value(KEEP_DAYS.key))
    finished = timezone.now()
    with transaction.atomic(), translation.override("zh-hans"):
        EXPORT.apply(
            export.pk,
            "finish",
            actor=actor,
            effects=lambda row: _set(
                row,
                file=name,
                rows=sink.rows,
                size=size,
                finished_at=finished,
                expires_at=finished + datetime.timedelta(days=days),
            ),
        )
        notify(
            users=[user],
            kind="core.export",
            title=_("Your export is ready: %(name)s") % {"name": export.name},
            body=_("%(rows)d rows; it can be downloaded for %(days)d days.") % {"rows": sink.rows, "days": days},
            url=reverse("core:export_list"),
            dedupe_key=f"export:{export.pk}",
        )
    return "done"


def _set(row: Export, **values: Any) -> dict[str, Any]:
    for key, value in values.items():
        setattr(row, key, value)
    return {}


def _finish_failed(export: Export, actor: Any, reason: str) -> None:
    with transaction.atomic(), translation.override("zh-hans"):
        EXPORT.apply(
            export.pk, "fail", actor=actor, effects=lambda row: _set(row, error=reason[:500], finished_at=timezone.now())
        )
        notify(
            users=[export.user],
            kind="core.export",
            title=_("Your export could not be written: %(name)s") % {"name": export.name},
            body=reason,
            url=reverse("core:export_list"),
            dedupe_key=f"export:{export.pk}",
        )


# --- reading it -----------------------------------------------------------------------------------------------


def export_list(*, user: Any) -> QuerySet[Export]:
    """The user's own exports, newest first (none for a visitor)."""
    pk = getattr(user, "pk", None)
    return Export.objects.filter(user_id=pk).order_by("-created_at", "-id") if pk is not None else Export.objects.none()


def export_get(*, user: Any, pk: int) -> Export:
    """One of the user's own exports; anyone else's is not found."""
    export = export_list(user=user).filter(pk=pk).first()
    if export is None:
        raise Http404
    return export


def export_file(*, user: Any, pk: int) -> tuple[Export, bytes]:
    """The file of the user's own export, while it is ready and their scope still covers the one it was written in."""
    export = export_get(user=user, pk=pk)
    if not EXPORT.in_group(export, "ready") or export.expires_at is None or export.expires_at <= timezone.now():
        raise DomainError(_("This export is not ready or has expired."), code="not_ready")
    if not covers(scope_of(user), export.scope):
        raise Http404
    with storage().open(export.file, "rb") as handle:
        return export, handle.read()


def file_name(export: Export) -> str:
    return f"{export.name}-{timezone.localtime(export.created_at):%Y%m%d%H%M}.xlsx"


# --- daily jobs -----------------------------------------------------------------------------------------------


@daily("core.exports_expire")
def expire(now: datetime.datetime | None = None) -> int:
    """Delete the files of exports past their expiry (the rows stay, marked expired, for the user's list)."""
    now = now or timezone.now()
    files = storage()
    count = 0
    for pk, name in Export.objects.filter(state__in=EXPORT.group("ready"), expires_at__lte=now).values_list("pk", "file"):
        EXPORT.apply(pk, "expire", actor=system("daily job: core.exports_expire"))
        if name and files.exists(name):
            files.delete(name)
        count += 1
    return count


@daily("core.exports_requeue")
def requeue(now: datetime.datetime | None = None) -> int:
    """Queue again the exports still queued long after they were asked for (a task lost with a worker); fail those
    whose worker died while writing them (being written for longer than any export takes), telling the requester."""
    now = now or timezone.now()
    late = now - datetime.timedelta(minutes=REQUEUE_MINUTES)
    pks = list(Export.objects.filter(state=Export.State.QUEUED, created_at__lte=late).values_list("pk", flat=True))
    for pk in pks:
        enqueue(pk)
    dead = now - datetime.timedelta(hours=STUCK_HOURS)
    for export in Export.objects.select_related("user").filter(state=Export.State.RUNNING, started_at__lte=dead):
        _finish_failed(export, system("daily job: core.exports_requeue"), _("The export was interrupted; ask for it again."))
    return len(pks)
