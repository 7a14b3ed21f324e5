"""Automation services (seed 5.4 ``AutomationService``): rule writes, event dispatch, the scheduler tick,
run control (pause / resume / cancel), executing a run, dry runs and workflow templates.

How a run executes (``automation_rule_execute``), inside one Celery task:

- it first takes its site's lock (``AutomationSiteLock``, a lease renewed after every item; see the model);
- each action works item by item; the items an action takes are fixed in the run's ``cursor`` when the
  action starts, and every finished item id is written there before the next one starts. An AI item runs
  as a child Job whose id is stored in the cursor *before* it runs: a redelivered or resumed run re-runs
  that same Job, which the engine finishes from its committed marker, and the charge carries the Job's
  idempotency key. So nothing is created or charged twice;
- before each item it reads the pause / cancel flags (they take effect after the current item) and checks
  the credit cap (the item's estimate must fit in what is left of ``credit_limit_per_execution``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from igny8_core.core.auth.context import TenantContext
from igny8_core.core.auth.models import Account, Sector, Site, User
from igny8_core.core.auth.selectors import tenant_context_resolve
from igny8_core.domain.automation.models import (
    ACTIVE_RUN_STATUSES,
    FINAL_RUN_STATUSES,
    ActionType,
    AutomationRule,
    AutomationRun,
    AutomationSiteLock,
    RunStatus,
    Trigger,
)
from igny8_core.domain.automation.rules import (
    ACTION_INPUT,
    ACTION_OUTPUT,
    CONDITION_FIELDS,
    EVENT_ENTITY,
    RuleErrors,
    actions_validate,
    conditions_hold,
    conditions_validate,
    schedule_next,
    schedule_validate,
)
from igny8_core.domain.billing.services import credit_cost_calculate, credits_check
from igny8_core.domain.content.models import Content, Images, Tasks
from igny8_core.domain.jobs.models import ACTIVE_JOB_STATUSES, Job, JobStatus
from igny8_core.domain.jobs.services import job_create
from igny8_core.domain.planning.models import Clusters, ContentIdeas, Keywords, KeywordStatus
from igny8_core.domain.publishing.models import Platform, SiteIntegration
from igny8_core.shared.exceptions import ConflictError, InsufficientCreditsError, ValidationFailed

logger = logging.getLogger("igny8.automation")

MAX_DEPTH = 5  # a chain of runs triggering runs stops here, whatever the rules say
RULE_FIELDS = (
    "name",
    "trigger",
    "conditions",
    "actions",
    "schedule",
    "is_active",
    "max_executions_per_day",
    "credit_limit_per_execution",
)


def lock_lease() -> timedelta:
    return timedelta(seconds=int(getattr(settings, "IGNY8_AUTOMATION_LOCK_LEASE_SECONDS", 600)))


# --- Rules -------------------------------------------------------------------------------------


def _destinations_validate(*, site: Site, actions: list[dict[str, Any]], errors: RuleErrors) -> None:
    integrations = list(SiteIntegration.objects.filter(site=site).values_list("pk", "platform"))
    for index, action in enumerate(actions):
        if action["type"] != ActionType.PUBLISH:
            continue
        for destination in action["params"].get("destinations", []):
            text = str(destination).strip()
            if text.isdigit():
                if int(text) not in {pk for pk, _ in integrations}:
                    errors.add(f"actions.{index}.params.destinations", f"No integration {text} on this site.")
            elif text.lower() not in Platform.values:
                errors.add(
                    f"actions.{index}.params.destinations",
                    f'Unknown platform "{text}"; use an integration id or one of: {", ".join(Platform.values)}.',
                )


def automation_rule_validate(*, site: Site, data: dict[str, Any]) -> dict[str, Any]:
    """Check and normalize trigger, conditions, actions and schedule; raise one ValidationFailed listing
    every problem (keys like ``conditions.1``, ``actions.0.params.limit``, ``schedule.cron``)."""
    errors = RuleErrors()
    trigger = str(data.get("trigger") or "")
    if trigger not in Trigger.values:
        errors.add("trigger", f"One of: {', '.join(Trigger.values)}.")
        errors.raise_if_any()
    clean = dict(data)
    clean["conditions"] = conditions_validate(trigger=trigger, conditions=data.get("conditions"), errors=errors)
    clean["actions"] = actions_validate(actions=data.get("actions"), errors=errors)
    clean["schedule"] = schedule_validate(trigger=trigger, schedule=data.get("schedule"), errors=errors)
    if not errors.errors:
        _destinations_validate(site=site, actions=clean["actions"], errors=errors)
    for name in ("max_executions_per_day", "credit_limit_per_execution"):
        value = data.get(name)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
            errors.add(name, "A whole number of at least 1.")
    errors.raise_if_any()
    return clean


def _check_sector(site: Site, sector: Sector | None) -> None:
    if sector is not None and sector.site_id != site.pk:
        raise ValidationFailed(
            "sector: This sector does not belong to the selected site.",
            errors={"sector": ["This sector does not belong to the selected site."]},
        )


def _next_run(rule: AutomationRule, now: datetime | None = None) -> datetime | None:
    if rule.trigger != Trigger.SCHEDULE or not rule.is_active or not rule.schedule:
        return None
    return schedule_next(rule.schedule, after=now or timezone.now())


@transaction.atomic
def automation_rule_create(
    *, tenant: TenantContext, data: dict[str, Any], now: datetime | None = None
) -> AutomationRule:
    site: Site = data["site"]
    sector: Sector | None = data.get("sector")
    _check_sector(site, sector)
    clean = automation_rule_validate(site=site, data=data)
    rule = AutomationRule(
        account=site.account,
        site=site,
        sector=sector,
        created_by=tenant.user,
        template_key=str(data.get("template_key", "")),
        **{k: clean[k] for k in RULE_FIELDS if k in clean and clean[k] is not None},
    )
    rule.next_run_at = _next_run(rule, now)
    rule.save()
    return rule


@transaction.atomic
def automation_rule_update(
    *, tenant: TenantContext, rule: AutomationRule, data: dict[str, Any], now: datetime | None = None
) -> AutomationRule:
    for field in ("site", "sector"):
        if field in data and getattr(data[field], "pk", data[field]) != getattr(rule, f"{field}_id"):
            raise ValidationFailed(
                f"{field}: A rule cannot move to another {field}; create a new one.",
                errors={field: [f"A rule cannot move to another {field}."]},
            )
    merged = {k: getattr(rule, k) for k in RULE_FIELDS}
    merged.update({k: v for k, v in data.items() if k in RULE_FIELDS})
    if "trigger" in data and data["trigger"] != Trigger.SCHEDULE and "schedule" not in data:
        merged["schedule"] = {}
    clean = automation_rule_validate(site=rule.site, data=merged)
    rule = AutomationRule.objects.select_for_update().get(pk=rule.pk)
    for field in RULE_FIELDS:
        setattr(rule, field, clean[field])
    rule.next_run_at = _next_run(rule, now)
    rule.save()
    return rule


@transaction.atomic
def automation_rule_delete(*, tenant: TenantContext, rule: AutomationRule) -> None:
    if rule.runs.filter(status=RunStatus.RUNNING).exists():
        raise ConflictError("This rule is running; cancel its run first, then delete it.")
    rule.delete()


# --- Conditions ----------------------------------------------------------------------------------


def _scope(qs: QuerySet[Any], rule: AutomationRule) -> QuerySet[Any]:
    qs = qs.filter(site_id=rule.site_id)
    return qs.filter(sector_id=rule.sector_id) if rule.sector_id else qs


def schedule_snapshot(*, rule: AutomationRule, now: datetime | None = None) -> dict[str, Any]:
    """The site state a scheduled rule's conditions are tested against."""
    from zoneinfo import ZoneInfo

    local = (now or timezone.now()).astimezone(ZoneInfo((rule.schedule or {}).get("timezone") or "UTC"))
    return {
        "credits_balance": Account.objects.values_list("credits", flat=True).get(pk=rule.account_id),
        "unclustered_keywords": _eligible(rule, "keyword").count(),
        "clusters_without_ideas": _eligible(rule, "cluster").count(),
        "new_ideas": _eligible(rule, "idea").count(),
        "queued_tasks": _eligible(rule, "task").count(),
        "draft_content": _scope(_publishable(), rule).distinct().count(),
        "weekday": local.weekday(),
        "hour": local.hour,
    }


