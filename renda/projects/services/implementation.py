"""Implementation of the adopted projects (Decidim's accountability model): results (sub-projects and milestones)
with weights and statuses, dated progress reports with photos and documents, and the bulk update from Excel."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any, NoReturn

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import rules as core_rules
from renda.core import uploads
from renda.core.actors import Actor, user_of
from renda.core.audit import audit_record, snapshot
from renda.core.errors import DomainError, NotPermitted
from renda.core.ordering import next_position
from renda.core.xlsx import XlsxReadError, read_rows
from renda.org.scoping import Scope

from .. import permissions
from ..models import Attachment, Node, ProgressReport, Project, Status
from ..rules import STATUSES
from ._common import decimal, token_or_new


def ensure_statuses() -> list[Status]:
    """The statuses from the rule (idempotent)."""
    existing = {s.key: s for s in Status.objects.all()}
    for order, (key, name, progress) in enumerate(core_rules.value(STATUSES.key), start=1):
        if key not in existing:
            existing[key] = Status.objects.create(key=key, name=name, progress=Decimal(progress), order=order)
    return sorted(existing.values(), key=lambda s: (s.order, s.pk))


def node_add(
    *,
    actor: Actor,
    scope: Scope,
    project: Project,
    kind: str,
    code: str,
    title: str,
    weight: Any = 1,
    parent: Node | None = None,
    due_date: datetime.date | None = None,
    status: Status | None = None,
) -> Node:
    if not permissions.can_report_progress(scope, project):
        raise NotPermitted()
    if kind not in Node.Kind.values:
        raise DomainError(_("Unknown kind of result."))
    code, title = (code or "").strip(), (title or "").strip()
    if not code or not title:
        raise DomainError(_("Give the result a code and a title."))
    weight = decimal(weight, _("The weight must be a positive number."))
    if weight <= 0:
        raise DomainError(_("The weight must be a positive number."))
    if parent is not None and parent.project_id != project.pk:
        raise DomainError(_("The parent result belongs to another project."))
    with transaction.atomic():
        Project.objects.select_for_update().get(pk=project.pk)
        existing = project.nodes.filter(code=code).first()
        if existing:
            if existing.title == title and existing.parent_id == (parent.pk if parent else None):
                return existing
            raise DomainError(_("Code %(code)s is already used in this project.") % {"code": code})
        order = next_position(project.nodes.filter(parent=parent))
        node = Node.objects.create(
            project=project,
            parent=parent,
            kind=kind,
            code=code,
            title=title,
            weight=weight,
            due_date=due_date,
            status=status,
            order=order,
            region_id=project.region_id,
        )
        audit_record(actor=actor, action="projects.node.add", obj=node, after=snapshot(node), region_id=project.region_id)
    return node


def _progress_value(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    result = decimal(value, _("Progress must be a number from 0 to 100."))
    if not (0 <= result <= 100):
        raise DomainError(_("Progress must be a number from 0 to 100."))
    return result


def _apply(node: Node, status: Status | None, progress: Decimal | None) -> dict[str, Any]:
    before = snapshot(node, ["status_id", "progress"])
    if node.children.exists() and progress is not None:
        raise DomainError(_("%(code)s has sub-results: its progress is rolled up from them.") % {"code": node.code})
    if status is not None:
        node.status = status
        node.progress = None  # the status's default % applies unless a % is given
    if progress is not None:
        node.progress = progress
    node.save(update_fields=["status", "progress"])
    return before


def report_add(
    *,
    actor: Actor,
    scope: Scope,
    project: Project,
    text: str,
    on: datetime.date | None,
    node: Node | None = None,
    status: Status | None = None,
    progress: Any = None,
    files: list[Any] | None = None,
    token: str = "",
) -> ProgressReport:
    """A dated progress report, with photos/documents; it may move one result's status and %."""
    if not permissions.can_report_progress(scope, project):
        raise NotPermitted()
    client_token = token_or_new(token)
    existing = ProgressReport.objects.filter(token=client_token).first()
    if existing:
        return existing
    if not (text or "").strip():
        raise DomainError(_("Describe the progress."))
    if on is None or on > timezone.localdate():
        raise DomainError(_("The report's date cannot be in the future."))
    progress = _progress_value(progress)
    if node is not None and node.project_id != project.pk:
        raise DomainError(_("That result belongs to another project."))
    if node is None and (status is not None or progress is not None):
        raise DomainError(_("Choose the result whose status or progress changes."))
    checked = uploads.check_documents(files or (), region_path=project.region.path)  # by content, before anything is kept
    with transaction.atomic():
        Project.objects.select_for_update().get(pk=project.pk)
        before = _apply(Node.objects.select_for_update().get(pk=node.pk), status, progress) if node else {}
        report = ProgressReport.objects.create(
            project=project,
            node=node,
            reported_on=on,
            text=text.strip(),
            status=status,
            progress=progress,
            author=user_of(actor),
            token=client_token,
            region_id=project.region_id,
        )
        for item in checked:
            kind = Attachment.Kind.PHOTO if item.content_type.startswith("image/") else Attachment.Kind.DOCUMENT
            attachment = Attachment(report=report, kind=kind, title=item.name[:200])
            attachment.file.save(item.upload.name, item.upload, save=False)
            attachment.save()
        audit_record(
            actor=actor,
            action="projects.report.add",
            obj=report,
            before=before,
            after={
                "node": node.pk if node else None,
                "status": status.key if status else None,
                "progress": progress,
                "files": len(files or []),
            },
            region_id=project.region_id,
        )
    return report


