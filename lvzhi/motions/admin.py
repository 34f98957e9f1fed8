from django.contrib import admin

from .models import Motion, MotionSigner


class MotionSignerInline(admin.TabularInline):
    model = MotionSigner
    extra = 0
    can_delete = False
    readonly_fields = ("deputy", "is_lead", "invited_at", "confirmed_at", "declined_at", "withdrawn_at")
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Motion)
class MotionAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "lead", "body", "status", "submitted_at"]
    list_filter = ["status", "body", "is_legislative", "session"]
    search_fields = ["number", "title", "lead__person__name", "lead__code"]
    list_select_related = ["lead", "lead__person"]
    raw_id_fields = ["lead", "session", "committee", "rules"]
    inlines = [MotionSignerInline]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False  # motions are drafted and decided through the motion pages, validated and audited

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
