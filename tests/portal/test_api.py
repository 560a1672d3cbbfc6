"""The portal API (/api/v1/portal/...) as an employer user: what it shows and what it changes."""

import pytest
from django.utils import timezone

from candidates import services as candidate_services
from candidates.models import SharingConsent
from continuity.models import Signal
from employers.models import ContactEvent, Conversation
from portal.models import ContactProposal

pytestmark = pytest.mark.django_db


def test_me_contact_gives_the_fixed_manager(client_for, user_a, account_manager):
    data = client_for(user_a).get("/api/v1/portal/me/contact/").json()
    assert data["contact"] == {
        "name": "Anna Test",
        "job_title": "",
        "phone": "",
        "email": "am@wsp.test",
    }
    assert data["since"] and data["backup"] is None and data["changed_on"] is None


def test_verify_through_the_api(client_for, user_a, contact_a):
    response = client_for(user_a).post(f"/api/v1/portal/contacts/{contact_a.pk}/verify/")
    assert response.status_code == 200
    assert response.json()["last_verified_on"] == timezone.localdate().isoformat()
    assert ContactEvent.objects.get(contact=contact_a, kind="verified").by == user_a


def test_left_through_the_api_raises_the_signal_for_the_fixed_manager(
    client_for, user_a, contact_a, account_manager, eager_celery, django_capture_on_commit_callbacks
):
    client = client_for(user_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/v1/portal/contacts/{contact_a.pk}/left/",
            {"left_on": timezone.localdate().isoformat(), "reason": "Pensioen"},
            content_type="application/json",
        )
    assert response.status_code == 200
    assert ContactEvent.objects.get(contact=contact_a, kind="left").by == user_a
    signal = Signal.objects.get(kind=Signal.Kind.CONTACT_LEFT, contact=contact_a)
    assert signal.assigned_to == account_manager
    again = client.post(
        f"/api/v1/portal/contacts/{contact_a.pk}/verify/", content_type="application/json"
    )
    assert again.status_code == 404  # no longer a current contact


def test_left_with_a_bad_date_answers_400(client_for, user_a, contact_a):
    response = client_for(user_a).post(
        f"/api/v1/portal/contacts/{contact_a.pk}/left/",
        {"left_on": "gisteren"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "left_on" in response.json()
    contact_a.refresh_from_db()
    assert contact_a.left_on is None


def test_propose_creates_a_pending_proposal(client_for, user_a, employer_a):
    response = client_for(user_a).post(
        "/api/v1/portal/contacts/propose/",
        {"name": "Piet Post", "level": "floor", "phone": "06 1234 5678"},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["status"] == "pending"
    proposal = ContactProposal.objects.get()
    assert (proposal.employer, proposal.proposed_by) == (employer_a, user_a)
    bad = client_for(user_a).post(
        "/api/v1/portal/contacts/propose/",
        {"name": "Zonder Gegevens", "level": "floor"},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert "Vul een telefoonnummer of e-mailadres in." in str(bad.json())


def test_placements_follow_consent_and_never_show_target_groups(
    client_for, user_a, employer_a, make_placement, account_manager
):
    placement = make_placement(employer_a, consent=True, first_name="Joyce")
    make_placement(employer_a, first_name="Mehmet")
    client = client_for(user_a)
    rows = client.get("/api/v1/portal/placements/").json()
    assert [(r["employee"], r["named"]) for r in rows] == [
        (f"Joyce {placement.candidate.last_name}", True),
        ("medewerker 2", False),
    ]
    assert rows[0]["profile"]["strengths"].startswith("Nauwkeurig werker")
    assert rows[1]["profile"] is None
    assert "target_groups" not in str(rows) and "job_agreement" not in str(rows)
    consent = SharingConsent.objects.get(candidate=placement.candidate)
    candidate_services.consent_withdraw(consent=consent, by=account_manager)
    rows = client.get("/api/v1/portal/placements/").json()
    assert [r["employee"] for r in rows] == ["medewerker 1", "medewerker 2"]
    assert rows[0]["profile"] is None
    one = client.get(f"/api/v1/portal/placements/{placement.pk}/").json()
    assert one["employee"] == "medewerker 1"


def test_questions_are_logged_for_the_manager_and_listed_for_the_asker(
    client_for, user_a, employer_a, account_manager
):
    client = client_for(user_a)
    response = client.post(
        "/api/v1/portal/questions/",
        {"question": "Kunnen jullie een jobcoach regelen?", "topic": "guidance"},
        content_type="application/json",
    )
    assert response.status_code == 201
    conversation = Conversation.objects.get(employer=employer_a)
    assert conversation.next_action_owner == account_manager
    assert response.json()["answer_due"] == conversation.next_action_due.isoformat()
    listed = client.get("/api/v1/portal/questions/").json()
    assert [q["question"] for q in listed] == ["Kunnen jullie een jobcoach regelen?"]
    empty = client.post(
        "/api/v1/portal/questions/", {"question": ""}, content_type="application/json"
    )
    assert empty.status_code == 400


def test_instruments_are_those_of_the_own_region(client_for, user_a, region):
    names = [row["name"] for row in client_for(user_a).get("/api/v1/portal/instruments/").json()]
    from placements.models import Instrument

    expected = list(
        Instrument.objects.filter(region=region, is_active=True)
        .order_by("name")
        .values_list("name", flat=True)
    )
    assert names == expected
