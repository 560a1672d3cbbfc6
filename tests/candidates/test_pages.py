"""The candidate pages: list, candidate page, forms, workflow actions, the proposal pipeline,
staffing requests and the employer-page panels.

Access matrix for every page and action, workflows changing rows through the services, errors
keeping the input, and the number of queries not growing with the number of rows.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from candidates import services
from candidates.models import (
    Candidate,
    CandidateAccessLog,
    Proposal,
    SharingConsent,
    StaffingRequest,
)
from candidates.panels import employer_panels
from placements.services import placement_start
from tests.candidates.conftest import PROFILE, make_candidate
from tests.factories import AccountAssignmentFactory, EmployerFactory, LocationFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def second_employer(region):
    employer = EmployerFactory(region=region, name="Zorggroep De Linde")
    LocationFactory(employer=employer, city="Zeist")
    return employer


@pytest.fixture
def world(candidate, employer, second_employer, staffing_request, proposal, consent, holder):
    return SimpleNamespace(
        candidate=candidate,
        employer=employer,
        second_employer=second_employer,
        request=staffing_request,
        proposal=proposal,
        consent=consent,
        holder=holder,
    )


def login(client, request, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    return client


def assert_login_redirect(response):
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- Access matrix: pages ---------------------------------------------------------------------

GENERAL_PAGES = {
    "list": lambda w: reverse("candidates:list"),
    "create": lambda w: reverse("candidates:create"),
    "pipeline": lambda w: reverse("candidates:pipeline"),
}

CANDIDATE_PAGES = {
    "detail": lambda w: reverse("candidates:detail", args=[w.candidate.pk]),
    "edit": lambda w: reverse("candidates:edit", args=[w.candidate.pk]),
    "profile": lambda w: reverse("candidates:profile", args=[w.candidate.pk]),
    "consent_record": lambda w: reverse("candidates:consent_record", args=[w.candidate.pk]),
    "propose": lambda w: reverse("candidates:propose", args=[w.candidate.pk]),
    "proposal_status": lambda w: reverse(
        "candidates:proposal_status", args=[w.candidate.pk, w.proposal.pk]
    ),
}

EMPLOYER_PAGES = {
    "request_create": lambda w: reverse("candidates:request_create", args=[w.employer.pk]),
    "request_edit": lambda w: reverse("candidates:request_edit", args=[w.request.pk]),
    "employer_propose": lambda w: reverse("candidates:employer_propose", args=[w.employer.pk]),
}

# Who sees the candidate: the responsible account manager, the account manager holding the
# employer the candidate is proposed to, the region's team lead and WSP admins.
CANDIDATE_ACCESS = {
    "account_manager": 200,
    "holder": 200,
    "colleague": 404,
    "outsider": 404,
    "team_lead": 200,
    "wsp_admin": 200,
    "employer_user": 403,
}
EMPLOYER_ACCESS = {
    "account_manager": 200,
    "colleague": 200,
    "outsider": 404,
    "team_lead": 200,
    "wsp_admin": 200,
    "employer_user": 403,
}
STAFF = ["account_manager", "colleague", "outsider", "team_lead", "wsp_admin"]


@pytest.mark.parametrize("page_name", [*GENERAL_PAGES, *CANDIDATE_PAGES, *EMPLOYER_PAGES])
def test_anonymous_visitors_are_sent_to_the_login_page(client, world, page_name):
    url = {**GENERAL_PAGES, **CANDIDATE_PAGES, **EMPLOYER_PAGES}[page_name](world)
    assert_login_redirect(client.get(url))


@pytest.mark.parametrize("page_name", GENERAL_PAGES)
@pytest.mark.parametrize("who", [*STAFF, "employer_user"])
def test_general_pages_are_for_staff_only(client, request, world, page_name, who):
    response = login(client, request, who).get(GENERAL_PAGES[page_name](world))
    assert response.status_code == (403 if who == "employer_user" else 200)


@pytest.mark.parametrize("page_name", CANDIDATE_PAGES)
@pytest.mark.parametrize("who", CANDIDATE_ACCESS)
def test_candidate_pages_follow_the_candidate_scoping_rule(client, request, world, page_name, who):
    response = login(client, request, who).get(CANDIDATE_PAGES[page_name](world))
    assert response.status_code == CANDIDATE_ACCESS[who]
    if response.status_code == 200:
        assert world.candidate.full_name in response.text


@pytest.mark.parametrize("page_name", EMPLOYER_PAGES)
@pytest.mark.parametrize("who", EMPLOYER_ACCESS)
def test_employer_side_pages_follow_the_employer_scoping_rule(
    client, request, world, page_name, who
):
    response = login(client, request, who).get(EMPLOYER_PAGES[page_name](world))
    assert response.status_code == EMPLOYER_ACCESS[who]


@pytest.mark.parametrize(
    "who, expected",
    [
        ("account_manager", 403),
        ("holder", 403),
        ("outsider", 403),
        ("team_lead", 200),
        ("wsp_admin", 200),
        ("employer_user", 403),
    ],
)
def test_only_team_leads_and_wsp_admins_reach_the_anonymise_page(
    client, request, world, who, expected
):
    url = reverse("candidates:anonymise", args=[world.candidate.pk])
    response = login(client, request, who).get(url)
    assert response.status_code == expected


def test_a_team_lead_of_another_region_gets_404_for_anonymise(client, world, other_region):
    from tests.conftest import make_user

    lead = make_user("lead-rijnmond@wsp.test", "team_lead", other_region)
    client.force_login(lead)
    url = reverse("candidates:anonymise", args=[world.candidate.pk])
    assert client.get(url).status_code == 404


def test_an_unknown_or_huge_candidate_number_is_a_404(client, account_manager, world):
    client.force_login(account_manager)
    assert client.get("/candidates/999999/").status_code == 404
    assert client.get("/candidates/99999999999999999999999/").status_code == 404
    assert client.get("/candidates/abc/").status_code == 404


# --- Access matrix: actions (POST) --------------------------------------------------------------


def _candidate_fields(candidate, **changes):
    data = {
        "first_name": candidate.first_name,
        "last_name": candidate.last_name,
        "email": candidate.email,
        "phone": candidate.phone,
        "municipality": candidate.municipality,
        "responsible": candidate.responsible_id,
        "target_groups": candidate.target_groups,
    }
    data.update(changes)
    return data


ACTIONS = {
    "edit": (
        lambda w: reverse("candidates:edit", args=[w.candidate.pk]),
        lambda w: _candidate_fields(w.candidate, municipality="Nieuwegein"),
        lambda w: Candidate.objects.get(pk=w.candidate.pk).municipality == "Nieuwegein",
    ),
    "profile": (
        lambda w: reverse("candidates:profile", args=[w.candidate.pk]),
        lambda w: {**PROFILE, "strengths": "Rustig en precies."},
        lambda w: (
            Candidate.objects.get(pk=w.candidate.pk).profile.strengths == "Rustig en precies."
        ),
    ),
    "consent_record": (
        lambda w: reverse("candidates:consent_record", args=[w.candidate.pk]),
        lambda w: {
            "employer": w.second_employer.pk,
            "scope": "profile",
            "given_on": TODAY().isoformat(),
        },
        lambda w: (
            SharingConsent.objects.current()
            .filter(candidate=w.candidate, employer=w.second_employer)
            .exists()
        ),
    ),
    "consent_withdraw": (
        lambda w: reverse("candidates:consent_withdraw", args=[w.candidate.pk, w.consent.pk]),
        lambda w: {},
        lambda w: SharingConsent.objects.get(pk=w.consent.pk).withdrawn_on is not None,
    ),
    "propose": (
        lambda w: reverse("candidates:propose", args=[w.candidate.pk]),
        lambda w: {"employer": w.second_employer.pk, "proposed_on": TODAY().isoformat()},
        lambda w: Proposal.objects.filter(
            candidate=w.candidate, employer=w.second_employer, request=None
        ).exists(),
    ),
    "proposal_status": (
        lambda w: reverse("candidates:proposal_status", args=[w.candidate.pk, w.proposal.pk]),
        lambda w: {"status": "introduction"},
        lambda w: Proposal.objects.get(pk=w.proposal.pk).status == "introduction",
    ),
}

EMPLOYER_ACTIONS = {
    "request_create": (
        lambda w: reverse("candidates:request_create", args=[w.employer.pk]),
        lambda w: {
            "request-title": "Medewerker groenonderhoud",
            "request-kind": "carved",
            "request-tasks": "Snoeien, vegen, afval prikken.",
            "request-hours_per_week": "20",
            "request-status": "open",
            "request-opened_on": TODAY().isoformat(),
        },
        lambda w: StaffingRequest.objects.filter(
            employer=w.employer, title="Medewerker groenonderhoud", kind="carved"
        ).exists(),
    ),
    "request_edit": (
        lambda w: reverse("candidates:request_edit", args=[w.request.pk]),
        lambda w: {
            "request-title": "Orderpicker (nachtdienst)",
            "request-kind": "vacancy",
            "request-status": "on_hold",
            "request-opened_on": w.request.opened_on.isoformat(),
        },
        lambda w: StaffingRequest.objects.get(pk=w.request.pk).status == "on_hold",
    ),
    "employer_propose": (
        lambda w: reverse("candidates:employer_propose", args=[w.second_employer.pk]),
        lambda w: {"propose-candidate": w.candidate.pk, "propose-proposed_on": TODAY().isoformat()},
        lambda w: Proposal.objects.filter(
            candidate=w.candidate, employer=w.second_employer
        ).exists(),
    ),
}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("who", ["account_manager", "holder", "team_lead", "wsp_admin"])
def test_allowed_staff_can_run_each_candidate_action(client, request, world, action, who):
    url, data, changed = ACTIONS[action]
    response = login(client, request, who).post(url(world), data(world))
    assert response.status_code == 302, (
        getattr(response, "context", None) and response.context["form"].errors
    )
    assert changed(world)


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize(
    "who, expected", [("colleague", 404), ("outsider", 404), ("employer_user", 403)]
)
def test_candidate_actions_are_refused_without_changing_anything(
    client, request, world, action, who, expected
):
    url, data, changed = ACTIONS[action]
    response = login(client, request, who).post(url(world), data(world))
    assert response.status_code == expected
    assert not changed(world)


@pytest.mark.parametrize("action", [*ACTIONS, *EMPLOYER_ACTIONS])
def test_anonymous_posts_change_nothing(client, world, action):
    url, data, changed = {**ACTIONS, **EMPLOYER_ACTIONS}[action]
    assert_login_redirect(client.post(url(world), data(world)))
    assert not changed(world)


@pytest.mark.parametrize("action", EMPLOYER_ACTIONS)
@pytest.mark.parametrize("who", ["account_manager", "team_lead", "wsp_admin"])
def test_allowed_staff_can_run_each_employer_side_action(client, request, world, action, who):
    url, data, changed = EMPLOYER_ACTIONS[action]
    response = login(client, request, who).post(url(world), data(world))
    assert response.status_code == 302
    assert changed(world)


@pytest.mark.parametrize("action", EMPLOYER_ACTIONS)
@pytest.mark.parametrize("who, expected", [("outsider", 404), ("employer_user", 403)])
def test_employer_side_actions_are_refused_without_changing_anything(
    client, request, world, action, who, expected
):
    url, data, changed = EMPLOYER_ACTIONS[action]
    response = login(client, request, who).post(url(world), data(world))
    assert response.status_code == expected
    assert not changed(world)


def test_anonymising_needs_a_team_lead_and_a_ticked_box(client, team_lead, account_manager, world):
    url = reverse("candidates:anonymise", args=[world.candidate.pk])
    client.force_login(account_manager)
    assert client.post(url, {"confirm": "on"}).status_code == 403
    client.force_login(team_lead)
    response = client.post(url, {})
    assert response.status_code == 200
    assert "Vink het vakje aan om te bevestigen." in response.text
    assert Candidate.objects.get(pk=world.candidate.pk).anonymised_at is None
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 302
    assert Candidate.objects.get(pk=world.candidate.pk).anonymised_at is not None


# --- The list ---------------------------------------------------------------------------------


def test_the_list_shows_only_candidates_the_user_may_see(
    client, account_manager, colleague, region, world, other_candidate
):
    hidden = make_candidate(region, colleague, first_name="Sanne", last_name="Bakker")
    client.force_login(account_manager)
    response = client.get(reverse("candidates:list") + "?mine=false")
    names = {c.full_name for c in response.context["candidates"]}
    assert names == {world.candidate.full_name}
    assert hidden.full_name not in response.text
    assert other_candidate.full_name not in response.text


def test_account_managers_land_on_their_own_candidates(client, account_manager, world, holder):
    client.force_login(holder)
    response = client.get(reverse("candidates:list"))
    assert response.context["showing_mine"] is True
    assert list(response.context["candidates"]) == []
    assert "Je bent nog voor geen enkele kandidaat verantwoordelijk." in response.text
    # The candidate proposed to the employer the holder holds, under "all".
    response = client.get(reverse("candidates:list") + "?mine=false")
    assert [c.pk for c in response.context["candidates"]] == [world.candidate.pk]


def test_the_list_searches_by_name_and_filters_by_responsible_and_target_group(
    client, team_lead, colleague, region, world
):
    other = make_candidate(
        region,
        colleague,
        first_name="Mo",
        last_name="El Amrani",
        target_groups=[Candidate.TargetGroup.REFUGEE],
    )
    client.force_login(team_lead)
    url = reverse("candidates:list")

    def names(query):
        return {c.full_name for c in client.get(url + query).context["candidates"]}

    assert names("") == {world.candidate.full_name, other.full_name}
    assert names("?q=joyce+wit") == {world.candidate.full_name}
    assert names("?q=amrani") == {other.full_name}
    assert names("?q=niemand") == set()
    assert names(f"?responsible={colleague.pk}") == {other.full_name}
    assert names("?target_group=refugee") == {other.full_name}
    assert names("?target_group=wajong") == {world.candidate.full_name}
    # A garbage filter value is ignored, not a server error.
    assert names("?target_group=onzin&responsible=abc") == {
        world.candidate.full_name,
        other.full_name,
    }


def test_the_list_hides_anonymised_candidates_unless_asked(client, team_lead, world):
    services.candidate_anonymise(candidate=world.candidate, by=team_lead)
    client.force_login(team_lead)
    assert list(client.get(reverse("candidates:list")).context["candidates"]) == []
    response = client.get(reverse("candidates:list") + "?anonymised=true")
    assert [c.pk for c in response.context["candidates"]] == [world.candidate.pk]


def test_the_list_shows_proposals_placement_and_profile_state(
    client, account_manager, world, placement
):
    client.force_login(account_manager)
    response = client.get(reverse("candidates:list"))
    row = response.context["candidates"][0]
    assert row.open_proposals == 1
    assert row.placed_at == world.employer.name
    assert row.profile_filled is True
    assert "1 kandidaat" in response.text


def _candidate_with_everything(region, responsible, employer, index):
    candidate = make_candidate(
        region,
        responsible,
        first_name=f"Kandidaat{index:03d}",
        last_name="Test",
        target_groups=["wajong"],
    )
    services.proposal_create(candidate=candidate, employer=employer, by=responsible)
    return candidate


def test_the_list_uses_the_same_number_of_queries_for_10_and_200_candidates(
    client, team_lead, account_manager, region, employer, django_assert_num_queries
):
    for index in range(10):
        _candidate_with_everything(region, account_manager, employer, index)
    client.force_login(team_lead)
    url = reverse("candidates:list") + "?target_group=wajong"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert len(response.context["candidates"]) == 10
    for index in range(10, 200):
        _candidate_with_everything(region, account_manager, employer, index)
    with django_assert_num_queries(len(few)):
        response = client.get(url)
    assert len(response.context["candidates"]) == 50
    assert response.context["page"].paginator.count == 200


# --- The candidate page -------------------------------------------------------------------------


def test_the_candidate_page_marks_target_groups_as_confidential(client, account_manager, world):
    client.force_login(account_manager)
    text = client.get(world.candidate.get_absolute_url()).text
    assert "Doelgroepen – vertrouwelijk" in text
    assert "Alleen voor medewerkers van het WSP." in text
    assert "Doelgroepregister banenafspraak" in text
    assert "Wajong" in text
    assert "joyce.dewit@example.test" in text
    assert "Een rustige, prikkelarme werkplek." in text  # work profile
    assert "Alleen tijdens schooltijden" in text


def test_the_candidate_page_shows_consents_proposals_and_placements(
    client, account_manager, world, placement
):
    client.force_login(account_manager)
    response = client.get(world.candidate.get_absolute_url())
    text = response.text
    assert world.employer.name in text
    assert "profiel met naam gedeeld" in text  # the proposal's employer has a consent
    assert "Intrekken" in text  # withdraw button of the consent
    assert "Kennismaking vastleggen" in text  # next status of the open proposal
    assert f"/placements/{placement.pk}/" in text
    assert "Medewerker inpak" in text
    assert [p.pk for p in response.context["open_proposals"]] == [world.proposal.pk]


def test_the_candidate_page_offers_anonymise_to_team_leads_only(
    client, account_manager, team_lead, world
):
    url = world.candidate.get_absolute_url()
    client.force_login(account_manager)
    assert "Deze kandidaat anonimiseren" not in client.get(url).text
    client.force_login(team_lead)
    assert "Deze kandidaat anonimiseren" in client.get(url).text


def test_the_candidate_page_uses_the_same_number_of_queries_for_10_and_200_proposals(
    client, account_manager, region, candidate, django_assert_num_queries
):
    def add(count):
        for _ in range(count):
            employer = EmployerFactory(region=region)
            services.proposal_create(candidate=candidate, employer=employer, by=account_manager)
            services.consent_record(candidate=candidate, employer=employer, by=account_manager)

    add(10)
    client.force_login(account_manager)
    url = candidate.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(190)
    with django_assert_num_queries(len(few)):
        response = client.get(url)
    assert len(response.context["open_proposals"]) == 200
    assert len(response.context["current_consents"]) == 200


# --- Workflows ----------------------------------------------------------------------------------


def test_creating_a_candidate_with_profile(client, account_manager):
    client.force_login(account_manager)
    data = {
        "first_name": "Daan",
        "last_name": "Visser",
        "email": "daan@example.test",
        "municipality": "Houten",
        "responsible": account_manager.pk,
        "target_groups": ["participation_act"],
        "profile-strengths": "Handig met gereedschap.",
        "profile-hours_per_week": "32",
    }
    response = client.post(reverse("candidates:create"), data)
    candidate = Candidate.objects.get(last_name="Visser")
    assert response["Location"] == candidate.get_absolute_url()
    assert candidate.region == account_manager.region
    assert candidate.created_by == account_manager
    assert candidate.target_groups == ["participation_act"]
    assert candidate.profile.strengths == "Handig met gereedschap."
    assert candidate.profile.hours_per_week == 32


def test_creating_a_candidate_with_errors_keeps_the_input(client, account_manager, outsider):
    client.force_login(account_manager)
    data = {
        "first_name": "Daan",
        "last_name": "",
        "email": "geen-adres",
        "responsible": outsider.pk,  # another region: not offered
        "profile-strengths": "Handig met gereedschap.",
        "profile-hours_per_week": "80",
    }
    response = client.post(reverse("candidates:create"), data)
    assert response.status_code == 200
    form, profile_form = response.context["form"], response.context["profile_form"]
    assert set(form.errors) == {"last_name", "email", "responsible"}
    assert "Hoogstens 60 uur per week." in response.text
    assert 'value="Daan"' in response.text
    assert "Handig met gereedschap." in response.text
    assert set(profile_form.errors) == {"hours_per_week"}
    assert not Candidate.objects.filter(first_name="Daan").exists()


def test_a_wsp_admin_chooses_the_region_and_a_responsible_of_that_region(
    client, wsp_admin, region, other_region, account_manager
):
    client.force_login(wsp_admin)
    data = {
        "region": other_region.pk,
        "first_name": "Eva",
        "last_name": "Smit",
        "responsible": account_manager.pk,  # of the cast's region, not of Rijnmond
    }
    response = client.post(reverse("candidates:create"), data)
    assert response.status_code == 200
    assert "Kies een actieve medewerker uit de regio van de kandidaat." in response.text
    data["region"] = region.pk
    response = client.post(reverse("candidates:create"), data)
    assert response.status_code == 302
    assert Candidate.objects.get(last_name="Smit").region == region


def test_handing_a_candidate_to_a_colleague_leads_back_to_the_list(
    client, account_manager, colleague, candidate
):
    client.force_login(account_manager)
    url = reverse("candidates:edit", args=[candidate.pk])
    response = client.post(url, _candidate_fields(candidate, responsible=colleague.pk))
    assert response.status_code == 302
    assert response["Location"] == reverse("candidates:list")
    assert Candidate.objects.get(pk=candidate.pk).responsible == colleague
    assert client.get(candidate.get_absolute_url()).status_code == 404


def test_an_anonymised_candidate_cannot_be_edited(client, team_lead, world):
    services.candidate_anonymise(candidate=world.candidate, by=team_lead)
    client.force_login(team_lead)
    url = reverse("candidates:edit", args=[world.candidate.pk])
    response = client.post(url, _candidate_fields(world.candidate, first_name="Terug"), follow=True)
    assert "Deze kandidaat is geanonimiseerd." in response.text
    assert Candidate.objects.get(pk=world.candidate.pk).first_name != "Terug"


def test_recording_a_consent_twice_for_one_employer_is_refused(client, account_manager, world):
    client.force_login(account_manager)
    url = reverse("candidates:consent_record", args=[world.candidate.pk])
    response = client.post(url, {"employer": world.employer.pk, "scope": "profile"})
    assert response.status_code == 200
    assert f"Er is al een geldige toestemming voor {world.employer.name}." in response.text
    assert SharingConsent.objects.filter(candidate=world.candidate).count() == 1


def test_a_consent_cannot_be_dated_in_the_future(client, account_manager, world):
    client.force_login(account_manager)
    url = reverse("candidates:consent_record", args=[world.candidate.pk])
    tomorrow = (TODAY() + datetime.timedelta(days=1)).isoformat()
    response = client.post(
        url, {"employer": world.second_employer.pk, "scope": "profile", "given_on": tomorrow}
    )
    assert "Deze datum ligt in de toekomst." in response.text
    assert not SharingConsent.objects.filter(employer=world.second_employer).exists()


def test_withdrawing_a_consent_tells_what_it_means(client, account_manager, world):
    client.force_login(account_manager)
    url = reverse("candidates:consent_withdraw", args=[world.candidate.pk, world.consent.pk])
    response = client.post(url, follow=True)
    assert (
        f"Toestemming ingetrokken: {world.employer.name} ziet het profiel met naam niet meer."
        in response.text
    )
    withdrawn = SharingConsent.objects.get(pk=world.consent.pk)
    assert withdrawn.withdrawn_on == TODAY()
    assert withdrawn.withdrawn_by == account_manager


def test_proposing_to_a_staffing_request_takes_its_employer(client, account_manager, world):
    vacancy = services.staffing_request_create(
        employer=world.second_employer, by=account_manager, title="Gastheer restaurant"
    )
    client.force_login(account_manager)
    url = reverse("candidates:propose", args=[world.candidate.pk])
    response = client.post(url, {"request": vacancy.pk, "note": "Houdt van mensen."})
    assert response.status_code == 302
    proposal = Proposal.objects.get(request=vacancy)
    assert proposal.employer == world.second_employer
    assert proposal.proposed_by == account_manager
    assert proposal.note == "Houdt van mensen."


def test_proposing_needs_an_employer_and_a_matching_request(client, account_manager, world):
    client.force_login(account_manager)
    url = reverse("candidates:propose", args=[world.candidate.pk])
    response = client.post(url, {"note": "x"})
    assert "Kies een werkgever of een van zijn personeelsvragen." in response.text
    response = client.post(url, {"employer": world.second_employer.pk, "request": world.request.pk})
    assert "Deze personeelsvraag is van" in response.text
    assert not Proposal.objects.filter(employer=world.second_employer).exists()


def test_a_second_open_proposal_at_the_same_employer_is_refused(client, account_manager, world):
    client.force_login(account_manager)
    url = reverse("candidates:propose", args=[world.candidate.pk])
    response = client.post(url, {"employer": world.employer.pk})
    assert response.status_code == 200
    assert "Deze kandidaat heeft al een lopende voordracht bij deze werkgever." in response.text
    assert Proposal.objects.filter(candidate=world.candidate).count() == 1


def test_an_employer_of_another_region_cannot_be_chosen(
    client, account_manager, world, other_employer
):
    client.force_login(account_manager)
    url = reverse("candidates:propose", args=[world.candidate.pk])
    response = client.post(url, {"employer": other_employer.pk})
    assert response.status_code == 200
    assert "employer" in response.context["form"].errors
    assert not Proposal.objects.filter(employer=other_employer).exists()


def test_declining_needs_a_reason(client, account_manager, world):
    client.force_login(account_manager)
    url = reverse("candidates:proposal_status", args=[world.candidate.pk, world.proposal.pk])
    response = client.post(url, {"status": "declined", "reason": "  "})
    assert response.status_code == 200
    assert "Geef de reden." in response.text
    assert Proposal.objects.get(pk=world.proposal.pk).status == "proposed"
    response = client.post(
        url, {"status": "declined", "reason": "Werkgever koos een interne kandidaat."}
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get(pk=world.proposal.pk)
    assert proposal.status == "declined"
    assert proposal.decline_reason == "Werkgever koos een interne kandidaat."


def test_the_status_form_offers_only_the_next_statuses_and_never_placed(
    client, account_manager, world
):
    services.proposal_set_status(proposal=world.proposal, status="trial", by=account_manager)
    client.force_login(account_manager)
    url = reverse("candidates:proposal_status", args=[world.candidate.pk, world.proposal.pk])
    form = client.get(url).context["form"]
    assert [value for value, _ in form.fields["status"].choices] == ["declined", "withdrawn"]
    response = client.post(url, {"status": "introduction"})
    assert response.status_code == 200
    assert Proposal.objects.get(pk=world.proposal.pk).status == "trial"
    response = client.post(url, {"status": "placed"})
    assert Proposal.objects.get(pk=world.proposal.pk).status == "trial"


def test_a_closed_proposal_offers_no_status_change(client, account_manager, world):
    services.proposal_set_status(
        proposal=world.proposal, status="withdrawn", reason="Verhuisd.", by=account_manager
    )
    client.force_login(account_manager)
    url = reverse("candidates:proposal_status", args=[world.candidate.pk, world.proposal.pk])
    response = client.post(url, {"status": "introduction"}, follow=True)
    assert "Deze voordracht is afgesloten (ingetrokken)." in response.text
    assert Proposal.objects.get(pk=world.proposal.pk).status == "withdrawn"


def test_a_status_change_returns_to_the_page_it_came_from(client, account_manager, world):
    client.force_login(account_manager)
    url = reverse("candidates:proposal_status", args=[world.candidate.pk, world.proposal.pk])
    back = reverse("candidates:pipeline") + "?employer=" + str(world.employer.pk)
    response = client.post(url, {"status": "introduction", "next": back})
    assert response["Location"] == back
    response = client.post(url, {"status": "trial", "next": "https://evil.example/"})
    assert response["Location"].startswith(world.candidate.get_absolute_url())


def test_the_placement_keeps_the_candidate_page_link_to_the_placement(
    client, account_manager, world
):
    placement = placement_start(
        candidate=world.candidate,
        employer=world.employer,
        by=account_manager,
        proposal=world.proposal,
        job_title="Orderpicker",
        start_date=TODAY(),
        contract_type="trial",
        hours_per_week=24,
    )
    client.force_login(account_manager)
    response = client.get(world.candidate.get_absolute_url())
    assert f'href="/placements/{placement.pk}/"' in response.text
    assert [p.pk for p in response.context["closed_proposals"]] == [world.proposal.pk]


def test_a_staffing_request_with_errors_keeps_the_input(client, account_manager, world):
    client.force_login(account_manager)
    url = reverse("candidates:request_create", args=[world.employer.pk])
    data = {
        "request-title": "",
        "request-kind": "carved",
        "request-tasks": "Koffie rondbrengen en post sorteren.",
        "request-hours_per_week": "0",
        "request-status": "open",
        "request-opened_on": TODAY().isoformat(),
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"title", "hours_per_week"}
    assert "Koffie rondbrengen en post sorteren." in response.text
    assert "Tussen 1 en 60 uur per week." in response.text


def test_a_staffing_request_only_takes_a_location_of_its_employer(
    client, account_manager, world, other_employer
):
    foreign = other_employer.locations.first()
    client.force_login(account_manager)
    url = reverse("candidates:request_create", args=[world.employer.pk])
    data = {
        "request-title": "Schoonmaker",
        "request-kind": "vacancy",
        "request-status": "open",
        "request-opened_on": TODAY().isoformat(),
        "request-location": foreign.pk,
    }
    response = client.post(url, data)
    assert "location" in response.context["form"].errors
    assert not StaffingRequest.objects.filter(title="Schoonmaker").exists()


def test_proposing_from_the_employer_side_offers_only_visible_candidates(
    client, colleague, region, world, account_manager
):
    own = make_candidate(region, colleague, first_name="Bram", last_name="Kok")
    client.force_login(colleague)
    url = reverse("candidates:employer_propose", args=[world.second_employer.pk])
    choices = client.get(url).context["form"].fields["candidate"].queryset
    assert list(choices) == [own]
    response = client.post(url, {"propose-candidate": world.candidate.pk})
    assert response.status_code == 200
    assert "candidate" in response.context["form"].errors
    response = client.post(
        url,
        {
            "propose-candidate": own.pk,
            "propose-request": "",
            "next": world.second_employer.get_absolute_url() + "#proposals",
        },
    )
    assert response["Location"] == world.second_employer.get_absolute_url() + "#proposals"
    assert Proposal.objects.filter(candidate=own, employer=world.second_employer).exists()


# --- The pipeline -------------------------------------------------------------------------------


def test_the_pipeline_groups_proposals_per_status_with_counts(client, account_manager, world):
    second = services.proposal_create(
        candidate=world.candidate, employer=world.second_employer, by=account_manager
    )
    services.proposal_set_status(proposal=second, status="introduction", by=account_manager)
    client.force_login(account_manager)
    response = client.get(reverse("candidates:pipeline"))
    columns = {c["status"]: c["proposals"] for c in response.context["open_columns"]}
    assert [p.pk for p in columns["proposed"]] == [world.proposal.pk]
    assert [p.pk for p in columns["introduction"]] == [second.pk]
    assert columns["trial"] == []
    assert response.context["open_total"] == 2
    assert "Kennismaking" in response.text
    assert "2 open" in response.text


def test_the_pipeline_shows_recently_closed_proposals(client, account_manager, world):
    services.proposal_set_status(
        proposal=world.proposal, status="declined", reason="Te weinig uren.", by=account_manager
    )
    client.force_login(account_manager)
    response = client.get(reverse("candidates:pipeline"))
    closed = {c["status"]: c["proposals"] for c in response.context["closed_columns"]}
    assert [p.pk for p in closed["declined"]] == [world.proposal.pk]
    assert "Reden: Te weinig uren." in response.text


def test_the_pipeline_never_names_a_candidate_the_user_may_not_see(
    client, colleague, region, world, account_manager, outsider, other_employer, other_candidate
):
    services.proposal_create(candidate=other_candidate, employer=other_employer, by=outsider)
    client.force_login(colleague)
    response = client.get(reverse("candidates:pipeline"))
    assert response.context["open_total"] == 0
    assert world.candidate.full_name not in response.text
    assert other_candidate.full_name not in response.text


def test_the_pipeline_filters_by_employer_and_account_manager(
    client, team_lead, account_manager, holder, world
):
    other = services.proposal_create(
        candidate=world.candidate, employer=world.second_employer, by=account_manager
    )
    AccountAssignmentFactory(employer=world.second_employer, manager=account_manager)
    client.force_login(team_lead)
    url = reverse("candidates:pipeline")

    def shown(query):
        response = client.get(url + query)
        return {p.pk for c in response.context["open_columns"] for p in c["proposals"]}

    assert shown("") == {world.proposal.pk, other.pk}
    assert shown(f"?employer={world.second_employer.pk}") == {other.pk}
    assert shown(f"?manager={holder.pk}") == {world.proposal.pk}
    assert shown(f"?manager={account_manager.pk}") == {other.pk}
    assert shown("?employer=abc") == {world.proposal.pk, other.pk}


def test_the_pipeline_uses_the_same_number_of_queries_for_10_and_200_proposals(
    client, team_lead, account_manager, region, django_assert_num_queries
):
    employers = [EmployerFactory(region=region) for _ in range(3)]
    for employer in employers:
        AccountAssignmentFactory(employer=employer)

    def add(start, stop):
        for index in range(start, stop):
            candidate = make_candidate(
                region, account_manager, first_name=f"K{index}", last_name="Test", profile={}
            )
            proposal = services.proposal_create(
                candidate=candidate, employer=employers[index % 3], by=account_manager
            )
            if index % 4 == 1:
                services.proposal_set_status(
                    proposal=proposal, status="introduction", by=account_manager
                )
            elif index % 4 == 2:
                services.proposal_set_status(
                    proposal=proposal, status="declined", reason="Nee.", by=account_manager
                )

    add(0, 10)
    client.force_login(team_lead)
    url = reverse("candidates:pipeline")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(10, 200)
    with django_assert_num_queries(len(few)):
        response = client.get(url)
    total = sum(len(c["proposals"]) for c in response.context["open_columns"])
    total += sum(len(c["proposals"]) for c in response.context["closed_columns"])
    assert total == 200


# --- The employer-page panels -------------------------------------------------------------------


def _render_panels(user, employer):
    request = RequestFactory().get(employer.get_absolute_url())
    request.user = user
    context = employer_panels(request, employer)
    return context, render_to_string(
        "candidates/includes/employer_requests.html", context, request=request
    ) + render_to_string("candidates/includes/employer_proposals.html", context, request=request)


def test_the_employer_panels_show_requests_and_proposals(account_manager, world):
    context, html = _render_panels(account_manager, world.employer)
    assert [r.pk for r in context["staffing_panel"]["requests"]] == [world.request.pk]
    assert "Orderpicker" in html
    assert "1 lopende voordracht" in html
    assert world.candidate.full_name in html
    assert "profiel met naam gedeeld" in html
    assert reverse("candidates:request_create", args=[world.employer.pk]) in html
    assert reverse("candidates:employer_propose", args=[world.employer.pk]) in html
    assert "Kennismaking vastleggen" in html
    assert "Wajong" not in html  # target groups never leave the candidate page


def test_the_employer_panels_hide_candidates_of_colleagues(colleague, world):
    context, html = _render_panels(colleague, world.employer)
    assert world.candidate.full_name not in html
    assert "Kandidaat van een collega" in html
    assert "Kennismaking vastleggen" not in html
    proposal = context["proposal_panel"]["open_proposals"][0]
    assert proposal.candidate_visible is False and proposal.can_act is False


def test_the_employer_panels_use_a_fixed_number_of_queries(
    account_manager, region, employer, django_assert_num_queries
):
    def add(start, stop):
        for index in range(start, stop):
            candidate = make_candidate(
                region, account_manager, first_name=f"P{index}", last_name="Test", profile={}
            )
            request = services.staffing_request_create(
                employer=employer, by=account_manager, title=f"Functie {index}"
            )
            services.proposal_create(
                candidate=candidate, employer=employer, request=request, by=account_manager
            )

    add(0, 10)
    with CaptureQueriesContext(connection) as few:
        _render_panels(account_manager, employer)
    add(10, 200)
    with django_assert_num_queries(len(few)):
        context, _html = _render_panels(account_manager, employer)
    assert len(context["proposal_panel"]["open_proposals"]) == 200
    assert len(context["staffing_panel"]["requests"]) == 200


# --- The access log from the pages --------------------------------------------------------------


def test_every_candidate_page_view_is_logged_allowed_or_denied(
    client, account_manager, outsider, employer_user, world
):
    url = world.candidate.get_absolute_url()
    for user in (account_manager, outsider, employer_user):
        client.force_login(user)
        client.get(url)
    rows = {
        (row.user, row.allowed)
        for row in CandidateAccessLog.objects.filter(candidate_ref=world.candidate.pk)
    }
    assert rows == {(account_manager, True), (outsider, False), (employer_user, False)}
