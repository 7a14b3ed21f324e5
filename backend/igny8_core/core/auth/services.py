"""Write-side actions for tenancy. Each runs in one transaction and writes an audit row."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from igny8_core.core.auth.context import TenantContext
from igny8_core.core.auth.models import (
    ROLE_RANK,
    Account,
    AccountMembership,
    AuditLog,
    IndustrySector,
    Plan,
    Role,
    Sector,
    Site,
    SiteUserAccess,
    User,
)
from igny8_core.shared.exceptions import (
    ConflictError,
    PermissionDeniedError,
    ValidationFailed,
)
from igny8_core.shared.utils.models import model_update
from igny8_core.shared.utils.text import unique_slug


def audit_record(
    *,
    account: Account | None,
    actor: User | None,
    action: str,
    obj: Any = None,
    changes: dict[str, Any] | None = None,
) -> AuditLog:
    return AuditLog.objects.create(
        account=account,
        actor=actor,
        action=action,
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=str(getattr(obj, "pk", "") or ""),
        changes=changes or {},
    )


def _check_password(password: str, *, user: User | None = None, field: str = "password") -> None:
    try:
        validate_password(password, user=user)
    except DjangoValidationError as exc:
        raise ValidationFailed(f"{field}: {exc.messages[0]}", errors={field: list(exc.messages)}) from None


def plan_default() -> Plan:
    plan = Plan.objects.filter(slug=settings.IGNY8_DEFAULT_PLAN, is_active=True).first()
    if plan is None:
        plan = Plan.objects.filter(is_active=True).order_by("price", "id").first()
    if plan is None:
        raise ConflictError("No plan is configured. Run `manage.py seed` first.")
    return plan


@transaction.atomic
def account_register(
    *, email: str, password: str, account_name: str, first_name: str = "", last_name: str = ""
) -> tuple[User, Account]:
    """A new user owning a new account on the default plan, credited with its monthly credits."""
    from igny8_core.domain.billing.services import credits_grant_monthly

    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ConflictError(
            "An account with this email already exists. Log in instead.",
            errors={"email": ["An account with this email already exists."]},
        )
    candidate = User(email=email, first_name=first_name, last_name=last_name)
    _check_password(password, user=candidate)
    user = User.objects.create_user(email=email, password=password, first_name=first_name, last_name=last_name)
    plan = plan_default()
    account = Account.objects.create(
        name=account_name,
        slug=unique_slug(account_name, exists=lambda s: Account.objects.filter(slug=s).exists()),
        owner=user,
        plan=plan,
    )
    AccountMembership.objects.create(account=account, user=user, role=Role.OWNER)
    credits_grant_monthly(account=account)
    audit_record(account=account, actor=user, action="account.registered", obj=account)
    account.refresh_from_db()
    return user, account


ACCOUNT_FIELDS = ("name",)


@transaction.atomic
def account_update(*, tenant: TenantContext, data: dict[str, Any]) -> Account:
    """Rename the tenant's account. Owners and admins only; plan, credits and status are not theirs to change."""
    if not tenant.is_admin:
        raise PermissionDeniedError(f"Your role ({tenant.role}) cannot change the account; it needs admin or higher.")
    data = {k: v for k, v in data.items() if k in ACCOUNT_FIELDS}
    if "name" in data:
        data["name"] = str(data["name"]).strip()
        if not data["name"]:
            raise ValidationFailed("name: Give the account a name.", errors={"name": ["Give the account a name."]})
    account = Account.objects.select_for_update().select_related("plan").get(pk=tenant.account.pk)
    account, changes = model_update(instance=account, fields=ACCOUNT_FIELDS, data=data)
    if changes:
        audit_record(account=account, actor=tenant.user, action="account.updated", obj=account, changes=changes)
    return account


# --- Sites and sectors ----------------------------------------------------------------------

SITE_FIELDS = ("name", "domain", "description", "industry", "site_type", "hosting_type", "is_active")


def normalize_domain(domain: str) -> str:
    domain = domain.strip().lower()
    for prefix in ("https://", "http://"):
        if domain.startswith(prefix):
            domain = domain[len(prefix) :]
    return domain.split("/", 1)[0]


