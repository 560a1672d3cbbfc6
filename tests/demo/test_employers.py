"""The demo employer accounts loaded by `manage.py seed_demo` (demo/employers.py).

The demo is loaded once for this module inside a transaction that is rolled back at the end;
every test runs in a savepoint inside it.
"""

import datetime

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from accounts.models import Region, User
from demo import employers as demo
from demo.people import DEMO_REGION, DEMO_STAFF
from employers.models import (
    AccountAssignment,
    ContactEvent,
    ContactPerson,
    Conversation,
    Employer,
    Location,
)
from placements.models import Placement

MODELS = [Employer, Location, ContactPerson, ContactEvent, AccountAssignment, Conversation, User]


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            seeded_on = timezone.localdate()
            call_command("seed_demo", quiet_logins=True)
            yield seeded_on
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def today():
    return timezone.localdate()


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def staff(email_start):
    return User.objects.get(email__startswith=email_start)


def fingerprint():
    """Everything the demo wrote, in a comparable form (ids left out)."""
    return {
        "employers": sorted(
            Employer.objects.values_list("kvk_number", "name", "stage", "region__code", "inclusion")
        ),
        "locations": sorted(
            Location.objects.values_list("employer__kvk_number", "street", "postcode", "is_main")
        ),
        "contacts": sorted(
            ContactPerson.objects.values_list(
                "employer__kvk_number",
                "name",
                "level",
                "is_champion",
                "active_since",
                "left_on",
                "left_reason",
                "successor__name",
                "last_verified_on",
            )
        ),
        "events": sorted(
            ContactEvent.objects.values_list("contact__name", "kind", "on", "details")
        ),
        "assignments": sorted(
            AccountAssignment.objects.values_list(
                "employer__kvk_number",
                "manager__email",
                "kind",
                "started_on",
                "ended_on",
                "handover_note",
            )
        ),
        "conversations": sorted(
            (
                conversation.employer.kvk_number,
                conversation.occurred_at,
                conversation.channel,
                tuple(conversation.topics),
                conversation.summary,
                conversation.next_action,
                conversation.next_action_due,
                conversation.next_action_done_at is not None,
                conversation.author.email,
                tuple(sorted(person.name for person in conversation.participants.all())),
            )
            for conversation in Conversation.objects.select_related(
                "employer", "author"
            ).prefetch_related("participants")
        ),
    }


def test_seed_demo_twice_adds_nothing_the_second_time(demo_loaded, db):
    first = counts()

    call_command("seed_demo", quiet_logins=True)

    assert counts() == first
    assert first["Employer"] >= 45


def test_the_demo_loads_about_fifty_employers_in_the_demo_region(demo_loaded, db):
    employers = Employer.objects.all()

    assert 45 <= employers.count() <= 60
    assert employers.filter(region__code=DEMO_REGION).count() >= 45
    assert len({e.kvk_number for e in employers}) == employers.count()
    assert all(len(e.kvk_number) == 8 and e.kvk_number.isdigit() for e in employers)


def test_every_relationship_stage_is_present(demo_loaded, db):
    stages = set(Employer.objects.values_list("stage", flat=True))

    assert stages == set(Employer.Stage.values)


def test_the_demo_shows_varied_kinds_of_employers(demo_loaded, db):
    employers = Employer.objects.all()

    assert employers.filter(ownership=Employer.Ownership.PUBLIC).exists()
    assert employers.filter(employee_count__gte=250).exists()
    assert employers.filter(employee_count__lt=25).exists()
    assert employers.filter(is_social_enterprise=True).exclude(pso_level="").count() >= 3
    assert employers.filter(inclusion=Employer.Inclusion.NOT_YET).count() >= 10
    assert employers.filter(inclusion=Employer.Inclusion.INCLUSIVE).count() >= 10
    assert employers.filter(is_ambassador=True).count() >= 2
    assert employers.filter(is_national=True).count() >= 3
    assert len(set(employers.values_list("sector", flat=True))) >= 10
    assert all(e.website.endswith(".example") for e in employers)  # fictional addresses


def test_every_employer_has_a_valid_main_location_in_the_region(demo_loaded, db):
    assert not Employer.objects.exclude(locations__is_main=True).exists()
    cities = set(Location.objects.values_list("city", flat=True))
    assert {"Utrecht", "Nieuwegein", "Zeist", "Houten"} <= cities
    for location in Location.objects.all():
        location.full_clean()  # raises on an invalid postcode


