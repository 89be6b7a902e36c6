from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import accounts, exports, permissions, security, selectors, services, tokens
from .audit import audit_seal, audit_verify
from .context import client_ip
from .errors import DomainError, NotPermitted
from .listing import Export, list_or_export, wants_export
from .models import ApiToken
from .pages import form_page
from .requests import AuthedRequest


class AuditFilterForm(forms.Form):
    action = forms.CharField(label=gettext_lazy("Action"), required=False)
    actor = forms.CharField(label=gettext_lazy("Actor"), required=False)
    object_type = forms.CharField(label=gettext_lazy("Object type"), required=False)
    object_id = forms.CharField(label=gettext_lazy("Object id"), required=False)
    date_from = forms.DateField(label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


AUDIT_HEADERS = [
    gettext_lazy("Time"),
    gettext_lazy("Actor"),
    gettext_lazy("Action"),
    gettext_lazy("Object type"),
    gettext_lazy("Object id"),
    gettext_lazy("Object"),
    gettext_lazy("Before"),
    gettext_lazy("After"),
    gettext_lazy("Client address"),
    gettext_lazy("Chain position"),
]
AUDIT_EXPORT_MAX = 50_000  # the newest events of the filter; a narrower filter reaches further back


def _audit_rows(events: Any) -> Iterator[tuple[Any, ...]]:
    columns = ("created_at", "actor_label", "action", "object_type", "object_id", "object_repr", "before", "after",
               "client_ip", "seq")  # fmt: skip
    for chunk in exports.in_chunks(events.values_list(*columns)[:AUDIT_EXPORT_MAX]):
        for at, actor, action, kind, pk, text, before, after, ip, seq in chunk:
            yield (at.strftime("%Y-%m-%d %H:%M:%S"), actor, action, kind, pk, text, str(before or ""), str(after or ""), ip or "", seq)


@login_required
def audit_list(request: AuthedRequest) -> HttpResponse:
    if not permissions.can_view_audit(request.user):
        raise NotPermitted()
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.audit_event_list(**{k: v for k, v in filters.items() if v})
    if wants_export(request):  # through the shared helper: past the inline rule's rows, written by the task worker
        return list_or_export(request, events, template="core/audit_list.html", export=Export(_("audit"), AUDIT_HEADERS, _audit_rows))
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    chain = None
    if request.GET.get("verify"):
        audit_seal()  # chain what has committed since the last periodic seal, then check everything
        chain = audit_verify()
    return render(request, "core/audit_list.html", {"form": form, "page": page, "chain": chain})


@login_required
def token_list(request: AuthedRequest) -> HttpResponse:
    new_key = None
    if request.method == "POST":
        try:
            _token, new_key = tokens.api_token_create(actor=request.user, name=request.POST.get("name", ""))
        except DomainError as exc:
            messages.error(request, " ".join(exc.messages))
    return render(request, "core/token_list.html", {"tokens": selectors.api_token_list(user=request.user), "new_key": new_key})


@login_required
@require_POST
def token_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    tokens.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("Token revoked."))
    return redirect("core:token_list")


@login_required
def notice_list(request: AuthedRequest) -> HttpResponse:
    """The user's notices, newest first, grouped by day; `?kind=` narrows to one kind (a group of the home page).
    POST marks them read (all, or those of the kind)."""
    kind = (request.GET.get("kind") or request.POST.get("kind") or "")[:64]
    if request.method == "POST":
        ids = list(selectors.notice_list(user=request.user, kind=kind).values_list("pk", flat=True)) if kind else None
        services.notices_mark_read(actor=request.user, ids=ids)
        return redirect("core:notice_list")
    page = Paginator(selectors.notice_list(user=request.user, kind=kind), 30).get_page(request.GET.get("page"))
    return render(request, "core/notice_list.html", {"page": page, "kind": kind})


