"""A record per long operation, which the UI polls for status, progress and result."""

from __future__ import annotations

from typing import Any

from django.db import models

from igny8_core.core.base.models import AccountBaseModel


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


ACTIVE_JOB_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING)


class Job(AccountBaseModel):
    site = models.ForeignKey("igny8_auth.Site", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    user = models.ForeignKey("igny8_auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=100, db_index=True)
    status = models.CharField(max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=50, blank=True)
    message = models.CharField(max_length=500, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    credits_used = models.PositiveIntegerField(default=0)
    cancel_requested = models.BooleanField(default=False)
    attempts = models.PositiveSmallIntegerField(default=0)
    celery_task_id = models.CharField(max_length=255, blank=True)
    committed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the job's results and charge were committed (restart-safe)."
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "igny8_jobs"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["account", "status"]), models.Index(fields=["account", "-created_at"])]
        constraints = [models.CheckConstraint(condition=models.Q(progress__lte=100), name="job_progress_max_100")]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.site is not None:
            self.account_id = self.site.account_id
        super().save(*args, **kwargs)

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_JOB_STATUSES
