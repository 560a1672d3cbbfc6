"""The placement team (issue 15): members with a role and a period, written through
placements.team_services, shown on the placement page, in the API and (names and roles only)
in the employer portal. Bad input is refused with a clear message and nothing is written."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import User
from audit.models import AuditEvent
from employers import services as employer_services
from placements import services as placement_services
from placements import team_services
from placements.models import TeamMember
from tests.conftest import make_user
from tests.factories import ContactPersonFactory
from tests.placements.conftest import TODAY, days_ago

pytestmark = pytest.mark.django_db

API = "/api/v1"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def buddy(employer):
    return ContactPersonFactory(employer=employer, name="Fatima El Amrani", level="floor")


@pytest.fixture
def hr(employer):
    return ContactPersonFactory(employer=employer, name="Mirjam Hoekstra", level="middle")


def add(placement, role, by, **fields):
    return team_services.team_add(placement=placement, role=role, by=by, **fields)


# Services ---------------------------------------------------------------------------------------


def test_the_team_keeps_roles_and_periods_and_the_audit_trail(
    placement, account_manager, supervisor, buddy, hr
):
    add(placement, "buddy", account_manager, contact=buddy, start=days_ago(5))
    member = add(placement, "hr", account_manager, contact=hr, note="Belt liever dan mailt")
    team_services.team_end(member=member, end=TODAY(), by=account_manager)

    roles = {(m.role, m.person_name) for m in placement.team.all()}
    assert roles == {
        ("supervisor", "Kees Bouwman"),
        ("job_coach", "Sanne Jansen"),
        ("buddy", "Fatima El Amrani"),
        ("hr", "Mirjam Hoekstra"),
    }
    member.refresh_from_db()
    assert (member.start, member.end) == (TODAY(), TODAY())
    events = AuditEvent.objects.filter(object_type="placements.teammember", object_id=member.pk)
    assert sorted(events.values_list("action", flat=True)) == ["create", "update"]
    update = events.get(action="update")
    assert update.changes == {"end": [None, TODAY().isoformat()]}


def test_the_supervisor_property_reads_the_team(placement, account_manager, supervisor, buddy):
    assert placement.supervisor == supervisor
    later = ContactPersonFactory(employer=placement.employer, name="Ingrid Smit")
    add(placement, "supervisor", account_manager, contact=later)
    assert TeamMember.objects.filter(placement=placement, role="supervisor").count() == 2
    placement.refresh_from_db()
    assert placement.supervisor == later, "the latest start wins"
    assert placement.job_coach.person_name == "Sanne Jansen"


def test_a_contact_of_another_employer_is_refused_and_nothing_written(
    placement, account_manager, other_employer, employer
):
    # Another region's employer and an employer of the same region: both refused.
    neighbour = ContactPersonFactory(
        employer=employer_services.employer_create(
            region=employer.region, by=account_manager, name="Buurman BV", kvk_number="30111222"
        )
    )
    for stranger in (ContactPersonFactory(employer=other_employer), neighbour):
        with pytest.raises(ValidationError) as error:
            add(placement, "buddy", account_manager, contact=stranger)
        assert error.value.message_dict["contact"] == [
            "Deze contactpersoon werkt bij een andere werkgever: kies iemand van de werkgever "
            "van deze plaatsing."
        ]
    assert placement.team.count() == 2


def test_a_coach_period_ending_before_it_starts_is_refused(placement, account_manager):
    with pytest.raises(ValidationError) as error:
        add(
            placement,
            "job_coach",
            account_manager,
            name="Piet Coach",
            start=TODAY(),
            end=TODAY() - datetime.timedelta(days=1),
        )
    assert error.value.message_dict["end"] == ["De periode kan niet eindigen voordat hij begint."]
    member = placement.team.get(role="job_coach")
    with pytest.raises(ValidationError):
        team_services.team_end(
            member=member, end=member.start - datetime.timedelta(days=1), by=account_manager
        )
    member.refresh_from_db()
    assert member.end == TODAY() + datetime.timedelta(days=150)
    assert placement.team.count() == 2


@pytest.mark.parametrize(
    ("role", "fields", "field"),
    [
        ("supervisor", {}, "contact"),
        ("job_coach", {}, "name"),
        ("job_coach", {"name": "  "}, "name"),
    ],
)
def test_a_member_without_a_person_is_refused(placement, account_manager, role, fields, field):
    with pytest.raises(ValidationError) as error:
        add(placement, role, account_manager, **fields)
    assert field in error.value.message_dict
    assert placement.team.count() == 2


def test_a_leaver_cannot_join_and_an_ended_placement_takes_nobody(
    placement, account_manager, employer, buddy
):
    gone = ContactPersonFactory(employer=employer, left_on=days_ago(3))
    with pytest.raises(ValidationError) as error:
        add(placement, "buddy", account_manager, contact=gone)
    assert "vertrokken" in error.value.message_dict["contact"][0]
    placement_services.placement_end(
        placement=placement, ended_on=TODAY(), reason="contract_ended", by=account_manager
    )
    with pytest.raises(ValidationError):
        add(placement, "buddy", account_manager, contact=buddy)
    assert placement.team.count() == 2


def test_an_internal_coach_is_a_staff_member(placement, account_manager, colleague):
    member = add(
        placement, "job_coach", account_manager, staff=colleague, hours_per_week=Decimal("4")
    )
    assert member.person_name == colleague.full_name
    assert member.coach_organisation == "WSP"
    with pytest.raises(ValidationError) as error:
        add(placement, "job_coach", account_manager, staff=colleague, name="Piet Coach")
    assert "name" in error.value.message_dict


# Pages -----------------------------------------------------------------------------------------


def test_the_placement_page_shows_the_team_with_roles_and_periods(
    client_for, placement, account_manager, supervisor
):
    html = client_for(account_manager).get(placement.get_absolute_url()).text
    assert 'id="team"' in html
    assert "Kees Bouwman</strong> · Leidinggevende" in html
    assert "Sanne Jansen</strong> · Jobcoach" in html
    assert "(Jobcoach Midden)" in html
    assert f"vanaf {placement.start_date.day}" in html


def test_adding_and_ending_a_member_on_the_page(client_for, placement, account_manager, buddy):
    client = client_for(account_manager)
    url = reverse("placements:team_add", args=[placement.pk])
    response = client.post(
        url,
        {
            "team-role": "buddy",
            "team-contact": buddy.pk,
            "team-start": TODAY().isoformat(),
            "team-note": "Vaste buddy op de ochtendploeg",
        },
    )
    assert response.status_code == 302, response.context and response.context["team_form"].errors
    member = placement.team.get(role="buddy")
    assert (member.contact, member.start, member.note) == (
        buddy,
        TODAY(),
        "Vaste buddy op de ochtendploeg",
    )

    end_url = reverse("placements:team_end", args=[placement.pk, member.pk])
    assert client.get(end_url).status_code == 200
    response = client.post(end_url, {"end": TODAY().isoformat()})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.end == TODAY()


def test_a_bad_member_on_the_page_is_refused_with_the_input_kept(
    client_for, placement, account_manager, other_employer
):
    stranger = ContactPersonFactory(employer=other_employer)
    response = client_for(account_manager).post(
        reverse("placements:team_add", args=[placement.pk]),
        {
            "team-role": "job_coach",
            "team-name": "Piet Coach",
            "team-start": TODAY().isoformat(),
            "team-end": days_ago(1).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "De periode kan niet eindigen voordat hij begint." in response.text
    response = client_for(account_manager).post(
        reverse("placements:team_add", args=[placement.pk]),
        {"team-role": "buddy", "team-contact": stranger.pk, "team-start": TODAY().isoformat()},
    )
    assert response.status_code == 200
    assert "team-contact" in response.text
    assert placement.team.count() == 2


# API ---------------------------------------------------------------------------------------------


def test_the_api_lists_and_adds_team_members(placement, account_manager, buddy):
    client = api(account_manager)
    body = client.get(f"{API}/placements/{placement.pk}/").json()
    assert body["supervisor_name"] == "Kees Bouwman"
    assert body["job_coach_name"] == "Sanne Jansen"
    assert body["job_coach_organisation"] == "Jobcoach Midden"
    assert {m["role"] for m in body["team"]} == {"supervisor", "job_coach"}

    response = client.post(
        f"{API}/placements/{placement.pk}/team/",
        {"role": "buddy", "contact": buddy.pk},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert (response.json()["person_name"], response.json()["is_current"]) == (
        "Fatima El Amrani",
        True,
    )
    listed = client.get(f"{API}/placements/{placement.pk}/team/").json()
    assert [m["role"] for m in listed].count("buddy") == 1

    member_id = response.json()["id"]
    response = client.post(
        f"{API}/placements/{placement.pk}/team/{member_id}/end/",
        {"end": TODAY().isoformat()},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["end"] == TODAY().isoformat()


def test_the_api_refuses_bad_team_input_and_writes_nothing(
    placement, account_manager, other_employer, employer
):
    client = api(account_manager)
    url = f"{API}/placements/{placement.pk}/team/"
    neighbour = ContactPersonFactory(
        employer=employer_services.employer_create(
            region=employer.region, by=account_manager, name="Buurman BV", kvk_number="30111222"
        )
    )
    cases = [
        ({"role": "buddy", "contact": neighbour.pk}, "contact"),
        ({"role": "buddy", "contact": ContactPersonFactory(employer=other_employer).pk}, "contact"),
        ({"role": "job_coach", "name": "Piet", "start": "2026-01-10", "end": "2026-01-01"}, "end"),
        ({"role": "job_coach"}, "name"),
        ({"role": "boss", "contact": neighbour.pk}, "role"),
    ]
    for payload, field in cases:
        response = client.post(url, payload, format="json")
        assert response.status_code == 400, payload
        assert field in response.json(), response.json()
    assert placement.team.count() == 2


# Portal -------------------------------------------------------------------------------------------


def test_the_portal_shows_names_and_roles_never_internal_notes(
    client_for, placement, account_manager, buddy, supervisor
):
    employer_user = make_user(
        "piet@goudenkorst.test",
        User.Role.EMPLOYER_USER,
        first_name="Piet",
        employer=placement.employer,
    )
    add(placement, "buddy", account_manager, contact=buddy, note="INTERN: twijfelt over contract")
    gone = ContactPersonFactory(employer=placement.employer, name="Oud Collega")
    old = add(placement, "hr", account_manager, contact=gone, start=days_ago(10))
    team_services.team_end(member=old, end=days_ago(1), by=account_manager)

    html = client_for(employer_user).get(reverse("portal:placements")).text
    assert "Kees Bouwman · Leidinggevende" in html
    assert "Fatima El Amrani · Werkbegeleider (buddy)" in html
    assert "Sanne Jansen · Jobcoach (Jobcoach Midden)" in html
    assert "INTERN" not in html
    assert "Oud Collega" not in html, "only the current team"

    body = api(employer_user).get(f"{API}/portal/placements/").json()
    rows = body["results"] if isinstance(body, dict) else body
    team = rows[0]["team"]
    assert {
        "name": "Fatima El Amrani",
        "role": "Werkbegeleider (buddy)",
        "organisation": "",
    } in team
    assert "INTERN" not in str(body)
    assert rows[0]["job_coach"] == "Sanne Jansen"
