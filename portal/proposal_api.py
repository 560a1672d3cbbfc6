"""/api/v1/portal/proposals/ (employer users): the open proposals to the own employer with the
candidate as candidates.sharing allows (named only with a current consent), and the employer's
response (POST .../<id>/respond/). Another employer's proposal answers 404; every read is
written to the candidate access log."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from candidates.access import log_candidates_listed
from candidates.models import Proposal, ProposalResponse
from candidates.services import proposal_respond
from wsp_crm.api_support import service_errors

from .api import PortalSharedContactSerializer, PortalSharedProfileSerializer, PortalViewSet
from .proposals import open_proposals, portal_proposal_rows


class PortalProposalResponseSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ProposalResponse.Kind.choices)
    kind_display = serializers.CharField(read_only=True)
    text = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Needed for a question and for declining (the reason)."),
    )
    at = serializers.DateTimeField(read_only=True)
    by = serializers.CharField(read_only=True)


class PortalCandidateProposalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    status_display = serializers.CharField()
    request_title = serializers.CharField()
    proposed_on = serializers.DateField()
    candidate = serializers.CharField(
        source="shared.name", help_text=_("The name with consent, else an alias.")
    )
    named = serializers.BooleanField(source="shared.named")
    arrangements_shared = serializers.BooleanField(source="shared.arrangements_shared")
    profile = serializers.SerializerMethodField()
    contact = serializers.SerializerMethodField()
    responses = PortalProposalResponseSerializer(many=True)

    @extend_schema_field(PortalSharedProfileSerializer(allow_null=True))
    def get_profile(self, row):
        profile = row["shared"]["profile"]
        return PortalSharedProfileSerializer(profile).data if profile is not None else None

    @extend_schema_field(PortalSharedContactSerializer(allow_null=True))
    def get_contact(self, row):
        contact = row["shared"]["contact"]
        return PortalSharedContactSerializer(contact).data if contact is not None else None


@extend_schema_view(
    list=extend_schema(
        summary=_("Candidates proposed to your organisation"),
        responses=PortalCandidateProposalSerializer(many=True),
    ),
    retrieve=extend_schema(
        summary=_("One proposed candidate"), responses=PortalCandidateProposalSerializer
    ),
)
class CandidateProposalViewSet(PortalViewSet):
    serializer_class = PortalCandidateProposalSerializer
    queryset = Proposal.objects.none()
    filter_backends = []
    lookup_value_regex = "[0-9]{1,18}"

    def list(self, request):
        rows, shown = portal_proposal_rows(self.employer)
        log_candidates_listed(request, shown)
        return Response(PortalCandidateProposalSerializer(rows, many=True).data)

    def retrieve(self, request, pk=None):
        rows, shown = portal_proposal_rows(self.employer, pk=int(pk))
        if not rows:
            raise Http404
        log_candidates_listed(request, shown)
        return Response(PortalCandidateProposalSerializer(rows[0]).data)

    @extend_schema(
        summary=_("Respond: invite for an introduction, ask a question, or decline"),
        request=PortalProposalResponseSerializer,
        responses={201: PortalProposalResponseSerializer},
    )
    @action(detail=True, methods=["post"], serializer_class=PortalProposalResponseSerializer)
    def respond(self, request, pk=None):
        proposal = open_proposals(self.employer).filter(pk=int(pk)).first()
        if proposal is None:
            raise Http404
        form = PortalProposalResponseSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        with service_errors():
            response = proposal_respond(proposal=proposal, by=request.user, **form.validated_data)
        data = {
            "kind": response.kind,
            "kind_display": response.get_kind_display(),
            "text": response.text,
            "at": response.at,
            "by": request.user.full_name,
        }
        return Response(PortalProposalResponseSerializer(data).data, status=status.HTTP_201_CREATED)


def register(router):
    router.register("portal/proposals", CandidateProposalViewSet, basename="portal-proposal")
