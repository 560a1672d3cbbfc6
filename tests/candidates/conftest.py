"""Candidate fixtures. The cast lives in tests/conftest.py; `employer`, `other_employer` and
`contact` are the employer tests' fixtures (tests/employers/conftest.py), shared here.

- `candidate`: a candidate in the cast's region; account_manager is responsible. Work profile
  filled in, target groups job_agreement + wajong (confidential).
- `holder`: an account manager of the cast's region who holds `employer` (its fixed account
  manager) — and so sees `candidate` once it is proposed there.
- `staffing_request`: an open vacancy at `employer`.
- `proposal`: `candidate` proposed to `employer` for `staffing_request` (status proposed).
- `consent`: a current consent of `candidate` for `employer` (name and work profile).
- `placement`: `candidate` placed at `employer` through placements.services.placement_start
  (which also creates its follow-up plan).
- `other_candidate`: a candidate of the other region (outsider is responsible).
"""

import datetime

import pytest
from django.utils import timezone

from candidates import services
from candidates.models import Candidate, SharingConsent, StaffingRequest
from placements.services import placement_start
from tests.employers import conftest as employer_fixtures
from tests.factories import AccountAssignmentFactory, StaffUserFactory

# The employer tests' fixtures, shared (pytest finds fixtures among a conftest's attributes).
employer = employer_fixtures.employer
other_employer = employer_fixtures.other_employer
contact = employer_fixtures.contact

PROFILE = {
    "strengths": "Nauwkeurig, houdt van vaste routines, sterk in orde en netheid.",
    "experience": "Twee jaar magazijnwerk via een leerwerktraject.",
    "qualifications": "Entree-opleiding logistiek",
    "hours_per_week": 24,
    "availability": "Alleen tijdens schooltijden",
    "has_driving_licence": False,
    "uses_public_transport": True,
    "max_travel_minutes": 45,
    "work_fitness": "Kan vier uur achter elkaar staand werken.",
    "guidance_needs": "Een vaste buddy en duidelijke instructies.",
    "workplace_needs": "Een rustige, prikkelarme werkplek.",
}


def make_candidate(region, responsible, by=None, profile=None, **fields):
    fields.setdefault("first_name", "Joyce")
    fields.setdefault("last_name", "Jansen")
    return services.candidate_create(
        region=region,
        by=by or responsible,
        responsible=responsible,
        profile=PROFILE if profile is None else profile,
        **fields,
    )


@pytest.fixture
def candidate(region, account_manager):
    return make_candidate(
        region,
        account_manager,
        first_name="Joyce",
        last_name="de Wit",
        email="joyce.dewit@example.test",
        phone="06 1234 5678",
        municipality="Utrecht",
        target_groups=[Candidate.TargetGroup.JOB_AGREEMENT, Candidate.TargetGroup.WAJONG],
    )


@pytest.fixture
def other_candidate(other_region, outsider):
    return make_candidate(
        other_region, outsider, first_name="Ricardo", last_name="Vermeulen", municipality="Schiedam"
    )


@pytest.fixture
def holder(region):
    return StaffUserFactory(
        email="holder@wsp.test", first_name="Henk", last_name="Houder", region=region
    )


@pytest.fixture
def holding(employer, holder):
    """`holder` is the fixed account manager of `employer`."""
    return AccountAssignmentFactory(employer=employer, manager=holder)


@pytest.fixture
def staffing_request(employer, account_manager):
    return services.staffing_request_create(
        employer=employer,
        by=account_manager,
        title="Orderpicker",
        kind=StaffingRequest.Kind.VACANCY,
        tasks="Orders verzamelen en inpakken.",
        hours_per_week=24,
    )


@pytest.fixture
def proposal(candidate, employer, staffing_request, account_manager, holding):
    return services.proposal_create(
        candidate=candidate,
        employer=employer,
        request=staffing_request,
        by=account_manager,
        note="Past goed bij het vaste ritme in het magazijn.",
        proposed_on=timezone.localdate() - datetime.timedelta(days=10),
    )


@pytest.fixture
def consent(candidate, employer, account_manager):
    return services.consent_record(
        candidate=candidate,
        employer=employer,
        by=account_manager,
        scope=SharingConsent.Scope.PROFILE,
    )


@pytest.fixture
def placement(candidate, employer, account_manager):
    return placement_start(
        candidate=candidate,
        employer=employer,
        by=account_manager,
        job_title="Medewerker inpak",
        start_date=timezone.localdate() - datetime.timedelta(days=30),
        contract_type="temporary",
        hours_per_week=24,
    )
