"""Throttles per user, per site and for the auth endpoints; rates come from settings at call time."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework import throttling
from rest_framework.request import Request

from igny8_core.core.api.tenant import request_tenant


class _SettingsRateMixin:
    scope: str

    def get_rate(self) -> str | None:
        return settings.IGNY8_THROTTLE_RATES.get(self.scope)


class UserRateThrottle(_SettingsRateMixin, throttling.UserRateThrottle):
    """Signed-in users at the "user" rate; anonymous callers, per address, at the "anon" rate."""

    scope = "user"

    def allow_request(self, request: Request, view: Any) -> bool:
        self.scope = "user" if request.user and request.user.is_authenticated else "anon"
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if request.user and request.user.is_authenticated:
            return f"throttle_user_{request.user.pk}"
        return f"throttle_anon_{self.get_ident(request)}"


class AuthRateThrottle(_SettingsRateMixin, throttling.SimpleRateThrottle):
    """Login, register and refresh: per client address, to slow password guessing."""

    scope = "auth"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        return f"throttle_auth_{self.get_ident(request)}"


class SiteRateThrottle(_SettingsRateMixin, throttling.SimpleRateThrottle):
    """Per account+site, so one busy site cannot starve its account (seed 6.1).

    Keyed by account too, so naming another tenant's site id never spends that site's budget.
    """

    scope = "site"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        site_id = request.query_params.get("site_id")
        if site_id is None and isinstance(request.data, dict):
            site_id = request.data.get("site_id", request.data.get("site"))
        if site_id is None or not str(site_id).isdigit():
            return None
        try:
            tenant = request_tenant(request)
        except Exception:  # an invalid X-Account-ID is refused by the permission check
            return None
        if tenant is None:
            return None
        return f"throttle_site_{tenant.account.pk}_{site_id}"