def _event_items(entity: str, ids: list[int]) -> list[Any]:
    model: Any = {"keyword": Keywords, "cluster": Clusters, "idea": ContentIdeas, "content": Content}[entity]
    return list(model.objects.filter(pk__in=ids).order_by("pk"))


def automation_conditions_check(
    *, rule: AutomationRule, ids: list[int] | None = None, now: datetime | None = None
) -> list[int] | bool:
    """Event rules: the event's ids whose object meets every condition. Scheduled rules: whether the
    site's state (``schedule_snapshot``) meets every condition."""
    if rule.trigger == Trigger.SCHEDULE:
        return not rule.conditions or conditions_hold(rule.conditions, schedule_snapshot(rule=rule, now=now))
    items = _event_items(EVENT_ENTITY[rule.trigger], ids or [])
    return [item.pk for item in items if conditions_hold(rule.conditions or [], item)]


# --- Items ---------------------------------------------------------------------------------------


def _eligible(rule: AutomationRule, entity: str, action: dict[str, Any] | None = None) -> QuerySet[Any]:
    """What an action may work on in the rule's site (and sector): only what still needs the work."""
    kind = (action or {}).get("type")
    if entity == "keyword":
        qs: QuerySet[Any] = Keywords.objects.filter(cluster__isnull=True).exclude(status=KeywordStatus.ARCHIVED)
    elif entity == "cluster":
        qs = Clusters.objects.filter(status=Clusters.Status.ACTIVE, keywords_count__gt=0, ideas__isnull=True)
    elif entity == "idea":
        qs = ContentIdeas.objects.filter(status=ContentIdeas.Status.NEW, tasks__isnull=True)
    elif entity == "task":
        qs = Tasks.objects.filter(status=Tasks.Status.QUEUED, content__isnull=True)
    elif kind == ActionType.GENERATE_IMAGE_PROMPTS:
        qs = Content.objects.filter(status=Content.Status.DRAFT, images__isnull=True).exclude(html="")
    elif kind == ActionType.GENERATE_IMAGES:
        qs = Content.objects.filter(images__status=Images.Status.PENDING)
    else:  # publish: written, not yet published, no image still being made
        qs = _publishable()
    return _scope(qs, rule).distinct().order_by("pk")


