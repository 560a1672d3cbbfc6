"""Who may use a view: a mixin for pages, a permission class for the API. Deny unless allowed."""

from django.core.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission


def is_staff_member(user):
    return bool(user and user.is_authenticated and user.is_staff_member)


class StaffRequiredMixin:
    """Pages for WSP staff. `allowed_roles` narrows it further (WSP admins are always allowed).

    Anonymous users never get here: LoginRequiredMiddleware sends them to the login page.
    """

    allowed_roles = None

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        allowed = is_staff_member(user) and (
            self.allowed_roles is None or user.role in self.allowed_roles or user.is_wsp_admin
        )
        if not allowed:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class IsStaffMember(BasePermission):
    """The API default: active WSP staff only (employer users get their own endpoints)."""

    def has_permission(self, request, view):
        return is_staff_member(request.user)
