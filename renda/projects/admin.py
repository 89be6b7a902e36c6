from django.contrib import admin

from renda.core.admin import AuditedAdmin

from .models import Candidate, Cycle, Node, Project, Proposal, Status


@admin.register(Status)
class StatusAdmin(AuditedAdmin):
    list_display = ["key", "name", "progress", "order"]


@admin.register(Cycle)
class CycleAdmin(AuditedAdmin):
    list_display = ["congress", "year", "places", "state"]
    list_filter = ["year", "state"]


@admin.register(Proposal)
class ProposalAdmin(AuditedAdmin):
    list_display = ["title", "cycle", "source", "state"]
    exclude = ["phone"]


@admin.register(Candidate)
class CandidateAdmin(AuditedAdmin):
    list_display = ["title", "cycle", "order", "cost", "unit", "deadline"]


@admin.register(Project)
class ProjectAdmin(AuditedAdmin):
    list_display = ["title", "cycle", "rank", "unit", "deadline"]


@admin.register(Node)
class NodeAdmin(AuditedAdmin):
    list_display = ["code", "title", "project", "weight", "status", "progress", "due_date"]
