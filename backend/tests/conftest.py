"""Shared fixtures. Tests talk to the real database (SQLite, or PostgreSQL with DATABASE_URL)
and, with REDIS_URL, the real Redis broker and cache."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from igny8_core.core.auth.models import Account, AccountMembership, Role, Sector, Site, SiteUserAccess, User
from igny8_core.core.seeding import reference_data_seed
from tests.factories import AccountFactory, MembershipFactory, SectorFactory, SiteFactory, UserFactory
from tests.wordpress_peer import wordpress, wordpress_site  # noqa: F401  (a real WordPress: see the module)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # PBKDF2's 1M iterations cost ~0.3 s per user; tests check behaviour, not hash strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    cache.clear()  # throttle counters must not leak between tests
    yield
    cache.clear()


@pytest.fixture
def reference_data(db: None) -> None:
    reference_data_seed()


def client_for(user: User | None, *, account: Account | None = None) -> APIClient:
    """An API client carrying a real JWT for ``user`` (through the real middleware)."""
    client = APIClient()
    if user is not None:
        token = RefreshToken.for_user(user).access_token
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        if account is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_X_ACCOUNT_ID=str(account.pk))
    return client


@dataclass
class Tenant:
    account: Account
    owner: User
    site: Site
    sector: Sector
    client: APIClient  # the owner's client

    def member(self, role: str, *, sites: list[Site] | None = None) -> tuple[User, APIClient]:
        """A new user with ``role`` in this account (granted ``sites`` if editor/viewer)."""
        user = UserFactory.create()
        MembershipFactory.create(account=self.account, user=user, role=role)
        for site in sites or []:
            SiteUserAccess.objects.create(user=user, site=site, account=self.account)
        return user, client_for(user)


@pytest.fixture
def make_tenant(db: None) -> Any:
    def make(**account_kwargs: Any) -> Tenant:
        account = AccountFactory.create(**account_kwargs)
        site = SiteFactory.create(account=account)
        sector = SectorFactory.create(site=site)
        return Tenant(account=account, owner=account.owner, site=site, sector=sector, client=client_for(account.owner))

    return make


@pytest.fixture
def tenant(make_tenant: Any) -> Tenant:
    return make_tenant(name="Acme")


@pytest.fixture
def stranger(make_tenant: Any) -> Tenant:
    """Another account, for cross-tenant tests."""
    return make_tenant(name="Stranger")


@pytest.fixture
def is_postgres() -> bool:
    return connection.vendor == "postgresql"


__all__ = ["AccountMembership", "Role", "Tenant", "client_for"]
