"""factory-boy factories for test data.

They write rows directly (fast set-up); the behaviour under test goes through the services.
Defaults land in the cast's region (midden-utrecht), so `EmployerFactory()` is visible to the
shared `account_manager`; pass `region=other_region` for another region.
"""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.models import Region, User
from employers.models import (
    AccountAssignment,
    Action,
    ContactEvent,
    ContactPerson,
    Conversation,
    Employer,
    Location,
)
from tests.conftest import PASSWORD


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "midden-utrecht"
    name = "Midden-Utrecht"


class StaffUserFactory(DjangoModelFactory):
    """An active account manager; pass role=User.Role.TEAM_LEAD etc. for other roles."""

    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"staff{n}@wsp.test")
    first_name = factory.Sequence(lambda n: f"Medewerker{n}")
    last_name = "Test"
    role = User.Role.ACCOUNT_MANAGER
    region = factory.SubFactory(RegionFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        email = kwargs.pop("email")
        return model_class.objects.create_user(email, PASSWORD, **kwargs)


class EmployerFactory(DjangoModelFactory):
    class Meta:
        model = Employer

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Testbedrijf {n:03d} B.V.")
    kvk_number = factory.Sequence(lambda n: f"{70000000 + n:08d}")
    ownership = Employer.Ownership.PRIVATE
    sector = Employer.Sector.LOGISTICS
    employee_count = 40
    stage = Employer.Stage.ACTIVE
    inclusion = Employer.Inclusion.INCLUSIVE


class LocationFactory(DjangoModelFactory):
    class Meta:
        model = Location

    employer = factory.SubFactory(EmployerFactory)
    street = factory.Sequence(lambda n: f"Industrieweg {n + 1}")
    postcode = "3542 AD"
    city = "Utrecht"
    is_main = True


class ContactPersonFactory(DjangoModelFactory):
    class Meta:
        model = ContactPerson

    employer = factory.SubFactory(EmployerFactory)
    name = factory.Sequence(lambda n: f"Contactpersoon {n}")
    job_title = "HR-adviseur"
    level = ContactPerson.Level.MIDDLE
    is_hr = True
    email = factory.Sequence(lambda n: f"contact{n}@werkgever.test")
    active_since = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=365))


class ContactEventFactory(DjangoModelFactory):
    class Meta:
        model = ContactEvent

    contact = factory.SubFactory(ContactPersonFactory)
    kind = ContactEvent.Kind.ADDED
    on = factory.LazyFunction(timezone.localdate)


class AccountAssignmentFactory(DjangoModelFactory):
    """A current primary assignment; the manager works in the employer's region by default."""

    class Meta:
        model = AccountAssignment

    employer = factory.SubFactory(EmployerFactory)
    region = factory.SelfAttribute("employer.region")
    manager = factory.SubFactory(StaffUserFactory, region=factory.SelfAttribute("..region"))
    kind = AccountAssignment.Kind.PRIMARY
    started_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=90))


NEXT_ACTION_FIELDS = (
    "next_action",
    "next_action_due",
    "next_action_owner",
    "next_action_done_at",
    "next_action_done_by",
)


class ConversationFactory(DjangoModelFactory):
    class Meta:
        model = Conversation
        skip_postgeneration_save = True

    employer = factory.SubFactory(EmployerFactory)
    author = factory.SubFactory(StaffUserFactory, region=factory.SelfAttribute("..employer.region"))
    occurred_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=7))
    channel = Conversation.Channel.PHONE
    topics = factory.LazyFunction(lambda: [Conversation.Topic.STAFFING])
    service_style = Conversation.Style.VACANCY_FILLING
    summary = "Besproken welke functies geschikt zijn voor kandidaten uit het doelgroepregister."

    @factory.post_generation
    def participants(self, create, extracted, **kwargs):
        if create and extracted:
            self.participants.set(extracted)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """`next_action*=` as the conversation used to take them: written as the Action logged
        with the conversation (open, or done when `next_action_done_at` is given)."""
        spec = {name: kwargs.pop(name, None) for name in NEXT_ACTION_FIELDS}
        conversation = super()._create(model_class, *args, **kwargs)
        if spec["next_action"]:
            done_at = spec["next_action_done_at"]
            Action.objects.create(
                employer=conversation.employer,
                conversation=conversation,
                title=spec["next_action"],
                due_on=spec["next_action_due"],
                owner=spec["next_action_owner"] or conversation.author,
                created_by=conversation.author,
                created_at=conversation.created_at,
                status=Action.Status.DONE if done_at else Action.Status.OPEN,
                closed_at=done_at,
                closed_by=spec["next_action_done_by"],
            )
        return conversation
