"""Automation on Celery (seed 5.1 ``infrastructure/messaging/automation_tasks.py``).

Scheduling: one beat entry, ``igny8.automation.tick``, every minute, instead of one django-celery-beat
``PeriodicTask`` per rule. Why: a rule's schedule then lives in one place (the rule: cron + time zone, with
``next_run_at`` computed by croniter in that zone, DST-safe), rule writes need no second table kept in
sync, the claim of a due slot is one conditional UPDATE (two beats or a restarted beat never queue a slot
twice), and the tick also re-sends runs a dead worker left behind. The cost is minute resolution, which
is what cron expresses anyway.

Queues: by default runs go to the default queue, which the embedded worker (``make run``) consumes. With
``IGNY8_PER_SITE_QUEUES=1`` each run goes to ``site-<id>`` and the workers are told to consume that
queue (``add_consumer``), so a site with a long backlog waits behind itself, not in front of others:
kombu polls a worker's queues in turn (seed 6.1).
"""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from django.conf import settings

from igny8_core.infrastructure.messaging.celery_tasks import TRANSIENT

logger = logging.getLogger("igny8.automation")

LOCK_RETRY_SECONDS = 30
_consuming: set[str] = set()


def run_queue(site_id: int) -> str | None:
    """The queue a site's runs go to: ``site-<id>`` with IGNY8_PER_SITE_QUEUES, else the default."""
    return f"site-{site_id}" if getattr(settings, "IGNY8_PER_SITE_QUEUES", False) else None


@shared_task(
    name="igny8.automation.run",
    bind=True,
    acks_late=True,
    autoretry_for=TRANSIENT,
    retry_backoff=2,
    retry_backoff_max=60,
    max_retries=60,
)
def run_automation(self: Any, run_id: int) -> str:
    """Execute one automation run; while another run holds the site's lock, try again in 30 s."""
    from igny8_core.domain.automation.services import automation_rule_execute

    state = automation_rule_execute(run_id=run_id)
    if state == "busy" and not self.request.is_eager:
        raise self.retry(countdown=LOCK_RETRY_SECONDS, max_retries=None)
    # Inline (eager, debugging only) a retry would recurse at once; the run stays queued and the minute
    # tick's recovery sends it again.
    return state


def send_automation_run(*, run_id: int, site_id: int) -> Any:
    queue = run_queue(site_id)
    if queue is None:
        return run_automation.apply_async(args=(run_id,))
    if queue not in _consuming:
        try:
            run_automation.app.control.add_consumer(queue, reply=False)
            _consuming.add(queue)
        except Exception:  # workers started with -Q site-… still consume it; never lose the run
            logger.warning("Could not ask workers to consume %s", queue, exc_info=True)
    return run_automation.apply_async(args=(run_id,), queue=queue)


@shared_task(name="igny8.automation.tick", acks_late=True, autoretry_for=TRANSIENT, retry_backoff=5, max_retries=3)
def automation_tick() -> list[int]:
    """Every minute: queue runs for due scheduled rules; re-send runs a dead worker left behind."""
    from igny8_core.domain.automation.services import automation_schedule_tick

    return automation_schedule_tick()


@shared_task(
    name="igny8.billing.notify_low_credits", acks_late=True, autoretry_for=TRANSIENT, retry_backoff=5, max_retries=3
)
def notify_low_credits() -> list[int]:
    """Hourly: a notification for accounts whose balance fell below 10% of their plan's monthly credits."""
    from igny8_core.domain.billing.services import credits_low_notify

    return credits_low_notify()
