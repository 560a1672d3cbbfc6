from django.urls import path

from .import_views import urlpatterns as import_urlpatterns
from .views.actions import ActionCreateView, ActionView
from .views.assignments import BackupAddView, BackupEndView, ManagerAssignView
from .views.bulk import BulkActionView, SavedViewCreateView, SavedViewDeleteView
from .views.contacts import (
    ContactAddView,
    ContactEditView,
    ContactLeftView,
    ContactRoleView,
    ContactVerifyView,
)
from .views.conversations import ConversationCorrectView, ConversationLogView
from .views.detail import EmployerDetailView
from .views.edit import EmployerCreateView, EmployerEditView, LocationAddView
from .views.handover import CaseloadHandoverView, CaseloadPickView
from .views.list import EmployerListView

app_name = "employers"

urlpatterns = [
    path("", EmployerListView.as_view(), name="list"),
    path("new/", EmployerCreateView.as_view(), name="create"),
    path("bulk/", BulkActionView.as_view(), name="bulk"),
    path("saved-views/", SavedViewCreateView.as_view(), name="saved_view_create"),
    path("saved-views/<int:pk>/delete/", SavedViewDeleteView.as_view(), name="saved_view_delete"),
    path("handover/", CaseloadPickView.as_view(), name="caseload_pick"),
    path("handover/<int:user_pk>/", CaseloadHandoverView.as_view(), name="caseload_handover"),
    path("<int:pk>/", EmployerDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", EmployerEditView.as_view(), name="edit"),
    path("<int:pk>/locations/add/", LocationAddView.as_view(), name="location_add"),
    path("<int:pk>/conversations/", ConversationLogView.as_view(), name="conversation_log"),
    path(
        "<int:pk>/conversations/<int:conversation_pk>/correct/",
        ConversationCorrectView.as_view(),
        name="conversation_correct",
    ),
    path("<int:pk>/actions/new/", ActionCreateView.as_view(), name="action_create"),
    path("<int:pk>/actions/<int:action_pk>/", ActionView.as_view(), name="action_detail"),
    path(
        "<int:pk>/actions/<int:action_pk>/<slug:op>/",
        ActionView.as_view(),
        name="action_change",
    ),
    path("<int:pk>/manager/", ManagerAssignView.as_view(), name="manager_assign"),
    path("<int:pk>/backups/", BackupAddView.as_view(), name="backup_add"),
    path(
        "<int:pk>/backups/<int:assignment_pk>/end/",
        BackupEndView.as_view(),
        name="backup_end",
    ),
    path("<int:pk>/contacts/add/", ContactAddView.as_view(), name="contact_add"),
    path(
        "<int:pk>/contacts/<int:contact_pk>/edit/",
        ContactEditView.as_view(),
        name="contact_edit",
    ),
    path(
        "<int:pk>/contacts/<int:contact_pk>/role/",
        ContactRoleView.as_view(),
        name="contact_role",
    ),
    path(
        "<int:pk>/contacts/<int:contact_pk>/left/",
        ContactLeftView.as_view(),
        name="contact_left",
    ),
    path(
        "<int:pk>/contacts/<int:contact_pk>/verify/",
        ContactVerifyView.as_view(),
        name="contact_verify",
    ),
] + import_urlpatterns