@transaction.atomic
def site_create(*, tenant: TenantContext, data: dict[str, Any]) -> Site:
    name = data["name"].strip()
    # Sectors picked from the industry's list (onboarding) are created with the site, or nothing is.
    chosen: list[IndustrySector] = list({s.pk: s for s in data.get("industry_sectors") or []}.values())
    industry = data.get("industry")
    foreign = sorted({s.name for s in chosen if industry is None or s.industry_id != industry.pk})
    if foreign:
        message = f"Not a sector of the chosen industry: {', '.join(foreign)}."
        raise ValidationFailed(f"industry_sectors: {message}", errors={"industry_sectors": [message]})
    slug = slugify(name, allow_unicode=True) or "site"
    if Site.objects.filter(account=tenant.account, slug=slug).exists():
        raise ConflictError(
            f'A site named "{name}" already exists in this account.',
            errors={"name": ["A site with this name already exists."]},
        )
    site = Site.objects.create(
        account=tenant.account,
        slug=slug,
        **{
            **{k: v for k, v in data.items() if k in SITE_FIELDS},
            "name": name,
            "domain": normalize_domain(data.get("domain", "")),
        },
    )
    audit_record(account=tenant.account, actor=tenant.user, action="site.created", obj=site)
    for industry_sector in chosen:
        sector_create(tenant=tenant, data={"site": site, "industry_sector": industry_sector})
    return site


@transaction.atomic
def site_update(*, tenant: TenantContext, site: Site, data: dict[str, Any]) -> Site:
    data = dict(data)
    if "domain" in data:
        data["domain"] = normalize_domain(data["domain"])
    if "name" in data:
        data["name"] = data["name"].strip()
        slug = slugify(data["name"], allow_unicode=True) or "site"
        if Site.objects.filter(account=tenant.account, slug=slug).exclude(pk=site.pk).exists():
            raise ConflictError(
                f'A site named "{data["name"]}" already exists in this account.',
                errors={"name": ["A site with this name already exists."]},
            )
        data["slug"] = slug
    site, changes = model_update(instance=site, fields=(*SITE_FIELDS, "slug"), data=data)
    if changes:
        audit_record(account=tenant.account, actor=tenant.user, action="site.updated", obj=site, changes=changes)
    return site


@transaction.atomic
def site_delete(*, tenant: TenantContext, site: Site) -> None:
    audit_record(
        account=tenant.account, actor=tenant.user, action="site.deleted", obj=site, changes={"name": site.name}
    )
    site.delete()


@transaction.atomic
def sector_create(*, tenant: TenantContext, data: dict[str, Any]) -> Sector:
    site: Site = data["site"]
    industry_sector: IndustrySector | None = data.get("industry_sector")
    name = (data.get("name") or (industry_sector.name if industry_sector else "")).strip()
    if not name:
        raise ValidationFailed(
            "name: Give the sector a name or pick an industry sector.",
            errors={"name": ["Give the sector a name or pick an industry sector."]},
        )
    slug = slugify(name, allow_unicode=True) or "sector"
    if Sector.objects.filter(site=site, slug=slug).exists():
        raise ConflictError(
            f'Site "{site.name}" already has a sector named "{name}".',
            errors={"name": ["This site already has a sector with this name."]},
        )
    sector = Sector.objects.create(
        site=site,
        account=site.account,
        name=name,
        slug=slug,
        industry_sector=industry_sector,
        description=data.get("description", ""),
        is_active=data.get("is_active", True),
    )
    audit_record(account=tenant.account, actor=tenant.user, action="sector.created", obj=sector)
    return sector


@transaction.atomic
def sector_update(*, tenant: TenantContext, sector: Sector, data: dict[str, Any]) -> Sector:
    data = dict(data)
    if "site" in data and data["site"].pk != sector.site_id:
        raise ValidationFailed(
            "site: A sector cannot move to another site.", errors={"site": ["A sector cannot move to another site."]}
        )
    data.pop("site", None)
    if "name" in data:
        data["name"] = data["name"].strip()
        slug = slugify(data["name"], allow_unicode=True) or "sector"
        if Sector.objects.filter(site_id=sector.site_id, slug=slug).exclude(pk=sector.pk).exists():
            raise ConflictError(
                "This site already has a sector with this name.",
                errors={"name": ["This site already has a sector with this name."]},
            )
        data["slug"] = slug
    sector, changes = model_update(
        instance=sector, fields=("name", "slug", "description", "industry_sector", "is_active"), data=data
    )
    if changes:
        audit_record(account=tenant.account, actor=tenant.user, action="sector.updated", obj=sector, changes=changes)
    return sector


@transaction.atomic
def sector_delete(*, tenant: TenantContext, sector: Sector) -> None:
    audit_record(
        account=tenant.account,
        actor=tenant.user,
        action="sector.deleted",
        obj=sector,
        changes={"name": sector.name, "site": sector.site_id},
    )
    sector.delete()


