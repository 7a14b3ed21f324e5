"""Start an AI function as a background job (what the API views call)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from igny8_core.core.auth.context import TenantContext
from igny8_core.domain.billing.services import credits_check
from igny8_core.domain.jobs.models import Job
from igny8_core.domain.jobs.services import job_create, job_enqueue
from igny8_core.infrastructure.ai.registry import get_function
from igny8_core.infrastructure.ai.tasks import AI_JOB_PREFIX, send_ai_task


@transaction.atomic
def ai_run_async(*, tenant: TenantContext, function: str, payload: dict[str, Any]) -> Job:
    """Validate at the edge (ids, limits, credits: 402 now rather than a failed job later), then queue."""
    fn = get_function(function)
    prepared = fn.validate_request(tenant=tenant, payload=payload)
    credits_check(account=tenant.account, amount=prepared.estimated_credits, operation_type=fn.operation_type)
    job = job_create(
        account=tenant.account,
        kind=f"{AI_JOB_PREFIX}{fn.name}",
        user=tenant.user,
        site=prepared.site,
        payload=prepared.payload,
        message=f"Queued: {prepared.summary}",
    )
    job_enqueue(job=job, send=send_ai_task)
    return job
