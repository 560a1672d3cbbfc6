"""Work on a selection of the employer list at once (saved views, bulk assign, bulk stage).

Each employer of a bulk change goes through the same service as a single change, in a
transaction of its own: a refusal for one (another region's manager, a missing handover note
where somebody held the employer) is reported with its reasons and leaves that employer as it
was, the others still go through."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils.translation import gettext as _

from ..models import AccountAssignment, Employer, SavedView
from . import account_manager_assign, employer_update


@dataclass
class BulkResult:
    done: list = field(default_factory=list)  # the employers changed
    unchanged: list = field(default_factory=list)  # the employers that already were so
    failed: list = field(default_factory=list)  # (employer, [reason, ...])


def saved_view_query(params):
    """Only the list's own filter parameters, in a fixed order (the page number is dropped)."""
    params = params if isinstance(params, QueryDict) else QueryDict(params or "")
    pairs = [(key, value) for key in SavedView.KEYS for value in params.getlist(key)]
    return urlencode(pairs)


def saved_view_save(*, owner, name, params, shared=False):
    """Save the list's filters under a name (a second save under one name replaces the first)."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Give the view a name.")})
    if shared and not owner.team_id:
        raise ValidationError({"shared": _("You are not in a team to share it with.")})
    query = saved_view_query(params)
    if len(query) > SavedView._meta.get_field("query").max_length:
        raise ValidationError({"name": _("These filters are too long to save.")})
    try:
        with transaction.atomic():
            view, _created = SavedView.objects.update_or_create(
                owner=owner,
                name=name[:80],
                defaults={"query": query, "shared": shared, "team_id": owner.team_id},
            )
    except IntegrityError as exc:  # the same name saved twice at once
        raise ValidationError({"name": _("A view with this name exists already.")}) from exc
    return view


def saved_view_delete(*, view, by):
    if view.owner_id != by.pk:
        raise ValidationError(_("Only the person who saved a view can delete it."))
    view.delete()


def _each(employers, change):
    result = BulkResult()
    for employer in employers:
        try:
            with transaction.atomic():
                changed = change(employer)
        except ValidationError as error:
            result.failed.append((employer, error.messages))
        else:
            (result.done if changed else result.unchanged).append(employer)
    return result


def employers_bulk_assign(*, employers, manager, by, region_of, handover_note="", started_on=None):
    """Make `manager` the fixed account manager of each employer (in `region_of(employer)`),
    with the handover note for the employers somebody held before."""

    def assign(employer):
        region = region_of(employer)
        current = (
            AccountAssignment.objects.current()
            .filter(employer=employer, region=region, kind="primary")
            .values_list("manager_id", flat=True)
            .first()
        )
        if current == manager.pk:
            return False
        account_manager_assign(
            employer=Employer.objects.get(pk=employer.pk),
            manager=manager,
            by=by,
            handover_note=handover_note,
            region=region,
            started_on=started_on,
        )
        return True

    return _each(employers, assign)


def employers_bulk_stage(*, employers, stage, by):
    """Move each employer to `stage`."""

    def move(employer):
        employer = Employer.objects.select_for_update().get(pk=employer.pk)
        if employer.stage == stage:
            return False
        employer_update(employer=employer, by=by, stage=stage)
        return True

    return _each(employers, move)
