from django.urls import path

from . import proposal_views, question_views, views

app_name = "portal"

urlpatterns = [
    path("", views.PortalHomeView.as_view(), name="home"),
    path("contacts/", views.ContactsView.as_view(), name="contacts"),
    path("contacts/propose/", views.ContactProposeView.as_view(), name="contact_propose"),
    path("contacts/<int:pk>/verify/", views.ContactVerifyView.as_view(), name="contact_verify"),
    path("contacts/<int:pk>/left/", views.ContactLeftView.as_view(), name="contact_left"),
    path("placements/", views.PlacementsView.as_view(), name="placements"),
    path("proposals/", proposal_views.PortalProposalsView.as_view(), name="proposals"),
    path("proposals/<int:pk>/", proposal_views.PortalProposalView.as_view(), name="proposal"),
    path("support/", views.SupportView.as_view(), name="support"),
    path("question/", views.QuestionView.as_view(), name="question"),
    path("question/<int:pk>/", views.QuestionSentView.as_view(), name="question_sent"),
    path("questions/", question_views.MyQuestionsView.as_view(), name="questions"),
    path("questions/<int:pk>/", question_views.MyQuestionView.as_view(), name="question_detail"),
    # Staff side (from the employer page)
    path(
        "staff/employers/<int:pk>/invite/",
        views.StaffInviteView.as_view(),
        name="staff_invite",
    ),
    path(
        "staff/employers/<int:pk>/users/<int:user_pk>/deactivate/",
        views.StaffUserActiveView.as_view(active=False),
        name="staff_user_deactivate",
    ),
    path(
        "staff/employers/<int:pk>/users/<int:user_pk>/activate/",
        views.StaffUserActiveView.as_view(active=True),
        name="staff_user_activate",
    ),
    path(
        "staff/employers/<int:pk>/proposals/<int:proposal_pk>/accept/",
        views.StaffProposalView.as_view(accept=True),
        name="staff_proposal_accept",
    ),
    path(
        "staff/employers/<int:pk>/proposals/<int:proposal_pk>/decline/",
        views.StaffProposalView.as_view(accept=False),
        name="staff_proposal_decline",
    ),
]
