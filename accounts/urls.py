from django.urls import path

from . import two_factor_views, views

app_name = "accounts"

urlpatterns = [
    path("team/", views.TeamView.as_view(), name="team"),
    path(
        "team/<int:pk>/two-factor/reset/",
        two_factor_views.TwoFactorAdminResetView.as_view(),
        name="two_factor_admin_reset",
    ),
    path("account/", views.ProfileView.as_view(), name="profile"),
    path(
        "account/two-factor/verify/",
        two_factor_views.TwoFactorVerifyView.as_view(),
        name="two_factor_verify",
    ),
    path(
        "account/two-factor/setup/",
        two_factor_views.TwoFactorSetupView.as_view(),
        name="two_factor_setup",
    ),
    path(
        "account/two-factor/recovery-codes/",
        two_factor_views.RecoveryCodesView.as_view(),
        name="two_factor_recovery_codes",
    ),
    path(
        "account/two-factor/recovery-codes/new/",
        two_factor_views.RecoveryCodesRegenerateView.as_view(),
        name="two_factor_regenerate",
    ),
    path(
        "account/two-factor/reset/",
        two_factor_views.TwoFactorResetOwnView.as_view(),
        name="two_factor_reset",
    ),
]
