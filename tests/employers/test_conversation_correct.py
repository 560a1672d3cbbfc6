"""An author corrects their own conversation within 7 days of logging it (issue 17): the change
is in the audit trail, others and older conversations are refused, bad input changes nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from employers import services
from employers.models import Conversation
from tests.factories import AccountAssignmentFactory, ContactPersonFactory, EmployerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged(region, account_manager):
    employer = EmployerFactory(region=region, name="Metaalbewerking Vonk")
    AccountAssignmentFactory(employer=employer, manager=account_manager)
    contact = ContactPersonFactory(employer=employer, name="Jeroen Vonk")
    conversation = services.conversation_log(
        employer=employer,
        author=account_manager,
        summary="Gebeld over de vacatur",
        channel=Conversation.Channel.PHONE,
    )
    return conversation, contact


def url_of(conversation):
    return reverse(
        "employers:conversation_correct", args=[conversation.employer_id, conversation.pk]
    )


def post(client, conversation, **changes):
    data = {
        "channel": "visit",
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "summary": "Bezocht: de vacature voor lasser besproken.",
        "topics": ["staffing"],
        **changes,
    }
    return client.post(url_of(conversation), data)


def test_the_author_corrects_within_a_week_and_the_audit_trail_keeps_it(
    logged, account_manager, client_for
):
    conversation, contact = logged
    client = client_for(account_manager)
    page = client.get(conversation.employer.get_absolute_url()).content.decode()
    assert url_of(conversation) in page  # the "Correct" link on one's own conversation
    response = post(client, conversation, participants=[contact.pk])
    assert response.status_code == 302
    conversation.refresh_from_db()
    assert conversation.summary == "Bezocht: de vacature voor lasser besproken."
    assert conversation.channel == "visit"
    assert list(conversation.participants.all()) == [contact]
    event = AuditEvent.objects.filter(
        object_type="employers.conversation", object_id=conversation.pk
    )
    assert event.filter(action="update").exists()


def test_a_colleague_or_a_week_later_may_not_correct(
    logged, account_manager, colleague, client_for
):
    conversation, _contact = logged
    assert post(client_for(colleague), conversation).status_code == 403
    assert url_of(conversation) not in (
        client_for(colleague).get(conversation.employer.get_absolute_url()).content.decode()
    )
    Conversation.objects.filter(pk=conversation.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    assert post(client_for(account_manager), conversation).status_code == 403
    conversation.refresh_from_db()
    assert conversation.summary == "Gebeld over de vacatur"


def test_bad_input_is_refused_and_changes_nothing(logged, account_manager, client_for):
    conversation, _contact = logged
    future = (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = post(client_for(account_manager), conversation, occurred_at=future, summary="")
    assert response.status_code == 200
    assert response.context["form"].errors
    conversation.refresh_from_db()
    assert conversation.summary == "Gebeld over de vacatur"
