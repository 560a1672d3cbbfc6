"""Walking the URL configuration for the access matrix (tests/security/test_access_matrix.py)."""

import copy
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from employers.models import Employer

LOGIN_PATHS = ("/login/", "/admin/login/")


@dataclass(frozen=True)
class Route:
    key: str  # the URL name ("namespace:name"), or the route itself for an unnamed pattern
    route: str
    kwargs: tuple

    @property
    def is_api(self):
        return self.route.startswith("api/")

    @property
    def is_admin(self):
        return self.route.startswith("admin/")

    @property
    def methods(self):
        if self.is_api and self.key.endswith("-detail"):
            return ("GET", "POST", "PATCH")
        return ("GET", "POST")


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            if pattern.name:
                key = f"{namespace}:{pattern.name}" if namespace else pattern.name
            else:
                key = route
            yield key, route, tuple(sorted(pattern.pattern.regex.groupindex))


def all_routes():
    """Every URL pattern once. The API router registers no ".json" format-suffix twins
    (test_format_suffix_forms_reach_no_view checks that they answer 404)."""
    seen = {}
    for key, route, kwargs in _walk(get_resolver().url_patterns):
        seen.setdefault((key, kwargs), Route(key, route, kwargs))
    return list(seen.values())


def all_keys():
    return {key for key, _route, _kwargs in _walk(get_resolver().url_patterns)}


# --- filling the URL kwargs from one side of the world -----------------------------------------

API_OBJECTS = {
    "employer": "employer",
    "contact": "contact",
    "assignment": "assignment",
    "conversation": "conversation",
    "action": "action",
    "signal": "signal",
    "candidate": "candidate",
    "consent": "consent",
    "staffing-request": "staffing_request",
    "proposal": "proposal",
    "placement": "placement",
    "follow-up": "follow_up",
    "instrument-period": "period",
    "wage-value-assessment": "assessment",
    "instrument": "instrument",
    "portal-contact": "contact",
    "portal-placement": "placement",
    "portal-question": "question",
    "portal-my-question": "question_action",
    "portal-proposal": "open_proposal",
}

PAGE_OBJECTS = {
    # app namespace -> kwarg -> the side's attribute
    "employers": {
        "pk": "employer",
        "conversation_pk": "conversation",
        "action_pk": "action",
        "assignment_pk": "backup",
        "contact_pk": "contact",
    },
    "candidates": {
        "pk": "candidate",
        "consent_pk": "consent",
        "proposal_pk": "proposal",
        "employer_pk": "employer",
    },
    "placements": {
        "pk": "placement",
        "follow_up_pk": "follow_up",
        "period_pk": "period",
        "member_pk": "team_member",
    },
    "continuity": {"pk": "signal"},
    "accounts": {"pk": "manager"},
    "portal": {"pk": "contact", "user_pk": "employer_user", "proposal_pk": "contact_proposal"},
    "audit": {"pk": "audit_event"},
}

PAGE_OVERRIDES = {
    "employers:caseload_handover": {"user_pk": "manager"},
    "candidates:request_edit": {"pk": "staffing_request"},
    "candidates:request_matches": {"pk": "staffing_request"},
    "portal:question_sent": {"pk": "question"},
    "portal:question_detail": {"pk": "question_action"},
    "portal:proposal": {"pk": "open_proposal"},
    "portal:staff_invite": {"pk": "employer"},
    "portal:staff_user_deactivate": {"pk": "employer"},
    "portal:staff_user_activate": {"pk": "employer"},
    "portal:staff_proposal_accept": {"pk": "employer"},
    "portal:staff_proposal_decline": {"pk": "employer"},
}

ADMIN_OBJECTS = {
    "auth/group": lambda world, side: world.group.pk,
    "authtoken/tokenproxy": lambda world, side: world.token.user_id,
    "accounts/region": lambda world, side: side.region.pk,
    "accounts/team": lambda world, side: side.manager.team_id,
    "accounts/organisation": lambda world, side: world.organisation.pk,
    "accounts/user": lambda world, side: side.manager.pk,
    "employers/employer": lambda world, side: side.employer.pk,
    "employers/contactperson": lambda world, side: side.contact.pk,
    "employers/contactevent": lambda world, side: side.contact.events.order_by("pk").first().pk,
    "employers/accountassignment": lambda world, side: side.assignment.pk,
    "employers/conversation": lambda world, side: side.conversation.pk,
    "placements/instrument": lambda world, side: side.instrument.pk,
    "placements/followupstep": lambda world, side: side.extra["follow_up_step"],
    "placements/placement": lambda world, side: side.placement.pk,
    "placements/followup": lambda world, side: side.follow_up.pk,
    "placements/instrumentperiod": lambda world, side: side.period.pk,
    "placements/wagevalueassessment": lambda world, side: side.assessment.pk,
    "continuity/signal": lambda world, side: side.signal.pk,
    "continuity/regionpolicy": lambda world, side: side.extra["policy"],
    "axes/accessattempt": lambda world, side: side.extra["access_attempt"],
    "axes/accesslog": lambda world, side: side.extra["access_log"],
    "axes/accessfailurelog": lambda world, side: side.extra["access_failure_log"],
}


