"""The audit trail records every change of the audited records through their services: who,
when, what changed (before/after), in which region; free text only as "changed"."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts import services as account_services
from accounts.models import User
from audit import services as audit
from audit.models import AppendOnlyError, AuditEvent
from candidates import services as candidate_services
from candidates.models import CandidateAccessLog, SharingConsent
from employers import services as employer_services
from employers.models import AccountAssignment, ContactPerson, Employer
from placements import services as placement_services
from portal import services as portal_services
from tests.audit.conftest import events_of, only_event
from tests.conftest import make_user
from tests.placements.conftest import make_candidate, start_placement

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate

# Text that stands for health details or personal notes: it must never reach the trail.
SECRET = "burn-out na de reorganisatie"


def trail_text():
    return json.dumps(
        list(AuditEvent.objects.values("changes", "object_label", "actor_label")), default=str
    )


# Employers ------------------------------------------------------------------------------------


def test_creating_an_employer_records_who_where_and_the_values(region, account_manager):
    employer = employer_services.employer_create(
        region=region,
        by=account_manager,
        name="Glasatelier Licht",
        kvk_number="30111222",
        employee_count=12,
        knowledge_culture=SECRET,
    )

    event = only_event(employer, AuditEvent.Action.CREATE)
    assert event.actor == account_manager
    assert event.actor_label == f"{account_manager.full_name} <{account_manager.email}>"
    assert event.region == region
    assert event.object_label == "Glasatelier Licht"
    assert event.changes["name"] == [None, "Glasatelier Licht"]
    assert event.changes["kvk_number"] == [None, "30111222"]
    assert event.changes["employee_count"] == [None, 12]
    assert event.changes["region"] == [None, region.pk]
    assert event.changes["knowledge_culture"] is None  # changed, content not recorded
    assert SECRET not in trail_text()


def test_updating_an_employer_records_only_what_changed_with_before_and_after(
    employer, account_manager
):
    employer_services.employer_update(
        employer=employer, by=account_manager, employee_count=80, stage="strategic_partner"
    )

    event = only_event(employer, AuditEvent.Action.UPDATE)
    assert event.changes == {"employee_count": [40, 80], "stage": ["active", "strategic_partner"]}
    assert event.actor == account_manager


def test_a_save_without_changes_records_nothing(employer, account_manager):
    employer_services.employer_update(employer=employer, by=account_manager, name=employer.name)
    assert events_of(employer, AuditEvent.Action.UPDATE) == []


def test_the_before_state_comes_from_the_database_not_from_the_changed_instance(
    employer, account_manager
):
    """A bound form or serializer changes the instance before the service runs."""
    employer.name = "Drukkerij Het Nieuwe Anker"
    employer_services.employer_update(employer=employer, by=account_manager)
    event = only_event(employer, AuditEvent.Action.UPDATE)
    assert event.changes == {"name": ["Drukkerij Het Anker", "Drukkerij Het Nieuwe Anker"]}


def test_a_change_that_fails_validation_records_nothing(employer, account_manager):
    with pytest.raises(ValidationError):
        employer_services.employer_update(employer=employer, by=account_manager, name="")
    assert events_of(employer) == []


def test_an_event_rolls_back_with_its_change(employer, account_manager):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        employer_services.employer_update(employer=employer, by=account_manager, phone="030 1")
        raise RuntimeError
    assert events_of(employer) == []


# Contact persons ------------------------------------------------------------------------------


def test_contact_add_update_role_verify_and_leaving_are_recorded(employer, account_manager):
    contact = employer_services.contact_add(
        employer=employer, by=account_manager, name="Ria Smit", level="floor", phone="06 1"
    )
    employer_services.contact_update(contact=contact, by=account_manager, phone="06 2")
    employer_services.contact_change_role(contact=contact, by=account_manager, is_supervisor=True)
    employer_services.contact_verify(contact=contact, by=account_manager)
    employer_services.contact_mark_left(
        contact=contact, by=account_manager, left_on=TODAY(), reason=SECRET
    )

    created, *updates = events_of(contact)
    assert created.action == "create"
    assert created.changes["name"] == [None, "Ria Smit"]
    assert created.object_label == "Ria Smit (Drukkerij Het Anker)"
    assert created.region_id == employer.region_id
    assert [event.changes for event in updates] == [
        {"phone": ["06 1", "06 2"]},
        {"is_supervisor": [False, True]},
        {"last_verified_on": [None, TODAY().isoformat()]},
        {"left_on": [None, TODAY().isoformat()], "left_reason": None},
    ]
    assert all(event.actor == account_manager for event in updates)
    assert SECRET not in trail_text()


# Account assignments --------------------------------------------------------------------------


def test_a_new_fixed_account_manager_records_the_new_assignment_and_the_ended_one(
    employer, account_manager, colleague, team_lead
):
    previous = AccountAssignment.objects.get(employer=employer)
    new = employer_services.account_manager_assign(
        employer=employer, manager=colleague, by=team_lead, handover_note=SECRET
    )

    created = only_event(new, AuditEvent.Action.CREATE)
    assert created.actor == team_lead
    assert created.changes["manager"] == [None, colleague.pk]
    assert created.changes["handover_note"] is None
    assert created.region_id == employer.region_id
    ended = only_event(previous, AuditEvent.Action.UPDATE)
    assert ended.changes == {"ended_on": [None, TODAY().isoformat()]}
    assert ended.actor == team_lead
    assert SECRET not in trail_text()


def test_ending_a_backup_assignment_is_recorded(employer, colleague, team_lead):
    backup = employer_services.account_manager_assign(
        employer=employer, manager=colleague, by=team_lead, kind=AccountAssignment.Kind.BACKUP
    )
    employer_services.assignment_end(assignment=backup, by=team_lead)
    assert only_event(backup, "update").changes == {"ended_on": [None, TODAY().isoformat()]}


# Placements -----------------------------------------------------------------------------------


def test_placement_start_update_and_end_are_recorded_without_the_note(employer, account_manager):
    candidate = make_candidate(employer.region, account_manager)
    placement = start_placement(candidate, employer, account_manager, carved_tasks=SECRET)
    placement_services.placement_update(
        placement=placement, by=account_manager, hours_per_week=Decimal("28")
    )
    placement_services.placement_end(
        placement=placement, by=account_manager, ended_on=TODAY(), reason="other", note=SECRET
    )

    created, updated, ended = events_of(placement)
    assert created.action == "create"
    assert created.changes["candidate"] == [None, candidate.pk]
    assert created.changes["carved_tasks"] is None
    assert created.object_label == "Medewerker inpak – Drukkerij Het Anker"
    assert "Joyce" not in created.object_label  # never the candidate's name
    assert updated.changes == {"hours_per_week": ["24.0", "28.0"]}
    assert ended.changes == {
        "status": ["active", "ended"],
        "ended_on": [None, TODAY().isoformat()],
        "end_reason": ["", "other"],
        "end_note": None,
    }
    assert SECRET not in trail_text()


# Consents and candidates ----------------------------------------------------------------------


def test_recording_and_withdrawing_a_consent_is_recorded(employer, account_manager):
    candidate = make_candidate(employer.region, account_manager)
    consent = candidate_services.consent_record(
        candidate=candidate, employer=employer, by=account_manager
    )
    candidate_services.consent_withdraw(consent=consent, by=account_manager)

    created, withdrawn = events_of(consent)
    assert created.changes["employer"] == [None, employer.pk]
    assert created.changes["scope"] == [None, SharingConsent.Scope.PROFILE]
    assert created.object_label == f"kandidaat #{candidate.pk} → Drukkerij Het Anker"
    assert withdrawn.changes == {
        "withdrawn_on": [None, TODAY().isoformat()],
        "withdrawn_by": [None, account_manager.pk],
    }
    assert created.region_id == candidate.region_id


def test_candidate_identity_and_profile_text_are_recorded_as_changed_only(region, account_manager):
    candidate = make_candidate(
        region,
        account_manager,
        email="joyce@example.test",
        profile={"work_fitness": SECRET, "hours_per_week": 20},
    )
    candidate_services.candidate_update(candidate=candidate, by=account_manager, last_name="Bos")

    created, renamed = events_of(candidate)
    assert created.changes["first_name"] is None
    assert created.changes["email"] is None
    assert renamed.changes == {"last_name": None}
    assert created.object_label == f"kandidaat #{candidate.pk}"
    profile = only_event(candidate.profile, "create")
    assert profile.changes["work_fitness"] is None
    assert profile.changes["hours_per_week"] == [None, 20]
    text = trail_text()
    assert SECRET not in text
    assert "Joyce" not in text and "de Vries" not in text and "joyce@" not in text


def test_anonymising_records_the_candidate_profile_and_withdrawn_consents(
    employer, account_manager, team_lead
):
    candidate = make_candidate(employer.region, account_manager, profile={"strengths": SECRET})
    candidate_services.candidate_update(candidate=candidate, by=account_manager, phone="06 3")
    consent = candidate_services.consent_record(
        candidate=candidate, employer=employer, by=account_manager
    )
    candidate_services.candidate_anonymise(candidate=candidate, by=team_lead)

    event = events_of(candidate, "update")[-1]
    assert event.actor == team_lead
    assert set(event.changes) == {"first_name", "last_name", "phone", "anonymised_at"}
    assert event.changes["first_name"] is None
    assert event.changes["anonymised_at"][0] is None
    assert only_event(candidate.profile, "update").changes == {"strengths": None}
    assert only_event(consent, "update").changes["withdrawn_on"] == [None, TODAY().isoformat()]
    assert SECRET not in trail_text()


# Users ----------------------------------------------------------------------------------------


def test_creating_and_deactivating_a_staff_user_is_recorded(region, wsp_admin):
    user = account_services.staff_user_create(
        email="nieuw@wsp.test",
        first_name="Nina",
        last_name="Nieuw",
        role=User.Role.ACCOUNT_MANAGER,
        region=region,
        by=wsp_admin,
    )
    account_services.user_set_active(user=user, active=False, by=wsp_admin)

    created, deactivated = events_of(user)
    assert created.actor == wsp_admin
    assert created.changes["role"] == [None, "account_manager"]
    assert created.changes["password"] is None  # never the hash
    assert created.region == region
    assert deactivated.changes == {"is_active": [True, False]}


def test_inviting_an_employer_user_is_recorded_in_the_employers_region(employer, account_manager):
    user = portal_services.employer_user_invite(
        employer=employer,
        email="hr@anker.example",
        first_name="Hanna",
        last_name="Ruis",
        by=account_manager,
    )
    event = only_event(user, "create")
    assert event.changes["employer"] == [None, employer.pk]
    assert event.region_id == employer.region_id
    assert event.actor == account_manager


def test_changing_and_deleting_a_user_in_the_admin_is_recorded(client, region, wsp_admin):
    wsp_admin.is_superuser = True
    wsp_admin.save()
    user = make_user("weg@wsp.test", User.Role.ACCOUNT_MANAGER, region, first_name="Wim")
    client.force_login(wsp_admin)

    response = client.post(f"/admin/accounts/user/{user.pk}/delete/", {"post": "yes"}, follow=False)

    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
    event = AuditEvent.objects.get(object_type="accounts.user", object_id=user.pk)
    assert event.action == "delete"
    assert event.actor == wsp_admin
    assert event.changes["email"] == ["weg@wsp.test", None]
    assert event.object_label == "weg@wsp.test"


def test_a_deleted_actor_leaves_the_label(employer, colleague, wsp_admin):
    employer_services.employer_update(employer=employer, by=colleague, phone="030 9")
    event = only_event(employer, "update")
    colleague.delete()
    event.refresh_from_db()
    assert event.actor is None
    assert event.actor_label.endswith("<colleague@wsp.test>")


# Pages, API and bulk writes use the same services ---------------------------------------------


def test_an_api_change_is_recorded_with_the_token_user(client, employer, account_manager):
    client.force_login(account_manager)
    response = client.patch(
        f"/api/v1/employers/{employer.pk}/",
        {"employee_count": 55},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    event = only_event(employer, "update")
    assert event.changes == {"employee_count": [40, 55]}
    assert event.actor == account_manager


def test_a_page_change_is_recorded(client, employer, account_manager):
    contact = employer_services.contact_add(
        employer=employer, by=account_manager, name="Ria Smit", level="floor"
    )
    client.force_login(account_manager)
    response = client.post(f"/employers/{employer.pk}/contacts/{contact.pk}/verify/")
    assert response.status_code == 302
    assert only_event(contact, "update").changes == {
        "last_verified_on": [None, TODAY().isoformat()]
    }


def test_a_bulk_update_records_one_event_per_changed_row(employer, account_manager):
    people = [
        employer_services.contact_add(
            employer=employer, by=account_manager, name=f"Persoon {n}", level="floor"
        )
        for n in range(3)
    ]
    day = datetime.date(2026, 1, 5)
    count = audit.update_rows(
        ContactPerson.objects.filter(employer=employer), by=None, job="test", last_verified_on=day
    )
    assert count == 3
    for person in people:
        event = only_event(person, "update")
        assert event.changes == {"last_verified_on": [None, "2026-01-05"]}
        assert event.actor is None and event.actor_label == "system (test)"


def test_the_importer_records_its_changes(region, account_manager):
    from employers import importer

    raw = (
        b"Naam werkgever;KvK-nummer;Plaats;Straat en huisnummer;Postcode\n"
        b"Bakkerij Import;30555666;Utrecht;Dorpsstraat 1;3511 AB\n"
    )
    result = importer.run_import(raw, region=region, by=account_manager, dry_run=False)
    assert result.employers_created == 1, result
    employer = Employer.objects.get(kvk_number="30555666")
    assert only_event(employer, "create").actor == account_manager


# Append-only ----------------------------------------------------------------------------------


def test_an_event_cannot_be_changed_or_deleted_through_the_model(employer, account_manager):
    employer_services.employer_update(employer=employer, by=account_manager, phone="030 2")
    event = only_event(employer, "update")

    event.actor_label = "iemand anders"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(actor_label="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    event.refresh_from_db()
    assert event.actor_label.endswith(f"<{account_manager.email}>")


def test_the_candidate_access_log_cannot_be_changed_or_deleted_through_the_model(
    region, account_manager
):
    candidate = make_candidate(region, account_manager)
    row = candidate_services.candidate_access_log(
        user=account_manager,
        candidate_id=candidate.pk,
        candidate=candidate,
        route="test",
        method="GET",
        allowed=True,
    )
    row.allowed = False
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        CandidateAccessLog.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        CandidateAccessLog.objects.update(allowed=False)
    assert CandidateAccessLog.objects.get().allowed is True


def test_changing_a_user_in_the_admin_is_recorded(client, region, wsp_admin, account_manager):
    client.force_login(wsp_admin)
    response = client.post(
        f"/admin/accounts/user/{account_manager.pk}/change/",
        {
            "email": account_manager.email,
            "first_name": account_manager.first_name,
            "last_name": account_manager.last_name,
            "job_title": "Senior accountmanager",
            "phone": "",
            "role": "team_lead",
            "region": region.pk,
            "team": account_manager.team_id or "",
            "home_organisation": account_manager.home_organisation_id or "",
            "is_active": "",  # unticked: deactivated through the service
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    changed, deactivated = events_of(account_manager)
    assert changed.actor == wsp_admin
    assert changed.changes == {
        "job_title": ["", "Senior accountmanager"],
        "role": ["account_manager", "team_lead"],
    }
    assert deactivated.changes == {"is_active": [True, False]}


# Second factor ---------------------------------------------------------------------------------


def test_second_factor_switched_on_renewed_and_reset_are_recorded_without_secrets(
    client, wsp_admin, account_manager
):
    from django.urls import reverse

    from tests.conftest import totp_code

    device = account_services.two_factor_setup_begin(user=account_manager)
    _device, codes = account_services.two_factor_setup_confirm(
        user=account_manager, code=totp_code(device)
    )
    account_services.two_factor_recovery_codes_regenerate(user=account_manager)
    account_services.two_factor_reset(user=account_manager, by=wsp_admin)

    events = list(
        AuditEvent.objects.filter(object_type="accounts.user", object_id=account_manager.pk)
        .exclude(changes__has_key="email")
        .order_by("pk")
    )
    assert [(e.changes, e.actor_id) for e in events] == [
        ({"two_factor": ["off", "on"]}, account_manager.pk),
        ({"recovery_codes": ["replaced", "new"]}, account_manager.pk),
        ({"two_factor": ["on", "off"]}, wsp_admin.pk),
    ]
    assert events[-1].region_id == account_manager.region_id
    text = trail_text()
    assert device.key not in text and not any(code in text for code in codes)
    # The detail page names the change in Dutch.
    client.force_login(wsp_admin)
    page = client.get(reverse("audit:detail", args=[events[-1].pk]))
    assert page.status_code == 200
    assert "tweestapsverificatie" in page.text.lower() and "uit" in page.text


# Passwords and API keys --------------------------------------------------------------------------


def _user_events(user):
    return list(
        AuditEvent.objects.filter(object_type="accounts.user", object_id=user.pk).order_by("pk")
    )


def test_a_password_changed_on_the_site_is_recorded_without_any_value(client, account_manager):
    from django.urls import reverse

    client.force_login(account_manager)
    before = len(_user_events(account_manager))
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "correct-horse-battery-9",
            "new_password1": "een-nieuw-wachtwoord-42",
            "new_password2": "een-nieuw-wachtwoord-42",
        },
    )
    assert response.status_code == 302
    event = _user_events(account_manager)[before]
    assert event.changes == {"password": None} and event.actor == account_manager
    assert account_manager.password[:20] not in trail_text()


def test_a_password_chosen_through_a_reset_link_is_recorded(client, account_manager):
    from django.contrib.auth.tokens import default_token_generator
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(account_manager.pk))
    token = default_token_generator.make_token(account_manager)
    url = reverse("password_reset_confirm", args=[uid, token])
    form_url = client.get(url).url  # Django swaps the token for a session marker first
    before = len(_user_events(account_manager))
    response = client.post(
        form_url,
        {"new_password1": "via-de-link-gekozen-77", "new_password2": "via-de-link-gekozen-77"},
    )
    assert response.status_code == 302
    event = _user_events(account_manager)[before]
    assert event.changes == {"password": None} and event.actor == account_manager


def test_issuing_and_rotating_an_api_key_is_recorded_without_the_key(account_manager, wsp_admin):
    from accounts.api_tokens import api_token_issue

    first = api_token_issue(user=account_manager)
    second = api_token_issue(user=account_manager, rotate=True, by=wsp_admin)
    events = [e for e in _user_events(account_manager) if "api_token" in e.changes]
    assert [(e.changes["api_token"], e.actor) for e in events] == [
        (["off", "new"], None),
        (["replaced", "new"], wsp_admin),
    ]
    text = trail_text()
    assert first.key not in text and second.key not in text
