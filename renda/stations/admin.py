"""Stations are set up by system administrators here (kind, region, address, fixed liaison officer, attached
deputies); everything that happens at a station goes through the stations pages and services."""

from django.contrib import admin

from renda.core.admin import AuditedAdmin

from .models import ReceptionSchedule, Station, StationRules


@admin.register(Station)
class StationAdmin(AuditedAdmin):
    list_display = ["name", "kind", "region", "officer"]
    list_filter = ["kind"]
    search_fields = ["name"]
    raw_id_fields = ["region", "town", "parent"]
    filter_horizontal = ["deputies"]


@admin.register(StationRules)
class StationRulesAdmin(AuditedAdmin):
    list_display = ["station", "version"]


@admin.register(ReceptionSchedule)
class ReceptionScheduleAdmin(AuditedAdmin):
    list_display = ["station"]
