"""Base viewsets that scope every queryset to the request's tenant and fail closed.

Subclasses cannot override ``get_queryset`` (a TypeError at import time says so); they
narrow or annotate through ``base_queryset()``, and the tenant filter is always applied
on top of whatever that returns. Another account's object is simply not in the queryset,
so it answers 404 exactly like a missing one.
"""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar, cast

from django.db.models import Model, QuerySet
from rest_framework import mixins, viewsets
from rest_framework.exceptions import NotAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from igny8_core.core.api.permissions import HasTenantRole
from igny8_core.core.api.response import success_response
from igny8_core.core.api.tenant import request_tenant
from igny8_core.core.auth.context import TenantContext
from igny8_core.core.auth.models import Role
from igny8_core.core.base.scoping import scope_queryset

M = TypeVar("M", bound=Model)

_SEALED = ("get_queryset",)


class TenantScopedViewSet(viewsets.GenericViewSet, Generic[M]):
    permission_classes: ClassVar[list[Any]] = [HasTenantRole]  # type: ignore[misc]
    read_role: ClassVar[str] = Role.VIEWER
    write_role: ClassVar[str] = Role.EDITOR
    action_roles: ClassVar[dict[str, str]] = {}

    # Lookups from the model to its account / site / sector; None = not scoped that way.
    account_field: ClassVar[str] = "account"
    site_field: ClassVar[str | None] = None
    sector_field: ClassVar[str | None] = None
    site_optional: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name in _SEALED:
            if name in cls.__dict__:
                raise TypeError(
                    f"{cls.__name__} overrides {name}(); tenant scoping is not optional. "
                    "Override base_queryset() to narrow or annotate instead."
                )

    @property
    def tenant(self) -> TenantContext:
        tenant = request_tenant(self.request)
        if tenant is None:  # permission classes refuse earlier; this is the last line of defence
            raise NotAuthenticated()
        return tenant

    def base_queryset(self) -> QuerySet[M]:
        queryset = cast("QuerySet[M] | None", self.__class__.queryset)
        assert queryset is not None, f"{type(self).__name__} needs queryset or base_queryset()"
        return queryset.all()

    def get_queryset(self) -> QuerySet[M]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no tenant
            return self.base_queryset().none()
        queryset = self.base_queryset()
        if not queryset.ordered:  # stable pages need a total order
            queryset = queryset.order_by("pk")
        return scope_queryset(
            queryset,
            tenant=self.tenant,
            account_field=self.account_field,
            site_field=self.site_field,
            sector_field=self.sector_field,
            site_optional=self.site_optional,
            params=self.request.query_params,
        )


class DeleteWithEnvelopeMixin:
    """DELETE answers 200 with the envelope and a message instead of an empty 204."""

    delete_message: ClassVar[str] = "Deleted."

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()  # type: ignore[attr-defined]
        self.perform_destroy(instance)  # type: ignore[attr-defined]
        return success_response(None, message=self.delete_message)


class TenantReadOnlyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantScopedViewSet[M]):
    pass


class TenantModelViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    DeleteWithEnvelopeMixin,
    mixins.DestroyModelMixin,
    TenantScopedViewSet[M],
):
    """CRUD. Subclasses implement perform_create / perform_update / perform_destroy by calling a service."""
