"""A hand-built region with known answers for every dashboard figure (see `world`).

Region "Midden-Utrecht" (the cast's region), employers:
- Alfa (active): fixed manager account_manager since 400 days; conversation 10 days ago; a
  director (top) and a middle-level champion, both verified 30 days ago; social enterprise,
  vacancy filling; two placements started 400 days ago (one permanent and still going, one
  temporary that ended after 100 days) and one started 30 days ago with an overdue follow-up.
- Beta (strategic partner, 300 staff): fixed manager colleague since 30 days, before that
  account_manager (ended 30 days ago: a change in the last 12 months); never a conversation
  (created 200 days ago: stale); a floor contact verified 400 days ago (unverified), added
  10 days ago (a contact change); style strategic partnership.
- Gamma (active, public, size unknown): no fixed manager (colleague's assignment ended 400 days
  ago: a change in 24 months, not 12); last conversation 100 days ago (stale for active) with a
  next action of account_manager due 5 days ago (overdue).
- Delta (prospect, not yet inclusive): fixed manager account_manager, never a conversation.
Region "Rijnmond": Omega (active, no fixed manager) with a signal: must never show up.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from candidates.models import Candidate, Proposal
from continuity.models import Signal
from employers.models import ContactEvent, ContactPerson, Employer
from placements.models import FollowUp, Placement
from tests.factories import (
    AccountAssignmentFactory,
    ContactPersonFactory,
    ConversationFactory,
    EmployerFactory,
)


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def make_placement(employer, manager, number, **fields):
    candidate = Candidate.objects.create(
        region=employer.region,
        first_name="Kandidaat",
        last_name=f"Nummer {number}",
        responsible=manager,
    )
    values = {
        "job_title": f"Medewerker productie {number}",
        "contract_type": Placement.ContractType.TEMPORARY,
        "hours_per_week": 24,
        **fields,
    }
    return Placement.objects.create(
        candidate=candidate, employer=employer, responsible=manager, created_by=manager, **values
    )


@pytest.fixture
def world(region, other_region, account_manager, colleague, team_lead, outsider):
    am, col = account_manager, colleague
    alfa = EmployerFactory(
        region=region,
        name="Alfa Bouw",
        is_social_enterprise=True,
        style_vacancy_filling=True,
    )
    beta = EmployerFactory(
        region=region,
        name="Beta Logistiek",
        stage=Employer.Stage.STRATEGIC_PARTNER,
        employee_count=300,
        style_strategic=True,
    )
    gamma = EmployerFactory(
        region=region,
        name="Gamma Gemeentewerken",
        ownership=Employer.Ownership.PUBLIC,
        employee_count=None,
    )
    delta = EmployerFactory(
        region=region,
        name="Delta Drukwerk",
        stage=Employer.Stage.PROSPECT,
        inclusion=Employer.Inclusion.NOT_YET,
    )
    omega = EmployerFactory(region=other_region, name="Omega Haven")
    Employer.objects.filter(pk=beta.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=200)
    )

    AccountAssignmentFactory(employer=alfa, manager=am, started_on=days_ago(400))
    AccountAssignmentFactory(
        employer=beta, manager=am, started_on=days_ago(500), ended_on=days_ago(30)
    )
    AccountAssignmentFactory(
        employer=beta, manager=col, started_on=days_ago(30), handover_note="Let op: nieuwe HR."
    )
    AccountAssignmentFactory(
        employer=gamma, manager=col, started_on=days_ago(600), ended_on=days_ago(400)
    )
    AccountAssignmentFactory(employer=delta, manager=am, started_on=days_ago(20))

    ConversationFactory(
        employer=alfa, author=am, occurred_at=timezone.now() - datetime.timedelta(days=10)
    )
    ConversationFactory(
        employer=gamma,
        author=am,
        occurred_at=timezone.now() - datetime.timedelta(days=100),
        next_action="Offerte jobcoaching nabellen",
        next_action_due=days_ago(5),
        next_action_owner=am,
    )

    ContactPersonFactory(
        employer=alfa,
        name="Dirk Directeur",
        level=ContactPerson.Level.TOP,
        is_director=True,
        last_verified_on=days_ago(30),
    )
    ContactPersonFactory(
        employer=alfa,
        name="Hanna HR",
        level=ContactPerson.Level.MIDDLE,
        is_champion=True,
        last_verified_on=days_ago(30),
    )
    old = ContactPersonFactory(
        employer=alfa, name="Oud Contact", left_on=days_ago(200), last_verified_on=days_ago(300)
    )
    ContactEvent.objects.create(contact=old, kind=ContactEvent.Kind.LEFT, on=days_ago(200))
    floor = ContactPersonFactory(
        employer=beta,
        name="Vera Vloer",
        level=ContactPerson.Level.FLOOR,
        is_hr=False,
        is_supervisor=True,
        last_verified_on=days_ago(400),
    )
    ContactEvent.objects.create(contact=floor, kind=ContactEvent.Kind.ADDED, on=days_ago(10))

    kept = make_placement(
        alfa,
        am,
        1,
        start_date=days_ago(400),
        contract_type=Placement.ContractType.PERMANENT,
    )
    left = make_placement(alfa, am, 2, start_date=days_ago(400))
    Placement.objects.filter(pk=left.pk).update(
        status=Placement.Status.ENDED, ended_on=days_ago(300)
    )
    recent = make_placement(alfa, am, 3, start_date=days_ago(30))
    FollowUp.objects.create(placement=recent, due_on=days_ago(5), kind="Na 3 weken")
    FollowUp.objects.create(
        placement=recent,
        due_on=days_ago(1),
        kind="Gedaan",
        done_on=days_ago(1),
        outcome=FollowUp.Outcome.GOING_WELL,
    )
    Proposal.objects.create(
        candidate=kept.candidate, employer=beta, status=Proposal.Status.PROPOSED, proposed_by=am
    )

    def signal(key, kind, severity, employer, assigned_to, **fields):
        return Signal.objects.create(
            key=key,
            kind=kind,
            severity=severity,
            region=employer.region,
            employer=employer,
            assigned_to=assigned_to,
            **fields,
        )

    signal("a", Signal.Kind.NO_FIXED_MANAGER, 2, gamma, team_lead)
    signal("b", Signal.Kind.STALE_RELATIONSHIP, 1, beta, col)
    signal("c", Signal.Kind.STALE_RELATIONSHIP, 3, gamma, None, status=Signal.Status.RESOLVED)
    signal("d", Signal.Kind.NO_FIXED_MANAGER, 2, omega, outsider)
    return SimpleNamespace(
        alfa=alfa, beta=beta, gamma=gamma, delta=delta, omega=omega, recent=recent, kept=kept
    )
