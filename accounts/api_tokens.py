"""API tokens for integrations (DRF token authentication): issue, rotate, and the admin action.

The key is shown once, when it is issued; whoever receives it stores it in the integration.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.authtoken.models import Token

from audit import services as audit


@transaction.atomic
def api_token_issue(*, user, rotate=False, by=None):
    """Create the user's API token; with rotate=True replace an existing one (its key stops
    working at once). Returns the new Token. Only active WSP staff may use the API. The audit
    trail records that a key was issued or replaced (never the key); `by` None is a command."""
    if not user.is_staff_member:
        raise ValidationError(_("Only active WSP staff members can use the API."))
    existing = Token.objects.select_for_update().filter(user=user).first()
    if existing is not None:
        if not rotate:
            raise ValidationError(
                _("%(user)s already has an API token. Rotate it to issue a new key.")
                % {"user": user.email}
            )
        existing.delete()
    token = Token.objects.create(user=user)
    audit.record_change(user, {"api_token": ["replaced" if existing else "off", "new"]}, by=by)
    return token


@admin.action(description=gettext_lazy("Create or rotate the API token (the key is shown once)"))
def api_token_rotate(modeladmin, request, queryset):
    for user in queryset.order_by("email"):
        try:
            token = api_token_issue(user=user, rotate=True, by=request.user)
        except ValidationError as exc:
            modeladmin.message_user(request, f"{user.email}: {exc.messages[0]}", messages.ERROR)
            continue
        modeladmin.message_user(
            request,
            _("New API key for %(user)s: %(key)s — copy it now, it is not shown again.")
            % {"user": user.email, "key": token.key},
            messages.WARNING,
        )