# --- Team ------------------------------------------------------------------------------------


def _may_assign(tenant: TenantContext, role: str) -> None:
    if ROLE_RANK[role] > ROLE_RANK[tenant.role]:
        raise PermissionDeniedError(f"An {tenant.role} cannot grant the {role} role.")
    if role == Role.OWNER and tenant.role != Role.OWNER:
        raise PermissionDeniedError("Only an owner can make someone an owner.")


def _guard_member(tenant: TenantContext, membership: AccountMembership) -> None:
    if membership.user_id == tenant.account.owner_id:
        raise ConflictError("The account's primary owner cannot be removed or demoted.")
    if ROLE_RANK[membership.role] > ROLE_RANK[tenant.role]:
        raise PermissionDeniedError(f"An {tenant.role} cannot change an {membership.role}.")


@transaction.atomic
def member_add(
    *,
    tenant: TenantContext,
    email: str,
    role: str,
    password: str = "",
    first_name: str = "",
    last_name: str = "",
    sites: list[Site] | None = None,
) -> AccountMembership:
    """Add a person to the account: an existing user by email, or a new user with a password."""
    _may_assign(tenant, role)
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        if not password:
            raise ValidationFailed(
                "password: A password is required to create a new user.",
                errors={"password": ["A password is required to create a new user."]},
            )
        _check_password(password, user=User(email=email, first_name=first_name, last_name=last_name))
        user = User.objects.create_user(email=email, password=password, first_name=first_name, last_name=last_name)
    elif AccountMembership.objects.filter(account=tenant.account, user=user).exists():
        raise ConflictError(
            f"{email} is already a member of this account.", errors={"email": ["Already a member of this account."]}
        )
    membership = AccountMembership.objects.create(account=tenant.account, user=user, role=role)
    sites = [] if membership.sees_all_sites else sites  # owners and admins see every site already
    for site in sites or []:
        SiteUserAccess.objects.get_or_create(
            user=user, site=site, defaults={"granted_by": tenant.user, "account": tenant.account}
        )
    audit_record(
        account=tenant.account,
        actor=tenant.user,
        action="member.added",
        obj=membership,
        changes={"email": email, "role": role, "sites": [s.pk for s in sites or []]},
    )
    return membership


@transaction.atomic
def member_update_role(*, tenant: TenantContext, membership: AccountMembership, role: str) -> AccountMembership:
    _guard_member(tenant, membership)
    _may_assign(tenant, role)
    old = membership.role
    if old != role:
        membership.role = role
        membership.save(update_fields=["role", "updated_at"])
        audit_record(
            account=tenant.account,
            actor=tenant.user,
            action="member.role_changed",
            obj=membership,
            changes={"role": [old, role]},
        )
    return membership


@transaction.atomic
def member_remove(*, tenant: TenantContext, membership: AccountMembership) -> None:
    _guard_member(tenant, membership)
    SiteUserAccess.objects.filter(account=tenant.account, user_id=membership.user_id).delete()
    audit_record(
        account=tenant.account,
        actor=tenant.user,
        action="member.removed",
        obj=membership,
        changes={"user": membership.user_id, "role": membership.role},
    )
    membership.delete()


@transaction.atomic
def site_access_grant(*, tenant: TenantContext, user: User, site: Site) -> SiteUserAccess:
    membership = AccountMembership.objects.filter(account=tenant.account, user=user).first()
    if membership is None:
        raise ValidationFailed(
            "user: This person is not a member of the account.", errors={"user": ["Not a member of this account."]}
        )
    if membership.sees_all_sites:
        raise ValidationFailed(
            "user: Owners and admins already see every site.",
            errors={"user": ["Owners and admins already see every site."]},
        )
    try:
        with transaction.atomic():
            access = SiteUserAccess.objects.create(user=user, site=site, account=tenant.account, granted_by=tenant.user)
    except IntegrityError:
        raise ConflictError("This person already has access to this site.") from None
    audit_record(
        account=tenant.account,
        actor=tenant.user,
        action="site_access.granted",
        obj=access,
        changes={"user": user.pk, "site": site.pk},
    )
    return access


@transaction.atomic
def site_access_revoke(*, tenant: TenantContext, access: SiteUserAccess) -> None:
    audit_record(
        account=tenant.account,
        actor=tenant.user,
        action="site_access.revoked",
        obj=access,
        changes={"user": access.user_id, "site": access.site_id},
    )
    access.delete()
