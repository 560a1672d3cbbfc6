from django.urls import path, register_converter

from .views.detail import PlacementDetailView
from .views.edit import PlacementEditView, PlacementEndView
from .views.follow_ups import FollowUpAddView, FollowUpMoveView, FollowUpRecordView
from .views.instruments import (
    AssessmentAddView,
    FollowUpHorizonView,
    InstrumentCatalogueView,
    InstrumentPeriodAddView,
    InstrumentPeriodEditView,
    NextStepView,
)
from .views.list import PlacementListView
from .views.start import PlacementStartView
from .views.team import TeamMemberAddView, TeamMemberEndView


class IdConverter:
    """A database id: digits only, and short enough for a 64-bit integer (a long number in the
    address answers 404, not a database error)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(IdConverter, "placement_id")

app_name = "placements"

urlpatterns = [
    path("", PlacementListView.as_view(), name="list"),
    path("new/", PlacementStartView.as_view(), name="start"),
    path("instruments/", InstrumentCatalogueView.as_view(), name="instruments"),
    path(
        "instruments/follow-up-horizon/",
        FollowUpHorizonView.as_view(),
        name="follow_up_horizon",
    ),
    path("<placement_id:pk>/", PlacementDetailView.as_view(), name="detail"),
    path("<placement_id:pk>/edit/", PlacementEditView.as_view(), name="edit"),
    path("<placement_id:pk>/end/", PlacementEndView.as_view(), name="end"),
    path(
        "<placement_id:pk>/follow-ups/log/",
        FollowUpRecordView.as_view(),
        name="follow_up_record",
    ),
    path("<placement_id:pk>/follow-ups/add/", FollowUpAddView.as_view(), name="follow_up_add"),
    path(
        "<placement_id:pk>/follow-ups/<placement_id:follow_up_pk>/move/",
        FollowUpMoveView.as_view(),
        name="follow_up_move",
    ),
    path("<placement_id:pk>/team/add/", TeamMemberAddView.as_view(), name="team_add"),
    path(
        "<placement_id:pk>/team/<placement_id:member_pk>/end/",
        TeamMemberEndView.as_view(),
        name="team_end",
    ),
    path(
        "<placement_id:pk>/instruments/add/",
        InstrumentPeriodAddView.as_view(),
        name="period_add",
    ),
    path(
        "<placement_id:pk>/instruments/<placement_id:period_pk>/edit/",
        InstrumentPeriodEditView.as_view(),
        name="period_edit",
    ),
    path(
        "<placement_id:pk>/instruments/<placement_id:period_pk>/next-step/",
        NextStepView.as_view(),
        name="period_next_step",
    ),
    path(
        "<placement_id:pk>/assessments/add/",
        AssessmentAddView.as_view(),
        name="assessment_add",
    ),
]
