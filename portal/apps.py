from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Employer portal")

    def ready(self):
        # The panels this app adds to other apps' pages (see panels.py).
        from .panels import register_panels

        register_panels()
