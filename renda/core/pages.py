"""The form page's one shape, for every app's views: show the form, run one service on a valid POST, redirect."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django_stubs_ext import StrOrPromise

from .errors import DomainError

T = TypeVar("T")


def form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    save: Callable[[dict[str, Any]], T],
    success: str | Callable[[T], str],
    template: str,
    message: StrOrPromise | Callable[[T], StrOrPromise] | None = None,
    context: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """A valid POST calls `save(form.cleaned_data)` (one service); a DomainError becomes the form's error and nothing
    changes. Success shows `message` (text, or a function of what `save` returned) and redirects to `success` (a URL
    or URL name, or a function of the result). Otherwise the page shows the form, with status 400 after a POST."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc)
        else:
            if message is not None:
                messages.success(request, message(result) if callable(message) else message)
            return redirect(success(result) if callable(success) else success)
    status = 400 if request.method == "POST" else 200
    return render(request, template, {"form": form, **(context or {})}, status=status)
