"""Scopes: what the requesting user may read, and what a writable foreign key
(ScopedPrimaryKeyRelatedField) offers them (anything else answers 400 as if it did not exist)."""

from django.db.models import Exists, OuterRef, Q

from employers.filters import managers_visible_to
from employers.models import Employer

from ..models import Placement


def request_user(serializer):
    return serializer.context["request"].user


def of_visible_placements(queryset, user):
    """The rows (follow-ups, instrument periods) of the placements the user may see."""
    visible_placements = Placement.objects.visible_to(user)
    return queryset.filter(Exists(visible_placements.filter(pk=OuterRef("placement_id"))))


def visible_assessments(queryset, user):
    return of_visible_placements(queryset, user)


def visible(queryset, user):
    return queryset.visible_to(user)


def placeable_candidates(queryset, user):
    return queryset.visible_to(user).filter(anonymised_at__isnull=True)


def visible_locations(queryset, user):
    return queryset.filter(employer__in=Employer.objects.visible_to(user))


def regional_staff(queryset, user):
    return managers_visible_to(user)


def visible_instruments(queryset, user):
    """WSP admins: every catalogue. Others: their own region's, and that of every employer they
    may see (a national employer's instruments come from its home region)."""
    if not (user and user.is_authenticated and user.is_staff_member):
        return queryset.none()
    if user.is_wsp_admin:
        return queryset
    regions = Employer.objects.visible_to(user).values("region_id")
    return queryset.filter(Q(region_id=user.region_id) | Q(region_id__in=regions))
