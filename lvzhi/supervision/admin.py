"""Read-only admin views of supervision: every write goes through the services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import EscalationStep, RectificationTask, SatisfactionVote, SupervisionItem, SupervisionPlan


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SupervisionPlan)
class PlanAdmin(ReadOnly):
    list_display = ["year", "title", "status", "adopted_on"]


@admin.register(SupervisionItem)
class ItemAdmin(ReadOnly):
    list_display = ["title", "form", "body", "status", "is_public"]
    list_filter = ["form", "status"]
    list_select_related = ["body"]


@admin.register(RectificationTask)
class TaskAdmin(ReadOnly):
    list_display = ["problem", "unit", "deadline", "status", "escalation"]
    list_filter = ["status", "escalation", "problem_type"]
    list_select_related = ["unit"]


@admin.register(EscalationStep)
class EscalationAdmin(ReadOnly):
    list_display = ["task", "level_from", "level_to", "reason", "created_at"]


@admin.register(SatisfactionVote)
class VoteAdmin(ReadOnly):
    list_display = ["subject", "status", "satisfied", "basically_satisfied", "unsatisfied", "accepted"]
