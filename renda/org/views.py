"""Thin views: read through selectors, write through services, rules from permissions."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from renda.core import exports, todo
from renda.core.errors import NotPermitted
from renda.core.listing import Export, list_or_export, wants_export
from renda.core.pages import download, form_page
from renda.core.selectors import unread_notice_groups
from renda.core.text import mask_id_number, mask_phone
from renda.core.xlsx import XLSX_TYPE

from . import imports, permissions, selectors, services
from . import rules as org_rules
from .forms import DeputyFilterForm, DeputyResumeForm, DeputyStatusForm, ImportForm, UnitFilterForm
from .models import Body, Deputy, DeputyGroup, ElectoralDistrict, Person, Region, Term, Unit
from .naming import term_ordinal
from .scoping import Scope, record_allowed, record_found, scope_allowed, scope_for

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from renda.core.models import User


class SignedInRequest(HttpRequest):
    """The request of a `login_required` view: its user is a User."""

    user: User


@login_required
def home(request: SignedInRequest) -> HttpResponse:
    scope = scope_for(request.user)
    context: dict[str, object] = {"counts": selectors.home_counts(scope=scope)}
    if permissions.can_list_deputies(scope):
        composition = selectors.deputy_composition(scope=scope)
        context["composition"] = composition
        context["charts"] = [
            {"id": dim, "title": title, "data": [{"key": k, "name": label, "value": n} for k, label, n in composition[dim]]}
            for dim, title in [
                ("level", _("By level")),
                ("gender", _("By gender")),
                ("age_band", _("By age")),
                ("party", _("By party")),
                ("occupation", _("By occupation")),
            ]
        ]
    if scope.person_id:
        context["my_mandates"] = (
            selectors.deputy_queryset(scope).filter(person_id=scope.person_id).select_related("congress", "term")
        )
    if scope.roles or scope.everything:
        # Every role's home starts with what they have to do (every app's to-do items) and their unread notices;
        # the deputies' composition charts follow for the staff who read the roster.
        today = timezone.localdate()
        sections = todo.sections(todo.collect(scope), today)
        context["todo"] = sections
        context["todo_groups"] = [
            (_("Today"), sections.now, "now"),
            (_("This week"), sections.week, "week"),
            (_("Waiting for you"), sections.waiting, "waiting"),
        ]
        context["today"] = today
        context["notice_groups"] = unread_notice_groups(user=request.user)
    if scope.unit_ids:
        context["my_units"] = selectors.unit_queryset(scope).filter(pk__in=scope.unit_ids)
    return render(request, "org/home.html", context)


def _deputy_filter_form(request: HttpRequest, scope: Scope) -> DeputyFilterForm:
    # congresses, terms, regions and groups: selects, or typeahead pickers where a province's office has 1,390 of each
    return DeputyFilterForm(request.GET or None, scope=scope)


# The export's columns are the import file's, less the personal data (ID number, mobile) and the election date.
DEPUTY_EXPORT_HEADERS = [c for c in imports.DEPUTY_COLUMNS if c not in {"身份证号", "手机", "当选日期"}]


@login_required
def deputy_list(request: SignedInRequest) -> HttpResponse:
    scope = scope_allowed(request.user, permissions.can_list_deputies)
    form = _deputy_filter_form(request, scope)
    deputies = selectors.deputy_list(scope=scope, filters=form.filters())
    if wants_export(request) and not permissions.can_export_deputies(scope):
        raise NotPermitted()
    return list_or_export(
        request,
        deputies,
        template="org/_deputy_table.html" if request.headers.get("HX-Request") else "org/deputy_list.html",
        context={"form": form, "can_import": permissions.can_import_deputies(scope)},
        export=Export(_("deputies"), DEPUTY_EXPORT_HEADERS, _deputy_export_rows),
        large=True,  # a province's 200,000 deputies: a capped count, then the planner's estimate
    )


def _deputy_export_rows(deputies: QuerySet[Deputy]) -> Iterator[tuple[object, ...]]:
    """Rows for the export: plain values a chunk at a time, the lookup tables' names once per chunk (no model
    instance, no query per row); choice labels translated once, not once per cell."""
    maps: dict[str, dict[str, StrOrPromise]] = {
        "gender": dict(Person.Gender.choices),
        "party": dict(Person.Party.choices),
        "occupation": dict(Deputy.Occupation.choices),
        "status": dict(Deputy.Status.choices),
    }
    labels = {name: {key: str(label) for key, label in choices.items()} for name, choices in maps.items()}
    yes, no = _("yes"), _("no")
    bodies, terms = exports.Names(Body.objects, "name"), exports.Names(Term.objects, "number")
    districts, regions = exports.Names(ElectoralDistrict.objects, "name"), exports.Names(Region.objects, "name")
    groups = exports.Names(DeputyGroup.objects, "name")
    ordinals: dict[int, str] = {}
    columns = ("person__name", "person__gender", "person__birth_date", "person__ethnicity", "person__party", "congress_id",
               "term_id", "electoral_district_id", "region_id", "group_id", "occupation", "is_reelected", "status")  # fmt: skip
    for chunk in exports.in_chunks(deputies.values_list(*columns)):
        bodies.fill(r[5] for r in chunk), terms.fill(r[6] for r in chunk), districts.fill(r[7] for r in chunk)
        regions.fill(r[8] for r in chunk), groups.fill(r[9] for r in chunk)
        for name, gender, birth, ethnicity, party, congress, term, district, region, group, occupation, again, status in chunk:
            number = terms[term]
            if number not in ordinals:
                ordinals[number] = term_ordinal(number)
            yield (
                name,
                labels["gender"][gender],
                birth,
                ethnicity,
                labels["party"][party],
                bodies[congress],
                ordinals[number],
                districts[district],
                regions[region],
                groups[group] if group else "",
                labels["occupation"][occupation],
                yes if again else no,
                labels["status"][status],
            )


@login_required
def deputy_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    scope, deputy = record_found(request.user, selectors.deputy_get, pk)
    context = {
        "deputy": deputy,
        "person": deputy.person,
        "masked_phone": mask_phone(deputy.person.phone),
        "masked_id": mask_id_number(deputy.person.id_number or ""),
        "can_reveal": permissions.can_view_personal_data(scope, deputy),
        "can_change_status": permissions.can_change_deputy_status(scope, deputy)
        and deputy.status in {Deputy.Status.SERVING, Deputy.Status.SUSPENDED},
        "can_resume": permissions.can_change_deputy_status(scope, deputy) and deputy.status == Deputy.Status.SUSPENDED,
        "suspensions": list(deputy.suspensions.order_by("-start_date")),
        "other_mandates": selectors.deputy_other_mandates(scope=scope, deputy=deputy),
        "contact_members": selectors.deputy_contact_members(deputy=deputy),
    }
    return render(request, "org/deputy_detail.html", context)


@login_required
@require_POST
def deputy_personal(request: SignedInRequest, pk: int) -> HttpResponse:
    scope, deputy = record_found(request.user, selectors.deputy_get, pk)
    data = services.personal_data_reveal(actor=request.user, scope=scope, deputy=deputy)
    return render(request, "org/_personal_data.html", {"data": data, "deputy": deputy})


@login_required
def deputy_status(request: SignedInRequest, pk: int) -> HttpResponse:
    scope, deputy = record_allowed(request.user, selectors.deputy_get, pk, permissions.can_change_deputy_status)
    path = deputy.congress.region.path
    grounds = {status: org_rules.grounds(key, path) for status, key in services.GROUNDS.items()}
    return form_page(
        request,
        DeputyStatusForm(request.POST or None, grounds=grounds),
        save=lambda data: services.deputy_status_record(
            actor=request.user,
            scope=scope,
            deputy=deputy,
            status=data["status"],
            date=data["date"],
            ground=data["ground"],
            note=data["note"],
        ),  # fmt: skip
        success=reverse("org:deputy_detail", kwargs={"pk": deputy.pk}),
        message=_("The status of %(name)s is recorded.") % {"name": deputy.person.name},
        template="org/deputy_status.html",
        context={"deputy": deputy},
    )


@login_required
def deputy_resume(request: SignedInRequest, pk: int) -> HttpResponse:
    """恢复执行代表职务: the office ends a suspension."""
    scope, deputy = record_allowed(request.user, selectors.deputy_get, pk, permissions.can_change_deputy_status)
    return form_page(
        request,
        DeputyResumeForm(request.POST or None),
        save=lambda data: services.deputy_resume(actor=request.user, scope=scope, deputy=deputy, date=data["date"]),
        success=reverse("org:deputy_detail", kwargs={"pk": deputy.pk}),
        message=_("%(name)s performs the duties of a deputy again.") % {"name": deputy.person.name},
        template="org/deputy_status.html",
        context={"deputy": deputy, "resume": True},
    )


@dataclass(frozen=True)
class Roster:
    """A roster imported from Excel (deputies, units): who may, the import itself and its template file."""

    kind: StrOrPromise
    allowed: Callable[[Scope], bool]
    run: Callable[..., imports.ImportReport]
    template: Callable[[Scope], bytes]
    template_url: str
    template_name: str


DEPUTY_ROSTER = Roster(
    gettext_lazy("deputies"),
    permissions.can_import_deputies,
    imports.deputies_import,
    imports.deputy_template,
    "org:deputy_import_template",
    "代表名册导入模板.xlsx",
)
UNIT_ROSTER = Roster(
    gettext_lazy("units"),
    permissions.can_import_units,
    imports.units_import,
    imports.unit_template,
    "org:unit_import_template",
    "承办单位导入模板.xlsx",
)


@login_required
def roster_import(request: SignedInRequest, roster: Roster) -> HttpResponse:
    """Import a roster from Excel (the URL names which: `DEPUTY_ROSTER` or `UNIT_ROSTER`); nothing is written
    unless every row passes."""
    scope = scope_for(request.user)
    if not roster.allowed(scope):
        raise NotPermitted()
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = roster.run(actor=request.user, scope=scope, data=form.cleaned_data["file"].read())
        if report.ok:
            messages.success(request, _("Imported %(n)d rows.") % {"n": report.created + report.updated})
            return redirect(request.path)
    status = 400 if (form.errors or (report and not report.ok)) else 200
    context = {"form": form, "report": report, "kind": str(roster.kind), "template_url": roster.template_url}
    return render(request, "org/import.html", context, status=status)


@login_required
def roster_template(request: SignedInRequest, roster: Roster) -> HttpResponse:
    """The roster's empty Excel file, with its column headers."""
    scope = scope_for(request.user)
    if not roster.allowed(scope):
        raise NotPermitted()
    return download(roster.template(scope), roster.template_name, XLSX_TYPE)


