"""Retention: inactive candidates are anonymised and old conversations lose their free text;
idempotent, audited, a dry run changes nothing, and the work is done in set-based batches.

Time travel: the job takes `now`, so "two years later" is a run with a `now` in the future,
against records made today (the audit trail cannot be backdated: it is append-only)."""

import datetime
import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit import retention
from audit.models import AuditEvent
from audit.tasks import apply_retention
from candidates import services as candidate_services
from candidates.models import Candidate, CandidateProfile, Proposal
from employers import services as employer_services
from employers.models import Action, Conversation
from placements import services as placement_services
from tests.audit.conftest import events_of
from tests.placements.conftest import make_candidate, start_placement

pytestmark = pytest.mark.django_db

LATER = timezone.now() + datetime.timedelta(days=1000)  # every record made today is inactive


def days_before_later(days):
    return timezone.localtime(LATER).date() - datetime.timedelta(days=days)


def run(**kwargs):
    return retention.apply_retention(now=LATER, **kwargs)


@pytest.fixture
def inactive(region, account_manager):
    return make_candidate(
        region, account_manager, email="joyce@example.test", profile={"strengths": "Precies"}
    )


# Which candidates ---------------------------------------------------------------------------


def test_an_inactive_candidate_is_anonymised_and_audited(inactive, employer):
    consent = candidate_services.consent_record(
        candidate=inactive,
        employer=employer,
        by=inactive.responsible,
        given_on=days_before_later(900),
    )
    result = run()

    inactive.refresh_from_db()
    assert result.candidates == 1
    assert inactive.anonymised_at is not None
    assert inactive.first_name != "Joyce" and inactive.email == ""
    assert CandidateProfile.objects.get(candidate=inactive).strengths == ""
    consent.refresh_from_db()
    assert consent.withdrawn_on is not None
    event = events_of(inactive, "update")[-1]
    assert event.actor is None
    assert event.actor_label == "system (apply_retention)"
    assert event.changes["first_name"] is None
    assert event.changes["anonymised_at"][0] is None


def test_a_recently_created_candidate_is_kept(inactive):
    assert retention.apply_retention().candidates == 0  # today: created today
    inactive.refresh_from_db()
    assert inactive.anonymised_at is None


def test_a_running_placement_keeps_a_candidate(inactive, employer, account_manager):
    start_placement(inactive, employer, account_manager)
    assert run().candidates == 0


def test_a_placement_that_ended_recently_keeps_a_candidate_and_an_old_one_does_not(
    inactive, employer, account_manager
):
    placement = start_placement(inactive, employer, account_manager)
    placement_services.placement_end(
        placement=placement,
        by=account_manager,
        ended_on=days_before_later(100),
        reason="contract_ended",
    )
    assert run().candidates == 0
    later = LATER + datetime.timedelta(days=settings.RETENTION_CANDIDATE_DAYS)
    assert retention.apply_retention(now=later).candidates == 1


def test_an_open_proposal_keeps_a_candidate(inactive, employer, account_manager):
    candidate_services.proposal_create(candidate=inactive, employer=employer, by=account_manager)
    assert run().candidates == 0


def test_a_closed_proposal_long_ago_does_not(inactive, employer, account_manager):
    proposal = candidate_services.proposal_create(
        candidate=inactive, employer=employer, by=account_manager
    )
    candidate_services.proposal_set_status(
        proposal=proposal, status=Proposal.Status.DECLINED, by=account_manager, reason="Geen klik"
    )
    assert run().candidates == 1


def test_a_recent_change_of_candidate_or_profile_or_consent_keeps_a_candidate(
    region, account_manager, employer
):
    changed = make_candidate(region, account_manager, first_name="Aram")
    AuditEvent.objects.create(
        at=LATER - datetime.timedelta(days=10),
        actor_label="test",
        action=AuditEvent.Action.UPDATE,
        object_type="candidates.candidate",
        object_id=changed.pk,
    )
    profiled = make_candidate(region, account_manager, first_name="Bo")
    CandidateProfile.objects.filter(candidate=profiled).update(
        updated_at=LATER - datetime.timedelta(days=10)
    )
    consented = make_candidate(region, account_manager, first_name="Cas")
    candidate_services.consent_record(
        candidate=consented, employer=employer, by=account_manager, given_on=days_before_later(5)
    )
    idle = make_candidate(region, account_manager, first_name="Dirk")

    assert set(retention.candidates_due(LATER - datetime.timedelta(days=730))) == {idle}
    assert run().candidates == 1


