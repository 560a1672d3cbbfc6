"""Every conversation's next action becomes an Action (its owner, due date, done state and who
closed it kept), with its history started: "created" by the conversation's author when it was
logged, and "done" when it was completed. A next action on a question an employer asked in the
portal becomes an employer question. Reversible: going back copies the actions that came from a
conversation onto it again."""

from django.db import migrations

BATCH = 2000


def conversations_to_actions(apps, schema_editor):
    Conversation = apps.get_model("employers", "Conversation")
    Action = apps.get_model("employers", "Action")
    ActionEvent = apps.get_model("employers", "ActionEvent")
    rows = (
        Conversation.objects.exclude(next_action="")
        .order_by("pk")
        .values(
            "pk",
            "employer_id",
            "author_id",
            "author__role",
            "created_at",
            "next_action",
            "next_action_due",
            "next_action_owner_id",
            "next_action_done_at",
            "next_action_done_by_id",
        )
    )
    batch = []
    for row in rows.iterator(chunk_size=BATCH):
        batch.append(row)
        if len(batch) >= BATCH:
            _copy(batch, Action, ActionEvent)
            batch = []
    if batch:
        _copy(batch, Action, ActionEvent)


def _copy(rows, Action, ActionEvent):
    actions = Action.objects.bulk_create(
        [
            Action(
                employer_id=row["employer_id"],
                kind="question" if row["author__role"] == "employer_user" else "task",
                title=row["next_action"],
                owner_id=row["next_action_owner_id"],
                due_on=row["next_action_due"],
                status="done" if row["next_action_done_at"] else "open",
                conversation_id=row["pk"],
                created_by_id=row["author_id"],
                created_at=row["created_at"],
                closed_at=row["next_action_done_at"],
                closed_by_id=row["next_action_done_by_id"],
            )
            for row in rows
        ]
    )
    if actions[0].pk is None:  # a database that does not return ids from a bulk insert
        by_conversation = dict(
            Action.objects.filter(conversation_id__in=[r["pk"] for r in rows]).values_list(
                "conversation_id", "pk"
            )
        )
        for action in actions:
            action.pk = by_conversation[action.conversation_id]
    events = []
    for action, row in zip(actions, rows, strict=True):
        events.append(
            ActionEvent(
                action_id=action.pk,
                kind="created",
                at=row["created_at"],
                by_id=row["author_id"],
                to_owner_id=row["next_action_owner_id"],
                to_due=row["next_action_due"],
            )
        )
        if row["next_action_done_at"]:
            events.append(
                ActionEvent(
                    action_id=action.pk,
                    kind="done",
                    at=row["next_action_done_at"],
                    by_id=row["next_action_done_by_id"],
                )
            )
    ActionEvent.objects.bulk_create(events, batch_size=BATCH)


def actions_to_conversations(apps, schema_editor):
    Conversation = apps.get_model("employers", "Conversation")
    Action = apps.get_model("employers", "Action")
    for action in Action.objects.filter(conversation__isnull=False).order_by("pk").iterator():
        Conversation.objects.filter(pk=action.conversation_id).update(
            next_action=action.title,
            next_action_due=action.due_on,
            next_action_owner_id=action.owner_id,
            next_action_done_at=action.closed_at,
            next_action_done_by_id=action.closed_by_id,
        )
    Action.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("employers", "0005_actions"),
    ]

    operations = [migrations.RunPython(conversations_to_actions, actions_to_conversations)]
