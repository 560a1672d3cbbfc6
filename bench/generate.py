"""Generate a country's worth of synthetic WSP data on PostgreSQL, in bulk, for the benchmarks.

    .venv/bin/python -m bench.generate [--reset] [--employers 20000] [--seed 2025] ...

Default size: 20,000 employers over the 35 labour-market regions (of uneven size), 60,000
contact persons (leavers with successors or without, role changes, verifications, all with
their events), account assignments with history (earlier managers, backups, a few held by a
deactivated colleague, a few with nobody), 10,000 placements with their follow-up plans and
instrument periods, 30,000 conversations, and thresholds of their own for five regions.

Deterministic: the same seed and the same --today give the same rows. The database
(BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/wsp_bench; its name must
contain "bench") is created and migrated when missing; with --reset it is dropped first. Data is
generated only into an empty database. Every option has an environment variable (BENCH_*), so
`make bench BENCH_EMPLOYERS=5000 BENCH_RESET=1` works too.
"""

import argparse
import datetime
import os
import random
import time
from bisect import bisect_right
from itertools import accumulate

from bench import database_name, database_url, maintenance_url, setup

BATCH = 5000
ACTION_TITLES = [
    "Offerte voor jobcoaching sturen",
    "Terugbellen over de vacature",
    "Proefplaatsing evalueren",
    "Informatie loonkostensubsidie mailen",
    "Kennismaking met de nieuwe HR-manager plannen",
    "Werkplekaanpassing navragen",
]
STAFF_PER_REGION = 10
# Issue 9's national scale (`--scale 1`): per 1.0 of scale.
NATIONAL = {
    "employers": 100_000,
    "contacts": 300_000,
    "placements": 40_000,
    "candidates": 50_000,
    "conversations": 1_000_000,
}
NATIONAL_STAFF_PER_REGION = 19  # + a team lead and a deactivated colleague: ~735 staff
NATIONAL_CONVERSATION_DAYS = 3 * 365
FIRST_NAMES = [
    "Anna", "Bram", "Chantal", "Daan", "Eline", "Fatima", "Gert", "Hanneke", "Ivo", "Jasmijn",
    "Kees", "Lotte", "Mehmet", "Noor", "Olaf", "Priya", "Ruben", "Sanne", "Tim", "Yara",
]  # fmt: skip
LAST_NAMES = [
    "de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Bos",
    "Vos", "Peters", "Hendriks", "El Amrani", "Yilmaz", "van Dijk", "Kramer", "Dekker", "Pauw",
]  # fmt: skip
TRADES = [
    "Bakkerij", "Drukkerij", "Logistiek", "Bouwbedrijf", "Zorggroep", "Installatietechniek",
    "Schoonmaak", "Hotel", "Tuincentrum", "Metaalbewerking", "Supermarkt", "Transport",
]  # fmt: skip
PLACES = [
    "Noord", "De Linde", "Maasland", "Het Anker", "Zuidwest", "De Horst", "Vlietstad",
    "Kempen", "Eemdal", "Waterkant", "Zonnehof", "De Brug",
]  # fmt: skip
JOBS = [
    "Magazijnmedewerker", "Medewerker productie", "Schoonmaker", "Keukenhulp",
    "Medewerker groenvoorziening", "Administratief medewerker", "Vakkenvuller", "Heftruckchauffeur",
]  # fmt: skip


def env_int(name, default):
    return int(os.environ.get(name) or default)


def add_size_arguments(add):
    """The size options, shared by `python -m bench.generate` and `manage.py seed_scale`."""
    add("--employers", type=int, default=env_int("BENCH_EMPLOYERS", 20_000))
    add("--contacts", type=int, default=env_int("BENCH_CONTACTS", 0), help="default 3 per employer")
    add(
        "--placements", type=int, default=env_int("BENCH_PLACEMENTS", 0), help="default employers/2"
    )
    add(
        "--conversations",
        type=int,
        default=env_int("BENCH_CONVERSATIONS", 0),
        help="default 1.5 per employer",
    )
    add(
        "--candidates",
        type=int,
        default=env_int("BENCH_CANDIDATES", 0),
        help="default one per placement; more adds candidates without a placement",
    )
    add(
        "--staff-per-region",
        type=int,
        default=env_int("BENCH_STAFF_PER_REGION", STAFF_PER_REGION),
        help="active account managers per region",
    )
    add(
        "--conversation-days",
        type=int,
        default=env_int("BENCH_CONVERSATION_DAYS", 240),
        help="conversations are spread over this many days before today",
    )
    add("--seed", type=int, default=env_int("BENCH_SEED", 2025))
    add("--today", type=datetime.date.fromisoformat, default=os.environ.get("BENCH_TODAY") or None)


