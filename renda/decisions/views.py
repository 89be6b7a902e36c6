"""Thin views of the decisions pages: read through selectors, write through services, rules from permissions.
The votes themselves are meetings polls: members vote (and staff enter paper counts) on the poll's page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renda.core.errors import DomainError, NotPermitted
from renda.core.listing import fail, list_or_export, year_param
from renda.core.pages import download, form_page
from renda.core.requests import AuthedRequest
from renda.org.scoping import record_allowed, record_found, scope_allowed, scope_for

from . import forms, permissions, selectors, services
from .lifecycles import APPOINTMENTS, BILL, ELECTION, MATTER, SIGNER
from .models import AppointmentList, Bill, Election, Matter

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _post(request: AuthedRequest, run: Callable[[], Any], *, success: str, page: Callable[[], HttpResponse]) -> HttpResponse:
    """A POST without a form: `run()` calls the one service; a refusal is shown on the record's page (400)."""
    try:
        run()
    except DomainError as exc:
        fail(request, exc)
        response = page()
        response.status_code = 400
        return response
    return redirect(success)


def _on_page(
    request: AuthedRequest,
    scope: Any,
    name: str,
    record: Any,
    page: Callable[[AuthedRequest, Any], HttpResponse],
    service: Callable[..., Any],
    message: str = "",
    /,
    **kwargs: Any,
) -> HttpResponse:
    """`service(actor=…, scope=…, **kwargs)` posted on a record's own page (`decisions:<name>_detail`): back to it (with
    `message`), or the page again with the refusal (`_post`)."""

    def run() -> None:
        service(actor=request.user, scope=scope, **kwargs)
        if message:
            messages.success(request, message)

    return _post(request, run, success=reverse(f"decisions:{name}_detail", args=[record.pk]), page=lambda: page(request, record))


def _new(
    request: AuthedRequest, form: Any, name: str, save: Callable[[dict[str, Any]], Any], message: str, title: str
) -> HttpResponse:
    """The form of a new record (`save` calls the one service): on success to its page (`decisions:<name>_detail`)."""

    def success(record: Any) -> str:
        return reverse(f"decisions:{name}_detail", args=[record.pk])

    return form_page(
        request, form, save=save, success=success, template="decisions/form.html", message=message, context={"title": title}
    )


def _detail(page: Callable[[AuthedRequest, Any], HttpResponse], get: Callable[..., Any]) -> Callable[..., HttpResponse]:
    """A record's page (login required): `get(scope=…, pk=…)` finds it in the caller's scope (404 outside)."""

    @login_required
    def detail(request: AuthedRequest, pk: int) -> HttpResponse:
        return page(request, get(scope=scope_for(request.user), pk=pk))

    return detail


def _register(
    request: AuthedRequest, rows: Callable[..., Any], template: str, can_create: Callable[[Any], bool], **filters: Any
) -> HttpResponse:
    """A register's list page: `rows(scope=…, **filters)` in the caller's scope, with "new" offered when allowed."""
    scope = scope_for(request.user)
    return list_or_export(request, rows(scope=scope, **filters), template=template, context={"can_create": can_create(scope)})


# --- elections ------------------------------------------------------------------------------------------


@login_required
def election_list(request: AuthedRequest) -> HttpResponse:
    year = year_param(request.GET.get("year"))
    return _register(
        request, selectors.election_list, "decisions/election_list.html", permissions.can_create_elections, year=year
    )


@login_required
def election_create(request: AuthedRequest) -> HttpResponse:
    scope = scope_allowed(request.user, permissions.can_create_elections)
    form = forms.ElectionForm(request.POST or None, sessions=selectors.sessions_for_elections(scope=scope))
    return _new(
        request,
        form,
        "election",
        lambda d: services.election_create(actor=request.user, scope=scope, **d),
        _("The election is set up: add its candidates."),
        _("New election"),
    )


def _election_page(request: AuthedRequest, election: Election, candidate_form: forms.CandidateForm | None = None) -> HttpResponse:
    scope = scope_for(request.user)
    can_manage = permissions.can_manage_election(scope, election)
    return render(
        request,
        "decisions/election_detail.html",
        {
            "election": election,
            "candidates": list(election.candidates.select_related("elected_in")),
            "outcomes": services.election_results(election),
            "actions": ELECTION.available(election, scope),
            "can_manage": can_manage,
            "editable": can_manage and ELECTION.in_group(election, "editable"),
            "candidate_form": candidate_form or forms.CandidateForm(),
            # the picker: people of the congress's area, chosen by name (a name they hold links the person)
            "people": selectors.people_for(region_path=election.meeting.region.path).values_list("name", flat=True)[:2000]
            if can_manage and ELECTION.in_group(election, "editable")
            else [],
        },
    )


election_detail = _detail(_election_page, selectors.election_get)


@login_required
@require_POST
def election_transition(request: AuthedRequest, pk: int) -> HttpResponse:
    scope, election = record_found(request.user, selectors.election_get, pk)
    action = request.POST.get("action", "")
    return _on_page(
        request, scope, "election", election, _election_page, services.election_transition, election=election, action=action
    )


