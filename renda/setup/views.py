"""Set-up pages: the sheets of a district (regions, bodies, terms, districts, groups, units, stations, accounts,
grants), each a list with an add form, an Excel template, and an import with a preview before it writes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renda.core.errors import DomainError, NotPermitted
from renda.core.listing import Export, list_or_export, paginate, wants_export
from renda.core.pages import download
from renda.core.requests import AuthedRequest
from renda.core.xlsx import XLSX_TYPE, SheetRow
from renda.org.scoping import record_found, scope_allowed, scope_for

from . import permissions, selectors, services
from .forms import ConfirmForm, RowForm, UploadForm
from .sheets import SHEETS, Sheet


def _sheet(key: str) -> Sheet:
    sheet = SHEETS.get(key)
    if sheet is None:
        raise Http404
    return sheet


def _done(report: services.Report) -> str:
    return _("%(created)d created, %(updated)d updated, %(unchanged)d unchanged.") % {
        "created": report.created, "updated": report.updated, "unchanged": report.unchanged}  # fmt: skip


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    scope = scope_allowed(request.user, permissions.can_set_up)
    return render(request, "setup/index.html", {"sheets": selectors.sheet_counts(scope=scope)})


@login_required
def sheet_page(request: AuthedRequest, key: str) -> HttpResponse:
    sheet = _sheet(key)
    scope = scope_for(request.user)
    rows = selectors.sheet_rows(scope=scope, sheet=sheet)
    if wants_export(request):
        export = Export(str(sheet.title), sheet.headers, lambda qs: (cells for _obj, cells in sheet.table(qs)))
        return list_or_export(request, rows, template="setup/sheet.html", export=export)  # long sheets: the task worker
    form = RowForm(request.POST or None, sheet=sheet, scope=scope)
    if request.method == "POST" and form.is_valid():
        row = SheetRow(1, sheet.by_field(form.cleaned_data))
        report = services.sheet_apply(actor=request.user, scope=scope, sheet=sheet, rows=[row], source=services.FORM)
        if report.ok:
            messages.success(request, _done(report))
            return redirect(request.path)
        for error in report.errors:
            for message in error.messages:
                form.add_error(None, message)
    page = paginate(request, rows, per_page=50)
    context = {
        "sheet": sheet,
        "form": form,
        "page": page,
        "table": sheet.table(page.object_list),
        "is_grants": sheet.key == "grants",
        "query": "",
        "export_query": "export=xlsx",
    }
    return render(request, "setup/sheet.html", context, status=400 if request.method == "POST" else 200)


@login_required
def sheet_template(request: AuthedRequest, key: str) -> HttpResponse:
    sheet = _sheet(key)
    data = services.sheet_template(scope=scope_for(request.user), sheet=sheet)
    return download(data, f"{sheet.title}导入模板.xlsx", XLSX_TYPE)


@login_required
def sheet_import(request: AuthedRequest, key: str) -> HttpResponse:
    """Upload → preview (every bad row by its number, or what would change) → confirm → import."""
    sheet = _sheet(key)
    scope = scope_for(request.user)
    if not sheet.may(scope):
        raise NotPermitted()
    upload = UploadForm(request.POST or None, request.FILES or None) if "pending" not in request.POST else UploadForm()
    confirm = None
    report = None
    if request.method == "POST" and "pending" in request.POST:
        confirm_form = ConfirmForm(request.POST)
        if confirm_form.is_valid():
            try:
                report = services.pending_commit(actor=request.user, scope=scope, sheet=sheet,
                                                 pending_id=confirm_form.cleaned_data["pending"])  # fmt: skip
            except DomainError as exc:
                upload.add_error(None, exc)
            else:
                if report.ok:
                    messages.success(request, _done(report))
                    return redirect(reverse("setup:sheet", kwargs={"key": sheet.key}))
    elif request.method == "POST" and upload.is_valid():
        file = upload.cleaned_data["file"]
        data = file.read()
        report = services.sheet_import(
            actor=request.user, scope=scope, sheet=sheet, data=data, name=file.name or "", dry_run=True
        )
        if report.ok:
            pending = services.pending_keep(actor=request.user, sheet=sheet, data=data, name=file.name or "")
            confirm = ConfirmForm(initial={"pending": pending.pk})
    failed = request.method == "POST" and (bool(upload.errors) or (report is not None and not report.ok))
    context = {"sheet": sheet, "form": upload, "report": report, "confirm": confirm}
    return render(request, "setup/import.html", context, status=400 if failed else 200)


@login_required
@require_POST
def grant_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    scope, grant = record_found(request.user, selectors.grant_get, pk)
    services.grant_revoke(actor=request.user, scope=scope, grant=grant)
    messages.success(request, _("The role was taken back."))
    return redirect(reverse("setup:sheet", kwargs={"key": "grants"}))
