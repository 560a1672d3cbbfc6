from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Users and regions")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import stamp_login

        # Session bookkeeping only: the idle-timeout clock starts at login.
        user_logged_in.connect(stamp_login, dispatch_uid="accounts.stamp_login")
        check_rates()


def check_rates():
    """A rate in RATE_LIMITS that cannot be read stops the start, not a request later."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    from .ratelimit import parse_rate

    for scope, text in settings.RATE_LIMITS.items():
        try:
            parse_rate(text)
        except ValueError as exc:
            raise ImproperlyConfigured(f"RATE_LIMITS[{scope!r}]: {exc}") from None
