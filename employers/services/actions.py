"""Writes for the open work on an employer: create, edit, reassign, postpone, complete, cancel,
answer an employer's question, and move the open work with a handover.

Every change locks the action's row, refuses a closed action, writes one ActionEvent (the
action's own history) and one audit event. Two people acting on the same action at once end in
one consistent state: the second sees what the first did.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit import services as audit

from ..models import AccountAssignment, Action, ActionEvent, Employer

EDITABLE = ("title", "note")


def may_change(user, action):
    """The owner, the employer's fixed account manager (or backup), a team lead of a region
    that sees the employer, and WSP admins may change an action; nobody else."""
    if not (user and user.is_authenticated and user.is_staff_member and user.is_active):
        return False
    if user.is_wsp_admin or action.owner_id == user.pk:
        return True
    if not Employer.objects.visible_to(user).filter(pk=action.employer_id).exists():
        return False
    if user.is_team_lead:
        return True
    return AccountAssignment.objects.filter(
        employer_id=action.employer_id, manager=user, ended_on__isnull=True
    ).exists()


def check_owner(employer, owner):
    """An owner is an active staff member who can see the employer."""
    if owner is None:
        return
    if not (owner.is_active and owner.is_staff_member):
        raise ValidationError({"owner": _("Choose an active WSP staff member.")})
    if not Employer.objects.visible_to(owner).filter(pk=employer.pk).exists():
        raise ValidationError({"owner": _("%(name)s works in another region.") % {"name": owner}})


def _check_due(due_on, field="due_on"):
    if due_on is not None and due_on < timezone.localdate():
        raise ValidationError({field: _("The due date cannot be in the past.")})


def _event(action, kind, by, **fields):
    return ActionEvent.objects.create(action=action, kind=kind, by=by, **fields)


def _locked(action, by, *, done_ok=False):
    """The action re-read under a row lock; refuses people without rights and closed actions
    (`done_ok`: a done action is returned as it is, for a completion that came second)."""
    action = Action.objects.select_for_update().get(pk=action.pk)
    if not may_change(by, action):
        raise PermissionDenied(_("You may not change this action."))
    if done_ok and action.status == Action.Status.DONE:
        return action
    if not action.is_open:
        raise ValidationError(
            _("This action is already %(status)s.") % {"status": action.get_status_display()}
        )
    return action


def _save(action, by, fields):
    with audit.tracked(action, by=by):
        action.save(update_fields=fields)
    return action


@transaction.atomic
def action_create(
    *,
    employer,
    by,
    title,
    owner=None,
    due_on=None,
    note="",
    kind=Action.Kind.TASK,
    conversation=None,
    placement=None,
    candidate=None,
    proposal=None,
    check_due=True,
):
    """A new open action. The owner defaults to the person creating it (when staff)."""
    if owner is None and by is not None and by.is_staff_member:
        owner = by
    check_owner(employer, owner)
    if check_due:
        _check_due(due_on)
    action = Action(
        employer=employer,
        kind=kind,
        title=(title or "").strip(),
        note=(note or "").strip(),
        owner=owner,
        due_on=due_on,
        conversation=conversation,
        placement=placement,
        candidate=candidate,
        proposal=proposal,
        created_by=by,
    )
    action.full_clean()
    with audit.tracked(action, by=by):
        action.save()
    _event(action, ActionEvent.Kind.CREATED, by, to_owner=owner, to_due=due_on)
    return action


@transaction.atomic
def action_update(*, action, by, **fields):
    """Edit the description and the internal note."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValidationError(_("These fields cannot be changed here: %s") % ", ".join(unknown))
    action = _locked(action, by)
    changed = [name for name, value in fields.items() if getattr(action, name) != value]
    if not changed:
        return action
    for name in changed:
        setattr(action, name, (fields[name] or "").strip())
    action.full_clean()
    _save(action, by, changed)
    _event(action, ActionEvent.Kind.EDITED, by)
    return action


@transaction.atomic
def action_reassign(*, action, by, owner, reason=""):
    """Give the action to another staff member who can see the employer."""
    if owner is None:
        raise ValidationError({"owner": _("Choose who takes the action over.")})
    action = _locked(action, by)
    if action.owner_id == owner.pk:
        return action
    check_owner(action.employer, owner)
    previous = action.owner
    action.owner = owner
    _save(action, by, ["owner"])
    _event(
        action,
        ActionEvent.Kind.REASSIGNED,
        by,
        from_owner=previous,
        to_owner=owner,
        reason=(reason or "").strip(),
    )
    return action


