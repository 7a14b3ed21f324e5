"""Credits ledger (seed 10.3-10.7): cost table, transactions and usage log."""

from __future__ import annotations

from django.db import models

from igny8_core.core.base.models import AccountBaseModel


class OperationType(models.TextChoices):
    CLUSTERING = "clustering", "Keyword clustering"
    IDEA_GENERATION = "idea_generation", "Idea generation"
    CONTENT_GENERATION = "content_generation", "Content generation"
    IMAGE_GENERATION = "image_generation", "Image generation"
    IMAGE_PROMPT_EXTRACTION = "image_prompt_extraction", "Image prompt extraction"
    LINKING = "linking", "Internal linking"
    OPTIMIZATION = "optimization", "Content optimization"
    SITE_STRUCTURE_GENERATION = "site_structure_generation", "Site structure generation"
    SITE_PAGE_GENERATION = "site_page_generation", "Site page generation"


class CostUnit(models.TextChoices):
    PER_REQUEST = "per_request", "Per request"
    PER_ITEM = "per_item", "Per item"
    PER_100_WORDS = "per_100_words", "Per 100 words"
    PER_200_WORDS = "per_200_words", "Per 200 words"


class CreditCostConfig(models.Model):
    """What one operation costs. Seeded from the seed plan's table; editable by platform admins."""

    operation_type = models.CharField(max_length=50, choices=OperationType.choices, unique=True)
    display_name = models.CharField(max_length=100)
    credits_cost = models.PositiveIntegerField()
    unit = models.CharField(max_length=20, choices=CostUnit.choices)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    updated_by = models.ForeignKey(
        "igny8_auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "igny8_credit_cost_configs"
        ordering = ["operation_type"]

    def __str__(self) -> str:
        return f"{self.operation_type}: {self.credits_cost} {self.unit}"


class TransactionType(models.TextChoices):
    SUBSCRIPTION = "subscription", "Monthly plan credits"
    TOPUP = "topup", "Top-up"
    DEDUCTION = "deduction", "Usage"
    REFUND = "refund", "Refund"
    ADJUSTMENT = "adjustment", "Adjustment"


class CreditTransaction(AccountBaseModel):
    """One change to an account's balance. ``amount`` is signed; ``balance_after`` is exact."""

    transaction_type = models.CharField(max_length=20, choices=TransactionType.choices)
    amount = models.IntegerField()
    balance_after = models.PositiveIntegerField()
    description = models.CharField(max_length=500, blank=True)
    reference = models.CharField(max_length=255, blank=True, help_text="What caused it, e.g. job:42.")
    idempotency_key = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey(
        "igny8_auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    metadata = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "igny8_credit_transactions"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["account", "-created_at"]),
            models.Index(fields=["account", "transaction_type"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="unique_credit_tx_idempotency_key",
            )
        ]


class CreditUsageLog(AccountBaseModel):
    """What credits were spent on: operation, site, user, related object, model and tokens."""

    site = models.ForeignKey("igny8_auth.Site", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    user = models.ForeignKey("igny8_auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    operation_type = models.CharField(max_length=50, choices=OperationType.choices)
    credits_used = models.PositiveIntegerField()
    related_object_type = models.CharField(max_length=100, blank=True)
    related_object_id = models.CharField(max_length=64, blank=True)
    transaction = models.OneToOneField(CreditTransaction, on_delete=models.PROTECT, related_name="usage_log")
    metadata = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "igny8_credit_usage_logs"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["account", "created_at"]),
            models.Index(fields=["account", "operation_type"]),
            models.Index(fields=["account", "site"]),
        ]
