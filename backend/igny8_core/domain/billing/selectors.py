"""Read-side queries for credits: balance, ledger and usage breakdowns."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from igny8_core.core.auth.context import TenantContext
from igny8_core.core.auth.models import Account
from igny8_core.domain.billing.models import CreditCostConfig, CreditTransaction, CreditUsageLog
from igny8_core.shared.exceptions import ValidationFailed


def balance_get(*, account: Account) -> dict[str, Any]:
    account = Account.objects.select_related("plan").get(pk=account.pk)
    monthly = account.plan.monthly_credits
    start = timezone.now().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    used_this_month = (
        CreditUsageLog.objects.filter(account=account, created_at__gte=start).aggregate(total=Sum("credits_used"))[
            "total"
        ]
        or 0
    )
    return {
        "balance": account.credits,
        "plan": {"id": account.plan.pk, "name": account.plan.name, "slug": account.plan.slug},
        "monthly_credits": monthly,
        "used_this_month": used_this_month,
        "low_credit": monthly > 0 and account.credits < monthly * settings.IGNY8_LOW_CREDIT_RATIO,
    }


def transaction_list(*, account: Account) -> QuerySet[CreditTransaction]:
    return CreditTransaction.objects.filter(account=account)


def credit_cost_list() -> QuerySet[CreditCostConfig]:
    return CreditCostConfig.objects.all()


def _day_bounds(start: date | None, end: date | None) -> tuple[datetime, datetime]:
    today = timezone.now().date()
    end = end or today
    start = start or (end - timedelta(days=29))
    if start > end:
        raise ValidationFailed("start must not be after end.", errors={"start": ["Must not be after end."]})
    if (end - start).days > 366:
        raise ValidationFailed("The date range can be at most 366 days.", errors={"end": ["Range too long."]})
    tz = timezone.get_current_timezone()
    return datetime.combine(start, time.min, tzinfo=tz), datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz)


def usage_summary(
    *, tenant: TenantContext, start: date | None = None, end: date | None = None, site_id: int | None = None
) -> dict[str, Any]:
    """Credits used in [start, end] (default: last 30 days) by operation type, site, user and day.

    Editors and viewers see usage of the sites they can access only.
    """
    lower, upper = _day_bounds(start, end)
    logs = CreditUsageLog.objects.filter(account=tenant.account, created_at__gte=lower, created_at__lt=upper)
    if tenant.site_ids is not None:
        logs = logs.filter(site_id__in=tenant.site_ids)
    if site_id is not None:
        logs = logs.filter(site_id=site_id)
    total = logs.aggregate(total=Sum("credits_used"), count=Count("id"))
    by_operation = logs.values("operation_type").annotate(credits=Sum("credits_used"), count=Count("id"))
    by_site = logs.values("site_id", "site__name").annotate(credits=Sum("credits_used"), count=Count("id"))
    by_user = logs.values("user_id", "user__email").annotate(credits=Sum("credits_used"), count=Count("id"))
    by_day = (
        logs.annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(credits=Sum("credits_used"), count=Count("id"))
        .order_by("day")
    )
    return {
        "start": lower.date().isoformat(),
        "end": (upper - timedelta(days=1)).date().isoformat(),
        "total_credits": total["total"] or 0,
        "operations": total["count"],
        "by_operation_type": [
            {"operation_type": r["operation_type"], "credits": r["credits"], "count": r["count"]}
            for r in by_operation.order_by("-credits", "operation_type")
        ],
        "by_site": [
            {"site_id": r["site_id"], "site_name": r["site__name"] or "", "credits": r["credits"], "count": r["count"]}
            for r in by_site.order_by("-credits", "site_id")
        ],
        "by_user": [
            {"user_id": r["user_id"], "email": r["user__email"] or "", "credits": r["credits"], "count": r["count"]}
            for r in by_user.order_by("-credits", "user_id")
        ],
        "by_day": [{"date": r["day"].isoformat(), "credits": r["credits"], "count": r["count"]} for r in by_day],
    }
