from __future__ import annotations

from typing import Any

from rest_framework import serializers

from igny8_core.domain.billing.models import CreditCostConfig, CreditTransaction


class PlanBriefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()


class BalanceSerializer(serializers.Serializer[Any]):
    balance = serializers.IntegerField()
    plan = PlanBriefSerializer()
    monthly_credits = serializers.IntegerField()
    used_this_month = serializers.IntegerField()
    low_credit = serializers.BooleanField(help_text="True when the balance is below 10% of the monthly credits.")


class CreditTransactionSerializer(serializers.ModelSerializer[CreditTransaction]):
    class Meta:
        model = CreditTransaction
        fields = [
            "id",
            "transaction_type",
            "amount",
            "balance_after",
            "description",
            "reference",
            "created_by",
            "metadata",
            "created_at",
        ]
        read_only_fields = fields


class CreditCostSerializer(serializers.ModelSerializer[CreditCostConfig]):
    class Meta:
        model = CreditCostConfig
        fields = [
            "id",
            "operation_type",
            "display_name",
            "credits_cost",
            "unit",
            "description",
            "is_active",
            "updated_at",
        ]
        read_only_fields = ["id", "operation_type", "updated_at"]


class TopUpSerializer(serializers.Serializer[Any]):
    account_id = serializers.IntegerField(min_value=1)
    amount = serializers.IntegerField(min_value=1, max_value=10_000_000)
    description = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class UsageQuerySerializer(serializers.Serializer[Any]):
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)
    site_id = serializers.IntegerField(required=False, min_value=1)


class UsageByOperationSerializer(serializers.Serializer[Any]):
    operation_type = serializers.CharField()
    credits = serializers.IntegerField()
    count = serializers.IntegerField()


class UsageBySiteSerializer(serializers.Serializer[Any]):
    site_id = serializers.IntegerField(allow_null=True)
    site_name = serializers.CharField()
    credits = serializers.IntegerField()
    count = serializers.IntegerField()


class UsageByUserSerializer(serializers.Serializer[Any]):
    user_id = serializers.IntegerField(allow_null=True)
    email = serializers.CharField()
    credits = serializers.IntegerField()
    count = serializers.IntegerField()


class UsageByDaySerializer(serializers.Serializer[Any]):
    date = serializers.DateField()
    credits = serializers.IntegerField()
    count = serializers.IntegerField()


class UsageSerializer(serializers.Serializer[Any]):
    start = serializers.DateField()
    end = serializers.DateField()
    total_credits = serializers.IntegerField()
    operations = serializers.IntegerField()
    by_operation_type = UsageByOperationSerializer(many=True)
    by_site = UsageBySiteSerializer(many=True)
    by_user = UsageByUserSerializer(many=True)
    by_day = UsageByDaySerializer(many=True)
