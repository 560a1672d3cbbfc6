"""Rules about the relationship: contacts coming and going, the fixed account manager, how
recently the employer was spoken to, contacts not verified."""

import datetime

from dateutil.relativedelta import relativedelta
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import User
from employers.models import AccountAssignment, ContactEvent, ContactPerson, Conversation
from placements.models import Placement, TeamMember, current_q

from .base import Finding, K, S, active_user, current_primary


def contact_changes(ctx):
    """Rule 1: a contact left or changed role -> the fixed manager; urgent with a placement
    (then also to the placement's responsible staff member)."""
    since = ctx.today - datetime.timedelta(days=ctx.policy.contact_change_window_days)
    # The active placements the leaver guides (supervisor or buddy, period not ended) where no
    # other supervisor or buddy is current: at risk once they go, so urgent from the moment the
    # leaving is known (rule 14, placement_at_risk, follows on the day nobody is left).
    others = (
        TeamMember.objects.filter(
            current_q(ctx.today), placement_id=OuterRef("pk"), role__in=TeamMember.GUIDE_ROLES
        )
        .exclude(contact_id=OuterRef(OuterRef("contact_id")))
        .order_by()
    )
    supervised = (
        Placement.objects.filter(
            Q(team__end__isnull=True) | Q(team__end__gte=ctx.today),
            team__contact_id=OuterRef("contact_id"),
            team__role__in=TeamMember.GUIDE_ROLES,
            status="active",
        )
        .exclude(Exists(others))
        .order_by("pk")
    )
    rows = (
        ContactEvent.objects.alias(at_risk=Exists(supervised))
        .filter(
            # Recent changes; and, however old, a leaver who still supervises an active placement.
            Q(on__gte=since) | Q(kind=ContactEvent.Kind.LEFT, at_risk=True),
            kind__in=[ContactEvent.Kind.LEFT, ContactEvent.Kind.ROLE_CHANGED],
            contact__employer__in=ctx.employers,
        )
        .annotate(
            manager_id=current_primary("contact__employer_id"),
            placement_id=Subquery(supervised.values("pk")[:1]),
            responsible_id=Subquery(
                supervised.annotate(active=active_user("responsible")).values("active")[:1]
            ),
            replaced=Exists(
                ContactEvent.objects.filter(
                    contact__employer_id=OuterRef("contact__employer_id"),
                    kind=ContactEvent.Kind.ADDED,
                    at__gt=OuterRef("at"),
                )
            ),
            verified=Exists(
                ContactEvent.objects.filter(
                    contact_id=OuterRef("contact_id"),
                    kind=ContactEvent.Kind.VERIFIED,
                    at__gt=OuterRef("at"),
                )
            ),
        )
        .values(
            "pk",
            "kind",
            "on",
            "contact_id",
            "contact__name",
            "contact__employer_id",
            "contact__successor_id",
            "manager_id",
            "placement_id",
            "responsible_id",
            "replaced",
            "verified",
        )
    )
    for row in rows:
        at_risk = row["placement_id"] is not None
        if row["kind"] == ContactEvent.Kind.LEFT:
            handled = row["replaced"] or row["contact__successor_id"] is not None
            kind, text = K.CONTACT_LEFT, _("%(name)s left on %(date)s")
        else:
            handled = row["replaced"] or row["verified"]
            kind, text = K.CONTACT_ROLE_CHANGED, _("%(name)s changed role on %(date)s")
        if handled and not (at_risk and row["kind"] == ContactEvent.Kind.LEFT):
            continue
        detail = text % {"name": row["contact__name"], "date": row["on"].strftime("%d-%m-%Y")}
        if at_risk:
            at_risk_text = _("supervises an active placement")  # (not in an f-string: makemessages)
            detail = f"{detail} · {at_risk_text}"
        # While the leaver supervises a placement, its responsible staff member is told too.
        assigned, also = ctx.assignees(row["manager_id"], row["responsible_id"])
        yield Finding(
            key=f"contact_event:{row['pk']}",
            kind=kind,
            severity=S.URGENT if at_risk else S.ATTENTION,
            employer_id=row["contact__employer_id"],
            assigned_to_id=assigned,
            also_assigned_to_id=also,
            detail=detail,
            contact_id=row["contact_id"],
            placement_id=row["placement_id"],
        )


