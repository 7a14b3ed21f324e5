"""``automation_event_emit``: the one call the domain services make when they create keywords, clusters,
ideas, content or publications. It only registers an after-commit callback (imports nothing heavy, so any
service can call it without an import cycle); the callback finds the site's matching rules and queues runs.
A rolled-back write therefore never triggers anything."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.db import transaction

logger = logging.getLogger("igny8.automation")

EVENTS = ("keyword_added", "cluster_created", "idea_created", "content_generated", "content_published")


def _pk(value: Any) -> int | None:
    if value is None:
        return None
    return int(getattr(value, "pk", value))


def automation_event_emit(
    *, event: str, site: Any, sector: Any = None, ids: Iterable[int], origin_run_id: int | None = None
) -> None:
    """After the surrounding transaction commits, fire ``event`` for ``ids`` on ``site`` (a Site or id).

    ``origin_run_id``: the automation run whose action caused the event (the loop guard uses it)."""
    if event not in EVENTS:
        raise ValueError(f"Unknown automation event {event!r}")
    id_list = sorted({int(i) for i in ids})
    if not id_list:
        return
    site_id, sector_id = _pk(site), _pk(sector)
    assert site_id is not None

    def dispatch() -> None:
        from igny8_core.domain.automation.services import automation_event_dispatch

        try:
            automation_event_dispatch(
                event=event, site_id=site_id, sector_id=sector_id, ids=id_list, origin_run_id=origin_run_id
            )
        except Exception:  # an automation problem must never break the write that fired the event
            logger.exception("Automation event %s on site %s could not be dispatched", event, site_id)

    transaction.on_commit(dispatch)


def origin_run_of(payload: dict[str, Any] | None) -> int | None:
    """The automation run a job was started by (stored in its payload), if any."""
    value = (payload or {}).get("automation_run_id")
    return int(value) if value is not None else None
