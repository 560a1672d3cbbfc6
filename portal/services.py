"""Write workflows and read helpers of the employer portal.

Portal views and the portal API call these; every write to the employer's data goes on through
employers.services (contact_verify, contact_mark_left, contact_add, conversation_log) and
accounts.services (invitations, deactivation), so the staff-side history and the continuity
signals stay the same whoever made the change.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import user_invite
from audit import services as audit
from employers import services as employer_services
from employers.models import AccountAssignment, Action, Conversation
from wsp_crm.workdays import add_working_days

from . import notify
from .models import ContactProposal

QUESTION_ACTION = "Vraag van werkgever beantwoorden"
QUESTION_WORKING_DAYS = 3
CHANGE_NOTICE_DAYS = 60
PROPOSAL_FIELDS = [
    "name",
    "job_title",
    "level",
    "is_director",
    "is_hr",
    "is_supervisor",
    "is_champion",
    "phone",
    "email",
    "note",
]
# Who may invite and deactivate portal users and decide on contact proposals (with WSP admins).
STAFF_ROLES = (User.Role.ACCOUNT_MANAGER, User.Role.TEAM_LEAD)


def staff_may_manage(user):
    return user.is_staff_member and (user.role in STAFF_ROLES or user.is_wsp_admin)


def fixed_contact(employer, today=None):
    """The employer's fixed account manager, backup and a recent change, in two queries.

    Returns {"assignment", "backup", "changed"}: the current primary assignment (or None), the
    current backup assignment (or None) and, when the fixed contact changed in the last
    CHANGE_NOTICE_DAYS days, {"on": date, "manager": new person}.
    """
    today = today or timezone.localdate()
    current = list(
        AccountAssignment.objects.filter(
            employer=employer, region_id=employer.region_id, ended_on__isnull=True
        )
        .select_related("manager")
        .order_by("-started_on", "-pk")
    )
    primary = next((a for a in current if a.kind == AccountAssignment.Kind.PRIMARY), None)
    backup = next(
        (a for a in current if a.kind == AccountAssignment.Kind.BACKUP and a.manager.is_active),
        None,
    )
    changed = None
    if primary is not None and primary.started_on >= today - datetime.timedelta(
        days=CHANGE_NOTICE_DAYS
    ):
        had_predecessor = AccountAssignment.objects.filter(
            employer=employer,
            region_id=employer.region_id,
            kind=AccountAssignment.Kind.PRIMARY,
            ended_on__isnull=False,
            started_on__lte=primary.started_on,
        ).exists()
        if had_predecessor:
            changed = {"on": primary.started_on, "manager": primary.manager}
    if primary is not None and not primary.manager.is_active:
        primary = None
    return {"assignment": primary, "backup": backup, "changed": changed}


def question_owner(employer):
    """Who answers an employer's question: the active fixed manager, else a team lead of the
    employer's region (None when the region has neither)."""
    contact = fixed_contact(employer)
    if contact["assignment"] is not None:
        return contact["assignment"].manager
    return (
        User.objects.filter(role=User.Role.TEAM_LEAD, region_id=employer.region_id, is_active=True)
        .order_by("pk")
        .first()
    )


@transaction.atomic
def employer_user_invite(*, employer, email, first_name, last_name, by):
    """Create a portal user for `employer` with an unusable password and queue the invitation
    (a one-time link to choose a password, sent once the transaction has committed)."""
    email = (email or "").strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("There already is a user with this e-mail address.")})
    user = User(
        email=email,
        first_name=(first_name or "").strip(),
        last_name=(last_name or "").strip(),
        role=User.Role.EMPLOYER_USER,
        employer=employer,
    )
    user.set_unusable_password()
    user.full_clean()
    with audit.tracked(user, by=by):
        user.save()
    user_invite(user=user)
    return user


@transaction.atomic
def contact_propose(*, employer, by, **fields):
    """The employer proposes a new contact person; the WSP accepts or declines it."""
    unknown = set(fields) - set(PROPOSAL_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    proposal = ContactProposal(employer=employer, proposed_by=by, **fields)
    proposal.full_clean()
    proposal.save()
    return proposal


def _lock_pending(proposal):
    locked = ContactProposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.status != ContactProposal.Status.PENDING:
        raise ValidationError(_("This proposal has already been handled."))
    return locked


@transaction.atomic
def proposal_accept(*, proposal, by):
    """Accept a proposed contact person: it becomes a contact person through contact_add."""
    proposal = _lock_pending(proposal)
    contact = employer_services.contact_add(
        employer=proposal.employer,
        by=by,
        **{field: getattr(proposal, field) for field in PROPOSAL_FIELDS if field != "note"},
    )
    proposal.status = ContactProposal.Status.ACCEPTED
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.contact = contact
    proposal.save(update_fields=["status", "decided_by", "decided_at", "contact"])
    return proposal


@transaction.atomic
def proposal_decline(*, proposal, by):
    proposal = _lock_pending(proposal)
    proposal.status = ContactProposal.Status.DECLINED
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at"])
    return proposal


@transaction.atomic
def question_ask(*, user, question, topic=""):
    """An employer user's question or staffing need: logged as a conversation (channel
    "message") with a next action for the fixed manager (or a team lead), due in three working
    days. The employer user gets a confirmation by e-mail once it is saved."""
    employer = user.employer
    question = (question or "").strip()
    if not question:
        raise ValidationError({"summary": _("Write your question.")})
    topics = [topic] if topic else []
    owner = question_owner(employer)
    conversation = employer_services.conversation_log(
        employer=employer,
        author=user,
        summary=question,
        channel=Conversation.Channel.MESSAGE,
        topics=topics,
        next_action=QUESTION_ACTION,
        next_action_due=add_working_days(timezone.localdate(), QUESTION_WORKING_DAYS),
        next_action_owner=owner,
        action_kind=Action.Kind.QUESTION,
    )
    transaction.on_commit(lambda: question_confirm(conversation=conversation, owner=owner))
    transaction.on_commit(
        lambda: notify.question_notify_staff(conversation=conversation, owner=owner)
    )
    return conversation


def question_confirm(*, conversation, owner):
    """E-mail the employer user that their question arrived (and who will answer it)."""
    user = conversation.author
    with translation.override(settings.LANGUAGE_CODE):
        context = {"user": user, "conversation": conversation, "owner": owner}
        subject = render_to_string("portal/email/question_subject.txt", context).strip()
        body = render_to_string("portal/email/question.txt", context)
    send_mail(subject, body, None, [user.email])
