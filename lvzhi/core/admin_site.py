"""The Django admin as this platform uses it: for administrators only, every write audited.

* Only accounts with the administrator role (and Django's staff flag) may use the admin site;
  everyone else is sent to the sign-in page, as Django does for non-staff accounts.
* Every model admin registered on the site — whatever class an app gives it — saves and
  deletes through :func:`lvzhi.core.services.admin_record_save` / ``admin_record_delete``,
  which check the permission and write an audit row naming the administrator and the fields
  changed. Apps keep rules-bearing workflows out of the admin (read-only admins, or no admin).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.db.models import Model, QuerySet
from django.forms import BaseForm
from django.http import HttpRequest


class AuditedAdminMixin:
    """Routes the admin's writes through the audited core services."""

    def save_model(self, request: HttpRequest, obj: Model, form: BaseForm, change: bool) -> None:
        from .services import admin_record_save
        from .web import acting_user

        admin_record_save(
            obj=obj, changed=list(form.changed_data), adding=not change, acting_user=acting_user(request)
        )

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        from .services import admin_record_delete
        from .web import acting_user

        admin_record_delete(obj=obj, acting_user=acting_user(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)

    def save_formset(self, request: HttpRequest, form: BaseForm, formset: Any, change: bool) -> None:
        from .services import admin_record_delete, admin_record_save
        from .web import acting_user

        actor = acting_user(request)
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            admin_record_delete(obj=obj, acting_user=actor)
        for obj in instances:
            admin_record_save(obj=obj, changed=[], adding=obj.pk is None, acting_user=actor)
        formset.save_m2m()


class LvzhiAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        from .permissions import can_use_admin_site  # not at import: this module names the admin app

        return can_use_admin_site(request.user)

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        base = admin_class or admin.ModelAdmin
        if not issubclass(base, AuditedAdminMixin):
            base = type(f"Audited{base.__name__}", (AuditedAdminMixin, base), {"__module__": base.__module__})
        super().register(model_or_iterable, base, **options)


class LvzhiAdminConfig(AdminConfig):
    default_site = "lvzhi.core.admin_site.LvzhiAdminSite"


class ReadOnlyAdmin(admin.ModelAdmin):
    """An admin page that lists and shows, never writes: for records whose every change goes
    through a service (validated and audited). Apps' admins subclass it."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
