from django.urls import path, register_converter

from .views.consents import ConsentRecordView, ConsentWithdrawView
from .views.detail import CandidateDetailView
from .views.edit import (
    CandidateAnonymiseView,
    CandidateCreateView,
    CandidateEditView,
    CandidateProfileView,
)
from .views.list import CandidateListView
from .views.matches import CandidateMatchView, RequestMatchView
from .views.pipeline import PipelineView
from .views.proposals import ProposalCreateView, ProposalPrintView, ProposalStatusView
from .views.staffing import EmployerProposeView, StaffingRequestCreateView, StaffingRequestEditView


class IdConverter:
    """A database id: digits only, and short enough to fit a 64-bit integer (so a long number
    in the address answers 404, not a database error)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(IdConverter, "pk64")

app_name = "candidates"

urlpatterns = [
    path("", CandidateListView.as_view(), name="list"),
    path("new/", CandidateCreateView.as_view(), name="create"),
    path("pipeline/", PipelineView.as_view(), name="pipeline"),
    path("<pk64:pk>/", CandidateDetailView.as_view(), name="detail"),
    path("<pk64:pk>/edit/", CandidateEditView.as_view(), name="edit"),
    path("<pk64:pk>/profile/", CandidateProfileView.as_view(), name="profile"),
    path("<pk64:pk>/consents/", ConsentRecordView.as_view(), name="consent_record"),
    path(
        "<pk64:pk>/consents/<pk64:consent_pk>/withdraw/",
        ConsentWithdrawView.as_view(),
        name="consent_withdraw",
    ),
    path("<pk64:pk>/propose/", ProposalCreateView.as_view(), name="propose"),
    path(
        "<pk64:pk>/proposals/<pk64:proposal_pk>/status/",
        ProposalStatusView.as_view(),
        name="proposal_status",
    ),
    path(
        "<pk64:pk>/proposals/<pk64:proposal_pk>/print/",
        ProposalPrintView.as_view(),
        name="proposal_print",
    ),
    path("<pk64:pk>/anonymise/", CandidateAnonymiseView.as_view(), name="anonymise"),
    path(
        "employers/<pk64:employer_pk>/requests/new/",
        StaffingRequestCreateView.as_view(),
        name="request_create",
    ),
    path("requests/<pk64:pk>/edit/", StaffingRequestEditView.as_view(), name="request_edit"),
    path("requests/<pk64:pk>/matches/", RequestMatchView.as_view(), name="request_matches"),
    path("<pk64:pk>/matches/", CandidateMatchView.as_view(), name="matches"),
    path(
        "employers/<pk64:employer_pk>/propose/",
        EmployerProposeView.as_view(),
        name="employer_propose",
    ),
]
