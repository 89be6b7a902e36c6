"""The shapes every supervision page shares: a form page (core's, on the app's template), an inline form posted from a detail page, an action
without a form. A DomainError (an InvalidTransition too) is shown and nothing changes (status 400)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from renda.core import pages
from renda.core.errors import DomainError
from renda.core.listing import fail
from renda.core.requests import AuthedRequest

FORM_TEMPLATE = "supervision/form.html"


def form_page(request: AuthedRequest, form: forms.Form, *, template: str = FORM_TEMPLATE, **kwargs: Any) -> HttpResponse:
    """core.pages.form_page on the app's form template unless another is named."""
    return pages.form_page(request, form, template=template, **kwargs)


def inline(
    request: AuthedRequest,
    form: forms.Form,
    *,
    save: Callable[[dict[str, Any]], Any],
    success: str,
    template: str,
    context: Callable[[], dict[str, Any]],
    message: str | None = None,
) -> HttpResponse:
    """A form posted from a detail page: success redirects back; errors are shown on the detail page (status 400)."""
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except DomainError as exc:
            fail(request, exc)
        else:
            if message:
                messages.success(request, message)
            return redirect(success)
    else:
        messages.error(
            request, _("Check the form: %(errors)s") % {"errors": " ".join(str(e) for errs in form.errors.values() for e in errs)}
        )
    return render(request, template, context(), status=400)


def action(
    request: AuthedRequest,
    run: Callable[[], Any],
    *,
    success: str,
    template: str,
    context: Callable[[], dict[str, Any]],
    message: str | None = None,
) -> HttpResponse:
    """A POST without a form (a lifecycle move): `run()` calls the service; a refusal is shown on `template`."""
    try:
        run()
    except DomainError as exc:
        fail(request, exc)
        return render(request, template, context(), status=400)
    if message:
        messages.success(request, message)
    return redirect(success)


def int_or_none(value: object) -> int | None:
    from renda.core.listing import int_param

    return int_param(value, low=1)