# Conversations -------------------------------------------------------------------------------


@pytest.fixture
def conversations(employer, account_manager):
    def log(days_ago, summary):
        return employer_services.conversation_log(
            employer=employer,
            author=account_manager,
            summary=summary,
            channel="phone",
            topics=["retention"],
            occurred_at=timezone.now() - datetime.timedelta(days=days_ago),
            next_action="Terugbellen over zijn re-integratie",
            next_action_due=timezone.localdate(),
        )

    old = log(1900, "Ziekmelding besproken")
    # The old conversation's action was done long ago; the recent one's is still open.
    Action.objects.filter(conversation=old).update(
        status="done", closed_at=timezone.now() - datetime.timedelta(days=1899)
    )
    return {"old": old, "recent": log(30, "Nieuwe vacature")}


def test_old_conversations_lose_their_text_and_keep_date_topics_and_employer(conversations):
    before = Conversation.objects.get(pk=conversations["old"].pk)
    result = retention.apply_retention()

    assert (result.conversations, result.actions) == (1, 1)
    old = Conversation.objects.get(pk=conversations["old"].pk)
    assert old.summary == "" and old.next_action == ""
    assert Action.objects.get(conversation=old).status == "done"
    assert old.occurred_at == before.occurred_at
    assert old.topics == ["retention"]
    assert old.employer_id == before.employer_id
    assert old.channel == "phone"
    recent = Conversation.objects.get(pk=conversations["recent"].pk)
    assert recent.summary == "Nieuwe vacature"
    assert recent.next_action == "Terugbellen over zijn re-integratie"


def test_open_work_keeps_its_text_however_old(conversations):
    Action.objects.filter(conversation=conversations["old"]).update(status="open", closed_at=None)
    result = retention.apply_retention()
    assert (result.conversations, result.actions) == (1, 0)
    old = Conversation.objects.get(pk=conversations["old"].pk)
    assert old.summary == ""
    assert old.next_action == "Terugbellen over zijn re-integratie"


def test_the_employer_page_says_the_text_was_removed(client, conversations, account_manager):
    retention.apply_retention()
    client.force_login(account_manager)
    content = client.get(f"/employers/{conversations['old'].employer_id}/").content.decode()
    assert "na afloop van de bewaartermijn verwijderd" in content
    assert "Ziekmelding" not in content
    assert "Nieuwe vacature" in content


# Idempotent, dry run, audited, batched --------------------------------------------------------


def test_a_second_run_changes_nothing(inactive, conversations):
    first = run()
    assert (first.candidates, first.conversations) == (1, 1)
    candidate_events = AuditEvent.objects.exclude(action="system_job").count()
    snapshot = list(Conversation.objects.order_by("pk").values())

    second = run()

    assert (second.candidates, second.conversations) == (0, 0)
    assert AuditEvent.objects.exclude(action="system_job").count() == candidate_events
    assert list(Conversation.objects.order_by("pk").values()) == snapshot


def test_a_dry_run_counts_and_changes_nothing(inactive, conversations):
    events = AuditEvent.objects.count()
    snapshot = list(Conversation.objects.order_by("pk").values())

    result = run(dry_run=True)

    assert (result.candidates, result.conversations, result.dry_run) == (1, 1, True)
    inactive.refresh_from_db()
    assert inactive.anonymised_at is None
    assert list(Conversation.objects.order_by("pk").values()) == snapshot
    assert AuditEvent.objects.count() == events
    real = run()
    assert (real.candidates, real.conversations) == (1, 1)


