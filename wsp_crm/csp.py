"""Content-Security-Policy header on every response.

Django 5.2 has no CSP support of its own, and the product needs one fixed policy for every page
(its own pages, the Django admin and Swagger UI all work under it), so a small middleware does it
without another dependency: django-csp would bring nonces, decorators and a dozen settings this
product does not use.

Settings: CSP_POLICY ({directive: [sources]}), CSP_BROWSABLE_API_ADDITIONS (sources added for the
HTML pages of DRF's browsable API only, whose templates carry inline styles), CSP_REPORT_ONLY
(send Content-Security-Policy-Report-Only instead: violations are reported, nothing is blocked)
and CSP_REPORT_URI (where browsers send violation reports; empty: nowhere). A view that sets its
own policy header keeps it.
"""

from django.conf import settings

HEADER = "Content-Security-Policy"
REPORT_ONLY_HEADER = "Content-Security-Policy-Report-Only"


def render_policy(policy, report_uri="", additions=None):
    """The header value for a {directive: [sources]} policy, with `additions` appended."""
    directives = {name: list(sources) for name, sources in policy.items()}
    for name, sources in (additions or {}).items():
        directives.setdefault(name, []).extend(sources)
    if report_uri:
        directives["report-uri"] = [report_uri]
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.header = REPORT_ONLY_HEADER if settings.CSP_REPORT_ONLY else HEADER
        self.value = render_policy(settings.CSP_POLICY, settings.CSP_REPORT_URI)
        self.browsable_api_value = render_policy(
            settings.CSP_POLICY, settings.CSP_REPORT_URI, settings.CSP_BROWSABLE_API_ADDITIONS
        )

    def __call__(self, request):
        response = self.get_response(request)
        if HEADER not in response and REPORT_ONLY_HEADER not in response:
            renderer = getattr(response, "accepted_renderer", None)
            browsable = getattr(renderer, "format", None) == "api"
            response[self.header] = self.browsable_api_value if browsable else self.value
        return response
