"""The continuity rules. Each rule is ONE set-based query over a scope of employers and returns
the findings that hold right now; continuity.scan turns findings into signals.

A finding's key names the rule and the thing it is about. While a finding holds, its signal stays
open; when it no longer holds, the scan closes the signal automatically."""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import User
from employers.models import AccountAssignment, Action, ContactEvent, ContactPerson, Conversation
from placements.models import FollowUp, InstrumentPeriod, Placement
from wsp_crm.workdays import working_days_cutoff

from .models import Signal

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


def contact_changes(ctx):
    """Rule 1: a contact left or changed role -> the fixed manager; urgent with a placement
    (then also to the placement's responsible staff member)."""
    since = ctx.today - datetime.timedelta(days=ctx.policy.contact_change_window_days)
    supervised = Placement.objects.filter(
        supervisor_id=OuterRef("contact_id"), status="active"
    ).order_by("pk")
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


def follow_ups(ctx):
    """Rule 10: a follow-up checkpoint due soon, or overdue -> the placement's responsible (and
    the fixed manager)."""
    horizon = ctx.today + datetime.timedelta(days=ctx.policy.follow_up_due_days)
    rows = (
        FollowUp.objects.filter(
            placement__employer__in=ctx.employers,
            placement__status="active",
            done_on__isnull=True,
            due_on__lte=horizon,
        )
        .annotate(manager_id=current_primary("placement__employer_id"))
        .values(
            "pk",
            "kind",
            "due_on",
            "placement_id",
            "placement__employer_id",
            "placement__responsible_id",
            "placement__responsible__is_active",
            "manager_id",
        )
    )
    for row in rows:
        overdue = row["due_on"] < ctx.today
        responsible = (
            row["placement__responsible_id"] if row["placement__responsible__is_active"] else None
        )
        assigned, also = ctx.assignees(responsible, row["manager_id"])
        yield Finding(
            key=f"{'follow_up_overdue' if overdue else 'follow_up_due'}:{row['pk']}",
            kind=K.FOLLOW_UP_OVERDUE if overdue else K.FOLLOW_UP_DUE,
            severity=S.ATTENTION if overdue else S.INFO,
            employer_id=row["placement__employer_id"],
            assigned_to_id=assigned,
            also_assigned_to_id=also,
            detail=row["kind"],
            due_on=row["due_on"],
            placement_id=row["placement_id"],
        )


def contract_endings(ctx):
    """Rule 11: a contract ends soon: extend, make permanent, or arrange an instrument -> the
    fixed manager and the placement's responsible."""
    horizon = ctx.today + datetime.timedelta(weeks=ctx.policy.contract_end_weeks)
    rows = (
        Placement.objects.filter(
            employer__in=ctx.employers,
            status="active",
            contract_end__isnull=False,
            contract_end__lte=horizon,
        )
        .annotate(manager_id=current_primary("employer_id"))
        .values(
            "pk",
            "employer_id",
            "manager_id",
            "responsible_id",
            "responsible__is_active",
            "contract_end",
            "job_title",
        )
    )
    for row in rows:
        responsible = row["responsible_id"] if row["responsible__is_active"] else None
        assigned, also = ctx.assignees(row["manager_id"], responsible)
        yield Finding(
            key=f"contract_ending:{row['pk']}:{row['contract_end']:%Y%m%d}",
            kind=K.CONTRACT_ENDING,
            severity=S.URGENT if row["contract_end"] < ctx.today else S.ATTENTION,
            employer_id=row["employer_id"],
            assigned_to_id=assigned,
            also_assigned_to_id=also,
            detail=row["job_title"],
            due_on=row["contract_end"],
            placement_id=row["pk"],
        )


def instrument_endings(ctx):
    """Rule 12: an instrument period (LKS decision, job coach, no-risk, trial) ends soon -> the
    fixed manager and the placement's responsible."""
    horizon = ctx.today + datetime.timedelta(weeks=ctx.policy.instrument_end_weeks)
    rows = (
        InstrumentPeriod.objects.filter(
            placement__employer__in=ctx.employers,
            placement__status="active",
            status__in=[InstrumentPeriod.Status.APPLIED, InstrumentPeriod.Status.GRANTED],
            end__isnull=False,
            end__lte=horizon,
        )
        .annotate(manager_id=current_primary("placement__employer_id"))
        .values(
            "pk",
            "end",
            "instrument__name",
            "placement_id",
            "placement__employer_id",
            "placement__responsible_id",
            "placement__responsible__is_active",
            "manager_id",
        )
    )
    for row in rows:
        responsible = (
            row["placement__responsible_id"] if row["placement__responsible__is_active"] else None
        )
        assigned, also = ctx.assignees(row["manager_id"], responsible)
        yield Finding(
            key=f"instrument_ending:{row['pk']}:{row['end']:%Y%m%d}",
            kind=K.INSTRUMENT_ENDING,
            severity=S.URGENT if row["end"] < ctx.today else S.ATTENTION,
            employer_id=row["placement__employer_id"],
            assigned_to_id=assigned,
            also_assigned_to_id=also,
            detail=row["instrument__name"],
            due_on=row["end"],
            placement_id=row["placement_id"],
        )


