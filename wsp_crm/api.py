"""The API router: each app registers its viewsets here (under /api/v1/)."""

from rest_framework.routers import DefaultRouter

from employers import api as employers_api

router = DefaultRouter()
router.register("employers", employers_api.EmployerViewSet, basename="employer")
router.register("contacts", employers_api.ContactViewSet, basename="contact")
router.register("assignments", employers_api.AssignmentViewSet, basename="assignment")
router.register("conversations", employers_api.ConversationViewSet, basename="conversation")
