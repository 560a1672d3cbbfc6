from django.urls import path

from . import views
from .import_views import urlpatterns as import_urlpatterns

app_name = "employers"

urlpatterns = [
    path("", views.EmployerListView.as_view(), name="list"),
    path("new/", views.EmployerCreateView.as_view(), name="create"),
    path("<int:pk>/", views.EmployerDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.EmployerEditView.as_view(), name="edit"),
    path("<int:pk>/locations/add/", views.LocationAddView.as_view(), name="location_add"),
    path("<int:pk>/conversations/", views.ConversationLogView.as_view(), name="conversation_log"),
    path(
        "<int:pk>/conversations/<int:conversation_pk>/done/",
        views.NextActionDoneView.as_view(),
        name="next_action_done",
    ),
    path("<int:pk>/manager/", views.ManagerAssignView.as_view(), name="manager_assign"),
    path("<int:pk>/backups/", views.BackupAddView.as_view(), name="backup_add"),
    path(
        "<int:pk>/backups/<int:assignment_pk>/end/",
        views.BackupEndView.as_view(),
        name="backup_end",
    ),
    path("<int:pk>/contacts/add/", views.ContactAddView.as_view(), name="contact_add"),
    path(
        "<int:pk>/contacts/<int:contact_pk>/edit/",
        views.ContactEditView.as_view(),
        name="contact_edit",
    ),
    path(
        "<int:pk>/contacts/<int:contact_pk>/role/",
        views.ContactRoleView.as_view(),
        name="contact_role",
    ),
    path(
        "<int:pk>/contacts/<int:contact_pk>/left/",
        views.ContactLeftView.as_view(),
        name="contact_left",
    ),
    path(
        "<int:pk>/contacts/<int:contact_pk>/verify/",
        views.ContactVerifyView.as_view(),
        name="contact_verify",
    ),
] + import_urlpatterns