def apply_scale(args, scale):
    """Set every size to `scale` times issue 9's national data (100,000 employers at 1.0)."""
    for name, full in NATIONAL.items():
        setattr(args, name, max(35 if name == "employers" else 1, round(full * scale)))
    args.contacts = max(args.contacts, args.employers)  # at least one per employer
    args.staff_per_region = max(3, round(NATIONAL_STAFF_PER_REGION * scale))
    args.conversation_days = NATIONAL_CONVERSATION_DAYS


def complete_sizes(args, error):
    """Fill the derived defaults and check the sizes (error: a callable that exits)."""
    args.contacts = args.contacts or args.employers * 3
    args.placements = args.placements or args.employers // 2
    args.conversations = args.conversations or args.employers * 3 // 2
    args.candidates = max(args.candidates, args.placements)
    if args.employers < 35 or args.contacts < args.employers:
        error("need at least 35 employers and one contact per employer")
    if args.staff_per_region < 2 or args.conversation_days < 1:
        error("need at least 2 staff per region and 1 conversation day")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add = parser.add_argument
    add_size_arguments(add)
    add(
        "--scale",
        type=float,
        default=float(os.environ.get("BENCH_SCALE") or 0),
        help="issue 9's national data times this (1 = 100,000 employers); overrides the sizes",
    )
    add(
        "--reset",
        action="store_true",
        default=os.environ.get("BENCH_RESET") == "1",
        help="drop and recreate the benchmark database first",
    )
    args = parser.parse_args(argv)
    if args.scale:
        apply_scale(args, args.scale)
    complete_sizes(args, parser.error)
    return args


