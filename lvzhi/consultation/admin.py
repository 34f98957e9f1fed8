"""Read-only admin views of public consultation: every write goes through the services, and
comments can never be deleted (the database refuses it too)."""

from __future__ import annotations

from django.contrib import admin

from lvzhi.core.admin_site import ReadOnlyAdmin

from .models import Comment, CommentImport, Consultation, ThemeDecision


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin):
    list_display = ["title", "bill", "start", "end", "status"]
    list_filter = ["status"]


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ["receipt", "consultation", "article", "channel", "moderation", "decision", "submitted_at"]
    list_filter = ["channel", "moderation", "decision"]
    search_fields = ["receipt"]
    exclude = ["client"]
    show_full_result_count = False


@admin.register(CommentImport)
class ImportAdmin(ReadOnlyAdmin):
    list_display = ["filename", "consultation", "channel", "rows", "created_at"]


@admin.register(ThemeDecision)
class ThemeDecisionAdmin(ReadOnlyAdmin):
    list_display = ["label", "consultation", "decision", "comment_count", "decided_at"]
