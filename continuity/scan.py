"""Turn rule findings into signals: raise new ones, update open ones, close those that no longer
hold. A fixed number of queries per region whatever its size; idempotent; safe to run
concurrently (the partial unique index on open keys makes duplicates impossible)."""

import datetime
import logging
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Case, CharField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Region, User
from employers.models import Employer
from wsp_crm.workdays import working_days_cutoff

from .models import RegionPolicy, Signal
from .rules import ALL_RULES, QUIET_DAYS, Context

logger = logging.getLogger(__name__)
KEY_CHUNK = 5000
UPDATABLE = (
    "severity",
    "assigned_to_id",
    "also_assigned_to_id",
    "detail",
    "due_on",
    "placement_id",
    "contact_id",
)


@dataclass
class ScanResult:
    raised: int = 0
    updated: int = 0
    closed: int = 0
    reopened: int = 0
    escalated: int = 0
    keys: set = field(default_factory=set)
    # What this scan raised and closed (the keys raised; the ids closed): a person who saved a
    # change sees it confirmed (continuity.middleware).
    raised_keys: set = field(default_factory=set)
    closed_ids: list = field(default_factory=list)

    def __iadd__(self, other):
        self.raised += other.raised
        self.updated += other.updated
        self.closed += other.closed
        self.reopened += other.reopened
        self.escalated += other.escalated
        self.raised_keys |= other.raised_keys
        self.closed_ids += other.closed_ids
        return self


def policy_for(region):
    return RegionPolicy.objects.filter(region=region).first() or RegionPolicy(region=region)


