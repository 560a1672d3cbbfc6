"""Audit fixtures (the cast lives in tests/conftest.py): an employer of the cast's region held
by account_manager, and helpers to read the events of one object."""

import pytest

from audit.models import AuditEvent
from tests.factories import AccountAssignmentFactory, EmployerFactory


def events_of(obj, action=None):
    events = AuditEvent.objects.filter(
        object_type=obj._meta.label_lower, object_id=obj.pk
    ).order_by("pk")
    if action:
        events = events.filter(action=action)
    return list(events)


def only_event(obj, action):
    events = events_of(obj, action)
    assert len(events) == 1, [(e.action, e.changes) for e in events_of(obj)]
    return events[0]


@pytest.fixture
def employer(region, account_manager):
    employer = EmployerFactory(region=region, name="Drukkerij Het Anker", kvk_number="30999111")
    AccountAssignmentFactory(employer=employer, manager=account_manager)
    return employer
