"""Sets ``request.account`` from the JWT or session user and refuses inactive accounts.

The JWT is decoded here once; DRF's TenantJWTAuthentication reuses the result.
A bad token is left for DRF to answer with a proper 401.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError

from igny8_core.core.api.tenant import request_tenant
from igny8_core.shared.exceptions import PermissionDeniedError
from igny8_core.shared.middleware.request_id import get_request_id


class AccountContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.jwt = JWTAuthentication()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.account = None  # type: ignore[attr-defined]
        user = None
        if request.META.get("HTTP_AUTHORIZATION", "").startswith("Bearer "):
            try:
                result = self.jwt.authenticate(request)  # type: ignore[arg-type]
            except (InvalidToken, TokenError, AuthenticationFailed):
                result = None
            if result is not None:
                request._igny8_jwt = result  # type: ignore[attr-defined]
                user = result[0]
        elif getattr(request, "user", None) is not None and request.user.is_authenticated:
            user = request.user
        if user is not None:
            try:
                tenant = request_tenant(request, user=user)
            except PermissionDeniedError as exc:
                return self._refuse(403, exc.message)
            if tenant is not None and not tenant.account.is_active:
                return self._refuse(403, "This account is suspended. Contact support to reactivate it.")
        return self.get_response(request)

    @staticmethod
    def _refuse(status: int, message: str) -> JsonResponse:
        body = {"success": False, "error": message, "errors": {}, "request_id": get_request_id()}
        return JsonResponse(body, status=status)
