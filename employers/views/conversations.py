"""Logging a conversation (the form on the employer page) and correcting one's own."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .. import services
from ..forms import ConversationCorrectForm, ConversationForm
from .detail import EmployerActionView, assignment_region


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

    def get_success_tags(self, result):
        # Shown in the saved conversation itself, where the page scrolls to (employer page).
        return f"in-page logged-{result.pk}"


def safe_next(request, fallback):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


class ConversationCorrectView(EmployerActionView):
    """Its author corrects a conversation within a week of logging it (own page)."""

    template_name = "employers/conversation_correct.html"

    @cached_property
    def conversation(self):
        conversation = get_object_or_404(
            self.employer.conversations.select_related("employer", "author"),
            pk=self.kwargs["conversation_pk"],
        )
        if not services.may_correct(conversation, self.request.user):
            raise PermissionDenied(
                _("Only its author can correct a conversation, within %(days)d days.")
                % {"days": services.CORRECTION_DAYS}
            )
        return conversation

    def get_form(self, data=None):
        return ConversationCorrectForm(data, conversation=self.conversation)

    def get_context_data(self, **kwargs):
        return super().get_context_data(conversation=self.conversation, **kwargs)

    def perform(self, form):
        return services.conversation_correct(
            conversation=self.conversation, by=self.request.user, **form.service_fields()
        )

    def get_success_message(self, form, result):
        return _("Conversation corrected.")

    def get_success_url(self, result):
        return f"{self.employer.get_absolute_url()}#conversation-{result.pk}"
