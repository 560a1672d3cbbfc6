"""/api/v1/portal/my-questions/ (employer users, read-only): the own employer's questions with
status, due date and the WSP's answer ("Mijn vragen"); another employer's id answers 404. The rows
come from portal.questions.portal_question: never the internal note. (Staff read and answer
questions through /api/v1/actions/: `?kind=question`, POST .../<id>/answer/.)
"""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.response import Response

from employers.models import Action

from . import questions
from .api import PortalViewSet


class PortalMyQuestionSerializer(serializers.Serializer):
    """One question as the employer sees it (no internal fields exist here to leak)."""

    id = serializers.IntegerField()
    question = serializers.CharField(help_text=_("The question as it was asked."))
    asked_at = serializers.DateTimeField()
    asked_by = serializers.CharField(help_text=_("Name of the employer's user who asked it."))
    status = serializers.ChoiceField(choices=list(questions.STATUS_LABELS))
    status_display = serializers.CharField()
    due_on = serializers.DateField(
        allow_null=True, help_text=_("The date the WSP promised an answer by.")
    )
    answer = serializers.CharField(help_text=_("The WSP's answer (empty until answered)."))
    answered_at = serializers.DateTimeField(allow_null=True)
    answered_by = serializers.CharField(help_text=_("Name of the WSP staff member who answered."))


@extend_schema_view(
    list=extend_schema(
        summary=_("Your organisation's questions and the WSP's answers"),
        responses=PortalMyQuestionSerializer(many=True),
    ),
    retrieve=extend_schema(
        summary=_("One question and the WSP's answer"), responses=PortalMyQuestionSerializer
    ),
)
class MyQuestionViewSet(PortalViewSet):
    serializer_class = PortalMyQuestionSerializer
    queryset = Action.objects.none()
    filter_backends = []  # the employer's questions, newest first, whole
    lookup_value_regex = "[0-9]+"  # retrieve() looks the id up itself: only numbers reach it

    def list(self, request):
        rows = questions.portal_question_rows(self.employer)
        return Response(PortalMyQuestionSerializer(rows, many=True).data)

    def retrieve(self, request, pk=None):
        found = questions.employer_questions(self.employer).filter(pk=pk).first()
        if found is None:
            raise Http404
        return Response(PortalMyQuestionSerializer(questions.portal_question(found)).data)


def register(router):
    """Called from portal.api.register."""
    router.register("portal/my-questions", MyQuestionViewSet, basename="portal-my-question")
