"""API fuzzing: schemathesis generates requests for every operation in /api/schema/ and sends
them to the Django WSGI app, once per role.

The world of tests/security/conftest.py (two regions, each with an employer, contacts, a
candidate, a placement, signals...) is built first, so detail routes hit real objects: the
generated ids are mixed with the ids of those objects (`aim_at_real_objects`).

Each generated request (valid data and deliberately invalid data, bounded by MAX_EXAMPLES per
operation with a fixed seed) is sent:

- as every role the operation is for (the tokens of an account manager, a team lead and a WSP
  admin for the staff API; an employer user's browser session, with its CSRF token, for
  /api/v1/portal/): no 5xx, the response conforms to the schema (a documented status, the
  documented content type and body), and invalid input is rejected with a 4xx;
- as the other side (an employer user's session on the staff API, staff tokens on the portal
  API): 403, whatever the input;
- without a token: 401.

A 404 instead of 401/403 is accepted only when the generated path matches no route at all
(Django's resolver answers before any view runs), which leaks nothing.
"""

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core import signals
from django.db import close_old_connections
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import AcceptedNegativeData
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from wsp_crm.wsgi import application

MAX_EXAMPLES = 12
SEED = 20261129
STAFF_ROLES = ("account_manager", "team_lead", "wsp_admin")
EMPLOYER_ROLES = ("employer_session",)
PORTAL_PREFIX = "/api/v1/portal/"


def only_numbers_for_text(case):
    """True when the case's only invalid parts are JSON numbers sent for text fields."""
    mutations = case.meta.phase.data.mutations if case.meta else ()
    return bool(mutations) and all(
        mutation.keywords == ("type",)
        and mutation.original_value == "string"
        and mutation.new_value in ("integer", "number")
        for mutation in mutations
    )


def invalid_input_rejected(ctx, response, case):
    """schemathesis' negative_data_rejection (invalid input answers 4xx), with one tolerance:
    DRF's CharField takes a JSON number for a text field and stores its decimal text, which
    loses nothing and confuses no type; every other invalid input must be refused."""
    try:
        return negative_data_rejection(ctx, response, case)
    except AcceptedNegativeData:
        if only_numbers_for_text(case):
            return None
        raise


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    response_schema_conformance,
    content_type_conformance,
    invalid_input_rejected,
]
CONFIG = schemathesis.Config.from_dict(
    {
        "seed": SEED,
        "generation": {
            "mode": "all",
            "max-examples": MAX_EXAMPLES,
            "deterministic": True,
            # Tokens are ours to set per role; no generated Authorization headers or cookies.
            "with-security-parameters": False,
        },
        # Examples and random fuzzing, both bounded by max-examples; the coverage phase's
        # exhaustive edge cases would multiply the run time without a bound.
        "phases": {
            "examples": {"enabled": True},
            "fuzzing": {"enabled": True},
            "coverage": {"enabled": False},
            "stateful": {"enabled": False},
        },
    }
)


class Tally:
    def __init__(self):
        self.operations = set()
        self.examples = 0
        self.requests = 0


def browser_session(user):
    """A signed-in browser: its session cookie, and the CSRF cookie and header the API's
    session authentication asks for on writes."""
    client = Client()
    client.force_login(user)
    csrf = get_token(RequestFactory().get("/"))
    cookies = {
        django_settings.SESSION_COOKIE_NAME: client.cookies[
            django_settings.SESSION_COOKIE_NAME
        ].value,
        django_settings.CSRF_COOKIE_NAME: csrf,
    }
    return {"headers": {"X-CSRFToken": csrf}, "cookies": cookies}


@pytest.fixture
def tokens(world):
    users = {
        "account_manager": world.a.manager,
        "team_lead": world.a.lead,
        "wsp_admin": world.admin,
    }
    return {role: Token.objects.get_or_create(user=user)[0].key for role, user in users.items()}


@pytest.fixture
def credentials(world, tokens):
    """What each role signs in with: case.call(**credentials[role])."""
    signed_in = {
        role: {"headers": {"Authorization": f"Token {key}"}} for role, key in tokens.items()
    }
    signed_in["employer_session"] = browser_session(world.a.employer_user)
    return signed_in


