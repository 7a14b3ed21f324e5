"""Tenant filtering shared by the base viewsets and by scoped serializer fields."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet

from igny8_core.core.auth.context import TenantContext
from igny8_core.shared.exceptions import ValidationFailed

M = TypeVar("M", bound=Model)

MAX_ID = 2**63 - 1  # the largest BigAutoField value


def parse_id_param(value: str | None, *, name: str) -> int | None:
    if value is None or value == "":
        return None
    try:
        parsed = int(value)
    except (TypeError, ValueError):
        raise ValidationFailed(f"{name} must be a whole number.", errors={name: ["Must be a whole number."]}) from None
    if parsed < 1:
        raise ValidationFailed(f"{name} must be a positive id.", errors={name: ["Must be a positive id."]})
    if parsed > MAX_ID:  # beyond any id column; SQLite cannot even bind it
        raise ValidationFailed(f"{name} is too large to be an id.", errors={name: ["Too large to be an id."]})
    return parsed


def scope_queryset(
    queryset: QuerySet[M],
    *,
    tenant: TenantContext,
    account_field: str = "account",
    site_field: str | None = None,
    sector_field: str | None = None,
    site_optional: bool = False,
    params: Any = None,
) -> QuerySet[M]:
    """Filter by the tenant's account and accessible sites, then by ``?site_id=`` / ``?sector_id=``.

    ``site_optional`` rows (no site) stay visible to every member of the account.
    """
    queryset = queryset.filter(**{account_field: tenant.account})
    if site_field is not None and tenant.site_ids is not None:
        allowed = Q(**{f"{site_field}__in": tenant.site_ids})
        if site_optional:
            allowed |= Q(**{f"{site_field}__isnull": True})
        queryset = queryset.filter(allowed)
    if params is not None:
        site_id = parse_id_param(params.get("site_id"), name="site_id")
        if site_id is not None and site_field is not None:
            queryset = queryset.filter(**{site_field: site_id})
        sector_id = parse_id_param(params.get("sector_id"), name="sector_id")
        if sector_id is not None and sector_field is not None:
            queryset = queryset.filter(**{sector_field: sector_id})
    return queryset
