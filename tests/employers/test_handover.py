"""Handover carries the work: the fixed manager's open work moves with a handover (an item can be
kept), the handover note has four prefilled parts, and a team lead hands a whole caseload over
at once (the "account manager left the WSP" signal links there)."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.services import user_set_active
from continuity.models import Signal
from continuity.scan import scan_region
from employers.handover import compose_note, day, prefill
from employers.models import AccountAssignment, Action, ActionEvent, ContactPerson
from employers.services import actions as action_services
from placements import services as placement_services
from placements.models import TeamMember
from tests.conftest import make_user
from tests.factories import AccountAssignmentFactory, ContactPersonFactory, EmployerFactory
from tests.placements.conftest import make_candidate

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def in_days(days):
    return TODAY + datetime.timedelta(days=days)


def create_action(employer, owner, title, due_on=None, **fields):
    return action_services.action_create(
        employer=employer, by=owner, owner=owner, title=title, due_on=due_on, **fields
    )


def owner_of(action):
    return Action.objects.get(pk=action.pk).owner


def assign(client, employer, manager, **fields):
    """Post the "choose another fixed account manager" form (fields without the prefix)."""
    data = {"manager": manager.pk, "started_on": TODAY.isoformat(), **fields}
    return client.post(
        reverse("employers:manager_assign", args=[employer.pk]),
        {f"assign-{name}": value for name, value in data.items()},
    )


def caseload_url(manager):
    return reverse("employers:caseload_handover", args=[manager.pk])


# --- the open work on the "choose another fixed account manager" form --------------------------


@pytest.fixture
def work(employer, account_manager, colleague, primary_assignment):
    """Anna's open work on the employer (a task, a question), Cor's own action and a done one."""
    offer = create_action(employer, account_manager, "Offerte jobcoach sturen", in_days(5))
    question = create_action(
        employer, account_manager, "Kan iemand 20 uur werken?", kind=Action.Kind.QUESTION
    )
    theirs = create_action(employer, colleague, "Rondleiding plannen", in_days(3))
    done = create_action(employer, account_manager, "Al gedaan")
    action_services.action_complete(action=done, by=account_manager)
    return offer, question, theirs, done


def test_the_form_shows_the_managers_open_work_each_with_a_keep_option(
    client_for, team_lead, employer, work
):
    offer, question, theirs, done = work
    response = client_for(team_lead).get(employer.get_absolute_url())

    form = response.context["assign_form"]
    assert [action.pk for action in form.open_work] == [offer.pk, question.pk]
    text = response.text
    assert "Openstaand werk van Anna Test" in text
    assert "Offerte jobcoach sturen" in text and "Kan iemand 20 uur werken?" in text
    assert "Vraag van werkgever" in text and "Actie" in text
    assert f"uiterlijk {day(offer.due_on)}" in text
    assert text.count("Bij Anna Test houden") == 2
    assert f'name="assign-keep_actions" value="{offer.pk}"' in text
    for other in (theirs, done):
        assert f'name="assign-keep_actions" value="{other.pk}"' not in text


def test_the_first_fixed_manager_gets_no_open_work_or_note_fields(client_for, team_lead, employer):
    response = client_for(team_lead).get(employer.get_absolute_url())
    form = response.context["assign_form"]
    assert set(form.fields) == {"manager", "started_on"}
    assert "Openstaand werk van" not in response.text


def test_kept_items_stay_and_the_rest_moves_with_a_message_and_a_line_in_the_note(
    client_for, team_lead, employer, account_manager, colleague, work
):
    offer, question, theirs, _done = work
    client = client_for(team_lead)
    response = assign(
        client, employer, colleague, keep_actions=[offer.pk], next_step="Kennismaken met Mirjam."
    )

    assert response.status_code == 302
    assert owner_of(offer) == account_manager
    assert owner_of(question) == colleague
    assert owner_of(theirs) == colleague
    # First the handover; then what the change raised (the new manager's introduction signal).
    assert [str(m) for m in get_messages(response.wsgi_request)][0] == (
        "Cor Test is nu de vaste accountmanager. 1 openstaand punt is meegegaan. "
        "1 blijft bij Anna Test."
    )
    assignment = AccountAssignment.objects.current().get(employer=employer, kind="primary")
    assert assignment.manager == colleague
    assert assignment.handover_note == (
        "Volgende stap:\nKennismaken met Mirjam.\n\n"
        "Meegegaan: 1 actie of vraag; bij Anna Test gebleven: 1."
    )
    # The action history (the timeline's data) records the move and the item that stayed.
    moved = ActionEvent.objects.get(action=question, kind=ActionEvent.Kind.HANDED_OVER)
    assert (moved.from_owner, moved.to_owner, moved.by) == (account_manager, colleague, team_lead)
    assert ActionEvent.objects.filter(action=offer, kind=ActionEvent.Kind.KEPT).exists()
    page = client.get(employer.get_absolute_url()).text
    assert "Meegegaan: 1 actie of vraag; bij Anna Test gebleven: 1." in page


def test_without_keeping_everything_moves(
    client_for, team_lead, employer, account_manager, colleague, work
):
    offer, question, _theirs, done = work
    response = assign(
        client_for(team_lead), employer, colleague, commitments="- Offerte jobcoach sturen"
    )
    assert [str(m) for m in get_messages(response.wsgi_request)][0] == (
        "Cor Test is nu de vaste accountmanager. 2 openstaande punten zijn meegegaan."
    )
    assert (owner_of(offer), owner_of(question), owner_of(done)) == (
        colleague,
        colleague,
        account_manager,
    )


def test_keep_ids_of_another_employer_or_owner_are_refused_and_nothing_is_written(
    client_for, team_lead, region, employer, account_manager, colleague, work
):
    _offer, question, theirs, _done = work
    elsewhere = EmployerFactory(region=region, name="Fietsenmakerij Spaak")
    AccountAssignmentFactory(employer=elsewhere, manager=account_manager)
    foreign = create_action(elsewhere, account_manager, "Andermans werk")
    for keep in (foreign, theirs):
        response = assign(
            client_for(team_lead), employer, colleague, keep_actions=[keep.pk], next_step="Over"
        )
        assert response.status_code == 200
        assert response.context["assign_form"].errors["keep_actions"] == [
            "Alleen openstaand werk van de huidige accountmanager bij deze werkgever kan "
            "achterblijven."
        ]
        assert response.context["open_panel"] == "assign_form"
    current = AccountAssignment.objects.current().get(employer=employer, kind="primary")
    assert current.manager == account_manager
    assert owner_of(question) == account_manager
    assert owner_of(foreign) == account_manager
    assert not ActionEvent.objects.filter(
        kind__in=[ActionEvent.Kind.HANDED_OVER, ActionEvent.Kind.KEPT]
    ).exists()


# --- the structured handover note ---------------------------------------------------------------


def place(employer, manager, job, **fields):
    candidate = make_candidate(employer.region, manager, first_name="Joyce", last_name=job[:5])
    defaults = {
        "job_title": job,
        "start_date": TODAY - datetime.timedelta(days=20),
        "contract_type": "temporary",
        "contract_end": in_days(300),
        "hours_per_week": Decimal("24"),
    }
    defaults.update(fields)
    return placement_services.placement_start(
        candidate=candidate, employer=employer, by=manager, **defaults
    )


def test_the_prefill_lists_commitments_key_contacts_and_placements_needing_attention(
    client_for, team_lead, employer, account_manager, colleague, contact, primary_assignment
):
    late = create_action(
        employer,
        account_manager,
        "Terugbellen over LKS",
        TODAY - datetime.timedelta(days=2),
        check_due=False,
    )
    question = create_action(
        employer, account_manager, "Kan iemand 20 uur werken?", kind=Action.Kind.QUESTION
    )
    create_action(employer, colleague, "Werk van Cor")
    director = ContactPersonFactory(
        employer=employer,
        name="Henk Bakker",
        job_title="Eigenaar",
        level=ContactPerson.Level.TOP,
        is_director=True,
        is_hr=False,
        phone="",
        email="",
    )
    supervisor = ContactPersonFactory(
        employer=employer,
        name="Sanne Vos",
        job_title="Ploegleider",
        level=ContactPerson.Level.FLOOR,
        is_supervisor=True,
        is_hr=False,
        left_on=TODAY - datetime.timedelta(days=3),
    )
    ContactPersonFactory(employer=employer, name="Piet Zonder Rol", is_hr=False)
    ending = place(
        employer, account_manager, "Medewerker inpak", contract_end=in_days(30), supervisor=None
    )
    TeamMember.objects.create(
        placement=ending, role="supervisor", contact=supervisor, start=ending.start_date
    )
    # Started a year ago with every checkpoint done: nothing needs attention.
    calm = place(
        employer,
        account_manager,
        "Magazijnmedewerker",
        start_date=TODAY - datetime.timedelta(days=400),
        contract_type="permanent",
        contract_end=None,
    )
    calm.follow_ups.update(done_on=TODAY, outcome="going_well")

    response = client_for(team_lead).get(employer.get_absolute_url())
    parts = response.context["assign_form"].initial

    assert parts["commitments"] == (
        f"- Terugbellen over LKS (uiterlijk {day(late.due_on)}, te laat)\n"
        f"- Kan iemand 20 uur werken? (vraag van werkgever, geen datum)"
    )
    assert question.pk  # the colleague's action is not Anna's commitment
    assert parts["contacts"] == (
        "- Henk Bakker, Eigenaar (directeur / eigenaar)\n"
        "- Mirjam Hoekstra, HR-manager (HR, kartrekker) · 030 123 4567 · mirjam@goudenkorst.test"
    )
    first = ending.follow_ups.order_by("due_on")[0]  # due 6 days ago: the next, and overdue
    assert parts["placements"] == (
        f"- Medewerker inpak, sinds {day(ending.start_date)}: 1 nazorgmoment te laat; "
        f"volgende nazorg {first.kind} op {day(first.due_on)}; "
        f"contract loopt af op {day(ending.contract_end)}; "
        f"begeleider Sanne Vos vertrekt of vertrok op {day(supervisor.left_on)}"
    )
    assert "Joyce" not in parts["placements"]  # no candidate names in a note
    assert "next_step" not in parts
    assert director.pk and "Piet Zonder Rol" not in parts["contacts"]
    # The textareas carry the prefill.
    assert "Terugbellen over LKS (uiterlijk" in response.text
    assert "Plaatsingen die aandacht vragen" in response.text


def test_the_prefill_reads_all_employers_of_a_caseload_at_once(
    account_manager, region, django_assert_max_num_queries
):
    employers = []
    for index in range(6):
        employer = EmployerFactory(region=region)
        AccountAssignmentFactory(employer=employer, manager=account_manager)
        create_action(employer, account_manager, f"Actie {index}")
        ContactPersonFactory(employer=employer, name=f"HR {index}")
        place(employer, account_manager, f"Functie {index}")
        employers.append(employer)
    request = RequestFactory().get("/")
    request.user = account_manager
    with django_assert_max_num_queries(3):  # open work, key contacts, placements
        parts = prefill(request, employers, manager=account_manager)
    assert parts[employers[5].pk]["commitments"] == "- Actie 5 (geen datum)"
    assert parts[employers[5].pk]["contacts"].startswith("- HR 5, HR-adviseur (HR)")
    assert parts[employers[5].pk]["placements"].startswith("- Functie 5, sinds")


def test_the_note_is_stored_as_plain_text_under_headings_without_empty_parts():
    note = compose_note(
        {
            "commitments": "- Offerte sturen (uiterlijk 3 mrt 2026)\r\n- Bellen",
            "contacts": "  ",
            "placements": "",
            "next_step": "Kennismaken.",
        }
    )
    assert note == (
        "Openstaande afspraken:\n- Offerte sturen (uiterlijk 3 mrt 2026)\n- Bellen\n\n"
        "Volgende stap:\nKennismaken."
    )
    assert compose_note({"next_step": ""}) == ""


def test_a_handover_with_every_part_emptied_is_refused(
    client_for, team_lead, employer, account_manager, colleague, work
):
    response = assign(
        client_for(team_lead),
        employer,
        colleague,
        commitments=" ",
        contacts="",
        placements="",
        next_step="",
    )
    assert response.status_code == 200
    assert "Schrijf een overdrachtsnotitie voor de nieuwe accountmanager." in response.text
    assert AccountAssignment.objects.current().get(employer=employer).manager == account_manager
    assert owner_of(work[0]) == account_manager


# --- the caseload handover ----------------------------------------------------------------------


@pytest.fixture
def dirk(region):
    return make_user("dirk@wsp.test", User.Role.ACCOUNT_MANAGER, region, first_name="Dirk")


@pytest.fixture
def caseload(region, account_manager):
    """Anna holds three employers, each with one open action of hers."""
    held = []
    for name in ("Apotheek Aalbers", "Bouwbedrijf Bos", "Catering Claes"):
        employer = EmployerFactory(region=region, name=name)
        AccountAssignmentFactory(employer=employer, manager=account_manager)
        create_action(employer, account_manager, f"Terugbellen {name}", in_days(7))
        held.append(employer)
    return held


def primary_of(employer):
    return AccountAssignment.objects.current().get(employer=employer, kind="primary").manager


def caseload_data(employers, *, successor=None, started_on=TODAY, general="", rows=None):
    """The caseload form as posted: the choices for all, and a row per employer (each shown),
    with the fields given per employer name in `rows` (`successor`, `next_step`, ...)."""
    data = {
        "all-successor": successor.pk if successor else "",
        "all-started_on": started_on.isoformat() if started_on else "",
        "all-general": general,
    }
    for employer in employers:
        assignment = AccountAssignment.objects.current().get(employer=employer, kind="primary")
        prefix = f"a{assignment.pk}"
        data[f"{prefix}-shown"] = "1"
        for name, value in (rows or {}).get(employer.name, {}).items():
            data[f"{prefix}-{name}"] = value
    return data


def test_the_caseload_page_lists_the_employers_with_their_open_work_and_a_prefilled_note(
    client_for, team_lead, account_manager, colleague, caseload, region
):
    not_annas = EmployerFactory(region=region, name="Drukkerij Dekker")
    AccountAssignmentFactory(employer=not_annas, manager=colleague)

    response = client_for(team_lead).get(caseload_url(account_manager))

    assert response.status_code == 200
    text = response.text
    assert "De werkgevers van Anna Test overdragen" in text
    for employer in caseload:
        assert employer.name in text
        assert f"Terugbellen {employer.name} (uiterlijk" in text  # the prefilled commitments
    assert "Drukkerij Dekker" not in text
    rows_shown = response.context["forms"].rows
    assert [row.open_work_count for row in rows_shown] == [1, 1, 1]
    assert text.count("<details") == 3  # the per-employer notes, folded


def test_one_successor_for_all_employers(
    client_for, team_lead, account_manager, colleague, caseload
):
    data = caseload_data(caseload, successor=colleague, general="Anna vertrekt per 1 maart.")
    response = client_for(team_lead).post(caseload_url(account_manager), data)

    assert response.status_code == 200
    assert [primary_of(employer) for employer in caseload] == [colleague] * 3
    assert set(Action.objects.open().values_list("owner", flat=True)) == {colleague.pk}
    assert ActionEvent.objects.filter(kind=ActionEvent.Kind.HANDED_OVER).count() == 3
    note = AccountAssignment.objects.current().get(employer=caseload[0]).handover_note
    assert note == ("Algemeen:\nAnna vertrekt per 1 maart.\n\nMeegegaan: 1 actie of vraag.")
    assert "3 werkgevers overgedragen, 3 openstaande punten meegegaan." in response.text
    assert "Niet overgedragen" not in response.text


def test_a_successor_per_employer_and_one_left_for_later(
    client_for, team_lead, account_manager, colleague, dirk, caseload
):
    apotheek, bouw, catering = caseload
    data = caseload_data(
        caseload,
        successor=colleague,
        rows={
            apotheek.name: {"next_step": "Bellen met de apotheker."},
            bouw.name: {"successor": dirk.pk, "next_step": "Uitvoerder kennen."},
            catering.name: {"successor": "not_now"},
        },
    )
    response = client_for(team_lead).post(caseload_url(account_manager), data)

    assert [primary_of(employer) for employer in caseload] == [colleague, dirk, account_manager]
    assert Action.objects.get(employer=bouw).owner == dirk
    assert Action.objects.get(employer=catering).owner == account_manager
    assert (
        AccountAssignment.objects.current()
        .get(employer=bouw)
        .handover_note.startswith("Volgende stap:\nUitvoerder kennen.")
    )
    assert "2 werkgevers overgedragen" in response.text
    assert "Anna Test heeft nog 1 werkgever." in response.text


def test_a_failing_employer_is_reported_and_the_others_go_through(
    client_for, wsp_admin, account_manager, colleague, caseload, other_region
):
    # Anna moved here from Rijnmond and still holds an employer there: her successor there
    # must work in Rijnmond, so handing it to Cor fails while the others go through.
    rijnmond = EmployerFactory(region=other_region, name="Zuivel Rijnmond")
    AccountAssignmentFactory(employer=rijnmond, region=other_region, manager=account_manager)
    everything = [*caseload, rijnmond]
    data = caseload_data(everything, successor=colleague, general="Overdracht wegens vertrek.")
    response = client_for(wsp_admin).post(caseload_url(account_manager), data)

    assert response.status_code == 200
    assert [primary_of(employer) for employer in caseload] == [colleague] * 3
    assert primary_of(rijnmond) == account_manager
    assert AccountAssignment.objects.filter(employer=rijnmond).count() == 1  # nothing written
    result = response.context["result"]
    assert [handover.assignment.employer for handover, _reasons in result.failed] == [rijnmond]
    assert result.failed[0][1] == ["Deze accountmanager werkt in een andere regio."]
    assert "Niet overgedragen" in response.text and "Zuivel Rijnmond" in response.text
    assert "3 werkgevers overgedragen" in response.text


def test_a_start_date_before_an_assignment_fails_only_that_employer(
    client_for, team_lead, account_manager, colleague, caseload
):
    late_start = AccountAssignment.objects.current().get(employer=caseload[2])
    AccountAssignment.objects.filter(pk=late_start.pk).update(started_on=in_days(3))
    data = caseload_data(
        caseload, successor=colleague, started_on=in_days(1), general="Overdracht."
    )
    response = client_for(team_lead).post(caseload_url(account_manager), data)

    assert [primary_of(employer) for employer in caseload] == [
        colleague,
        colleague,
        account_manager,
    ]
    assert "De nieuwe toewijzing kan niet vóór de huidige beginnen." in response.text


def test_a_row_needs_a_successor_and_a_note_else_nothing_is_written(
    client_for, team_lead, account_manager, colleague, caseload
):
    apotheek, bouw, _catering = caseload
    data = caseload_data(
        caseload,
        rows={apotheek.name: {"next_step": "Bellen."}, bouw.name: {"successor": colleague.pk}},
    )
    response = client_for(team_lead).post(caseload_url(account_manager), data)

    assert response.status_code == 200
    forms = response.context["forms"]
    assert forms.rows[0].errors["successor"] == [
        "Kies hier een opvolger of één voor alle werkgevers."
    ]
    assert forms.rows[1].errors["next_step"] == [
        "Schrijf een overdrachtsnotitie: ten minste de volgende stap."
    ]
    assert [primary_of(employer) for employer in caseload] == [account_manager] * 3
    assert not ActionEvent.objects.filter(kind=ActionEvent.Kind.HANDED_OVER).exists()


def test_a_missing_start_date_is_the_only_error_when_a_successor_for_all_is_chosen(
    client_for, team_lead, account_manager, colleague, caseload
):
    data = caseload_data(caseload, successor=colleague, started_on=None, general="Overdracht.")
    response = client_for(team_lead).post(caseload_url(account_manager), data)

    forms = response.context["forms"]
    assert list(forms.main.errors) == ["started_on"]
    assert [row.errors for row in forms.rows] == [{}, {}, {}]
    assert [primary_of(employer) for employer in caseload] == [account_manager] * 3


def test_an_employer_that_came_in_after_the_page_was_opened_is_left_alone(
    client_for, team_lead, account_manager, colleague, caseload, region
):
    data = caseload_data(caseload, successor=colleague, general="Overdracht.")
    newcomer = EmployerFactory(region=region, name="Elektro Eerland")
    AccountAssignmentFactory(employer=newcomer, manager=account_manager)

    response = client_for(team_lead).post(caseload_url(account_manager), data)

    assert primary_of(newcomer) == account_manager
    assert "Anna Test heeft nog 1 werkgever." in response.text


def test_the_caseload_page_has_a_fixed_number_of_queries(
    client_for, team_lead, account_manager, region, caseload
):
    client = client_for(team_lead)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(caseload_url(account_manager)).status_code == 200
        return len(queries)

    few = count()
    for index in range(12):
        employer = EmployerFactory(region=region)
        AccountAssignmentFactory(employer=employer, manager=account_manager)
        create_action(employer, account_manager, f"Actie {index}")
        ContactPersonFactory(employer=employer)
    assert count() == few


# --- who may hand over a caseload ---------------------------------------------------------------


def test_a_deactivated_managers_caseload_opens_for_the_team_lead_of_the_region(
    client_for, team_lead, account_manager, wsp_admin, caseload
):
    user_set_active(user=account_manager, active=False, by=wsp_admin)
    response = client_for(team_lead).get(caseload_url(account_manager))
    assert response.status_code == 200
    assert "gedeactiveerd" in response.text

    pick = client_for(team_lead).get(reverse("employers:caseload_pick"))
    person = next(p for p in pick.context["people"] if p.pk == account_manager.pk)
    assert (person.held, person.is_active) == (3, False)
    assert caseload_url(account_manager) in pick.text


def test_rights_another_regions_lead_404_account_managers_and_employer_users_403(
    client, team_lead, account_manager, colleague, outsider, other_region, employer_user, caseload
):
    other_lead = make_user("lead-b@wsp.test", User.Role.TEAM_LEAD, other_region)
    client.force_login(other_lead)
    assert client.get(caseload_url(account_manager)).status_code == 404
    assert client.post(caseload_url(account_manager), {}).status_code == 404
    pick = client.get(reverse("employers:caseload_pick"))
    assert "Anna Test" not in pick.text
    assert outsider in pick.context["people"]

    for user in (colleague, employer_user):
        client.force_login(user)
        assert client.get(caseload_url(account_manager)).status_code == 403
        assert client.post(caseload_url(account_manager), {}).status_code == 403
        assert client.get(reverse("employers:caseload_pick")).status_code == 403

    client.force_login(team_lead)
    assert client.get(caseload_url(employer_user)).status_code == 404  # not a manager
    assert client.get(caseload_url(outsider)).status_code == 404
    assert [primary_of(employer) for employer in caseload] == [account_manager] * 3


def test_a_wsp_admin_picks_a_region(client_for, wsp_admin, account_manager, outsider, caseload):
    client = client_for(wsp_admin)
    everywhere = client.get(reverse("employers:caseload_pick"))
    assert [p.pk for p in everywhere.context["people"]] == [account_manager.pk]  # holders only
    there = client.get(reverse("employers:caseload_pick"), {"region": outsider.region_id})
    assert [p.pk for p in there.context["people"]] == [outsider.pk]
    assert client.get(caseload_url(outsider)).status_code == 200


# --- the "account manager left the WSP" signal links to the caseload handover ---------------


def test_the_left_the_wsp_signal_links_to_the_caseload_handover(
    client_for, team_lead, account_manager, wsp_admin, region, caseload
):
    user_set_active(user=account_manager, active=False, by=wsp_admin)
    scan_region(region)
    signal = Signal.objects.filter(kind=Signal.Kind.STAFF_DEACTIVATED).first()
    assert signal.subject_user == account_manager

    link = f'href="{caseload_url(account_manager)}"'
    detail = client_for(team_lead).get(reverse("continuity:detail", args=[signal.pk]))
    assert link in detail.text
    assert "Alle werkgevers van Anna Test overdragen" in detail.text
    inbox = client_for(team_lead).get(reverse("continuity:inbox"))
    assert link in inbox.text