@login_required
@require_POST
def candidate_add(request: AuthedRequest, pk: int) -> HttpResponse:
    scope, election = record_allowed(request.user, selectors.election_get, pk, permissions.can_manage_election)
    form = forms.CandidateForm(request.POST)
    if form.is_valid():
        try:
            services.candidate_add(actor=request.user, scope=scope, election=election, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc)
        else:
            return redirect("decisions:election_detail", pk=pk)
    response = _election_page(request, election, form)
    response.status_code = 400
    return response


@login_required
@require_POST
def candidate_remove(request: AuthedRequest, pk: int, candidate_pk: int) -> HttpResponse:
    scope, election = record_found(request.user, selectors.election_get, pk)
    candidate = election.candidates.filter(pk=candidate_pk).first()
    if candidate is None:
        return redirect("decisions:election_detail", pk=pk)  # already removed: a retry
    return _on_page(request, scope, "election", election, _election_page, services.candidate_remove, candidate=candidate)


# --- appointments -----------------------------------------------------------------------------------------


@login_required
def appointment_list(request: AuthedRequest) -> HttpResponse:
    year = year_param(request.GET.get("year"))
    return _register(
        request,
        selectors.appointment_list_list,
        "decisions/appointment_list.html",
        permissions.can_submit_appointments,
        year=year,
    )


@login_required
def appointment_create(request: AuthedRequest) -> HttpResponse:
    scope = scope_allowed(request.user, permissions.can_submit_appointments)
    body = selectors.standing_committee_for(scope=scope)
    form = forms.AppointmentListForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda d: services.appointment_list_submit(
            actor=request.user,
            scope=scope,
            body=body,
            nominator=d["nominator"],
            title=d["title"],
            submitted_on=d["submitted_on"],
            nominations=d["people"],
        ),
        success=lambda a: reverse("decisions:appointment_detail", args=[a.pk]),
        template="decisions/appointment_form.html",
        message=_("The request is registered."),
        context={"title": _("New request to appoint or remove"), "area": body.region.name},
    )


def _appointment_page(request: AuthedRequest, appointment_list: AppointmentList) -> HttpResponse:
    scope = scope_for(request.user)
    can_manage = permissions.can_manage_appointments(scope, appointment_list)
    decided = APPOINTMENTS.in_group(appointment_list, "decided")
    nominations = list(appointment_list.nominations.select_related("oath"))
    return render(
        request,
        "decisions/appointment_detail.html",
        {
            "appointment_list": appointment_list,
            "nominations": nominations,
            "actions": APPOINTMENTS.available(appointment_list, scope),
            "can_manage": can_manage,
            "meetings": selectors.committee_meetings(scope=scope, body=appointment_list.body) if can_manage else [],
            "can_swear": can_manage and decided and any(n.letter_ready and n.oath_id is None for n in nominations),
            "oath_form": forms.OathForm(),
        },
    )


appointment_detail = _detail(_appointment_page, selectors.appointment_list_get)


@login_required
@require_POST
def appointment_transition(request: AuthedRequest, pk: int) -> HttpResponse:
    scope, appointment_list = record_found(request.user, selectors.appointment_list_get, pk)
    meeting = None
    if request.POST.get("meeting", "").isdigit():
        meeting = (
            selectors.committee_meetings(scope=scope, body=appointment_list.body).filter(pk=int(request.POST["meeting"])).first()
        )
    move = {"appointment_list": appointment_list, "action": request.POST.get("action", ""), "meeting": meeting}
    return _on_page(request, scope, "appointment", appointment_list, _appointment_page, services.appointment_transition, **move)


@login_required
@require_POST
def oath_record(request: AuthedRequest, pk: int) -> HttpResponse:
    scope, appointment_list = record_found(request.user, selectors.appointment_list_get, pk)
    form = forms.OathForm(request.POST)
    leader = form.cleaned_data["leader"] if form.is_valid() else ""
    recorded = _("The oath is recorded.")
    oath = {"appointment_list": appointment_list, "leader": leader}
    return _on_page(request, scope, "appointment", appointment_list, _appointment_page, services.oath_record, recorded, **oath)


@login_required
def appointment_letter(request: AuthedRequest, pk: int) -> HttpResponse:
    scope, nomination = record_found(request.user, selectors.nomination_get, pk)
    if not permissions.can_manage_appointments(scope, nomination.list):
        raise NotPermitted()
    try:
        data = services.appointment_letter_docx(nomination)
    except DomainError as exc:
        fail(request, exc)
        return redirect("decisions:appointment_detail", pk=nomination.list_id)
    return download(data, f"任命书-{nomination.name}.docx", DOCX)


@login_required
def holder_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_for(request.user)
    rows = selectors.holder_list(scope=scope, current=request.GET.get("current") == "1")
    return list_or_export(request, rows, template="decisions/holder_list.html")


# --- bills ------------------------------------------------------------------------------------------------


@login_required
def bill_list(request: AuthedRequest) -> HttpResponse:
    return _register(request, selectors.bill_list, "decisions/bill_list.html", permissions.can_propose_bills)


