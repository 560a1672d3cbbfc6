"""Write workflows for a placement's team: people join in a role for a period, and leave by an
end date (history is kept). Every change re-checks the employer's continuity signals, so a
placement left without supervisor or buddy is flagged, and closed again, within seconds."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from continuity.triggers import rescan_after_commit

from .models import Placement, TeamMember

MEMBER_FIELDS = [
    "contact",
    "staff",
    "name",
    "organisation",
    "phone",
    "email",
    "hours_per_week",
    "end",
    "note",
]


@transaction.atomic
def team_add(*, placement, role, by, start=None, **fields):
    """Add a person to the placement's team in `role` from `start` (default: today, or the
    placement's start if that is later)."""
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    if placement.status == Placement.Status.ENDED:
        raise ValidationError(_("This placement has ended."))
    unknown = set(fields) - set(MEMBER_FIELDS)
    if unknown:
        raise TypeError(f"unknown team member fields: {sorted(unknown)}")
    start = start or max(timezone.localdate(), placement.start_date)
    member = TeamMember(placement=placement, role=role, start=start, created_by=by)
    for name, value in fields.items():
        setattr(member, name, value.strip() if isinstance(value, str) else value)
    if role in TeamMember.EMPLOYER_ROLES:
        member.staff, member.name, member.organisation = None, "", ""
        member.phone, member.email, member.hours_per_week = "", "", None
    member.full_clean()
    contact = member.contact
    if contact is not None and contact.left_on is not None and contact.left_on <= start:
        raise ValidationError({"contact": _("This contact person has left the employer.")})
    with audit.tracked(member, by=by):
        member.save()
    rescan_after_commit([placement.employer_id])
    return member


@transaction.atomic
def team_end(*, member, end, by):
    """End a member's period on `end` (their last day in the role)."""
    member = TeamMember.objects.select_for_update().select_related("placement").get(pk=member.pk)
    if member.end is not None and member.end < timezone.localdate():
        raise ValidationError(_("This period has already ended."))
    member.end = end
    member.full_clean()
    with audit.tracked(member, by=by):
        member.save(update_fields=["end"])
    rescan_after_commit([member.placement.employer_id])
    return member
