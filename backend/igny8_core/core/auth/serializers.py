from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers

from igny8_core.core.api.tenant import request_tenant
from igny8_core.core.auth.models import (
    Account,
    AccountMembership,
    Industry,
    IndustrySector,
    Plan,
    Role,
    Sector,
    Site,
    SiteUserAccess,
    User,
)
from igny8_core.core.base.serializers import TenantSiteField


class PlanSerializer(serializers.ModelSerializer[Plan]):
    class Meta:
        model = Plan
        fields = [
            "id",
            "name",
            "slug",
            "monthly_credits",
            "support_level",
            "billing_cycle",
            "price",
            "features",
            "storage_quota_gb",
            "is_active",
        ]


class UserSerializer(serializers.ModelSerializer[User]):
    class Meta:
        model = User
        fields = ["id", "email", "first_name", "last_name", "full_name", "date_joined"]
        read_only_fields = fields


class AccountSerializer(serializers.ModelSerializer[Account]):
    plan = PlanSerializer(read_only=True)

    class Meta:
        model = Account
        fields = ["id", "name", "slug", "plan", "credits", "status", "is_system", "created_at"]
        read_only_fields = fields


class AccountUpdateSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=255)


class RegisterSerializer(serializers.Serializer[Any]):
    email = serializers.EmailField()
    password = serializers.CharField(write_only=True, min_length=8, max_length=128, style={"input_type": "password"})
    account_name = serializers.CharField(max_length=255)
    first_name = serializers.CharField(max_length=150, required=False, default="", allow_blank=True)
    last_name = serializers.CharField(max_length=150, required=False, default="", allow_blank=True)

    def validate_account_name(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError("Give your account a name.")
        return value.strip()


class TokenPairSerializer(serializers.Serializer[Any]):
    access = serializers.CharField()
    refresh = serializers.CharField()


class RegisterResponseSerializer(serializers.Serializer[Any]):
    tokens = TokenPairSerializer()
    user = UserSerializer()
    account = AccountSerializer()


class MembershipBriefSerializer(serializers.ModelSerializer[AccountMembership]):
    account_id = serializers.IntegerField(source="account.id")
    account_name = serializers.CharField(source="account.name")

    class Meta:
        model = AccountMembership
        fields = ["account_id", "account_name", "role"]


class MeSerializer(serializers.Serializer[Any]):
    user = UserSerializer()
    account = AccountSerializer(allow_null=True)
    role = serializers.CharField(allow_null=True)
    site_ids = serializers.ListField(
        child=serializers.IntegerField(),
        allow_null=True,
        help_text="Sites you may access; null means all sites of the account.",
    )
    memberships = MembershipBriefSerializer(many=True)
    is_platform_admin = serializers.BooleanField()


class IndustrySectorSerializer(serializers.ModelSerializer[IndustrySector]):
    class Meta:
        model = IndustrySector
        fields = ["id", "name", "slug", "description", "suggested_keywords"]


class IndustrySerializer(serializers.ModelSerializer[Industry]):
    sectors = IndustrySectorSerializer(many=True, read_only=True)

    class Meta:
        model = Industry
        fields = ["id", "name", "slug", "description", "sectors"]


class SiteSerializer(serializers.ModelSerializer[Site]):
    industry = serializers.PrimaryKeyRelatedField(
        queryset=Industry.objects.filter(is_active=True), required=False, allow_null=True
    )
    sector_count = serializers.SerializerMethodField()
    industry_sectors = serializers.PrimaryKeyRelatedField(
        queryset=IndustrySector.objects.filter(is_active=True),
        many=True,
        required=False,
        write_only=True,
        help_text="On create only: sectors of the chosen industry to add to the site in the same transaction.",
    )

    class Meta:
        model = Site
        fields = [
            "id",
            "name",
            "slug",
            "domain",
            "description",
            "industry",
            "industry_sectors",
            "site_type",
            "hosting_type",
            "is_active",
            "sector_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "slug", "sector_count", "created_at", "updated_at"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "industry_sectors" in attrs and self.instance is not None:
            raise serializers.ValidationError(
                {"industry_sectors": ["Add sectors to an existing site through the sectors endpoint."]}
            )
        return attrs

    def get_sector_count(self, obj: Site) -> int:
        annotated = getattr(obj, "sector_count", None)
        return annotated if annotated is not None else obj.sectors.count()


class SectorSerializer(serializers.ModelSerializer[Sector]):
    site = TenantSiteField()
    industry_sector = serializers.PrimaryKeyRelatedField(
        queryset=IndustrySector.objects.filter(is_active=True), required=False, allow_null=True
    )
    name = serializers.CharField(max_length=255, required=False, allow_blank=True)

    class Meta:
        model = Sector
        fields = [
            "id",
            "site",
            "industry_sector",
            "name",
            "slug",
            "description",
            "is_active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "slug", "created_at", "updated_at"]


class MemberSerializer(serializers.ModelSerializer[AccountMembership]):
    user = UserSerializer(read_only=True)
    site_ids = serializers.SerializerMethodField()

    class Meta:
        model = AccountMembership
        fields = ["id", "user", "role", "site_ids", "created_at"]
        read_only_fields = fields

    def get_site_ids(self, obj: AccountMembership) -> list[int] | None:
        if obj.sees_all_sites:
            return None
        return sorted(
            SiteUserAccess.objects.filter(user_id=obj.user_id, account_id=obj.account_id).values_list(
                "site_id", flat=True
            )
        )


class MemberCreateSerializer(serializers.Serializer[Any]):
    email = serializers.EmailField()
    role = serializers.ChoiceField(choices=Role.choices)
    password = serializers.CharField(write_only=True, required=False, allow_blank=True, default="", max_length=128)
    first_name = serializers.CharField(max_length=150, required=False, default="", allow_blank=True)
    last_name = serializers.CharField(max_length=150, required=False, default="", allow_blank=True)
    sites = serializers.ListField(
        child=TenantSiteField(), required=False, default=list, help_text="Site ids an editor or viewer may access."
    )


class MemberUpdateSerializer(serializers.Serializer[Any]):
    role = serializers.ChoiceField(choices=Role.choices)


class TenantMemberField(serializers.PrimaryKeyRelatedField):
    """A user id that is a member of the caller's account."""

    def get_queryset(self) -> QuerySet[User]:
        request = self.context.get("request")
        tenant = request_tenant(request) if request is not None else None
        if tenant is None:
            return User.objects.none()
        return User.objects.filter(memberships__account=tenant.account)


class SiteAccessSerializer(serializers.ModelSerializer[SiteUserAccess]):
    user = TenantMemberField()
    site = TenantSiteField()
    user_email = serializers.EmailField(source="user.email", read_only=True)

    class Meta:
        model = SiteUserAccess
        fields = ["id", "user", "user_email", "site", "granted_by", "created_at"]
        read_only_fields = ["id", "user_email", "granted_by", "created_at"]
        # No auto-generated (user, site) unique validator: a duplicate grant is a conflict
        # (409 from services.site_access_grant), not invalid input.
        validators: list[Any] = []
