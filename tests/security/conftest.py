"""The security tests' world: one object of each kind in region A and a mirror in region B.

Every name of region A's objects carries the marker "Ankerhof", every name of region B's
"Zuidkade", so a response can be searched for the other side's rows.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts.models import Organisation, Team, User
from audit.models import AuditEvent
from candidates import services as candidate_services
from candidates.models import SharingConsent
from continuity.models import RegionPolicy, Signal
from employers import services as employer_services
from employers.models import AccountAssignment, ContactPerson, Conversation
from placements import services as placement_services
from placements.models import FollowUpStep, Instrument
from portal import services as portal_services
from tests.conftest import make_user
from tests.factories import (
    AccountAssignmentFactory,
    ContactEventFactory,
    ContactPersonFactory,
    EmployerFactory,
    LocationFactory,
)

MARKERS = {"A": "Ankerhof", "B": "Zuidkade"}


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


@dataclass
class Side:
    """One region's users and objects."""

    marker: str
    region: object = None
    manager: object = None
    lead: object = None
    employer_user: object = None
    employer: object = None
    location: object = None
    contact: object = None
    assignment: object = None
    backup: object = None
    conversation: object = None
    question: object = None
    question_action: object = None
    candidate: object = None
    consent: object = None
    staffing_request: object = None
    proposal: object = None
    open_proposal: object = None  # a second candidate, proposed and still open
    placement: object = None
    follow_up: object = None
    instrument: object = None
    period: object = None
    signal: object = None
    contact_proposal: object = None
    audit_event: object = None
    extra: dict = field(default_factory=dict)


@dataclass
class World:
    a: Side
    b: Side
    admin: object
    group: object
    token: object
    organisation: object


