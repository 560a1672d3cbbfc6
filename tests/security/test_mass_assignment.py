"""Mass assignment through the API: fields a caller may not set (privileges, ownership, region,
status, anonymisation, audit fields) are ignored or refused, never applied; a writable foreign key
that points at another region's (or employer's) object is refused with 400.

Every request also carries user-privilege fields (is_staff, is_superuser, role, region,
employer): no endpoint may pass them on to a user row.
"""

import datetime

import pytest
from django.utils import timezone

from accounts.models import User
from candidates.models import Candidate, Proposal, StaffingRequest
from employers.models import ContactPerson, Conversation, Employer
from placements.models import InstrumentPeriod, Placement
from portal.models import ContactProposal

PRIVILEGES = {"is_staff": True, "is_superuser": True, "role": "wsp_admin"}
LATER = "2031-01-01T10:00:00Z"


@pytest.fixture
def am_client(client, world):
    client.force_login(world.a.manager)
    return client


@pytest.fixture
def portal_client(client, world):
    client.force_login(world.a.employer_user)
    return client


def send(client, method, url, data):
    return getattr(client, method)(url, data, content_type="application/json")


def assert_privileges_untouched(world):
    """Nobody was made staff, superuser or admin, nor moved region or employer."""
    for side in (world.a, world.b):
        for user, role in (
            (side.manager, User.Role.ACCOUNT_MANAGER),
            (side.lead, User.Role.TEAM_LEAD),
            (side.employer_user, User.Role.EMPLOYER_USER),
        ):
            fresh = User.objects.get(pk=user.pk)
            assert (fresh.role, fresh.is_superuser) == (role, False), fresh
            assert fresh.region_id == user.region_id
            assert fresh.employer_id == user.employer_id
    assert not User.objects.filter(is_superuser=True).exists()


# --- updates: foreign or protected fields are refused or ignored ------------------------------


def test_employer_update_refuses_region_and_ignores_audit_fields_and_privileges(am_client, world):
    employer = world.a.employer
    url = f"/api/v1/employers/{employer.pk}/"
    before = Employer.objects.get(pk=employer.pk)
    assert send(am_client, "patch", url, {"region": world.b.region.pk}).status_code == 400
    response = send(
        am_client,
        "patch",
        url,
        {**PRIVILEGES, "created_at": LATER, "updated_at": LATER, "id": world.b.employer.pk},
    )
    assert response.status_code == 200
    after = Employer.objects.get(pk=employer.pk)
    assert after.region_id == world.a.region.pk
    assert after.created_at == before.created_at
    assert after.updated_at.year == timezone.now().year
    assert Employer.objects.get(pk=world.b.employer.pk).name == world.b.employer.name
    assert_privileges_untouched(world)


def test_contact_update_cannot_move_the_person_to_another_employer(am_client, world):
    contact = world.a.contact
    url = f"/api/v1/contacts/{contact.pk}/"
    assert send(am_client, "patch", url, {"employer": world.b.employer.pk}).status_code == 400
    response = send(
        am_client,
        "patch",
        url,
        {
            **PRIVILEGES,
            "left_on": "2020-01-01",
            "successor": world.b.contact.pk,
            "last_verified_on": "2031-01-01",
        },
    )
    assert response.status_code == 200
    after = ContactPerson.objects.get(pk=contact.pk)
    assert after.employer_id == world.a.employer.pk
    assert after.left_on is None and after.successor_id is None
    assert after.last_verified_on == contact.last_verified_on
    assert_privileges_untouched(world)


def test_candidate_update_ignores_anonymisation_and_refuses_region_and_foreign_responsible(
    am_client, world
):
    candidate = world.a.candidate
    url = f"/api/v1/candidates/{candidate.pk}/"
    assert send(am_client, "patch", url, {"region": world.b.region.pk}).status_code == 400
    assert send(am_client, "patch", url, {"responsible": world.b.manager.pk}).status_code == 400
    response = send(am_client, "patch", url, {**PRIVILEGES, "anonymised_at": LATER})
    assert response.status_code == 200
    after = Candidate.objects.get(pk=candidate.pk)
    assert after.region_id == world.a.region.pk
    assert after.anonymised_at is None
    assert after.responsible_id == world.a.manager.pk
    assert_privileges_untouched(world)


