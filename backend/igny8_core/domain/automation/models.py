"""Automation (seed 5.2): rules that run a chain of actions on a trigger, and a record per run.

A rule's ``conditions``, ``actions`` and ``schedule`` are JSON, validated by the services
(``automation_rule_create`` / ``automation_rule_update``), never by ``save()``.
"""

from __future__ import annotations

from django.db import models

from igny8_core.core.base.models import AccountBaseModel, SiteSectorBaseModel


class Trigger(models.TextChoices):
    SCHEDULE = "schedule", "Scheduled"
    KEYWORD_ADDED = "keyword_added", "Keyword added"
    CLUSTER_CREATED = "cluster_created", "Cluster created"
    IDEA_CREATED = "idea_created", "Idea created"
    CONTENT_GENERATED = "content_generated", "Content generated"
    CONTENT_PUBLISHED = "content_published", "Content published"


class ActionType(models.TextChoices):
    AUTO_CLUSTER = "auto_cluster", "Cluster keywords"
    GENERATE_IDEAS = "generate_ideas", "Generate ideas"
    CREATE_TASKS = "create_tasks", "Create writer tasks"
    GENERATE_CONTENT = "generate_content", "Generate content"
    GENERATE_IMAGE_PROMPTS = "generate_image_prompts", "Generate image prompts"
    GENERATE_IMAGES = "generate_images", "Generate images"
    PUBLISH = "publish", "Publish"


class AutomationRule(SiteSectorBaseModel):
    name = models.CharField(max_length=255)
    trigger = models.CharField(max_length=30, choices=Trigger.choices)
    conditions = models.JSONField(default=list, blank=True, help_text="[{field, operator, value}], all must hold.")
    actions = models.JSONField(default=list, help_text="Ordered [{type, params}].")
    schedule = models.JSONField(default=dict, blank=True, help_text='{"cron": "0 9 * * *", "timezone": "UTC"}')
    is_active = models.BooleanField(default=True)
    max_executions_per_day = models.PositiveIntegerField(default=10)
    credit_limit_per_execution = models.PositiveIntegerField(default=100)
    next_run_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    template_key = models.CharField(max_length=50, blank=True, help_text="The workflow template it came from.")
    created_by = models.ForeignKey(
        "igny8_auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        db_table = "igny8_automation_rules"
        ordering = ["site_id", "pk"]
        indexes = [
            models.Index(fields=["site", "trigger", "is_active"]),
            models.Index(fields=["is_active", "next_run_at"]),
        ]

    def __str__(self) -> str:
        return self.name


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    PAUSED = "paused", "Paused"
    CANCELLED = "cancelled", "Cancelled"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"
    STOPPED_AT_CAP = "stopped_at_cap", "Stopped at a limit"


ACTIVE_RUN_STATUSES = (RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.PAUSED)
FINAL_RUN_STATUSES = (RunStatus.CANCELLED, RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.STOPPED_AT_CAP)


class AutomationRun(AccountBaseModel):
    """One execution of a rule (the issue's "ScheduledTask / run record")."""

    rule = models.ForeignKey(AutomationRule, on_delete=models.CASCADE, related_name="runs")
    site = models.ForeignKey("igny8_auth.Site", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey("igny8_auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    status = models.CharField(max_length=20, choices=RunStatus.choices, default=RunStatus.QUEUED)
    trigger = models.CharField(max_length=30, help_text="What started it: a trigger, or manual (run now).")
    event = models.JSONField(default=dict, blank=True, help_text="The trigger event: {event, ids, origin_run_id}.")
    depth = models.PositiveSmallIntegerField(default=0, help_text="How many runs caused this one (loop guard).")
    cursor = models.JSONField(default=dict, blank=True, help_text="Where the run is: resume continues from here.")
    results = models.JSONField(default=list, blank=True, help_text="Per action: processed items, credits, errors.")
    items_processed = models.PositiveIntegerField(default=0)
    credits_used = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    message = models.CharField(max_length=500, blank=True)
    pause_requested = models.BooleanField(default=False)
    cancel_requested = models.BooleanField(default=False)
    attempts = models.PositiveSmallIntegerField(default=0)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "igny8_automation_runs"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["account", "-created_at"]),
            models.Index(fields=["rule", "-created_at"]),
            models.Index(fields=["site", "status"]),
        ]

    def __str__(self) -> str:
        return f"run {self.pk} of rule {self.rule_id} ({self.status})"


class AutomationSiteLock(models.Model):
    """At most one run per site at a time: a lease on this row, renewed after every item.

    A database row rather than a Redis key: it works in the embedded setup (SQLite, no Redis), and the
    lease is written with the same connection as the run's state. A crashed worker cannot release it, so
    the lease expires instead (``LOCK_LEASE`` after the last heartbeat) and the next claim takes it.
    """

    site = models.OneToOneField("igny8_auth.Site", on_delete=models.CASCADE, primary_key=True, related_name="+")
    run = models.ForeignKey(AutomationRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    lease_expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "igny8_automation_site_locks"

    def __str__(self) -> str:
        return f"site {self.site_id} locked by run {self.run_id}"
