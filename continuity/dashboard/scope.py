"""Who is looking and through which filters: the `Scope` every figure and list starts from.

A `Scope` holds the user and the filters (region, team, account manager, home organisation,
period for placements). `Scope.employers()` starts at `Employer.objects.visible_to(user)`; the
query helpers shared by the sections (fixed managers, stale relationships, the last
conversation) live here too.
"""

import datetime
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.db.models import Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from accounts.models import Region, User
from continuity.models import RegionPolicy
from employers.models import (
    AccountAssignment,
    Conversation,
    Employer,
    employer_ids_of_region,
    without_fixed_manager_q,
)

STALE_STAGES = ("introduction", "active", "strategic_partner")
PERIODS = {"6": 6, "12": 12, "24": 24, "36": 36}
DEFAULT_PERIOD = "24"


@dataclass
class Scope:
    user: User
    region: Region | None = None
    team: object = None
    manager: User | None = None
    organisation: object = None
    period: str = DEFAULT_PERIOD
    today: datetime.date = field(default_factory=timezone.localdate)

    @property
    def months(self):
        return PERIODS.get(self.period, PERIODS[DEFAULT_PERIOD])

    @property
    def period_start(self):
        """First day of the quarter `months` ago: placements started since then are shown."""
        start = self.today - relativedelta(months=self.months)
        return datetime.date(start.year, 3 * ((start.month - 1) // 3) + 1, 1)

    def params(self):
        values = {
            "region": self.region.pk if self.region and self.user.is_wsp_admin else None,
            "team": self.team.pk if self.team else None,
            "manager": self.manager.pk
            if self.manager and not self.user.is_account_manager
            else None,
            "organisation": self.organisation.pk if self.organisation else None,
            "period": self.period if self.period != DEFAULT_PERIOD else None,
        }
        return {key: value for key, value in values.items() if value is not None}

    def list_url(self, name, **extra):
        query = {**self.params(), **{k: v for k, v in extra.items() if v is not None}}
        url = reverse("dashboard:list", args=[name])
        return f"{url}?{urlencode(query)}" if query else url

    def primaries(self):
        """Current fixed-manager assignments in the region looked at (active managers only)."""
        assignments = AccountAssignment.objects.filter(
            kind="primary", ended_on__isnull=True, manager__is_active=True
        )
        if self.region is not None:
            assignments = assignments.filter(region=self.region)
        return assignments

    def employers(self):
        employers = Employer.objects.visible_to(self.user)
        # The region looked at: its own employers and the national ones held there. For a
        # team lead's own region that is exactly what visible_to already says, so it is not
        # said twice (PostgreSQL would test every employer of the country again).
        if self.region is not None and (
            self.user.is_wsp_admin or self.region.pk != self.user.region_id
        ):
            employers = employers.filter(pk__in=employer_ids_of_region(self.region.pk))
        mine = self.primaries().filter(employer=OuterRef("pk"))
        if self.team is not None:
            employers = employers.filter(Exists(mine.filter(manager__team=self.team)))
        if self.manager is not None:
            employers = employers.filter(Exists(mine.filter(manager=self.manager)))
        if self.organisation is not None:
            employers = employers.filter(
                Exists(mine.filter(manager__home_organisation=self.organisation))
            )
        return employers

    def without_fixed_manager_q(self):
        """The one definition (employers.models.without_fixed_manager_q) in the region looked
        at: the scope's region, else the viewer's own (none for a WSP admin: any region)."""
        region_id = self.region.pk if self.region is not None else self.user.region_id
        return without_fixed_manager_q(region_id)

    def fixed_manager_name(self):
        newest = (
            self.primaries()
            .filter(employer=OuterRef("pk"))
            .order_by("-started_on", "-pk")
            .annotate(full=Concat("manager__first_name", Value(" "), "manager__last_name"))
            .values("full")[:1]
        )
        return Subquery(newest)

    def stale_q(self):
        """Q for employers beyond their stage's threshold; needs the `last_conversation` annotation.

        One query reads the policies of the regions involved; regions without one use defaults."""
        now = timezone.now()
        policies = RegionPolicy.objects.all()
        if self.region is not None:
            policies = policies.filter(region=self.region)
        elif not self.user.is_wsp_admin:
            policies = policies.filter(region_id=self.user.region_id)
        by_region = {policy.region_id: policy for policy in policies}

        def beyond(policy):
            q = Q()
            for stage in STALE_STAGES:
                cutoff = now - datetime.timedelta(days=policy.stale_days(stage))
                q |= Q(stage=stage) & (
                    Q(last_conversation__lt=cutoff)
                    | Q(last_conversation__isnull=True, created_at__lt=cutoff)
                )
            return q

        stale = ~Q(region_id__in=list(by_region)) & beyond(RegionPolicy())
        for region_id, policy in by_region.items():
            stale |= Q(region_id=region_id) & beyond(policy)
        return stale


def last_conversation():
    return Subquery(
        Conversation.objects.filter(employer_id=OuterRef("pk"))
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )
