"""The employer list's saved views (per user, optionally shared with the team) and bulk actions
on the selected rows: assign a fixed account manager (team leads and WSP admins), change the
stage, export the selection. Each employer goes through the single-change service in its own
transaction; a refusal for one is reported and the rest still go through."""

import csv
import io

import pytest
from django.urls import reverse

from accounts.models import Team, User
from employers.models import AccountAssignment, Employer, SavedView
from tests.conftest import make_user
from tests.factories import AccountAssignmentFactory, EmployerFactory

pytestmark = pytest.mark.django_db

LIST = "/employers/"


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


# Saved views ---------------------------------------------------------------------------------


def test_a_view_keeps_the_filters_and_the_list_shows_it(account_manager, client_for):
    client = client_for(account_manager)
    response = client.post(
        reverse("employers:saved_view_create"),
        {"name": "  Zonder  manager ", "query": "no_manager=true&stage=active&page=3&x=1"},
    )
    view = SavedView.objects.get(owner=account_manager)
    assert view.name == "Zonder manager"
    assert view.query == "stage=active&no_manager=true"  # only the list's filters, page dropped
    assert response.status_code == 302 and response["Location"] == f"{LIST}?{view.query}"
    page = client.get(LIST).content.decode()
    assert 'href="?stage=active&amp;no_manager=true"' in page and "Zonder manager" in page


def test_saving_under_the_same_name_replaces_and_an_empty_name_is_refused(
    account_manager, client_for
):
    client = client_for(account_manager)
    url = reverse("employers:saved_view_create")
    client.post(url, {"name": "Mijn lijst", "query": "stage=active"})
    client.post(url, {"name": "Mijn lijst", "query": "stage=prospect"})
    assert list(SavedView.objects.values_list("name", "query")) == [
        ("Mijn lijst", "stage=prospect")
    ]
    response = client.post(url, {"name": "   ", "query": "stage=active"}, follow=True)
    assert SavedView.objects.count() == 1
    assert any(
        "name" in message.lower() or "naam" in message.lower() for message in messages_of(response)
    )


def test_a_shared_view_reaches_the_team_and_only_its_owner_deletes_it(
    account_manager, colleague, outsider, client_for, region
):
    view = SavedView.objects.create(
        owner=account_manager,
        team=account_manager.team,
        name="Team: grote werkgevers",
        query="stage=active",
        shared=True,
    )
    private = SavedView.objects.create(owner=account_manager, name="Alleen ik", query="q=a")
    assert set(SavedView.objects.visible_to(colleague)) == {view}
    assert set(SavedView.objects.visible_to(outsider)) == set()
    other_team = make_user(
        "other-team@wsp.test",
        User.Role.ACCOUNT_MANAGER,
        region,
        Team.objects.create(region=region, name="Team Noord"),
    )
    assert set(SavedView.objects.visible_to(other_team)) == set()

    client = client_for(colleague)
    client.post(reverse("employers:saved_view_delete", args=[view.pk]))
    assert SavedView.objects.filter(pk=view.pk).exists()  # not theirs
    assert client.post(reverse("employers:saved_view_delete", args=[private.pk])).status_code == 404

    client = client_for(account_manager)
    client.post(reverse("employers:saved_view_delete", args=[view.pk]))
    assert not SavedView.objects.filter(pk=view.pk).exists()


def test_sharing_without_a_team_is_refused(region, client_for):
    loner = make_user("loner@wsp.test", User.Role.ACCOUNT_MANAGER, region)
    response = client_for(loner).post(
        reverse("employers:saved_view_create"),
        {"name": "Gedeeld", "query": "stage=active", "shared": "on"},
        follow=True,
    )
    assert not SavedView.objects.exists()
    assert messages_of(response)


# Bulk actions --------------------------------------------------------------------------------


@pytest.fixture
def three(region, account_manager):
    employers = [EmployerFactory(region=region, name=f"Werkgever {n}") for n in "ABC"]
    AccountAssignmentFactory(employer=employers[0], manager=account_manager)
    return employers


def bulk(client, op, employers, **fields):
    data = {"op": op, "employer": [employer.pk for employer in employers], **fields}
    return client.post(reverse("employers:bulk"), data, follow=op != "export")


def current_manager(employer):
    assignment = AccountAssignment.objects.current().filter(employer=employer, kind="primary")
    return assignment.values_list("manager_id", flat=True).first()


def test_a_team_lead_assigns_a_manager_to_the_selection_with_the_handover_note(
    three, team_lead, colleague, client_for
):
    response = bulk(
        client_for(team_lead),
        "assign",
        three,
        manager=colleague.pk,
        handover_note="Anna gaat met verlof; Cor neemt over.",
    )
    assert [current_manager(employer) for employer in three] == [colleague.pk] * 3
    handed = AccountAssignment.objects.current().get(employer=three[0], kind="primary")
    assert "Cor neemt over" in handed.handover_note
    assert any("3" in message for message in messages_of(response))


def test_a_refusal_for_one_employer_is_reported_and_the_others_go_through(
    three, team_lead, colleague, client_for
):
    # Werkgever A has a manager, so it needs a handover note; B and C do not.
    response = bulk(client_for(team_lead), "assign", three, manager=colleague.pk)
    assert current_manager(three[0]) != colleague.pk
    assert [current_manager(employer) for employer in three[1:]] == [colleague.pk] * 2
    assert any("Werkgever A" in message for message in messages_of(response))


def test_account_managers_may_not_bulk_assign_but_may_change_the_stage(
    three, account_manager, colleague, client_for
):
    client = client_for(account_manager)
    bulk(client, "assign", three[1:], manager=colleague.pk)
    assert [current_manager(employer) for employer in three[1:]] == [None, None]
    response = bulk(client, "stage", three, stage=Employer.Stage.INTRODUCTION)
    assert set(
        Employer.objects.filter(pk__in=[e.pk for e in three]).values_list("stage", flat=True)
    ) == {Employer.Stage.INTRODUCTION}
    assert messages_of(response)


def test_the_selection_is_scoped_and_bad_input_changes_nothing(
    three, account_manager, outsider, client_for, other_region
):
    theirs = EmployerFactory(region=other_region, name="Elders")
    client = client_for(account_manager)
    stages = {e.pk: e.stage for e in [three[1], theirs]}
    response = bulk(client, "stage", [three[1], theirs], stage=Employer.Stage.PROSPECT)
    # Another region's employer in the selection: the whole request is refused.
    assert stages == dict(Employer.objects.filter(pk__in=stages).values_list("pk", "stage"))
    assert Employer.Stage.PROSPECT not in stages.values()
    assert messages_of(response)
    response = bulk(client, "stage", three, stage="no-such-stage")
    assert messages_of(response)
    response = bulk(client, "stage", [])
    assert messages_of(response)


def test_exporting_the_selection_gives_exactly_those_rows(three, account_manager, client_for):
    response = bulk(client_for(account_manager), "export", three[:2])
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig")), delimiter=";"))
    names = {row[0] for row in rows[1:]}
    assert {"Werkgever A", "Werkgever B"} <= names and "Werkgever C" not in names


def test_the_list_offers_the_bulk_form_with_the_assign_option_to_team_leads_only(
    three, account_manager, team_lead, client_for
):
    mine = client_for(account_manager).get(f"{LIST}?manager=").content.decode()
    assert 'id="bulk-form"' in mine and 'value="assign"' not in mine
    assert f'name="employer" value="{three[0].pk}"' in mine
    lead = client_for(team_lead).get(f"{LIST}?manager=").content.decode()
    assert 'value="assign"' in lead and 'id="id_bulk_manager"' in lead