def _plan(run: AutomationRun) -> list[dict[str, Any]]:
    """The actions as they were when the run was queued: editing the rule never shifts a run's cursor."""
    plan = (run.cursor or {}).get("plan")
    return list(plan) if plan is not None else list(run.rule.actions)


def _publishable() -> QuerySet[Content]:
    return (
        Content.objects.filter(status__in=[Content.Status.DRAFT, Content.Status.REVIEW, Content.Status.APPROVED])
        .exclude(html="")
        .exclude(images__status=Images.Status.PENDING)
    )


def _select_items(run: AutomationRun, index: int, action: dict[str, Any], cursor: dict[str, Any]) -> list[Any]:
    rule = run.rule
    entity = ACTION_INPUT[action["type"]]
    limit = int(action["params"].get("limit", 10))
    qs = _eligible(rule, entity, action)
    source: list[int] | None = None
    if index > 0 and ACTION_OUTPUT[_plan(run)[index - 1]["type"]] == entity:
        source = list(cursor["actions"][str(index - 1)].get("outputs", []))
    elif index == 0 and EVENT_ENTITY.get(run.trigger) == entity:
        source = [int(i) for i in run.event.get("ids", [])]
    if source is not None:
        qs = qs.filter(pk__in=source)
    ids = [int(pk) for pk in qs.values_list("pk", flat=True)[:limit]]
    if action["type"] == ActionType.AUTO_CLUSTER:
        return [ids] if ids else []  # one clustering request over the whole batch
    return ids


# --- Runs: create, control -------------------------------------------------------------------------


def _day_start(now: datetime) -> datetime:
    return datetime.combine(now.date(), time.min, tzinfo=now.tzinfo)


def _executions_today(rule: AutomationRule, now: datetime) -> int:
    """Runs today (UTC day) that count against ``max_executions_per_day``: every run except those refused at
    the daily cap (which never started)."""
    return (
        rule.runs.filter(created_at__gte=_day_start(now))
        .exclude(status=RunStatus.STOPPED_AT_CAP, started_at__isnull=True)
        .count()
    )


def _send_run(run_id: int, site_id: int) -> None:
    from igny8_core.infrastructure.messaging.automation_tasks import send_automation_run

    send_automation_run(run_id=run_id, site_id=site_id)


def _run_create(
    *,
    rule: AutomationRule,
    trigger: str,
    event: dict[str, Any],
    user: User | None = None,
    depth: int = 0,
    now: datetime | None = None,
) -> AutomationRun | None:
    """Queue a run (sent after commit), or record that the daily cap refused it (once per day)."""
    now = now or timezone.now()
    AutomationRule.objects.select_for_update().filter(pk=rule.pk).first()  # serialize cap counting per rule
    if _executions_today(rule, now) >= rule.max_executions_per_day:
        message = (
            f"Daily limit reached: this rule may run {rule.max_executions_per_day} time(s) a day. "
            "It runs again tomorrow, or raise max_executions_per_day."
        )
        already = rule.runs.filter(
            created_at__gte=_day_start(now), status=RunStatus.STOPPED_AT_CAP, started_at__isnull=True
        ).exists()
        if already and trigger != "manual":
            return None
        return AutomationRun.objects.create(
            account_id=rule.account_id,
            rule=rule,
            site_id=rule.site_id,
            user=user,
            status=RunStatus.STOPPED_AT_CAP,
            trigger=trigger,
            event=event,
            depth=depth,
            message=message,
            finished_at=now,
        )
    run = AutomationRun.objects.create(
        account_id=rule.account_id,
        rule=rule,
        site_id=rule.site_id,
        user=user,
        trigger=trigger,
        event=event,
        depth=depth,
        message="Queued",
        cursor={"plan": rule.actions, "action_index": 0, "actions": {}},
        results=[{"type": a["type"], "status": "pending"} for a in rule.actions],
    )
    AutomationRule.objects.filter(pk=rule.pk).update(last_run_at=now)
    transaction.on_commit(lambda: _send_run(run.pk, run.site_id))
    return run


@transaction.atomic
def automation_run_now(*, tenant: TenantContext, rule: AutomationRule) -> AutomationRun:
    """Run a rule now (any trigger; an event rule works on what is eligible in its site now)."""
    run = _run_create(rule=rule, trigger="manual", event={"event": "manual"}, user=tenant.user)
    assert run is not None
    return run


def _chain(origin: AutomationRun) -> list[int]:
    return [int(i) for i in origin.event.get("chain", [])] + [origin.rule_id]


