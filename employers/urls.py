from django.urls import path

from . import views
from .import_views import urlpatterns as import_urlpatterns

app_name = "employers"

urlpatterns = [
    path("", views.EmployerListView.as_view(), name="list"),
    path("<int:pk>/", views.EmployerDetailView.as_view(), name="detail"),
] + import_urlpatterns
