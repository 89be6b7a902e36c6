"""The shapes every supervision page shares: a form page (core's, on the app's template), an inline form posted from a detail page, an action
without a form. A DomainError (an InvalidTransition too) is shown and nothing changes (status 400)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django import forms
from django.contrib import messages
from django.db.models import Model, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from renda.core import pages
from renda.core.errors import DomainError, NotPermitted
from renda.core.listing import fail
from renda.core.pages import action
from renda.core.requests import AuthedRequest
from renda.org.scoping import Scope, scope_for

FORM_TEMPLATE = "supervision/form.html"

M = TypeVar("M", bound=Model)


class RecordPage(Generic[M]):
    """A record's detail page and the writes posted from it: `get(scope=…, pk=…)` finds the record in the caller's
    scope (404 outside), `name` is its keyword in the services and names its page (`supervision:<name>_detail`),
    `context(scope, record)` fills `template`, `manage(scope, record)` says who may write (403 for anyone else)."""

    def __init__(
        self,
        get: Callable[..., M],
        name: str,
        template: str,
        context: Callable[[Scope, M], dict[str, Any]],
        *,
        manage: Callable[[Scope, M], bool] | None = None,
    ) -> None:
        self.get, self.name, self.template, self.context, self.manage = get, name, template, context, manage
        self.url = f"supervision:{name.rstrip('_')}_detail"

    def create(
        self,
        request: AuthedRequest,
        form: Callable[[Scope], forms.Form],
        service: Callable[..., M],
        *,
        allowed: Callable[[Scope], bool],
        title: str,
        message: Callable[[M], str] | None = None,
    ) -> HttpResponse:
        """The page that makes a new record, for those `allowed` (403 otherwise): `form(scope)`, then
        `service(actor, scope, **cleaned data)` (several records chosen arrive as a list), then the new record's page."""
        scope = scope_for(request.user)
        if not allowed(scope):
            raise NotPermitted()
        return form_page(
            request,
            form(scope),
            save=lambda data: service(actor=request.user, scope=scope, **{k: _listed(v) for k, v in data.items()}),
            success=lambda obj: reverse(self.url, args=[obj.pk]),
            message=message,
            context={"title": title},
        )

    def found(self, request: AuthedRequest, pk: int) -> tuple[Scope, M]:
        scope = scope_for(request.user)
        return scope, self.get(scope=scope, pk=pk)

    def managed(self, request: AuthedRequest, pk: int, may: Callable[[Scope, M], bool] | None = None) -> tuple[Scope, M]:
        """The record for a write that `may` (else the page's `manage`) allows the caller: 403 otherwise."""
        scope, obj = self.found(request, pk)
        allowed = may or self.manage
        if allowed is None or not allowed(scope, obj):
            raise NotPermitted()
        return scope, obj

    def detail(self, request: AuthedRequest, pk: int) -> HttpResponse:
        scope, obj = self.found(request, pk)
        return render(request, self.template, self.context(scope, obj))

    def move(self, request: AuthedRequest, pk: int, service: Callable[..., Any], **kwargs: Any) -> HttpResponse:
        """The lifecycle move the page posts (`action`): `service(actor, scope, <record>, action, **kwargs)`, then back
        to the page (the refusal shown on it)."""
        scope, obj = self.found(request, pk)
        kwargs[self.name] = obj
        run = lambda: service(actor=request.user, scope=scope, action=request.POST.get("action", ""), **kwargs)  # noqa: E731
        return action(request, run, **self.back(request, scope, obj))

    def post_form(
        self,
        request: AuthedRequest,
        pk: int,
        form: Callable[[Scope, M], forms.Form],
        service: Callable[..., Any],
        *,
        anchor: str = "",
        message: str | None = None,
        may: Callable[[Scope, M], bool] | None = None,
    ) -> HttpResponse:
        """A form posted from the page by those who may (`may`, else the page's `manage`): `form(scope, record)` bound
        to the POST, then `service(actor, scope, <record>, **cleaned data)` (`inline`), back to the page at `anchor`."""
        scope, obj = self.managed(request, pk, may)
        return inline(
            request,
            form(scope, obj),
            save=lambda data: service(actor=request.user, scope=scope, **{self.name: obj}, **data),
            message=message,
            **self.back(request, scope, obj, anchor),
        )

    def back(self, request: AuthedRequest, scope: Scope, obj: M, anchor: str = "") -> dict[str, Any]:
        """Where a write posted from the page goes (`inline`, `action`): back to the page (at `anchor`) when done,
        the page again with the refusal when not."""
        return {
            "success": reverse(self.url, args=[obj.pk]) + anchor,
            "template": self.template,
            "context": lambda: self.context(scope, obj),
        }


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


def _listed(value: Any) -> Any:
    return list(value) if isinstance(value, QuerySet) else value


def int_or_none(value: object) -> int | None:
    from renda.core.listing import int_param

    return int_param(value, low=1)
