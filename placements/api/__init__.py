"""The placements API (/api/v1/): placements, follow-up checkpoints (nazorg), instrument periods
and the regional instrument catalogue.

Every queryset starts at `Placement.objects.visible_to(user)` (another region's row is a 404),
every write calls placements.services (their ValidationErrors answer 400 with field messages),
and every writable foreign key only offers what the requesting user may see. A placement shows
its candidate's name only to staff who may see that candidate; reading one placement logs the
access to the candidate's record like the placement page does.

One module a resource: placements.py, follow_ups.py and instruments.py (instrument periods and
the catalogue), each with its serializers, filters and viewsets; scopes.py holds what a writable
foreign key may point to. The lead wires these in with `placements.api.register(router)`.
"""

from .follow_ups import FollowUpViewSet
from .instruments import AssessmentViewSet, InstrumentPeriodViewSet, InstrumentViewSet
from .placements import PlacementViewSet


def register(router):
    """Called from wsp_crm/api.py: the placement endpoints under /api/v1/."""
    router.register("placements", PlacementViewSet, basename="placement")
    router.register("follow-ups", FollowUpViewSet, basename="follow-up")
    router.register("instrument-periods", InstrumentPeriodViewSet, basename="instrument-period")
    router.register("instruments", InstrumentViewSet, basename="instrument")
    router.register("wage-value-assessments", AssessmentViewSet, basename="wage-value-assessment")