def automation_event_dispatch(
    *, event: str, site_id: int, sector_id: int | None, ids: list[int], origin_run_id: int | None = None
) -> list[int]:
    """An event happened (called after commit by ``automation_event_emit``): queue a run for every active
    rule of the site with that trigger whose conditions some of the ids meet. Loop guard: a rule never
    runs from an event its own run caused, nor from one caused further down a chain it started, and no
    chain goes deeper than ``MAX_DEPTH``."""
    origin = AutomationRun.objects.filter(pk=origin_run_id).first() if origin_run_id else None
    chain = _chain(origin) if origin is not None else []
    depth = origin.depth + 1 if origin is not None else 0
    if depth > MAX_DEPTH:
        logger.warning("Automation chain from run %s is %s deep; event %s not dispatched", origin_run_id, depth, event)
        return []
    rules = AutomationRule.objects.filter(site_id=site_id, trigger=event, is_active=True).order_by("pk")
    # A sector rule hears its sector's events; a site-wide rule (no sector) hears them all.
    sector_match = Q(sector__isnull=True) | (Q(sector_id=sector_id) if sector_id is not None else Q(pk__in=[]))
    rules = rules.filter(sector_match)
    created: list[int] = []
    for rule in rules:
        if rule.pk in chain:
            continue
        matched = automation_conditions_check(rule=rule, ids=ids)
        if not matched:
            continue
        with transaction.atomic():
            run = _run_create(
                rule=rule,
                trigger=event,
                event={"event": event, "ids": matched, "origin_run_id": origin_run_id, "chain": chain},
                depth=depth,
            )
        if run is not None:
            created.append(run.pk)
    return created


def automation_schedule_tick(*, now: datetime | None = None, limit: int = 200) -> list[int]:
    """Beat, every minute: queue a run for each active scheduled rule whose ``next_run_at`` has come.

    The claim is a conditional UPDATE of ``next_run_at`` (from the value read to the next cron time), so
    two ticks never queue one slot twice; slots missed while beat was down fire once, not once each.
    Also re-sends runs a dead worker left behind (see ``automation_runs_recover``)."""
    now = now or timezone.now()
    due = list(
        AutomationRule.objects.filter(trigger=Trigger.SCHEDULE, is_active=True, next_run_at__lte=now).order_by(
            "next_run_at", "pk"
        )[:limit]
    )
    created: list[int] = []
    for rule in due:
        with transaction.atomic():
            claimed = AutomationRule.objects.filter(pk=rule.pk, is_active=True, next_run_at=rule.next_run_at).update(
                next_run_at=schedule_next(rule.schedule, after=now)
            )
            if not claimed:
                continue
            if not automation_conditions_check(rule=rule, now=now):
                continue
            run = _run_create(
                rule=rule,
                trigger=Trigger.SCHEDULE,
                event={"event": "schedule", "slot": rule.next_run_at.isoformat() if rule.next_run_at else None},
            )
            if run is not None:
                created.append(run.pk)
    automation_runs_recover(now=now)
    return created


def automation_runs_recover(*, now: datetime | None = None) -> list[int]:
    """Runs whose worker died: ``running`` with a heartbeat older than the lock lease, or ``queued`` for
    longer than that (a lost message). Sending them again is safe: the run resumes from its cursor."""
    now = now or timezone.now()
    stale = now - lock_lease()
    runs = list(
        AutomationRun.objects.filter(
            Q(status=RunStatus.RUNNING, heartbeat_at__lt=stale) | Q(status=RunStatus.QUEUED, updated_at__lt=stale)
        ).values_list("pk", "site_id")[:100]
    )
    for run_id, site_id in runs:
        AutomationRun.objects.filter(pk=run_id).update(updated_at=now)
        _send_run(run_id, site_id)
    return [r for r, _ in runs]


def _control_target(rule: AutomationRule) -> AutomationRun:
    run = rule.runs.filter(status__in=ACTIVE_RUN_STATUSES).order_by("-created_at", "-pk").first()
    if run is None:
        raise ConflictError("This rule has no queued, running or paused run.")
    return run


@transaction.atomic
def automation_run_pause(*, run: AutomationRun) -> AutomationRun:
    """Queued: paused now. Running: pauses after the current item."""
    run = AutomationRun.objects.select_for_update().get(pk=run.pk)
    if run.status == RunStatus.QUEUED:
        run.status, run.message = RunStatus.PAUSED, "Paused"
    elif run.status == RunStatus.RUNNING:
        run.pause_requested, run.message = True, "Pausing after the current item…"
    else:
        raise ConflictError(f"This run is {run.status}; only a queued or running run can be paused.")
    run.save(update_fields=["status", "pause_requested", "message", "updated_at"])
    return run


@transaction.atomic
def automation_run_resume(*, run: AutomationRun) -> AutomationRun:
    """A paused run is queued again and continues from its cursor; a pause not yet taken is withdrawn."""
    run = AutomationRun.objects.select_for_update().get(pk=run.pk)
    if run.status == RunStatus.RUNNING and run.pause_requested:
        run.pause_requested, run.message = False, "Running"
    elif run.status == RunStatus.PAUSED:
        run.status, run.pause_requested, run.message = RunStatus.QUEUED, False, "Resumed; queued"
        transaction.on_commit(lambda: _send_run(run.pk, run.site_id))
    else:
        raise ConflictError(f"This run is {run.status}; only a paused run can be resumed.")
    run.save(update_fields=["status", "pause_requested", "message", "updated_at"])
    return run


