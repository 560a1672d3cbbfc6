"""Demo employer accounts for the demo region (Midden-Utrecht), loaded by `manage.py seed_demo`.

The employers themselves are data (demo/tables/employers.py). Each gets contact persons over the
three levels (champions, people who left with a reason and successor, role changes,
verifications), a history of fixed account managers with handover notes (three employers with
three changes in twelve months, a few without a current manager), backups, and about a year of
conversations (demo/conversations.py) with open, overdue and completed next actions.

Everything is written through employers.services, with dates in the past. Deterministic: every
employer draws from its own random.Random seeded by its key, with dates relative to today.
Idempotent: an employer whose KvK number already exists is skipped, so a second run adds nothing.
"""

import random

from django.db import transaction
from django.utils import timezone

from accounts.models import Region
from demo.common import DAY, SEED, weekday
from demo.conversations import log_conversations
from demo.tables.employers import (
    CITY2,
    EMPLOYERS,
    FIRST_NAMES,
    FLOOR_TITLES,
    HANDOVER_NOTES,
    KNOWLEDGE,
    LAST_NAMES,
    LEFT_REASONS,
    MIDDLE_TITLES,
    SECTOR_JOBS,
    TOP_TITLES,
)
from employers import services
from employers.models import AccountAssignment, ContactPerson, Employer

ST = Employer.Stage
INCLUSIVE = Employer.Inclusion.INCLUSIVE
NOT_YET = Employer.Inclusion.NOT_YET
LEVEL = ContactPerson.Level


def load(*, region, managers, team_lead, today=None):
    """Create the demo employers in `region`; returns how many were new.

    `managers`: the account managers who hold the employers (at least four, so that histories
    can change hands); `team_lead` assigns and logs some events.
    """
    managers = list(managers)
    if len(managers) < 4:
        raise ValueError("the demo needs at least four account managers")
    today = today or timezone.localdate()
    regions = {r.code: r for r in Region.objects.filter(code__in=_home_region_codes())}
    created = 0
    with transaction.atomic():
        for index, spec in enumerate(EMPLOYERS):
            kvk = _kvk_number(index)
            if Employer.objects.filter(kvk_number=kvk).exists():
                continue
            builder = _EmployerBuilder(
                spec=spec,
                index=index,
                kvk=kvk,
                region=region,
                home_region=regions.get(spec.home_region, region),
                managers=managers,
                team_lead=team_lead,
                today=today,
            )
            builder.build()
            created += 1
    return created


def _home_region_codes():
    return {spec.home_region for spec in EMPLOYERS if spec.home_region}


def _kvk_number(index):
    # 104729 is coprime with 10**7, so every index gives a different, random-looking number.
    return f"9{(index * 104_729 + 3_131_337) % 10_000_000:07d}"


