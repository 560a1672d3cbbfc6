"""On PostgreSQL a trigger keeps the audit trail and the candidate access log append-only, also
against raw SQL; only the SET NULL of a deleted user (or candidate) is let through, and the
DBA's purge procedure of docs/operations.md works."""

import pytest
from django.db import DatabaseError, connection, transaction

from audit import services as audit
from audit.models import AuditEvent
from audit.registry import RETENTION
from candidates import services as candidate_services
from candidates.models import CandidateAccessLog
from tests.conftest import require_service, uses_postgresql
from tests.placements.conftest import make_candidate

pytestmark = [pytest.mark.django_db, pytest.mark.services]


@pytest.fixture(autouse=True)
def _needs_postgresql():
    require_service(uses_postgresql(), "the append-only trigger needs PostgreSQL")


def refused(sql, params=()):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params)


def test_raw_sql_cannot_change_or_delete_an_audit_event(db):
    event = audit.record_job(RETENTION, "apply_retention", {"candidates_anonymised": 1})

    refused("UPDATE audit_auditevent SET actor_label = 'iemand' WHERE id = %s", [event.pk])
    refused("UPDATE audit_auditevent SET changes = '{}'::jsonb WHERE id = %s", [event.pk])
    refused("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    # Setting a NULL actor to NULL again while changing something else is still a change.
    refused(
        "UPDATE audit_auditevent SET actor_id = NULL, object_label = 'x' WHERE id = %s", [event.pk]
    )

    event.refresh_from_db()
    assert event.actor_label == "system (apply_retention)"
    assert event.changes == {"candidates_anonymised": 1}


def test_raw_sql_cannot_change_or_delete_the_candidate_access_log(region, account_manager):
    candidate = make_candidate(region, account_manager)
    row = candidate_services.candidate_access_log(
        user=account_manager,
        candidate_id=candidate.pk,
        candidate=candidate,
        route="test",
        method="GET",
        allowed=True,
    )
    refused("UPDATE candidates_candidateaccesslog SET allowed = false WHERE id = %s", [row.pk])
    refused(
        "UPDATE candidates_candidateaccesslog SET user_id = %s WHERE id = %s",
        [candidate.responsible_id + 1000, row.pk],
    )
    refused("DELETE FROM candidates_candidateaccesslog WHERE id = %s", [row.pk])
    assert CandidateAccessLog.objects.get(pk=row.pk).allowed is True


def test_deleting_a_user_sets_the_actor_to_null_and_keeps_the_event(region, account_manager):
    from employers import services as employer_services
    from tests.factories import EmployerFactory

    employer = EmployerFactory(region=region)
    employer_services.employer_update(employer=employer, by=account_manager, phone="030 5")
    account_manager.delete()

    event = AuditEvent.objects.get(object_type="employers.employer", action="update")
    assert event.actor_id is None
    assert event.actor_label.endswith("<am@wsp.test>")


def test_the_dba_purge_procedure_removes_old_events(db):
    old = audit.record_job(RETENTION, "apply_retention", {"candidates_anonymised": 1})
    keep = audit.record_job(RETENTION, "apply_retention", {"candidates_anonymised": 2})
    with transaction.atomic(), connection.cursor() as cursor:
        # The test's own inserts still have deferred foreign-key checks pending (a DBA's old rows
        # do not); PostgreSQL will not ALTER a table with pending trigger events.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [old.pk])
        cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_append_only")

    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [keep.pk]
    refused("DELETE FROM audit_auditevent WHERE id = %s", [keep.pk])  # protected again