def test_national_employers_from_elsewhere_are_visible_here_through_their_assignment(
    demo_loaded, db
):
    elsewhere = Employer.objects.filter(is_national=True).exclude(region__code=DEMO_REGION)
    account_manager = staff("anouk@")

    assert elsewhere.exists()
    visible = Employer.objects.visible_to(account_manager)
    for employer in elsewhere:
        assert employer in visible
    assert visible.count() == Employer.objects.count()


def test_every_employer_has_two_to_six_contacts_over_the_levels(demo_loaded, db):
    per_employer = Employer.objects.annotate(n=Count("contacts")).values_list("n", flat=True)

    assert min(per_employer) >= 2
    assert max(per_employer) <= 7  # at most six plus a successor
    contacts = ContactPerson.objects.all()
    assert set(contacts.values_list("level", flat=True)) == set(ContactPerson.Level.values)
    assert contacts.filter(is_champion=True).count() >= 20


def test_some_contacts_left_with_a_reason_and_some_have_a_successor(demo_loaded, db, today):
    left = ContactPerson.objects.filter(left_on__isnull=False)

    assert left.count() >= 10
    assert not left.filter(left_reason="").exists()
    assert left.filter(successor__isnull=False).count() >= 5
    assert left.filter(successor__isnull=True).exists()
    assert not left.filter(left_on__gt=today).exists()
    for person in left.filter(successor__isnull=False).select_related("successor"):
        assert person.successor.employer_id == person.employer_id
    assert ContactEvent.objects.filter(kind=ContactEvent.Kind.LEFT).count() == left.count()


def test_contact_history_has_role_changes_and_verifications(demo_loaded, db, today):
    events = ContactEvent.objects.all()

    assert events.filter(kind=ContactEvent.Kind.ADDED).count() == ContactPerson.objects.count()
    assert events.filter(kind=ContactEvent.Kind.ROLE_CHANGED).count() >= 3
    assert events.filter(kind=ContactEvent.Kind.VERIFIED).count() >= 50
    year_ago = today - datetime.timedelta(days=365)
    assert ContactPerson.objects.filter(last_verified_on__lt=year_ago).exists()  # needs a check
    # Nobody was verified after leaving.
    assert not ContactPerson.objects.filter(
        left_on__isnull=False, last_verified_on__gte=F("left_on")
    ).exists()


def test_most_employers_have_a_fixed_manager_and_some_have_none(demo_loaded, db):
    with_primary = Employer.objects.filter(
        assignments__kind="primary", assignments__ended_on__isnull=True
    )
    without = Employer.objects.exclude(pk__in=with_primary)

    assert with_primary.count() >= 40
    assert without.exists()
    assert without.exclude(stage=Employer.Stage.PROSPECT).exists()  # an active one lost its AM


def test_assignment_history_has_handovers_and_backups(demo_loaded, db, today):
    assignments = AccountAssignment.objects.all()

    assert assignments.filter(ended_on__isnull=False).count() >= 15
    assert assignments.filter(kind="backup", ended_on__isnull=True).count() >= 3
    assert assignments.exclude(handover_note="").count() >= 10
    # Every fixed manager who followed another one got a handover note; the first one did not.
    for employer in Employer.objects.prefetch_related("assignments"):
        primaries = sorted(
            (a for a in employer.assignments.all() if a.kind == "primary"),
            key=lambda a: a.started_on,
        )
        for earlier, later in zip(primaries, primaries[1:], strict=False):
            assert earlier.ended_on == later.started_on
            assert later.handover_note
        if primaries:
            assert primaries[0].handover_note == ""
    year_ago = today - datetime.timedelta(days=365)
    turbulent = Employer.objects.annotate(
        changes=Count(
            "assignments",
            filter=Q(
                assignments__kind="primary",
                assignments__started_on__gt=year_ago,
                assignments__handover_note__gt="",
            ),
        )
    ).filter(changes__gte=3)
    assert turbulent.count() >= 3