BULK_HEADERS = ["项目编号", "成果编号", "状态", "进度(%)", "日期", "进展情况"]
BULK_REQUIRED = ["项目编号", "成果编号", "日期", "进展情况"]
BULK_MAX_ROWS = 2000

Planned = tuple[Project, Node, Status | None, Decimal | None, datetime.date, str]


def _plan(scope: Scope, rows: list[Any]) -> list[Planned]:
    """Check every row of the file; the first bad one rejects the file (DomainError naming the row)."""
    statuses = {s.name: s for s in Status.objects.all()} | {s.key: s for s in Status.objects.all()}
    project_ids = {r.values.get("项目编号", "") for r in rows}
    projects = {
        str(p.pk): p
        for p in Project.objects.filter(pk__in=[int(x) for x in project_ids if x.isdigit()]).select_related("cycle__congress")
    }
    nodes = {(str(n.project_id), n.code): n for n in Node.objects.filter(project_id__in=[p.pk for p in projects.values()])}
    parents = set(
        Node.objects.filter(project_id__in=[p.pk for p in projects.values()], parent__isnull=False).values_list(
            "parent_id", flat=True
        )
    )
    today = timezone.localdate()
    plan: list[Planned] = []
    seen: set[tuple[int, str]] = set()
    for row in rows:
        v = row.values

        def fail(message: str, row: Any = row) -> NoReturn:
            raise DomainError(_("Row %(row)d: %(message)s Nothing was imported.") % {"row": row.number, "message": message})

        project = projects.get(v.get("项目编号", ""))
        if project is None:
            fail(_("unknown project number."))
        if not permissions.can_report_progress(scope, project):
            fail(_("you may not report on this project."))
        node = nodes.get((str(project.pk), v.get("成果编号", "")))
        if node is None:
            fail(_("the project has no result with this code."))
        if (project.pk, node.code) in seen:
            fail(_("the same result appears twice in the file."))
        seen.add((project.pk, node.code))
        status = None
        if v.get("状态"):
            status = statuses.get(v["状态"])
            if status is None:
                fail(_("unknown status."))
        try:
            progress = _progress_value(v.get("进度(%)"))
        except DomainError:
            fail(_("progress must be a number from 0 to 100."))
        if progress is not None and node.pk in parents:
            fail(_("this result has sub-results; its progress is rolled up from them."))
        try:
            on = datetime.date.fromisoformat(v.get("日期", ""))
        except ValueError:
            fail(_("the date must be written as YYYY-MM-DD."))
        if on > today:
            fail(_("the date cannot be in the future."))
        if not v.get("进展情况"):
            fail(_("describe the progress."))
        plan.append((project, node, status, progress, on, v["进展情况"]))
    return plan


def bulk_update(*, actor: Actor, scope: Scope, data: bytes) -> list[ProgressReport]:
    """Progress updates from the Excel template. Every row is checked first; one bad row rejects the file
    (DomainError naming the row) and nothing is written."""
    if not permissions.can_bulk_update(scope):
        raise NotPermitted()
    try:
        rows = read_rows(data, expected=BULK_HEADERS, required=BULK_REQUIRED, max_rows=BULK_MAX_ROWS)
    except XlsxReadError as exc:
        raise DomainError(str(exc)) from None
    if not rows:
        raise DomainError(_("The file has no rows."))
    plan = _plan(scope, rows)
    reports = []
    with transaction.atomic():
        for project, node, status, progress, on, text in plan:
            locked = Node.objects.select_for_update().get(pk=node.pk)
            before = _apply(locked, status, progress)
            report = ProgressReport.objects.create(
                project=project,
                node=locked,
                reported_on=on,
                text=text,
                status=status,
                progress=progress,
                author=user_of(actor),
                token=uuid.uuid4().hex,
                region_id=project.region_id,
            )
            audit_record(
                actor=actor,
                action="projects.report.bulk",
                obj=report,
                before=before,
                after={"node": locked.pk, "status": status.key if status else None, "progress": progress},
                region_id=project.region_id,
            )
            reports.append(report)
    return reports
