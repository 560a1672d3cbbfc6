from django.urls import path, register_converter

from . import views


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
    path("", views.CandidateListView.as_view(), name="list"),
    path("new/", views.CandidateCreateView.as_view(), name="create"),
    path("pipeline/", views.PipelineView.as_view(), name="pipeline"),
    path("<pk64:pk>/", views.CandidateDetailView.as_view(), name="detail"),
    path("<pk64:pk>/edit/", views.CandidateEditView.as_view(), name="edit"),
    path("<pk64:pk>/profile/", views.CandidateProfileView.as_view(), name="profile"),
    path("<pk64:pk>/consents/", views.ConsentRecordView.as_view(), name="consent_record"),
    path(
        "<pk64:pk>/consents/<pk64:consent_pk>/withdraw/",
        views.ConsentWithdrawView.as_view(),
        name="consent_withdraw",
    ),
    path("<pk64:pk>/propose/", views.ProposalCreateView.as_view(), name="propose"),
    path(
        "<pk64:pk>/proposals/<pk64:proposal_pk>/status/",
        views.ProposalStatusView.as_view(),
        name="proposal_status",
    ),
    path("<pk64:pk>/anonymise/", views.CandidateAnonymiseView.as_view(), name="anonymise"),
    path(
        "employers/<pk64:employer_pk>/requests/new/",
        views.StaffingRequestCreateView.as_view(),
        name="request_create",
    ),
    path("requests/<pk64:pk>/edit/", views.StaffingRequestEditView.as_view(), name="request_edit"),
    path(
        "employers/<pk64:employer_pk>/propose/",
        views.EmployerProposeView.as_view(),
        name="employer_propose",
    ),
]
