from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from renda.core.admin import AuditedAdmin

from .models import (
    Body,
    ContactAssignment,
    Deputy,
    DeputyGroup,
    ElectoralDistrict,
    Membership,
    Person,
    Region,
    RoleGrant,
    Term,
    Unit,
)


@admin.register(Region)
class RegionAdmin(AuditedAdmin):
    list_display = ["name", "kind", "parent", "path"]
    list_filter = ["kind"]
    search_fields = ["name"]
    readonly_fields = ["path", "depth"]

    def save_model(self, request: HttpRequest, obj: Region, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        path = f"{obj.parent.path if obj.parent else '/'}{obj.pk}/"
        if obj.path != path:
            obj.path, obj.depth = path, (obj.parent.depth + 1 if obj.parent else 0)
            obj.save(update_fields=["path", "depth"])


@admin.register(Body)
class BodyAdmin(AuditedAdmin):
    list_display = ["name", "kind", "level", "region", "congress"]
    list_filter = ["kind", "level"]
    search_fields = ["name"]


@admin.register(Term)
class TermAdmin(AuditedAdmin):
    list_display = ["congress", "number", "start_date", "end_date"]


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ["name", "gender", "birth_date", "party"]
    search_fields = ["name", "name_initials"]
    exclude = ["id_number", "phone"]  # personal data is revealed (and audited) on the deputy page


@admin.register(Deputy)
class DeputyAdmin(AuditedAdmin):
    list_display = ["person", "congress", "term", "region", "status"]
    list_filter = ["congress", "status"]
    search_fields = ["person__name"]
    raw_id_fields = ["person", "electoral_district", "group", "region"]
    list_select_related = ["person", "congress", "term", "region"]


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ["person", "body", "term", "role", "start_date", "end_date"]
    list_filter = ["body"]
    raw_id_fields = ["person"]
    list_select_related = ["person", "body", "term", "term__congress"]


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ["name", "kind", "region", "head_name", "is_active"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(RoleGrant)
class RoleGrantAdmin(AuditedAdmin):
    list_display = ["user", "role", "region", "body", "unit"]
    list_filter = ["role"]


admin.site.register(ElectoralDistrict, AuditedAdmin)
admin.site.register(DeputyGroup, AuditedAdmin)
admin.site.register(ContactAssignment, AuditedAdmin)
