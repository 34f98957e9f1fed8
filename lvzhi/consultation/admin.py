"""Read-only admin views of public consultation: every write goes through the services, and
comments can never be deleted (the database refuses it too)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Comment, CommentImport, Consultation, ThemeDecision


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Consultation)
class ConsultationAdmin(ReadOnly):
    list_display = ["title", "bill", "start", "end", "status"]
    list_filter = ["status"]


@admin.register(Comment)
class CommentAdmin(ReadOnly):
    list_display = ["receipt", "consultation", "article", "channel", "moderation", "decision", "submitted_at"]
    list_filter = ["channel", "moderation", "decision"]
    search_fields = ["receipt"]
    exclude = ["client"]
    show_full_result_count = False


@admin.register(CommentImport)
class ImportAdmin(ReadOnly):
    list_display = ["filename", "consultation", "channel", "rows", "created_at"]


@admin.register(ThemeDecision)
class ThemeDecisionAdmin(ReadOnly):
    list_display = ["label", "consultation", "decision", "comment_count", "decided_at"]