def no_fixed_manager(ctx):
    """Rule 2: an active relationship without a current fixed manager -> team lead."""
    rows = (
        ctx.employers.filter(stage__in=["active", "strategic_partner"])
        # A deactivated holder still counts here: rule 5 asks for the reassignment instead.
        .annotate(manager_id=current_primary(active_only=False))
        .filter(manager_id__isnull=True)
        .values("pk")
    )
    for row in rows:
        yield Finding(
            key=f"no_fixed_manager:{row['pk']}",
            kind=K.NO_FIXED_MANAGER,
            severity=S.ATTENTION,
            employer_id=row["pk"],
            assigned_to_id=ctx.team_lead_id,
        )


def introduce_yourself(ctx):
    """Rule 3: a new fixed manager introduces themselves (closes with their first conversation)."""
    earlier = AccountAssignment.objects.filter(
        employer_id=OuterRef("employer_id"),
        region_id=OuterRef("region_id"),
        kind="primary",
        started_on__lte=OuterRef("started_on"),
    ).exclude(pk=OuterRef("pk"))
    talked = Conversation.objects.filter(
        employer_id=OuterRef("employer_id"),
        author_id=OuterRef("manager_id"),
        occurred_at__date__gte=OuterRef("started_on"),
    )
    rows = (
        AccountAssignment.objects.filter(
            employer__in=ctx.employers,
            kind="primary",
            ended_on__isnull=True,
            manager__is_active=True,
            started_on__gte=ctx.today - datetime.timedelta(days=90),
        )
        .filter(Exists(earlier), ~Exists(talked))
        .values("pk", "employer_id", "manager_id", "started_on")
    )
    for row in rows:
        due = row["started_on"] + datetime.timedelta(days=ctx.policy.introduce_within_days)
        yield Finding(
            key=f"introduce:{row['pk']}",
            kind=K.INTRODUCE,
            severity=S.ATTENTION if due < ctx.today else S.INFO,
            employer_id=row["employer_id"],
            assigned_to_id=row["manager_id"],
            due_on=due,
        )


def manager_churn(ctx):
    """Rule 4: too many different fixed managers within the period -> team lead."""
    since = ctx.today - relativedelta(months=ctx.policy.churn_months)
    rows = (
        ctx.employers.annotate(
            managers=Count(
                "assignments__manager",
                filter=Q(assignments__kind="primary")
                & (Q(assignments__ended_on__isnull=True) | Q(assignments__ended_on__gte=since)),
                distinct=True,
            )
        )
        .filter(managers__gte=ctx.policy.churn_managers)
        .values("pk", "managers")
    )
    for row in rows:
        yield Finding(
            key=f"manager_churn:{row['pk']}",
            kind=K.MANAGER_CHURN,
            severity=S.ATTENTION,
            employer_id=row["pk"],
            assigned_to_id=ctx.team_lead_id,
            detail=_("%(count)d account managers in %(months)d months")
            % {"count": row["managers"], "months": ctx.policy.churn_months},
        )


def deactivated_staff(ctx):
    """Rule 5: a deactivated staff member still holds employers -> team lead, per employer."""
    rows = AccountAssignment.objects.filter(
        employer__in=ctx.employers, ended_on__isnull=True, manager__is_active=False
    ).values("pk", "employer_id", "manager_id", "kind")
    for row in rows:
        yield Finding(
            key=f"staff_deactivated:{row['pk']}",
            kind=K.STAFF_DEACTIVATED,
            severity=S.URGENT if row["kind"] == "primary" else S.ATTENTION,
            employer_id=row["employer_id"],
            assigned_to_id=ctx.team_lead_id,
            subject_user_id=row["manager_id"],
        )


def no_key_contact(ctx):
    """Rule 6: placements but no current champion or top-level contact -> account manager."""
    key_contact = ContactPerson.objects.current(ctx.today).filter(
        Q(is_champion=True) | Q(level="top"), employer_id=OuterRef("pk")
    )
    rows = (
        ctx.employers.filter(
            Exists(Placement.objects.filter(employer_id=OuterRef("pk"), status="active"))
        )
        .filter(~Exists(key_contact))
        .annotate(manager_id=current_primary())
        .values("pk", "manager_id")
    )
    for row in rows:
        yield Finding(
            key=f"no_key_contact:{row['pk']}",
            kind=K.NO_KEY_CONTACT,
            severity=S.ATTENTION,
            employer_id=row["pk"],
            assigned_to_id=ctx.or_team_lead(row["manager_id"]),
        )


