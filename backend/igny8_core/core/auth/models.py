"""Tenancy: plans, accounts, users, memberships, industries, sites, sectors, site access."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone


class Plan(models.Model):
    """A subscription plan. Credits are the only usage limit (seed 10.1-10.2)."""

    class SupportLevel(models.TextChoices):
        BASIC = "basic", "Basic"
        PRIORITY = "priority", "Priority"
        ENTERPRISE = "enterprise", "Enterprise"

    class BillingCycle(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        ANNUAL = "annual", "Annual"

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    monthly_credits = models.PositiveIntegerField(default=0)
    support_level = models.CharField(max_length=20, choices=SupportLevel.choices, default=SupportLevel.BASIC)
    billing_cycle = models.CharField(max_length=20, choices=BillingCycle.choices, default=BillingCycle.MONTHLY)
    price = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0"))
    features = models.JSONField(default=dict, blank=True)
    storage_quota_gb = models.PositiveIntegerField(default=10, help_text="Per-site file storage quota (seed 7.3).")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "igny8_plans"
        ordering = ["price", "id"]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("Email is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Logs in with email; belongs to accounts through memberships."""

    email = models.EmailField(unique=True)
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        db_table = "igny8_users"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.email

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Account(models.Model):
    """A tenant: a company or agency. Owns sites, credits and everything under them."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        SUSPENDED = "suspended", "Suspended"
        CANCELLED = "cancelled", "Cancelled"

    name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255, unique=True)
    owner = models.ForeignKey(User, on_delete=models.PROTECT, related_name="owned_accounts")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="accounts")
    credits = models.PositiveIntegerField(default=0, help_text="Current credit balance.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    is_system = models.BooleanField(default=False, help_text="The platform operator's own account.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "igny8_accounts"
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=models.Q(credits__gte=0), name="account_credits_non_negative")]

    def __str__(self) -> str:
        return self.name

    def is_system_account(self) -> bool:
        return self.is_system

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    ADMIN = "admin", "Admin"
    EDITOR = "editor", "Editor"
    VIEWER = "viewer", "Viewer"


ROLE_RANK: dict[str, int] = {Role.VIEWER: 1, Role.EDITOR: 2, Role.ADMIN: 3, Role.OWNER: 4}


class AccountMembership(models.Model):
    """A user's role in an account. A user may belong to several accounts (agencies)."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "igny8_account_memberships"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["account", "user"], name="unique_account_member")]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.account_id}:{self.role}"

    def has_role(self, minimum: str) -> bool:
        return ROLE_RANK[self.role] >= ROLE_RANK[minimum]

    @property
    def sees_all_sites(self) -> bool:
        """Owners and admins see every site; editors and viewers only those granted to them."""
        return self.has_role(Role.ADMIN)


class Industry(models.Model):
    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        db_table = "igny8_industries"
        ordering = ["name"]
        verbose_name_plural = "industries"

    def __str__(self) -> str:
        return self.name


class IndustrySector(models.Model):
    industry = models.ForeignKey(Industry, on_delete=models.CASCADE, related_name="sectors")
    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=150)
    description = models.TextField(blank=True)
    suggested_keywords = models.JSONField(default=list, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        db_table = "igny8_industry_sectors"
        ordering = ["industry__name", "name"]
        constraints = [models.UniqueConstraint(fields=["industry", "slug"], name="unique_industry_sector_slug")]

    def __str__(self) -> str:
        return f"{self.industry.name} / {self.name}"


class Site(models.Model):
    """A website an account manages. Everything below (keywords, content...) hangs off a site."""

    class SiteType(models.TextChoices):
        NEW = "new", "New (built in IGNY8)"
        EXISTING = "existing", "Existing"
        HYBRID = "hybrid", "Hybrid"

    class HostingType(models.TextChoices):
        IGNY8_SITES = "igny8_sites", "IGNY8 Sites"
        WORDPRESS = "wordpress", "WordPress"
        SHOPIFY = "shopify", "Shopify"
        CUSTOM = "custom", "Custom"
        MULTI = "multi", "Multiple destinations"

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255, allow_unicode=True)
    domain = models.CharField(max_length=255, blank=True)
    description = models.TextField(blank=True)
    industry = models.ForeignKey(Industry, on_delete=models.SET_NULL, null=True, blank=True, related_name="sites")
    site_type = models.CharField(max_length=20, choices=SiteType.choices, default=SiteType.EXISTING)
    hosting_type = models.CharField(max_length=20, choices=HostingType.choices, default=HostingType.WORDPRESS)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "igny8_sites"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["account", "slug"], name="unique_site_slug_per_account")]
        indexes = [models.Index(fields=["account", "is_active"])]

    def __str__(self) -> str:
        return self.name


class Sector(models.Model):
    """A topical section of a site (e.g. "Running shoes" on a sports store)."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="sectors")
    industry_sector = models.ForeignKey(
        IndustrySector, on_delete=models.SET_NULL, null=True, blank=True, related_name="site_sectors"
    )
    name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255, allow_unicode=True)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "igny8_sectors"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["site", "slug"], name="unique_sector_slug_per_site")]
        indexes = [models.Index(fields=["account", "site"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Integrity invariant, not a business rule: a sector's account is its site's account.
        self.account_id = self.site.account_id
        super().save(*args, **kwargs)


class SiteUserAccess(models.Model):
    """Grants an editor or viewer access to one site (owners and admins see all sites)."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="site_access")
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="user_access")
    granted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "igny8_site_user_access"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["user", "site"], name="unique_site_user_access")]
        indexes = [models.Index(fields=["account", "user"])]

    def __str__(self) -> str:
        return f"user {self.user_id} → site {self.site_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.account_id = self.site.account_id
        super().save(*args, **kwargs)


class AuditLog(models.Model):
    """Who did what to which object, written by the services that change tenancy and billing."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    action = models.CharField(max_length=100)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "igny8_audit_log"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["account", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}:{self.object_id}"
