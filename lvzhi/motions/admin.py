from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from lvzhi.core.admin_site import ReadOnlyAdmin

from .models import Motion, MotionSigner


class MotionSignerInline(admin.TabularInline):
    model = MotionSigner
    extra = 0
    can_delete = False
    readonly_fields = ("deputy", "is_lead", "invited_at", "confirmed_at", "declined_at", "withdrawn_at")
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Motion)
class MotionAdmin(ReadOnlyAdmin):
    """Motions are drafted and decided through the motion pages, validated and audited."""

    list_display = ["number", "title", "lead", "body", "status", "submitted_at"]
    list_filter = ["status", "body", "is_legislative", "session"]
    search_fields = ["number", "title", "lead__person__name", "lead__code"]
    list_select_related = ["lead", "lead__person"]
    raw_id_fields = ["lead", "session", "committee", "rules"]
    inlines = [MotionSignerInline]