@transaction.atomic
def automation_run_cancel(*, run: AutomationRun) -> AutomationRun:
    """Queued or paused: cancelled now. Running: stops after the current item."""
    run = AutomationRun.objects.select_for_update().get(pk=run.pk)
    if run.status in (RunStatus.QUEUED, RunStatus.PAUSED):
        run.status, run.message, run.finished_at = RunStatus.CANCELLED, "Cancelled", timezone.now()
        run.cancel_requested = True
    elif run.status == RunStatus.RUNNING:
        run.cancel_requested, run.message = True, "Cancelling after the current item…"
    else:
        raise ConflictError(f"This run has already finished ({run.status}).")
    run.save(update_fields=["status", "cancel_requested", "message", "finished_at", "updated_at"])
    return run


def automation_rule_pause(*, rule: AutomationRule) -> AutomationRun:
    return automation_run_pause(run=_control_target(rule))


def automation_rule_resume(*, rule: AutomationRule) -> AutomationRun:
    return automation_run_resume(run=_control_target(rule))


def automation_rule_cancel(*, rule: AutomationRule) -> AutomationRun:
    return automation_run_cancel(run=_control_target(rule))


# --- Lock --------------------------------------------------------------------------------------------


def automation_lock_acquire(*, run: AutomationRun, now: datetime | None = None) -> bool:
    """Take the site's lock for ``run``: free, already this run's (a redelivery), or expired."""
    now = now or timezone.now()
    AutomationSiteLock.objects.get_or_create(site_id=run.site_id)
    return bool(
        AutomationSiteLock.objects.filter(site_id=run.site_id)
        .filter(Q(run__isnull=True) | Q(run_id=run.pk) | Q(lease_expires_at__lt=now))
        .update(run_id=run.pk, lease_expires_at=now + lock_lease())
    )


def _lock_renew(run: AutomationRun) -> bool:
    now = timezone.now()
    AutomationRun.objects.filter(pk=run.pk).update(heartbeat_at=now)
    return bool(
        AutomationSiteLock.objects.filter(site_id=run.site_id, run_id=run.pk).update(
            lease_expires_at=now + lock_lease()
        )
    )


def automation_lock_release(*, run: AutomationRun) -> None:
    AutomationSiteLock.objects.filter(site_id=run.site_id, run_id=run.pk).update(run=None, lease_expires_at=None)


# --- Executing a run -----------------------------------------------------------------------------------


class _Stop(Exception):
    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _run_tenant(run: AutomationRun) -> TenantContext:
    """Actions run as the user who started the run, else the rule's author, else the account owner (for
    permissions checks inside the AI functions' validation; the rule's site scopes everything anyway)."""
    for user in (run.user, run.rule.created_by, Account.objects.get(pk=run.account_id).owner):
        if user is None or not user.is_active:
            continue
        try:
            tenant = tenant_context_resolve(user=user, account_id=str(run.account_id))
        except Exception:  # no longer a member
            continue
        if tenant is not None and tenant.can_access_site(run.site_id):
            return tenant
    raise _Stop(RunStatus.FAILED, "Nobody in the account can act on this site (the rule's author left?).")


def _save_progress(run: AutomationRun, **extra: Any) -> None:
    AutomationRun.objects.filter(pk=run.pk).update(
        cursor=run.cursor,
        results=run.results,
        items_processed=run.items_processed,
        credits_used=run.credits_used,
        errors=run.errors,
        updated_at=timezone.now(),
        **extra,
    )


def _finish(run: AutomationRun, status: str, message: str) -> None:
    run.status = status
    _save_progress(
        run,
        status=status,
        message=message[:500],
        finished_at=timezone.now(),
        pause_requested=False,
    )


def _check_flags(run: AutomationRun) -> None:
    flags = AutomationRun.objects.values("cancel_requested", "pause_requested").get(pk=run.pk)
    if flags["cancel_requested"]:
        raise _Stop(RunStatus.CANCELLED, f"Cancelled after {run.items_processed} item(s).")
    if flags["pause_requested"]:
        raise _Stop(RunStatus.PAUSED, f"Paused after {run.items_processed} item(s); resume continues from here.")


def _child_job(
    *,
    run: AutomationRun,
    tenant: TenantContext,
    state: dict[str, Any],
    key: str,
    function: str,
    payload: dict[str, Any],
) -> Job:
    """The item's AI job: the one already recorded in the cursor, or a new one (recorded, with the cap
    check, before it runs). Runs it synchronously and returns it finished."""
    from igny8_core.infrastructure.ai.registry import get_function
    from igny8_core.infrastructure.ai.tasks import AI_JOB_PREFIX
    from igny8_core.infrastructure.messaging.job_runner import job_execute

    job_id = state["jobs"].get(key)
    if job_id is None:
        fn = get_function(function)
        prepared = fn.validate_request(tenant=tenant, payload=payload)
        _check_cap(run, prepared.estimated_credits)
        try:
            credits_check(account=run.rule.account, amount=prepared.estimated_credits, operation_type=fn.operation_type)
        except InsufficientCreditsError as exc:
            raise _Stop(RunStatus.FAILED, f"Stopped: {exc.message}") from None
        with transaction.atomic():
            job = job_create(
                account=run.rule.account,
                kind=f"{AI_JOB_PREFIX}{function}",
                user=tenant.user,
                site=prepared.site,
                payload={**prepared.payload, "automation_run_id": run.pk},
                message=f"Automation run {run.pk}",
            )
            state["jobs"][key] = job.pk
            _save_progress(run)
        job_id = job.pk
    if Job.objects.filter(pk=job_id, status__in=ACTIVE_JOB_STATUSES).exists():
        job_execute(job_id=job_id)
    return Job.objects.get(pk=job_id)


