"""The portal pages as an employer user: fixed contact, contacts, placements, support, questions."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from candidates import services as candidate_services
from candidates.models import SharingConsent
from continuity.models import Signal
from continuity.scan import scan_region
from employers import services as employer_services
from employers.models import AccountAssignment, ContactEvent, ContactPerson, Conversation
from placements.models import Instrument
from portal.models import ContactProposal
from portal.services import add_working_days
from tests.factories import AccountAssignmentFactory, ContactPersonFactory

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


# Landing --------------------------------------------------------------------------------------


def test_employer_users_land_on_the_portal_and_staff_on_their_home(
    client_for, user_a, account_manager
):
    response = client_for(user_a).get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")
    staff = client_for(account_manager).get(reverse("home"))
    assert staff.status_code == 200
    assert "accounts/home_staff.html" in [t.name for t in staff.templates]


# Fixed contact --------------------------------------------------------------------------------


def test_home_shows_the_fixed_contact_with_phone_email_and_since(
    client_for, user_a, account_manager
):
    account_manager.phone = "030 123 45 67"
    account_manager.save()
    text = client_for(user_a).get(reverse("portal:home")).text
    assert "Uw vaste contactpersoon" in text
    assert "Anna Test" in text
    assert 'href="tel:030 123 45 67"' in text
    assert "am@wsp.test" in text
    since = AccountAssignment.objects.get(manager=account_manager).started_on
    assert f"{since.day} " in text and str(since.year) in text
    assert "is gewijzigd" not in text


def test_home_shows_the_backup_for_absence(client_for, user_a, employer_a, colleague):
    AccountAssignmentFactory(employer=employer_a, manager=colleague, kind="backup")
    text = client_for(user_a).get(reverse("portal:home")).text
    assert "Cor Test" in text and "colleague@wsp.test" in text
    assert "vervangt uw contactpersoon" in text


def test_home_announces_a_change_of_fixed_contact_in_the_last_60_days(
    client_for, user_a, employer_a, colleague, team_lead
):
    employer_services.account_manager_assign(
        employer=employer_a,
        manager=colleague,
        by=team_lead,
        handover_note="Anna gaat naar een ander team.",
        started_on=days_ago(10),
    )
    text = client_for(user_a).get(reverse("portal:home")).text
    assert "Uw vaste contactpersoon is gewijzigd." in text
    assert "is Cor Test uw vaste contactpersoon bij het WSP" in text
    assert str(days_ago(10).year) in text
    assert "Anna Test" not in text


def test_no_change_notice_after_60_days(client_for, user_a, employer_a, colleague, team_lead):
    employer_services.account_manager_assign(
        employer=employer_a,
        manager=colleague,
        by=team_lead,
        handover_note="Overdracht.",
        started_on=days_ago(61),
    )
    text = client_for(user_a).get(reverse("portal:home")).text
    assert "Cor Test" in text
    assert "is gewijzigd" not in text


def test_home_without_a_fixed_contact_says_so(client_for, user_a, employer_a):
    AccountAssignment.objects.filter(employer=employer_a).update(ended_on=timezone.localdate())
    text = client_for(user_a).get(reverse("portal:home")).text
    assert "Op dit moment heeft u geen vaste contactpersoon" in text


# Contacts -------------------------------------------------------------------------------------


def test_contacts_page_lists_current_contacts_only(client_for, user_a, employer_a, contact_a):
    ContactPersonFactory(employer=employer_a, name="Oud Gediende", left_on=days_ago(5))
    text = client_for(user_a).get(reverse("portal:contacts")).text
    assert "Sanne de Wit" in text and "HR-manager" in text
    assert "Oud Gediende" not in text


def test_confirming_a_contact_sets_verified_by_the_employer_user(client_for, user_a, contact_a):
    response = client_for(user_a).post(reverse("portal:contact_verify", args=[contact_a.pk]))
    assert response.status_code == 302
    contact_a.refresh_from_db()
    assert contact_a.last_verified_on == timezone.localdate()
    event = ContactEvent.objects.get(contact=contact_a, kind=ContactEvent.Kind.VERIFIED)
    assert event.by == user_a


def test_reporting_a_contact_left_raises_the_signal_for_the_fixed_manager(
    client_for, user_a, contact_a, account_manager, eager_celery, django_capture_on_commit_callbacks
):
    client = client_for(user_a)
    assert "Sanne de Wit" in client.get(reverse("portal:contact_left", args=[contact_a.pk])).text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:contact_left", args=[contact_a.pk]),
            {"left_on": timezone.localdate().isoformat(), "reason": "Andere baan"},
        )
    assert response.status_code == 302
    contact_a.refresh_from_db()
    assert contact_a.left_on == timezone.localdate() and contact_a.left_reason == "Andere baan"
    assert ContactEvent.objects.get(contact=contact_a, kind="left").by == user_a
    signal = Signal.objects.get(kind=Signal.Kind.CONTACT_LEFT, contact=contact_a)
    assert (signal.status, signal.assigned_to) == (Signal.Status.OPEN, account_manager)
    followed = client.get(reverse("portal:contacts"))
    assert f'id="contact-{contact_a.pk}"' not in followed.text
    assert "Uw contactpersoon bij het WSP is op de hoogte gebracht" in followed.text


def test_reporting_left_is_also_picked_up_by_the_scheduled_scan(
    client_for, user_a, contact_a, account_manager, region
):
    client_for(user_a).post(
        reverse("portal:contact_left", args=[contact_a.pk]),
        {"left_on": timezone.localdate().isoformat()},
    )
    scan_region(region)
    signal = Signal.objects.get(kind=Signal.Kind.CONTACT_LEFT, contact=contact_a)
    assert signal.assigned_to == account_manager


def test_reporting_left_without_a_date_shows_a_dutch_error(client_for, user_a, contact_a):
    response = client_for(user_a).post(
        reverse("portal:contact_left", args=[contact_a.pk]), {"left_on": ""}
    )
    assert response.status_code == 400
    assert "Dit veld is vereist." in response.text
    contact_a.refresh_from_db()
    assert contact_a.left_on is None


def test_proposing_a_new_contact_creates_a_pending_proposal(client_for, user_a, employer_a):
    response = client_for(user_a).post(
        reverse("portal:contact_propose"),
        {
            "name": "Piet Post",
            "job_title": "Teamleider",
            "level": "floor",
            "is_supervisor": "on",
            "email": "piet@anker.test",
        },
    )
    assert response.status_code == 302
    proposal = ContactProposal.objects.get()
    assert (proposal.employer, proposal.status, proposal.proposed_by) == (
        employer_a,
        "pending",
        user_a,
    )
    assert proposal.is_supervisor and not ContactPerson.objects.filter(name="Piet Post").exists()
    text = client_for(user_a).get(reverse("portal:contacts")).text
    assert "Wacht op het WSP" in text and "Piet Post" in text


def test_a_proposal_needs_a_phone_or_email(client_for, user_a):
    response = client_for(user_a).post(
        reverse("portal:contact_propose"), {"name": "Piet Post", "level": "floor"}
    )
    assert response.status_code == 400
    assert "Vul een telefoonnummer of e-mailadres in." in response.text
    assert 'value="Piet Post"' in response.text
    assert not ContactProposal.objects.exists()


# Placements -----------------------------------------------------------------------------------


def test_placements_without_consent_show_an_alias_and_never_target_groups(
    client_for, user_a, employer_a, make_placement
):
    make_placement(employer_a, first_name="Joyce", job_title="Inpakker")
    make_placement(employer_a, first_name="Mehmet", job_title="Magazijnmedewerker")
    text = client_for(user_a).get(reverse("portal:placements")).text
    assert "medewerker 1" in text and "medewerker 2" in text
    assert "Joyce" not in text and "Mehmet" not in text and "Kandidaat" not in text
    assert "Inpakker" in text and "Magazijnmedewerker" in text
    assert "Karin Coach" in text
    assert "Nauwkeurig" not in text
    assert "doelgroep" not in text.lower() and "banenafspraak" not in text.lower()


def test_consent_shows_the_name_and_profile_and_withdrawal_removes_them(
    client_for, user_a, employer_a, make_placement, account_manager
):
    placement = make_placement(employer_a, consent=True, first_name="Joyce")
    client = client_for(user_a)
    text = client.get(reverse("portal:placements")).text
    assert "Joyce Kandidaat" in text and "Nauwkeurig werker" in text
    consent = SharingConsent.objects.get(candidate=placement.candidate)
    candidate_services.consent_withdraw(consent=consent, by=account_manager)
    text = client.get(reverse("portal:placements")).text
    assert "Joyce" not in text and "Nauwkeurig werker" not in text
    assert "medewerker 1" in text


def test_placements_show_start_date_and_next_follow_up(
    client_for, user_a, employer_a, make_placement
):
    placement = make_placement(employer_a)
    next_follow_up = placement.follow_ups.filter(done_on__isnull=True).order_by("due_on").first()
    text = client_for(user_a).get(reverse("portal:placements")).text
    assert str(placement.start_date.year) in text
    assert next_follow_up is not None
    from django.utils.formats import date_format

    assert date_format(next_follow_up.due_on, "j F Y") in text


def test_ended_placements_are_not_shown(client_for, user_a, employer_a, make_placement):
    from placements import services as placement_services

    placement = make_placement(employer_a, job_title="Schoonmaker")
    placement_services.placement_end(
        placement=placement,
        by=placement.responsible,
        ended_on=timezone.localdate(),
        reason="contract_ended",
    )
    assert "Schoonmaker" not in client_for(user_a).get(reverse("portal:placements")).text


# Support --------------------------------------------------------------------------------------


def test_support_lists_the_regions_active_instruments(client_for, user_a, region, other_region):
    Instrument.objects.filter(region=region).update(is_active=True)
    own = Instrument.objects.filter(region=region).order_by("name").first()
    retired = Instrument.objects.create(
        region=region, name="Oude regeling", provider="uwv", description="Weg.", is_active=False
    )
    elsewhere = Instrument.objects.create(
        region=other_region, name="Rijnmondbonus", provider="other", description="Alleen daar."
    )
    text = client_for(user_a).get(reverse("portal:support")).text
    assert own.name in text
    assert retired.name not in text and elsewhere.name not in text
    assert "Geregeld door" in text


# Questions ------------------------------------------------------------------------------------


def test_a_question_arrives_at_the_fixed_manager_with_a_next_action(
    client_for, user_a, employer_a, account_manager, django_capture_on_commit_callbacks
):
    client = client_for(user_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:question"),
            {"topic": "staffing", "question": "Wij zoeken twee inpakkers voor 24 uur."},
        )
    conversation = Conversation.objects.get(employer=employer_a)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:question_sent", args=[conversation.pk])
    assert (conversation.channel, conversation.author, conversation.summary) == (
        "message",
        user_a,
        "Wij zoeken twee inpakkers voor 24 uur.",
    )
    assert conversation.topics == ["staffing"]
    assert conversation.next_action == "Vraag van werkgever beantwoorden"
    assert conversation.next_action_owner == account_manager
    assert conversation.next_action_due == add_working_days(timezone.localdate(), 3)
    assert conversation.next_action_due.weekday() < 5
    sent = client.get(response["Location"]).text
    assert "Bedankt, wij hebben uw vraag ontvangen" in sent
    assert "Anna Test beantwoordt uw vraag." in sent
    # The asker's confirmation, then the fixed manager's notification (tests/portal/test_notify.py).
    assert [m.to for m in mail.outbox] == [["jan@anker.test"], [account_manager.email]]
    assert "Wij hebben uw vraag ontvangen" in mail.outbox[0].subject
    assert "Wij zoeken twee inpakkers" in mail.outbox[0].body


def test_a_question_without_fixed_manager_goes_to_a_team_lead(
    client_for, user_a, employer_a, team_lead
):
    AccountAssignment.objects.filter(employer=employer_a).update(ended_on=timezone.localdate())
    client_for(user_a).post(reverse("portal:question"), {"question": "Wie helpt ons?"})
    assert Conversation.objects.get(employer=employer_a).next_action_owner == team_lead


def test_an_empty_question_is_refused_in_dutch(client_for, user_a):
    response = client_for(user_a).post(reverse("portal:question"), {"question": "  "})
    assert response.status_code == 400
    assert "Dit veld is vereist." in response.text
    assert not Conversation.objects.exists()


def test_three_working_days_skip_the_weekend():
    friday = datetime.date(2026, 11, 27)
    assert add_working_days(friday, 3) == datetime.date(2026, 12, 2)
    assert add_working_days(datetime.date(2026, 11, 23), 3) == datetime.date(2026, 11, 26)


# Query counts ---------------------------------------------------------------------------------


def _many_contacts(employer, count):
    ContactPerson.objects.bulk_create(
        ContactPerson(employer=employer, name=f"Persoon {n}", level="middle") for n in range(count)
    )


@pytest.mark.parametrize("name", ["home", "contacts", "placements", "support", "question"])
def test_portal_pages_use_a_fixed_number_of_queries(
    client_for, user_a, employer_a, make_placement, name
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(user_a)
    url = reverse(f"portal:{name}")
    _many_contacts(employer_a, 3)
    for _ in range(2):
        make_placement(employer_a)
    client.get(url)  # warm up: the first request may write session bookkeeping
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _many_contacts(employer_a, 60)
    for _ in range(12):
        make_placement(employer_a)
    ContactProposal.objects.bulk_create(
        ContactProposal(employer=employer_a, name=f"Voorstel {n}", level="floor", email="a@b.nl")
        for n in range(20)
    )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