def test_each_run_records_one_job_event_with_its_counts(inactive, conversations):
    run()
    run()
    jobs = list(AuditEvent.objects.filter(action="system_job").order_by("pk"))
    assert [job.changes for job in jobs] == [
        {
            "candidates_anonymised": 1,
            "conversations_text_removed": 1,
            "actions_text_removed": 1,
            "login_records_deleted": 0,
            "candidate_days": 730,
            "conversation_text_days": 1826,
            "login_record_days": 90,
        },
        {
            "candidates_anonymised": 0,
            "conversations_text_removed": 0,
            "actions_text_removed": 0,
            "login_records_deleted": 0,
            "candidate_days": 730,
            "conversation_text_days": 1826,
            "login_record_days": 90,
        },
    ]
    assert jobs[0].actor is None and jobs[0].region is None
    assert jobs[0].object_type == "retention" and jobs[0].object_label == "apply_retention"


def test_the_periods_come_from_the_settings(settings, conversations):
    settings.RETENTION_CONVERSATION_TEXT_DAYS = 10
    assert retention.apply_retention(dry_run=True).conversations == 2
    settings.RETENTION_CONVERSATION_TEXT_DAYS = 5000
    assert retention.apply_retention(dry_run=True).conversations == 0


def test_conversations_are_blanked_in_set_based_batches(employer, account_manager):
    for number in range(7):
        employer_services.conversation_log(
            employer=employer,
            author=account_manager,
            summary=f"Gesprek {number}",
            channel="visit",
            occurred_at=timezone.now() - datetime.timedelta(days=2000 + number),
        )
    with CaptureQueriesContext(connection) as queries:
        result = retention.apply_retention(batch_size=3)
    updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "employers_conversation"')]
    assert result.conversations == 7
    assert len(updates) == 3  # 3 + 3 + 1 rows: one UPDATE per batch, not one per row
    assert not Conversation.objects.exclude(summary="").exists()


def test_candidates_are_processed_in_batches_until_none_is_left(region, account_manager):
    people = [make_candidate(region, account_manager, first_name=f"P{n}") for n in range(5)]
    assert run(batch_size=2).candidates == 5
    assert not Candidate.objects.filter(pk__in=[p.pk for p in people], anonymised_at=None).exists()


# The command and the scheduled job -------------------------------------------------------------


def test_the_command_reports_a_dry_run_and_a_real_run(conversations):
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert "Proefdraai, er is niets gewijzigd" in out.getvalue()
    assert "de tekst van 1 gesprekken verwijderen" in out.getvalue()
    assert Conversation.objects.filter(summary="").count() == 0

    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert "de tekst van 1 gesprekken verwijderd" in out.getvalue()
    assert Conversation.objects.filter(summary="").count() == 1


def test_the_job_is_scheduled_nightly_and_runs(conversations):
    entry = settings.CELERY_BEAT_SCHEDULE["retention-nightly"]
    assert entry["task"] == "audit.tasks.apply_retention"
    assert entry["task"] in apply_retention.app.tasks
    assert apply_retention.apply().get() == {"candidates": 0, "conversations": 1, "actions": 1}


def test_old_login_records_are_deleted_and_recent_ones_kept():
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    record = {"ip_address": "192.0.2.7", "user_agent": "x", "http_accept": "*/*", "path_info": "/"}
    old = timezone.now() - datetime.timedelta(days=91)
    for model in (AccessLog, AccessFailureLog):
        model.objects.create(username="oud@example.test", **record)
        model.objects.create(username="nieuw@example.test", **record)
        model.objects.filter(username="oud@example.test").update(attempt_time=old)
    AccessAttempt.objects.create(
        username="oud@example.test", get_data="", post_data="", failures_since_start=5, **record
    )
    AccessAttempt.objects.update(attempt_time=old)

    assert retention.apply_retention(dry_run=True).login_records == 3
    assert AccessLog.objects.count() == 2
    result = retention.apply_retention()
    assert result.login_records == 3
    assert list(AccessLog.objects.values_list("username", flat=True)) == ["nieuw@example.test"]
    assert list(AccessFailureLog.objects.values_list("username", flat=True)) == [
        "nieuw@example.test"
    ]
    assert not AccessAttempt.objects.exists()
    job = AuditEvent.objects.filter(action="system_job").latest("pk")
    assert job.changes["login_records_deleted"] == 3
    assert retention.apply_retention().login_records == 0
