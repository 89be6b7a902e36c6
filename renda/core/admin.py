from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .audit import audit_record, snapshot
from .models import ApiToken, AuditEvent, Notice, Rule, User
from .security import AdminLoginForm

admin.site.site_header = _("Renda administration")
admin.site.site_title = _("Renda administration")
admin.site.login_form = AdminLoginForm
# Django admin is for system administrators only, whatever is_staff says.
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser  # type: ignore[method-assign]


class AuditedAdmin(admin.ModelAdmin):
    """Admin edits go into the audit trail like any service write (the admin's change view is atomic)."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else None
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user, action=f"admin.{'change' if change else 'add'}", obj=obj, before=before, after=snapshot(obj)
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        before = snapshot(obj)
        label, pk, text = obj._meta.label_lower, obj.pk, str(obj)
        super().delete_model(request, obj)
        audit_record(actor=request.user, action="admin.delete", object_type=label, object_id=pk, object_repr=text, before=before)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(User)
class UserAdmin(AuditedAdmin):
    list_display = ["username", "display_name", "is_active", "is_superuser", "last_login"]
    search_fields = ["username", "display_name"]
    exclude = ["password", "user_permissions", "groups"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """An account an administrator creates gets no password here: its holder sets one by the SMS code to the phone
        on record, and is asked for a password of their own at the first login."""
        if not change:
            obj.must_change_password = True
            obj.set_unusable_password()
        super().save_model(request, obj, form, change)


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "key_hash", "created_at", "last_used_at"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail is append-only."""

    list_display = ["created_at", "actor_label", "action", "object_type", "object_repr", "client_ip", "seq"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_label", "object_repr", "object_id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Rule)
class RuleAdmin(AuditedAdmin):
    list_display = ["key", "region_id", "value", "note", "updated_at"]
    search_fields = ["key"]


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "kind", "title", "read_at"]
    list_filter = ["kind"]
