"""The employer pages: list, employer page and every workflow action on it.

Access matrix for each page and POST, the workflows changing rows through the services, errors
keeping the user's input, and the number of queries not growing with the number of rows.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from employers.models import AccountAssignment, ContactEvent, ContactPerson, Conversation, Employer
from tests.factories import (
    AccountAssignmentFactory,
    ContactPersonFactory,
    ConversationFactory,
    EmployerFactory,
    LocationFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def backup(employer, team_lead):
    return AccountAssignmentFactory(
        employer=employer, manager=team_lead, kind=AccountAssignment.Kind.BACKUP
    )


@pytest.fixture
def world(employer, contact, conversation, primary_assignment, backup, colleague):
    return SimpleNamespace(
        employer=employer,
        contact=contact,
        conversation=conversation,
        primary=primary_assignment,
        backup=backup,
        colleague=colleague,
    )


def now_local():
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


# Every page (GET) and how to build its URL from the world.
PAGES = {
    "list": lambda w: reverse("employers:list"),
    "create": lambda w: reverse("employers:create"),
    "detail": lambda w: reverse("employers:detail", args=[w.employer.pk]),
    "edit": lambda w: reverse("employers:edit", args=[w.employer.pk]),
    "location_add": lambda w: reverse("employers:location_add", args=[w.employer.pk]),
    "contact_add": lambda w: reverse("employers:contact_add", args=[w.employer.pk]),
    "contact_edit": lambda w: reverse("employers:contact_edit", args=[w.employer.pk, w.contact.pk]),
    "contact_role": lambda w: reverse("employers:contact_role", args=[w.employer.pk, w.contact.pk]),
    "contact_left": lambda w: reverse("employers:contact_left", args=[w.employer.pk, w.contact.pk]),
}
EMPLOYER_PAGES = [name for name in PAGES if name not in ("list", "create")]


def _contact_fields(contact, **changes):
    data = {"name": contact.name, "phone": contact.phone, "email": contact.email}
    data["active_since"] = contact.active_since.isoformat() if contact.active_since else ""
    data.update(changes)
    return data


# Every workflow POST: URL, a valid payload, and a check that the rows changed.
ACTIONS = {
    "employer_edit": (
        lambda w: reverse("employers:edit", args=[w.employer.pk]),
        lambda w: {
            "name": "Bakkerij De Gouden Korst Utrecht",
            "kvk_number": w.employer.kvk_number,
            "ownership": "private",
            "sector": "manufacturing",
            "employee_count": "260",
            "inclusion": "inclusive",
            "stage": "strategic_partner",
            "style_strategic": "on",
        },
        lambda w: Employer.objects.get(pk=w.employer.pk).stage == "strategic_partner",
    ),
    "location_add": (
        lambda w: reverse("employers:location_add", args=[w.employer.pk]),
        lambda w: {"street": "Ringweg 4", "postcode": "3542ab", "city": "Nieuwegein"},
        lambda w: w.employer.locations.filter(postcode="3542 AB", city="Nieuwegein").exists(),
    ),
    "conversation_log": (
        lambda w: reverse("employers:conversation_log", args=[w.employer.pk]),
        lambda w: {
            "log-channel": "visit",
            "log-occurred_at": now_local(),
            "log-summary": "Rondleiding gehad op de werkvloer.",
            "log-participants": [w.contact.pk],
            "log-topics": ["job_carving", "guidance"],
        },
        lambda w: w.employer.conversations.filter(
            summary="Rondleiding gehad op de werkvloer.", channel="visit"
        ).exists(),
    ),
    "action_complete": (
        lambda w: reverse(
            "employers:action_change", args=[w.employer.pk, w.conversation.action.pk, "complete"]
        ),
        lambda w: {},
        lambda w: Conversation.objects.get(pk=w.conversation.pk).next_action_done_at is not None,
    ),
    "manager_assign": (
        lambda w: reverse("employers:manager_assign", args=[w.employer.pk]),
        lambda w: {
            "assign-manager": w.colleague.pk,
            "assign-next_step": "Loopt goed; let op de LKS-beschikking van Joyce.",
            "assign-started_on": TODAY().isoformat(),
        },
        lambda w: (
            AccountAssignment.objects.current()
            .filter(employer=w.employer, kind="primary", manager=w.colleague)
            .exists()
        ),
    ),
    "backup_add": (
        lambda w: reverse("employers:backup_add", args=[w.employer.pk]),
        lambda w: {"backup-manager": w.colleague.pk},
        lambda w: (
            AccountAssignment.objects.current()
            .filter(employer=w.employer, kind="backup", manager=w.colleague)
            .exists()
        ),
    ),
    "backup_end": (
        lambda w: reverse("employers:backup_end", args=[w.employer.pk, w.backup.pk]),
        lambda w: {},
        lambda w: AccountAssignment.objects.get(pk=w.backup.pk).ended_on is not None,
    ),
    "contact_add": (
        lambda w: reverse("employers:contact_add", args=[w.employer.pk]),
        lambda w: {"name": "Kees Bouwman", "level": "floor", "is_supervisor": "on"},
        lambda w: w.employer.contacts.filter(name="Kees Bouwman", is_supervisor=True).exists(),
    ),
    "contact_edit": (
        lambda w: reverse("employers:contact_edit", args=[w.employer.pk, w.contact.pk]),
        lambda w: _contact_fields(w.contact, phone="06 1234 5678"),
        lambda w: ContactPerson.objects.get(pk=w.contact.pk).phone == "06 1234 5678",
    ),
    "contact_role": (
        lambda w: reverse("employers:contact_role", args=[w.employer.pk, w.contact.pk]),
        lambda w: {
            "level": "top",
            "job_title": "Directeur",
            "is_director": "on",
            "is_champion": "on",
            "on": TODAY().isoformat(),
        },
        lambda w: (
            ContactPerson.objects.get(pk=w.contact.pk).level == "top"
            and w.contact.events.filter(kind="role_changed").exists()
        ),
    ),
    "contact_left": (
        lambda w: reverse("employers:contact_left", args=[w.employer.pk, w.contact.pk]),
        lambda w: {"left_on": TODAY().isoformat(), "reason": "Andere baan"},
        lambda w: ContactPerson.objects.get(pk=w.contact.pk).left_on == TODAY(),
    ),
    "contact_verify": (
        lambda w: reverse("employers:contact_verify", args=[w.employer.pk, w.contact.pk]),
        lambda w: {},
        lambda w: ContactPerson.objects.get(pk=w.contact.pk).last_verified_on == TODAY(),
    ),
}


# Access matrix: pages ---------------------------------------------------------------------------


@pytest.mark.parametrize("page_name", PAGES)
def test_anonymous_users_are_sent_to_login_from_every_page(client, world, page_name):
    url = PAGES[page_name](world)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login") + "?next=")


@pytest.mark.parametrize("page_name", PAGES)
@pytest.mark.parametrize("who", ["account_manager", "team_lead", "wsp_admin"])
def test_staff_of_the_region_and_admins_open_every_page(client_for, world, page_name, who, request):
    user = request.getfixturevalue(who)
    response = client_for(user).get(PAGES[page_name](world))
    assert response.status_code == 200
    assert '<html lang="nl">' in response.text


@pytest.mark.parametrize("page_name", EMPLOYER_PAGES)
def test_another_regions_account_manager_gets_404_on_every_employer_page(
    client_for, world, outsider, page_name
):
    assert client_for(outsider).get(PAGES[page_name](world)).status_code == 404


@pytest.mark.parametrize("page_name", PAGES)
def test_employer_users_are_refused_every_page(client_for, world, employer_user, page_name):
    assert client_for(employer_user).get(PAGES[page_name](world)).status_code == 403


def test_the_list_of_another_region_does_not_show_our_employer(client_for, world, outsider):
    response = client_for(outsider).get(reverse("employers:list") + "?manager=")
    assert response.status_code == 200
    assert "Gouden Korst" not in response.text


def test_a_national_employer_with_an_assignment_here_opens_for_the_region(
    client_for, national_employer_assigned_here, colleague
):
    url = reverse("employers:detail", args=[national_employer_assigned_here.pk])
    response = client_for(colleague).get(url)
    assert response.status_code == 200
    assert "Supermarktketen Nederland" in response.text


def test_a_national_employer_without_assignment_here_is_404(
    client_for, national_employer, account_manager
):
    url = reverse("employers:detail", args=[national_employer.pk])
    assert client_for(account_manager).get(url).status_code == 404


# Access matrix: workflow POSTs ------------------------------------------------------------------


@pytest.mark.parametrize("action", ACTIONS)
def test_anonymous_posts_are_sent_to_login_and_change_nothing(client, world, action):
    url, data, changed = ACTIONS[action]
    response = client.post(url(world), data(world))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not changed(world)


@pytest.mark.parametrize("action", ACTIONS)
def test_employer_users_cannot_post_any_action(client_for, world, employer_user, action):
    url, data, changed = ACTIONS[action]
    assert client_for(employer_user).post(url(world), data(world)).status_code == 403
    assert not changed(world)


@pytest.mark.parametrize("action", ACTIONS)
def test_another_regions_account_manager_gets_404_on_every_action(
    client_for, world, outsider, action
):
    url, data, changed = ACTIONS[action]
    assert client_for(outsider).post(url(world), data(world)).status_code == 404
    assert not changed(world)


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("who", ["account_manager", "team_lead", "wsp_admin"])
def test_each_action_changes_the_rows_and_returns_to_the_employer_page(
    client_for, world, action, who, request
):
    user = request.getfixturevalue(who)
    url, data, changed = ACTIONS[action]
    response = client_for(user).post(url(world), data(world))
    assert response.status_code == 302, getattr(response, "context", {}) and [
        form.errors for form in response.context if hasattr(form, "errors")
    ]
    assert response.url.startswith(world.employer.get_absolute_url())
    assert changed(world)
    page = client_for(user).get(response.url)
    assert page.context["messages"]


@pytest.mark.parametrize(
    "action", ["conversation_log", "manager_assign", "backup_add", "action_complete"]
)
def test_post_only_actions_refuse_get(client_for, world, account_manager, action):
    url, _data, _changed = ACTIONS[action]
    assert client_for(account_manager).get(url(world)).status_code == 405


# The list ---------------------------------------------------------------------------------------


@pytest.fixture
def colleagues_employer(region, colleague):
    employer = EmployerFactory(
        region=region, name="Zorggroep Het Baken", kvk_number="41234567", stage="prospect"
    )
    LocationFactory(employer=employer, street="Baken 1", postcode="3811 AA", city="Amersfoort")
    AccountAssignmentFactory(employer=employer, manager=colleague)
    return employer


def list_names(response):
    return [employer.name for employer in response.context["employers"]]


def test_account_managers_land_on_their_own_employers(
    client_for, account_manager, primary_assignment, colleagues_employer
):
    response = client_for(account_manager).get(reverse("employers:list"))
    assert list_names(response) == ["Bakkerij De Gouden Korst"]
    assert "Mijn werkgevers" in response.text
    assert "Alle werkgevers van de regio" in response.text


def test_the_toggle_shows_all_employers_of_the_region(
    client_for, account_manager, primary_assignment, colleagues_employer, other_employer
):
    response = client_for(account_manager).get(reverse("employers:list") + "?manager=")
    assert list_names(response) == ["Bakkerij De Gouden Korst", "Zorggroep Het Baken"]


def test_team_leads_land_on_all_employers_of_the_region(
    client_for, team_lead, primary_assignment, colleagues_employer
):
    response = client_for(team_lead).get(reverse("employers:list"))
    assert list_names(response) == ["Bakkerij De Gouden Korst", "Zorggroep Het Baken"]


def test_the_list_shows_city_stage_manager_last_conversation_and_open_actions(
    client_for, account_manager, conversation, primary_assignment
):
    response = client_for(account_manager).get(reverse("employers:list"))
    row = response.context["employers"][0]
    assert row.main_city == "Utrecht"
    assert row.open_actions == 1
    assert row.fixed_assignment.manager == account_manager
    assert row.last_conversation_at == conversation.occurred_at
    assert "Anna Test" in response.text
    assert "Actief" in response.text or "Active" in response.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=baken", ["Zorggroep Het Baken"]),
        ("q=30123456", ["Bakkerij De Gouden Korst"]),
        ("q=amersfoort", ["Zorggroep Het Baken"]),
        ("stage=prospect", ["Zorggroep Het Baken"]),
        ("no_manager=true", []),
    ],
)
def test_search_and_filters_narrow_the_list(
    client_for, team_lead, primary_assignment, colleagues_employer, query, expected
):
    response = client_for(team_lead).get(f"{reverse('employers:list')}?manager=&{query}")
    assert list_names(response) == expected


def test_the_no_fixed_manager_filter_finds_employers_nobody_holds(
    client_for, team_lead, primary_assignment, region
):
    EmployerFactory(region=region, name="Wees B.V.")
    response = client_for(team_lead).get(reverse("employers:list") + "?no_manager=true")
    assert list_names(response) == ["Wees B.V."]
    assert 'name="no_manager" value="true" id="id_no_manager" checked' in response.text


def test_filtering_on_a_colleague_shows_their_employers(
    client_for, account_manager, colleague, primary_assignment, colleagues_employer
):
    url = f"{reverse('employers:list')}?manager={colleague.pk}"
    assert list_names(client_for(account_manager).get(url)) == ["Zorggroep Het Baken"]


def test_sorting_by_last_conversation_puts_the_most_recent_first(
    client_for, team_lead, region, account_manager
):
    old, recent = EmployerFactory(region=region, name="A Oud"), EmployerFactory(region=region)
    ConversationFactory(
        employer=old, author=account_manager, occurred_at=timezone.now() - datetime.timedelta(90)
    )
    ConversationFactory(employer=recent, author=account_manager)
    silent = EmployerFactory(region=region, name="0 Stil")
    response = client_for(team_lead).get(reverse("employers:list") + "?sort=-last_conversation")
    assert list_names(response) == [recent.name, old.name, silent.name]
    assert 'aria-sort="descending"' in response.text


def test_sorting_by_stage_follows_the_relationship_order(client_for, team_lead, region):
    for name, stage in [("A", "strategic_partner"), ("B", "prospect"), ("C", "active")]:
        EmployerFactory(region=region, name=name, stage=stage)
    response = client_for(team_lead).get(reverse("employers:list") + "?sort=stage")
    assert list_names(response) == ["B", "C", "A"]


def test_the_list_pages_by_fifty(client_for, team_lead, region):
    EmployerFactory.create_batch(55, region=region)
    first = client_for(team_lead).get(reverse("employers:list"))
    assert len(first.context["employers"]) == 50
    assert "pagina 1 van 2" in first.text
    second = client_for(team_lead).get(reverse("employers:list") + "?page=2")
    assert len(second.context["employers"]) == 5


def test_the_list_links_to_export_with_the_same_filters_and_to_import(
    client_for, account_manager, primary_assignment
):
    # A renamed route fails here (NoReverseMatch), it never skips.
    export_url, import_url = reverse("employers:export"), reverse("employers:import")
    response = client_for(account_manager).get(reverse("employers:list") + "?stage=active")
    assert f"{export_url}?stage=active&amp;manager={account_manager.pk}" in response.text
    assert f'href="{import_url}"' in response.text


def test_the_list_of_an_account_manager_without_employers_explains_the_toggle(
    client_for, account_manager
):
    response = client_for(account_manager).get(reverse("employers:list"))
    assert "Je bent nog van geen enkele werkgever de vaste accountmanager" in response.text


def _employer_with_everything(region, manager, index):
    employer = EmployerFactory(region=region)
    LocationFactory(employer=employer)
    AccountAssignmentFactory(employer=employer, manager=manager)
    ConversationFactory(
        employer=employer, author=manager, next_action="Bellen", next_action_owner=manager
    )
    return employer


def test_the_list_uses_the_same_number_of_queries_for_10_and_200_employers(
    client_for, team_lead, region, account_manager, django_assert_num_queries
):
    client = client_for(team_lead)
    for index in range(10):
        _employer_with_everything(region, account_manager, index)
    url = reverse("employers:list") + "?sort=-last_conversation"
    client.get(url)  # warm up the session and caches
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert len(response.context["employers"]) == 10
    for index in range(190):
        _employer_with_everything(region, account_manager, index)
    with django_assert_num_queries(len(few)):
        response = client.get(url)
    assert len(response.context["employers"]) == 50
    assert response.context["page"].paginator.count == 200


# The employer page ------------------------------------------------------------------------------


def test_the_employer_page_shows_facts_manager_contacts_and_timeline(
    client_for, account_manager, world
):
    response = client_for(account_manager).get(world.employer.get_absolute_url())
    text = response.text
    assert "30123456" in text
    assert "Geldt (25 of meer medewerkers)" in text  # job-agreement quota, 48 staff
    assert "vaste accountmanager sinds" in text
    assert "Mirjam Hoekstra" in text
    assert "Twee kandidaatprofielen sturen" in text
    assert "Gesprek vastleggen" in text
    assert response.context["primary"] == world.primary
    assert response.context["backups"] == [world.backup]


def test_the_log_form_has_sensible_defaults(client_for, account_manager, world):
    response = client_for(account_manager).get(world.employer.get_absolute_url())
    form = response.context["log_form"]
    assert form["channel"].value() == "phone"
    occurred = form["occurred_at"].value()  # shown in local time, without zone
    assert abs(occurred - timezone.localtime().replace(tzinfo=None)) < datetime.timedelta(minutes=2)
    assert 'data-ctrl-enter-submits="true"' in response.text
    # The current contacts are the participant checkboxes.
    assert f'name="log-participants" value="{world.contact.pk}"' in response.text


def test_the_log_form_comes_first_after_the_header(client_for, account_manager, world):
    text = client_for(account_manager).get(world.employer.get_absolute_url()).text
    header_end = text.index("</header>", text.index('id="facts"'))
    first_input = text.index("<input", header_end)
    assert text.index('id="log"') < first_input < text.index('id="actions"')
    assert "autofocus" not in text


def test_contacts_are_grouped_by_level_and_leavers_are_marked(
    client_for, account_manager, employer, contact
):
    successor = ContactPersonFactory(employer=employer, name="Sanne Vos", level="middle")
    boss = ContactPersonFactory(employer=employer, name="Henk de Baas", level="top")
    gone = ContactPersonFactory(
        employer=employer,
        name="Piet Weg",
        level="floor",
        left_on=TODAY() - datetime.timedelta(days=3),
        left_reason="Met pensioen",
        successor=successor,
    )
    response = client_for(account_manager).get(employer.get_absolute_url())
    groups = {group["level"]: group["contacts"] for group in response.context["contact_groups"]}
    assert groups == {"top": [boss], "middle": [contact, successor], "floor": [gone]}
    assert f'<li class="contact is-left" id="contact-{gone.pk}">' in response.text
    assert "vertrokken op" in response.text
    assert "Met pensioen" in response.text
    # Someone who left cannot be chosen as participant of a new conversation.
    assert f'name="log-participants" value="{gone.pk}"' not in response.text


def test_the_timeline_is_newest_first_and_shows_the_next_action_state(
    client_for, account_manager, employer, contact
):
    older = ConversationFactory(
        employer=employer,
        author=account_manager,
        occurred_at=timezone.now() - datetime.timedelta(days=30),
        summary="Kennismaking",
        next_action="Offerte sturen",
        next_action_due=TODAY() - datetime.timedelta(days=2),
        next_action_owner=account_manager,
    )
    newer = ConversationFactory(employer=employer, author=account_manager, summary="Evaluatie")
    response = client_for(account_manager).get(employer.get_absolute_url())
    timeline = response.context["timeline"]
    assert [entry["conversation"] for entry in timeline] == [newer, older]
    assert [item.pk for item in response.context["open_actions"]] == [older.action.pk]
    assert response.context["open_actions"][0].overdue
    assert "te laat" in response.text


def test_the_timeline_shows_25_and_offers_all(client_for, account_manager, employer):
    ConversationFactory.create_batch(30, employer=employer, author=account_manager)
    response = client_for(account_manager).get(employer.get_absolute_url())
    assert len(response.context["timeline"]) == 25
    assert "Toon alle 30 gesprekken" in response.text
    everything = client_for(account_manager).get(employer.get_absolute_url() + "?conversations=all")
    assert len(everything.context["timeline"]) == 30


def test_previous_managers_are_listed_with_dates_and_handover_notes(
    client_for, account_manager, colleague, employer, primary_assignment
):
    client = client_for(account_manager)
    client.post(
        reverse("employers:manager_assign", args=[employer.pk]),
        {
            "assign-manager": colleague.pk,
            "assign-next_step": "Directeur wil alleen telefonisch contact.",
            "assign-started_on": TODAY().isoformat(),
        },
    )
    response = client.get(employer.get_absolute_url())
    assert response.context["primary"].manager == colleague
    assert [a.manager for a in response.context["previous_assignments"]] == [account_manager]
    assert "Eerdere accountmanagers" in response.text
    assert "Directeur wil alleen telefonisch contact." in response.text


def test_the_employer_page_uses_the_same_number_of_queries_for_10_and_200_rows(
    client_for, account_manager, employer, django_assert_num_queries
):
    def add(count):
        for _ in range(count):
            person = ContactPersonFactory(employer=employer)
            ConversationFactory(
                employer=employer,
                author=account_manager,
                participants=[person],
                next_action="Terugbellen",
                next_action_owner=account_manager,
            )
            AccountAssignmentFactory(
                employer=employer,
                manager=account_manager,
                started_on=TODAY() - datetime.timedelta(days=400),
                ended_on=TODAY() - datetime.timedelta(days=200),
            )

    client = client_for(account_manager)
    url = employer.get_absolute_url() + "?conversations=all"
    add(10)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert conversations_in(response.context["timeline"]) == 10
    add(190)
    with django_assert_num_queries(len(few)):
        response = client.get(url)
    assert conversations_in(response.context["timeline"]) == 200
    assert len(response.context["open_actions"]) == 200


def conversations_in(timeline):
    """The conversations of the timeline (it also holds action steps and handovers)."""
    return sum(1 for entry in timeline if "conversation" in entry)


# Workflows: details and errors ------------------------------------------------------------------


def test_logging_a_conversation_records_participants_topics_and_next_action(
    client_for, account_manager, colleague, employer, contact
):
    response = client_for(account_manager).post(
        reverse("employers:conversation_log", args=[employer.pk]),
        {
            "log-channel": "video",
            "log-occurred_at": now_local(),
            "log-summary": "Gesproken over jobcarving in de inpakafdeling.\nVervolg in mei.",
            "log-participants": [contact.pk],
            "log-topics": ["job_carving", "staffing"],
            "log-service_style": "strategic",
            "log-next_action": "Functieanalyse inplannen",
            "log-next_action_due": (TODAY() + datetime.timedelta(days=14)).isoformat(),
            "log-next_action_owner": colleague.pk,
        },
    )
    conversation = employer.conversations.get()
    assert response.url == f"{employer.get_absolute_url()}#conversation-{conversation.pk}"
    assert conversation.author == account_manager
    assert conversation.channel == "video"
    assert list(conversation.participants.all()) == [contact]
    assert conversation.topics == ["job_carving", "staffing"]
    assert conversation.next_action_owner == colleague
    assert conversation.summary.endswith("Vervolg in mei.")


def test_a_next_action_without_owner_belongs_to_the_author(client_for, account_manager, employer):
    client_for(account_manager).post(
        reverse("employers:conversation_log", args=[employer.pk]),
        {
            "log-channel": "phone",
            "log-occurred_at": now_local(),
            "log-summary": "Kort belletje.",
            "log-next_action": "Mail sturen",
        },
    )
    assert employer.conversations.get().next_action_owner == account_manager


def test_a_conversation_without_summary_shows_the_page_again_with_everything_typed(
    client_for, account_manager, employer, contact
):
    response = client_for(account_manager).post(
        reverse("employers:conversation_log", args=[employer.pk]),
        {
            "log-channel": "visit",
            "log-occurred_at": "2025-03-04T10:30",
            "log-summary": "   ",
            "log-participants": [contact.pk],
            "log-topics": ["retention"],
            "log-next_action": "Werkplek bekijken met de jobcoach",
        },
    )
    assert response.status_code == 200
    assert not employer.conversations.exists()
    text = response.text
    assert "Dit veld is vereist." in text
    assert "Niet opgeslagen: controleer de gemarkeerde velden." in text
    assert 'value="Werkplek bekijken met de jobcoach"' in text
    assert 'value="2025-03-04T10:30"' in text
    assert '<option value="visit" selected>' in text
    assert f'name="log-participants" value="{contact.pk}" id="id_log-participants_0" checked' in (
        text
    )
    assert 'value="retention"' in text and 'value="retention" id="id_log-topics_4" checked' in text


def test_a_due_date_without_next_action_is_refused(client_for, account_manager, employer):
    response = client_for(account_manager).post(
        reverse("employers:conversation_log", args=[employer.pk]),
        {
            "log-channel": "phone",
            "log-occurred_at": now_local(),
            "log-summary": "Gebeld.",
            "log-next_action_due": TODAY().isoformat(),
        },
    )
    assert response.status_code == 200
    assert "Beschrijf de volgende actie." in response.text
    assert not employer.conversations.exists()


def test_a_participant_of_another_employer_is_refused(
    client_for, account_manager, employer, region
):
    stranger = ContactPersonFactory(employer=EmployerFactory(region=region))
    response = client_for(account_manager).post(
        reverse("employers:conversation_log", args=[employer.pk]),
        {
            "log-channel": "phone",
            "log-occurred_at": now_local(),
            "log-summary": "Gebeld.",
            "log-participants": [stranger.pk],
        },
    )
    assert response.status_code == 200
    assert not employer.conversations.exists()
    assert response.context["log_form"].errors["participants"]


def test_reassigning_without_handover_note_shows_the_services_error_and_keeps_input(
    client_for, account_manager, colleague, employer, primary_assignment
):
    response = client_for(account_manager).post(
        reverse("employers:manager_assign", args=[employer.pk]),
        {
            "assign-manager": colleague.pk,
            "assign-next_step": "",
            "assign-started_on": TODAY().isoformat(),
        },
    )
    assert response.status_code == 200
    assert "Schrijf een overdrachtsnotitie voor de nieuwe accountmanager." in response.text
    assert response.context["open_panel"] == "assign_form"
    assert f'<option value="{colleague.pk}" selected>' in response.text
    assert AccountAssignment.objects.current().get(employer=employer, kind="primary").manager == (
        account_manager
    )


def test_the_first_fixed_manager_needs_no_handover_note(client_for, team_lead, colleague, employer):
    response = client_for(team_lead).post(
        reverse("employers:manager_assign", args=[employer.pk]),
        {"assign-manager": colleague.pk, "assign-started_on": TODAY().isoformat()},
    )
    assert response.status_code == 302
    assert employer.assignments.get().manager == colleague


def test_a_manager_of_another_region_cannot_be_chosen(
    client_for, team_lead, outsider, employer, primary_assignment
):
    response = client_for(team_lead).post(
        reverse("employers:manager_assign", args=[employer.pk]),
        {
            "assign-manager": outsider.pk,
            "assign-next_step": "Overdracht",
            "assign-started_on": TODAY().isoformat(),
        },
    )
    assert response.status_code == 200
    assert response.context["assign_form"].errors["manager"]
    assert employer.assignments.current().get(kind="primary").manager != outsider


def test_the_fixed_manager_cannot_also_become_backup(
    client_for, team_lead, account_manager, employer, primary_assignment
):
    response = client_for(team_lead).post(
        reverse("employers:backup_add", args=[employer.pk]),
        {"backup-manager": account_manager.pk},
    )
    assert response.status_code == 200
    assert response.context["backup_form"].errors["manager"]
    assert AccountAssignment.objects.get(pk=primary_assignment.pk).ended_on is None


def test_an_invalid_contact_keeps_what_was_typed(client_for, account_manager, employer):
    response = client_for(account_manager).post(
        reverse("employers:contact_add", args=[employer.pk]),
        {"name": "Kees Bouwman", "email": "kees-at-bouwman", "phone": "06 99887766"},
    )
    assert response.status_code == 200
    assert not employer.contacts.exists()
    assert 'value="Kees Bouwman"' in response.text
    assert 'value="06 99887766"' in response.text
    assert "Voer een geldig e-mailadres in." in response.text
    assert response.context["form"].errors["level"]


def test_adding_a_contact_records_the_event(client_for, account_manager, employer):
    client_for(account_manager).post(
        reverse("employers:contact_add", args=[employer.pk]),
        {"name": "Kees Bouwman", "level": "floor", "is_supervisor": "on", "is_champion": "on"},
    )
    kees = employer.contacts.get()
    assert kees.active_since == TODAY()
    assert kees.events.get().kind == ContactEvent.Kind.ADDED


def test_a_contact_who_left_names_a_successor(client_for, account_manager, employer, contact):
    successor = ContactPersonFactory(employer=employer, name="Sanne Vos")
    response = client_for(account_manager).post(
        reverse("employers:contact_left", args=[employer.pk, contact.pk]),
        {"left_on": TODAY().isoformat(), "reason": "Andere baan", "successor": successor.pk},
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.successor == successor
    assert contact.left_reason == "Andere baan"
    assert contact.events.get(kind="left").details == "Andere baan; opvolger: Sanne Vos"


def test_a_leaving_date_before_the_start_is_refused_with_input_kept(
    client_for, account_manager, employer, contact
):
    too_early = (contact.active_since - datetime.timedelta(days=1)).isoformat()
    response = client_for(account_manager).post(
        reverse("employers:contact_left", args=[employer.pk, contact.pk]),
        {"left_on": too_early, "reason": "Vergissing"},
    )
    assert response.status_code == 200
    assert ContactPerson.objects.get(pk=contact.pk).left_on is None
    assert f'value="{too_early}"' in response.text
    assert 'value="Vergissing"' in response.text
    assert response.context["form"].errors["left_on"]


def test_a_contact_who_already_left_is_not_asked_again(
    client_for, account_manager, employer, contact
):
    ContactPerson.objects.filter(pk=contact.pk).update(left_on=TODAY())
    url = reverse("employers:contact_left", args=[employer.pk, contact.pk])
    response = client_for(account_manager).get(url)
    assert response.status_code == 302
    posted = client_for(account_manager).post(url, {"left_on": TODAY().isoformat()})
    assert posted.status_code == 200
    assert "al als vertrokken gemarkeerd" in posted.text


def test_someone_who_left_cannot_be_verified(client_for, account_manager, employer, contact):
    ContactPerson.objects.filter(pk=contact.pk).update(left_on=TODAY())
    response = client_for(account_manager).post(
        reverse("employers:contact_verify", args=[employer.pk, contact.pk]), follow=True
    )
    assert "kan niet worden" in response.text or "niet worden gecontroleerd" in response.text
    assert ContactPerson.objects.get(pk=contact.pk).last_verified_on is None


def test_a_role_change_is_kept_in_the_history(client_for, account_manager, employer, contact):
    client_for(account_manager).post(
        reverse("employers:contact_role", args=[employer.pk, contact.pk]),
        {"level": "top", "job_title": "Directeur", "is_director": "on", "on": "2025-01-06"},
    )
    event = contact.events.get(kind="role_changed")
    assert event.on == datetime.date(2025, 1, 6)
    assert "Directeur" in event.details


def test_the_contact_of_another_employer_is_404(client_for, account_manager, employer, region):
    stranger = ContactPersonFactory(employer=EmployerFactory(region=region))
    url = reverse("employers:contact_edit", args=[employer.pk, stranger.pk])
    assert client_for(account_manager).get(url).status_code == 404


def test_creating_an_employer_with_location_and_myself_as_manager(
    client_for, account_manager, region
):
    response = client_for(account_manager).post(
        reverse("employers:create"),
        {
            "name": "Fietsfabriek Oost",
            "kvk_number": "5566 7788",
            "ownership": "private",
            "employee_count": "30",
            "inclusion": "not_yet",
            "stage": "prospect",
            "street": "Oostkade 8",
            "postcode": "3511ab",
            "city": "Utrecht",
            "assign_me": "on",
        },
    )
    employer = Employer.objects.get(name="Fietsfabriek Oost")
    assert response.url == employer.get_absolute_url()
    assert employer.region == region
    assert employer.kvk_number == "55667788"
    assert employer.created_by == account_manager
    assert employer.locations.get().postcode == "3511 AB"
    assert employer.assignments.get().manager == account_manager


def test_a_duplicate_kvk_number_is_refused_in_dutch(client_for, account_manager, employer, region):
    response = client_for(account_manager).post(
        reverse("employers:create"),
        {
            "name": "Dubbel",
            "kvk_number": employer.kvk_number,
            "ownership": "private",
            "inclusion": "not_yet",
            "stage": "prospect",
            "street": "Oostkade 8",
        },
    )
    assert response.status_code == 200
    assert "Er staat al een werkgever met dit KvK-nummer" in response.text
    assert "Vul straat, postcode en plaats in, of geen van drieën." in response.text
    assert 'value="Dubbel"' in response.text
    assert not Employer.objects.filter(name="Dubbel").exists()


def test_a_pso_level_without_social_enterprise_shows_the_models_error(
    client_for, account_manager, employer
):
    response = client_for(account_manager).post(
        reverse("employers:edit", args=[employer.pk]),
        {
            "name": employer.name,
            "kvk_number": employer.kvk_number,
            "ownership": "private",
            "inclusion": "inclusive",
            "stage": "active",
            "pso_level": "pso_30",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["pso_level"]
    assert Employer.objects.get(pk=employer.pk).pso_level == ""
    # The page title still shows the saved name, not the attempt.
    assert response.context["employer"].name == "Bakkerij De Gouden Korst"


def test_a_done_action_from_the_start_page_returns_there(
    client_for, account_manager, conversation, employer
):
    done = reverse(
        "employers:action_change", args=[employer.pk, conversation.action.pk, "complete"]
    )
    response = client_for(account_manager).post(done, {"next": reverse("home")})
    assert response.url == reverse("home")
    second = ConversationFactory(employer=employer, author=account_manager, next_action="Mailen")
    elsewhere = client_for(account_manager).post(
        reverse("employers:action_change", args=[employer.pk, second.action.pk, "complete"]),
        {"next": "https://evil.example/"},
    )
    assert elsewhere.url.startswith(employer.get_absolute_url())


# Start page and navigation ----------------------------------------------------------------------


def test_the_start_page_shows_my_employers_and_my_open_actions_with_overdue_marked(
    client_for, account_manager, employer, primary_assignment
):
    ConversationFactory(
        employer=employer,
        author=account_manager,
        next_action="Contract nalopen",
        next_action_due=TODAY() - datetime.timedelta(days=1),
        next_action_owner=account_manager,
    )
    ConversationFactory(
        employer=employer,
        author=account_manager,
        next_action="Vacature uitzetten",
        next_action_due=TODAY() + datetime.timedelta(days=3),
        next_action_owner=account_manager,
    )
    response = client_for(account_manager).get(reverse("home"))
    text = response.text
    assert "Mijn werkgevers" in text
    assert f'href="/employers/?manager={account_manager.pk}">1</a>' in text
    assert text.index("Contract nalopen") < text.index("Vacature uitzetten")
    assert '<li class="is-overdue">' in text
    assert "1 te laat" in text


def test_staff_navigation_has_employers(client_for, team_lead):
    response = client_for(team_lead).get(reverse("home"))
    labels = [str(item["label"]) for item in response.context["nav_items"]]
    assert "Werkgevers" in labels


def test_a_wsp_admin_chooses_the_region_of_a_new_employer(client_for, wsp_admin, other_region):
    response = client_for(wsp_admin).post(
        reverse("employers:create"),
        {
            "region": other_region.pk,
            "name": "Haven Logistiek",
            "ownership": "private",
            "inclusion": "not_yet",
            "stage": "prospect",
        },
    )
    employer = Employer.objects.get(name="Haven Logistiek")
    assert response.url == employer.get_absolute_url()
    assert employer.region == other_region
    assert not employer.assignments.exists()


def test_an_account_manager_cannot_pick_another_region_for_a_new_employer(
    client_for, account_manager, region, other_region
):
    client_for(account_manager).post(
        reverse("employers:create"),
        {
            "region": other_region.pk,
            "name": "Stiekem B.V.",
            "ownership": "private",
            "inclusion": "not_yet",
            "stage": "prospect",
        },
    )
    assert Employer.objects.get(name="Stiekem B.V.").region == region
