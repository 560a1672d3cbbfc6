"""Whose work: who may read whose list (`target_for`, the page and the API both call it), the
people of a region, and `Who`, the person (or a region's staff) the queries are about."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Q, Subquery, Value
from django.http import Http404

from accounts.models import User
from employers.models import AccountAssignment, employer_ids_of_region


def may_view_others(viewer):
    return viewer.is_wsp_admin or viewer.is_team_lead


def target_for(viewer, user_id=None, *, people=None):
    """The staff member whose work `viewer` asks for (`user_id`, or themselves).

    Account managers see only their own (403 for anybody else); a team lead anybody of the own
    region, active or not (another region's person, or somebody who is not staff: 404); a WSP
    admin anybody on the staff. `people`: `colleagues_for(viewer)` already read (the page has
    them for its select), else at most one query (none for oneself)."""
    if user_id is None or user_id == viewer.pk:
        return viewer
    if not may_view_others(viewer):
        raise PermissionDenied
    if people is not None:
        person = next((person for person in people if person.pk == user_id), None)
    else:
        person = colleagues_for(viewer).filter(pk=user_id).first()
    if person is None:
        raise Http404
    return person


def team_people(region_id):
    """The staff of a region (deactivated ones too: their open work is still somebody's)."""
    return User.objects.filter(region_id=region_id, role__in=User.REGIONAL_ROLES)


def colleagues_for(viewer):
    """Whose work the viewer may pick on the page: nobody for account managers, the own region
    for team leads, all staff for WSP admins (ONE query when evaluated)."""
    if viewer.is_wsp_admin:
        return (
            User.objects.filter(role__in=User.STAFF_ROLES)
            .select_related("region")
            .order_by("region__name", "first_name", "last_name", "pk")
        )
    if viewer.is_team_lead:
        return team_people(viewer.region_id).order_by("first_name", "last_name", "pk")
    return User.objects.none()


@dataclass(frozen=True)
class Who:
    """One person (`user`) or every staff member of a region (`region_id`)."""

    user: User | None = None
    region_id: int | None = None

    def q(self, field_name):
        if self.user is not None:
            return Q(**{field_name: self.user.pk})
        return Q(**{f"{field_name}__in": team_people(self.region_id).values("pk")})

    def scope(self):
        """The employer ids the work may come from (None: all, for a WSP admin's own work)."""
        if self.user is not None:
            if self.user.is_wsp_admin:
                return None
            return employer_ids_of_region(self.user.region_id)
        return employer_ids_of_region(self.region_id)

    def held(self):
        """The employers held as fixed account manager."""
        return AccountAssignment.objects.filter(
            self.q("manager_id"), kind=AccountAssignment.Kind.PRIMARY, ended_on__isnull=True
        ).values("employer_id")

    def fixed_manager(self, employer_ref):
        """Expression: the person's (or for a team: a team member's) id if they hold the
        employer at `employer_ref`, else NULL."""
        if self.user is not None:
            return Value(self.user.pk)
        managers = (
            AccountAssignment.objects.filter(
                self.q("manager_id"),
                employer_id=OuterRef(employer_ref),
                kind=AccountAssignment.Kind.PRIMARY,
                ended_on__isnull=True,
            )
            .order_by("-started_on", "-pk")
            .values("manager_id")
        )
        return Subquery(managers[:1])
