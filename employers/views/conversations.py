"""Logging a conversation (the form on the employer page) and marking a next action done."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from accounts.permissions import StaffRequiredMixin

from .. import services
from ..forms import ConversationForm
from .detail import EmployerActionView, assignment_region, visible_employers


class ConversationLogView(EmployerActionView):
    http_method_names = ["post"]
    on_employer_page = "log_form"
    prefix = "log"
    anchor = "timeline"

    def get_form(self, data=None):
        region = assignment_region(self.request.user, self.employer)
        return ConversationForm(data, employer=self.employer, region=region, prefix=self.prefix)

    def perform(self, form):
        return services.conversation_log(
            employer=self.employer, author=self.request.user, **form.service_fields()
        )

    def get_success_message(self, form, result):
        if result.next_action:
            return _("Conversation logged. Next action for %(owner)s: %(action)s") % {
                "owner": result.next_action_owner,
                "action": result.next_action,
            }
        return _("Conversation logged.")

    def get_success_url(self, result):
        return f"{self.employer.get_absolute_url()}#conversation-{result.pk}"


def safe_next(request, fallback):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


class NextActionDoneView(StaffRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk, conversation_pk):
        employer = get_object_or_404(visible_employers(request.user), pk=pk)
        conversation = get_object_or_404(employer.conversations, pk=conversation_pk)
        try:
            services.next_action_complete(conversation=conversation, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Done: %(action)s") % {"action": conversation.next_action})
        return HttpResponseRedirect(safe_next(request, employer.get_absolute_url() + "#actions"))
