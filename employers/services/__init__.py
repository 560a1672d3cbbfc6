"""Write workflows for employer accounts. Pages, API, import and tasks all call these.

Each function takes keyword-only arguments, validates with full_clean(), runs in a transaction
and records who did it.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from continuity.triggers import rescan_after_commit

from ..handover import handed_over_line
from ..models import (
    AccountAssignment,
    Action,
    ContactEvent,
    ContactPerson,
    Conversation,
    Employer,
    Location,
    normalise_postcode,
)
from . import actions

EMPLOYER_FIELDS = [
    "name",
    "kvk_number",
    "branch_number",
    "ownership",
    "sector",
    "employee_count",
    "is_social_enterprise",
    "pso_level",
    "inclusion",
    "stage",
    "style_vacancy_filling",
    "style_unburdening",
    "style_strategic",
    "is_national",
    "is_ambassador",
    "website",
    "phone",
    "knowledge_work",
    "knowledge_culture",
    "knowledge_accessibility",
    "knowledge_guidance",
]
CONTACT_FIELDS = [
    "name",
    "job_title",
    "level",
    "is_director",
    "is_hr",
    "is_supervisor",
    "is_champion",
    "phone",
    "email",
    "active_since",
    "last_verified_on",
]
LOCATION_FIELDS = ["name", "street", "postcode", "city", "is_main"]


def _check_known(values, allowed):
    unknown = set(values) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")


def _check_kvk_free(employer):
    """A clear field error instead of the database's 'constraint violated' message."""
    taken = Employer.objects.filter(kvk_number=employer.kvk_number).exclude(pk=employer.pk)
    if employer.kvk_number and taken.exists():
        raise ValidationError({"kvk_number": _("An employer with this KvK number already exists.")})


def _set_fields(instance, allowed, values):
    _check_known(values, allowed)
    for field, value in values.items():
        setattr(instance, field, value)


@transaction.atomic
def employer_create(*, region, by, **fields):
    employer = Employer(region=region, created_by=by, updated_by=by)
    _set_fields(employer, EMPLOYER_FIELDS, fields)
    _check_kvk_free(employer)
    employer.full_clean()
    with audit.tracked(employer, by=by):
        employer.save()
    return employer


@transaction.atomic
def employer_update(*, employer, by, **fields):
    _set_fields(employer, EMPLOYER_FIELDS, fields)
    employer.updated_by = by
    _check_kvk_free(employer)
    employer.full_clean()
    with audit.tracked(employer, by=by):
        employer.save()
    rescan_after_commit([employer.pk])
    return employer


@transaction.atomic
def location_add(*, employer, by, **fields):
    location = Location(employer=employer)
    _set_fields(location, LOCATION_FIELDS, fields)
    location.postcode = normalise_postcode(location.postcode)
    location.full_clean()
    if location.is_main:
        employer.locations.filter(is_main=True).update(is_main=False)
    location.save()
    return location


@transaction.atomic
def contact_add(*, employer, by, **fields):
    contact = ContactPerson(employer=employer)
    _set_fields(contact, CONTACT_FIELDS, fields)
    contact.active_since = contact.active_since or timezone.localdate()
    contact.full_clean()
    with audit.tracked(contact, by=by):
        contact.save()
    ContactEvent.objects.create(
        contact=contact, kind=ContactEvent.Kind.ADDED, on=contact.active_since, by=by
    )
    rescan_after_commit([employer.pk])
    return contact


@transaction.atomic
def contact_update(*, contact, by, **fields):
    """Correct a contact's details (name, phone, e-mail...). Role changes go through
    contact_change_role so that they are recorded as an event."""
    role_fields = {"level", "job_title", *ContactPerson.ROLE_FIELDS}
    if role_fields & set(fields):
        raise TypeError("use contact_change_role for level, job title and roles")
    _set_fields(contact, CONTACT_FIELDS, fields)
    contact.full_clean()
    with audit.tracked(contact, by=by):
        contact.save()
    return contact


@transaction.atomic
def contact_mark_left(*, contact, left_on, by, reason="", successor=None):
    """Record that a contact person left. They stay visible in the history, marked."""
    contact = ContactPerson.objects.select_for_update().get(pk=contact.pk)
    if contact.left_on is not None:
        raise ValidationError({"left_on": _("This person is already marked as left.")})
    contact.left_on = left_on
    contact.left_reason = reason
    contact.successor = successor
    contact.full_clean()
    with audit.tracked(contact, by=by):
        contact.save()
    details = reason
    if successor is not None:
        details = _("%(reason)s; successor: %(name)s") % {"reason": reason, "name": successor}
    ContactEvent.objects.create(
        contact=contact,
        kind=ContactEvent.Kind.LEFT,
        on=left_on,
        details=details.strip("; "),
        by=by,
    )
    rescan_after_commit([contact.employer_id])
    return contact