def prepare_database(url, reset):
    """Create (or, with reset, recreate) the benchmark database, before Django starts."""
    import psycopg

    name = database_name(url)
    with psycopg.connect(maintenance_url(url), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reset:
            print(f"dropping database {name}")
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            print(f"creating database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')


class Timer:
    def __init__(self):
        self.start = self.last = time.monotonic()

    def step(self, label, rows):
        now = time.monotonic()
        print(f"  {label:<28} {rows:>9,} rows  {now - self.last:6.1f}s")
        self.last = now


def bulk(model, objects):
    return model.objects.bulk_create(objects, batch_size=BATCH)


def set_column(table, column, cast, pairs):
    """UPDATE table SET column = value for (id, value) pairs, in one statement per batch
    (auto_now_add columns cannot be given on insert)."""
    from django.db import connection

    pairs = list(pairs)
    with connection.cursor() as cursor:
        for start in range(0, len(pairs), BATCH * 4):
            chunk = pairs[start : start + BATCH * 4]
            cursor.execute(
                f"UPDATE {table} AS t SET {column} = v.value "  # noqa: S608 - fixed names
                f"FROM unnest(%s::bigint[], %s::{cast}[]) AS v(id, value) WHERE t.id = v.id",
                [[pk for pk, _ in chunk], [value for _, value in chunk]],
            )


def generate(args):
    from django.db import connection
    from django.utils import timezone

    from accounts.models import Organisation, Region, Team, User
    from candidates.models import Candidate
    from continuity.models import RegionPolicy
    from employers.models import (
        AccountAssignment,
        Action,
        ContactEvent,
        ContactPerson,
        Conversation,
        Employer,
    )
    from placements.models import (
        DEFAULT_FOLLOW_UP_PLAN,
        FollowUp,
        Instrument,
        InstrumentPeriod,
        Placement,
        TeamMember,
        WageValueAssessment,
    )

    rng = random.Random(args.seed)
    today = args.today or timezone.localdate()
    zone = timezone.get_current_timezone()

    def day(offset):
        return today + datetime.timedelta(days=offset)

    def moment(date, minutes=600):
        """An aware datetime on `date` (10:00 by default)."""
        return datetime.datetime.combine(date, datetime.time(), zone) + datetime.timedelta(
            minutes=minutes
        )

    timer = Timer()
    regions = list(Region.objects.order_by("code"))
    organisations = bulk(
        Organisation,
        [
            Organisation(name="Gemeente (bench)", kind="municipality"),
            Organisation(name="UWV (bench)", kind="uwv"),
            Organisation(name="SW-bedrijf (bench)", kind="sw_company"),
        ],
    )
    teams = bulk(Team, [Team(region=r, name=f"Team {r.name}") for r in regions])
    team_of = {team.region_id: team for team in teams}

    # Staff: per region a team lead, account managers and one deactivated colleague.
    users = []
    for region in regions:
        users.append(
            User(
                email=f"lead@{region.code}.bench",
                first_name="Teamleider",
                last_name=region.name,
                role="team_lead",
                region=region,
                team=team_of[region.pk],
                home_organisation=organisations[0],
                password="!bench",  # unusable: nobody logs in to the benchmark database
            )
        )
        for n in range(args.staff_per_region + 1):
            users.append(
                User(
                    email=f"am{n}@{region.code}.bench",
                    first_name=rng.choice(FIRST_NAMES),
                    last_name=rng.choice(LAST_NAMES),
                    role="account_manager",
                    region=region,
                    team=team_of[region.pk],
                    home_organisation=organisations[n % len(organisations)],
                    is_active=n < args.staff_per_region,
                    password="!bench",
                )
            )
    users = bulk(User, users)
    staff = {r.pk: [u for u in users if u.region_id == r.pk and u.is_active] for r in regions}
    managers = {r.pk: [u for u in staff[r.pk] if u.role == "account_manager"] for r in regions}
    gone = {u.region_id: u for u in users if not u.is_active}
    timer.step("staff", len(users))

    # Employers: regions of uneven size (the largest about five times the smallest); the first
    # employer of each region is placed there, so a small scale still fills every region (the
    # random draw is made all the same, so the rest of the data stays as it was).
    weights = [rng.uniform(0.4, 2.0) for _ in regions]
    cumulative = list(accumulate(weights))
    stages = ["prospect", "introduction", "active", "strategic_partner"]
    sectors = [choice for choice, _ in Employer.Sector.choices]
    employers = []
    for n in range(args.employers):
        region = regions[bisect_right(cumulative, rng.random() * cumulative[-1])]
        if n < len(regions):
            region = regions[n]
        employers.append(
            Employer(
                region=region,
                name=f"{rng.choice(TRADES)} {rng.choice(PLACES)} {n:05d}",
                kvk_number=f"{50_000_000 + n:08d}",
                sector=rng.choice(sectors),
                employee_count=rng.choice([8, 15, 30, 60, 120, 300, 900]),
                stage=rng.choices(stages, weights=[20, 15, 50, 15])[0],
                is_national=rng.random() < 0.01,
            )
        )
    employers = bulk(Employer, employers)
    set_column(
        "employers_employer",
        "created_at",
        "timestamptz",
        ((e.pk, moment(day(-rng.randint(20, 2000)))) for e in employers),
    )
    timer.step("employers", len(employers))

    # Account assignments: a history of earlier managers, a current one (or nobody), backups.
    assignments, current_manager = [], {}
    for employer in employers:
        if employer.stage == "prospect" and rng.random() < 0.7:
            continue
        pool = managers[employer.region_id]
        start = day(-rng.randint(0, 700))
        periods = []
        for _ in range(rng.choices([0, 1, 2, 3], weights=[50, 30, 15, 5])[0]):
            earlier = start - datetime.timedelta(days=rng.randint(60, 400))
            periods.append((earlier, start))
            start = earlier
        previous = None
        for started, ended in reversed(periods):
            manager = rng.choice([m for m in pool if m is not previous])
            assignments.append(
                AccountAssignment(
                    employer=employer,
                    region_id=employer.region_id,
                    manager=manager,
                    started_on=started,
                    ended_on=ended,
                    handover_note="Overdracht (bench)",
                )
            )
            previous = manager
        holder = None
        roll = rng.random()
        if roll < 0.03:
            holder = gone[employer.region_id]  # held by a deactivated colleague
        elif roll < 0.96:
            holder = rng.choice([m for m in pool if m is not previous])
        if holder is None:  # the last manager stopped, nobody took over
            if periods:
                assignments[-1].ended_on = day(-rng.randint(0, 30))
            continue
        current_manager[employer.pk] = holder
        assignments.append(
            AccountAssignment(
                employer=employer,
                region_id=employer.region_id,
                manager=holder,
                started_on=periods[0][1] if periods else start,
            )
        )
        if rng.random() < 0.1:
            backup = rng.choice([m for m in pool if m is not holder])
            assignments.append(
                AccountAssignment(
                    employer=employer,
                    region_id=employer.region_id,
                    manager=backup,
                    kind="backup",
                    started_on=day(-rng.randint(0, 300)),
                )
            )
    for assignment in assignments:  # an ended period never ends before it started
        if assignment.ended_on and assignment.ended_on < assignment.started_on:
            assignment.ended_on = assignment.started_on
    bulk(AccountAssignment, assignments)
    timer.step("account assignments", len(assignments))

    # Contact persons: an exact total, at least one per employer.
    per_employer = [1] * len(employers)
    for index in rng.choices(range(len(employers)), k=args.contacts - len(employers)):
        per_employer[index] += 1
    contacts, contacts_of = [], {}
    for employer, count in zip(employers, per_employer, strict=True):
        for _ in range(count):
            level = rng.choices(["top", "middle", "floor"], weights=[20, 45, 35])[0]
            since = day(-rng.randint(30, 3000))
            verified = None if rng.random() < 0.2 else day(-rng.randint(0, 700))
            left = None
            if rng.random() < 0.1:
                left = max(since, day(-rng.randint(-20, 500)))
                verified = verified if verified is None or verified <= left else left
            contact = ContactPerson(
                employer=employer,
                name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                job_title={"top": "Directeur", "middle": "HR-adviseur", "floor": "Ploegleider"}[
                    level
                ],
                level=level,
                is_director=level == "top",
                is_hr=level == "middle" and rng.random() < 0.6,
                is_supervisor=level == "floor" and rng.random() < 0.8,
                is_champion=level != "floor" and rng.random() < 0.25,
                active_since=since,
                left_on=left,
                left_reason="Andere baan" if left else "",
                last_verified_on=verified,
            )
            contacts.append(contact)
            contacts_of.setdefault(employer.pk, []).append(contact)
    contacts = bulk(ContactPerson, contacts)
    set_column(
        "employers_contactperson",
        "created_at",
        "timestamptz",
        ((c.pk, moment(c.active_since)) for c in contacts),
    )
    successors = []
    for contact in contacts:
        if contact.left_on and rng.random() < 0.4:
            others = [c for c in contacts_of[contact.employer_id] if c is not contact]
            if others:
                contact.successor = rng.choice(others)
                successors.append(contact)
    ContactPerson.objects.bulk_update(successors, ["successor"], batch_size=BATCH)
    timer.step("contact persons", len(contacts))

    events = []
    for contact in contacts:
        since = contact.active_since
        events.append(ContactEvent(contact=contact, kind="added", on=since, at=moment(since)))
        verified = contact.last_verified_on
        if verified:
            events.append(
                ContactEvent(
                    contact=contact, kind="verified", on=verified, at=moment(verified, 700)
                )
            )
        if contact.left_on:
            at = moment(min(contact.left_on, today), 800)
            events.append(ContactEvent(contact=contact, kind="left", on=contact.left_on, at=at))
        elif rng.random() < 0.06:
            on = day(-rng.randint(0, 200))
            events.append(
                ContactEvent(contact=contact, kind="role_changed", on=on, at=moment(on, 900))
            )
    bulk(ContactEvent, events)
    timer.step("contact events", len(events))

    # Placements (with a candidate each) at employers with a relationship.
    hosts = [e for e in employers if e.stage in ("active", "strategic_partner")] or employers
    candidates, placements = [], []
    for n in range(args.placements):
        employer = rng.choice(hosts)
        pool = managers[employer.region_id]
        responsible = gone[employer.region_id] if rng.random() < 0.02 else rng.choice(pool)
        candidates.append(
            Candidate(
                region_id=employer.region_id,
                first_name=rng.choice(FIRST_NAMES),
                last_name=f"{rng.choice(LAST_NAMES)} {n}",
                responsible=rng.choice(pool),
                target_groups=["job_agreement"],
            )
        )
        start = day(-rng.randint(0, 720))
        kind = rng.choices(
            ["temporary", "permanent", "trial", "learn_work"], weights=[55, 30, 10, 5]
        )[0]
        contract_end = {
            "temporary": start + datetime.timedelta(days=rng.randint(180, 730)),
            "trial": start + datetime.timedelta(days=60),
            "learn_work": start + datetime.timedelta(days=365),
        }.get(kind)
        floor = [c for c in contacts_of[employer.pk] if c.level == "floor"]
        placement = Placement(
            employer=employer,
            job_title=rng.choice(JOBS),
            start_date=start,
            contract_type=kind,
            contract_end=contract_end,
            hours_per_week=rng.choice([12, 16, 20, 24, 32, 36]),
            responsible=responsible,
        )
        placement.bench_team = [  # the team is written after the placements (they need ids)
            (role, rng.choice(floor))
            for role, chance in (("supervisor", 0.85), ("buddy", 0.4))
            if floor and rng.random() < chance
        ]
        if (today - start).days >= 30 and rng.random() < 0.2:
            placement.status = "ended"
            days = rng.randint(30, (today - start).days)
            placement.ended_on = start + datetime.timedelta(days=days)
            placement.end_reason = rng.choice(["contract_ended", "other_job", "guidance"])
        placements.append(placement)
    for n in range(args.placements, args.candidates):  # candidates not (yet) placed
        region = regions[bisect_right(cumulative, rng.random() * cumulative[-1])]
        candidates.append(
            Candidate(
                region=region,
                first_name=rng.choice(FIRST_NAMES),
                last_name=f"{rng.choice(LAST_NAMES)} {n}",
                responsible=rng.choice(managers[region.pk]),
                target_groups=["job_agreement"],
            )
        )
    candidates = bulk(Candidate, candidates)
    for candidate, placement in zip(candidates, placements, strict=False):
        placement.candidate = candidate
    placements = bulk(Placement, placements)
    timer.step("candidates + placements", len(candidates) + len(placements))

    # The team: a supervisor (85 %) and a buddy (40 %) from the shop floor (some of whom left),
    # an external job coach for a quarter of the placements, whose period may end soon.
    members = []
    for placement in placements:
        for role, contact in placement.bench_team:
            members.append(
                TeamMember(
                    placement=placement, role=role, contact=contact, start=placement.start_date
                )
            )
        if rng.random() < 0.25:
            members.append(
                TeamMember(
                    placement=placement,
                    role="job_coach",
                    name=f"Coach {rng.choice(LAST_NAMES)}",
                    organisation="Jobcoach Nederland",
                    start=placement.start_date,
                    end=max(placement.start_date, day(rng.randint(-200, 200))),
                )
            )
    bulk(TeamMember, members)
    timer.step("team members", len(members))

    follow_ups = []
    for placement in placements:
        for offset, label in DEFAULT_FOLLOW_UP_PLAN:
            due = placement.start_date + datetime.timedelta(days=offset)
            if placement.ended_on and due > placement.ended_on:
                continue
            follow_up = FollowUp(placement=placement, due_on=due, kind=str(label))
            if due < today and rng.random() < 0.88:
                follow_up.done_on = min(today, due + datetime.timedelta(days=rng.randint(0, 10)))
                follow_up.outcome = rng.choice(["going_well", "going_well", "attention"])
            follow_ups.append(follow_up)
    bulk(FollowUp, follow_ups)
    timer.step("follow-ups", len(follow_ups))

    instruments = {}
    for instrument in Instrument.objects.order_by("pk"):
        instruments.setdefault(instrument.region_id, []).append(instrument)
    periods = []
    for placement in placements:
        if rng.random() >= 0.6 or not instruments.get(placement.employer.region_id):
            continue
        end = placement.start_date + datetime.timedelta(days=rng.randint(90, 730))
        if end < today:
            status = "ended" if rng.random() < 0.7 else "granted"
        else:
            status = "granted" if rng.random() < 0.75 else "applied"
        periods.append(
            InstrumentPeriod(
                placement=placement,
                instrument=rng.choice(instruments[placement.employer.region_id]),
                start=placement.start_date,
                end=end,
                status=status,
            )
        )
    # Wage-value assessments: one or two for a placement with a wage-based instrument (rules 15
    # and 16 scan them); a third of the running periods have a decision on what comes next.
    assessments, resting = [], {}
    for period in periods:
        if not period.instrument.rests_on_wage_value:
            continue
        for round_ in range(rng.randint(1, 2)):
            assessed_on = period.start + datetime.timedelta(days=365 * round_ - rng.randint(0, 20))
            if assessed_on > today:
                break
            assessment = WageValueAssessment(
                placement=period.placement,
                assessed_on=assessed_on,
                percentage=rng.randint(30, 90),
                assessor_organisation="Loonwaarde (bench)",
                next_due_on=assessed_on + datetime.timedelta(days=rng.randint(180, 540)),
            )
            assessments.append(assessment)
            resting[id(period)] = assessment
    bulk(WageValueAssessment, assessments)
    for period in periods:
        period.assessment = resting.get(id(period))
        if period.status != "ended" and rng.random() < 0.33:
            period.next_step = rng.choice(["extend", "convert", "other_instrument", "end"])
    bulk(InstrumentPeriod, periods)
    timer.step("instrument periods + assessments", len(periods) + len(assessments))

    talked_to = [e for e in employers if e.stage != "prospect"] or employers
    conversations = []
    for _ in range(args.conversations):
        employer = rng.choice(talked_to)
        holder = current_manager.get(employer.pk)
        author = holder if holder and holder.is_active and rng.random() < 0.85 else None
        conversations.append(
            Conversation(
                employer=employer,
                author=author or rng.choice(staff[employer.region_id]),
                occurred_at=moment(
                    day(-rng.randint(0, args.conversation_days)), rng.randint(480, 1080)
                ),
                channel=rng.choice(["visit", "phone", "email", "video"]),
                topics=[rng.choice(["staffing", "retention", "follow_up", "instruments"])],
                summary="Gesprek over personeelsbehoefte en lopende plaatsingen (bench).",
            )
        )
    bulk(Conversation, conversations)
    timer.step("conversations", len(conversations))

    # Open work (issue 14): actions on a quarter of the talked-to employers, owned by their
    # fixed manager; 40 % already done, 1 in 8 an employer's question; due from three weeks ago
    # to six weeks ahead, 15 % without a date. (Drawn after everything above, so the rest of
    # the data is the same as without them.)
    actions = []
    for employer in talked_to:
        holder = current_manager.get(employer.pk)
        if holder is None or not holder.is_active or rng.random() >= 0.25:
            continue
        for _ in range(rng.randint(1, 3)):
            created = moment(day(-rng.randint(1, 60)))
            done = rng.random() < 0.4
            closed = created + datetime.timedelta(days=rng.randint(0, 10))
            actions.append(
                Action(
                    employer=employer,
                    kind="question" if rng.random() < 0.125 else "task",
                    title=rng.choice(ACTION_TITLES),
                    owner=holder,
                    due_on=None if rng.random() < 0.15 else day(rng.randint(-21, 42)),
                    status="done" if done else "open",
                    created_by=holder,
                    created_at=created,
                    closed_at=closed if done else None,
                    closed_by=holder if done else None,
                )
            )
    bulk(Action, actions)
    timer.step("actions", len(actions))

    policies = [
        RegionPolicy(region=region, stale_days_active=60 + 15 * n, contract_end_weeks=8)
        for n, region in enumerate(regions[:5])
    ]
    bulk(RegionPolicy, policies)

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    timer.step("analyze", 0)
    print(f"generated in {time.monotonic() - timer.start:.1f}s (seed {args.seed}, today {today})")


def main(argv=None):
    args = parse_args(argv)
    url = database_url()
    from bench import check_url

    check_url(url)
    prepare_database(url, args.reset)
    setup(url)

    from django.core.management import call_command

    from employers.models import Employer

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    print(f"migrated {database_name(url)} in {time.monotonic() - started:.1f}s")
    existing = Employer.objects.count()
    if existing:
        print(
            f"{database_name(url)} already holds {existing:,} employers: keeping them "
            "(use --reset or BENCH_RESET=1 to generate again)"
        )
        return
    print(
        f"generating {args.employers:,} employers, {args.contacts:,} contacts, "
        f"{args.placements:,} placements, {args.candidates:,} candidates, "
        f"{args.conversations:,} conversations over {args.conversation_days} days, "
        f"{args.staff_per_region} account managers per region"
    )
    from django.db import transaction

    with transaction.atomic():
        generate(args)


if __name__ == "__main__":
    main()
