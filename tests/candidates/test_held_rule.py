"""The "held" rule of CandidateQuerySet.visible_to: an account manager sees the candidates
proposed to or placed at employers they hold NOW. One who handed the employer over (their
assignment ended) no longer sees them, on the list, the page and the API; the new holder does."""

import pytest
from rest_framework.test import APIClient

from candidates.models import Candidate
from employers import services as employer_services
from placements.services import placement_start

pytestmark = pytest.mark.django_db


def hand_over(employer, to, by):
    return employer_services.account_manager_assign(
        employer=employer, manager=to, by=by, handover_note="Overgedragen aan een collega."
    )


def sees(client, user, candidate):
    """What `user` sees of `candidate`: (in the queryset, page status, API status)."""
    client.force_login(user)
    api = APIClient()
    api.force_authenticate(user)
    return (
        Candidate.objects.visible_to(user).filter(pk=candidate.pk).exists(),
        client.get(f"/candidates/{candidate.pk}/").status_code,
        api.get(f"/api/v1/candidates/{candidate.pk}/").status_code,
    )


def test_a_proposed_candidate_leaves_with_the_handover(
    client, proposal, candidate, employer, holder, colleague, team_lead
):
    assert sees(client, holder, candidate) == (True, 200, 200)
    assert sees(client, colleague, candidate)[0] is False

    hand_over(employer, colleague, team_lead)

    assert holder.assignments.filter(ended_on__isnull=False).exists()
    assert sees(client, holder, candidate) == (False, 404, 404)
    assert sees(client, colleague, candidate) == (True, 200, 200)


def test_a_placed_candidate_leaves_with_the_handover(
    client, candidate, employer, holding, holder, colleague, team_lead, account_manager
):
    placement_start(
        candidate=candidate,
        employer=employer,
        by=account_manager,
        job_title="Medewerker inpak",
        start_date=holding.started_on,
        contract_type="temporary",
        hours_per_week=24,
    )
    assert sees(client, holder, candidate) == (True, 200, 200)

    hand_over(employer, colleague, team_lead)

    assert sees(client, holder, candidate) == (False, 404, 404)
    assert sees(client, colleague, candidate) == (True, 200, 200)


def test_an_ended_backup_assignment_does_not_hold_either(
    client, proposal, candidate, employer, colleague, team_lead
):
    backup = employer_services.account_manager_assign(
        employer=employer, manager=colleague, by=team_lead, kind="backup"
    )
    assert sees(client, colleague, candidate)[0] is True
    employer_services.assignment_end(assignment=backup, by=team_lead)
    assert sees(client, colleague, candidate) == (False, 404, 404)