def test_conversations_spread_over_about_twelve_months(demo_loaded, db, today):
    conversations = Conversation.objects.all()
    months = {(c.occurred_at.year, c.occurred_at.month) for c in conversations}
    earliest = min(c.occurred_at for c in conversations)
    latest = max(c.occurred_at for c in conversations)

    assert conversations.count() >= 300
    assert len(months) >= 12
    assert earliest.date() >= today - datetime.timedelta(days=370)
    assert latest <= timezone.now()
    assert (latest - earliest).days >= 330


def test_conversations_use_every_channel_style_and_most_topics(demo_loaded, db):
    conversations = Conversation.objects.all()
    topics = {topic for row in conversations.values_list("topics", flat=True) for topic in row}

    assert set(conversations.values_list("channel", flat=True)) == set(Conversation.Channel.values)
    assert set(conversations.values_list("service_style", flat=True)) == set(
        Conversation.Style.values
    )
    assert len(topics) >= 9
    assert not conversations.filter(summary="").exists()
    with_people = conversations.annotate(n=Count("participants")).filter(n__gt=0)
    assert with_people.count() >= conversations.count() * 0.9


def test_participants_always_work_at_the_employer_and_were_there_at_the_time(demo_loaded, db):
    for conversation in Conversation.objects.prefetch_related("participants"):
        day = timezone.localtime(conversation.occurred_at).date()
        for person in conversation.participants.all():
            assert person.employer_id == conversation.employer_id
            assert person.active_since <= day
            assert person.left_on is None or person.left_on > day


def test_next_actions_are_open_overdue_or_done(demo_loaded, db, today):
    open_actions = Conversation.objects.open_actions()

    assert open_actions.filter(next_action_due__gte=today).count() >= 10
    assert open_actions.filter(next_action_due__lt=today).count() >= 5
    assert Conversation.objects.filter(next_action_done_at__isnull=False).count() >= 50
    assert Conversation.objects.filter(next_action="").count() >= 50


def test_conversations_are_logged_by_the_manager_of_the_moment_or_the_team_lead(demo_loaded, db):
    team_lead = staff("fatima@")
    for conversation in Conversation.objects.select_related("author"):
        if conversation.author == team_lead:
            continue
        day = timezone.localtime(conversation.occurred_at).date()
        assert AccountAssignment.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=day),
            employer=conversation.employer_id,
            manager=conversation.author,
            started_on__lte=day,
        ).exists(), conversation


def test_the_demo_is_deterministic(demo_loaded, db):
    before = fingerprint()
    managers = [
        User.objects.get(email=email)
        for email, _first, _last, role, _org, _title in DEMO_STAFF
        if role == User.Role.ACCOUNT_MANAGER
    ]

    Placement.objects.all().delete()  # the demo placements protect their employers
    AccountAssignment.objects.all().delete()
    Employer.objects.all().delete()
    created = demo.load(
        region=Region.objects.get(code=DEMO_REGION),
        managers=managers,
        team_lead=staff("fatima@"),
        today=demo_loaded,  # the day the module's demo was seeded
    )

    assert created == len(demo.EMPLOYERS)
    assert fingerprint() == before


def test_load_refuses_too_few_managers(demo_loaded, db):
    with pytest.raises(ValueError):
        demo.load(region=None, managers=[staff("anouk@")], team_lead=staff("fatima@"))


def test_demo_staff_share_the_documented_authenticator_secret(demo_loaded, db):
    """Staff need a second factor: seed_demo gives the demo staff the README's demo key, and
    `manage.py totp_code` prints a code their device accepts. The employer login has none."""
    import io

    from django_otp.plugins.otp_totp.models import TOTPDevice

    from demo.people import DEMO_PORTAL_EMAIL, DEMO_TOTP_KEY, DEMO_TOTP_SECRET

    assert DEMO_TOTP_SECRET == "WSPCRMDEMOKEYNOTFORPRODUCTIONUSE"  # as printed in the README
    for email, *_rest in DEMO_STAFF:
        device = TOTPDevice.objects.get(user__email=email)
        assert device.confirmed and device.key == DEMO_TOTP_KEY
    assert not TOTPDevice.objects.filter(user__email=DEMO_PORTAL_EMAIL).exists()
    out = io.StringIO()
    call_command("totp_code", "Anouk@demo.wsp-crm.nl", stdout=out)
    code = out.getvalue().strip()
    assert len(code) == 6 and code.isdigit()
    assert TOTPDevice.objects.get(user__email="anouk@demo.wsp-crm.nl").verify_token(code)
