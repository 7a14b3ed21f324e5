from django.contrib import admin

from igny8_core.domain.billing.models import CreditCostConfig, CreditTransaction, CreditUsageLog


@admin.register(CreditCostConfig)
class CreditCostConfigAdmin(admin.ModelAdmin):
    list_display = ["operation_type", "credits_cost", "unit", "is_active", "updated_at"]


@admin.register(CreditTransaction)
class CreditTransactionAdmin(admin.ModelAdmin):
    list_display = ["created_at", "account", "transaction_type", "amount", "balance_after", "description"]
    list_filter = ["transaction_type"]

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False  # the ledger is append-only


@admin.register(CreditUsageLog)
class CreditUsageLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "account", "site", "user", "operation_type", "credits_used"]
    list_filter = ["operation_type"]

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
