"""An employer's question as the portal makes it: the question conversation (channel "message",
authored by the employer user) and its question Action, through the services."""

import datetime

from django.utils import timezone

from employers import services as employer_services
from employers.models import Action, Conversation
from employers.services import actions as action_services


def question_action(user, text, *, owner, due_in_days=3, note=""):
    conversation = employer_services.conversation_log(
        employer=user.employer,
        author=user,
        summary=text,
        channel=Conversation.Channel.MESSAGE,
    )
    return action_services.action_create(
        employer=user.employer,
        by=user,
        kind=Action.Kind.QUESTION,
        title="Vraag van werkgever beantwoorden",
        owner=owner,
        due_on=timezone.localdate() + datetime.timedelta(days=due_in_days),
        note=note,
        conversation=conversation,
    )
