"""Serializer fields whose choices are limited to the request's tenant."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers

from igny8_core.core.api.tenant import request_tenant
from igny8_core.core.auth.models import Sector, Site
from igny8_core.core.auth.selectors import sector_list, site_list


class _TenantRelatedField(serializers.PrimaryKeyRelatedField):
    def _tenant(self) -> Any:
        request = self.context.get("request")
        return request_tenant(request) if request is not None else None

    def get_queryset(self) -> QuerySet[Any]:
        tenant = self._tenant()
        if tenant is None:
            return self.model_queryset().none()
        return self.scoped(tenant)

    def model_queryset(self) -> QuerySet[Any]:
        raise NotImplementedError

    def scoped(self, tenant: Any) -> QuerySet[Any]:
        raise NotImplementedError


class TenantSiteField(_TenantRelatedField):
    """A site id the caller may access; any other id reads as "does not exist"."""

    def model_queryset(self) -> QuerySet[Site]:
        return Site.objects.all()

    def scoped(self, tenant: Any) -> QuerySet[Site]:
        return site_list(tenant=tenant)


class TenantSectorField(_TenantRelatedField):
    def model_queryset(self) -> QuerySet[Sector]:
        return Sector.objects.all()

    def scoped(self, tenant: Any) -> QuerySet[Sector]:
        return sector_list(tenant=tenant)