@transaction.atomic
def action_postpone(*, action, by, due_on, reason):
    """Move the due date; a reason is required (the employer may have been promised the date)."""
    reason = (reason or "").strip()
    if due_on is None:
        raise ValidationError({"due_on": _("Choose the new due date.")})
    _check_due(due_on)
    if not reason:
        raise ValidationError({"reason": _("Say why the action is postponed.")})
    action = _locked(action, by)
    previous = action.due_on
    if previous == due_on:
        return action
    action.due_on = due_on
    _save(action, by, ["due_on"])
    _event(action, ActionEvent.Kind.POSTPONED, by, from_due=previous, to_due=due_on, reason=reason)
    return action


def _close(action, by, status, reason, kind, at=None):
    action.status = status
    action.closed_at = at or timezone.now()
    action.closed_by = by
    action.close_reason = reason
    _save(action, by, ["status", "closed_at", "closed_by", "close_reason"])
    _event(action, kind, by, reason=reason, at=action.closed_at)
    return action


@transaction.atomic
def action_complete(*, action, by, reason="", done_at=None):
    """Mark done (`done_at`: when, if not now, e.g. recorded afterwards). Completing an action
    that someone just completed changes nothing."""
    action = _locked(action, by, done_ok=True)
    if action.status == Action.Status.DONE:
        return action
    reason = (reason or "").strip()
    return _close(action, by, Action.Status.DONE, reason, ActionEvent.Kind.DONE, done_at)


@transaction.atomic
def action_cancel(*, action, by, reason):
    """Cancel with a reason (it will not be done; say why, for the successor and the audit)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the action is cancelled.")})
    action = _locked(action, by)
    return _close(action, by, Action.Status.CANCELLED, reason, ActionEvent.Kind.CANCELLED)


def actions_hand_over(*, employer, from_manager, to_manager, by, keep=()):
    """Move the previous manager's open work on `employer` to the new manager (inside the
    handover's transaction). Items in `keep` (action ids) stay with the previous manager.
    Returns (moved, kept) lists of actions."""
    if from_manager is None or to_manager is None or from_manager.pk == to_manager.pk:
        return [], []
    keep = {int(pk) for pk in keep}
    open_work = list(
        Action.objects.select_for_update()
        .filter(employer=employer, owner=from_manager, status=Action.Status.OPEN)
        .order_by("pk")
    )
    moved = [action for action in open_work if action.pk not in keep]
    kept = [action for action in open_work if action.pk in keep]
    if moved:
        audit.update_rows(
            Action.objects.filter(pk__in=[a.pk for a in moved]), by=by, owner=to_manager
        )
    ActionEvent.objects.bulk_create(
        [
            ActionEvent(
                action=action,
                kind=ActionEvent.Kind.HANDED_OVER,
                by=by,
                from_owner=from_manager,
                to_owner=to_manager,
            )
            for action in moved
        ]
        + [
            ActionEvent(action=action, kind=ActionEvent.Kind.KEPT, by=by, from_owner=from_manager)
            for action in kept
        ]
    )
    for action in moved:
        action.owner = to_manager
    return moved, kept


@transaction.atomic
def question_answer(*, action, by, answer):
    """Answer an employer's question: the answer is kept on the question (the portal shows it)
    and the question closes as done. The e-mail to the asker goes once this has committed."""
    answer = (answer or "").strip()
    if not action.is_question:
        raise ValidationError(_("Only an employer's question can be answered."))
    if not answer:
        raise ValidationError({"answer": _("Write the answer.")})
    action = _locked(action, by)
    action.answer = answer
    action.answered_at = timezone.now()
    action.answered_by = by
    _save(action, by, ["answer", "answered_at", "answered_by"])
    _event(action, ActionEvent.Kind.ANSWERED, by)
    _close(action, by, Action.Status.DONE, "", ActionEvent.Kind.DONE)
    transaction.on_commit(lambda: answer_send(action=action))
    return action


def answer_send(*, action):
    """E-mail the answer to the employer user who asked the question."""
    asker = action.conversation.author if action.conversation_id else None
    if asker is None or not asker.is_employer_user or not asker.is_active or not asker.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {"action": action, "asker": asker}
        subject = render_to_string("employers/email/answer_subject.txt", context).strip()
        body = render_to_string("employers/email/answer.txt", context)
    send_mail(subject, body, None, [asker.email])


def actions_remove_text(*, pks):
    """Retention: blank the free text of these closed actions in one set-based update (the
    retention job records one audit event with the count). Open work keeps its text."""
    with transaction.atomic():
        return (
            Action.objects.filter(pk__in=pks)
            .exclude(status=Action.Status.OPEN)
            .update(title="", note="", close_reason="", answer="")
        )
