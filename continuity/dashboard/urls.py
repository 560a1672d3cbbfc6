from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="index"),
    path("list/<slug:name>/", views.DrilldownView.as_view(), name="list"),
    path("export/<slug:key>/", views.TableExportView.as_view(), name="export"),
]
