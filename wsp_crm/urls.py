from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.urls import include, path
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.generic import RedirectView
from django.views.i18n import set_language
from django_otp.admin import OTPAdminSite
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.views import (
    HomeView,
    PasswordChangeView,
    PasswordResetConfirmView,
    PasswordResetView,
)
from search.views import SearchAPIView

from .api import router
from .health import healthz

# The admin needs a session that passed the second factor (TwoFactorRequiredMiddleware sends
# an unverified one to the code step before it gets here; this is the admin's own check).
admin.site.__class__ = OTPAdminSite
admin.site.site_header = "WSP CRM"
admin.site.site_title = "WSP CRM"

auth_patterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/change/", PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password/reset/", PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("", include(auth_patterns)),
    path("", include("accounts.urls")),
    path("employers/", include("employers.urls")),
    path("candidates/", include("candidates.urls")),
    path("placements/", include("placements.urls")),
    path("signals/", include("continuity.urls")),
    path("notifications/", include("continuity.notifications.urls")),
    path("work/", include("continuity.work.urls")),
    path("dashboard/", include("continuity.dashboard.urls")),
    path("portal/", include("portal.urls")),
    path("audit/", include("audit.urls")),
    path("search/", include("search.urls")),
    # The language switcher is in every page's footer, the login page's too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    # One login for everybody (the admin's own login page would bypass ours).
    path(
        "admin/login/",
        login_not_required(RedirectView.as_view(pattern_name="login", query_string=True)),
    ),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("api/v1/search/", SearchAPIView.as_view(), name="api-search"),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script from /api/docs/?script (no inline script).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]


def page_not_found(request, exception):
    """A path under /api/ that matches no route answers like the API's own 404s (JSON, as the
    schema documents); everywhere else the normal page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


handler404 = page_not_found