@transaction.atomic
def contact_change_role(*, contact, by, on=None, **changes):
    """Change a contact's level, job title or roles; the change is kept as an event."""
    allowed = {"level", "job_title", *ContactPerson.ROLE_FIELDS}
    before = _role_summary(contact)
    _set_fields(contact, allowed, changes)
    contact.full_clean()
    after = _role_summary(contact)
    if before == after:
        return contact
    with audit.tracked(contact, by=by):
        contact.save()
    ContactEvent.objects.create(
        contact=contact,
        kind=ContactEvent.Kind.ROLE_CHANGED,
        on=on or timezone.localdate(),
        details=f"{before} → {after}"[:300],
        by=by,
    )
    rescan_after_commit([contact.employer_id])
    return contact


def _role_summary(contact):
    parts = [contact.get_level_display()]
    if contact.job_title:
        parts.append(contact.job_title)
    parts += [str(label) for label in contact.roles]
    return ", ".join(str(part) for part in parts)


@transaction.atomic
def contact_verify(*, contact, by, on=None):
    """Confirm that a contact's details are still right (by staff or, later, the employer)."""
    on = on or timezone.localdate()
    if contact.has_left:
        raise ValidationError(_("A person who has left cannot be verified."))
    audit.update_rows(ContactPerson.objects.filter(pk=contact.pk), by=by, last_verified_on=on)
    contact.last_verified_on = on
    ContactEvent.objects.create(contact=contact, kind=ContactEvent.Kind.VERIFIED, on=on, by=by)
    rescan_after_commit([contact.employer_id])
    return contact


def account_manager_assign(
    *,
    employer,
    manager,
    by,
    handover_note="",
    region=None,
    kind=AccountAssignment.Kind.PRIMARY,
    started_on=None,
    keep_actions=(),
):
    """Make `manager` the fixed account manager (or a backup) of `employer` in `region`.

    The current holder's assignment ends the day the new one starts. A handover note is
    required when somebody held the employer before, and the previous holder's open work on the
    employer (actions, the employer's open questions) moves to the new manager, except the
    actions listed in `keep_actions` (ids). The moved and kept actions are on the returned
    assignment as `moved_actions` and `kept_actions`, and the note ends with a line saying how
    many moved and stayed (employers.handover.handed_over_line). At most one current primary
    per employer and region: the employer row is locked, and the database constraint is the
    final guard.
    """
    region = region or employer.region
    started_on = started_on or timezone.localdate()
    handover_note = (handover_note or "").strip()
    if not (manager.is_active and manager.is_staff_member and manager.region_id):
        raise ValidationError({"manager": _("Choose an active account manager or team lead.")})
    if manager.region_id != region.pk:
        raise ValidationError({"manager": _("The account manager works in another region.")})
    try:
        with transaction.atomic():
            Employer.objects.select_for_update().filter(pk=employer.pk).first()
            current = AccountAssignment.objects.select_for_update().filter(
                employer=employer, region=region, ended_on__isnull=True
            )
            previous = current.filter(kind=kind).first() if kind == "primary" else None
            if previous is not None and previous.manager_id == manager.pk:
                raise ValidationError(
                    {
                        "manager": _("%(name)s already is the fixed account manager.")
                        % {"name": manager}
                    }
                )
            if previous is not None and not handover_note:
                raise ValidationError(
                    {"handover_note": _("Write a handover note for the new account manager.")}
                )
            if previous is not None and started_on < previous.started_on:
                raise ValidationError(
                    {"started_on": _("The new assignment cannot start before the current one.")}
                )
            held = current.filter(manager=manager).first()
            if held is not None and kind == "backup":
                raise ValidationError(
                    {"manager": _("%(name)s already holds this employer.") % {"name": manager}}
                )
            if held is not None and started_on < held.started_on:
                raise ValidationError(
                    {"started_on": _("The new assignment cannot start before the current one.")}
                )
            # The new manager may have been the backup: that assignment ends too.
            to_end = current.filter(manager=manager)
            if previous is not None:
                to_end = to_end | current.filter(pk=previous.pk)
            audit.update_rows(to_end, by=by, ended_on=started_on)
            moved, kept = actions.actions_hand_over(
                employer=employer,
                from_manager=previous.manager if previous is not None else None,
                to_manager=manager,
                by=by,
                keep=keep_actions,
            )
            if moved or kept:  # the handover records what went along with it
                line = handed_over_line(moved=moved, kept=kept, previous=previous.manager)
                handover_note = f"{handover_note}\n\n{line}"
            assignment = AccountAssignment(
                employer=employer,
                region=region,
                manager=manager,
                kind=kind,
                started_on=started_on,
                handover_note=handover_note,
                assigned_by=by,
            )
            assignment.full_clean(validate_constraints=False)
            with audit.tracked(assignment, by=by):
                assignment.save()
            assignment.moved_actions, assignment.kept_actions = moved, kept
            rescan_after_commit([employer.pk])
    except IntegrityError as exc:
        raise ValidationError(
            _("Someone else changed the account manager at the same moment. Try again.")
        ) from exc
    return assignment


