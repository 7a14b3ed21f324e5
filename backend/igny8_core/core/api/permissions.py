"""Permissions: authenticated + active, tenant role checks, platform admin (seed 10.8)."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from igny8_core.core.api.tenant import request_tenant
from igny8_core.core.auth.models import AccountMembership, Role, User


class IsAuthenticatedAndActive(BasePermission):
    message = "Authentication credentials were not provided or are invalid."

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not (isinstance(user, User) and user.is_authenticated and user.is_active):
            return False
        tenant = request_tenant(request)
        if tenant is not None and not tenant.account.is_active:
            self.message = "This account is suspended. Contact support to reactivate it."
            return False
        return True


def is_platform_admin(user: Any) -> bool:
    """Superusers and admins of the system account run the platform (plans, costs, top-ups)."""
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return AccountMembership.objects.filter(
        user=user, account__is_system=True, role__in=[Role.OWNER, Role.ADMIN]
    ).exists()


class IsPlatformAdmin(IsAuthenticatedAndActive):
    message = "Only platform administrators can do this."

    def has_permission(self, request: Request, view: Any) -> bool:
        return super().has_permission(request, view) and is_platform_admin(request.user)


class IsPlatformAdminOrReadOnly(IsAuthenticatedAndActive):
    message = "Only platform administrators can change this."

    def has_permission(self, request: Request, view: Any) -> bool:
        if not super().has_permission(request, view):
            return False
        return request.method in SAFE_METHODS or is_platform_admin(request.user)


class HasTenantRole(IsAuthenticatedAndActive):
    """Requires an account and the role the view asks for this action.

    Views declare ``read_role`` (safe methods), ``write_role`` (others) and optionally
    ``action_roles = {"action_name": Role.X}``.
    """

    def has_permission(self, request: Request, view: Any) -> bool:
        if not super().has_permission(request, view):
            return False
        tenant = request_tenant(request)
        if tenant is None:
            self.message = "Your user does not belong to any account."
            return False
        action = getattr(view, "action", None)
        required: str | None = getattr(view, "action_roles", {}).get(action)
        if required is None:
            required = (
                getattr(view, "read_role", Role.VIEWER)
                if request.method in SAFE_METHODS
                else getattr(view, "write_role", Role.EDITOR)
            )
        if not tenant.has_role(required):
            self.message = f"Your role ({tenant.role}) cannot do this; it needs {required} or higher."
            return False
        return True