def test_candidate_profile_update_ignores_the_author_field(am_client, world):
    candidate = world.a.candidate
    response = send(
        am_client,
        "patch",
        f"/api/v1/candidates/{candidate.pk}/profile/",
        {**PRIVILEGES, "updated_by": world.b.manager.pk, "strengths": "Precies"},
    )
    assert response.status_code == 200
    candidate.profile.refresh_from_db()
    assert candidate.profile.strengths == "Precies"
    assert candidate.profile.updated_by_id == world.a.manager.pk
    assert_privileges_untouched(world)


def test_staffing_request_update_cannot_move_to_another_employer(am_client, world):
    request = world.a.staffing_request
    url = f"/api/v1/staffing-requests/{request.pk}/"
    assert send(am_client, "patch", url, {"employer": world.b.employer.pk}).status_code == 400
    assert send(am_client, "patch", url, {"location": world.b.location.pk}).status_code == 400
    response = send(am_client, "patch", url, {**PRIVILEGES, "created_by": world.b.manager.pk})
    assert response.status_code == 200
    after = StaffingRequest.objects.get(pk=request.pk)
    assert after.employer_id == world.a.employer.pk
    assert after.created_by_id == world.a.manager.pk
    assert after.location_id is None
    assert_privileges_untouched(world)


@pytest.mark.parametrize(
    ("field", "attr"),
    [
        ("employer", "employer"),
        ("candidate", "candidate"),
        ("location", "location"),
        ("supervisor", "contact"),
        ("responsible", "manager"),
        ("proposal", "proposal"),
    ],
)
def test_placement_update_with_a_foreign_link_is_refused(am_client, world, field, attr):
    placement = world.a.placement
    foreign = getattr(world.b, attr).pk
    url = f"/api/v1/placements/{placement.pk}/"
    assert send(am_client, "patch", url, {field: foreign}).status_code == 400
    linked = getattr(Placement.objects.get(pk=placement.pk), field)  # the supervisor: the team's
    assert getattr(linked, "pk", None) != foreign


def test_placement_update_ignores_status_and_end_fields(am_client, world):
    placement = world.a.placement
    response = send(
        am_client,
        "patch",
        f"/api/v1/placements/{placement.pk}/",
        {**PRIVILEGES, "status": "ended", "ended_on": "2024-01-01", "end_reason": "other"},
    )
    assert response.status_code == 200
    after = Placement.objects.get(pk=placement.pk)
    assert after.status == placement.status
    assert after.ended_on is None and after.end_reason == placement.end_reason
    assert (after.employer_id, after.candidate_id) == (world.a.employer.pk, world.a.candidate.pk)
    assert_privileges_untouched(world)


def test_instrument_period_update_cannot_move_to_a_foreign_placement(am_client, world):
    period = world.a.period
    url = f"/api/v1/instrument-periods/{period.pk}/"
    assert send(am_client, "patch", url, {"placement": world.b.placement.pk}).status_code == 400
    assert send(am_client, "patch", url, {"instrument": world.b.instrument.pk}).status_code == 400
    after = InstrumentPeriod.objects.get(pk=period.pk)
    assert after.placement_id == world.a.placement.pk
    assert after.instrument_id == world.a.instrument.pk
    assert_privileges_untouched(world)


def test_signal_actions_ignore_assignment_region_and_status_fields(am_client, world):
    signal = world.a.signal
    response = send(
        am_client,
        "post",
        f"/api/v1/signals/{signal.pk}/snooze/",
        {
            **PRIVILEGES,
            "until": str(timezone.localdate() + datetime.timedelta(days=7)),
            "assigned_to": world.b.manager.pk,
            "region": world.b.region.pk,
            "employer": world.b.employer.pk,
            "status": "resolved",
            "severity": 1,
        },
    )
    assert response.status_code == 200
    signal.refresh_from_db()
    assert signal.status == "snoozed"
    assert signal.assigned_to_id == world.a.manager.pk
    assert signal.region_id == world.a.region.pk
    assert signal.employer_id == world.a.employer.pk
    assert signal.severity == 2
    assert_privileges_untouched(world)


