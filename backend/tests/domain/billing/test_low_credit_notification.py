"""The hourly low-credit notification: once per crossing below 10% of the plan's monthly credits, as a
finished Job the header's bell lists."""

from __future__ import annotations

import pytest

from igny8_core.core.auth.models import Account
from igny8_core.domain.billing.models import TransactionType
from igny8_core.domain.billing.services import LOW_CREDIT_JOB, credits_add, credits_low_notify
from igny8_core.domain.jobs.models import Job
from igny8_core.infrastructure.messaging.automation_tasks import notify_low_credits
from tests.conftest import Tenant

pytestmark = pytest.mark.django_db


def set_credits(tenant: Tenant, credits: int) -> None:
    Account.objects.filter(pk=tenant.account.pk).update(credits=credits)


def test_below_ten_percent_notifies_once_per_crossing(tenant: Tenant, stranger: Tenant):
    assert tenant.account.plan.monthly_credits == 1000
    set_credits(tenant, 100)  # exactly 10%: not below
    assert credits_low_notify() == []
    set_credits(tenant, 99)
    [job_id] = credits_low_notify()
    job = Job.objects.get(pk=job_id)
    assert (job.account_id, job.kind, job.status, job.progress) == (tenant.account.pk, LOW_CREDIT_JOB, "succeeded", 100)
    assert job.message == (
        "Credits are low: 99 left, under 10% of the 1,000 in your plan each month. Top up to keep automation running."
    )
    assert job.result == {"balance": 99, "monthly_credits": 1000}
    assert job.finished_at is not None
    assert credits_low_notify() == []  # still low: no second notification
    set_credits(tenant, 40)
    assert notify_low_credits() == []  # falling further is the same crossing

    credits_add(account=tenant.account, amount=500, transaction_type=TransactionType.TOPUP, description="Top-up")
    assert credits_low_notify() == []  # 540: above again
    set_credits(tenant, 5)
    assert len(credits_low_notify()) == 1  # a new crossing
    assert Job.objects.filter(kind=LOW_CREDIT_JOB, account=stranger.account).count() == 0
