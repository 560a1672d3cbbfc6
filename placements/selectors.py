"""Reads shared by the placement pages, the API and the panel the placements app adds to the
employer page (placements/panels.py): the follow-up state of placements and their checkpoints."""

import datetime

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from candidates.models import Candidate
from wsp_crm.dates import day

from .forms import ending_soon_cutoff
from .models import (
    FollowUp,
    InstrumentPeriod,
    Placement,
    TeamMember,
    WageValueAssessment,
    current_q,
)

DUE_SOON_DAYS = 14


def annotate_follow_up(queryset, user):
    """Per placement: the first open checkpoint's date and label, the number of overdue ones,
    and whether the user may see the candidate; a fixed number of queries for any number of
    rows."""
    today = timezone.localdate()
    open_steps = FollowUp.objects.filter(placement=OuterRef("pk"), done_on__isnull=True).order_by(
        "due_on", "pk"
    )
    overdue = (
        FollowUp.objects.filter(placement=OuterRef("pk"), done_on__isnull=True, due_on__lt=today)
        .order_by()
        .values("placement")
        .annotate(total=Count("pk"))
        .values("total")
    )
    candidate_visible = Candidate.objects.visible_to(user).filter(pk=OuterRef("candidate_id"))
    return annotate_team(queryset).annotate(
        next_follow_up_on=Subquery(open_steps.values("due_on")[:1]),
        next_follow_up_kind=Subquery(open_steps.values("kind")[:1]),
        overdue_follow_ups=Coalesce(Subquery(overdue, output_field=IntegerField()), Value(0)),
        candidate_visible=Exists(candidate_visible),
    )


def annotate_team(queryset):
    """Per placement: the supervisor or buddy on its team who leaves or left the employer (the
    latest leaving date; their membership not ended before today), and whether it is at risk
    (it had a supervisor or buddy and none is current: see continuity rule 14)."""
    today = timezone.localdate()
    guides = TeamMember.objects.filter(placement=OuterRef("pk"), role__in=TeamMember.GUIDE_ROLES)
    leaving = (
        guides.filter(contact__left_on__isnull=False)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .order_by("-contact__left_on", "-pk")
    )
    return queryset.annotate(
        guide_leaving_name=Subquery(leaving.values("contact__name")[:1]),
        guide_leaving_on=Subquery(leaving.values("contact__left_on")[:1]),
        team_at_risk=Exists(guides) & ~Exists(guides.filter(current_q(today))),
    )


def mark_row(placement, today):
    """Flags a row of a list shows (on top of `annotate_follow_up`)."""
    cutoff = ending_soon_cutoff(today)
    placement.is_active = placement.status == Placement.Status.ACTIVE
    placement.contract_ends_soon = bool(
        placement.is_active and placement.contract_end and today <= placement.contract_end <= cutoff
    )
    placement.contract_ended = bool(
        placement.is_active and placement.contract_end and placement.contract_end < today
    )
    if hasattr(placement, "guide_leaving_name"):  # annotate_team (the detail page marks its own)
        placement.supervisor_left = bool(placement.guide_leaving_name)
    return placement


def follow_up_state(follow_up, today):
    if follow_up.done_on is not None:
        return "done"
    if follow_up.due_on < today:
        return "overdue"
    if (follow_up.due_on - today).days <= DUE_SOON_DAYS:
        return "soon"
    return "planned"


def active_placements(request, employers):
    """{employer_id: [its active placements]}, annotated (`annotate_follow_up`) and flagged
    (`mark_row`), newest first: one query for all employers, read once per request. The employer
    page's placements panel and the handover note's prefill (placements/handover.py) show the
    same rows, so the page reads them once."""
    today = timezone.localdate()
    memo = request.__dict__.setdefault("_active_placements", {})
    missing = [employer.pk for employer in employers if employer.pk not in memo]
    if missing:
        rows = annotate_follow_up(
            Placement.objects.active()
            .filter(employer_id__in=missing)
            .select_related("candidate", "responsible", "location"),
            request.user,
        ).order_by("-start_date", "-pk")
        for pk in missing:
            memo[pk] = []
        for placement in rows:
            memo[placement.employer_id].append(mark_row(placement, today))
    return {employer.pk: memo[employer.pk] for employer in employers}


# The employer applies for an extension this long before the period ends (the WSP needs the
# time to have the new decision in place; docs/domain.md).
EXTENSION_LEAD = datetime.timedelta(weeks=6)


def employer_instruments(placement_ids, today):
    """{placement id: [row]} of the instruments that run (applied for or granted, not ended
    yet), for the employer portal: the instrument's name, status, until when and what the
    employer has to do, in plain language. Never a note, a decision reference or a wage-value
    percentage. Two queries, whatever the number of placements."""
    # The next due date of each placement's latest assessment (the last one read wins).
    due_on = dict(
        WageValueAssessment.objects.filter(placement_id__in=placement_ids)
        .order_by("assessed_on", "pk")
        .values_list("placement_id", "next_due_on")
    )
    periods = (
        InstrumentPeriod.objects.filter(placement_id__in=placement_ids)
        .exclude(status=InstrumentPeriod.Status.ENDED)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .select_related("instrument", "placement")
        .order_by("start", "pk")
    )
    rows = {}
    for period in periods:
        rows.setdefault(period.placement_id, []).append(
            {
                "name": period.instrument.name,
                "status": period.get_status_display(),
                "start": period.start,
                "end": period.end,
                "todo": employer_todo(period, today, due_on.get(period.placement_id)),
            }
        )
    return rows


def employer_todo(period, today, assessment_due=None):
    """What the employer has to do for a running instrument period, as sentences."""

    todo = []
    if period.status == period.Status.APPLIED:
        todo.append(_("Applied for: we will let you know as soon as the decision is there."))
    elif period.end is None:
        todo.append(_("Nothing to do for now."))
    elif period.next_step == period.NextStep.END:
        todo.append(_("Ends on %(date)s and will not be extended.") % {"date": day(period.end)})
    elif period.next_step == period.NextStep.CONVERT:
        todo.append(
            _(
                "Ends on %(date)s; the employment continues without it. Your contact at the WSP "
                "will discuss the contract with you."
            )
            % {"date": day(period.end)}
        )
    elif period.next_step == period.NextStep.OTHER_INSTRUMENT:
        todo.append(
            _(
                "Ends on %(date)s; another arrangement follows. Your contact at the WSP will "
                "discuss it with you."
            )
            % {"date": day(period.end)}
        )
    elif period.ends_before_contract or period.next_step == period.NextStep.EXTEND:
        deadline = period.end - EXTENSION_LEAD
        if deadline >= today:
            todo.append(_("Apply for the extension before %(date)s.") % {"date": day(deadline)})
        else:
            todo.append(
                _("Apply for the extension as soon as possible: it ends on %(date)s.")
                % {"date": day(period.end)}
            )
    else:
        todo.append(_("Ends together with the contract on %(date)s.") % {"date": day(period.end)})
    if assessment_due and period.instrument.rests_on_wage_value:
        todo.append(
            _("Plan the new wage-value assessment at the workplace before %(date)s.")
            % {"date": day(assessment_due)}
        )
    return todo
