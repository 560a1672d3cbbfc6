"""The API router: each app registers its viewsets here (under /api/v1/)."""

from rest_framework.routers import DefaultRouter

from candidates import api as candidates_api
from continuity import api as continuity_api
from continuity.work import api as work_api
from employers import action_api
from employers import api as employers_api
from placements import api as placements_api
from portal import api as portal_api


class ApiRouter(DefaultRouter):
    """No ".json" format-suffix twins: one URL per resource (JSON is the only format anyway);
    several views did not take the `format` argument and answered 500 on them."""

    include_format_suffixes = False


router = ApiRouter()
router.register("employers", employers_api.EmployerViewSet, basename="employer")
router.register("contacts", employers_api.ContactViewSet, basename="contact")
router.register("assignments", employers_api.AssignmentViewSet, basename="assignment")
router.register("conversations", employers_api.ConversationViewSet, basename="conversation")
router.register("actions", action_api.ActionViewSet, basename="action")
continuity_api.register(router)
work_api.register(router)
candidates_api.register(router)
placements_api.register(router)
portal_api.register(router)
