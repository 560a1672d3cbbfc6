"""Writing the audit trail. The services of the other apps call these; nothing else writes it.

    with audit.tracked(employer, by=user):   # snapshot before, compare after, record the change
        employer.save()

    audit.update_rows(queryset, by=user, ended_on=day)   # a set-based update, one event per row
    audit.delete_rows(queryset, by=user)                 # the same for deletes
    audit.record_change(user, {"two_factor": ["off", "on"]}, by=user)  # a change outside columns
    audit.record_job(RETENTION, label, counts)           # one event per run of a system job

`by=None` means the system (a scheduled job or a command without a user). Events are written in
the caller's transaction: if the change rolls back, so does its event.
"""

import datetime
import decimal
import uuid
from contextlib import contextmanager

from django.conf import settings
from django.utils import timezone, translation

from .models import AuditEvent
from .registry import spec_for

SYSTEM = "system"


def actor_label(by, job=""):
    if by is None or not getattr(by, "is_authenticated", False):
        return f"{SYSTEM} ({job})" if job else SYSTEM
    name = by.get_full_name()
    return f"{name} <{by.email}>"[:200] if name else by.email[:200]


def _attnames(model, names):
    return [model._meta.get_field(name).attname for name in names]


def _jsonable(value):
    if isinstance(value, datetime.datetime):
        return (
            timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
        )
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def _snapshots(model, pks):
    """{pk: {field name: value}} of the audited fields, read from the database."""
    spec = spec_for(model)
    names = spec.all_fields
    attnames = _attnames(model, names)
    rows = model._base_manager.filter(pk__in=pks).values("pk", *attnames)
    return {
        row["pk"]: {n: _jsonable(row[a]) for n, a in zip(names, attnames, strict=True)}
        for row in rows
    }


def _changes(spec, before, after):
    """{field: [before, after]} of what differs; null for a redacted field that changed."""
    changes = {}
    for name in spec.all_fields:
        old = before.get(name) if before is not None else None
        new = after.get(name) if after is not None else None
        if old == new or (before is None and new in (None, "", [], False)):
            continue
        if after is None and old in (None, "", [], False):
            continue
        changes[name] = None if name in spec.redacted else [old, new]
    return changes


def _label(spec, instance):
    """Stored as text, so in the site's language whoever made the change."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(spec.label(instance))[:200]


def _event(instance, *, action, changes, by, job=""):
    spec = spec_for(instance._meta.model)  # also for request.user, a lazy object
    return AuditEvent(
        at=timezone.now(),
        actor=by if by is not None and getattr(by, "is_authenticated", False) else None,
        actor_label=actor_label(by, job),
        action=action,
        object_type=instance._meta.label_lower,
        object_id=instance.pk,
        object_label=_label(spec, instance),
        region_id=spec.region(instance),
        changes=changes,
    )


@contextmanager
def tracked(instance, *, by, job=""):
    """Record what the block does to `instance`: created (it had no pk), changed, or deleted.

    The before and after states are read from the database, so changes made to the instance in
    memory before the block (a bound form, a serializer) still count as changes.
    """
    model = instance._meta.model  # also for request.user, a lazy object
    spec = spec_for(model)
    pk = instance.pk
    before = _snapshots(model, [pk]).get(pk) if pk is not None else None
    yield
    pk = instance.pk if instance.pk is not None else pk
    after = _snapshots(model, [pk]).get(pk) if pk is not None else None
    if before is None and after is None:
        return
    if before is None:
        action = AuditEvent.Action.CREATE
    elif after is None:
        action = AuditEvent.Action.DELETE
        instance.pk = pk  # Django clears it on delete; the event names the row it was
    else:
        action = AuditEvent.Action.UPDATE
    changes = _changes(spec, before, after)
    if action == AuditEvent.Action.UPDATE and not changes:
        return
    _event(instance, action=action, changes=changes, by=by, job=job).save()
    if action == AuditEvent.Action.DELETE:
        instance.pk = None


def _rows(queryset):
    spec = spec_for(queryset.model)
    return list(queryset.select_related(*spec.related).order_by("pk"))


def update_rows(queryset, *, by, job="", **values):
    """queryset.update(**values), with one event per row that changed. Returns the row count."""
    model = queryset.model
    spec = spec_for(model)
    rows = _rows(queryset)
    if not rows:
        return 0
    pks = [row.pk for row in rows]
    before = _snapshots(model, pks)
    count = model._base_manager.filter(pk__in=pks).update(**values)
    after = _snapshots(model, pks)
    events = []
    for row in rows:
        changes = _changes(spec, before[row.pk], after.get(row.pk))
        if changes:
            events.append(
                _event(row, action=AuditEvent.Action.UPDATE, changes=changes, by=by, job=job)
            )
    AuditEvent.objects.bulk_create(events)
    return count


def delete_rows(queryset, *, by, job=""):
    """queryset.delete(), with one event per row deleted. Returns the row count."""
    model = queryset.model
    spec = spec_for(model)
    rows = _rows(queryset)
    if not rows:
        return 0
    pks = [row.pk for row in rows]
    before = _snapshots(model, pks)
    events = [
        _event(
            row,
            action=AuditEvent.Action.DELETE,
            changes=_changes(spec, before[row.pk], None),
            by=by,
            job=job,
        )
        for row in rows
    ]
    model._base_manager.filter(pk__in=pks).delete()
    AuditEvent.objects.bulk_create(events)
    return len(rows)


def record_change(instance, changes, *, by):
    """An update of `instance` that is not a change of its audited columns (e.g. a user's second
    factor switched on or reset): `changes` is {name: [before, after]}, with no personal content."""
    return _event(instance, action=AuditEvent.Action.UPDATE, changes=changes, by=by).save()


def record_job(object_type, label, counts, *, by=None):
    """One event for one run of a system job, with what it did ({name: number})."""
    return AuditEvent.objects.create(
        actor=by if by is not None and getattr(by, "is_authenticated", False) else None,
        actor_label=actor_label(by, label),
        action=AuditEvent.Action.SYSTEM_JOB,
        object_type=object_type,
        object_label=label[:200],
        changes=dict(counts),
    )
