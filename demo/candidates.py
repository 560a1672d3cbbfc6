"""Demo candidates, staffing requests and proposals for the demo region, loaded by
`manage.py seed_demo` right after the demo employers (demo/employers.py).

The candidates and their stories are data (demo/tables/candidates.py): each gets a work profile
in work terms (demo/tables/profiles.py; never a diagnosis, target groups only as codes) and
consents to share it with named employers. Staffing requests (vacancies and carved jobs) at the
demo employers; proposals in every status (proposed, introduction, trial, placed, declined and
withdrawn with their reason), several of them offered without a vacancy. The Job steps of a
story become placements (demo/placements.py).

Everything is written through candidates.services and placements.services, with dates in the
past relative to today. Deterministic: every candidate draws from its own random.Random seeded by
its name. Idempotent: a candidate who already exists (same e-mail address, or same name in the
region) is skipped with everything that happens to them, and a staffing request is looked up by
employer and title before it is created; a second run adds nothing.
"""

import random
import unicodedata

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from candidates import services
from candidates.models import Candidate, Proposal, SharingConsent, StaffingRequest
from demo.common import DAY, SEED, weekday
from demo.placements import place
from demo.tables.candidates import (
    CANDIDATES,
    OFFER_NOTES,
    OFFER_NOTES_NO_VACANCY,
    REQUESTS,
    Offer,
)
from demo.tables.employers import EMPLOYERS as DEMO_EMPLOYERS
from demo.tables.profiles import (
    AVAILABILITY_FULL_TIME,
    AVAILABILITY_PART_TIME,
    GUIDANCE_NEEDS,
    WORK,
    WORK_FITNESS,
    WORKPLACE_NEEDS,
)
from employers.models import AccountAssignment, ContactPerson, Employer, Location
from placements.models import Instrument

PS = Proposal.Status


def load(*, region, managers, team_lead, today=None):
    """Create the demo candidates and what happened to them; returns how many were new.

    Needs the demo employers (demo.employers.load) in `region`. `managers`: the account
    managers (candidates are spread over them as responsible staff); `team_lead` opens requests
    at employers without a fixed account manager.
    """
    managers = list(managers)
    if not managers:
        raise ValueError("the demo needs at least one account manager")
    today = today or timezone.localdate()
    created = 0
    with transaction.atomic():
        world = _World(region=region, managers=managers, team_lead=team_lead, today=today)
        for index, spec in enumerate(CANDIDATES):
            if world.exists(spec):
                continue
            _CandidateBuilder(spec=spec, index=index, world=world).build()
            created += 1
    return created


def email_for(spec):
    name = f"{spec.first_name}.{spec.last_name}".lower().replace(" ", "")
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return f"{ascii_name.replace('-', '')}@mail.example"


class _World:
    """What every candidate's story draws on: employers, their people, requests, instruments."""

    def __init__(self, *, region, managers, team_lead, today):
        self.region = region
        self.managers = managers
        self.team_lead = team_lead
        self.today = today
        names = {spec.key: spec.name for spec in DEMO_EMPLOYERS}
        self.keys = {name: key for key, name in names.items()}
        by_name = {
            employer.name: employer
            for employer in Employer.objects.filter(name__in=names.values(), region=region)
        }
        self.employers = {key: by_name[name] for key, name in names.items() if name in by_name}
        ids = [employer.pk for employer in self.employers.values()]
        self.contacts = {}
        for contact in ContactPerson.objects.filter(employer_id__in=ids).order_by("name", "pk"):
            self.contacts.setdefault(contact.employer_id, []).append(contact)
        self.locations = {}
        for location in Location.objects.filter(employer_id__in=ids):
            self.locations.setdefault(location.employer_id, []).append(location)
        self.primary = {}
        for assignment in AccountAssignment.objects.filter(
            employer_id__in=ids, kind="primary", ended_on__isnull=True, manager__is_active=True
        ).select_related("manager"):
            self.primary[assignment.employer_id] = assignment.manager
        self.instruments = {
            instrument.name: instrument
            for instrument in Instrument.objects.filter(region=region, is_active=True)
        }
        self.requests = {}
        self.at_risk = self.at_risk_pool()

    def exists(self, spec):
        return Candidate.objects.filter(
            Q(email=email_for(spec)) | Q(first_name=spec.first_name, last_name=spec.last_name),
            region=self.region,
        ).exists()

    def employer(self, key):
        if key not in self.employers:
            raise ValueError(f"demo employer {key!r} is missing: load demo.employers first")
        return self.employers[key]

    def manager_of(self, employer):
        return self.primary.get(employer.pk)

    def location(self, employer, name=""):
        locations = self.locations.get(employer.pk, [])
        for location in locations:
            if (name and location.name == name) or (not name and location.is_main):
                return location
        return locations[0] if locations else None

    def request(self, key):
        """The demo staffing request `key`, created on first use (or found from a former run)."""
        if key in self.requests:
            return self.requests[key]
        spec = next(r for r in REQUESTS if r.key == key)
        employer = self.employer(spec.employer)
        request = StaffingRequest.objects.filter(employer=employer, title=spec.title).first()
        if request is None:
            request = services.staffing_request_create(
                employer=employer,
                by=self.manager_of(employer) or self.team_lead,
                title=spec.title,
                kind=spec.kind,
                tasks=spec.tasks,
                hours_per_week=spec.hours,
                location=self.location(employer, spec.location),
                status=spec.status,
                opened_on=weekday(self.today - spec.opened * DAY, self.today),
            )
        self.requests[key] = request
        return request

    def at_risk_pool(self):
        """Contact persons who LEFT an active employer here after a long time there, one per
        employer, supervisors first: placements they still supervise are at risk."""
        leavers = [
            contact
            for key, employer in sorted(self.employers.items(), key=lambda item: item[1].name)
            if employer.stage in (Employer.Stage.ACTIVE, Employer.Stage.STRATEGIC_PARTNER)
            for contact in self.contacts.get(employer.pk, [])
            if contact.left_on
            and contact.active_since
            and (contact.left_on - contact.active_since).days >= 120
        ]
        pool, seen = [], set()
        for wanted in (
            lambda c: c.is_supervisor,
            lambda c: c.level == ContactPerson.Level.FLOOR,
            lambda c: True,
        ):
            for contact in leavers:
                if contact.employer_id not in seen and wanted(contact):
                    pool.append(contact)
                    seen.add(contact.employer_id)
        return pool


