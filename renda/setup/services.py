"""Every write of the set-up app. A page form, an API call and an Excel file are lists of rows through one
`sheet_apply`: every row is checked and written in one transaction; one bad row rolls the whole file back, and a
preview (dry run) is the same run rolled back, so it reports exactly what the import would do."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from renda.core.actors import Actor, user_of
from renda.core.audit import audit_record, snapshot
from renda.core.errors import DomainError, NotPermitted
from renda.core.xlsx import SheetRow, XlsxReadError, read_rows
from renda.core.xlsx_lists import template_with_lists
from renda.org.imports import ImportReport, RowError
from renda.org.models import RoleGrant
from renda.org.scoping import Scope

from . import permissions
from .models import PendingImport
from .sheets import SHEETS, RowContext, RowProblem, Sheet
from .sheets.accounts import grant_region

FORM, API = "表单", "接口"


@dataclass
class Report(ImportReport):
    """An import's report (as org's roster imports report), with the rows left unchanged and whether it was a
    preview."""

    dry_run: bool = False
    unchanged: int = 0

    @property
    def messages(self) -> list[str]:
        if self.file_error:
            return [self.file_error]
        return [_("row %(row)d: %(reasons)s") % {"row": e.row, "reasons": "；".join(e.messages)} for e in self.errors]


def sheet_get(key: str) -> Sheet:
    sheet = SHEETS.get(key)
    if sheet is None:
        raise DomainError(_("Unknown set-up sheet."))
    return sheet


def sheet_apply(
    *, actor: Actor, scope: Scope, sheet: Sheet, rows: Sequence[SheetRow], source: str, dry_run: bool = False
) -> Report:
    """Check and write `rows` (numbered as the user sees them) by their natural keys: created, updated or unchanged.
    Nothing is written when a row is refused or for a dry run."""
    if not sheet.may(scope):
        raise NotPermitted()
    report = Report(dry_run=dry_run)
    if not rows:
        report.file_error = _("The file has no data rows.")
        return report
    ctx = RowContext(actor=actor, scope=scope, source=source[:200])
    with transaction.atomic():
        for row in rows:
            try:
                with transaction.atomic():
                    outcome = sheet.upsert(ctx, row.values)
            except RowProblem as problem:
                report.errors.append(RowError(row.number, problem.messages))
                continue
            except IntegrityError:
                report.errors.append(RowError(row.number, [_("the row conflicts with a record already there")]))
                continue
            setattr(report, outcome, getattr(report, outcome) + 1)
        if report.ok and not dry_run and (report.created or report.updated):
            audit_record(actor=actor, action="setup.import", object_type=f"setup.{sheet.key}", object_repr=ctx.source,
                         after={"created": report.created, "updated": report.updated, "unchanged": report.unchanged})  # fmt: skip
        if dry_run or not report.ok:
            transaction.set_rollback(True)
    return report


def sheet_rows_from_file(sheet: Sheet, data: bytes) -> list[SheetRow]:
    """The file's data rows, or a DomainError that says what is wrong with the file as a whole."""
    if len(data) > settings.RENDA_IMPORT_MAX_BYTES:
        raise DomainError(_("The file is larger than %(mb)d MB.") % {"mb": settings.RENDA_IMPORT_MAX_BYTES // 1024 // 1024})
    try:
        return read_rows(data, expected=sheet.headers, required=sheet.required, max_rows=settings.RENDA_IMPORT_MAX_ROWS)
    except XlsxReadError as exc:
        raise DomainError(str(exc)) from exc


def sheet_import(*, actor: Actor, scope: Scope, sheet: Sheet, data: bytes, name: str, dry_run: bool) -> Report:
    """An Excel file through `sheet_apply`, audited with the file's name."""
    if not sheet.may(scope):
        raise NotPermitted()
    try:
        rows = sheet_rows_from_file(sheet, data)
    except DomainError as exc:
        return Report(dry_run=dry_run, file_error=" ".join(exc.messages))
    return sheet_apply(actor=actor, scope=scope, sheet=sheet, rows=rows, source=name or _("file"), dry_run=dry_run)


def sheet_template(*, scope: Scope, sheet: Sheet) -> bytes:
    """The sheet's Excel template: dropdowns of the values this scope may pick, one example row that imports."""
    if not sheet.may(scope):
        raise NotPermitted()
    lists = {c.header: c.choices(scope) for c in sheet.columns if c.choices is not None}
    example = sheet.example(scope)
    notes = [str(n) for n in sheet.notes] + [_("If any row is wrong, nothing is imported and every wrong row is listed.")]
    return template_with_lists(sheet.headers, [[example.get(h, "") for h in sheet.headers]], lists, notes)


def pending_keep(*, actor: Actor, sheet: Sheet, data: bytes, name: str) -> PendingImport:
    """Keep a previewed file for its confirmation (one per user and sheet: a new preview replaces it)."""
    user = user_of(actor)
    if user is None:
        raise NotPermitted()
    with transaction.atomic():
        PendingImport.objects.filter(user=user, sheet=sheet.key).delete()
        return PendingImport.objects.create(user=user, sheet=sheet.key, name=name[:200], data=data)


def pending_commit(*, actor: Actor, scope: Scope, sheet: Sheet, pending_id: int) -> Report:
    """Import the file the user previewed; it is dropped once imported."""
    user = user_of(actor)
    pending = PendingImport.objects.filter(pk=pending_id, user=user, sheet=sheet.key).first() if user else None
    if pending is None:
        raise DomainError(_("The previewed file is gone: upload it again."))
    report = sheet_import(actor=actor, scope=scope, sheet=sheet, data=bytes(pending.data), name=pending.name, dry_run=False)
    if report.ok:
        pending.delete()
    return report


def grant_revoke(*, actor: Actor, scope: Scope, grant: RoleGrant) -> None:
    """Take a role back: only a grant the actor could have made (the same role, within their own scope)."""
    if not permissions.can_grant(scope, grant.role, grant_region(grant)):
        raise NotPermitted()
    with transaction.atomic():
        locked = RoleGrant.objects.select_for_update().filter(pk=grant.pk).first()
        if locked is None:
            return  # a retried revoke: already gone
        before = snapshot(locked)
        region = grant_region(locked)
        locked.delete()
        audit_record(actor=actor, action="role.revoke", object_type="org.rolegrant", object_id=grant.pk,
                     object_repr=str(grant), before=before, region_id=region.pk if region else None)  # fmt: skip
