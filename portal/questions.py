"""Employers' questions as the portal shows them ("Mijn vragen") and as staff answer them.

A question is an `employers.Action` of kind "question" whose conversation is the question itself
(asked in the portal). The portal shows the question, its status, due date and the WSP's answer,
and NEVER the action's internal fields (`note`, `close_reason`, the owner's history): every
portal read goes through `portal_question_rows`, which the page and the API share."""

from django.utils.translation import gettext_lazy as _

from employers.models import Action

OPEN, ANSWERED, CLOSED = "open", "answered", "closed"
STATUS_LABELS = {OPEN: _("Open"), ANSWERED: _("Answered"), CLOSED: _("Closed")}


def employer_questions(employer):
    """The questions of one employer, newest first (all its portal users' questions)."""
    return (
        Action.objects.questions()
        .filter(employer=employer)
        .select_related("conversation__author", "answered_by")
        .order_by("-created_at", "-pk")
    )


def question_status(action):
    """open (waiting for an answer), answered, or closed (cancelled, or done without answer)."""
    if action.is_open:
        return OPEN
    if action.answered_at is not None:
        return ANSWERED
    return CLOSED


def portal_question(action):
    """What an employer user may see of one question (a plain dict: nothing else leaks)."""
    conversation = action.conversation
    asker = conversation.author if conversation is not None else None
    status = question_status(action)
    answered = status == ANSWERED
    return {
        "id": action.pk,
        "question": conversation.summary if conversation is not None else "",
        "asked_at": conversation.occurred_at if conversation is not None else action.created_at,
        "asked_by": asker.full_name if asker is not None and asker.is_employer_user else "",
        "status": status,
        "status_display": str(STATUS_LABELS[status]),
        "due_on": action.due_on,
        "answer": action.answer if answered else "",
        "answered_at": action.answered_at if answered else None,
        "answered_by": action.answered_by.full_name if answered and action.answered_by else "",
    }


def portal_question_rows(employer):
    return [portal_question(action) for action in employer_questions(employer)]