@login_required
def bill_create(request: AuthedRequest) -> HttpResponse:
    scope = scope_allowed(request.user, permissions.can_propose_bills)
    form = forms.BillForm(request.POST or None, congresses=selectors.congresses_for_bills(scope=scope))

    def save(d: dict[str, Any]) -> Any:
        lead = selectors.own_mandate(scope=scope, congress=d["congress"])
        signers = selectors.deputies_named(congress=d["congress"], names=d["signers"])
        return services.bill_create(
            actor=request.user,
            scope=scope,
            congress=d["congress"],
            title=d["title"],
            text=d["text"],
            proposer=d["proposer"],
            lead=lead,
            signers=signers,
        )

    return _new(request, form, "bill", save, _("The bill is saved: the deputies asked are invited to sign."), _("New bill"))


def _bill_page(request: AuthedRequest, bill: Bill) -> HttpResponse:
    scope = scope_for(request.user)
    signers = list(bill.signers.select_related("deputy__person"))
    mine = next((s for s in signers if permissions.is_own_signature(scope, s)), None)
    can_manage = permissions.can_manage_bill(scope, bill)
    return render(
        request,
        "decisions/bill_detail.html",
        {
            "bill": bill,
            "signers": signers,
            "own_actions": SIGNER.available(mine, scope) if mine is not None and BILL.in_group(bill, "signing") else [],
            "actions": BILL.available(bill, scope),
            "meetings": selectors.sessions_of(scope=scope, body=bill.congress) if can_manage else [],
            "min_signers": services.min_signers(bill.congress),
        },
    )


bill_detail = _detail(_bill_page, selectors.bill_get)


@login_required
@require_POST
def bill_transition(request: AuthedRequest, pk: int) -> HttpResponse:
    scope, bill = record_found(request.user, selectors.bill_get, pk)
    meeting = selectors.sessions_of(scope=scope, body=bill.congress).filter(pk=_int(request.POST.get("meeting")) or 0).first()
    move = {"bill": bill, "action": request.POST.get("action", ""), "meeting": meeting, "note": request.POST.get("note", "")}
    return _on_page(request, scope, "bill", bill, _bill_page, services.bill_transition, **move)


@login_required
@require_POST
def bill_sign(request: AuthedRequest, pk: int) -> HttpResponse:
    scope, bill = record_found(request.user, selectors.bill_get, pk)
    signer = next((s for s in bill.signers.select_related("deputy") if permissions.is_own_signature(scope, s)), None)
    if signer is None:
        raise NotPermitted()
    action = request.POST.get("action", "")
    return _on_page(request, scope, "bill", bill, _bill_page, services.bill_sign, signer=signer, action=action)


def _int(value: Any) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() else None


# --- major matters ---------------------------------------------------------------------------------------


@login_required
def matter_list(request: AuthedRequest) -> HttpResponse:
    year = year_param(request.GET.get("year"))
    return _register(request, selectors.matter_list, "decisions/matter_list.html", permissions.can_register_matters, year=year)


@login_required
def matter_create(request: AuthedRequest) -> HttpResponse:
    scope = scope_allowed(request.user, permissions.can_register_matters)
    body = selectors.deciding_body_for(scope=scope)
    form = forms.MatterForm(
        request.POST or None, categories=services.categories(body.region.path), units=selectors.units_for(scope=scope)
    )
    return _new(
        request,
        form,
        "matter",
        lambda d: services.matter_register(actor=request.user, scope=scope, body=body, **d),
        _("The matter is in the register."),
        _("New major matter"),
    )


def _matter_page(request: AuthedRequest, matter: Matter) -> HttpResponse:
    scope = scope_for(request.user)
    can_manage = permissions.can_manage_matter(scope, matter)
    return render(
        request,
        "decisions/matter_detail.html",
        {
            "matter": matter,
            "actions": MATTER.available(matter, scope),
            "meetings": selectors.committee_meetings(scope=scope, body=matter.body) if can_manage else [],
            "issued": MATTER.in_group(matter, "decided"),
            "category": dict(services.categories(matter.body.region.path)).get(matter.category, matter.category),
        },
    )


matter_detail = _detail(_matter_page, selectors.matter_get)


@login_required
@require_POST
def matter_transition(request: AuthedRequest, pk: int) -> HttpResponse:
    scope, matter = record_found(request.user, selectors.matter_get, pk)
    meeting = (
        selectors.committee_meetings(scope=scope, body=matter.body).filter(pk=_int(request.POST.get("meeting")) or 0).first()
    )
    move = {"matter": matter, "action": request.POST.get("action", ""), "meeting": meeting, "text": request.POST.get("text", "")}
    return _on_page(request, scope, "matter", matter, _matter_page, services.matter_transition, **move)


@login_required
def matter_decision(request: AuthedRequest, pk: int) -> HttpResponse:
    matter = selectors.matter_get(scope=scope_for(request.user), pk=pk)
    try:
        data = services.decision_docx(matter)
    except DomainError as exc:
        fail(request, exc)
        return redirect("decisions:matter_detail", pk=pk)
    return download(data, f"{matter.number or matter.title}.docx", DOCX)