@login_required
@require_POST
def notice_open(request: AuthedRequest, pk: int) -> HttpResponse:
    """Open one notice: it is marked read and the user goes to what it is about. Another user's notice (or none)
    leads back to the notice list and changes nothing."""
    notice = selectors.notice_list(user=request.user).filter(pk=pk).first()
    if notice is None:
        return redirect("core:notice_list")
    services.notices_mark_read(actor=request.user, ids=[notice.pk])
    url = notice.url or ""
    return redirect(url if url.startswith("/") and not url.startswith("//") else reverse("core:notice_list"))


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@login_required
def login_locks(request: AuthedRequest) -> HttpResponse:
    """Accounts and client addresses locked after failed logins; an administrator lifts a lock (audited)."""
    if not permissions.can_administer(request.user):
        raise NotPermitted()
    if request.method == "POST":
        try:
            security.login_unlock(
                actor=request.user, username=request.POST.get("username", ""), address=request.POST.get("address", "")
            )
        except DomainError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Unlocked."))
        return redirect("core:login_locks")
    return render(request, "core/login_locks.html", {"locks": security.locks()})


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label=gettext_lazy("Current password"), widget=forms.PasswordInput, max_length=128)
    new_password = forms.CharField(label=gettext_lazy("New password"), widget=forms.PasswordInput, max_length=128)
    confirm = forms.CharField(label=gettext_lazy("New password again"), widget=forms.PasswordInput, max_length=128)


class ResetRequestForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Username"), max_length=150)


class ResetConfirmForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Username"), max_length=150)
    code = forms.CharField(label=gettext_lazy("Code from the SMS"), max_length=6)
    new_password = forms.CharField(label=gettext_lazy("New password"), widget=forms.PasswordInput, max_length=128)
    confirm = forms.CharField(label=gettext_lazy("New password again"), widget=forms.PasswordInput, max_length=128)


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=gettext_lazy("Display name"), max_length=100, required=False)
    phone = forms.CharField(label=gettext_lazy("Mobile phone"), max_length=20, required=False)


@login_required
def account(request: AuthedRequest) -> HttpResponse:
    """The user's own account: name and phone (for password resets), and links to the password, tokens, notices."""
    user = request.user
    form = ProfileForm(request.POST or None, initial={"display_name": user.display_name, "phone": user.phone})

    def save(data: dict[str, Any]) -> None:
        accounts.profile_update(actor=user, **data)

    return form_page(request, form, save=save, success="core:account", message=_("Saved."), template="core/account.html")


@login_required
def password_change(request: AuthedRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)

    def save(data: dict[str, Any]) -> None:
        update_session_auth_hash(request, accounts.password_change(actor=request.user, **data))

    return form_page(
        request,
        form,
        save=save,
        success="home",
        message=_("Your password has been changed."),
        template="core/password_change.html",
        context={"forced": request.user.must_change_password},
    )


def password_reset(request: HttpRequest) -> HttpResponse:
    """Anyone: ask for a code to the phone on record of an account (the answer does not say whether it exists)."""
    form = ResetRequestForm(request.POST or None)

    def save(data: dict[str, Any]) -> str:
        accounts.password_reset_request(username=data["username"], client_ip=client_ip.get())
        return str(data["username"])

    return form_page(
        request,
        form,
        save=save,
        success=lambda username: f"{reverse('core:password_reset_confirm')}?username={quote(username)}",
        message=_("If the account has a mobile phone on record, a code has been sent to it."),
        template="core/password_reset.html",
    )


def password_reset_confirm(request: HttpRequest) -> HttpResponse:
    form = ResetConfirmForm(request.POST or None, initial={"username": request.GET.get("username", "")[:150]})

    def save(data: dict[str, Any]) -> None:
        accounts.password_reset_confirm(**data)

    return form_page(
        request,
        form,
        save=save,
        success="login",
        message=_("Your password has been reset. Log in with the new one."),
        template="core/password_reset_confirm.html",
    )
