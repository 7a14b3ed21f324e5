"""Auth and tenancy endpoints under /api/v1/auth/. Thin: validate, call a service, serialize."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Count, QuerySet
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.viewsets import ReadOnlyModelViewSet
from rest_framework_simplejwt.serializers import TokenObtainPairSerializer
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView

from igny8_core.core.api.permissions import HasTenantRole, IsAuthenticatedAndActive, is_platform_admin
from igny8_core.core.api.response import success_response
from igny8_core.core.api.tenant import request_tenant
from igny8_core.core.api.throttles import AuthRateThrottle
from igny8_core.core.auth import selectors, services
from igny8_core.core.auth.models import AccountMembership, Industry, Role, Sector, Site, SiteUserAccess
from igny8_core.core.auth.serializers import (
    AccountSerializer,
    AccountUpdateSerializer,
    IndustrySerializer,
    MemberCreateSerializer,
    MemberSerializer,
    MemberUpdateSerializer,
    MeSerializer,
    RegisterResponseSerializer,
    RegisterSerializer,
    SectorSerializer,
    SiteAccessSerializer,
    SiteSerializer,
    UserSerializer,
)
from igny8_core.core.base.viewsets import DeleteWithEnvelopeMixin, TenantModelViewSet, TenantScopedViewSet


def _tokens(user: Any) -> dict[str, str]:
    refresh = RefreshToken.for_user(user)
    return {"access": str(refresh.access_token), "refresh": str(refresh)}


class RegisterView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    throttle_classes = [AuthRateThrottle]

    @extend_schema(request=RegisterSerializer, responses={201: RegisterResponseSerializer}, tags=["auth"])
    def post(self, request: Request) -> Response:
        serializer = RegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user, account = services.account_register(**serializer.validated_data)
        data = {"tokens": _tokens(user), "user": UserSerializer(user).data, "account": AccountSerializer(account).data}
        return success_response(data, message="Welcome to IGNY8.", status=status.HTTP_201_CREATED)


class EmailTokenObtainPairSerializer(TokenObtainPairSerializer):
    # The same words for an unknown email, a wrong password and a deactivated user (no account probing).
    default_error_messages = {"no_active_account": "Wrong email or password."}

    def validate(self, attrs: dict[str, Any]) -> dict[str, str]:
        attrs[self.username_field] = str(attrs.get(self.username_field, "")).strip().lower()
        return super().validate(attrs)


class LoginView(TokenObtainPairView):
    serializer_class = EmailTokenObtainPairSerializer
    throttle_classes = [AuthRateThrottle]


class RefreshView(TokenRefreshView):
    throttle_classes = [AuthRateThrottle]


class LogoutView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    throttle_classes = [AuthRateThrottle]

    @extend_schema(
        request=inline_serializer("LogoutRequest", {"refresh": serializers.CharField()}),
        responses={200: inline_serializer("LogoutResponse", {})},
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        from rest_framework_simplejwt.exceptions import TokenError

        token = request.data.get("refresh") if isinstance(request.data, dict) else None
        if not token:
            return Response(
                {
                    "success": False,
                    "error": "refresh: This field is required.",
                    "errors": {"refresh": ["This field is required."]},
                },
                status=400,
            )
        try:
            RefreshToken(token).blacklist()
        except TokenError:
            pass  # already invalid or expired: logging out is still done
        return success_response({}, message="Logged out.")


class MeView(APIView):
    permission_classes = [IsAuthenticatedAndActive]

    @extend_schema(responses={200: MeSerializer}, tags=["auth"])
    def get(self, request: Request) -> Response:
        tenant = request_tenant(request)
        data = {
            "user": request.user,
            "account": tenant.account if tenant else None,
            "role": tenant.role if tenant else None,
            "site_ids": sorted(tenant.site_ids) if tenant and tenant.site_ids is not None else None,
            "memberships": selectors.user_memberships(user=request.user),  # type: ignore[arg-type]
            "is_platform_admin": is_platform_admin(request.user),
        }
        return success_response(MeSerializer(data).data)


class AccountView(APIView):
    """The account the request acts on (X-Account-ID or the user's first). Owners and admins rename it."""

    permission_classes = [HasTenantRole]
    write_role = Role.ADMIN

    @extend_schema(responses={200: AccountSerializer}, tags=["auth"])
    def get(self, request: Request) -> Response:
        tenant = request_tenant(request)
        assert tenant is not None  # HasTenantRole refused earlier otherwise
        return success_response(AccountSerializer(tenant.account).data)

    @extend_schema(request=AccountUpdateSerializer, responses={200: AccountSerializer}, tags=["auth"])
    def patch(self, request: Request) -> Response:
        tenant = request_tenant(request)
        assert tenant is not None
        serializer = AccountUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        account = services.account_update(tenant=tenant, data=serializer.validated_data)
        return success_response(AccountSerializer(account).data, message="Account saved.")


class IndustryViewSet(ReadOnlyModelViewSet):
    """The industry list, shared by all accounts (reference data)."""

    serializer_class = IndustrySerializer
    permission_classes = [IsAuthenticatedAndActive]
    pagination_class = None
    queryset = Industry.objects.none()

    def get_queryset(self) -> QuerySet[Industry]:
        return selectors.industry_list()


class SiteViewSet(TenantModelViewSet[Site]):
    queryset = Site.objects.all()
    serializer_class = SiteSerializer
    site_field = "id"
    write_role = Role.ADMIN
    delete_message = "Site deleted with everything under it."
    filterset_fields = ["is_active", "site_type", "hosting_type"]
    search_fields = ["name", "domain"]
    ordering_fields = ["id", "name", "created_at"]

    def base_queryset(self) -> QuerySet[Site]:
        return Site.objects.annotate(sector_count=Count("sectors"))

    def perform_create(self, serializer: SiteSerializer) -> None:  # type: ignore[override]
        serializer.instance = services.site_create(tenant=self.tenant, data=serializer.validated_data)

    def perform_update(self, serializer: SiteSerializer) -> None:  # type: ignore[override]
        serializer.instance = services.site_update(
            tenant=self.tenant,
            site=serializer.instance,  # type: ignore[arg-type]
            data=serializer.validated_data,
        )

    def perform_destroy(self, instance: Site) -> None:
        services.site_delete(tenant=self.tenant, site=instance)


class SectorViewSet(TenantModelViewSet[Sector]):
    queryset = Sector.objects.all()
    serializer_class = SectorSerializer
    site_field = "site"
    sector_field = "id"
    write_role = Role.ADMIN
    filterset_fields = ["is_active", "industry_sector"]
    search_fields = ["name"]
    ordering_fields = ["id", "name", "created_at"]

    def perform_create(self, serializer: SectorSerializer) -> None:  # type: ignore[override]
        serializer.instance = services.sector_create(tenant=self.tenant, data=serializer.validated_data)

    def perform_update(self, serializer: SectorSerializer) -> None:  # type: ignore[override]
        serializer.instance = services.sector_update(
            tenant=self.tenant,
            sector=serializer.instance,  # type: ignore[arg-type]
            data=serializer.validated_data,
        )

    def perform_destroy(self, instance: Sector) -> None:
        services.sector_delete(tenant=self.tenant, sector=instance)


class MemberViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    DeleteWithEnvelopeMixin,
    mixins.DestroyModelMixin,
    TenantScopedViewSet[AccountMembership],
):
    """The account's team. Ids are membership ids."""

    queryset = AccountMembership.objects.select_related("user")
    serializer_class = MemberSerializer
    write_role = Role.ADMIN
    delete_message = "Removed from the account."
    filterset_fields = ["role"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    ordering_fields = ["id", "role", "created_at"]

    @extend_schema(request=MemberCreateSerializer, responses={201: MemberSerializer})
    def create(self, request: Request) -> Response:
        serializer = MemberCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        membership = services.member_add(tenant=self.tenant, **serializer.validated_data)
        return success_response(
            MemberSerializer(membership).data, message="Member added.", status=status.HTTP_201_CREATED
        )

    @extend_schema(request=MemberUpdateSerializer, responses={200: MemberSerializer})
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        membership = self.get_object()
        serializer = MemberUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = services.member_update_role(
            tenant=self.tenant, membership=membership, role=serializer.validated_data["role"]
        )
        return success_response(MemberSerializer(membership).data, message="Role updated.")

    def perform_destroy(self, instance: AccountMembership) -> None:
        services.member_remove(tenant=self.tenant, membership=instance)


class SiteAccessFilter(django_filters.FilterSet):
    """Plain ids, not model choices: a choice filter answers 400 for a missing id but an empty
    page for another account's id, which would tell the two apart."""

    user = django_filters.NumberFilter(field_name="user_id")
    site = django_filters.NumberFilter(field_name="site_id")

    class Meta:
        model = SiteUserAccess
        fields = ["user", "site"]


class SiteAccessViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    DeleteWithEnvelopeMixin,
    mixins.DestroyModelMixin,
    TenantScopedViewSet[SiteUserAccess],
):
    """Which editors and viewers may work on which sites. Admin-only."""

    queryset = SiteUserAccess.objects.select_related("user")
    serializer_class = SiteAccessSerializer
    site_field = "site"
    read_role = Role.ADMIN
    write_role = Role.ADMIN
    delete_message = "Access revoked."
    filterset_class = SiteAccessFilter

    def perform_create(self, serializer: SiteAccessSerializer) -> None:  # type: ignore[override]
        serializer.instance = services.site_access_grant(
            tenant=self.tenant, user=serializer.validated_data["user"], site=serializer.validated_data["site"]
        )

    def perform_destroy(self, instance: SiteUserAccess) -> None:
        services.site_access_revoke(tenant=self.tenant, access=instance)