def overdue_actions(ctx):
    """Rule 13: an open action overdue by more than N working days -> its owner (else the fixed
    manager, else the team lead). An employer's question has a rule of its own (14)."""
    cutoff = working_days_cutoff(ctx.today, ctx.policy.action_overdue_working_days)
    rows = (
        Action.objects.filter(
            employer__in=ctx.employers,
            status=Action.Status.OPEN,
            kind=Action.Kind.TASK,
            due_on__lt=cutoff,
        )
        .annotate(owner_active=active_user("owner"), manager_id=current_primary("employer_id"))
        .values("pk", "employer_id", "title", "due_on", "owner_active", "manager_id")
    )
    for row in rows:
        yield Finding(
            # A new due date is a new promise: postponing closes this signal, and if the new
            # date is missed too that is a signal of its own.
            key=f"action_overdue:{row['pk']}:{row['due_on']:%Y%m%d}",
            kind=K.ACTION_OVERDUE,
            severity=S.ATTENTION,
            employer_id=row["employer_id"],
            assigned_to_id=ctx.or_team_lead(row["owner_active"] or row["manager_id"]),
            detail=row["title"],
            due_on=row["due_on"],
            action_id=row["pk"],
        )


# An employer's question: the portal promises an answer within this many working days; a signal
# once the promise is broken, urgent (and to the team lead) a little later.
QUESTION_ANSWER_WORKING_DAYS = 3
QUESTION_URGENT_WORKING_DAYS = 5


def unanswered_questions(ctx):
    """Rule 14: an employer's portal question still open after 3 working days -> its owner
    (else the fixed manager, else the team lead); after 5 working days urgent and escalated to
    the team lead."""
    late = ctx.start_of(working_days_cutoff(ctx.today, QUESTION_ANSWER_WORKING_DAYS))
    very_late = ctx.start_of(working_days_cutoff(ctx.today, QUESTION_URGENT_WORKING_DAYS))
    rows = (
        Action.objects.filter(
            employer__in=ctx.employers,
            status=Action.Status.OPEN,
            kind=Action.Kind.QUESTION,
            created_at__lt=late,
        )
        .annotate(owner_active=active_user("owner"), manager_id=current_primary("employer_id"))
        .values("pk", "employer_id", "title", "due_on", "created_at", "owner_active", "manager_id")
    )
    for row in rows:
        urgent = row["created_at"] < very_late
        asked = timezone.localtime(row["created_at"]).strftime("%d-%m-%Y")
        yield Finding(
            key=f"question_unanswered:{row['pk']}",
            kind=K.QUESTION_UNANSWERED,
            severity=S.URGENT if urgent else S.ATTENTION,
            employer_id=row["employer_id"],
            assigned_to_id=ctx.or_team_lead(row["owner_active"] or row["manager_id"]),
            detail=_("asked on %(date)s: %(title)s") % {"date": asked, "title": row["title"]},
            due_on=row["due_on"],
            action_id=row["pk"],
            escalate=urgent,
        )


# Rules whose findings change when people or records change: scanned every few minutes and
# right after such a change. Rules driven by the calendar: scanned nightly (and with the others).
CHANGE_RULES = {
    contact_changes: (K.CONTACT_LEFT, K.CONTACT_ROLE_CHANGED),
    no_fixed_manager: (K.NO_FIXED_MANAGER,),
    introduce_yourself: (K.INTRODUCE,),
    manager_churn: (K.MANAGER_CHURN,),
    deactivated_staff: (K.STAFF_DEACTIVATED,),
    no_key_contact: (K.NO_KEY_CONTACT,),
    other_staff_conversations: (K.OTHER_STAFF_CONVERSATION,),
    # Driven by the calendar too, but scanned every few minutes so that completing an action or
    # answering a question closes its signal soon (both are cheap: the open actions only).
    overdue_actions: (K.ACTION_OVERDUE,),
    unanswered_questions: (K.QUESTION_UNANSWERED,),
}
TIME_RULES = {
    stale_relationships: (K.STALE_RELATIONSHIP,),
    unverified_contacts: (K.CONTACTS_UNVERIFIED,),
    follow_ups: (K.FOLLOW_UP_DUE, K.FOLLOW_UP_OVERDUE),
    contract_endings: (K.CONTRACT_ENDING,),
    instrument_endings: (K.INSTRUMENT_ENDING,),
}
ALL_RULES = {**CHANGE_RULES, **TIME_RULES}

# After somebody resolves a signal whose condition still holds, the same key is not raised again
# for this many days (None: never again, for signals about one event or one date).
QUIET_DAYS = {
    K.NO_FIXED_MANAGER: 14,
    K.MANAGER_CHURN: 90,
    K.NO_KEY_CONTACT: 30,
    K.STALE_RELATIONSHIP: 30,
    K.CONTACTS_UNVERIFIED: 90,
}