def build_side(key, region, organisation):
    marker = MARKERS[key]
    lower = key.lower()
    side = Side(marker=marker, region=region)
    team = Team.objects.create(region=region, name=f"Team {marker}")
    side.manager = make_user(
        f"am-{lower}@wsp.test",
        User.Role.ACCOUNT_MANAGER,
        region,
        team,
        organisation,
        first_name="Anna" if key == "A" else "Otto",
        last_name=f"{marker}man",
    )
    side.lead = make_user(
        f"lead-{lower}@wsp.test",
        User.Role.TEAM_LEAD,
        region,
        team,
        organisation,
        first_name="Lotte" if key == "A" else "Lars",
        last_name=f"{marker}leider",
    )
    side.employer = EmployerFactory(
        region=region, name=f"Drukkerij {marker}", kvk_number="30999001" if key == "A" else ""
    )
    side.location = LocationFactory(employer=side.employer, city=f"{marker}stad")
    side.assignment = AccountAssignmentFactory(
        employer=side.employer, manager=side.manager, started_on=days_ago(400)
    )
    side.backup = AccountAssignmentFactory(
        employer=side.employer,
        manager=side.lead,
        kind=AccountAssignment.Kind.BACKUP,
        started_on=days_ago(100),
    )
    side.contact = ContactPersonFactory(
        employer=side.employer,
        name=f"Sanne {marker}",
        level=ContactPerson.Level.FLOOR,
        is_supervisor=True,
        is_hr=True,
        last_verified_on=days_ago(300),
    )
    ContactEventFactory(contact=side.contact)
    side.conversation = employer_services.conversation_log(
        employer=side.employer,
        author=side.manager,
        summary=f"Kennismaking {marker}",
        channel=Conversation.Channel.VISIT,
        topics=[],
        next_action=f"Terugbellen {marker}",
        next_action_due=timezone.localdate() + datetime.timedelta(days=3),
        next_action_owner=side.manager,
        participants=[side.contact],
    )
    side.action = side.conversation.action
    side.employer_user = make_user(
        f"werkgever-{lower}@example.test",
        User.Role.EMPLOYER_USER,
        first_name="Jan" if key == "A" else "Bea",
        last_name=f"{marker}baas",
        employer=side.employer,
    )
    side.question = portal_services.question_ask(
        user=side.employer_user, question=f"Vraag van {marker}"
    )
    side.question_action = side.question.action  # the question Action question_ask made
    side.candidate = candidate_services.candidate_create(
        region=region,
        by=side.manager,
        responsible=side.manager,
        first_name="Joyce",
        last_name=f"{marker}son",
        profile={"strengths": f"Nauwkeurig {marker}"},
    )
    side.consent = candidate_services.consent_record(
        candidate=side.candidate,
        employer=side.employer,
        by=side.manager,
        scope=SharingConsent.Scope.PROFILE,
    )
    side.staffing_request = candidate_services.staffing_request_create(
        employer=side.employer, by=side.manager, title=f"Inpakker {marker}"
    )
    side.proposal = candidate_services.proposal_create(
        candidate=side.candidate,
        employer=side.employer,
        by=side.manager,
        request=side.staffing_request,
        note=f"Voorstel {marker}",
    )
    side.placement = placement_services.placement_start(
        candidate=side.candidate,
        employer=side.employer,
        by=side.manager,
        job_title=f"Medewerker {marker}",
        start_date=days_ago(20),
        contract_type="temporary",
        contract_end=timezone.localdate() + datetime.timedelta(days=160),
        hours_per_week=Decimal("24"),
        location=side.location,
        supervisor=side.contact,
    )
    side.team_member = side.placement.team.get()  # the supervisor, side.contact
    side.follow_up = side.placement.follow_ups.order_by("due_on", "pk").first()
    side.open_proposal = candidate_services.proposal_create(
        candidate=candidate_services.candidate_create(
            region=region,
            by=side.manager,
            responsible=side.manager,
            first_name="Sem",
            last_name=f"{marker}voorgedragen",
            profile={"strengths": f"Zorgvuldig {marker}"},
        ),
        employer=side.employer,
        by=side.manager,
        note=f"Open voorstel {marker}",
    )
    side.instrument = Instrument.objects.filter(region=region).order_by("pk").first()
    side.period = placement_services.instrument_period_add(
        placement=side.placement,
        by=side.manager,
        instrument=side.instrument,
        start=days_ago(10),
        note=f"Beschikking {marker}",
    )
    side.assessment = placement_services.assessment_add(
        placement=side.placement,
        by=side.manager,
        assessed_on=days_ago(5),
        percentage=60,
        assessor_organisation=f"Meetbureau {marker}",
        note=f"Meting {marker}",
    )
    side.signal = Signal.objects.create(
        key=f"test:{marker}",
        kind=Signal.Kind.NO_FIXED_MANAGER,
        severity=Signal.Severity.ATTENTION,
        region=region,
        employer=side.employer,
        assigned_to=side.manager,
        detail=f"Signaal {marker}",
    )
    side.contact_proposal = portal_services.contact_propose(
        employer=side.employer,
        by=side.employer_user,
        name=f"Piet {marker}",
        level=ContactPerson.Level.FLOOR,
    )
    side.extra["policy"] = RegionPolicy.objects.get_or_create(region=region)[0].pk
    side.extra["follow_up_step"] = FollowUpStep.objects.create(
        region=region, days_after_start=400, label=f"Jaargesprek {marker}"
    ).pk
    # The services above wrote the region's audit trail; its first event stands for all.
    side.audit_event = AuditEvent.objects.filter(region=region).order_by("pk").first()
    assert side.audit_event is not None
    # The login-abuse records (django-axes) the admin shows.
    ip_address = "192.0.2.1" if key == "A" else "192.0.2.2"
    login_record = {
        "username": side.manager.email,
        "ip_address": ip_address,
        "user_agent": "matrix",
        "http_accept": "*/*",
        "path_info": "/login/",
    }
    side.extra["access_attempt"] = AccessAttempt.objects.create(
        **login_record, get_data="", post_data="", failures_since_start=1
    ).pk
    side.extra["access_log"] = AccessLog.objects.create(**login_record).pk
    side.extra["access_failure_log"] = AccessFailureLog.objects.create(**login_record).pk
    return side


@pytest.fixture
def world(region, other_region, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    organisation = Organisation.objects.create(
        name="Gemeente Testdorp", kind=Organisation.Kind.MUNICIPALITY
    )
    a = build_side("A", region, organisation)
    b = build_side("B", other_region, organisation)
    admin = make_user("admin@wsp.test", User.Role.WSP_ADMIN, first_name="Ada")
    group = Group.objects.create(name="Testgroep")
    token = Token.objects.create(user=admin)
    return World(a=a, b=b, admin=admin, group=group, token=token, organisation=organisation)


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    """These tests call every route, anonymously too, far more often than the rate limits
    allow (429 instead of the 401/403 they check); the limits have tests of their own
    (tests/faults/test_limits.py, tests/accounts/test_api_throttling.py)."""
    settings.RATE_LIMITS = dict.fromkeys(settings.RATE_LIMITS, "")
