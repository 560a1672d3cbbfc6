"""The action pages: add an action to an employer, and one action's page with its history and
the changes allowed to the viewer (edit, reassign, postpone, complete, cancel, answer)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views import View

from accounts.permissions import StaffRequiredMixin
from wsp_crm.service_forms import add_service_errors

from ..action_forms import CHANGES, ActionForm, ReassignForm
from ..models import Action, ActionEvent
from ..services import actions as action_services
from .conversations import safe_next
from .detail import EmployerActionView, assignment_region, visible_employers


def action_url(action):
    return f"{action.employer.get_absolute_url()}actions/{action.pk}/"


class ActionCreateView(EmployerActionView):
    template_name = "employers/action_form.html"

    def get_form(self, data=None):
        region = assignment_region(self.request.user, self.employer)
        return ActionForm(data, employer=self.employer, region=region)

    def perform(self, form):
        return action_services.action_create(
            employer=self.employer, by=self.request.user, **form.service_fields()
        )

    def get_success_message(self, form, result):
        return _("Action added for %(owner)s: %(title)s") % {
            "owner": result.owner,
            "title": result.title,
        }

    def get_success_url(self, result):
        return f"{self.employer.get_absolute_url()}#action-{result.pk}"


class ActionView(StaffRequiredMixin, View):
    """GET: the action, its history and the change forms. POST to .../<op>/: one change."""

    template_name = "employers/action_detail.html"

    def get_action(self):
        employer = get_object_or_404(visible_employers(self.request.user), pk=self.kwargs["pk"])
        action = get_object_or_404(
            Action.objects.filter(employer=employer)
            .select_related(
                "owner", "created_by", "closed_by", "answered_by", "conversation__author"
            )
            .prefetch_related(
                Prefetch(
                    "events", ActionEvent.objects.select_related("by", "from_owner", "to_owner")
                )
            ),
            pk=self.kwargs["action_pk"],
        )
        action.employer = employer
        return action

    def forms_for(self, action, bound=None):
        """The change forms the viewer may use on this action, by op (one may be bound)."""
        if not (action.is_open and action_services.may_change(self.request.user, action)):
            return {}
        region = assignment_region(self.request.user, action.employer)
        forms = {}
        for op, (form_class, _service, _message) in CHANGES.items():
            if op == "answer" and not action.is_question:
                continue
            data = bound[1] if bound and bound[0] == op else None
            kwargs = {"prefix": op}
            if form_class is ReassignForm:
                kwargs["region"] = region
            if op == "edit" and data is None:
                kwargs["initial"] = {"title": action.title, "note": action.note}
            if op == "postpone" and data is None:
                kwargs["initial"] = {"due_on": action.due_on}
            forms[op] = form_class(data, **kwargs)
        return forms

    def render_page(self, action, forms, open_form=None):
        context = {
            "employer": action.employer,
            "action": action,
            "forms": forms,
            "open_form": open_form,
            "may_change": bool(forms),
            "overdue": action.is_overdue(),
        }
        return render(self.request, self.template_name, context)

    def get(self, request, pk, action_pk, op=None):
        if op is not None:  # a change is a POST
            return HttpResponseNotAllowed(["POST"])
        action = self.get_action()
        return self.render_page(action, self.forms_for(action))

    def post(self, request, pk, action_pk, op=None):
        if op is None:  # the page itself is only read; each change has its own URL
            return HttpResponseNotAllowed(["GET"])
        if op not in CHANGES:
            raise Http404
        action = self.get_action()
        if not action_services.may_change(request.user, action):
            raise PermissionDenied(_("You may not change this action."))
        forms = self.forms_for(action, bound=(op, request.POST))
        form = forms.get(op)
        if form is None:  # closed already, or an answer to something that is no question
            messages.error(request, _("This action can no longer be changed."))
            return HttpResponseRedirect(action_url(action))
        if form.is_valid():
            form_class, service, message = CHANGES[op]
            try:
                with transaction.atomic():
                    result = service(action=action, by=request.user, **form.service_fields())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, message % {"title": result.title})
                return HttpResponseRedirect(safe_next(request, action_url(result)))
        return self.render_page(action, forms, open_form=op)
