"""The placement pages: list, start, placement page with its follow-up plan and instrument
periods, edit, end, and the instrument catalogue; plus the employer-page panel.

Access matrix for every page and POST, the workflows changing rows through the services, errors
keeping the user's input in Dutch, the candidate's name read through the access log, and the
number of queries not growing with the number of rows.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from candidates import services as candidate_services
from candidates.models import CandidateAccessLog, Proposal
from employers import services as employer_services
from placements import services
from placements.models import (
    FollowUp,
    FollowUpStep,
    Instrument,
    InstrumentPeriod,
    Placement,
    TeamMember,
)
from placements.panels import employer_placements_panel
from tests.conftest import make_user
from tests.factories import (
    AccountAssignmentFactory,
    ContactPersonFactory,
    EmployerFactory,
    LocationFactory,
)
from tests.placements.conftest import days_ago, make_candidate, start_placement

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def iso(date):
    return date.isoformat()


@pytest.fixture
def world(placement, region, account_manager, instrument, employer, location, supervisor):
    second = make_candidate(region, account_manager, first_name="Piet", last_name="Smit")
    proposal = candidate_services.proposal_create(
        candidate=second, employer=employer, by=account_manager
    )
    period = services.instrument_period_add(
        placement=placement,
        by=account_manager,
        instrument=instrument,
        start=placement.start_date,
        end=placement.start_date + datetime.timedelta(days=180),
        status="granted",
    )
    return SimpleNamespace(
        placement=placement,
        employer=employer,
        candidate=placement.candidate,
        second=second,
        proposal=proposal,
        location=location,
        supervisor=supervisor,
        period=period,
        instrument=instrument,
        first=placement.follow_ups.order_by("due_on").first(),
        last=placement.follow_ups.order_by("due_on").last(),
        account_manager=account_manager,
    )


PAGES = {
    "list": lambda w: reverse("placements:list"),
    "instruments": lambda w: reverse("placements:instruments"),
    "start_for_employer": lambda w: f"{reverse('placements:start')}?employer={w.employer.pk}",
    "start_from_proposal": lambda w: f"{reverse('placements:start')}?proposal={w.proposal.pk}",
    "start_direct": lambda w: (
        f"{reverse('placements:start')}?candidate={w.second.pk}&employer={w.employer.pk}"
    ),
    "detail": lambda w: reverse("placements:detail", args=[w.placement.pk]),
    "edit": lambda w: reverse("placements:edit", args=[w.placement.pk]),
    "end": lambda w: reverse("placements:end", args=[w.placement.pk]),
    "period_edit": lambda w: reverse("placements:period_edit", args=[w.placement.pk, w.period.pk]),
}
REGION_PAGES = [name for name in PAGES if name not in ("list", "instruments")]


def _placement_fields(w, **changes):
    data = {
        "job_title": "Magazijnmedewerker",
        "location": w.location.pk,
        "supervisor": w.supervisor.pk,
        "contract_type": "temporary",
        "start_date": iso(TODAY()),
        "contract_end": iso(TODAY() + datetime.timedelta(days=180)),
        "hours_per_week": "20",
        "responsible": w.account_manager.pk,
    }
    data.update(changes)
    return data


ACTIONS = {
    "start": (
        lambda w: f"{reverse('placements:start')}?proposal={w.proposal.pk}",
        lambda w: _placement_fields(w),
        lambda w: (
            Placement.objects.filter(candidate=w.second, proposal=w.proposal).exists()
            and Proposal.objects.get(pk=w.proposal.pk).status == "placed"
        ),
    ),
    "edit": (
        lambda w: reverse("placements:edit", args=[w.placement.pk]),
        lambda w: _placement_fields(
            w, job_title="Medewerker inpak en expeditie", hours_per_week="28"
        ),
        lambda w: Placement.objects.get(pk=w.placement.pk).hours_per_week == Decimal("28"),
    ),
    "end": (
        lambda w: reverse("placements:end", args=[w.placement.pk]),
        lambda w: {"ended_on": iso(TODAY()), "reason": "tasks_gone", "note": "Afdeling dicht"},
        lambda w: Placement.objects.get(pk=w.placement.pk).status == "ended",
    ),
    "follow_up_record": (
        lambda w: reverse("placements:follow_up_record", args=[w.placement.pk]),
        lambda w: {
            "record-follow_up": w.first.pk,
            "record-outcome": "going_well",
            "record-note": "Gaat goed, Kees is tevreden.",
            "record-done_on": iso(TODAY()),
        },
        lambda w: FollowUp.objects.get(pk=w.first.pk).outcome == "going_well",
    ),
    "follow_up_add": (
        lambda w: reverse("placements:follow_up_add", args=[w.placement.pk]),
        lambda w: {"add-kind": "Evaluatie contractverlenging", "add-due_on": iso(TODAY())},
        lambda w: w.placement.follow_ups.filter(kind="Evaluatie contractverlenging").exists(),
    ),
    "follow_up_move": (
        lambda w: reverse("placements:follow_up_move", args=[w.placement.pk, w.last.pk]),
        lambda w: {f"move-{w.last.pk}-due_on": iso(w.last.due_on + datetime.timedelta(days=7))},
        lambda w: (
            FollowUp.objects.get(pk=w.last.pk).due_on == w.last.due_on + datetime.timedelta(days=7)
        ),
    ),
    "period_add": (
        lambda w: reverse("placements:period_add", args=[w.placement.pk]),
        lambda w: {
            "period-instrument": Instrument.objects.get(
                region=w.employer.region, name="No-riskpolis"
            ).pk,
            "period-status": "applied",
            "period-start": iso(TODAY()),
            "period-end": iso(TODAY() + datetime.timedelta(days=90)),
        },
        lambda w: w.placement.instrument_periods.filter(instrument__name="No-riskpolis").exists(),
    ),
    "period_edit": (
        lambda w: reverse("placements:period_edit", args=[w.placement.pk, w.period.pk]),
        lambda w: {
            "instrument": w.instrument.pk,
            "status": "ended",
            "start": iso(w.period.start),
            "end": iso(w.period.end),
            "decision_reference": "JC-118",
        },
        lambda w: InstrumentPeriod.objects.get(pk=w.period.pk).decision_reference == "JC-118",
    ),
}


# Access matrix: pages -------------------------------------------------------------------------


@pytest.mark.parametrize("page_name", PAGES)
def test_anonymous_users_are_sent_to_login_from_every_page(client, world, page_name):
    response = client.get(PAGES[page_name](world))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login") + "?next=")


@pytest.mark.parametrize("page_name", PAGES)
@pytest.mark.parametrize("who", ["account_manager", "team_lead", "wsp_admin"])
def test_staff_of_the_region_and_admins_open_every_page(client_for, world, page_name, who, request):
    response = client_for(request.getfixturevalue(who)).get(PAGES[page_name](world))
    assert response.status_code == 200
    assert '<html lang="nl">' in response.text


@pytest.mark.parametrize("page_name", REGION_PAGES)
def test_another_regions_account_manager_gets_404_on_every_placement_page(
    client_for, world, outsider, page_name
):
    assert client_for(outsider).get(PAGES[page_name](world)).status_code == 404


@pytest.mark.parametrize("page_name", PAGES)
def test_employer_users_are_refused_every_page(client_for, world, employer_user, page_name):
    assert client_for(employer_user).get(PAGES[page_name](world)).status_code == 403


def test_another_regions_list_does_not_show_our_placements(
    client_for, world, outsider, other_placement
):
    response = client_for(outsider).get(reverse("placements:list"))
    assert response.status_code == 200
    assert "Havenmedewerker" in response.text
    assert "Medewerker inpak" not in response.text
    assert "Joyce" not in response.text


def test_garbage_and_huge_ids_answer_404(client_for, world, account_manager):
    client = client_for(account_manager)
    assert client.get("/placements/99999999999999999999999/").status_code == 404
    assert client.get("/placements/0/").status_code == 404
    start = reverse("placements:start")
    for query in ["proposal=abc", "employer=-1", "candidate=99999999999999999999", "employer=0"]:
        assert client.get(f"{start}?{query}").status_code == 404


# Access matrix: actions -----------------------------------------------------------------------


@pytest.mark.parametrize("action", ACTIONS)
def test_anonymous_posts_change_nothing(client, world, action):
    url, payload, changed = ACTIONS[action]
    response = client.post(url(world), payload(world))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not changed(world)


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("who", ["account_manager", "team_lead", "wsp_admin"])
def test_staff_of_the_region_and_admins_can_do_every_action(
    client_for, world, action, who, request
):
    url, payload, changed = ACTIONS[action]
    response = client_for(request.getfixturevalue(who)).post(url(world), payload(world))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert changed(world)


@pytest.mark.parametrize("action", ACTIONS)
def test_another_regions_account_manager_gets_404_and_changes_nothing(
    client_for, world, outsider, action
):
    url, payload, changed = ACTIONS[action]
    assert client_for(outsider).post(url(world), payload(world)).status_code == 404
    assert not changed(world)


@pytest.mark.parametrize("action", ACTIONS)
def test_employer_users_are_refused_every_action(client_for, world, employer_user, action):
    url, payload, changed = ACTIONS[action]
    assert client_for(employer_user).post(url(world), payload(world)).status_code == 403
    assert not changed(world)


# The list -------------------------------------------------------------------------------------


def _titles(response):
    return [p.job_title for p in response.context["placements"]]


def test_the_list_shows_active_placements_by_default_and_ended_ones_on_request(
    client_for, world, account_manager, candidate, employer
):
    ended = start_placement(candidate, employer, account_manager, job_title="Schoonmaker")
    services.placement_end(placement=ended, ended_on=TODAY(), reason="other", by=account_manager)
    client = client_for(account_manager)

    assert _titles(client.get(reverse("placements:list"))) == ["Medewerker inpak"]
    assert _titles(client.get(reverse("placements:list") + "?status=ended")) == ["Schoonmaker"]
    everything = client.get(reverse("placements:list") + "?status=")
    assert sorted(_titles(everything)) == ["Medewerker inpak", "Schoonmaker"]


def test_the_list_filters_on_employer_and_responsible(
    client_for, world, account_manager, colleague, region
):
    other_here = EmployerFactory(region=region, name="Zorggroep Zonnehof")
    second = start_placement(
        world.second, other_here, colleague, job_title="Gastvrouw", responsible=colleague
    )
    client = client_for(account_manager)
    by_employer = client.get(reverse("placements:list") + f"?employer={other_here.pk}")
    assert _titles(by_employer) == ["Gastvrouw"]
    by_person = client.get(reverse("placements:list") + f"?responsible={account_manager.pk}")
    assert _titles(by_person) == ["Medewerker inpak"]
    assert second.responsible == colleague


def test_the_list_filters_on_overdue_follow_up_and_contracts_ending_soon(
    client_for, world, account_manager, region, colleague
):
    employer = EmployerFactory(region=region)
    # Started today: nothing overdue, but the contract ends within six weeks.
    soon = start_placement(
        world.second,
        employer,
        colleague,
        job_title="Kassamedewerker",
        start_date=TODAY(),
        contract_end=TODAY() + datetime.timedelta(days=30),
    )
    client = client_for(account_manager)
    overdue = client.get(reverse("placements:list") + "?follow_up_overdue=true")
    assert _titles(overdue) == ["Medewerker inpak"]
    ending = client.get(reverse("placements:list") + "?contract_ends_soon=true")
    assert _titles(ending) == [soon.job_title]
    assert "binnen 6 weken" in ending.text


def test_the_list_hides_names_of_candidates_the_user_may_not_see(client_for, world, colleague):
    # colleague works in the region but neither holds the employer nor is responsible.
    response = client_for(colleague).get(reverse("placements:list"))
    assert _titles(response) == ["Medewerker inpak"]
    assert "Joyce de Vries" not in response.text
    assert "naam afgeschermd" in response.text


def test_my_placements_tab_shows_the_ones_i_am_responsible_for(
    client_for, world, colleague, region
):
    start_placement(
        world.second,
        EmployerFactory(region=region),
        colleague,
        job_title="Gastvrouw",
        responsible=colleague,
    )
    response = client_for(colleague).get(
        reverse("placements:list") + f"?responsible={colleague.pk}"
    )
    assert _titles(response) == ["Gastvrouw"]
    assert 'aria-current="page">Mijn plaatsingen' in response.text


def test_garbage_filter_values_on_the_list_are_ignored_with_a_note(
    client_for, world, account_manager
):
    query = (
        "?status=nonsense&employer=abc&responsible=99999999999999999999999"
        "&follow_up_overdue=perhaps&sort=zzz&page=abc"
    )
    response = client_for(account_manager).get(reverse("placements:list") + query)
    assert response.status_code == 200
    assert "Sommige filters konden niet worden gebruikt" in response.text
    assert _titles(response) == ["Medewerker inpak"]


def test_the_list_uses_the_same_number_of_queries_for_10_and_200_placements(
    client_for, account_manager, region, employer
):
    def add(count, offset):
        for index in range(count):
            candidate = make_candidate(region, account_manager, first_name=f"K{offset + index}")
            placement = start_placement(
                candidate, employer, account_manager, job_title=f"Functie {offset + index}"
            )
            if index % 3 == 0:
                supervisor = ContactPersonFactory(employer=employer, left_on=days_ago(2))
                TeamMember.objects.create(
                    placement=placement,
                    role="supervisor",
                    contact=supervisor,
                    start=placement.start_date,
                )

    client = client_for(account_manager)
    url = reverse("placements:list") + "?page_size=ignored&sort=next_follow_up"
    add(10, 0)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(190, 10)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 200
    assert len(many) == len(few)


# Starting a placement -------------------------------------------------------------------------


def test_starting_from_a_proposal_prefills_from_its_request_and_marks_it_placed(
    client_for, account_manager, employer, location, supervisor, region
):
    request = candidate_services.staffing_request_create(
        employer=employer,
        by=account_manager,
        title="Medewerker groenonderhoud",
        kind="carved",
        tasks="Bladblazen, prikken, grasmaaien",
        hours_per_week=16,
        location=location,
    )
    candidate = make_candidate(region, account_manager, first_name="Sam")
    proposal = candidate_services.proposal_create(
        candidate=candidate, employer=employer, by=account_manager, request=request
    )
    url = f"{reverse('placements:start')}?proposal={proposal.pk}"
    client = client_for(account_manager)

    form = client.get(url).context["form"]
    assert form.initial["job_title"] == "Medewerker groenonderhoud"
    assert form.initial["is_carved_job"] is True
    assert form.initial["location"] == location.pk
    assert form.initial["hours_per_week"] == 16

    response = client.post(
        url,
        {
            "job_title": "Medewerker groenonderhoud",
            "location": location.pk,
            "is_carved_job": "on",
            "carved_tasks": "Bladblazen, prikken, grasmaaien",
            "contract_type": "trial",
            "start_date": iso(TODAY()),
            "contract_end": iso(TODAY() + datetime.timedelta(days=60)),
            "hours_per_week": "16",
            "supervisor": supervisor.pk,
            "responsible": account_manager.pk,
        },
    )
    placement = Placement.objects.get(proposal=proposal)
    assert response.status_code == 302
    assert response.url == placement.get_absolute_url()
    assert Proposal.objects.get(pk=proposal.pk).status == "placed"
    assert placement.follow_ups.count() == 5
    page = client.get(response.url)
    assert "nazorgplan heeft 5 contactmomenten" in page.text


def test_starting_directly_links_an_open_proposal_of_that_candidate(
    client_for, world, account_manager
):
    url = f"{reverse('placements:start')}?candidate={world.second.pk}&employer={world.employer.pk}"
    response = client_for(account_manager).post(url, _placement_fields(world))
    assert response.status_code == 302
    placement = Placement.objects.get(candidate=world.second)
    assert placement.proposal == world.proposal
    assert Proposal.objects.get(pk=world.proposal.pk).status == "placed"


def test_the_start_page_offers_only_this_employers_locations_and_current_contacts(
    client_for, world, account_manager, other_employer, employer
):
    left = ContactPersonFactory(employer=employer, name="Vertrokken Vera", left_on=days_ago(3))
    LocationFactory(employer=other_employer, street="Waalhaven 3")
    response = client_for(account_manager).get(PAGES["start_direct"](world))
    form = response.context["form"]
    assert [value for value, _label in form.fields["contract_type"].choices] == [
        "trial",
        "temporary",
        "permanent",
        "secondment",
        "learn_work",
    ]
    assert list(form.fields["location"].queryset) == [world.location]
    assert list(form.fields["supervisor"].queryset) == [world.supervisor]
    assert left.name not in response.text
    assert "Waalhaven" not in response.text


def test_a_supervisor_or_location_of_another_employer_is_refused_and_the_input_kept(
    client_for, world, account_manager, other_employer
):
    stranger = ContactPersonFactory(employer=other_employer, name="Karel Visser")
    elsewhere = LocationFactory(employer=other_employer)
    response = client_for(account_manager).post(
        PAGES["start_direct"](world),
        _placement_fields(
            world, supervisor=stranger.pk, location=elsewhere.pk, job_title="Orderpicker"
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "supervisor" in errors and "location" in errors
    assert "Selecteer een geldige keuze" in response.text
    assert 'value="Orderpicker"' in response.text
    assert not Placement.objects.filter(candidate=world.second).exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"contract_type": "permanent"}, "contract_end", "Een vast contract heeft geen einddatum"),
        ({"contract_end": ""}, "contract_end", "Geef de einddatum van dit contract"),
        (
            {"contract_end": iso(TODAY() - datetime.timedelta(days=1))},
            "contract_end",
            "Het contract kan niet eindigen vóór de start",
        ),
        ({"hours_per_week": "abc"}, "hours_per_week", "Vul een getal in"),
        ({"hours_per_week": "80"}, "hours_per_week", "60"),
        ({"job_title": "   "}, "job_title", "Dit veld is vereist"),
        ({"is_carved_job": "on", "carved_tasks": ""}, "carved_tasks", "Beschrijf de taken"),
        ({"location": str(10**30)}, "location", "Selecteer een geldige keuze"),
        ({"responsible": "abc"}, "responsible", "Selecteer een geldige keuze"),
        ({"contract_type": "forever"}, "contract_type", "Selecteer een geldige keuze"),
        ({"start_date": "31-31-2025"}, "start_date", "Voer een geldige datum in"),
    ],
)
def test_details_that_do_not_fit_are_refused_with_a_dutch_message(
    client_for, world, account_manager, changes, field, message
):
    response = client_for(account_manager).post(
        PAGES["start_direct"](world), _placement_fields(world, **changes)
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert message in response.text
    assert not Placement.objects.filter(candidate=world.second).exists()


def test_the_start_page_for_an_employer_asks_for_a_candidate_or_an_open_proposal(
    client_for, world, account_manager
):
    response = client_for(account_manager).get(PAGES["start_for_employer"](world))
    choice = response.context["choice_form"]
    assert list(choice.fields["proposal"].queryset) == [world.proposal]
    assert world.second in choice.fields["candidate"].queryset
    assert "employer" not in choice.fields
    assert "Wie gaat er aan het werk bij Bakkerij De Gouden Korst?" in response.text


def test_a_placed_proposal_leads_to_its_placement(client_for, world, account_manager):
    placement = start_placement(
        world.second, world.employer, account_manager, proposal=world.proposal
    )
    response = client_for(account_manager).get(PAGES["start_from_proposal"](world))
    assert response.status_code == 302
    assert response.url == placement.get_absolute_url()


def test_a_declined_proposal_cannot_become_a_placement(client_for, world, account_manager):
    candidate_services.proposal_set_status(
        proposal=world.proposal, status="declined", reason="Geen klik", by=account_manager
    )
    client = client_for(account_manager)
    response = client.post(PAGES["start_from_proposal"](world), _placement_fields(world))
    assert response.status_code == 302
    assert not Placement.objects.filter(candidate=world.second).exists()
    assert "er kan geen plaatsing meer van worden gemaakt" in client.get(response.url).text


def test_a_candidate_the_user_may_not_see_cannot_be_placed(
    client_for, world, colleague, account_manager
):
    # world.second: account_manager is responsible; colleague does not hold the employer.
    url = PAGES["start_direct"](world)
    assert client_for(colleague).post(url, _placement_fields(world)).status_code == 404
    assert not Placement.objects.filter(candidate=world.second).exists()
    assert CandidateAccessLog.objects.filter(
        user=colleague, candidate_ref=world.second.pk, allowed=False
    ).exists()


def test_the_start_page_from_a_proposal_logs_the_look_at_the_candidate(
    client_for, world, account_manager
):
    """The page names the proposed candidate (and links their record): one allowed access-log
    row, also when a form with errors is shown again."""
    client = client_for(account_manager)
    url = PAGES["start_from_proposal"](world)
    response = client.get(url)
    assert response.status_code == 200
    assert "Piet Smit" in response.text
    log = CandidateAccessLog.objects.get(user=account_manager, candidate=world.second)
    assert (log.allowed, log.method) == (True, "GET")
    assert reverse("placements:start") in log.route

    again = client.post(url, {**_placement_fields(world), "start_date": ""})
    assert again.status_code == 200 and "Piet Smit" in again.text
    assert not Placement.objects.filter(candidate=world.second).exists()
    posts = CandidateAccessLog.objects.filter(
        user=account_manager, candidate=world.second, method="POST", allowed=True
    )
    assert posts.count() == 1


def test_the_start_page_from_a_proposal_of_an_unseen_candidate_is_404_and_logged(
    client_for, world, colleague
):
    # colleague does not hold the employer and is not responsible: the proposal is not theirs.
    response = client_for(colleague).get(PAGES["start_from_proposal"](world))
    assert response.status_code == 404
    assert "Piet" not in response.text
    assert CandidateAccessLog.objects.filter(
        user=colleague, candidate_ref=world.second.pk, allowed=False
    ).exists()


# The placement page ---------------------------------------------------------------------------


def test_the_placement_page_shows_the_candidate_and_logs_the_access(
    client_for, world, account_manager
):
    url = PAGES["detail"](world)
    response = client_for(account_manager).get(url)
    assert "Joyce de Vries" in response.text
    log = CandidateAccessLog.objects.filter(user=account_manager, candidate=world.candidate).get()
    assert log.allowed is True
    assert url in log.route
    candidate_url = reverse("candidates:detail", args=[world.candidate.pk])
    assert f'href="{candidate_url}"' in response.text


def test_staff_who_may_not_see_the_candidate_get_the_placement_without_the_name(
    client_for, world, colleague
):
    response = client_for(colleague).get(PAGES["detail"](world))
    assert response.status_code == 200
    assert "Joyce" not in response.text
    assert "Naam afgeschermd" in response.text
    assert CandidateAccessLog.objects.filter(
        user=colleague, candidate_ref=world.candidate.pk, allowed=False
    ).exists()


def test_the_follow_up_plan_shows_done_overdue_and_planned_checkpoints(
    client_for, world, account_manager
):
    second = world.placement.follow_ups.order_by("due_on")[1]
    services.follow_up_record(
        follow_up=second, outcome="attention", note="Buddy gezocht", by=account_manager
    )
    response = client_for(account_manager).get(PAGES["detail"](world))
    text = response.text
    states = {f.pk: f.state for f in response.context["follow_ups"]}
    assert states[world.first.pk] == "overdue"
    assert states[second.pk] == "done"
    assert states[world.last.pk] == "planned"
    assert "te laat" in text
    assert "Aandacht nodig" in text
    assert "Buddy gezocht" in text
    assert "1 contactmoment te laat" in text


def test_a_supervisor_who_left_is_greyed_with_a_warning(
    client_for, world, account_manager, supervisor
):
    employer_services.contact_mark_left(
        contact=supervisor, left_on=days_ago(1), by=account_manager, reason="Andere baan"
    )
    response = client_for(account_manager).get(PAGES["detail"](world))
    assert "vertrokken bij de werkgever op" in response.text
    assert "geen leidinggevende of werkbegeleider meer" in response.text
    assert 'class="team-member is-left muted"' in response.text


def test_the_quick_log_records_the_first_open_checkpoint_by_default(
    client_for, world, account_manager
):
    client = client_for(account_manager)
    form = client.get(PAGES["detail"](world)).context["record_form"]
    assert form.initial["follow_up"] == str(world.first.pk)
    url, payload, _changed = ACTIONS["follow_up_record"]
    response = client.post(url(world), payload(world))
    assert response.url.endswith(f"#follow-up-{world.first.pk}")
    saved = FollowUp.objects.get(pk=world.first.pk)
    assert (saved.done_on, saved.by, saved.note) == (
        TODAY(),
        account_manager,
        "Gaat goed, Kees is tevreden.",
    )


def test_an_extra_unplanned_contact_is_added_and_recorded_at_once(
    client_for, world, account_manager
):
    before = world.placement.follow_ups.count()
    response = client_for(account_manager).post(
        reverse("placements:follow_up_record", args=[world.placement.pk]),
        {
            "record-follow_up": "new",
            "record-outcome": "at_risk",
            "record-note": "Ploegleider gestopt",
            "record-done_on": iso(TODAY()),
        },
    )
    assert response.status_code == 302
    assert world.placement.follow_ups.count() == before + 1
    extra = world.placement.follow_ups.get(outcome="at_risk")
    assert extra.due_on == extra.done_on == TODAY()


def test_logging_a_follow_up_in_the_future_is_refused_and_keeps_the_note(
    client_for, world, account_manager
):
    response = client_for(account_manager).post(
        reverse("placements:follow_up_record", args=[world.placement.pk]),
        {
            "record-follow_up": world.first.pk,
            "record-outcome": "going_well",
            "record-note": "Mijn zorgvuldige notitie",
            "record-done_on": iso(TODAY() + datetime.timedelta(days=2)),
        },
    )
    assert response.status_code == 200
    assert "Nazorg kan niet in de toekomst gedaan zijn" in response.text
    assert "Mijn zorgvuldige notitie" in response.text
    assert FollowUp.objects.get(pk=world.first.pk).done_on is None


def test_logging_without_an_outcome_is_refused(client_for, world, account_manager):
    response = client_for(account_manager).post(
        reverse("placements:follow_up_record", args=[world.placement.pk]),
        {"record-follow_up": world.first.pk, "record-done_on": iso(TODAY())},
    )
    assert response.status_code == 200
    assert "outcome" in response.context["record_form"].errors
    assert FollowUp.objects.get(pk=world.first.pk).done_on is None


def test_a_checkpoint_that_was_done_cannot_be_moved_from_the_page(
    client_for, world, account_manager
):
    services.follow_up_record(follow_up=world.first, outcome="going_well", by=account_manager)
    original = FollowUp.objects.get(pk=world.first.pk).due_on
    response = client_for(account_manager).post(
        reverse("placements:follow_up_move", args=[world.placement.pk, world.first.pk]),
        {f"move-{world.first.pk}-due_on": iso(TODAY() + datetime.timedelta(days=3))},
        follow=True,
    )
    assert response.redirect_chain[-1][0].endswith(f"#follow-up-{world.first.pk}")
    assert "Dit contactmoment is al gedaan" in response.text
    assert FollowUp.objects.get(pk=world.first.pk).due_on == original


def test_a_checkpoint_of_another_placement_cannot_be_moved_through_this_one(
    client_for, world, account_manager, other_placement
):
    foreign = other_placement.follow_ups.first()
    response = client_for(account_manager).post(
        reverse("placements:follow_up_move", args=[world.placement.pk, foreign.pk]),
        {f"move-{foreign.pk}-due_on": iso(TODAY())},
    )
    assert response.status_code == 404
    assert FollowUp.objects.get(pk=foreign.pk).due_on == foreign.due_on


def test_instrument_choices_are_the_active_ones_of_the_employers_region(
    client_for, world, account_manager, other_instrument
):
    retired = Instrument.objects.get(region=world.employer.region, name="Detachering")
    retired.is_active = False
    retired.save()
    client = client_for(account_manager)
    form = client.get(PAGES["detail"](world)).context["period_form"]
    choices = set(form.fields["instrument"].queryset)
    assert world.instrument in choices
    assert retired not in choices
    assert other_instrument not in choices
    assert len(choices) == 9

    response = client.post(
        reverse("placements:period_add", args=[world.placement.pk]),
        {
            "period-instrument": other_instrument.pk,
            "period-status": "applied",
            "period-start": iso(TODAY()),
        },
    )
    assert response.status_code == 200
    assert "instrument" in response.context["period_form"].errors
    assert world.placement.instrument_periods.count() == 1


def test_an_instrument_period_ending_before_it_starts_is_refused(
    client_for, world, account_manager
):
    response = client_for(account_manager).post(
        ACTIONS["period_edit"][0](world),
        {
            "instrument": world.instrument.pk,
            "status": "granted",
            "start": iso(TODAY()),
            "end": iso(TODAY() - datetime.timedelta(days=1)),
        },
    )
    assert response.status_code == 200
    assert "De periode kan niet eindigen voordat hij begint" in response.text
    assert InstrumentPeriod.objects.get(pk=world.period.pk).end == world.period.end


def test_ending_a_placement_drops_later_checkpoints_and_locks_editing(
    client_for, world, account_manager
):
    client = client_for(account_manager)
    url, payload, _changed = ACTIONS["end"]
    response = client.post(url(world), payload(world))
    assert response.status_code == 302
    placement = Placement.objects.get(pk=world.placement.pk)
    assert placement.end_reason == "tasks_gone"
    assert not placement.follow_ups.filter(due_on__gt=TODAY(), done_on__isnull=True).exists()
    assert placement.follow_ups.filter(pk=world.first.pk).exists()  # overdue, still to log
    edit = client.get(PAGES["edit"](world))
    assert edit.status_code == 302
    assert client.get(PAGES["end"](world)).status_code == 302


def test_ending_before_the_start_is_refused_in_dutch(client_for, world, account_manager):
    response = client_for(account_manager).post(
        ACTIONS["end"][0](world),
        {
            "ended_on": iso(world.placement.start_date - datetime.timedelta(days=1)),
            "reason": "other",
        },
    )
    assert response.status_code == 200
    assert "Het einde ligt vóór de start van de plaatsing" in response.text
    assert Placement.objects.get(pk=world.placement.pk).status == "active"


def test_the_placement_page_uses_the_same_number_of_queries_for_5_and_50_checkpoints(
    client_for, world, account_manager, instrument
):
    client = client_for(account_manager)
    url = PAGES["detail"](world)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for index in range(45):
        follow_up = services.follow_up_add(
            placement=world.placement,
            due_on=days_ago(index),
            kind=f"Extra {index}",
            by=account_manager,
        )
        if index % 2:
            services.follow_up_record(follow_up=follow_up, outcome="going_well", by=account_manager)
        services.instrument_period_add(
            placement=world.placement,
            by=account_manager,
            instrument=instrument,
            start=TODAY(),
            end=TODAY() + datetime.timedelta(days=90),
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["follow_ups"]) == 50
    assert len(many) == len(few)


# The instrument catalogue ---------------------------------------------------------------------


def test_the_catalogue_explains_the_regions_instruments_in_plain_dutch(
    client_for, account_manager, region
):
    Instrument.objects.filter(region=region, name="Detachering").update(is_active=False)
    response = client_for(account_manager).get(reverse("placements:instruments"))
    text = response.text
    assert "Forfaitaire loonkostensubsidie" in text
    assert "zonder loonwaardemeting" in text
    assert "meestal hoogstens 6 maanden" in text
    assert "Detachering" not in text
    assert "Na 2 weken" in text  # the default follow-up plan


def test_the_catalogue_shows_the_regions_own_follow_up_plan(client_for, team_lead, region):
    FollowUpStep.objects.create(region=region, days_after_start=10, label="Na tien dagen")
    response = client_for(team_lead).get(reverse("placements:instruments"))
    assert "Na tien dagen" in response.text
    assert "Na 2 weken" not in response.text


def test_staff_see_their_own_region_and_admins_choose_one(
    client_for, outsider, wsp_admin, other_region, region
):
    Instrument.objects.filter(region=other_region, name="Jobcoach").update(
        description="Rijnmondse jobcoaching op maat."
    )
    url = reverse("placements:instruments")
    assert "Rijnmondse jobcoaching" in client_for(outsider).get(url).text
    # Another region asked for by a non-admin is ignored: still their own catalogue.
    own = client_for(outsider).get(f"{url}?region={region.pk}")
    assert own.context["region"] == other_region
    admin = client_for(wsp_admin).get(f"{url}?region={other_region.pk}")
    assert admin.context["region"] == other_region
    assert "Rijnmondse jobcoaching" in admin.text
    assert 'name="region"' in admin.text


# The employer-page panel ----------------------------------------------------------------------


def _panel_html(user, employer):
    request = RequestFactory().get(employer.get_absolute_url())
    request.user = user
    panel = employer_placements_panel(request, employer)
    return panel, render_to_string(
        "placements/includes/employer_placements.html", {"panel": panel}, request=request
    )


def test_the_employer_panel_lists_active_placements_with_their_next_follow_up(
    world, account_manager, colleague
):
    panel, html = _panel_html(account_manager, world.employer)
    assert panel["active_count"] == 1
    assert "Joyce de Vries" in html
    assert "Medewerker inpak" in html
    assert "1 te laat" in html
    assert f"{reverse('placements:start')}?employer={world.employer.pk}" in html
    _panel, hidden = _panel_html(colleague, world.employer)
    assert "Joyce" not in hidden


def test_the_employer_panel_uses_a_fixed_number_of_queries(
    account_manager, employer, region, django_assert_max_num_queries
):
    for index in range(30):
        start_placement(
            make_candidate(region, account_manager, first_name=f"P{index}"),
            employer,
            account_manager,
        )
    request = RequestFactory().get("/")
    request.user = account_manager
    with django_assert_max_num_queries(4):
        panel = employer_placements_panel(request, employer)
    assert panel["active_count"] == 30


# Roles and edge cases -------------------------------------------------------------------------


def test_a_national_employers_placement_is_visible_where_the_employer_is_held(
    client_for, other_region, region, outsider
):
    national = EmployerFactory(region=other_region, is_national=True, name="Supermarkt NL")
    holder = make_user("holder@wsp.test", User.Role.ACCOUNT_MANAGER, region)
    AccountAssignmentFactory(employer=national, region=region, manager=holder)
    candidate = make_candidate(other_region, outsider, first_name="Nora")
    placement = start_placement(candidate, national, outsider, job_title="Vakkenvuller")
    response = client_for(holder).get(reverse("placements:detail", args=[placement.pk]))
    assert response.status_code == 200
    assert "Nora" in response.text  # placed at an employer the holder holds


# The Django admin (WSP admins) ----------------------------------------------------------------


def test_wsp_admins_edit_the_catalogue_and_the_follow_up_plan_in_the_admin(
    client_for, wsp_admin, region
):
    client = client_for(wsp_admin)
    instrument = Instrument.objects.get(region=region, name="Jobcoach")
    assert client.get(reverse("admin:placements_instrument_changelist")).status_code == 200
    response = client.post(
        reverse("admin:placements_instrument_change", args=[instrument.pk]),
        {
            "region": region.pk,
            "name": "Jobcoach",
            "kind": "job_coach",
            "provider": "municipality",
            "max_duration_months": "24",
            "description": "Begeleiding op de werkplek, in Midden-Utrecht via de gemeente.",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    instrument.refresh_from_db()
    assert (instrument.provider, instrument.max_duration_months) == ("municipality", 24)
    response = client.post(
        reverse("admin:placements_followupstep_add"),
        {"region": region.pk, "days_after_start": "7", "label": "Eerste werkweek"},
    )
    assert response.status_code == 302
    assert services.follow_up_plan(region) == [(7, "Eerste werkweek")]


def test_placements_are_read_only_in_the_admin(client_for, wsp_admin, placement):
    client = client_for(wsp_admin)
    change = reverse("admin:placements_placement_change", args=[placement.pk])
    response = client.get(change)
    assert response.status_code == 200
    assert 'name="_save"' not in response.text
    assert "Joyce" not in response.text  # the name is read on the logged placement page
    client.post(change, {"job_title": "Gewijzigd"})
    assert Placement.objects.get(pk=placement.pk).job_title == "Medewerker inpak"
    assert client.get(reverse("admin:placements_placement_add")).status_code == 403
    assert client.get(reverse("admin:placements_followup_add")).status_code == 403


def test_an_instrument_in_use_cannot_be_deleted_in_the_admin(client_for, wsp_admin, world):
    response = client_for(wsp_admin).post(
        reverse("admin:placements_instrument_delete", args=[world.instrument.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert Instrument.objects.filter(pk=world.instrument.pk).exists()


def test_account_managers_do_not_reach_the_admin(client_for, account_manager):
    response = client_for(account_manager).get(reverse("admin:placements_instrument_changelist"))
    assert response.status_code == 302
    assert Instrument.objects.filter(name="Jobcoach").count() == 35


def test_the_list_finds_employers_by_name_without_listing_them_all(
    client_for, world, account_manager, colleague, region
):
    other_here = EmployerFactory(region=region, name="Zorggroep Zonnehof")
    start_placement(world.second, other_here, colleague, job_title="Gastvrouw")
    client = client_for(account_manager)
    response = client.get(reverse("placements:list") + "?employer_name=zonnehof")
    assert _titles(response) == ["Gastvrouw"]
    assert 'name="employer_name"' in response.text
    # No <select> of employers: the filter is a search field.
    assert '<select name="employer"' not in response.text
    assert "Zorggroep Zonnehof</option>" not in response.text
    chosen = client.get(reverse("placements:list") + f"?employer={other_here.pk}&status=active")
    assert _titles(chosen) == ["Gastvrouw"]
    assert "Werkgever: Zorggroep Zonnehof" in chosen.text
    assert 'href="?status=active">alle werkgevers tonen</a>' in chosen.text
