"""Read-only admin views of legislation: every write goes through the services (validated
and audited), so the admin only lists and shows."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from lvzhi.core.admin_site import ReadOnlyAdmin

from .models import (
    Ballot,
    Bill,
    BillVersion,
    LegislativePlan,
    ProjectProposal,
    Reading,
    Regulation,
    RegulationVersion,
    Vote,
)


class VersionInline(admin.TabularInline):
    model = BillVersion
    extra = 0
    fields = readonly_fields = ("number", "label", "article_count", "created_at")
    can_delete = False

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class ReadingInline(admin.TabularInline):
    model = Reading
    extra = 0
    fields = readonly_fields = ("number", "session", "status", "held_on")
    can_delete = False

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Bill)
class BillAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "status", "readings_held", "readings_planned", "passed_on"]
    list_filter = ["status", "kind", "term"]
    search_fields = ["title"]
    list_select_related = ["term"]
    raw_id_fields = [
        "regulation",
        "base_version",
        "project",
        "proposer_organ",
        "drafting_unit",
        "rules",
        "voted_session",
    ]
    inlines = [VersionInline, ReadingInline]


@admin.register(Regulation)
class RegulationAdmin(ReadOnlyAdmin):
    list_display = ["title", "enacting_body", "repealed_on"]
    search_fields = ["title"]


@admin.register(RegulationVersion)
class RegulationVersionAdmin(ReadOnlyAdmin):
    list_display = [
        "title",
        "number",
        "kind",
        "announcement_number",
        "promulgated_on",
        "commencement_on",
        "filing_due",
        "filed_on",
    ]
    list_select_related = ["regulation"]


@admin.register(LegislativePlan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "year", "status"]


@admin.register(ProjectProposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ["title", "source", "status", "feasibility", "priority", "plan"]
    list_filter = ["status", "source"]
    list_select_related = ["plan"]


class BallotInline(admin.TabularInline):
    model = Ballot
    extra = 0
    fields = readonly_fields = ("membership", "choice", "cast_at")
    can_delete = False

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Vote)
class VoteAdmin(ReadOnlyAdmin):
    list_display = ["bill", "kind", "clause", "session", "status", "yes", "total_members", "result"]
    list_select_related = ["bill", "session", "session__term"]
    inlines = [BallotInline]
