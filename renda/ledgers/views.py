"""Pages of the ledgers app: the imports made so far, a ledger's import page (template, preview listing every bad
row, then the commit), one import with the records it created."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from renda.core.pages import download
from renda.core.requests import AuthedRequest
from renda.core.xlsx import XLSX_TYPE
from renda.org.scoping import scope_allowed, scope_for

from . import permissions, selectors, services
from .formats import COLUMNS, FIRST_SHEETS, FURTHER_SHEETS, TEMPLATE_NAMES, Column
from .forms import CommitForm, LedgerFileForm
from .models import Entry, Kind


def _sheets(kind: Kind) -> list[tuple[str, list[Column]]]:
    """The ledger's sheets with their columns (a title only where the ledger has several)."""
    further = list(FURTHER_SHEETS.get(kind, {}).values())
    return [(FIRST_SHEETS.get(kind, ""), COLUMNS[kind]), *further]


def _kind(kind: str) -> Kind:
    if kind not in Kind.values:
        raise Http404
    return Kind(kind)


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    scope = scope_for(request.user)
    batches = selectors.batch_list(scope=scope)[:200]
    return render(request, "ledgers/index.html", {"batches": batches, "kinds": Kind.choices})


@login_required
def ledger_import(request: AuthedRequest, kind: str) -> HttpResponse:
    """Choose the file: a preview lists every bad row (nothing is kept); a file whose rows all pass can be imported."""
    ledger = _kind(kind)
    scope = scope_allowed(request.user, permissions.can_import)
    form = LedgerFileForm(request.POST, request.FILES) if request.method == "POST" else LedgerFileForm()
    outcome, upload = None, None
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        outcome, upload = services.ledger_preview(
            actor=request.user, scope=scope, kind=ledger, data=file.read(), file_name=file.name or ""
        )
    status = 400 if (form.errors or (outcome and not outcome.ok)) else 200
    context = {
        "form": form,
        "kind": ledger,
        "label": ledger.label,
        "outcome": outcome,
        "commit_form": CommitForm(initial={"upload": upload.pk}) if upload else None,
        "sheets": _sheets(ledger),
    }
    return render(request, "ledgers/import.html", context, status=status)


@login_required
def ledger_commit(request: AuthedRequest, kind: str) -> HttpResponse:
    ledger = _kind(kind)
    scope = scope_allowed(request.user, permissions.can_import)
    form = CommitForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return redirect("ledgers:import", kind=ledger)
    upload = selectors.upload_get(user=request.user, pk=form.cleaned_data["upload"])
    outcome = services.ledger_commit(actor=request.user, scope=scope, upload=upload)
    if outcome.batch is not None:
        messages.success(request, _("Imported %(n)d records from the ledger.") % {"n": outcome.created})
        return redirect("ledgers:batch", pk=outcome.batch.pk)
    context = {"form": LedgerFileForm(), "kind": ledger, "label": ledger.label, "outcome": outcome, "sheets": _sheets(ledger)}
    return render(request, "ledgers/import.html", context, status=400)


@login_required
def ledger_template(request: AuthedRequest, kind: str) -> HttpResponse:
    ledger = _kind(kind)
    data = services.ledger_template(scope=scope_for(request.user), kind=ledger)
    return download(data, TEMPLATE_NAMES[ledger], XLSX_TYPE)


RECORD_URLS = {
    Kind.ACTIVITIES: "stations:activity_detail",
    Kind.OPINIONS: "opinions:opinion_detail",
    Kind.SUGGESTIONS: "suggestions:detail",
    Kind.MEETINGS: "meetings:detail",
}


@login_required
def batch_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    batch = selectors.batch_get(scope=scope_for(request.user), pk=pk)
    entries: list[tuple[Entry, str]] = [
        (e, reverse(RECORD_URLS[Kind(e.kind)], args=[e.object_id])) for e in selectors.batch_entries(batch=batch)[:5000]
    ]
    return render(request, "ledgers/batch.html", {"batch": batch, "entries": entries})
