"""Mijn vragen: the employer's questions with the WSP's answers, in the portal.

Every read starts at the user's own employer (another employer's question answers 404) and goes
through portal.questions.portal_question (never the internal note). Staff answer a question on
its action page (employers: /employers/<id>/actions/<id>/, or POST /api/v1/actions/<id>/answer/)."""

from django.shortcuts import get_object_or_404
from django.views import View

from . import questions
from .views import EmployerUserRequiredMixin


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
