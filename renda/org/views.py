"""Thin views: read through selectors, write through services, rules from permissions."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renda.core.errors import DomainError, NotPermitted
from renda.core.text import mask_id_number, mask_phone
from renda.core.xlsx import XLSX_TYPE, xlsx_response

from . import imports, permissions, selectors, services
from .forms import DeputyFilterForm, DeputyStatusForm, ImportForm, UnitFilterForm
from .models import Body, Deputy, Person
from .scoping import scope_for


@login_required
def home(request):
    scope = scope_for(request.user)
    context = {"counts": selectors.home_counts(scope=scope)}
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
    if scope.unit_ids:
        context["my_units"] = selectors.unit_queryset(scope).filter(pk__in=scope.unit_ids)
    return render(request, "org/home.html", context)


def _deputy_filter_form(request, scope):
    return DeputyFilterForm(
        request.GET or None,
        congresses=selectors.body_list(scope=scope, kind=Body.Kind.CONGRESS),
        terms=selectors.term_list(scope=scope),
        regions=selectors.region_list(scope=scope),
        groups=selectors.group_list(scope=scope),
    )


DEPUTY_EXPORT_HEADERS = [
    "姓名",
    "性别",
    "出生日期",
    "民族",
    "政治面貌",
    "所属人大",
    "届次",
    "选区",
    "所在区域",
    "代表小组",
    "职业类别",
    "连任",
    "状态",
]


@login_required
def deputy_list(request):
    scope = scope_for(request.user)
    if not permissions.can_list_deputies(scope):
        raise NotPermitted()
    form = _deputy_filter_form(request, scope)
    deputies = selectors.deputy_list(scope=scope, filters=form.filters())
    if request.GET.get("export") == "xlsx":
        if not permissions.can_export_deputies(scope):
            raise NotPermitted()
        rows = _deputy_export_rows(deputies)
        return xlsx_response(_("deputies") + ".xlsx", DEPUTY_EXPORT_HEADERS, rows)
    page = Paginator(deputies, settings.RENDA_PAGE_SIZE).get_page(request.GET.get("page"))
    query = {k: v for k, v in request.GET.items() if k not in {"page", "export"} and v}
    context = {
        "form": form,
        "page": page,
        "query": urlencode(query),
        "export_query": urlencode({**query, "export": "xlsx"}),
        "can_import": permissions.can_import_deputies(scope),
    }
    template = "org/_deputy_table.html" if request.headers.get("HX-Request") else "org/deputy_list.html"
    return render(request, template, context)


def _deputy_export_rows(deputies):
    """Rows for the export; choice labels are translated once, not once per cell."""
    maps = {
        "gender": dict(Person.Gender.choices),
        "party": dict(Person.Party.choices),
        "occupation": dict(Deputy.Occupation.choices),
        "status": dict(Deputy.Status.choices),
    }
    labels = {name: {key: str(label) for key, label in choices.items()} for name, choices in maps.items()}
    yes, no = _("yes"), _("no")
    for d in deputies.iterator(chunk_size=2000):
        p = d.person
        yield (
            p.name,
            labels["gender"][p.gender],
            p.birth_date,
            p.ethnicity,
            labels["party"][p.party],
            d.congress.name,
            d.term.number,
            d.electoral_district.name,
            d.region.name,
            d.group.name if d.group else "",
            labels["occupation"][d.occupation],
            yes if d.is_reelected else no,
            labels["status"][d.status],
        )


@login_required
def deputy_detail(request, pk: int):
    scope = scope_for(request.user)
    deputy = selectors.deputy_get(scope=scope, pk=pk)
    context = {
        "deputy": deputy,
        "person": deputy.person,
        "masked_phone": mask_phone(deputy.person.phone),
        "masked_id": mask_id_number(deputy.person.id_number or ""),
        "can_reveal": permissions.can_view_personal_data(scope, deputy),
        "can_change_status": permissions.can_change_deputy_status(scope, deputy) and deputy.status == Deputy.Status.SERVING,
        "other_mandates": selectors.deputy_other_mandates(scope=scope, deputy=deputy),
        "contact_members": selectors.deputy_contact_members(deputy=deputy),
    }
    return render(request, "org/deputy_detail.html", context)


@login_required
@require_POST
def deputy_personal(request, pk: int):
    scope = scope_for(request.user)
    deputy = selectors.deputy_get(scope=scope, pk=pk)
    data = services.personal_data_reveal(actor=request.user, scope=scope, deputy=deputy)
    return render(request, "org/_personal_data.html", {"data": data, "deputy": deputy})


@login_required
def deputy_status(request, pk: int):
    scope = scope_for(request.user)
    deputy = selectors.deputy_get(scope=scope, pk=pk)
    if not permissions.can_change_deputy_status(scope, deputy):
        raise NotPermitted()
    form = DeputyStatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.deputy_set_status(actor=request.user, scope=scope, deputy=deputy, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The mandate of %(name)s has ended.") % {"name": deputy.person.name})
            return redirect("org:deputy_detail", pk=deputy.pk)
    return render(request, "org/deputy_status.html", {"deputy": deputy, "form": form}, status=400 if form.errors else 200)


def _import_view(request, *, allowed: bool, run, template_name: str, kind: str):
    scope = scope_for(request.user)
    if not allowed:
        raise NotPermitted()
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = run(actor=request.user, scope=scope, data=form.cleaned_data["file"].read())
        if report.ok:
            messages.success(request, _("Imported %(n)d rows.") % {"n": report.created})
            return redirect(request.path)
    status = 400 if (form.errors or (report and not report.ok)) else 200
    return render(
        request, "org/import.html", {"form": form, "report": report, "kind": kind, "template_url": template_name}, status=status
    )


@login_required
def deputy_import(request):
    scope = scope_for(request.user)
    return _import_view(
        request,
        allowed=permissions.can_import_deputies(scope),
        run=imports.deputies_import,
        template_name="org:deputy_import_template",
        kind=_("deputies"),
    )


@login_required
def deputy_import_template(request):
    if not permissions.can_import_deputies(scope_for(request.user)):
        raise NotPermitted()
    return _attachment(imports.deputy_template(), "代表名册导入模板.xlsx")


@login_required
def unit_list(request):
    scope = scope_for(request.user)
    form = UnitFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    units = selectors.unit_list(scope=scope, kind=filters.get("kind") or None, q=filters.get("q") or "")
    if request.GET.get("export") == "xlsx":
        rows = ((u.name, u.get_kind_display(), u.region.name, u.head_name, u.head_title, u.phone, u.address) for u in units)
        return xlsx_response(_("units") + ".xlsx", imports.UNIT_COLUMNS, rows)
    page = Paginator(units, settings.RENDA_PAGE_SIZE).get_page(request.GET.get("page"))
    query = {k: v for k, v in request.GET.items() if k not in {"page", "export"} and v}
    return render(
        request,
        "org/unit_list.html",
        {
            "form": form,
            "page": page,
            "query": urlencode(query),
            "export_query": urlencode({**query, "export": "xlsx"}),
            "can_import": permissions.can_import_units(scope),
        },
    )


@login_required
def unit_detail(request, pk: int):
    scope = scope_for(request.user)
    unit = selectors.unit_get(scope=scope, pk=pk)
    return render(request, "org/unit_detail.html", {"unit": unit, "clerks": selectors.unit_clerks(unit=unit)})


@login_required
def unit_import(request):
    scope = scope_for(request.user)
    return _import_view(
        request,
        allowed=permissions.can_import_units(scope),
        run=imports.units_import,
        template_name="org:unit_import_template",
        kind=_("units"),
    )


@login_required
def unit_import_template(request):
    if not permissions.can_import_units(scope_for(request.user)):
        raise NotPermitted()
    return _attachment(imports.unit_template(), "承办单位导入模板.xlsx")


@login_required
def body_list(request):
    scope = scope_for(request.user)
    bodies = selectors.body_list(scope=scope).annotate(seats=Count("memberships"))
    return render(request, "org/body_list.html", {"bodies": bodies})


@login_required
def body_detail(request, pk: int):
    scope = scope_for(request.user)
    body = selectors.body_get(scope=scope, pk=pk)
    context = {
        "body": body,
        "seats": selectors.body_memberships(body=body),
        "terms": selectors.term_list(scope=scope, congress=body.pk) if body.kind == Body.Kind.CONGRESS else [],
        "organs": selectors.body_organs(scope=scope, body=body) if body.kind == Body.Kind.CONGRESS else [],
    }
    return render(request, "org/body_detail.html", context)


@login_required
def region_tree(request):
    scope = scope_for(request.user)
    return render(request, "org/region_tree.html", {"tree": selectors.region_tree(scope=scope)})


def _attachment(data: bytes, filename: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
