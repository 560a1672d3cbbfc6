from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit import services as audit

from . import services
from .api_tokens import api_token_rotate
from .models import Organisation, Region, Team, User

# Second factors are set up by their owners and reset through accounts.services.two_factor_reset
# (account page, team page, the action below); their secrets never show in the admin.
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


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
        "two_factor_on",
    ]
    list_filter = ["role", "is_active", "region", "home_organisation__kind"]
    search_fields = ["email", "first_name", "last_name"]
    list_select_related = ["region", "team", "home_organisation"]
    readonly_fields = ["last_login", "date_joined", "invited_at"]
    actions = ["send_invitation", api_token_rotate, "reset_two_factor"]
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

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                has_two_factor=Exists(
                    TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
                )
            )
        )

    @admin.display(description=_("two-factor"), boolean=True, ordering="has_two_factor")
    def two_factor_on(self, obj):
        return obj.has_two_factor

    @admin.action(description=_("Reset two-factor authentication (e.g. after a lost phone)"))
    def reset_two_factor(self, request, queryset):
        done = 0
        for user in queryset.order_by("email"):
            try:
                services.two_factor_reset(user=user, by=request.user)
            except PermissionDenied:
                self.message_user(
                    request,
                    _("%(user)s: not yours to reset (another region, or yourself).")
                    % {"user": user.email},
                    messages.ERROR,
                )
                continue
            done += 1
        self.message_user(
            request,
            ngettext(
                "Two-factor authentication reset for %(count)d user.",
                "Two-factor authentication reset for %(count)d users.",
                done,
            )
            % {"count": done},
            messages.SUCCESS,
        )

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
