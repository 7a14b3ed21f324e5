"""Resolve the request's tenant once and cache it on the underlying HttpRequest."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest

from igny8_core.core.auth.context import TenantContext
from igny8_core.core.auth.models import User
from igny8_core.core.auth.selectors import tenant_context_resolve

_UNSET = object()


def _http_request(request: Any) -> HttpRequest:
    return getattr(request, "_request", request)  # DRF Request wraps the HttpRequest


def request_tenant(request: Any, user: Any = None) -> TenantContext | None:
    """The tenant of this request, or None for an anonymous user or a user with no account.

    Raises PermissionDeniedError when X-Account-ID names an account the user is not in.
    """
    http = _http_request(request)
    cached = getattr(http, "_igny8_tenant", _UNSET)
    if cached is not _UNSET:
        return cast("TenantContext | None", cached)
    user = user if user is not None else getattr(request, "user", None)
    tenant: TenantContext | None = None
    if isinstance(user, User) and user.is_authenticated:
        tenant = tenant_context_resolve(user=user, account_id=http.headers.get("X-Account-ID"))
    http._igny8_tenant = tenant  # type: ignore[attr-defined]
    http.account = tenant.account if tenant else None  # type: ignore[attr-defined]
    return tenant
