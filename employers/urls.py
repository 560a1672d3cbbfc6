from django.urls import path

from .import_views import urlpatterns as import_urlpatterns
from .views.assignments import BackupAddView, BackupEndView, ManagerAssignView
from .views.contacts import (
    ContactAddView,
    ContactEditView,
    ContactLeftView,
    ContactRoleView,
    ContactVerifyView,
)
from .views.conversations import ConversationLogView, NextActionDoneView
from .views.detail import EmployerDetailView
from .views.edit import EmployerCreateView, EmployerEditView, LocationAddView
from .views.list import EmployerListView

app_name = "employers"

urlpatterns = [
    path("", EmployerListView.as_view(), name="list"),
    path("new/", EmployerCreateView.as_view(), name="create"),
    path("<int:pk>/", EmployerDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", EmployerEditView.as_view(), name="edit"),
    path("<int:pk>/locations/add/", LocationAddView.as_view(), name="location_add"),
    path("<int:pk>/conversations/", ConversationLogView.as_view(), name="conversation_log"),
    path(
        "<int:pk>/conversations/<int:conversation_pk>/done/",
        NextActionDoneView.as_view(),
        name="next_action_done",
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