@login_required
def unit_list(request: SignedInRequest) -> HttpResponse:
    scope = scope_for(request.user)
    form = UnitFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    units = selectors.unit_list(scope=scope, kind=filters.get("kind") or None, q=filters.get("q") or "")
    return list_or_export(
        request,
        units,
        template="org/unit_list.html",
        context={"form": form, "can_import": permissions.can_import_units(scope)},
        export=Export(_("units"), imports.UNIT_COLUMNS, _unit_export_rows),
    )


def _unit_export_rows(units: Iterable[Unit]) -> Iterator[Sequence[object]]:
    return ((u.name, u.get_kind_display(), u.region.name, u.head_name, u.head_title, u.phone, u.address) for u in units)


@login_required
def unit_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    scope, unit = record_found(request.user, selectors.unit_get, pk)
    return render(request, "org/unit_detail.html", {"unit": unit, "clerks": selectors.unit_clerks(unit=unit)})


@login_required
def body_list(request: SignedInRequest) -> HttpResponse:
    scope = scope_for(request.user)
    bodies = selectors.body_list(scope=scope).annotate(seats=Count("memberships"))
    return render(request, "org/body_list.html", {"bodies": bodies})


@login_required
def body_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    scope, body = record_found(request.user, selectors.body_get, pk)
    congress = body.kind == Body.Kind.CONGRESS
    context = {
        "body": body,
        "seats": selectors.body_memberships(body=body),
        "terms": selectors.term_list(scope=scope, congress=body.pk) if congress else [],
        "organs": selectors.body_organs(scope=scope, body=body) if congress else [],
    }
    return render(request, "org/body_detail.html", context)


@login_required
def region_tree(request: SignedInRequest) -> HttpResponse:
    scope = scope_for(request.user)
    return render(request, "org/region_tree.html", {"tree": selectors.region_tree(scope=scope)})
