"""JWT authentication that reuses the middleware's result instead of decoding twice."""

from __future__ import annotations

from typing import Any

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework.request import Request
from rest_framework_simplejwt.authentication import JWTAuthentication


class TenantJWTAuthentication(JWTAuthentication):
    def authenticate(self, request: Request) -> Any:
        cached = getattr(request._request, "_igny8_jwt", None)
        if cached is not None:
            return cached
        return super().authenticate(request)


class TenantJWTScheme(SimpleJWTScheme):
    """Documents TenantJWTAuthentication as bearer JWT (drf-spectacular matches exact classes only)."""

    target_class = "igny8_core.core.api.authentication.TenantJWTAuthentication"
