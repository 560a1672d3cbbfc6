"""Dutch first: the product speaks Dutch unless the user chose otherwise."""

from django.middleware.locale import LocaleMiddleware


class DutchFirstLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware without the browser's say: the language is the one the user
    picked with the language switch (its cookie), else LANGUAGE_CODE (Dutch), whatever the
    browser's Accept-Language asks for. Programs calling the API still choose with the header
    (error messages in English for an integrator who asks for them)."""

    def process_request(self, request):
        if not request.path_info.startswith("/api/"):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)
