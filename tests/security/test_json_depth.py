"""A JSON body nested deeper than any request of the API needs is refused with 400 (it used to
raise RecursionError: a 500), on every API route through the default parser; brackets inside
strings do not count."""

import json
import re
from pathlib import Path

import pytest
from rest_framework.settings import api_settings
from rest_framework.test import APIClient

from employers.models import Employer
from tests.factories import AccountAssignmentFactory, EmployerFactory
from wsp_crm import parsers

ROOT = Path(__file__).resolve().parents[2]


def nested(depth):
    return "[" * depth + "]" * depth


@pytest.fixture
def api(account_manager):
    client = APIClient()
    client.force_login(account_manager)
    return client


@pytest.fixture
def employer(account_manager):
    employer = EmployerFactory(region=account_manager.region, name="Drukkerij Het Anker")
    AccountAssignmentFactory(employer=employer, manager=account_manager)
    return employer


@pytest.mark.parametrize("depth", [parsers.MAX_DEPTH + 1, 100_000])
@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("post", "/api/v1/employers/"),
        ("patch", "/api/v1/employers/{pk}/"),
        ("post", "/api/v1/conversations/"),
        ("post", "/api/v1/actions/"),
    ],
)
def test_a_deeply_nested_body_is_refused_with_400(api, employer, method, url, depth):
    body = '{"name": ' + nested(depth) + "}"
    response = getattr(api, method)(
        url.format(pk=employer.pk), body, content_type="application/json"
    )
    assert response.status_code == 400, response.content[:200]
    assert "JSON" in response.json()["detail"]
    employer.refresh_from_db()
    assert employer.name == "Drukkerij Het Anker"


def test_a_deep_body_is_refused_on_the_portal_api_too(client, employer):
    from accounts.models import User
    from tests.conftest import make_user

    user = make_user("portal@werkgever.test", User.Role.EMPLOYER_USER, employer=employer)
    client.force_login(user)
    response = client.post(
        "/api/v1/portal/questions/", nested(10_000), content_type="application/json"
    )
    assert response.status_code == 400


def test_a_body_at_the_limit_still_parses(api, employer):
    """Depth MAX_DEPTH is read (and then refused by the serializer as a wrong type, 400)."""
    body = '{"name": "Anker", "sector": ' + nested(parsers.MAX_DEPTH - 1) + "}"
    assert not parsers.too_deep(body)
    response = api.patch(f"/api/v1/employers/{employer.pk}/", body, content_type="application/json")
    assert response.status_code == 400
    assert "sector" in response.json()


def test_brackets_inside_strings_do_not_count(api, employer):
    name = "[{" * 30 + ' \\" ' + "}]" * 30
    body = json.dumps({"name": json.loads(f'"{name}"')})
    assert not parsers.too_deep(body)
    response = api.patch(f"/api/v1/employers/{employer.pk}/", body, content_type="application/json")
    assert response.status_code == 200, response.content[:300]
    assert Employer.objects.get(pk=employer.pk).name.startswith("[{[{")


@pytest.mark.parametrize("depth", [0, 1, parsers.MAX_DEPTH])
def test_too_deep_counts_levels(depth):
    assert not parsers.too_deep(nested(depth))
    assert parsers.too_deep(nested(depth + parsers.MAX_DEPTH + 1 - depth))


def test_the_depth_limited_parser_is_the_default():
    assert [parsers.DepthLimitedJSONParser] == api_settings.DEFAULT_PARSER_CLASSES


def test_no_view_reads_a_json_body_itself():
    """A view that parses a body itself must use wsp_crm.parsers.loads (the same limit)."""
    pattern = re.compile(
        r"json\.loads?\(.*(request|body)|parsers\.JSONParser|import .*\bJSONParser"
    )
    offenders = []
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in (".venv", "tests", "node_modules", "scripts", "bench"):
            continue
        if relative == Path("wsp_crm/parsers.py"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []
