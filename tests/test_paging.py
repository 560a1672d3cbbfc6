"""Capped counts (wsp_crm.paging): lists and the API never count more than they must."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from employers.models import Employer
from tests.factories import AccountAssignmentFactory, EmployerFactory
from wsp_crm import api_support, paging
from wsp_crm.paging import CappedPaginator, capped_page


@pytest.fixture
def eight(region):
    return [EmployerFactory(region=region) for _ in range(8)]


def test_the_count_is_exact_below_the_cap(eight):
    paginator = CappedPaginator(Employer.objects.order_by("pk"), 3, cap=10)
    assert (paginator.count, paginator.count_capped, paginator.shown_count) == (8, False, 8)
    assert paginator.num_pages == 3


def test_the_count_stops_after_the_cap(eight, monkeypatch):
    paginator = CappedPaginator(Employer.objects.order_by("pk"), 2, cap=5)
    assert (paginator.count, paginator.count_capped, paginator.shown_count) == (6, True, 5)
    monkeypatch.setattr(paging, "COUNT_CAP", 5)
    third = capped_page(Employer.objects.order_by("pk"), 2, "3")
    assert third.paginator.count_capped and third.has_next()  # the cap reaches past page 3


def test_a_page_past_the_cap_is_still_reachable(eight):
    rows = Employer.objects.order_by("pk")
    page = capped_page(rows, 2, "4")  # the cap grows to the page asked for
    assert [e.pk for e in page.object_list] == [e.pk for e in eight[6:8]]
    assert not page.has_next()
    assert page.paginator.count == 8


@pytest.mark.parametrize(("number", "first_row"), [("abc", 0), ("99", 6), ("", 0)])
def test_page_numbers_that_are_not_pages_fall_back_like_get_page(eight, number, first_row):
    page = capped_page(Employer.objects.order_by("pk"), 2, number)
    assert page.object_list[0].pk == eight[first_row].pk


def test_an_absurd_page_number_is_past_the_end_not_a_server_error(account_manager, eight):
    client = APIClient()
    client.force_authenticate(account_manager)
    response = client.get("/api/v1/employers/", {"page": str(2**61)})
    assert response.status_code == 404
    page = capped_page(Employer.objects.order_by("pk"), 2, str(2**61))
    assert page.object_list[0].pk == eight[6].pk  # the HTML lists fall back to the last page


def test_the_html_list_says_more_than_when_capped(
    client_for, account_manager, region, eight, monkeypatch
):
    for employer in eight:
        AccountAssignmentFactory(employer=employer, manager=account_manager)
    monkeypatch.setattr(paging, "COUNT_CAP", 5)
    response = client_for(account_manager).get(reverse("employers:list"))
    assert response.status_code == 200
    assert "meer dan 5 werkgevers" in response.text
    assert response.context["page"].paginator.count_capped


def test_the_api_reports_a_capped_count_and_still_links_on(
    account_manager, region, eight, monkeypatch
):
    monkeypatch.setattr(api_support, "COUNT_CAP", 5)
    client = APIClient()
    client.force_authenticate(account_manager)
    body = client.get("/api/v1/employers/", {"page_size": 2}).json()
    assert (body["count"], body["count_capped"]) == (5, True)
    assert body["next"] is not None and len(body["results"]) == 2
    last = client.get("/api/v1/employers/", {"page_size": 2, "page": "last"}).json()
    assert (last["count"], last["count_capped"]) == (8, False)
    assert [row["id"] for row in last["results"]] == [e.pk for e in eight[6:8]]


def test_the_api_count_is_exact_under_the_cap(account_manager, eight):
    client = APIClient()
    client.force_authenticate(account_manager)
    body = client.get("/api/v1/employers/").json()
    assert (body["count"], body["count_capped"]) == (8, False)


def test_the_api_refuses_an_empty_page_and_a_page_far_past_the_end(account_manager, eight):
    """Found by the API fuzzer: `?page=` used to read as page 1, and a page number whose rows
    overflow the database's LIMIT answered 500."""
    for employer in eight:
        AccountAssignmentFactory(employer=employer, manager=account_manager)
    client = APIClient()
    client.force_authenticate(account_manager)
    assert client.get("/api/v1/employers/?page=").status_code == 400
    assert client.get("/api/v1/employers/?page=2305843009213693952").status_code == 404
    page = capped_page(Employer.objects.order_by("pk"), 2, "2305843009213693952")
    assert page.number == page.paginator.num_pages  # the HTML lists: the last page


# --- every paged list, pages and API, with page numbers no table reaches ---------------------

HTML_LISTS = [
    "/employers/",
    "/candidates/",
    "/placements/",
    "/signals/",
    "/signals/region/",
    "/audit/",
    "/audit/access/",
]
API_LISTS = [
    "/api/v1/employers/",
    "/api/v1/contacts/",
    "/api/v1/assignments/",
    "/api/v1/conversations/",
    "/api/v1/actions/",
    "/api/v1/signals/",
    "/api/v1/candidates/",
    "/api/v1/consents/",
    "/api/v1/staffing-requests/",
    "/api/v1/proposals/",
    "/api/v1/placements/",
    "/api/v1/follow-ups/",
    "/api/v1/instrument-periods/",
    "/api/v1/instruments/",
    "/api/v1/wage-value-assessments/",
]
ABSURD_PAGES = [
    "99999999999999999999",
    str(2**61),
    str(2**63),
    str(2**31),
    str(2**31 - 1),
    "-99999999999999999999",
    "0",
    "1e9",
    "last",
]


@pytest.mark.parametrize("number", ABSURD_PAGES)
@pytest.mark.parametrize("url", HTML_LISTS + API_LISTS)
def test_every_paged_list_answers_absurd_page_numbers(client_for, wsp_admin, eight, url, number):
    response = client_for(wsp_admin).get(url, {"page": number})
    if url.startswith("/api/"):
        assert response.status_code in (200, 400, 404), response.content[:300]
    else:
        assert response.status_code == 200


def _routes(patterns, prefix=""):
    from django.urls import URLPattern, URLResolver

    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def _paged_routes():
    """(route, kind) of every route that pages: an API list with a pagination class, or a page
    whose view calls capped_page or a Paginator."""
    import inspect
    import re

    from django.urls import get_resolver

    for route, callback in _routes(get_resolver().url_patterns):
        view = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
        if view is None or "(?P<format>" in route:
            continue
        actions = getattr(callback, "actions", None) or {}
        if actions.get("get") == "list" and getattr(view, "pagination_class", None):
            yield route.replace("^", "").replace("$", ""), "api"
        elif not actions:
            source = "".join(inspect.getsource(cls) for cls in view.__mro__ if _ours(cls))
            if re.search(r"capped_page\(|\b_page\(request|Paginator\(", source):
                yield route, "html"


def _ours(cls):
    module = cls.__module__.split(".")[0]
    return module in {"accounts", "audit", "candidates", "continuity", "employers", "placements"}


def test_the_tables_above_hold_every_paged_route():
    """A new paged list (page or API) must join HTML_LISTS or API_LISTS (and so the test of
    absurd page numbers)."""
    found = {("/" + route, kind) for route, kind in _paged_routes()}
    listed = {(url, "html") for url in HTML_LISTS} | {(url, "api") for url in API_LISTS}
    assert found == listed
