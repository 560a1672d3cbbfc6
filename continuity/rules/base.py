"""What every rule shares: the finding a rule returns, the context it runs in (region, today,
the region's policy) and the common sub-queries."""

import datetime
from dataclasses import dataclass

from django.db.models import (
    Case,
    F,
    OuterRef,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from employers.models import AccountAssignment

from ..models import Signal

K = Signal.Kind
S = Signal.Severity


@dataclass(frozen=True)
class Finding:
    key: str
    kind: str
    severity: int
    employer_id: int
    assigned_to_id: int | None
    detail: str = ""
    due_on: datetime.date | None = None
    placement_id: int | None = None
    contact_id: int | None = None
    subject_user_id: int | None = None
    # The second assignee (a placement's signal: the fixed manager and the placement's
    # responsible staff member), the action it is about, and whether it goes straight up to
    # the team lead (an employer's question left unanswered too long).
    also_assigned_to_id: int | None = None
    action_id: int | None = None
    escalate: bool = False


@dataclass
class Context:
    """What every rule needs: the scope, the thresholds, today, and who to fall back to."""

    employers: object  # an Employer queryset: the scope of the scan
    policy: object  # a RegionPolicy (saved or default)
    today: datetime.date
    now: datetime.datetime
    team_lead_id: int | None

    def or_team_lead(self, user_id):
        return user_id or self.team_lead_id

    def assignees(self, first, second):
        """(assigned_to, also_assigned_to) of a signal for two people (ids, None when absent):
        the first one present (else the team lead), and the second one too when both are
        present and differ."""
        also = second if first and second and second != first else None
        return self.or_team_lead(first or second), also

    def start_of(self, day):
        """The first moment of `day` in the site's time zone."""
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def active_user(user_ref):
    """Expression: the id at `user_ref` (e.g. "responsible") while that user can log in, else
    NULL (a signal for a deactivated user would reach nobody)."""
    return Case(When(**{f"{user_ref}__is_active": True}, then=F(f"{user_ref}_id")), default=None)


def current_primary(employer_ref="pk", *, active_only=True):
    """Subquery: the id of the current fixed account manager of the employer at `employer_ref`.

    A national employer can have one per region: the manager of its home region comes first,
    else the one who took it on most recently elsewhere. By default only a manager who can still
    log in counts: a signal for a deactivated manager would reach nobody, so it falls back to
    the team lead (rule 5 flags the reassignment)."""
    region_ref = (
        "region_id" if employer_ref == "pk" else employer_ref.removesuffix("_id") + "__region_id"
    )
    assignments = AccountAssignment.objects.filter(
        employer_id=OuterRef(employer_ref), kind="primary", ended_on__isnull=True
    )
    if active_only:
        assignments = assignments.filter(manager__is_active=True)
    newest = assignments.order_by("-started_on", "-pk").values("manager_id")
    home = newest.filter(region_id=OuterRef(region_ref))
    return Coalesce(Subquery(home[:1]), Subquery(newest[:1]))
