"""Credits: check, deduct (atomic, row-locked, never below zero), add, monthly replenishment.

Every balance change writes a ``CreditTransaction`` with the exact ``balance_after``;
every deduction also writes a ``CreditUsageLog`` row saying what the credits bought.
An ``idempotency_key`` makes a change happen at most once per account (a retried job, a
beat task that runs twice in a month).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from igny8_core.core.auth.models import Account, AuditLog, Site, User
from igny8_core.domain.billing.models import (
    CostUnit,
    CreditCostConfig,
    CreditTransaction,
    CreditUsageLog,
    TransactionType,
)
from igny8_core.shared.exceptions import InsufficientCreditsError, NotFoundError, ValidationFailed

_WORDS_PER_UNIT: dict[str, int] = {CostUnit.PER_100_WORDS: 100, CostUnit.PER_200_WORDS: 200}


def credit_cost_calculator(*, operation_type: str) -> Callable[..., int]:
    """credit_cost_calculate with the cost row read once, for pricing many items of one job."""
    config = CreditCostConfig.objects.filter(operation_type=operation_type, is_active=True).first()
    if config is None:
        raise NotFoundError(f"No credit cost is configured for {operation_type}.")

    def calculate(*, quantity: int = 1, words: int = 0) -> int:
        return _price(config, quantity=quantity, words=words)

    return calculate


def credit_cost_calculate(*, operation_type: str, quantity: int = 1, words: int = 0) -> int:
    """Credits an operation costs under the current cost table.

    Word-based costs round up (250 words at 1 per 100 words = 3 credits) and are at least one unit.
    """
    return credit_cost_calculator(operation_type=operation_type)(quantity=quantity, words=words)


def _price(config: CreditCostConfig, *, quantity: int, words: int) -> int:
    if config.unit in _WORDS_PER_UNIT:
        units = max(1, math.ceil(max(words, 0) / _WORDS_PER_UNIT[config.unit]))
        return units * config.credits_cost
    if config.unit == CostUnit.PER_ITEM:
        return max(quantity, 0) * config.credits_cost
    return config.credits_cost


def credits_check(*, account: Account, amount: int, operation_type: str = "") -> None:
    """Raise InsufficientCreditsError if the account cannot pay ``amount`` now."""
    balance = Account.objects.values_list("credits", flat=True).get(pk=account.pk)
    if balance < amount:
        raise InsufficientCreditsError(required=amount, available=balance, operation=operation_type)


def _locked_account(account_id: int) -> Account:
    return Account.objects.select_for_update().get(pk=account_id)


def _existing(account_id: int, idempotency_key: str) -> CreditTransaction | None:
    if not idempotency_key:
        return None
    return CreditTransaction.objects.filter(account_id=account_id, idempotency_key=idempotency_key).first()


@transaction.atomic
def credits_deduct(
    *,
    account: Account,
    amount: int,
    operation_type: str,
    description: str = "",
    site: Site | None = None,
    user: User | None = None,
    related_object: Model | None = None,
    metadata: dict[str, Any] | None = None,
    reference: str = "",
    idempotency_key: str = "",
) -> CreditTransaction:
    """Take ``amount`` credits, atomically and under a row lock; never below zero.

    With an ``idempotency_key`` a repeat call returns the first transaction and charges nothing.
    """
    if amount <= 0:
        raise ValidationFailed("amount: must be a positive number of credits.", errors={"amount": ["Must be > 0."]})
    locked = _locked_account(account.pk)
    previous = _existing(locked.pk, idempotency_key)
    if previous is not None:
        return previous
    if locked.credits < amount:
        raise InsufficientCreditsError(required=amount, available=locked.credits, operation=operation_type)
    locked.credits -= amount
    locked.save(update_fields=["credits", "updated_at"])
    tx = CreditTransaction.objects.create(
        account=locked,
        transaction_type=TransactionType.DEDUCTION,
        amount=-amount,
        balance_after=locked.credits,
        description=description or f"{operation_type.replace('_', ' ').capitalize()}",
        reference=reference,
        idempotency_key=idempotency_key,
        created_by=user,
        metadata={"operation_type": operation_type},
    )
    CreditUsageLog.objects.create(
        account=locked,
        site=site,
        user=user,
        operation_type=operation_type,
        credits_used=amount,
        related_object_type=type(related_object).__name__ if related_object is not None else "",
        related_object_id=str(related_object.pk) if related_object is not None else "",
        transaction=tx,
        metadata=metadata or {},
    )
    account.credits = locked.credits
    return tx


@transaction.atomic
def credits_add(
    *,
    account: Account,
    amount: int,
    transaction_type: str,
    description: str = "",
    user: User | None = None,
    reference: str = "",
    idempotency_key: str = "",
    metadata: dict[str, Any] | None = None,
) -> CreditTransaction:
    """Add credits: a top-up, the monthly plan credits, a refund or an adjustment."""
    if amount <= 0:
        raise ValidationFailed("amount: must be a positive number of credits.", errors={"amount": ["Must be > 0."]})
    if transaction_type == TransactionType.DEDUCTION:
        raise ValidationFailed("Use credits_deduct to spend credits.")
    locked = _locked_account(account.pk)
    previous = _existing(locked.pk, idempotency_key)
    if previous is not None:
        return previous
    locked.credits += amount
    locked.save(update_fields=["credits", "updated_at"])
    tx = CreditTransaction.objects.create(
        account=locked,
        transaction_type=transaction_type,
        amount=amount,
        balance_after=locked.credits,
        description=description or TransactionType(transaction_type).label,
        reference=reference,
        idempotency_key=idempotency_key,
        created_by=user,
        metadata=metadata or {},
    )
    account.credits = locked.credits
    return tx


def billing_period(now: datetime | None = None) -> str:
    """The calendar month (UTC) credits are granted for, e.g. ``2026-11``."""
    now = now or timezone.now()
    return now.astimezone(UTC).strftime("%Y-%m")


def credits_grant_monthly(*, account: Account, now: datetime | None = None) -> CreditTransaction | None:
    """Give the account its plan's monthly credits for this period, at most once per period."""
    amount = account.plan.monthly_credits
    if amount <= 0:
        return None
    period = billing_period(now)
    return credits_add(
        account=account,
        amount=amount,
        transaction_type=TransactionType.SUBSCRIPTION,
        description=f"{account.plan.name} plan credits for {period}",
        reference=f"plan:{account.plan.slug}",
        idempotency_key=f"monthly:{period}",
    )