class _EmployerBuilder:
    """One demo employer: its managers' history is planned first, then the employer, its
    locations, contacts, account managers and conversations are written in that order, all
    drawing on one random generator."""

    def __init__(self, *, spec, index, kvk, region, home_region, managers, team_lead, today):
        self.spec = spec
        self.index = index
        self.kvk = kvk
        self.region = region  # the demo region, where the assignments live
        self.home_region = home_region
        self.managers = managers
        self.team_lead = team_lead
        self.today = today
        self.rng = random.Random(f"{SEED}:{spec.key}")
        self.jobs = SECTOR_JOBS[spec.sector]
        self.contacts = []  # [contact, active_since, left_on, date of its latest event]
        self.segments = []  # [manager, started_on, ended_on]

    # -- helpers ------------------------------------------------------------------------------
    def days_ago(self, low, high):
        return self.today - self.rng.randint(low, high) * DAY

    def weekday(self, day):
        return weekday(day, self.today)

    def person_name(self):
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def email_for(self, name):
        local = name.split()[0].lower().replace("ş", "s")
        return f"{local}@{self.spec.key}.example"

    def phone(self):
        return f"030 {self.rng.randint(200, 799)} {self.rng.randint(1000, 9999)}"

    def words(self, day):
        """The words a summary or handover note on `day` is filled with."""
        rng = self.rng
        people = self.current_contacts(day) or [row[0] for row in self.contacts]
        job, jobs = rng.choice(self.jobs)
        return {
            "c": rng.choice(people).name.split()[0] if people else "de contactpersoon",
            "job": job,
            "jobs": jobs,
            "n": rng.randint(2, 6),
            "city": self.spec.city,
            "city2": rng.choice([city for city in CITY2 if city != self.spec.city]),
        }

    # -- the employer -------------------------------------------------------------------------
    def build(self):
        self.plan_assignments()
        creator = self.segments[0][0] if self.segments else self.team_lead
        self.employer = self.create_employer(creator)
        self.add_locations(creator)
        self.add_contacts(creator)
        self.assign_managers()
        log_conversations(self)

    def create_employer(self, creator):
        spec, rng = self.spec, self.rng
        stage_rank = [ST.PROSPECT, ST.INTRODUCTION, ST.ACTIVE, ST.STRATEGIC_PARTNER].index(
            spec.stage
        )
        knows_them = stage_rank >= 2
        fields = {
            "name": spec.name,
            "kvk_number": self.kvk,
            "ownership": spec.ownership,
            "sector": spec.sector,
            "employee_count": spec.employees,
            "is_social_enterprise": bool(spec.pso) or spec.social,
            "pso_level": spec.pso,
            "inclusion": spec.inclusion,
            "stage": spec.stage,
            "style_vacancy_filling": stage_rank >= 1,
            "style_unburdening": stage_rank >= 2,
            "style_strategic": stage_rank == 3,
            "is_national": spec.national,
            "is_ambassador": spec.ambassador,
            "website": f"https://www.{spec.key}.example",
            "phone": self.phone(),
        }
        if knows_them:
            fields.update(
                knowledge_work=rng.choice(KNOWLEDGE["work"]),
                knowledge_culture=rng.choice(KNOWLEDGE["culture"]),
                knowledge_accessibility=rng.choice(KNOWLEDGE["accessibility"]),
                knowledge_guidance=rng.choice(KNOWLEDGE["guidance"]),
            )
        elif stage_rank == 1:
            fields["knowledge_work"] = rng.choice(KNOWLEDGE["work"])
        if spec.inclusion == NOT_YET and stage_rank >= 1 and rng.random() < 0.5:
            fields["knowledge_culture"] = (
                "Eerdere korte ervaring met een proefplaatsing die stopte toen de begeleiding "
                "wegviel; wil het nu beter voorbereid doen."
            )
        return services.employer_create(region=self.home_region, by=creator, **fields)

    def add_locations(self, by):
        spec = self.spec
        services.location_add(
            employer=self.employer,
            by=by,
            name="Hoofdvestiging",
            street=spec.street,
            postcode=spec.postcode,
            city=spec.city,
            is_main=True,
        )
        if spec.second_location:
            name, street, postcode, city = spec.second_location
            services.location_add(
                employer=self.employer,
                by=by,
                name=name,
                street=street,
                postcode=postcode,
                city=city,
            )

    # -- contact persons ----------------------------------------------------------------------
    def add_contacts(self, by):
        spec, rng = self.spec, self.rng
        size = {ST.PROSPECT: (1, 2), ST.INTRODUCTION: (2, 3), ST.ACTIVE: (3, 5)}.get(
            spec.stage, (4, 6)
        )
        count = max(2, rng.randint(*size))
        plan = [LEVEL.TOP, LEVEL.MIDDLE, LEVEL.FLOOR, LEVEL.MIDDLE, LEVEL.FLOOR, LEVEL.FLOOR]
        champion_at = None
        if spec.inclusion == INCLUSIVE or spec.stage in (ST.ACTIVE, ST.STRATEGIC_PARTNER):
            champion_at = rng.choice([1, 2]) if count > 2 else 1
        for position in range(count):
            level = plan[position]
            self.add_contact(
                by=by,
                level=level,
                champion=position == champion_at,
                active_since=self.days_ago(400, 2400),
            )
        self.verify_contacts(by)
        self.change_roles(by)
        self.mark_leavers(by)

    def add_contact(self, *, by, level, champion, active_since):
        rng = self.rng
        titles = {LEVEL.TOP: TOP_TITLES, LEVEL.MIDDLE: MIDDLE_TITLES, LEVEL.FLOOR: FLOOR_TITLES}
        title = rng.choice(titles[level])
        if level == LEVEL.TOP and self.spec.employees < 50:
            title = "Directeur-eigenaar"
        name = self.person_name()
        contact = services.contact_add(
            employer=self.employer,
            by=by,
            name=name,
            job_title=title,
            level=level,
            is_director=level == LEVEL.TOP,
            is_hr=level == LEVEL.MIDDLE and title.startswith(("HR", "P&O", "Recruiter")),
            is_supervisor=level == LEVEL.FLOOR,
            is_champion=champion,
            phone=self.phone() if rng.random() < 0.8 else "",
            email=self.email_for(name),
            active_since=active_since,
        )
        self.contacts.append([contact, active_since, None, active_since])
        return contact

    def verify_contacts(self, by):
        for row in self.contacts:
            roll = self.rng.random()
            if roll < 0.65:
                on = self.days_ago(5, 300)
            elif roll < 0.85:
                on = self.days_ago(380, 600)  # overdue: not verified for over a year
            else:
                continue
            row[3] = max(on, row[1])
            services.contact_verify(contact=row[0], by=by, on=row[3])

    def change_roles(self, by):
        if self.spec.stage in (ST.PROSPECT,) or self.rng.random() > 0.3:
            return
        floor = [row for row in self.contacts if row[0].level == LEVEL.FLOOR]
        row = floor[0] if floor else self.contacts[-1]
        contact, on = row[0], max(self.days_ago(30, 250), row[3])
        row[3] = on
        if floor:
            services.contact_change_role(
                contact=contact,
                by=by,
                on=on,
                level=LEVEL.MIDDLE,
                job_title="Teamleider",
                is_supervisor=False,
            )
        else:
            services.contact_change_role(
                contact=contact,
                by=by,
                on=on,
                is_champion=not contact.is_champion,
            )

    def mark_leavers(self, by):
        spec, rng = self.spec, self.rng
        if spec.stage == ST.PROSPECT or len(self.contacts) < 2:
            return
        leavers = 1 if rng.random() < 0.55 else 0
        if spec.stage == ST.STRATEGIC_PARTNER and rng.random() < 0.4:
            leavers += 1
        candidates = self.contacts[1:]  # the director usually stays
        rng.shuffle(candidates)
        for row in candidates[:leavers]:
            contact = row[0]
            left_on = max(self.days_ago(20, 330), row[3] + DAY)
            successor = None
            if rng.random() < 0.6:
                successor = self.add_contact(
                    by=by,
                    level=contact.level,
                    champion=contact.is_champion and rng.random() < 0.5,
                    active_since=left_on,
                )
            services.contact_mark_left(
                contact=contact,
                left_on=left_on,
                by=by,
                reason=rng.choice(LEFT_REASONS),
                successor=successor,
            )
            row[2] = left_on

    def current_contacts(self, on):
        return [
            contact
            for contact, since, left, _latest in self.contacts
            if since <= on and (left is None or left > on)
        ]

    # -- fixed account managers ---------------------------------------------------------------
    def plan_assignments(self):
        spec = self.spec
        order = (
            self.managers[self.index % len(self.managers) :]
            + self.managers[: self.index % len(self.managers)]
        )
        if spec.history == "none":
            return
        if spec.history in ("steady", "ended"):
            starts = [self.days_ago(380, 1100)]
        elif spec.history == "handover":
            starts = [self.days_ago(500, 1200), self.days_ago(60, 300)]
        else:  # turbulent: three changes within twelve months
            starts = [
                self.days_ago(420, 700),
                self.days_ago(300, 340),
                self.days_ago(170, 220),
                self.days_ago(40, 90),
            ]
        if spec.stage == ST.INTRODUCTION and spec.history == "steady":
            starts = [self.days_ago(90, 200)]
        if spec.stage == ST.PROSPECT:
            starts = [self.days_ago(20, 120)]
        starts = [self.weekday(day) for day in starts]
        for position, started_on in enumerate(starts):
            self.segments.append([order[position % len(order)], started_on, None])
        for earlier, later in zip(self.segments, self.segments[1:], strict=False):
            earlier[2] = later[1]
        if spec.history == "ended":
            self.segments[-1][2] = self.weekday(self.days_ago(45, 70))

    def assign_managers(self):
        spec = self.spec
        for position, (manager, started_on, _ended) in enumerate(self.segments):
            note = ""
            if position:
                template = HANDOVER_NOTES[(self.index + position) % len(HANDOVER_NOTES)]
                words = self.words(started_on)
                key = self.key_contact(started_on)
                if key is not None:
                    words["c"] = key.name.split()[0]
                note = template.format(**words)
            services.account_manager_assign(
                employer=self.employer,
                manager=manager,
                by=self.team_lead,
                handover_note=note,
                region=self.region,
                started_on=started_on,
            )
        if spec.history == "ended":
            assignment = self.employer.assignments.get(ended_on__isnull=True)
            services.assignment_end(
                assignment=assignment, by=self.team_lead, ended_on=self.segments[-1][2]
            )
        if spec.backup and self.segments:
            primary = self.segments[-1][0]
            backup = next(m for m in self.managers[::-1] if m != primary)
            services.account_manager_assign(
                employer=self.employer,
                manager=backup,
                by=self.team_lead,
                region=self.region,
                kind=AccountAssignment.Kind.BACKUP,
                started_on=max(self.segments[-1][1], self.weekday(self.days_ago(20, 150))),
            )

    def key_contact(self, day):
        """The champion, else HR/management, else anyone present on that day."""
        present = self.current_contacts(day)
        for wanted in (lambda p: p.is_champion, lambda p: p.level == LEVEL.MIDDLE, bool):
            chosen = [person for person in present if wanted(person)]
            if chosen:
                return chosen[0]
        return None

    def manager_on(self, day):
        for manager, started_on, ended_on in self.segments:
            if started_on <= day and (ended_on is None or ended_on > day):
                return manager
        return None