def team_lead_for(region):
    return (
        User.objects.filter(region=region, role=User.Role.TEAM_LEAD, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )


def scan_region(region, *, rules=ALL_RULES, employer_ids=None, now=None, recorded_by_id=None):
    """Run `rules` over one region (or only the given employers of it) and reconcile signals.

    A scan of the whole region also escalates the urgent signals left open too long.
    `recorded_by_id`: the staff member whose change this re-check follows (see `reconcile`)."""
    now = now or timezone.now()
    employers = Employer.objects.filter(region=region)
    if employer_ids is not None:
        employers = employers.filter(pk__in=list(employer_ids))
    ctx = Context(
        employers=employers,
        policy=policy_for(region),
        today=timezone.localdate(now),
        now=now,
        team_lead_id=team_lead_for(region),
    )
    findings = {}
    for rule in rules:
        for finding in rule(ctx):
            findings[finding.key] = finding
    kinds = [kind for rule in rules for kind in rules[rule]]
    scope = Q(region=region, kind__in=kinds)
    if employer_ids is not None:
        scope &= Q(employer_id__in=list(employer_ids))
    result = reconcile(
        region, findings, scope, now, team_lead_id=ctx.team_lead_id, recorded_by_id=recorded_by_id
    )
    if employer_ids is None:
        result.escalated += escalate(ctx, region)
    return result


def escalate(ctx, region):
    """Urgent signals open for more than the region's N working days go up to its team lead:
    recorded once on the signal (`escalated_at`, `escalated_to`); ONE update. Not those already
    with a team lead, not snoozed ones (somebody decided to wait), not when the region has no
    team lead (they escalate once it has one)."""
    if ctx.team_lead_id is None:
        return 0
    since = ctx.start_of(working_days_cutoff(ctx.today, ctx.policy.escalate_after_working_days))
    return (
        Signal.objects.filter(
            Q(status=Signal.Status.OPEN)
            | Q(status=Signal.Status.SNOOZED, snoozed_until__lte=ctx.today),
            region=region,
            severity=Signal.Severity.URGENT,
            escalated_at__isnull=True,
            created_at__lt=since,
        )
        .exclude(assigned_to__role=User.Role.TEAM_LEAD)
        .update(escalated_at=ctx.now, escalated_to_id=ctx.team_lead_id)
    )


@transaction.atomic
def reconcile(region, findings, scope, now, *, team_lead_id=None, recorded_by_id=None):
    """Raise, update and close the signals in `scope` to match `findings`.

    A finding that asks for escalation (`escalate`) goes up to `team_lead_id` once. New signals
    of a re-check that follows a person's change carry them as `raised_by` (`recorded_by_id`):
    no news to them, they saw it confirmed."""
    result = ScanResult(keys=set(findings))
    result.reopened = Signal.objects.filter(
        scope, status=Signal.Status.SNOOZED, snoozed_until__lte=timezone.localdate(now)
    ).update(status=Signal.Status.OPEN, snoozed_until=None)

    unresolved = {s.key: s for s in Signal.objects.filter(scope, status__in=Signal.OPEN_STATUSES)}
    quiet = recently_resolved_keys(set(findings) - set(unresolved), now)

    # Close what no longer holds (unless a person closed it meanwhile: keep their resolution).
    gone = [s.pk for key, s in unresolved.items() if key not in findings]
    result.closed_ids = gone
    if gone:
        result.closed = Signal.objects.filter(pk__in=gone, status__in=Signal.OPEN_STATUSES).update(
            status=Signal.Status.AUTO_CLOSED,
            resolved_at=now,
            snoozed_until=None,
            closed_reason=Case(
                *[
                    When(kind=kind, then=Value(str(reason)))
                    for kind, reason in CLOSE_REASONS.items()
                ],
                default=Value(str(_("The situation no longer applies."))),
                output_field=CharField(),
            ),
        )

    # Keep open signals up to date (a new manager takes over a signal, severity rises...).
    changed, escalating = [], []
    for key, signal in unresolved.items():
        finding = findings.get(key)
        if finding is None:
            continue
        fresh = {name: getattr(finding, name) for name in UPDATABLE}
        fresh["detail"] = clip(finding.detail)
        if any(getattr(signal, name) != value for name, value in fresh.items()):
            for name, value in fresh.items():
                setattr(signal, name, value)
            changed.append(signal)
        if finding.escalate and team_lead_id and signal.escalated_at is None:
            escalating.append(signal.pk)
    if changed:
        Signal.objects.bulk_update(changed, [name.removesuffix("_id") for name in UPDATABLE])
    result.updated = len(changed)
    if escalating:
        result.escalated = Signal.objects.filter(
            pk__in=escalating, escalated_at__isnull=True
        ).update(escalated_at=now, escalated_to_id=team_lead_id)

    new = [
        Signal(
            key=f.key,
            kind=f.kind,
            severity=f.severity,
            region=region,
            employer_id=f.employer_id,
            placement_id=f.placement_id,
            contact_id=f.contact_id,
            subject_user_id=f.subject_user_id,
            assigned_to_id=f.assigned_to_id,
            also_assigned_to_id=f.also_assigned_to_id,
            action_id=f.action_id,
            raised_by_id=recorded_by_id,
            detail=clip(f.detail),
            due_on=f.due_on,
            created_at=now,
            **(
                {"escalated_at": now, "escalated_to_id": team_lead_id}
                if f.escalate and team_lead_id
                else {}
            ),
        )
        for key, f in findings.items()
        if key not in unresolved and key not in quiet
    ]
    if new:
        Signal.objects.bulk_create(new, ignore_conflicts=True)
    result.raised = len(new)
    result.raised_keys = {signal.key for signal in new}
    result.escalated += sum(1 for signal in new if signal.escalated_at is not None)
    return result


def clip(detail):
    """The detail as stored: text, at most the column's length (so a rescan sees no change)."""
    return str(detail or "")[: Signal._meta.get_field("detail").max_length]


def key_chunks(keys):
    """The keys in ONE list on PostgreSQL (Django binds parameters client-side there, so there
    is no limit), keeping a scan's query count independent of the region's size; in chunks on
    backends that limit the parameters of a query (SQLite)."""
    keys = sorted(keys)
    size = len(keys) if connection.vendor == "postgresql" else KEY_CHUNK
    for start in range(0, len(keys), max(size, 1)):
        yield keys[start : start + size]


def recently_resolved_keys(keys, now):
    """Keys a person resolved and that must stay quiet (see QUIET_DAYS)."""
    quiet = set()
    for chunk in key_chunks(keys):
        rows = Signal.objects.filter(key__in=chunk, status=Signal.Status.RESOLVED).values_list(
            "key", "kind", "resolved_at"
        )
        for key, kind, resolved_at in rows:
            days = QUIET_DAYS.get(kind)
            if days is None or resolved_at >= now - datetime.timedelta(days=days):
                quiet.add(key)
    return quiet


def scan_all(*, rules=ALL_RULES, now=None):
    """Scan every region (each region is its own transaction)."""
    total = ScanResult()
    for region in Region.objects.filter(employers__isnull=False).distinct():
        total += scan_region(region, rules=rules, now=now)
    return total


def scan_employers(employer_ids, *, rules=ALL_RULES, now=None, recorded_by_id=None):
    """Re-check a few employers right after a change (contact left, manager changed...);
    `recorded_by_id`: the staff member who made the change, when known."""
    total = ScanResult()
    by_region = {}
    for pk, region_id in Employer.objects.filter(pk__in=list(employer_ids)).values_list(
        "pk", "region_id"
    ):
        by_region.setdefault(region_id, []).append(pk)
    for region in Region.objects.filter(pk__in=by_region):
        total += scan_region(
            region,
            rules=rules,
            employer_ids=by_region[region.pk],
            now=now,
            recorded_by_id=recorded_by_id,
        )
    return total


K = Signal.Kind
CLOSE_REASONS = {
    K.CONTACT_LEFT: _(
        "A new contact person or a successor was registered, or the change is no longer recent."
    ),
    K.CONTACT_ROLE_CHANGED: _(
        "The contact persons were updated or confirmed, or the change is no longer recent."
    ),
    K.NO_FIXED_MANAGER: _(
        "A fixed account manager was assigned, or the relationship is no longer active."
    ),
    K.INTRODUCE: _(
        "The new account manager logged a conversation, or the assignment changed or is no "
        "longer new."
    ),
    K.MANAGER_CHURN: _("The number of manager changes is back below the threshold."),
    K.STAFF_DEACTIVATED: _("The employer was reassigned, or the staff member is active again."),
    K.NO_KEY_CONTACT: _(
        "A champion or top-level contact is registered, or no placement is active."
    ),
    K.OTHER_STAFF_CONVERSATION: _(
        "Older than two weeks, or the colleague is now assigned to this employer."
    ),
    K.STALE_RELATIONSHIP: _("A conversation was logged."),
    K.CONTACTS_UNVERIFIED: _("The contact details were confirmed."),
    K.FOLLOW_UP_DUE: _("The follow-up was done, moved or is now overdue."),
    K.FOLLOW_UP_OVERDUE: _("The follow-up was done or moved."),
    K.CONTRACT_ENDING: _("The contract was extended or the placement ended."),
    K.INSTRUMENT_ENDING: _("The instrument period was extended or ended."),
    K.INSTRUMENT_NEXT_STEP: _(
        "A decision on what comes next was recorded, the dates changed or the placement ended."
    ),
    K.ASSESSMENT_DUE: _(
        "A new wage-value assessment was recorded, the due date moved or the placement ended."
    ),
    K.ACTION_OVERDUE: _("The action was done, cancelled or postponed."),
    K.QUESTION_UNANSWERED: _("The question was answered or closed."),
    K.PLACEMENT_AT_RISK: _("A supervisor or buddy joined the team, or the placement ended."),
    K.JOB_COACH_ENDING: _(
        "The job coach's period was extended, a next job coach was recorded, the day passed "
        "or the placement ends first."
    ),
    K.JOB_COACH_MISSING: _(
        "A job coach joined the team, or the job-coach instrument period ended."
    ),
    K.FOLLOW_UP_AT_RISK: _("A later follow-up was recorded, or the placement ended."),
    K.EARLY_ENDINGS: _(
        "Another placement ended early, or fewer than two early endings remain within 12 months."
    ),
}