def credits_replenish_monthly(*, now: datetime | None = None) -> dict[str, int]:
    """Beat task body: grant every active account its monthly credits once per period."""
    granted = skipped = 0
    accounts = Account.objects.filter(status=Account.Status.ACTIVE, plan__monthly_credits__gt=0).select_related("plan")
    period = billing_period(now)
    for account in accounts.iterator():
        if CreditTransaction.objects.filter(account=account, idempotency_key=f"monthly:{period}").exists():
            skipped += 1
            continue
        credits_grant_monthly(account=account, now=now)
        granted += 1
    return {"granted": granted, "skipped": skipped}


@transaction.atomic
def credits_topup(*, account_id: int, amount: int, description: str, actor: User) -> CreditTransaction:
    """A platform admin credits an account (a purchase handled outside IGNY8, or a goodwill grant)."""
    account = Account.objects.filter(pk=account_id).first()
    if account is None:
        raise NotFoundError("No such account.", errors={"account_id": ["No such account."]})
    tx = credits_add(
        account=account,
        amount=amount,
        transaction_type=TransactionType.TOPUP,
        description=description or "Top-up",
        user=actor,
    )
    AuditLog.objects.create(
        account=account,
        actor=actor,
        action="credits.topup",
        object_type="CreditTransaction",
        object_id=str(tx.pk),
        changes={"amount": amount, "balance_after": tx.balance_after},
    )
    return tx


@transaction.atomic
def credit_cost_update(*, config: CreditCostConfig, data: dict[str, Any], actor: User) -> CreditCostConfig:
    from igny8_core.shared.utils.models import model_update

    config, changes = model_update(
        instance=config, fields=("display_name", "credits_cost", "unit", "description", "is_active"), data=data
    )
    if changes:
        config.updated_by = actor
        config.save(update_fields=["updated_by"])
        AuditLog.objects.create(
            actor=actor,
            action="credit_cost.updated",
            object_type="CreditCostConfig",
            object_id=str(config.pk),
            changes=changes,
        )
    return config


class CreditService:
    """The seed's name for the credit API; the functions above are the implementation."""

    check = staticmethod(credits_check)
    deduct = staticmethod(credits_deduct)
    add = staticmethod(credits_add)
    calculate = staticmethod(credit_cost_calculate)


LOW_CREDIT_JOB = "billing.low_credits"


def credits_low_notify(*, now: datetime | None = None) -> list[int]:
    """Beat task body: one notification (a finished Job of kind ``billing.low_credits``, which the header's
    bell lists) per account whose balance is below ``IGNY8_LOW_CREDIT_RATIO`` of its plan's monthly
    credits. Once per threshold crossing: an account already notified is notified again only after credits
    were added since (a top-up or the monthly grant lifts it above, then it falls again)."""
    from django.conf import settings

    from igny8_core.domain.jobs.models import Job, JobStatus

    now = now or timezone.now()
    created: list[int] = []
    ratio = float(settings.IGNY8_LOW_CREDIT_RATIO)
    accounts = Account.objects.filter(status=Account.Status.ACTIVE, plan__monthly_credits__gt=0).select_related("plan")
    for account in accounts.iterator():
        threshold = account.plan.monthly_credits * ratio
        if account.credits >= threshold:
            continue
        last = Job.objects.filter(account=account, kind=LOW_CREDIT_JOB).order_by("-created_at", "-pk").first()
        if last is not None:
            refilled = CreditTransaction.objects.filter(
                account=account, amount__gt=0, created_at__gt=last.created_at
            ).exists()
            if not refilled:
                continue
        message = (
            f"Credits are low: {account.credits:,} left, under {int(ratio * 100)}% of the "
            f"{account.plan.monthly_credits:,} in your plan each month. Top up to keep automation running."
        )
        job = Job.objects.create(
            account=account,
            kind=LOW_CREDIT_JOB,
            status=JobStatus.SUCCEEDED,
            progress=100,
            step="done",
            message=message[:500],
            result={"balance": account.credits, "monthly_credits": account.plan.monthly_credits},
            started_at=now,
            finished_at=now,
        )
        created.append(job.pk)
    return created
