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
