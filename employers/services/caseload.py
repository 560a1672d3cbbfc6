"""A caseload handover: all employers of a leaving or absent account manager to successors at
once (the team lead's page: employers/views/handover.py)."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import AccountAssignment, Employer
from . import account_manager_assign


@dataclass
class Handover:
    """One employer to hand over: the leaving manager's current assignment, the successor and
    the handover note."""

    assignment: AccountAssignment
    successor: object
    note: str


@dataclass
class CaseloadResult:
    done: list = field(default_factory=list)  # the new assignments (with moved_actions)
    failed: list = field(default_factory=list)  # (Handover, [reason, ...])

    @property
    def moved_actions(self):
        return sum(len(assignment.moved_actions) for assignment in self.done)


def caseload_hand_over(*, manager, by, handovers, started_on):
    """Hand each employer over with `account_manager_assign`, in a transaction of its own: a
    refusal for one employer (the successor works in another region, the start date lies before
    the assignment's, somebody changed the manager meanwhile...) is reported with its reasons
    and leaves that employer as it was; the others still go through."""
    result = CaseloadResult()
    for handover in handovers:
        assignment = handover.assignment
        try:
            with transaction.atomic():
                # The employer first, as account_manager_assign locks it: then nobody changes its
                # manager between this check and the handover.
                Employer.objects.select_for_update().filter(pk=assignment.employer_id).first()
                still_held = AccountAssignment.objects.filter(
                    pk=assignment.pk, manager=manager, ended_on__isnull=True
                ).exists()
                if not still_held:
                    raise ValidationError(
                        _("%(name)s no longer is the fixed account manager here.")
                        % {"name": manager.full_name}
                    )
                result.done.append(
                    account_manager_assign(
                        employer=assignment.employer,
                        manager=handover.successor,
                        by=by,
                        handover_note=handover.note,
                        region=assignment.region,
                        started_on=started_on,
                    )
                )
        except ValidationError as error:
            result.failed.append((handover, error.messages))
    return result
