"""Billing endpoints under /api/v1/billing/."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.viewsets import GenericViewSet

from igny8_core.core.api.permissions import HasTenantRole, IsPlatformAdmin, IsPlatformAdminOrReadOnly
from igny8_core.core.api.response import success_response
from igny8_core.core.api.tenant import request_tenant
from igny8_core.core.auth.models import Role
from igny8_core.core.base.viewsets import TenantReadOnlyViewSet
from igny8_core.domain.billing import selectors, services
from igny8_core.domain.billing.models import CreditCostConfig, CreditTransaction
from igny8_core.modules.billing.serializers import (
    BalanceSerializer,
    CreditCostSerializer,
    CreditTransactionSerializer,
    TopUpSerializer,
    UsageQuerySerializer,
    UsageSerializer,
)


class BalanceView(APIView):
    permission_classes = [HasTenantRole]

    @extend_schema(responses={200: BalanceSerializer}, tags=["billing"])
    def get(self, request: Request) -> Response:
        tenant = request_tenant(request)
        assert tenant is not None
        return success_response(BalanceSerializer(selectors.balance_get(account=tenant.account)).data)


class TransactionViewSet(TenantReadOnlyViewSet[CreditTransaction]):
    """The account's credit ledger. Owners and admins only."""

    queryset = CreditTransaction.objects.all()
    serializer_class = CreditTransactionSerializer
    read_role = Role.ADMIN
    filterset_fields = ["transaction_type"]
    ordering_fields = ["created_at", "amount"]


class UsageView(APIView):
    permission_classes = [HasTenantRole]

    @extend_schema(
        parameters=[
            OpenApiParameter("start", str, description="YYYY-MM-DD (default: 29 days before end)"),
            OpenApiParameter("end", str, description="YYYY-MM-DD (default: today)"),
            OpenApiParameter("site_id", int),
        ],
        responses={200: UsageSerializer},
        tags=["billing"],
    )
    def get(self, request: Request) -> Response:
        query = UsageQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        tenant = request_tenant(request)
        assert tenant is not None
        data = selectors.usage_summary(tenant=tenant, **query.validated_data)
        return success_response(UsageSerializer(data).data)


class TopUpView(APIView):
    """Platform admins add credits to any account."""

    permission_classes = [IsPlatformAdmin]

    @extend_schema(request=TopUpSerializer, responses={201: CreditTransactionSerializer}, tags=["billing"])
    def post(self, request: Request) -> Response:
        serializer = TopUpSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        tx = services.credits_topup(actor=request.user, **serializer.validated_data)  # type: ignore[arg-type]
        return success_response(
            CreditTransactionSerializer(tx).data, message="Credits added.", status=status.HTTP_201_CREATED
        )


class CreditCostViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, GenericViewSet):
    """The credit cost table: everyone reads it, platform admins change it."""

    serializer_class = CreditCostSerializer
    permission_classes = [IsPlatformAdminOrReadOnly]
    pagination_class = None
    queryset = CreditCostConfig.objects.none()

    def get_queryset(self) -> QuerySet[CreditCostConfig]:
        return selectors.credit_cost_list()

    def perform_update(self, serializer: CreditCostSerializer) -> None:  # type: ignore[override]
        assert serializer.instance is not None
        serializer.instance = services.credit_cost_update(
            config=serializer.instance,
            data=serializer.validated_data,
            actor=self.request.user,  # type: ignore[arg-type]
        )
