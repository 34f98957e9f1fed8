"""Django admin for administrators. Writes still go through services where rules apply;
the audit log is read-only here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import (
    ApiToken,
    AuditLog,
    CalendarOverride,
    Organ,
    OrganMembership,
    Person,
    RoleAssignment,
    RulesProfile,
    RulesProfileVersion,
    Session,
    Term,
    User,
)


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["organ"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Congress"), {"fields": ("display_name", "organ", "person", "phone", "preferred_language")}),
    )
    inlines = [RoleInline]
    list_display = ["username", "display_name", "organ", "is_active"]
    search_fields = ["username", "display_name", "email"]
    autocomplete_fields = ["organ", "person"]


@admin.register(Organ)
class OrganAdmin(admin.ModelAdmin):
    list_display = ["name", "type", "duty", "parent", "is_active"]
    list_filter = ["type", "duty", "is_active"]
    search_fields = ["name", "code"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "gender", "workplace"]
    search_fields = ["name", "id_number"]


admin.site.register(Term)
admin.site.register(
    Session, list_display=["__str__", "body", "start_date", "end_date"], list_filter=["body", "term"]
)
admin.site.register(
    OrganMembership, list_display=["person", "organ", "term", "position"], list_filter=["organ"]
)
admin.site.register(CalendarOverride, list_display=["date", "is_working_day", "note"])
admin.site.register(RulesProfile, list_display=["code", "name", "city", "is_default"])
admin.site.register(ApiToken, list_display=["name", "user", "prefix", "created_at", "revoked_at"])


@admin.register(RulesProfileVersion)
class RulesProfileVersionAdmin(admin.ModelAdmin):
    list_display = ["profile", "number", "created_at", "note"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # versions are frozen; publish a new one instead

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = ["seq", "created_at", "actor_label", "action", "object_repr"]
    list_filter = ["action"]
    search_fields = ["object_repr", "actor_label", "object_id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# Authenticator secrets and recovery codes are not for the admin site: an administrator removes
# a lost authenticator on the audited page /accounts/sign-in/ (lvzhi.core.signin_views).
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