@pytest.fixture
def id_hints(world):
    """Ids of real objects per collection, region A's first (visible to the A tokens) and
    region B's (another region's: must answer 404)."""
    a, b = world.a, world.b
    pairs = {
        "employers": "employer",
        "contacts": "contact",
        "assignments": "assignment",
        "conversations": "conversation",
        "actions": "action",
        "candidates": "candidate",
        "consents": "consent",
        "follow-ups": "follow_up",
        "instrument-periods": "period",
        "wage-value-assessments": "assessment",
        "instruments": "instrument",
        "placements": "placement",
        "proposals": "proposal",
        "signals": "signal",
        "staffing-requests": "staffing_request",
        "portal/contacts": "contact",
        "portal/placements": "placement",
        "portal/questions": "question",
        "portal/my-questions": "question_action",
        "portal/proposals": "open_proposal",
    }
    return {name: [getattr(a, field).pk, getattr(b, field).pk] for name, field in pairs.items()}


def aim_at_real_objects(case, id_hints):
    """Most generated integer ids miss every row; point two out of three at real objects of
    both regions (deterministically, from the generated number). Non-integer ids stay as
    generated: they are the invalid input."""
    generated = case.path_parameters.get("id") if case.path_parameters else None
    if not isinstance(generated, int) or isinstance(generated, bool):
        return
    collection = case.path.removeprefix("/api/v1/").split("/{id}")[0]
    ids = id_hints.get(collection)
    if ids is None:
        raise AssertionError(f"No real ids for {case.path}: add its collection to id_hints")
    choice = generated % (len(ids) + 1)
    if choice < len(ids):
        case.path_parameters["id"] = ids[choice]


@pytest.fixture
def wsgi_in_test_transaction():
    """Requests through the WSGI app (not Django's test client) would close the database
    connection at request end, and with it the test's transaction; the test client avoids that
    the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def tally(capsys):
    counts = Tally()
    yield counts
    with capsys.disabled():
        print(
            f"\nschemathesis: {len(counts.operations)} operations, {counts.examples} examples, "
            f"{counts.requests} requests"
        )


@pytest.fixture(autouse=True)
def _node_id_for_schemathesis(request):
    """schemathesis 4 renames the running test after each operation through the node's private
    `_nodeid`, which pytest 9 no longer has; give it one (only its reports read it)."""
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid


@pytest.fixture
def api_schema(world, tokens, settings, wsgi_in_test_transaction):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    # Throttling is its own concern (tests/accounts); thousands of fuzzed requests per token
    # must not be cut short by it.
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
    return schemathesis.openapi.from_wsgi(
        "/api/schema/",
        application,
        config=CONFIG,
        headers={"Authorization": f"Token {tokens['wsp_admin']}"},
    )


schema = schemathesis.pytest.from_fixture("api_schema")


def reaches_no_view(path):
    """True when Django answers 404 before any permission check could run: the path matches no
    route."""
    try:
        resolve(path)
    except Resolver404:
        return True
    return False


def assert_refused(case, response, expected, role):
    path = case.formatted_path
    if response.status_code == 404 and reaches_no_view(path):
        return
    assert response.status_code == expected, (
        f"{case.method} {path} as {role or 'anonymous'}: {response.status_code}, "
        f"expected {expected}: {response.text[:300]}"
    )


@schema.parametrize()
@hypothesis_settings(
    deadline=None,
    derandomize=True,
    max_examples=MAX_EXAMPLES,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)
def test_api_fuzz(case, credentials, id_hints, tally):
    aim_at_real_objects(case, id_hints)
    portal = case.path.startswith(PORTAL_PREFIX)
    users = EMPLOYER_ROLES if portal else STAFF_ROLES
    others = STAFF_ROLES if portal else EMPLOYER_ROLES
    tally.operations.add(f"{case.method} {case.path}")
    tally.examples += 1
    for role in users:
        response = case.call(**credentials[role])
        tally.requests += 1
        case.validate_response(response, checks=CHECKS)
    for role in others:
        response = case.call(**credentials[role])
        tally.requests += 1
        assert_refused(case, response, 403, role)
    response = case.call()
    tally.requests += 1
    assert_refused(case, response, 401, None)
