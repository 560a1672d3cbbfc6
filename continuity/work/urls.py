from django.urls import path

from . import views

app_name = "work"

urlpatterns = [
    path("", views.MyWorkView.as_view(), name="mine"),
    path("team/", views.TeamWorkView.as_view(), name="team"),
]
