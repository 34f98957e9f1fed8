from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Delegation, Deputy, DeputyGroup, ElectoralUnit, LiaisonStation


@admin.register(Deputy)
class DeputyAdmin(admin.ModelAdmin):
    list_display = ["code", "person", "delegation", "status"]
    list_filter = ["status", "sector", "delegation"]
    search_fields = ["code", "person__name"]
    raw_id_fields = ["person"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # changes go through the roster pages so they are validated and audited


admin.site.register(Delegation, list_display=["name", "term"])
admin.site.register(DeputyGroup, list_display=["name", "delegation"])
admin.site.register(ElectoralUnit, list_display=["name", "term"])
admin.site.register(LiaisonStation, list_display=["name", "kind", "district"])
