"""Full-article pipeline: task → content → image prompts → images, as one job with progress
across the steps.

Each step runs as an ordinary child job through the same engine (its own credits, usage log
and restart-safe commit), so the pipeline adds no second way of calling AI. The parent records
its children's ids before running them: a redelivered pipeline picks up the children it already
has (a committed child is not redone) instead of starting over.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from igny8_core.core.auth.context import TenantContext
from igny8_core.core.auth.selectors import tenant_context_resolve
from igny8_core.domain.billing.services import credit_cost_calculate, credits_check
from igny8_core.domain.jobs.models import Job, JobStatus
from igny8_core.domain.jobs.services import job_create, job_enqueue, job_progress
from igny8_core.infrastructure.ai.registry import get_function
from igny8_core.infrastructure.ai.tasks import AI_JOB_PREFIX, send_ai_task
from igny8_core.infrastructure.messaging.job_runner import (
    JobFailure,
    JobOutcome,
    job_execute,
    register_job_handler,
)
from igny8_core.shared.exceptions import ValidationFailed

PIPELINE_KIND = "writer.full_article"
IMAGES_PER_REQUEST = 6
MAX_TASKS = 5
# (step, function, share of the parent's progress bar it covers)
STEPS = (
    ("content", "generate_content", (5, 55)),
    ("prompts", "generate_image_prompts", (55, 65)),
    ("images", "generate_images", (65, 98)),
)


def pipeline_estimate(*, tenant: TenantContext, task_ids: list[int], in_article_count: int) -> tuple[Any, int]:
    """Validate the tasks like generate_content does and price the whole article set."""
    prepared = get_function("generate_content").validate_request(tenant=tenant, payload={"ids": task_ids})
    pieces = len(task_ids)
    estimate = (
        prepared.estimated_credits
        + credit_cost_calculate(operation_type="image_prompt_extraction", quantity=pieces)
        + credit_cost_calculate(operation_type="image_generation", quantity=pieces * (1 + in_article_count))
    )
    return prepared, estimate


@transaction.atomic
def pipeline_start(*, tenant: TenantContext, task_ids: list[int], in_article_count: int = 2) -> Job:
    task_ids = list(dict.fromkeys(task_ids))
    if not task_ids or len(task_ids) > MAX_TASKS:
        raise ValidationFailed(f"ids: Give 1 to {MAX_TASKS} tasks.", errors={"ids": [f"Give 1 to {MAX_TASKS} tasks."]})
    if not 0 <= in_article_count <= 5:
        raise ValidationFailed("in_article_count: 0 to 5.", errors={"in_article_count": ["0 to 5."]})
    prepared, estimate = pipeline_estimate(tenant=tenant, task_ids=task_ids, in_article_count=in_article_count)
    credits_check(account=tenant.account, amount=estimate, operation_type="content_generation")
    job = job_create(
        account=tenant.account,
        kind=PIPELINE_KIND,
        user=tenant.user,
        site=prepared.site,
        payload={"ids": task_ids, "in_article_count": in_article_count, "estimated_credits": estimate},
        message=f"Queued: {len(task_ids)} full article(s)",
    )
    job_enqueue(job=job, send=send_ai_task)
    return job


def _record(parent: Job, steps: dict[str, Any]) -> None:
    Job.objects.filter(pk=parent.pk).update(result={"steps": steps})


def _run_child(
    parent: Job, tenant: TenantContext, steps: dict[str, Any], key: str, function: str, payload: dict[str, Any]
) -> dict[str, Any]:
    child_id = steps.get(key)
    if child_id is None:
        fn = get_function(function)
        prepared = fn.validate_request(tenant=tenant, payload=payload)
        child = job_create(
            account=parent.account,
            kind=f"{AI_JOB_PREFIX}{function}",
            user=parent.user,
            site=prepared.site,
            payload=prepared.payload,
            message=f"Part of job {parent.pk}",
        )
        steps[key] = child.pk
        _record(parent, steps)
        child_id = child.pk
    child = Job.objects.get(pk=child_id)
    if child.status in (JobStatus.QUEUED, JobStatus.RUNNING):
        job_execute(job_id=child_id)
        child.refresh_from_db()
    if child.status != JobStatus.SUCCEEDED:
        raise JobFailure(f"{function.replace('_', ' ').capitalize()} failed: {child.error or child.status}")
    return child.result


@register_job_handler(PIPELINE_KIND)
def run_pipeline(job: Job) -> JobOutcome:
    tenant = tenant_context_resolve(user=job.user, account_id=str(job.account_id)) if job.user else None
    if tenant is None:
        raise JobFailure("The user who started this pipeline no longer belongs to the account.")
    steps: dict[str, Any] = dict((job.result or {}).get("steps", {}))
    in_article = int(job.payload.get("in_article_count", 2))

    def progress(pct: int, step: str, message: str) -> None:
        job_progress(job_id=job.pk, progress=pct, step=step, message=message)

    progress(STEPS[0][2][0], "content", "Writing the article(s)")
    written = _run_child(job, tenant, steps, "content", "generate_content", {"ids": job.payload["ids"]})
    content_ids = written["content_ids"]
    progress(STEPS[1][2][0], "prompts", "Writing image prompts")
    prompts = _run_child(
        job, tenant, steps, "prompts", "generate_image_prompts", {"ids": content_ids, "in_article_count": in_article}
    )
    image_ids = prompts["image_ids"]
    low, high = STEPS[2][2]
    chunks = [image_ids[i : i + IMAGES_PER_REQUEST] for i in range(0, len(image_ids), IMAGES_PER_REQUEST)]
    generated = 0
    for index, chunk in enumerate(chunks):
        progress(
            low + (high - low) * index // max(1, len(chunks)),
            "images",
            f"Generating images ({index * IMAGES_PER_REQUEST + 1}-{index * IMAGES_PER_REQUEST + len(chunk)} "
            f"of {len(image_ids)})",
        )
        result = _run_child(job, tenant, steps, f"images_{index}", "generate_images", {"ids": chunk})
        generated += int(result.get("generated", len(chunk)))
    credits = sum(Job.objects.filter(pk__in=list(steps.values())).values_list("credits_used", flat=True))
    result = {
        "steps": steps,
        "content_ids": content_ids,
        "image_ids": image_ids,
        "images_generated": generated,
        "credits_used": credits,
        "message": f"{len(content_ids)} article(s) written with {generated} image(s).",
    }
    return JobOutcome(result, credits_used=credits, message=result["message"])
