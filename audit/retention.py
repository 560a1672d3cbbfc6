"""Retention: anonymise candidates who have been inactive too long, and remove the free text of old
conversations. Run nightly by Celery beat (audit.tasks.apply_retention) and by
`manage.py apply_retention [--dry-run]`.

A candidate is due when none of these happened within RETENTION_CANDIDATE_DAYS: the record was
created, the candidate or the profile changed, a proposal was made or moved, a consent was given
or withdrawn, a placement ended or a follow-up was done; and they have no running placement and
no open proposal. Each due candidate goes through candidates.services.candidate_anonymise (one
audit event each). Conversations older than RETENTION_CONVERSATION_TEXT_DAYS lose their summary
and next action in set-based batches. Both selections skip what is already done, so a second
run changes nothing. Login records (django-axes: successful and failed logins, lockouts that
ended) older than RETENTION_LOGIN_RECORD_DAYS are deleted. Every real run records one audit
event with its counts.
"""

import datetime
from dataclasses import dataclass

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from candidates.models import Candidate, CandidateProfile, Proposal, SharingConsent
from candidates.services import candidate_anonymise
from employers.models import Action, Conversation
from employers.services import conversations_remove_text
from employers.services.actions import actions_remove_text
from placements.models import FollowUp, Placement
from wsp_crm.single_run import single_run

from . import services as audit
from .models import AuditEvent
from .registry import RETENTION

JOB = "apply_retention"


@dataclass
class RetentionResult:
    candidates: int
    conversations: int
    login_records: int
    dry_run: bool
    candidate_cutoff: datetime.datetime
    conversation_cutoff: datetime.datetime
    actions: int = 0
    # Another run held the lock: this one did nothing and recorded nothing.
    skipped: bool = False


def candidates_due(cutoff):
    """Candidates without any activity since `cutoff` (an aware datetime), not yet anonymised."""
    day = timezone.localtime(cutoff).date()
    candidate = OuterRef("pk")
    recent = [
        CandidateProfile.objects.filter(candidate=candidate, updated_at__gte=cutoff),
        Placement.objects.filter(candidate=candidate).filter(
            ~Q(status=Placement.Status.ENDED) | Q(ended_on__gte=day) | Q(ended_on__isnull=True)
        ),
        FollowUp.objects.filter(placement__candidate=candidate, done_on__gte=day),
        Proposal.objects.filter(candidate=candidate).filter(
            Q(status__in=Proposal.OPEN_STATUSES)
            | Q(status_changed_on__gte=day)
            | Q(proposed_on__gte=day)
        ),
        SharingConsent.objects.filter(candidate=candidate).filter(
            Q(given_on__gte=day) | Q(withdrawn_on__gte=day)
        ),
        AuditEvent.objects.filter(
            object_type="candidates.candidate", object_id=candidate, at__gte=cutoff
        ),
    ]
    queryset = Candidate.objects.filter(anonymised_at__isnull=True, created_at__lt=cutoff)
    for activity in recent:
        queryset = queryset.exclude(Exists(activity))
    return queryset


def conversations_due(cutoff):
    """Conversations that happened before `cutoff` and still have free text."""
    return Conversation.objects.filter(occurred_at__lt=cutoff).exclude(summary="")


def actions_due(cutoff):
    """Actions closed before `cutoff` that still have free text (open work keeps its text)."""
    return (
        Action.objects.exclude(status=Action.Status.OPEN)
        .filter(closed_at__lt=cutoff)
        .exclude(title="", note="", close_reason="", answer="")
    )


def login_records_due(cutoff):
    """The login records older than `cutoff`, per model (personal data: addresses and IPs)."""
    return [
        AccessLog.objects.filter(attempt_time__lt=cutoff),
        AccessFailureLog.objects.filter(attempt_time__lt=cutoff),
        AccessAttempt.objects.filter(attempt_time__lt=cutoff),
    ]


def _batches(queryset, size):
    """The pks of `queryset` in ascending batches (keyset: no rescanning of done rows)."""
    last = 0
    while True:
        pks = list(queryset.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:size])
        if not pks:
            return
        yield pks
        last = pks[-1]


def apply_retention(*, dry_run=False, now=None, batch_size=None):
    now = now or timezone.now()
    size = batch_size or settings.RETENTION_BATCH_SIZE
    candidate_cutoff = now - datetime.timedelta(days=settings.RETENTION_CANDIDATE_DAYS)
    conversation_cutoff = now - datetime.timedelta(days=settings.RETENTION_CONVERSATION_TEXT_DAYS)
    candidates = candidates_due(candidate_cutoff)
    conversations = conversations_due(conversation_cutoff)
    actions = actions_due(conversation_cutoff)
    login_records = login_records_due(
        now - datetime.timedelta(days=settings.RETENTION_LOGIN_RECORD_DAYS)
    )
    result = RetentionResult(0, 0, 0, dry_run, candidate_cutoff, conversation_cutoff)
    if dry_run:
        result.candidates = candidates.count()
        result.conversations = conversations.count()
        result.actions = actions.count()
        result.login_records = sum(records.count() for records in login_records)
        return result
    # Two runs at once would both count (and record) the same work: only one runs at a time.
    with single_run(JOB) as acquired:
        if not acquired:
            result.skipped = True
            return result
        _apply(result, size, candidates, conversations, actions, login_records)
    return result


def _apply(result, size, candidates, conversations, actions, login_records):
    for pks in _batches(candidates, size):
        for pk in pks:
            # Each in its own transaction: a failure leaves the others done, and a rerun resumes.
            candidate_anonymise(candidate=Candidate(pk=pk), by=None, job=JOB)
        result.candidates += len(pks)
    for pks in _batches(conversations, size):
        result.conversations += conversations_remove_text(pks=pks)
    for pks in _batches(actions, size):
        result.actions += actions_remove_text(pks=pks)
    for records in login_records:
        result.login_records += records.delete()[0]
    audit.record_job(
        RETENTION,
        JOB,
        {
            "candidates_anonymised": result.candidates,
            "conversations_text_removed": result.conversations,
            "actions_text_removed": result.actions,
            "login_records_deleted": result.login_records,
            "candidate_days": settings.RETENTION_CANDIDATE_DAYS,
            "conversation_text_days": settings.RETENTION_CONVERSATION_TEXT_DAYS,
            "login_record_days": settings.RETENTION_LOGIN_RECORD_DAYS,
        },
    )