def test_question_answer_ignores_owner_author_status_and_note_fields(am_client, world):
    question = world.a.question_action
    response = send(
        am_client,
        "post",
        f"/api/v1/actions/{question.pk}/answer/",
        {
            **PRIVILEGES,
            "answer": "Wij nemen deze week contact met u op.",
            "answered_by": world.b.manager.pk,
            "owner": world.b.manager.pk,
            "employer": world.b.employer.pk,
            "note": "overschreven",
            "status": "open",
            "close_reason": "overschreven",
        },
    )
    assert response.status_code == 200, response.content
    question.refresh_from_db()
    assert (question.status, question.answered_by_id) == ("done", world.a.manager.pk)
    assert (question.owner_id, question.employer_id) == (world.a.manager.pk, world.a.employer.pk)
    assert (question.note, question.close_reason) == ("", "")
    assert_privileges_untouched(world)


# --- creates: protected fields ignored, foreign keys refused ----------------------------------


def test_employer_create_in_another_region_is_refused(am_client, world):
    count = Employer.objects.count()
    response = send(
        am_client,
        "post",
        "/api/v1/employers/",
        {**PRIVILEGES, "name": "Nieuwbouw BV", "region": world.b.region.pk},
    )
    assert response.status_code == 400
    assert Employer.objects.count() == count
    response = send(
        am_client,
        "post",
        "/api/v1/employers/",
        {**PRIVILEGES, "name": "Nieuwbouw BV", "created_at": "2001-01-01T00:00:00Z"},
    )
    assert response.status_code == 201, response.content
    created = Employer.objects.get(pk=response.json()["id"])
    assert created.region_id == world.a.region.pk
    assert created.created_at.year == timezone.now().year
    assert_privileges_untouched(world)


def test_contact_create_for_a_foreign_employer_is_refused(am_client, world):
    count = ContactPerson.objects.count()
    response = send(
        am_client,
        "post",
        "/api/v1/contacts/",
        {**PRIVILEGES, "employer": world.b.employer.pk, "name": "Nina Nieuw", "level": "floor"},
    )
    assert response.status_code == 400
    assert ContactPerson.objects.count() == count
    response = send(
        am_client,
        "post",
        "/api/v1/contacts/",
        {
            **PRIVILEGES,
            "employer": world.a.employer.pk,
            "name": "Nina Nieuw",
            "level": "floor",
            "left_on": "2020-01-01",
            "successor": world.b.contact.pk,
            "last_verified_on": "2031-01-01",
        },
    )
    assert response.status_code == 201, response.content
    created = ContactPerson.objects.get(pk=response.json()["id"])
    assert created.left_on is None and created.successor_id is None
    assert created.last_verified_on != datetime.date(2031, 1, 1)
    assert_privileges_untouched(world)


def conversation(world, **fields):
    return {
        "employer": world.a.employer.pk,
        "channel": "phone",
        "summary": "Kort gebeld",
        "occurred_at": timezone.now().isoformat(),
        **fields,
    }


@pytest.mark.parametrize(
    "field",
    ["employer", "participants", "next_action_owner"],
)
def test_conversation_with_a_foreign_link_is_refused(am_client, world, field):
    foreign = {
        "employer": world.b.employer.pk,
        "participants": [world.b.contact.pk],
        "next_action_owner": world.b.manager.pk,
    }[field]
    extra = {"next_action": "Terugbellen", "next_action_due": "2031-01-01"}
    count = Conversation.objects.count()
    response = send(
        am_client,
        "post",
        "/api/v1/conversations/",
        conversation(world, **extra, **{field: foreign}),
    )
    assert response.status_code == 400
    assert Conversation.objects.count() == count


def test_conversation_create_ignores_author_and_done_fields(am_client, world):
    response = send(
        am_client,
        "post",
        "/api/v1/conversations/",
        conversation(
            world,
            **PRIVILEGES,
            author=world.b.manager.pk,
            next_action="Offerte sturen",
            next_action_due="2031-01-01",
            next_action_done_at=LATER,
            next_action_done_by=world.b.manager.pk,
            created_at="2001-01-01T00:00:00Z",
        ),
    )
    assert response.status_code == 201, response.content
    created = Conversation.objects.get(pk=response.json()["id"])
    assert created.author_id == world.a.manager.pk
    assert created.next_action_done_at is None and created.next_action_done_by is None
    assert created.action.is_open and created.action.owner_id == world.a.manager.pk
    assert created.created_at.year == timezone.now().year
    assert_privileges_untouched(world)


