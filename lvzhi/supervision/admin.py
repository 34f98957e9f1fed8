"""Read-only admin views of supervision: every write goes through the services."""

from __future__ import annotations

from django.contrib import admin

from lvzhi.core.admin_site import ReadOnlyAdmin

from .models import EscalationStep, RectificationTask, SatisfactionVote, SupervisionItem, SupervisionPlan


@admin.register(SupervisionPlan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ["year", "title", "status", "adopted_on"]


@admin.register(SupervisionItem)
class ItemAdmin(ReadOnlyAdmin):
    list_display = ["title", "form", "body", "status", "is_public"]
    list_filter = ["form", "status"]
    list_select_related = ["body"]


@admin.register(RectificationTask)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ["problem", "unit", "deadline", "status", "escalation"]
    list_filter = ["status", "escalation", "problem_type"]
    list_select_related = ["unit"]


@admin.register(EscalationStep)
class EscalationAdmin(ReadOnlyAdmin):
    list_display = ["task", "level_from", "level_to", "reason", "created_at"]


@admin.register(SatisfactionVote)
class VoteAdmin(ReadOnlyAdmin):
    list_display = ["subject", "status", "satisfied", "basically_satisfied", "unsatisfied", "accepted"]
