"""Scopes for writable foreign keys: what a ScopedPrimaryKeyRelatedField offers the requesting
user (anything else answers 400 as if it did not exist)."""

from django.db.models import Q

from employers.filters import managers_visible_to
from employers.models import Employer


def request_user(serializer):
    return serializer.context["request"].user


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
