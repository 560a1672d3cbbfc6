"""The e-mail to the WSP when an employer asks a question in the portal.

Called once the question has committed (from portal.services.question_ask). It goes at once to
whoever answers it (the owner: the fixed account manager, or a team lead when there is none) and
to the employer's active backup, each unless they chose otherwise in their notification settings
(continuity: "questions" = e-mail at once, the default)."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from continuity.notifications.selectors import IMMEDIATE, QUESTIONS, preferences_for
from employers.models import Action

from . import services

logger = logging.getLogger(__name__)


def question_recipients(employer, owner):
    """[(user, as_backup)]: the owner, then the active backup (when somebody else), all active
    staff with an e-mail address."""
    people = [(owner, False)] if owner is not None else []
    backup = services.fixed_contact(employer)["backup"]
    if backup is not None and (owner is None or backup.manager_id != owner.pk):
        people.append((backup.manager, True))
    return [
        (person, as_backup)
        for person, as_backup in people
        if person.is_active and person.is_staff_member and person.email
    ]


def question_link(employer, action):
    if action is None:
        return settings.SITE_URL + employer.get_absolute_url()
    path = reverse("employers:action_detail", kwargs={"pk": employer.pk, "action_pk": action.pk})
    return settings.SITE_URL + path


def question_notify_staff(*, conversation, owner, action=None):
    """E-mail the new question to its owner and the backup (see the module docstring). `action`
    is the question's Action; found through the conversation when not given. Returns the
    addresses written to. A failing mail server is logged, never raised: the question is saved
    and shows in the owner's notifications and work list anyway."""
    employer = conversation.employer
    if action is None:
        action = Action.objects.questions().filter(conversation=conversation).first()
    people = question_recipients(employer, owner)
    wanted = preferences_for([person.pk for person, _backup in people])
    sent = []
    for person, as_backup in people:
        if wanted[person.pk][QUESTIONS] != IMMEDIATE:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "recipient": person,
                "as_backup": as_backup,
                "owner": owner,
                "employer": employer,
                "conversation": conversation,
                "action": action,
                "link": question_link(employer, action),
                "settings_url": settings.SITE_URL + reverse("notifications:settings"),
            }
            subject = render_to_string("portal/email/question_staff_subject.txt", context).strip()
            body = render_to_string("portal/email/question_staff.txt", context)
        try:
            send_mail(subject, body, None, [person.email])
        except Exception:  # noqa: BLE001 - the question is saved; the mail server may be away
            logger.warning("Could not e-mail question %s to user %s", conversation.pk, person.pk)
            continue
        sent.append(person.email)
    return sent