def test_candidate_create_in_another_region_or_with_foreign_responsible_is_refused(
    am_client, world
):
    count = Candidate.objects.count()
    for extra in ({"region": world.b.region.pk}, {"responsible": world.b.manager.pk}):
        response = send(
            am_client,
            "post",
            "/api/v1/candidates/",
            {"first_name": "Noor", "last_name": "Nieuw", **extra},
        )
        assert response.status_code == 400, extra
    assert Candidate.objects.count() == count
    response = send(
        am_client,
        "post",
        "/api/v1/candidates/",
        {**PRIVILEGES, "first_name": "Noor", "last_name": "Nieuw", "anonymised_at": LATER},
    )
    assert response.status_code == 201, response.content
    created = Candidate.objects.get(pk=response.json()["id"])
    assert created.anonymised_at is None
    assert created.region_id == world.a.region.pk
    assert_privileges_untouched(world)


@pytest.mark.parametrize("foreign", ["candidate", "employer", "request"])
def test_proposal_with_a_foreign_link_is_refused(am_client, world, foreign):
    candidate = Candidate.objects.create(
        region=world.a.region, responsible=world.a.manager, first_name="Pim", last_name="Vrij"
    )
    payload = {"candidate": candidate.pk, "employer": world.a.employer.pk}
    payload[foreign] = {
        "candidate": world.b.candidate.pk,
        "employer": world.b.employer.pk,
        "request": world.b.staffing_request.pk,
    }[foreign]
    count = Proposal.objects.count()
    response = send(am_client, "post", "/api/v1/proposals/", payload)
    assert response.status_code == 400
    assert Proposal.objects.count() == count


def test_proposal_create_ignores_status_and_author(am_client, world):
    candidate = Candidate.objects.create(
        region=world.a.region, responsible=world.a.manager, first_name="Pim", last_name="Vrij"
    )
    response = send(
        am_client,
        "post",
        "/api/v1/proposals/",
        {
            **PRIVILEGES,
            "candidate": candidate.pk,
            "employer": world.a.employer.pk,
            "status": "placed",
            "decline_reason": "x",
            "proposed_by": world.b.manager.pk,
        },
    )
    assert response.status_code == 201, response.content
    created = Proposal.objects.get(pk=response.json()["id"])
    assert created.status == Proposal.Status.PROPOSED
    assert created.proposed_by_id == world.a.manager.pk
    assert_privileges_untouched(world)


@pytest.mark.parametrize("foreign", ["employer", "candidate", "location", "supervisor"])
def test_placement_with_a_foreign_link_is_refused(am_client, world, foreign):
    candidate = Candidate.objects.create(
        region=world.a.region, responsible=world.a.manager, first_name="Pim", last_name="Vrij"
    )
    payload = {
        "candidate": candidate.pk,
        "employer": world.a.employer.pk,
        "job_title": "Inpakker",
        "start_date": str(timezone.localdate()),
        "contract_type": "temporary",
        "hours_per_week": "20",
    }
    payload[foreign] = {
        "employer": world.b.employer.pk,
        "candidate": world.b.candidate.pk,
        "location": world.b.location.pk,
        "supervisor": world.b.contact.pk,
    }[foreign]
    count = Placement.objects.count()
    response = send(am_client, "post", "/api/v1/placements/", payload)
    assert response.status_code == 400
    assert Placement.objects.count() == count


def test_instrument_period_for_a_foreign_placement_or_instrument_is_refused(am_client, world):
    count = InstrumentPeriod.objects.count()
    for payload in (
        {"placement": world.b.placement.pk, "instrument": world.a.instrument.pk},
        {"placement": world.a.placement.pk, "instrument": world.b.instrument.pk},
    ):
        response = send(
            am_client,
            "post",
            "/api/v1/instrument-periods/",
            {**payload, "start": str(timezone.localdate())},
        )
        assert response.status_code == 400, payload
    assert InstrumentPeriod.objects.count() == count


