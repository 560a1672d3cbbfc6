from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContinuityConfig(AppConfig):
    name = "continuity"
    verbose_name = _("Continuity")

    def ready(self):
        # The panels this app adds to other apps' pages (see panels.py).
        from .panels import register_panels

        register_panels()
