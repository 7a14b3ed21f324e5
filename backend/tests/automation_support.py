"""Helpers for the automation tests: rules through the service, a recorder standing in for the broker
(runs are executed by ``drain``, as a worker would), and on-commit callbacks run like a real commit."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.test import TestCase

from igny8_core.core.auth.context import TenantContext
from igny8_core.core.auth.selectors import tenant_context_resolve
from igny8_core.domain.automation import services
from igny8_core.domain.automation.models import AutomationRule, AutomationRun, RunStatus
from igny8_core.infrastructure.messaging import automation_tasks
from tests.conftest import Tenant


def ctx(tenant: Tenant) -> TenantContext:
    resolved = tenant_context_resolve(user=tenant.owner, account_id=str(tenant.account.pk))
    assert resolved is not None
    return resolved


def make_rule(tenant: Tenant, **data: Any) -> AutomationRule:
    data.setdefault("name", "Rule")
    data.setdefault("site", tenant.site)
    data.setdefault("sector", tenant.sector)
    return services.automation_rule_create(tenant=ctx(tenant), data=data)


@contextmanager
def committed() -> Iterator[None]:
    """Run the on-commit callbacks (event dispatch, run sends) as a real commit would, including the
    ones registered while they run."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        yield


class SentRuns(list[int]):
    """What was handed to the broker: run ids, in order."""


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> SentRuns:
    record = SentRuns()
    monkeypatch.setattr(automation_tasks, "send_automation_run", lambda *, run_id, site_id: record.append(run_id))
    return record


def execute(run: AutomationRun | int) -> str:
    run_id = run if isinstance(run, int) else run.pk
    with committed():
        state = services.automation_rule_execute(run_id=run_id)
    return state


def drain(limit: int = 50) -> list[AutomationRun]:
    """Execute queued runs, oldest first, until none is left (what workers do)."""
    done: list[AutomationRun] = []
    for _ in range(limit):
        run = AutomationRun.objects.filter(status=RunStatus.QUEUED).order_by("pk").first()
        if run is None:
            return done
        execute(run)
        run.refresh_from_db()
        done.append(run)
    raise AssertionError("runs keep being queued")