def _check_cap(run: AutomationRun, estimate: int) -> None:
    limit = run.rule.credit_limit_per_execution
    if run.credits_used + estimate > limit:
        raise _Stop(
            RunStatus.STOPPED_AT_CAP,
            f"Credit limit reached: the next item needs about {estimate} credit(s) and this run has used "
            f"{run.credits_used} of its {limit}. Raise credit_limit_per_execution or let the next run continue.",
        )


def _job_result(job: Job, what: str) -> dict[str, Any]:
    if job.status != JobStatus.SUCCEEDED:
        raise ValidationFailed(f"{what} failed: {job.error or job.status}")
    return dict(job.result or {})


ItemOutcome = tuple[list[int], int]  # (output ids, credits)


def _do_auto_cluster(
    run: AutomationRun, tenant: TenantContext, state: dict[str, Any], key: str, item: Any, params: dict[str, Any]
) -> ItemOutcome:
    job = _child_job(run=run, tenant=tenant, state=state, key=key, function="auto_cluster", payload={"ids": item})
    result = _job_result(job, "Clustering")
    return [int(i) for i in result.get("cluster_ids", [])], job.credits_used


def _do_generate_ideas(
    run: AutomationRun, tenant: TenantContext, state: dict[str, Any], key: str, item: Any, params: dict[str, Any]
) -> ItemOutcome:
    payload = {"ids": [item], "ideas_per_cluster": params.get("ideas_per_cluster", 2)}
    job = _child_job(run=run, tenant=tenant, state=state, key=key, function="generate_ideas", payload=payload)
    return [int(i) for i in _job_result(job, "Idea generation").get("idea_ids", [])], job.credits_used


def _do_create_tasks(
    run: AutomationRun, tenant: TenantContext, state: dict[str, Any], key: str, item: Any, params: dict[str, Any]
) -> ItemOutcome:
    from igny8_core.domain.content.services import ideas_queue_to_writer

    with transaction.atomic():  # the task and the cursor entry commit together: never two tasks
        result = ideas_queue_to_writer(
            tenant=tenant, scoped=ContentIdeas.objects.filter(account_id=run.account_id), ids=[int(item)]
        )
        task_ids = [int(i) for i in result["task_ids"]]
        state["outputs"].extend(task_ids)
        state["done"].append(item)
        _save_progress(run)
    return task_ids, 0


def _do_generate_content(
    run: AutomationRun, tenant: TenantContext, state: dict[str, Any], key: str, item: Any, params: dict[str, Any]
) -> ItemOutcome:
    job = _child_job(run=run, tenant=tenant, state=state, key=key, function="generate_content", payload={"ids": [item]})
    return [int(i) for i in _job_result(job, "Content generation").get("content_ids", [])], job.credits_used


def _do_image_prompts(
    run: AutomationRun, tenant: TenantContext, state: dict[str, Any], key: str, item: Any, params: dict[str, Any]
) -> ItemOutcome:
    payload = {"ids": [item], "in_article_count": params.get("in_article_count", 2)}
    job = _child_job(run=run, tenant=tenant, state=state, key=key, function="generate_image_prompts", payload=payload)
    _job_result(job, "Image prompts")
    return [int(item)], job.credits_used


def _do_generate_images(
    run: AutomationRun, tenant: TenantContext, state: dict[str, Any], key: str, item: Any, params: dict[str, Any]
) -> ItemOutcome:
    from igny8_core.infrastructure.ai.functions.generate_images import MAX_IMAGES

    payload: dict[str, Any] = {"file_format": params.get("file_format", "webp")}
    if key not in state["jobs"]:
        ids = list(
            Images.objects.filter(content_id=item, status=Images.Status.PENDING)
            .order_by("position", "pk")
            .values_list("pk", flat=True)[:MAX_IMAGES]
        )
        if not ids:
            return [int(item)], 0
        payload["ids"] = ids
    job = _child_job(run=run, tenant=tenant, state=state, key=key, function="generate_images", payload=payload)
    _job_result(job, "Image generation")
    return [int(item)], job.credits_used


def _do_publish(
    run: AutomationRun, tenant: TenantContext, state: dict[str, Any], key: str, item: Any, params: dict[str, Any]
) -> ItemOutcome:
    from igny8_core.domain.publishing.services import publish_request
    from igny8_core.infrastructure.messaging.job_runner import job_execute

    job_id = state["jobs"].get(key)
    if job_id is None:
        with transaction.atomic():  # the publish job and the cursor entry commit together
            content = Content.objects.get(pk=item, site_id=run.site_id)
            request = publish_request(
                tenant=tenant,
                content=content,
                destinations=list(params["destinations"]),
                status=params.get("status", "publish"),
                user=tenant.user,
                enqueue=False,
                origin_run_id=run.pk,
            )
            assert request.job is not None
            job_id = request.job.pk
            state["jobs"][key] = job_id
            _save_progress(run)
    if Job.objects.filter(pk=job_id, status__in=ACTIVE_JOB_STATUSES).exists():
        job_execute(job_id=job_id)
    result = _job_result(Job.objects.get(pk=job_id), "Publishing")
    failed = [d for d in result.get("destinations", []) if not d.get("ok")]
    if failed and not result.get("published"):
        raise ValidationFailed("; ".join(f"{d.get('platform')}: {d.get('error')}" for d in failed))
    return [int(item)], 0