class _CandidateBuilder:
    """One demo candidate: the candidate and their profile, then their story step by step (an
    Offer here, a Job in demo/placements.py), all drawing on one random generator."""

    def __init__(self, *, spec, index, world):
        self.spec = spec
        self.world = world
        self.today = world.today
        self.responsible = world.managers[index % len(world.managers)]
        self.rng = random.Random(f"{SEED}:candidate:{spec.first_name} {spec.last_name}")
        self.previous_end = None

    # -- helpers ------------------------------------------------------------------------------
    def weekday(self, day):
        return weekday(day, self.today)

    def ago(self, days):
        return self.weekday(self.today - days * DAY)

    def phone(self):
        return f"06 {self.rng.randint(1000, 9999)} {self.rng.randint(1000, 9999)}"

    # -- the candidate ------------------------------------------------------------------------
    def build(self):
        spec, rng = self.spec, self.rng
        work = WORK[spec.work]
        availability = AVAILABILITY_PART_TIME if spec.hours <= 24 else AVAILABILITY_FULL_TIME
        driving = rng.random() < 0.3
        self.candidate = services.candidate_create(
            region=self.world.region,
            by=self.responsible,
            first_name=spec.first_name,
            last_name=spec.last_name,
            email=email_for(spec),
            phone=self.phone(),
            municipality=spec.municipality,
            responsible=self.responsible,
            target_groups=list(spec.target_groups),
            profile={
                "strengths": rng.choice(work["strengths"]),
                "experience": rng.choice(work["experience"]),
                "qualifications": rng.choice(work["qualifications"]),
                "hours_per_week": spec.hours,
                "availability": rng.choice(availability),
                "has_driving_licence": driving,
                "uses_public_transport": not driving or rng.random() < 0.5,
                "max_travel_minutes": rng.choice([20, 30, 30, 45, 45, 60]),
                "work_fitness": rng.choice(WORK_FITNESS),
                "guidance_needs": rng.choice(GUIDANCE_NEEDS),
                "workplace_needs": rng.choice(WORKPLACE_NEEDS),
            },
        )
        for step in spec.story:
            if isinstance(step, Offer):
                self.offer(step)
            else:
                place(self, step)

    def consent(self, employer, scope, given_on):
        if not scope:
            return None
        return services.consent_record(
            candidate=self.candidate,
            employer=employer,
            by=self.responsible,
            scope=scope,
            given_on=given_on,
        )

    def propose(self, employer, request, proposed_on, consent):
        self.consent(employer, consent, proposed_on)
        notes = OFFER_NOTES if request else OFFER_NOTES_NO_VACANCY
        return services.proposal_create(
            candidate=self.candidate,
            employer=employer,
            by=self.world.manager_of(employer) or self.responsible,
            request=request,
            note=self.rng.choice(notes),
            proposed_on=proposed_on,
        )

    def move(self, proposal, path, days, reason=""):
        by = self.world.manager_of(proposal.employer) or self.responsible
        for status, on in zip(path, days, strict=True):
            closing = status in (PS.DECLINED, PS.WITHDRAWN)
            proposal = services.proposal_set_status(
                proposal=proposal, status=status, by=by, reason=reason if closing else "", on=on
            )
        return proposal

    # -- a proposal that did not (yet) lead to a placement ------------------------------------
    def offer(self, step):
        employer = self.world.employer(step.employer)
        request = self.world.request(step.request) if step.request else None
        days = [self.ago(d) for d in step.days]
        proposal = self.propose(employer, request, days[0], step.consent)
        self.move(proposal, step.path, days[1:], step.reason)
        if step.consent_withdrawn is not None:
            consent = SharingConsent.objects.current().get(
                candidate=self.candidate, employer=employer
            )
            services.consent_withdraw(
                consent=consent, by=self.responsible, withdrawn_on=self.ago(step.consent_withdrawn)
            )
