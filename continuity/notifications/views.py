"""The notification list (opening it marks everything as read) and the notification settings.
Staff only (employer users get 403); each user sees and changes only their own."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from accounts.permissions import StaffRequiredMixin
from wsp_crm.service_forms import add_service_errors

from . import selectors, services
from .forms import NotificationPreferenceForm


class NotificationListView(StaffRequiredMixin, View):
    http_method_names = ["get"]

    def get(self, request):
        now = timezone.now()
        rows, seen_at = selectors.notification_list(request.user, now=now)
        services.notifications_mark_read(user=request.user, at=now)
        return render(
            request,
            "continuity/notifications.html",
            {
                "notifications": rows,
                "new_count": sum(1 for row in rows if row.is_new),
                "seen_at": seen_at,
                "window_days": settings.NOTIFICATION_WINDOW_DAYS,
            },
        )


class NotificationSettingsView(StaffRequiredMixin, View):
    template_name = "continuity/notification_settings.html"

    def get(self, request):
        preference = selectors.preferences_of(request.user)
        return self.page(NotificationPreferenceForm(preference=preference))

    def post(self, request):
        preference = selectors.preferences_of(request.user)
        form = NotificationPreferenceForm(request.POST, preference=preference)
        if form.is_valid():
            try:
                services.notification_preferences_set(
                    user=request.user, by=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Your notification settings have been saved."))
                return HttpResponseRedirect(reverse("notifications:settings"))
        return self.page(form, status=400)

    def page(self, form, status=200):
        response = render(self.request, self.template_name, {"form": form})
        response.status_code = status
        return response