EXECUTORS: dict[str, Callable[..., ItemOutcome]] = {
    ActionType.AUTO_CLUSTER: _do_auto_cluster,
    ActionType.GENERATE_IDEAS: _do_generate_ideas,
    ActionType.CREATE_TASKS: _do_create_tasks,
    ActionType.GENERATE_CONTENT: _do_generate_content,
    ActionType.GENERATE_IMAGE_PROMPTS: _do_image_prompts,
    ActionType.GENERATE_IMAGES: _do_generate_images,
    ActionType.PUBLISH: _do_publish,
}


def _item_key(item: Any) -> str:
    return "batch" if isinstance(item, list) else str(item)


def automation_actions_execute(*, run: AutomationRun) -> tuple[str, str]:
    """Run the rule's actions from the cursor on. Returns (final status, message); raises _Stop to end early."""
    tenant = _run_tenant(run)
    actions = _plan(run)
    cursor = run.cursor or {}
    cursor.setdefault("action_index", 0)
    cursor.setdefault("actions", {})
    run.cursor = cursor
    if len(run.results) != len(actions):
        run.results = [{"type": a["type"], "status": "pending"} for a in actions]
    for index in range(int(cursor["action_index"]), len(actions)):
        action = actions[index]
        state = cursor["actions"].get(str(index))
        if state is None:
            state = {
                "items": _select_items(run, index, action, cursor),
                "done": [],
                "failed": [],
                "jobs": {},
                "outputs": [],
            }
            cursor["actions"][str(index)] = state
            _save_progress(run)
        result = run.results[index]
        result.update(status="running", items=len(state["items"]))
        result.setdefault("credits", 0)
        result.setdefault("processed", 0)
        result.setdefault("errors", [])
        for item in state["items"]:
            key = _item_key(item)
            if item in state["done"] or item in state["failed"]:
                continue
            _check_flags(run)
            try:
                outputs, credits = EXECUTORS[action["type"]](
                    run, tenant, state, f"{index}:{key}", item, action["params"]
                )
            except _Stop:
                result["status"] = "stopped"
                _save_progress(run)
                raise
            except Exception as exc:  # one bad item is reported, the rest still run
                message = getattr(exc, "message", None) or str(exc) or exc.__class__.__name__
                if not isinstance(exc, ValidationFailed):
                    logger.exception("Automation run %s: %s on %s failed", run.pk, action["type"], key)
                state["failed"].append(item)
                result["errors"].append({"item": key, "error": message[:500]})
                run.errors = [
                    *run.errors,
                    {"action": index, "type": action["type"], "item": key, "error": message[:500]},
                ]
                _save_progress(run)
            else:
                if item not in state["done"]:  # create_tasks records itself atomically
                    state["done"].append(item)
                    state["outputs"].extend(o for o in outputs if o not in state["outputs"])
                result["processed"] += 1
                result["credits"] += credits
                run.items_processed += len(item) if isinstance(item, list) else 1
                run.credits_used += credits
                _save_progress(run)
            if not _lock_renew(run):
                raise _Stop(RunStatus.FAILED, "Another run took this site's lock (this run's lease expired).")
        result["status"] = "failed" if state["failed"] and not state["done"] else "succeeded"
        result["outputs"] = len(state["outputs"])
        cursor["action_index"] = index + 1
        _save_progress(run)
    if run.errors and run.items_processed == 0:
        return RunStatus.FAILED, f"Nothing done: {run.errors[0]['error']}"
    tail = f"; {len(run.errors)} item(s) failed" if run.errors else ""
    return RunStatus.SUCCEEDED, f"{run.items_processed} item(s) processed, {run.credits_used} credit(s){tail}."


def automation_rule_execute(*, run_id: int) -> str:
    """Execute one run (the Celery task's body). Returns its state afterwards, or ``busy`` when another run
    holds the site's lock (the task retries later), or ``skipped`` for a finished / paused run (a
    duplicate delivery). The lock is released in ``finally``; if the process dies, its lease expires."""
    run = AutomationRun.objects.select_related("rule", "rule__account").filter(pk=run_id).first()
    if run is None or run.status in FINAL_RUN_STATUSES or run.status == RunStatus.PAUSED:
        return "skipped"
    if not automation_lock_acquire(run=run):
        # Waiting for the site, not lost: the recovery sweep leaves it alone (its task retries).
        AutomationRun.objects.filter(pk=run.pk, status=RunStatus.QUEUED).update(updated_at=timezone.now())
        return "busy"
    try:
        now = timezone.now()
        started = AutomationRun.objects.filter(pk=run.pk, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).update(
            status=RunStatus.RUNNING,
            attempts=F("attempts") + 1,
            heartbeat_at=now,
            started_at=run.started_at or now,
            message="Running",
        )
        if not started:
            return "skipped"
        run.refresh_from_db()
        try:
            status, message = automation_actions_execute(run=run)
        except _Stop as stop:
            status, message = stop.status, stop.message
        except Exception as exc:
            logger.exception("Automation run %s crashed", run.pk)
            status, message = RunStatus.FAILED, f"The run failed unexpectedly: {exc.__class__.__name__}: {exc}"
        if status == RunStatus.PAUSED:
            run.status = RunStatus.PAUSED
            _save_progress(run, status=RunStatus.PAUSED, message=message, pause_requested=False)
        else:
            _finish(run, status, message)
        return status
    finally:
        automation_lock_release(run=run)


