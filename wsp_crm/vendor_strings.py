"""Dutch for the words other packages show in the admin without a Dutch translation of their own
(django-axes, DRF's tokens). `makemessages` picks these up into our catalogue, which Django
reads before the packages' own (LOCALE_PATHS), so the admin is Dutch throughout. Nothing
imports VENDOR_STRINGS; tests/test_error_pages_and_language.py checks the admin's words."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

VENDOR_STRINGS = [
    # django-axes: models, fields and admin
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("Access Attempt"),
    gettext_noop("Expires At"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("User Agent"),
    gettext_noop("IP Address"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("Attempt Time"),
    gettext_noop("Access lock out"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Failed Logins"),
    gettext_noop("Logout Time"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("Locked Out"),
    gettext_noop("Form Data"),
    gettext_noop("Meta Data"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Not set"),
    gettext_noop("Attempt Remaining"),
    # Django REST framework's tokens
    gettext_noop("Key"),
]


class AxesConfig(AxesAppConfig):
    """django-axes under a Dutch name in the admin (its own app config has no translatable one)."""

    verbose_name = _("Login attempts")
