"""Admin for WSP admins: the regional instrument catalogue and follow-up plans are edited here;
placements, their checkpoints and instrument periods are read-only (they change through the
placement pages and the API, which call placements.services)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    FollowUp,
    FollowUpStep,
    Instrument,
    InstrumentPeriod,
    Placement,
    WageValueAssessment,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "kind", "provider", "max_duration_months", "is_active"]
    list_filter = ["region", "kind", "provider", "is_active"]
    list_editable = ["is_active"]
    search_fields = ["name", "description"]
    list_select_related = ["region"]
    fields = [
        "region",
        "name",
        "kind",
        "provider",
        "max_duration_months",
        "description",
        "is_active",
    ]

    def has_delete_permission(self, request, obj=None):
        # An instrument in use keeps its history; take it out of use with "in use" instead.
        if obj is not None and obj.periods.exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(FollowUpStep)
class FollowUpStepAdmin(admin.ModelAdmin):
    list_display = ["region", "days_after_start", "label"]
    list_filter = ["region"]
    list_select_related = ["region"]
    ordering = ["region__name", "days_after_start"]
    search_fields = ["label", "region__name"]


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    fields = ["due_on", "kind", "done_on", "outcome", "note", "by"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class InstrumentPeriodInline(FollowUpInline):
    model = InstrumentPeriod
    fields = [
        "instrument",
        "status",
        "start",
        "end",
        "decision_reference",
        "assessment",
        "next_step",
        "next_step_by",
        "next_step_at",
        "note",
    ]
    readonly_fields = fields


class AssessmentInline(FollowUpInline):
    model = WageValueAssessment
    fields = ["assessed_on", "percentage", "assessor_organisation", "next_due_on", "note"]
    readonly_fields = fields


@admin.register(Placement)
class PlacementAdmin(ReadOnlyAdmin):
    list_display = [
        "job_title",
        "employer",
        "contract_type",
        "start_date",
        "contract_end",
        "status",
        "responsible",
    ]
    list_filter = ["status", "contract_type", "employer__region"]
    search_fields = ["job_title", "employer__name"]
    list_select_related = ["employer", "responsible"]
    date_hierarchy = "start_date"
    inlines = [FollowUpInline, InstrumentPeriodInline, AssessmentInline]
    # The candidate's name is read on the placement page, where the access is logged.
    exclude = ["candidate"]
    readonly_fields = ["candidate_number"]

    @admin.display(description=_("candidate number"))
    def candidate_number(self, obj):
        return obj.candidate_id


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdmin):
    list_display = ["kind", "placement", "due_on", "done_on", "outcome"]
    list_filter = ["outcome", ("done_on", admin.EmptyFieldListFilter)]
    list_select_related = ["placement__employer"]
    date_hierarchy = "due_on"


@admin.register(InstrumentPeriod)
class InstrumentPeriodAdmin(ReadOnlyAdmin):
    list_display = ["instrument", "placement", "status", "start", "end", "next_step"]
    list_filter = ["status", "instrument__kind", "next_step"]
    list_select_related = ["instrument", "placement__employer"]


@admin.register(WageValueAssessment)
class WageValueAssessmentAdmin(ReadOnlyAdmin):
    list_display = [
        "placement",
        "assessed_on",
        "percentage",
        "assessor_organisation",
        "next_due_on",
    ]
    list_filter = ["placement__employer__region"]
    list_select_related = ["placement__employer"]
    date_hierarchy = "assessed_on"