OTHER_STAFF_WINDOW_DAYS = 14


def other_staff_conversations(ctx):
    """Rule 7: a colleague other than the fixed manager (or a backup) talked to the employer."""
    backup = AccountAssignment.objects.filter(
        employer_id=OuterRef("employer_id"),
        manager_id=OuterRef("author_id"),
        ended_on__isnull=True,
    )
    rows = (
        Conversation.objects.filter(
            employer__in=ctx.employers,
            occurred_at__gte=ctx.now - datetime.timedelta(days=OTHER_STAFF_WINDOW_DAYS),
            author__role__in=User.STAFF_ROLES,
        )
        .annotate(manager_id=current_primary("employer_id"))
        .filter(manager_id__isnull=False)
        .exclude(author_id=F("manager_id"))
        .filter(~Exists(backup))
        .values(
            "pk",
            "employer_id",
            "manager_id",
            "author_id",
            "author__first_name",
            "author__last_name",
            "author__home_organisation__name",
            "occurred_at",
        )
    )
    for row in rows:
        author = f"{row['author__first_name']} {row['author__last_name']}"
        if row["author__home_organisation__name"]:
            author = f"{author} ({row['author__home_organisation__name']})"
        yield Finding(
            key=f"other_staff_conversation:{row['pk']}",
            kind=K.OTHER_STAFF_CONVERSATION,
            severity=S.INFO,
            employer_id=row["employer_id"],
            assigned_to_id=row["manager_id"],
            detail=_("%(author)s spoke with the employer") % {"author": author},
        )


def stale_relationships(ctx):
    """Rule 8: no conversation for longer than the relationship stage allows -> account manager."""
    last = Subquery(
        Conversation.objects.filter(employer_id=OuterRef("pk"))
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )
    stale = Q()
    for stage in ("introduction", "active", "strategic_partner"):
        cutoff = ctx.now - datetime.timedelta(days=ctx.policy.stale_days(stage))
        stale |= Q(stage=stage) & (
            Q(last_conversation__lt=cutoff)
            | Q(last_conversation__isnull=True, created_at__lt=cutoff)
        )
    rows = (
        ctx.employers.filter(stage__in=["introduction", "active", "strategic_partner"])
        .annotate(last_conversation=last, manager_id=current_primary())
        .filter(stale)
        .values("pk", "manager_id", "last_conversation")
    )
    for row in rows:
        last_at = row["last_conversation"]
        detail = (
            _("last conversation on %(date)s")
            % {"date": timezone.localtime(last_at).strftime("%d-%m-%Y")}
            if last_at
            else _("no conversation logged yet")
        )
        yield Finding(
            key=f"stale_relationship:{row['pk']}",
            kind=K.STALE_RELATIONSHIP,
            severity=S.ATTENTION,
            employer_id=row["pk"],
            assigned_to_id=ctx.or_team_lead(row["manager_id"]),
            detail=detail,
        )


def unverified_contacts(ctx):
    """Rule 9: current contacts whose details were not verified for too long -> manager."""
    cutoff = ctx.today - relativedelta(months=ctx.policy.unverified_months)
    unverified = Q(contacts__last_verified_on__lt=cutoff) | Q(
        contacts__last_verified_on__isnull=True, contacts__created_at__date__lt=cutoff
    )
    current = Q(contacts__left_on__isnull=True) | Q(contacts__left_on__gt=ctx.today)
    rows = (
        ctx.employers.annotate(
            unverified=Count("contacts", filter=unverified & current, distinct=True),
            manager_id=current_primary(),
        )
        .filter(unverified__gt=0)
        .values("pk", "manager_id", "unverified")
    )
    for row in rows:
        yield Finding(
            key=f"contacts_unverified:{row['pk']}",
            kind=K.CONTACTS_UNVERIFIED,
            severity=S.INFO,
            employer_id=row["pk"],
            assigned_to_id=ctx.or_team_lead(row["manager_id"]),
            detail=ngettext(
                "%(count)d contact person to confirm",
                "%(count)d contact persons to confirm",
                row["unverified"],
            )
            % {"count": row["unverified"]},
        )
