from django.urls import path

from . import views

app_name = "continuity"

urlpatterns = [
    path("", views.InboxView.as_view(), name="inbox"),
    path("region/", views.RegionView.as_view(), name="region"),
    path("thresholds/", views.ThresholdsView.as_view(), name="thresholds"),
    path("<int:pk>/", views.SignalDetailView.as_view(), name="detail"),
    path("<int:pk>/snooze/", views.SnoozeView.as_view(), name="snooze"),
    path("<int:pk>/resolve/", views.ResolveView.as_view(), name="resolve"),
]