def test_consent_and_request_for_a_foreign_employer_are_refused(am_client, world):
    response = send(
        am_client,
        "post",
        "/api/v1/consents/",
        {"candidate": world.a.candidate.pk, "employer": world.b.employer.pk, "scope": "profile"},
    )
    assert response.status_code == 400
    response = send(
        am_client,
        "post",
        "/api/v1/consents/",
        {"candidate": world.b.candidate.pk, "employer": world.a.employer.pk, "scope": "profile"},
    )
    assert response.status_code == 400
    response = send(
        am_client,
        "post",
        "/api/v1/staffing-requests/",
        {"employer": world.b.employer.pk, "title": "Heftruckchauffeur"},
    )
    assert response.status_code == 400
    assert not StaffingRequest.objects.filter(title="Heftruckchauffeur").exists()


def test_assigning_a_manager_of_another_region_is_refused(am_client, world):
    for payload in (
        {"employer": world.a.employer.pk, "manager": world.b.manager.pk, "kind": "backup"},
        {"employer": world.b.employer.pk, "manager": world.a.manager.pk, "kind": "backup"},
    ):
        response = send(am_client, "post", "/api/v1/assignments/assign/", payload)
        assert response.status_code == 400, payload
    assert not world.b.manager.assignments.filter(employer=world.a.employer).exists()


def test_contact_left_with_a_foreign_successor_is_refused(am_client, world):
    response = send(
        am_client,
        "post",
        f"/api/v1/contacts/{world.a.contact.pk}/left/",
        {"left_on": str(timezone.localdate()), "reason": "other", "successor": world.b.contact.pk},
    )
    assert response.status_code == 400
    assert ContactPerson.objects.get(pk=world.a.contact.pk).left_on is None


# --- the portal API: the employer comes from the user, never from the request ------------------


def test_portal_contact_proposal_ignores_employer_status_and_decider(portal_client, world):
    response = send(
        portal_client,
        "post",
        "/api/v1/portal/contacts/propose/",
        {
            **PRIVILEGES,
            "name": "Frits Voorstel",
            "phone": "06 1234 5678",
            "level": "floor",
            "employer": world.b.employer.pk,
            "status": "accepted",
            "proposed_by": world.b.employer_user.pk,
            "decided_by": world.a.manager.pk,
            "contact": world.b.contact.pk,
        },
    )
    assert response.status_code in (200, 201), response.content
    created = ContactProposal.objects.get(name="Frits Voorstel")
    assert created.employer_id == world.a.employer.pk
    assert created.status == ContactProposal.Status.PENDING
    assert created.proposed_by_id == world.a.employer_user.pk
    assert created.decided_by_id is None and created.contact_id is None
    assert not ContactPerson.objects.filter(name="Frits Voorstel").exists()
    assert_privileges_untouched(world)


def test_portal_question_ignores_employer_author_and_owner(portal_client, world):
    response = send(
        portal_client,
        "post",
        "/api/v1/portal/questions/",
        {
            **PRIVILEGES,
            "question": "Wie kan ons helpen met een werkplekaanpassing?",
            "employer": world.b.employer.pk,
            "author": world.b.employer_user.pk,
            "next_action_owner": world.b.manager.pk,
            "channel": "visit",
        },
    )
    assert response.status_code == 201, response.content
    created = Conversation.objects.get(pk=response.json()["id"])
    assert created.employer_id == world.a.employer.pk
    assert created.author_id == world.a.employer_user.pk
    assert created.channel == Conversation.Channel.MESSAGE
    assert created.next_action_owner != world.b.manager
    assert created.action.employer_id == world.a.employer.pk
    assert_privileges_untouched(world)


def test_portal_left_with_a_foreign_contact_is_404(portal_client, world):
    response = send(
        portal_client,
        "post",
        f"/api/v1/portal/contacts/{world.b.contact.pk}/left/",
        {"left_on": str(timezone.localdate())},
    )
    assert response.status_code == 404
    assert ContactPerson.objects.get(pk=world.b.contact.pk).left_on is None
