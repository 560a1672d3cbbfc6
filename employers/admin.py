"""Admin for WSP admins: employers are edited through the services; history is read-only."""

from django.contrib import admin
from django.db import models

from . import services
from .models import AccountAssignment, ContactEvent, ContactPerson, Conversation, Employer


class ReadOnlyAdmin(admin.ModelAdmin):
    """History records: visible to WSP admins, never changed or deleted by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ["name", "kvk_number", "region", "stage", "inclusion", "is_national"]
    list_filter = ["region", "stage", "inclusion", "is_national", "is_social_enterprise"]
    search_fields = ["name", "kvk_number"]
    list_select_related = ["region"]
    readonly_fields = ["created_at", "created_by", "updated_at", "updated_by"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_delete_permission(self, request, obj=None):
        return False  # assignments and conversations are history; employers are not deleted

    def save_model(self, request, obj, form, change):
        fields = {
            f: form.cleaned_data[f] for f in services.EMPLOYER_FIELDS if f in form.cleaned_data
        }
        if change:
            services.employer_update(employer=obj, by=request.user, **fields)
        else:
            created = services.employer_create(region=obj.region, by=request.user, **fields)
            obj.pk, obj._state = created.pk, created._state


@admin.register(ContactPerson)
class ContactPersonAdmin(ReadOnlyAdmin):
    list_display = ["name", "employer", "level", "is_champion", "left_on", "last_verified_on"]
    list_filter = ["level", "is_champion"]
    search_fields = ["name", "email", "employer__name"]
    list_select_related = ["employer"]


@admin.register(ContactEvent)
class ContactEventAdmin(ReadOnlyAdmin):
    list_display = ["contact", "kind", "on", "by", "at"]
    list_filter = ["kind"]
    list_select_related = ["contact", "by"]


@admin.register(AccountAssignment)
class AccountAssignmentAdmin(ReadOnlyAdmin):
    list_display = ["employer", "manager", "kind", "region", "started_on", "ended_on"]
    list_filter = ["kind", "region"]
    search_fields = ["employer__name", "manager__email"]
    list_select_related = ["employer", "manager", "region"]


@admin.register(Conversation)
class ConversationAdmin(ReadOnlyAdmin):
    list_display = ["employer", "occurred_at", "channel", "author"]
    list_filter = ["channel"]
    search_fields = ["employer__name", "summary"]
    list_select_related = ["employer", "author"]
