"""AI jobs on Celery. The task message carries only the job id: the function name, payload,
account and site live on the Job row, so a redelivered or delayed message never runs stale input."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from igny8_core.domain.jobs.models import Job
from igny8_core.infrastructure.ai.engine import AIEngine
from igny8_core.infrastructure.ai.registry import function_names
from igny8_core.infrastructure.messaging.celery_tasks import JOB_TASK_OPTIONS
from igny8_core.infrastructure.messaging.job_runner import JobOutcome, job_execute, register_job_handler

AI_JOB_PREFIX = "ai."


def _handler_for(name: str) -> Any:
    def handler(job: Job) -> JobOutcome:
        return AIEngine().run(job=job, function_name=name)

    handler.__name__ = f"run_{name}"
    return handler


def register_ai_job_handlers() -> None:
    for name in function_names():
        register_job_handler(f"{AI_JOB_PREFIX}{name}")(_handler_for(name))


@shared_task(name="igny8.ai.run_ai_task", **JOB_TASK_OPTIONS)  # own name: AI work can be routed to its own queue
def run_ai_task(job_id: int) -> str:
    return job_execute(job_id=job_id)


def send_ai_task(job_id: int) -> Any:
    return run_ai_task.apply_async(args=(job_id,))
