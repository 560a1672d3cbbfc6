from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.AuditEventListView.as_view(), name="list"),
    path("export.csv", views.AuditEventExportView.as_view(), name="export"),
    path("<int:pk>/", views.AuditEventDetailView.as_view(), name="detail"),
    path("access/", views.AccessLogListView.as_view(), name="access"),
    path("access/export.csv", views.AccessLogExportView.as_view(), name="access_export"),
]
