from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from audit import services as audit

from . import services
from .api_tokens import api_token_rotate
from .models import Organisation, Region, Team, User


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "region"]
    list_filter = ["region"]
    search_fields = ["name"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


class UserCreationForm(forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "email",
            "first_name",
            "last_name",
            "role",
            "region",
            "team",
            "home_organisation",
            "job_title",
            "phone",
        ]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = [
        "email",
        "full_name",
        "role",
        "region",
        "team",
        "home_organisation",
        "is_active",
        "invited_at",
        "last_login",
    ]
    list_filter = ["role", "is_active", "region", "home_organisation__kind"]
    search_fields = ["email", "first_name", "last_name"]
    list_select_related = ["region", "team", "home_organisation"]
    readonly_fields = ["last_login", "date_joined", "invited_at"]
    actions = ["send_invitation", api_token_rotate]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["first_name", "last_name", "job_title", "phone"]}),
        (_("Role and place"), {"fields": ["role", "region", "team", "home_organisation"]}),
        (
            _("Status"),
            {"fields": ["is_active", "is_superuser", "invited_at", "last_login", "date_joined"]},
        ),
    ]
    add_fieldsets = [
        (
            None,
            {
                "fields": UserCreationForm.Meta.fields,
                "description": _("The new user receives an e-mail to choose a password."),
            },
        ),
    ]
    filter_horizontal = []

    def save_model(self, request, obj, form, change):
        if change:
            active = obj.is_active
            if "is_active" in form.changed_data:
                obj.is_active = not active  # the service makes the change and its consequences
            with audit.tracked(obj, by=request.user):
                super().save_model(request, obj, form, change)
            services.user_set_active(user=obj, active=active, by=request.user)
            return
        created = services.staff_user_create(
            **{field: form.cleaned_data[field] for field in UserCreationForm.Meta.fields},
            by=request.user,
        )
        obj.pk, obj._state = created.pk, created._state

    def user_change_password(self, request, id, form_url=""):
        user = self.get_object(request, unquote(id)) if request.method == "POST" else None
        if user is None:
            return super().user_change_password(request, id, form_url)
        with audit.tracked(user, by=request.user):
            return super().user_change_password(request, id, form_url)

    def delete_model(self, request, obj):
        with audit.tracked(obj, by=request.user):
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        audit.delete_rows(queryset, by=request.user)

    @admin.action(description=_("Send (again) the invitation to choose a password"))
    def send_invitation(self, request, queryset):
        users = list(queryset.filter(is_active=True))
        for user in users:
            services.user_invite(user=user)
        self.message_user(
            request,
            ngettext("%(count)d invitation queued.", "%(count)d invitations queued.", len(users))
            % {"count": len(users)},
            messages.SUCCESS,
        )