def _admin_object(route, world, side):
    for model, getter in ADMIN_OBJECTS.items():
        if route.route.startswith(f"admin/{model}/"):
            return getter(world, side)
    raise LookupError(f"no object for {route.route}")


def url_for(route, world, side):
    """The path of `route` with its kwargs taken from one side (A or B) of the world."""
    if route.is_admin:
        if route.key == "admin:view_on_site":
            content_type = ContentType.objects.get_for_model(Employer)
            return reverse(
                route.key,
                kwargs={"content_type_id": content_type.pk, "object_id": side.employer.pk},
            )
        if route.key == "admin:app_list":
            return reverse(route.key, kwargs={"app_label": "employers"})
        if route.key == "admin:auth_user_password_change":
            return reverse(route.key, kwargs={"id": side.manager.pk})
        if route.key == "admin/(?P<url>.*)$":
            return "/admin/no-such-page/"
        if not route.kwargs:
            return "/" + route.route if route.key == route.route else reverse(route.key)
        object_id = _admin_object(route, world, side)
        if route.key == route.route:  # the unnamed "<object_id>/" twin: redirects to change
            return "/" + route.route.replace("<path:object_id>", str(object_id))
        return reverse(route.key, kwargs={"object_id": object_id})
    if not route.kwargs:
        return reverse(route.key)
    if route.is_api:
        basename = route.key.rsplit("-", 1)[0]
        for suffix in ("-detail", "-list"):
            if route.key.endswith(suffix):
                basename = route.key[: -len(suffix)]
        attr = API_OBJECTS.get(basename)
        if attr is None:  # an extra action: "contact-left" -> "contact"
            basename = next(
                name
                for name in sorted(API_OBJECTS, key=len, reverse=True)
                if route.key.startswith(name + "-")
            )
            attr = API_OBJECTS[basename]
        kwargs = {"pk": getattr(side, attr).pk}
        if "member_pk" in route.kwargs:  # placement-team-end: a member of that placement's team
            kwargs["member_pk"] = side.team_member.pk
        return reverse(route.key, kwargs=kwargs)
    if route.key == "password_reset_confirm":
        return reverse(route.key, kwargs={"uidb64": "MQ", "token": "set-password"})
    if route.key == "employers:action_change":  # closing is the change every owner may make
        return reverse(
            route.key,
            kwargs={"pk": side.employer.pk, "action_pk": side.action.pk, "op": "complete"},
        )
    if route.key == "dashboard:list":
        return reverse(route.key, kwargs={"name": "signals"})
    if route.key == "dashboard:export":
        return reverse(route.key, kwargs={"key": "caseload"})
    namespace = route.key.split(":", 1)[0]
    attrs = {**PAGE_OBJECTS[namespace], **PAGE_OVERRIDES.get(route.key, {})}
    return reverse(route.key, kwargs={name: getattr(side, attrs[name]).pk for name in route.kwargs})


def status_class(response):
    code = response.status_code
    if 200 <= code < 300:
        return "2xx"
    if 300 <= code < 400:
        location = response.headers.get("Location", "")
        path = location.split("?", 1)[0]
        if path.endswith(LOGIN_PATHS):
            return "login"
        return "3xx"
    return str(code)


def call(client, method, url):
    """One request that leaves nothing behind: the database is rolled back and the client's
    cookies restored (so a POST to logout does not sign the next request out)."""
    cookies = copy.deepcopy(client.cookies)
    with transaction.atomic():
        if method == "GET":
            response = client.get(url)
        elif method == "POST" and url.startswith("/api/"):
            # The API reads JSON bodies only (a form post answers 415).
            response = client.post(url, {}, content_type="application/json")
        elif method == "POST":
            response = client.post(url, {})
        else:
            response = client.patch(url, {}, content_type="application/json")
        transaction.set_rollback(True)
    client.cookies = cookies
    return response


def side_ids(side):
    """The ids of one side's rows, per API list (by the router's basename)."""
    return {
        "employer": {side.employer.pk},
        "contact": {side.contact.pk},
        "assignment": {side.assignment.pk, side.backup.pk},
        "conversation": {side.conversation.pk, side.question.pk},
        "signal": {side.signal.pk},
        "candidate": {side.candidate.pk},
        "consent": {side.consent.pk},
        "staffing-request": {side.staffing_request.pk},
        "proposal": {side.proposal.pk},
        "placement": {side.placement.pk},
        "follow-up": set(side.placement.follow_ups.values_list("pk", flat=True)),
        "instrument-period": {side.period.pk},
        "wage-value-assessment": {side.assessment.pk},
        "instrument": {side.instrument.pk},
        "portal-contact": {side.contact.pk},
        "portal-placement": {side.placement.pk},
        "portal-instrument": {side.instrument.pk},
        "portal-question": {side.question.pk},
        "portal-my-question": {side.question_action.pk},
    }


def listed_ids(response):
    """The ids of the rows in an API list answer (paginated or not)."""
    data = response.json()
    rows = data["results"] if isinstance(data, dict) and "results" in data else data
    if not isinstance(rows, list):
        return set()
    return {row["id"] for row in rows if isinstance(row, dict) and "id" in row}
