"""The global search (/search/, /api/v1/search/): every kind is found by what staff type, each
scoped by its `visible_to` (another region's rows never show; candidates only for staff who may
see them, and then logged), short or huge queries get guidance instead of the whole table, SQL
and regex characters are plain text, and on PostgreSQL typos and accents still find."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import User
from candidates.models import Candidate, CandidateAccessLog
from placements.models import Placement
from search.selectors import search
from search.text import fold, highlight, words_of
from tests.conftest import require_service, uses_postgresql
from tests.factories import (
    AccountAssignmentFactory,
    ContactPersonFactory,
    EmployerFactory,
    LocationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(region, other_region, account_manager, colleague, outsider):
    korenbloem = EmployerFactory(region=region, name="Bakkerij Korenbloem", kvk_number="01234567")
    LocationFactory(employer=korenbloem, city="Houten", postcode="3991AB")
    AccountAssignmentFactory(employer=korenbloem, manager=account_manager)
    elsewhere = EmployerFactory(region=other_region, name="Bakkerij Korenbloem Rotterdam")
    femke = ContactPersonFactory(
        employer=korenbloem, name="Femke Smit", email="femke@korenbloem.nl", phone="030-1234567"
    )
    ContactPersonFactory(employer=elsewhere, name="Femke Smit", email="f.smit@rdam.example")
    mine = Candidate.objects.create(
        region=region, first_name="Yusuf", last_name="Ünal", responsible=account_manager
    )
    theirs = Candidate.objects.create(
        region=region, first_name="Yusuf", last_name="Unalan", responsible=colleague
    )
    placement = Placement.objects.create(
        candidate=mine,
        employer=korenbloem,
        responsible=account_manager,
        created_by=account_manager,
        job_title="Broodbakker nachtploeg",
        start_date=datetime.date(2026, 3, 1),
        contract_type=Placement.ContractType.TEMPORARY,
        hours_per_week=24,
    )
    return {
        "korenbloem": korenbloem,
        "elsewhere": elsewhere,
        "femke": femke,
        "mine": mine,
        "theirs": theirs,
        "placement": placement,
    }


def found(user, query, kind):
    groups = {group.kind: group for group in search(user, query).groups}
    return [hit.pk for hit in groups[kind].hits] if kind in groups else []


def test_a_contact_person_is_found_by_name_email_domain_and_phone(cast, account_manager):
    femke = cast["femke"].pk
    assert found(account_manager, "Femke Smit", "contact") == [femke]
    assert found(account_manager, "smit femke", "contact") == [femke]
    assert found(account_manager, "korenbloem.nl", "contact") == [femke]
    assert found(account_manager, "1234567", "contact") == [femke]


def test_an_employer_is_found_by_name_kvk_postcode_and_city(cast, account_manager):
    korenbloem = cast["korenbloem"].pk
    assert found(account_manager, "korenbloem", "employer") == [korenbloem]
    assert found(account_manager, "0123", "employer") == [korenbloem]
    assert found(account_manager, "3991", "employer") == [korenbloem]
    assert found(account_manager, "houten bakkerij", "employer") == [korenbloem]
    assert found(account_manager, "houten slagerij", "employer") == []


def test_another_regions_rows_never_show(cast, account_manager, outsider):
    assert cast["elsewhere"].pk not in found(account_manager, "korenbloem", "employer")
    assert found(outsider, "korenbloem", "employer") == [cast["elsewhere"].pk]
    assert found(outsider, "femke", "contact") == [cast["elsewhere"].contacts.get().pk]
    assert found(outsider, "yusuf", "candidate") == []
    assert found(outsider, "broodbakker", "placement") == []


def test_candidates_only_for_staff_who_may_see_them(cast, account_manager, team_lead):
    assert found(account_manager, "yusuf", "candidate") == [cast["mine"].pk]
    assert sorted(found(team_lead, "yusuf", "candidate")) == sorted(
        [cast["mine"].pk, cast["theirs"].pk]
    )


def test_a_placement_is_found_by_job_title_and_by_its_candidates_name(cast, account_manager):
    placement = cast["placement"].pk
    assert found(account_manager, "broodbakker", "placement") == [placement]
    assert found(account_manager, "yusuf", "placement") == [placement]


def test_staff_are_found_by_name_within_the_region(cast, account_manager, colleague, outsider):
    assert found(account_manager, "cor", "staff") == [colleague.pk]
    assert found(account_manager, "otto", "staff") == []


def test_the_page_groups_highlights_and_logs_the_candidates_shown(
    cast, account_manager, client_for
):
    response = client_for(account_manager).get(reverse("search:results"), {"q": "yusuf"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<mark>Yusuf</mark>" in html
    assert 'id="search-candidate"' in html and 'id="search-placement"' in html
    logged = CandidateAccessLog.objects.filter(user=account_manager, candidate=cast["mine"])
    assert logged.count() == 1
    assert not CandidateAccessLog.objects.filter(candidate=cast["theirs"]).exists()


def test_the_header_search_field_is_on_staff_pages_only(
    cast, account_manager, employer_user, client_for
):
    assert 'id="header-search-q"' in client_for(account_manager).get("/").content.decode()
    assert 'id="header-search-q"' not in client_for(employer_user).get("/").content.decode()


@pytest.mark.parametrize("query", ["", "a", " x ", "x" * 101])
def test_empty_short_and_huge_queries_get_guidance_not_the_table(
    cast, account_manager, client_for, query
):
    result = search(account_manager, query)
    assert result.groups == [] and result.guidance
    response = APIClient()
    response.force_authenticate(account_manager)
    answer = response.get("/api/v1/search/", {"q": query})
    assert answer.status_code == 400
    assert "q" in answer.json()


@pytest.mark.parametrize("query", ["%", "_%", "' OR 1=1 --", ".*", "[a-z]+", "\\"])
def test_sql_and_regex_characters_are_plain_text(cast, account_manager, query):
    result = search(account_manager, f"ko{query}")
    assert result.total == 0


def test_the_api_answers_grouped_results_scoped_and_logged(cast, account_manager):
    api = APIClient()
    api.force_authenticate(account_manager)
    answer = api.get("/api/v1/search/", {"q": "korenbloem"})
    assert answer.status_code == 200
    groups = {group["kind"]: group for group in answer.json()["groups"]}
    assert [hit["id"] for hit in groups["employer"]["results"]] == [cast["korenbloem"].pk]
    assert groups["employer"]["results"][0]["url"] == cast["korenbloem"].get_absolute_url()
    only = api.get("/api/v1/search/", {"q": "yusuf", "kind": "candidate"}).json()
    assert [group["kind"] for group in only["groups"]] == ["candidate"]
    assert CandidateAccessLog.objects.filter(candidate=cast["mine"]).count() == 1
    assert api.get("/api/v1/search/", {"q": "yusuf", "kind": "nope"}).status_code == 400


def test_employer_users_and_anonymous_callers_are_refused(cast, employer_user, client_for):
    assert APIClient().get("/api/v1/search/", {"q": "korenbloem"}).status_code in (401, 403)
    api = APIClient()
    api.force_authenticate(employer_user)
    assert api.get("/api/v1/search/", {"q": "korenbloem"}).status_code == 403
    page = client_for(employer_user).get(reverse("search:results"), {"q": "korenbloem"})
    assert page.status_code in (302, 403)


def test_folding_and_highlighting():
    assert fold("Ünal Çelik") == "unal celik"
    assert words_of("  Femke  femke SMIT ") == ["femke", "smit"]
    assert str(highlight("Bakkerij Korenbloem", ["korenbl"])) == (
        "Bakkerij <mark>Korenbl</mark>oem"
    )
    assert str(highlight("Yusuf Ünal", ["unal"])) == "Yusuf <mark>Ünal</mark>"
    # A typo: the most similar word is marked.
    assert str(highlight("Bakkerij Korenbloem", ["korenblom"])) == (
        "Bakkerij <mark>Korenbloem</mark>"
    )
    assert str(highlight("<b>x</b>", ["x"])) == "&lt;b&gt;<mark>x</mark>&lt;/b&gt;"


@pytest.mark.services
def test_postgresql_finds_typos_and_ignores_accents(cast, account_manager, team_lead):
    require_service(uses_postgresql(), "trigram search needs PostgreSQL (set DATABASE_URL)")
    assert found(account_manager, "korenblom", "employer") == [cast["korenbloem"].pk]
    assert found(account_manager, "femkee smit", "contact") == [cast["femke"].pk]
    assert found(account_manager, "Unal", "candidate") == [cast["mine"].pk]
    assert found(team_lead, "ÜNAL", "candidate")[0] == cast["mine"].pk


@pytest.mark.services
def test_postgresql_uses_the_trigram_indexes(cast, account_manager):
    require_service(uses_postgresql(), "trigram indexes need PostgreSQL (set DATABASE_URL)")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE indexname LIKE %s ORDER BY indexname",
            ["%_trgm"],
        )
        names = {row[0] for row in cursor.fetchall()}
        assert "employers_contactperson_name_trgm" in names
        assert "employers_employer_name_trgm" in names
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM employers_contactperson WHERE wsp_search_fold(name) LIKE %s",
            ["%femke%"],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")
    assert "employers_contactperson_name_trgm" in plan


def test_staff_without_a_regional_role_hold_no_employers_link(cast, wsp_admin):
    hits = {group.kind: group.hits for group in search(wsp_admin, "ada").groups}
    admin_hit = next(hit for hit in hits["staff"] if hit.pk == wsp_admin.pk)
    assert admin_hit.url == ""
    assert User.objects.get(pk=wsp_admin.pk).role == User.Role.WSP_ADMIN


def test_the_empty_search_page_lists_what_the_user_opened_last(
    cast, account_manager, outsider, client_for
):
    client = client_for(account_manager)
    client.get(cast["korenbloem"].get_absolute_url())
    client.get(reverse("candidates:detail", args=[cast["mine"].pk]))
    page = client.get(reverse("search:results"))
    html = page.content.decode()
    assert [e.pk for e in page.context["recent_employers"]] == [cast["korenbloem"].pk]
    assert [c.pk for c in page.context["recent_candidates"]] == [cast["mine"].pk]
    assert "Yusuf Ünal" in html
    # Showing the name is a look at the candidate: the list is logged too.
    looks = CandidateAccessLog.objects.filter(user=account_manager, candidate=cast["mine"])
    assert looks.filter(route__startswith="search:results").count() == 1
    # Somebody else's list is their own.
    other = client_for(outsider).get(reverse("search:results"))
    assert other.context["recent_employers"] == [] and other.context["recent_candidates"] == []
