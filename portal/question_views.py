"""Employers' questions: "Mijn vragen" in the portal (the employer's questions with the WSP's
answers) and the staff page to answer one question.

Portal: every read starts at the user's own employer (another employer's question answers 404)
and goes through portal.questions.portal_question (never the internal note).
Staff: the employer comes from `Employer.objects.visible_to` (another region: 404); answering
calls employers.services.actions.question_answer, which decides who may (403 otherwise), closes
the question and e-mails the answer to the asker once it has committed."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views import View

from employers.models import Action
from employers.services import actions as action_services

from . import questions
from .forms import AnswerForm, add_service_errors
from .views import EmployerUserRequiredMixin, StaffEmployerActionView


class MyQuestionsView(EmployerUserRequiredMixin, View):
    section = "questions"

    def get(self, request):
        return self.render(
            "portal/questions.html", questions=questions.portal_question_rows(self.employer)
        )


class MyQuestionView(EmployerUserRequiredMixin, View):
    section = "questions"

    def get(self, request, pk):
        action = get_object_or_404(questions.employer_questions(self.employer), pk=pk)
        return self.render(
            "portal/question_detail.html", question=questions.portal_question(action)
        )


class StaffQuestionView(StaffEmployerActionView):
    """One employer question for staff: the question, its history and the answer form."""

    template_name = "portal/staff_question.html"

    def get_action(self):
        self.employer = self.get_employer()
        return get_object_or_404(
            Action.objects.questions()
            .filter(employer=self.employer)
            .select_related("conversation__author", "owner", "answered_by", "closed_by"),
            pk=self.kwargs["action_pk"],
        )

    def get(self, request, pk, action_pk):
        action = self.get_action()
        return self.page(action, AnswerForm())

    def post(self, request, pk, action_pk):
        action = self.get_action()
        if not action_services.may_change(request.user, action):
            raise PermissionDenied
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                action_services.question_answer(
                    action=action, by=request.user, answer=form.cleaned_data["answer"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                asker = action.conversation.author if action.conversation_id else None
                if asker is not None and asker.is_employer_user:
                    text = _("Your answer has been saved and e-mailed to %(name)s.") % {
                        "name": asker.full_name
                    }
                else:
                    text = _("Your answer has been saved.")
                messages.success(request, text)
                return HttpResponseRedirect(request.path)
        return self.page(action, form, status=400)

    def page(self, action, form, status=200):
        status_key = questions.question_status(action)
        context = {
            "employer": self.employer,
            "action": action,
            "status": status_key,
            "status_label": questions.STATUS_LABELS[status_key],
            "events": action.events.select_related("by", "from_owner", "to_owner"),
            "can_answer": action.is_open and action_services.may_change(self.request.user, action),
            "form": form,
        }
        response = render(self.request, self.template_name, context)
        response.status_code = status
        return response
