"""About a year of conversations with one demo employer, logged through employers.services:
every channel and service style, most topics, participants who were at the employer on the day,
and next actions that are open, overdue (one employer in four) or done.

demo/employers.py calls log_conversations(builder) once the employer has its contact persons and
account managers; it draws on that builder: its random generator, the contacts present on a day,
the manager of the moment. The texts are in demo/tables/conversations.py.
"""

import datetime

from django.utils import timezone

from demo.common import DAY
from demo.tables.conversations import AMBASSADOR_EVENT, NEXT_ACTIONS, SUMMARIES, TOPIC_LEVELS
from employers import services
from employers.models import Conversation, Employer

ST = Employer.Stage
TOPIC = Conversation.Topic
STYLE = Conversation.Style
CHANNEL = Conversation.Channel


def log_conversations(builder):
    """Log the conversations of the employer `builder` (demo.employers) has just written."""
    spec, rng = builder.spec, builder.rng
    days = _conversation_days(builder)
    overdue_employer = builder.index % 4 == 1
    for position, day in enumerate(days):
        is_last = position == len(days) - 1
        topic = _topic_for(builder, position)
        channels, template = rng.choice(SUMMARIES[topic])
        if spec.ambassador and rng.random() < 0.12:
            channels, template = "event", AMBASSADOR_EVENT
        channel = rng.choice(channels.split())
        author = builder.manager_on(day) or builder.team_lead
        if channel == CHANNEL.EVENT and rng.random() < 0.5:
            author = builder.team_lead  # the team lead hosts the regional events
        participants = _participants_for(builder, day, topic, channel)
        words = builder.words(day)
        if participants:
            words["c"] = participants[0].name.split()[0]
        topics = [topic]
        extra = rng.choice([None, None, TOPIC.INSTRUMENTS, TOPIC.STAFFING, TOPIC.GUIDANCE])
        if extra and extra != topic and spec.stage != ST.PROSPECT:
            topics.append(extra)
        occurred_at = timezone.make_aware(
            datetime.datetime.combine(
                day, datetime.time(rng.randint(8, 16), rng.choice([0, 15, 30, 45]))
            )
        )
        action, due = "", None
        if is_last and spec.stage != ST.PROSPECT and not spec.stale:
            action = rng.choice(NEXT_ACTIONS[topic])
            if overdue_employer:  # an action that slipped: due date passed, not done
                due = max(day, min(day + rng.randint(3, 10) * DAY, builder.today - 2 * DAY))
            else:
                due = max(day, builder.today) + rng.randint(3, 21) * DAY
        elif rng.random() < 0.55:
            action = rng.choice(NEXT_ACTIONS[topic])
            due = day + rng.randint(5, 21) * DAY
        conversation = services.conversation_log(
            employer=builder.employer,
            author=author,
            summary=template.format(**words),
            channel=channel,
            occurred_at=occurred_at,
            participants=participants,
            topics=topics,
            service_style=_style_for(topic),
            next_action=action,
            next_action_due=due,
        )
        if action and not is_last and due < builder.today and rng.random() < 0.88:
            services.next_action_complete(
                conversation=conversation,
                by=author,
                done_at=occurred_at + (due - day) - rng.randint(0, 2) * DAY,
            )


def _conversation_days(builder):
    spec, rng = builder.spec, builder.rng
    if spec.stage == ST.PROSPECT:
        count = rng.randint(0, 2) if builder.segments else rng.randint(0, 1)
        window = (5, 120)
    elif spec.stage == ST.INTRODUCTION:
        count, window = rng.randint(2, 5), (3, 160)
    elif spec.stage == ST.ACTIVE:
        count, window = rng.randint(7, 14), (2, 360)
    else:
        count, window = rng.randint(12, 20), (1, 362)
    low, high = window
    if spec.stage == ST.INTRODUCTION and builder.segments:
        high = min(high, (builder.today - builder.segments[0][1]).days)
    if spec.stale:
        low = 150
    days = sorted({builder.weekday(builder.days_ago(low, high)) for _ in range(count)})
    if count and spec.stage in (ST.ACTIVE, ST.STRATEGIC_PARTNER) and not spec.stale:
        days[-1] = max(days[-1], builder.weekday(builder.days_ago(1, 25)))
    return sorted(set(days))


def _topic_for(builder, position):
    spec, rng = builder.spec, builder.rng
    if position == 0 and spec.stage in (ST.PROSPECT, ST.INTRODUCTION):
        return TOPIC.INTRODUCTION
    pool = {
        ST.PROSPECT: [TOPIC.INTRODUCTION],
        ST.INTRODUCTION: [
            TOPIC.INTRODUCTION,
            TOPIC.STAFFING,
            TOPIC.INSTRUMENTS,
            TOPIC.JOB_AGREEMENT,
        ],
        ST.ACTIVE: [
            TOPIC.STAFFING,
            TOPIC.STAFFING,
            TOPIC.INSTRUMENTS,
            TOPIC.INSTRUMENTS,
            TOPIC.GUIDANCE,
            TOPIC.FOLLOW_UP,
            TOPIC.RETENTION,
            TOPIC.JOB_AGREEMENT,
        ],
        ST.STRATEGIC_PARTNER: [
            TOPIC.STAFFING,
            TOPIC.INSTRUMENTS,
            TOPIC.JOB_CARVING,
            TOPIC.JOB_CARVING,
            TOPIC.HR_STRATEGY,
            TOPIC.RETENTION,
            TOPIC.SOCIAL_RETURN,
            TOPIC.FOLLOW_UP,
            TOPIC.GUIDANCE,
        ],
    }[spec.stage]
    if spec.employees < 25:
        pool = [topic for topic in pool if topic != TOPIC.JOB_AGREEMENT] or pool
    return rng.choice(pool)


def _participants_for(builder, day, topic, channel):
    """One or two contacts present on that day, preferably of the level the topic needs."""
    rng = builder.rng
    present = builder.current_contacts(day)
    preferred = [p for p in present if p.level in TOPIC_LEVELS[topic]] or present
    if not preferred:
        return []
    if channel in (CHANNEL.EMAIL, CHANNEL.MESSAGE, CHANNEL.PHONE):
        return [rng.choice(preferred)]
    count = min(len(preferred), rng.choice([1, 1, 2]))
    chosen = rng.sample(preferred, k=count)
    others = [p for p in present if p not in chosen]
    if count == 1 and others and rng.random() < 0.25:
        chosen.append(rng.choice(others))
    return chosen


def _style_for(topic):
    if topic in (TOPIC.STAFFING, TOPIC.INTRODUCTION):
        return STYLE.VACANCY_FILLING
    if topic in (TOPIC.INSTRUMENTS, TOPIC.GUIDANCE, TOPIC.FOLLOW_UP):
        return STYLE.UNBURDENING
    return STYLE.STRATEGIC