@transaction.atomic
def assignment_end(*, assignment, by, ended_on=None):
    """End an assignment without a successor (e.g. a backup who is no longer needed)."""
    ended_on = ended_on or timezone.localdate()
    if assignment.ended_on is not None:
        raise ValidationError(_("This assignment has already ended."))
    assignment.ended_on = max(ended_on, assignment.started_on)
    with audit.tracked(assignment, by=by):
        assignment.save(update_fields=["ended_on"])
    rescan_after_commit([assignment.employer_id])
    return assignment


@transaction.atomic
def conversation_log(
    *,
    employer,
    author,
    summary,
    channel,
    occurred_at=None,
    participants=(),
    topics=(),
    service_style="",
    next_action="",
    next_action_due=None,
    next_action_owner=None,
    action_kind=Action.Kind.TASK,
):
    """Log a contact moment. Participants must be contact persons of this employer. A next
    action becomes an Action linked to the conversation (`conversation.action`), owned by
    `next_action_owner` or else the author."""
    next_action = (next_action or "").strip()
    if (next_action_due or next_action_owner) and not next_action:
        raise ValidationError({"next_action": _("Describe the next action.")})
    conversation = Conversation(
        employer=employer,
        author=author,
        summary=(summary or "").strip(),
        channel=channel,
        occurred_at=occurred_at or timezone.now(),
        topics=list(topics),
        service_style=service_style,
    )
    conversation.full_clean()
    participants = list(participants)
    if any(person.employer_id != employer.pk for person in participants):
        raise ValidationError(
            {"participants": _("Participants must be contact persons of this employer.")}
        )
    with audit.tracked(conversation, by=author):
        conversation.save()
    conversation.participants.set(participants)
    if next_action:
        try:
            actions.action_create(
                employer=employer,
                by=author,
                title=next_action,
                owner=next_action_owner,
                due_on=next_action_due,
                kind=action_kind,
                conversation=conversation,
                check_due=False,
            )
        except ValidationError as exc:
            raise _as_next_action_error(exc) from exc
    rescan_after_commit([employer.pk])
    return conversation


CORRECTION_DAYS = 7


def may_correct(conversation, user, now=None):
    """Its author may correct a conversation within CORRECTION_DAYS of logging it (while its
    text is still there)."""
    now = now or timezone.now()
    return (
        user.pk == conversation.author_id
        and now - conversation.created_at <= timedelta(days=CORRECTION_DAYS)
        and bool(conversation.summary)
    )


@transaction.atomic
def conversation_correct(
    *,
    conversation,
    by,
    summary,
    channel,
    occurred_at,
    participants=(),
    topics=(),
    service_style="",
):
    """Correct one's own conversation (its next action has a page of its own). The change is in
    the audit trail (the summary as "changed", like every free text)."""
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if not may_correct(conversation, by):
        raise ValidationError(
            _("Only its author can correct a conversation, within %(days)d days of logging it.")
            % {"days": CORRECTION_DAYS}
        )
    participants = list(participants)
    if any(person.employer_id != conversation.employer_id for person in participants):
        raise ValidationError(
            {"participants": _("Participants must be contact persons of this employer.")}
        )
    with audit.tracked(conversation, by=by):
        conversation.summary = (summary or "").strip()
        conversation.channel = channel
        conversation.occurred_at = occurred_at
        conversation.topics = list(topics)
        conversation.service_style = service_style
        conversation.full_clean()
        conversation.save()
    conversation.participants.set(participants)
    rescan_after_commit([conversation.employer_id])
    return conversation


def _as_next_action_error(exc):
    """The action's field errors under the conversation's next_action* field names."""
    names = {"title": "next_action", "owner": "next_action_owner", "due_on": "next_action_due"}
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError(
        {names.get(field, field): errors for field, errors in exc.message_dict.items()}
    )


@transaction.atomic
def next_action_complete(*, conversation, by, done_at=None):
    """Complete the action logged with a conversation (its next action)."""
    action = conversation.actions.order_by("pk").first()
    if action is None:
        raise ValidationError(_("This conversation has no next action."))
    return actions.action_complete(action=action, by=by, done_at=done_at)


def conversations_remove_text(*, pks):
    """Retention: blank the free text (the summary) of these conversations in one
    set-based update; date, channel, topics, participants and employer stay. Not one audit event
    per row: the retention job records one event with the count (audit.retention)."""
    with transaction.atomic():
        return Conversation.objects.filter(pk__in=pks).exclude(summary="").update(summary="")
