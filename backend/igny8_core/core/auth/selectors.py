"""Read-side queries for tenancy. All take keyword-only arguments."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from igny8_core.core.auth.context import TenantContext
from igny8_core.core.auth.models import (
    Account,
    AccountMembership,
    Industry,
    IndustrySector,
    Plan,
    Sector,
    Site,
    SiteUserAccess,
    User,
)
from igny8_core.shared.exceptions import PermissionDeniedError


def tenant_context_resolve(*, user: User, account_id: str | None = None) -> TenantContext | None:
    """The account a request acts on: ``account_id`` (X-Account-ID) if given, else the user's first.

    Returns None when the user belongs to no account. Raises PermissionDeniedError when
    ``account_id`` names an account the user is not a member of (same answer whether it exists or not).
    """
    memberships = AccountMembership.objects.select_related("account", "account__plan").filter(user=user)
    if account_id:
        try:
            membership = memberships.get(account_id=int(account_id))
        except (ValueError, AccountMembership.DoesNotExist):
            raise PermissionDeniedError("You are not a member of the account named in X-Account-ID.") from None
    else:
        membership = memberships.order_by("id").first()  # type: ignore[assignment]
        if membership is None:
            return None
    site_ids: frozenset[int] | None = None
    if not membership.sees_all_sites:
        site_ids = frozenset(
            SiteUserAccess.objects.filter(user=user, site__account_id=membership.account_id).values_list(
                "site_id", flat=True
            )
        )
    return TenantContext(user=user, account=membership.account, membership=membership, site_ids=site_ids)


def site_list(*, tenant: TenantContext) -> QuerySet[Site]:
    qs = Site.objects.filter(account=tenant.account)
    if tenant.site_ids is not None:
        qs = qs.filter(id__in=tenant.site_ids)
    return qs


def sector_list(*, tenant: TenantContext) -> QuerySet[Sector]:
    qs = Sector.objects.filter(account=tenant.account)
    if tenant.site_ids is not None:
        qs = qs.filter(site_id__in=tenant.site_ids)
    return qs


def membership_list(*, account: Account) -> QuerySet[AccountMembership]:
    return AccountMembership.objects.filter(account=account).select_related("user")


def industry_list() -> QuerySet[Industry]:
    # Only active sectors: inactive ones cannot be picked for a site's sector (SectorSerializer).
    active_sectors = IndustrySector.objects.filter(is_active=True).order_by("name")
    return Industry.objects.filter(is_active=True).prefetch_related(Prefetch("sectors", queryset=active_sectors))


def plan_list(*, include_inactive: bool = False) -> QuerySet[Plan]:
    qs = Plan.objects.all()
    return qs if include_inactive else qs.filter(is_active=True)


def user_memberships(*, user: User) -> QuerySet[AccountMembership]:
    return AccountMembership.objects.filter(user=user).select_related("account")
