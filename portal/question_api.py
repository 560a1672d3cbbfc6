"""Employers' questions in the API.

- /api/v1/portal/my-questions/ (employer users, read-only): the own employer's questions with
  status, due date and the WSP's answer ("Mijn vragen"); another employer's id answers 404. The
  rows come from portal.questions.portal_question: never the internal note.
- /api/v1/questions/ (staff): the questions of the employers one may see (another region's id
  answers 404), with POST .../<id>/answer/ to answer one (employers.services.actions.
  question_answer: closes the question, e-mails the answer to the asker; no rights: 403).
"""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.authentication import TokenAuthentication
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from accounts.authentication import VerifiedSessionAuthentication
from employers.models import Action
from employers.services import actions as action_services
from wsp_crm.api_support import StandardPagination, service_errors

from . import questions
from .api import PortalViewSet

# Employer users ---------------------------------------------------------------------------------


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


# Staff ------------------------------------------------------------------------------------------


class QuestionSerializer(serializers.ModelSerializer):
    """An employer's question for staff (with the internal note, which employers never see)."""

    employer_name = serializers.CharField(source="employer.name", read_only=True)
    question = serializers.SerializerMethodField()
    asked_by_name = serializers.SerializerMethodField()
    owner_name = serializers.CharField(
        source="owner.full_name", read_only=True, default=None, allow_null=True
    )
    answered_by_name = serializers.CharField(
        source="answered_by.full_name", read_only=True, default=None, allow_null=True
    )
    portal_status = serializers.SerializerMethodField()

    class Meta:
        model = Action
        fields = [
            "id",
            "employer",
            "employer_name",
            "question",
            "asked_by_name",
            "created_at",
            "owner",
            "owner_name",
            "due_on",
            "status",
            "portal_status",
            "note",
            "answer",
            "answered_at",
            "answered_by",
            "answered_by_name",
            "closed_at",
            "close_reason",
        ]
        read_only_fields = fields

    def get_question(self, action) -> str:
        return action.conversation.summary if action.conversation_id else ""

    def get_asked_by_name(self, action) -> str | None:
        if action.conversation_id and action.conversation.author_id:
            return action.conversation.author.full_name
        return None

    def get_portal_status(self, action) -> str:
        """What the employer sees: open, answered or closed."""
        return questions.question_status(action)


class AnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(
        max_length=4000,
        allow_blank=True,
        trim_whitespace=True,
        help_text=_("The answer for the employer (required; shown in the portal, e-mailed)."),
    )


@extend_schema_view(
    list=extend_schema(
        summary=_("Employers' questions you may see"),
        description=_(
            "Newest first (ordering: created_at, due_on). Filter with status (open, done, "
            "cancelled); search in the employer's name."
        ),
    ),
    retrieve=extend_schema(summary=_("One employer question")),
)
class QuestionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = QuestionSerializer
    pagination_class = StandardPagination
    authentication_classes = [TokenAuthentication, VerifiedSessionAuthentication]
    filterset_fields = ["status"]
    search_fields = ["employer__name"]
    ordering_fields = ["created_at", "due_on"]
    lookup_value_converter = "int"

    def get_queryset(self):
        return (
            Action.objects.visible_to(self.request.user)
            .questions()
            .select_related("employer", "conversation__author", "owner", "answered_by")
            .order_by("-created_at", "-pk")
        )

    def get_object(self):
        """Another region's question answers a plain 404, naming no model."""
        try:
            return super().get_object()
        except Http404 as exc:
            raise NotFound() from exc

    @extend_schema(
        summary=_("Answer an employer's question"),
        description=_(
            "Saves the answer on the question, closes it and e-mails the answer to the employer "
            "user who asked it; the portal shows it under “My questions”. The question's owner, "
            "the employer's fixed account manager or backup, a team lead of the region or a WSP "
            "admin may do this (403 otherwise). An empty answer or a closed question: 400."
        ),
        request=AnswerSerializer,
        responses=QuestionSerializer,
    )
    @action(detail=True, methods=["post"], serializer_class=AnswerSerializer)
    def answer(self, request, pk=None):
        question = self.get_object()
        if not action_services.may_change(request.user, question):
            raise PermissionDenied(_("You may not answer this question."))
        payload = AnswerSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        with service_errors():
            action_services.question_answer(
                action=question, by=request.user, answer=payload.validated_data["answer"]
            )
        fresh = self.get_queryset().get(pk=question.pk)
        return Response(QuestionSerializer(fresh, context=self.get_serializer_context()).data)


def register(router):
    """Called from portal.api.register."""
    router.register("portal/my-questions", MyQuestionViewSet, basename="portal-my-question")
    router.register("questions", QuestionViewSet, basename="question")