# --- Dry run --------------------------------------------------------------------------------------


def _item_credits(action: dict[str, Any], item: Any) -> int:
    kind, params = action["type"], action["params"]
    if kind == ActionType.AUTO_CLUSTER:
        return credit_cost_calculate(operation_type="clustering")
    if kind == ActionType.GENERATE_IDEAS:
        return credit_cost_calculate(operation_type="idea_generation")
    if kind == ActionType.GENERATE_CONTENT:
        words = Tasks.objects.filter(pk=item).values_list("target_word_count", flat=True).first() if item else None
        return credit_cost_calculate(operation_type="content_generation", words=words or 1500)
    if kind == ActionType.GENERATE_IMAGE_PROMPTS:
        return credit_cost_calculate(operation_type="image_prompt_extraction")
    if kind == ActionType.GENERATE_IMAGES:
        pending = Images.objects.filter(content_id=item, status=Images.Status.PENDING).count() if item else 0
        count = pending or 1 + int(params.get("in_article_count", 2))
        return credit_cost_calculate(operation_type="image_generation", quantity=count)
    return 0


def automation_rule_dry_run(*, rule: AutomationRule, now: datetime | None = None) -> dict[str, Any]:
    """What the rule would do if it ran now: items per action and estimated credits. Reads only: no run,
    no job, no charge. An action fed by the previous one is projected from that action's item count."""
    now = now or timezone.now()
    conditions_met = True
    if rule.trigger == Trigger.SCHEDULE:
        conditions_met = bool(automation_conditions_check(rule=rule, now=now))
    actions_out: list[dict[str, Any]] = []
    previous_count: int | None = None
    total = 0
    for index, action in enumerate(rule.actions):
        chained = index > 0 and ACTION_OUTPUT[rule.actions[index - 1]["type"]] == ACTION_INPUT[action["type"]]
        limit = int(action["params"].get("limit", 10))
        if chained:
            factor = int(rule.actions[index - 1]["params"].get("ideas_per_cluster", 1))
            count = min(limit, (previous_count or 0) * factor)
            items: list[int] = []
            per_item = _item_credits(action, None)
            credits = per_item * count
            basis = "projected"
        else:
            qs = _eligible(rule, ACTION_INPUT[action["type"]], action)
            if index == 0 and rule.trigger != Trigger.SCHEDULE and rule.conditions:
                matched = [o.pk for o in qs[:limit] if conditions_hold(rule.conditions, o)]
            else:
                matched = [int(pk) for pk in qs.values_list("pk", flat=True)[:limit]]
            if action["type"] == ActionType.AUTO_CLUSTER:
                items, count = matched, (1 if matched else 0)
                credits = _item_credits(action, None) if matched else 0
            else:
                items, count = matched, len(matched)
                credits = sum(_item_credits(action, i) for i in matched)
            basis = "exact"
        # How many clusters come out of clustering is only known after it ran.
        previous_count = None if action["type"] == ActionType.AUTO_CLUSTER else count
        total += credits
        actions_out.append(
            {"type": action["type"], "items": items, "count": count, "estimated_credits": credits, "basis": basis}
        )
    return {
        "rule_id": rule.pk,
        "conditions_met": conditions_met,
        "executions_today": _executions_today(rule, now),
        "max_executions_per_day": rule.max_executions_per_day,
        "credit_limit_per_execution": rule.credit_limit_per_execution,
        "estimated_credits": total,
        "would_stop_at_credit_cap": total > rule.credit_limit_per_execution,
        "actions": actions_out,
        "next_run_at": rule.next_run_at,
    }


# --- Workflow templates (seed 5.3) ------------------------------------------------------------------


def automation_template_apply(
    *,
    tenant: TenantContext,
    key: str,
    site: Site,
    sector: Sector | None,
    destinations: list[Any] | None = None,
    timezone_name: str = "UTC",
    now: datetime | None = None,
) -> list[AutomationRule]:
    """Create a template's rules for a site (and sector); they are ordinary rules, editable afterwards."""
    from igny8_core.domain.automation.templates import template_get

    template = template_get(key)
    specs = template.rules(destinations=destinations or [], timezone_name=timezone_name)
    if any(a["type"] == ActionType.PUBLISH for s in specs for a in s["actions"]) and not destinations:
        raise ValidationFailed(
            "destinations: This workflow publishes; name at least one destination (integration id or platform).",
            errors={"destinations": ["Name at least one destination."]},
        )
    with transaction.atomic():
        return [
            automation_rule_create(
                tenant=tenant, data={**spec, "site": site, "sector": sector, "template_key": key}, now=now
            )
            for spec in specs
        ]


__all__ = [
    "CONDITION_FIELDS",
    "automation_actions_execute",
    "automation_conditions_check",
    "automation_event_dispatch",
    "automation_rule_create",
    "automation_rule_delete",
    "automation_rule_dry_run",
    "automation_rule_execute",
    "automation_rule_update",
    "automation_schedule_tick",
]
