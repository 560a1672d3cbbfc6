"""Admin for WSP admins: signals are read-only (the scans and the signal pages change them);
region thresholds are edited through continuity.services.policy_update."""

from django import forms
from django.contrib import admin

from . import services
from .forms import PolicyForm
from .models import RegionPolicy, Signal


class RegionPolicyAdminForm(PolicyForm):
    """The thresholds page's form (with its ranges) plus the region, checked for uniqueness."""

    class Meta(PolicyForm.Meta):
        fields = ["region", *services.POLICY_FIELDS]

    _post_clean = forms.ModelForm._post_clean


@admin.register(Signal)
class SignalAdmin(admin.ModelAdmin):
    list_display = [
        "kind",
        "severity",
        "status",
        "employer",
        "assigned_to",
        "also_assigned_to",
        "region",
        "due_on",
        "created_at",
        "escalated_at",
    ]
    list_filter = ["status", "severity", "kind", "region"]
    search_fields = ["employer__name", "detail", "key", "assigned_to__email"]
    list_select_related = ["employer", "assigned_to", "also_assigned_to", "region"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in Signal._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RegionPolicy)
class RegionPolicyAdmin(admin.ModelAdmin):
    form = RegionPolicyAdminForm
    list_display = ["region", "updated_at", "updated_by"]
    list_select_related = ["region", "updated_by"]
    search_fields = ["region__name"]
    fields = ["region", *services.POLICY_FIELDS, "updated_at", "updated_by"]
    readonly_fields = ["updated_at", "updated_by"]

    def get_readonly_fields(self, request, obj=None):
        # The region of an existing row is fixed; a new row picks its region once.
        return [*self.readonly_fields, "region"] if obj else self.readonly_fields

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_wsp_admin

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_wsp_admin

    def has_add_permission(self, request):
        return request.user.is_active and request.user.is_wsp_admin

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_wsp_admin

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_wsp_admin

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in services.POLICY_FIELDS}
        saved = services.policy_update(region=obj.region, by=request.user, **fields)
        obj.pk, obj._state = saved.pk, saved._state
        obj.updated_by, obj.updated_at = saved.updated_by, saved.updated_at
