from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("team/", views.TeamView.as_view(), name="team"),
    path("account/", views.ProfileView.as_view(), name="profile"),
]
