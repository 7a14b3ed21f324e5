"""Checks behind GET /api/v1/system/health/: database, broker, storage."""

from __future__ import annotations

import shutil
import time
import uuid
from typing import Any

from django.conf import settings
from django.db import connection


def _timed(check: Any) -> dict[str, Any]:
    start = time.perf_counter()
    try:
        detail = check() or {}
        ok = True
    except Exception as exc:  # a health check reports failures, it does not raise them
        detail, ok = {"error": f"{exc.__class__.__name__}: {exc}"[:300]}, False
    return {"ok": ok, "latency_ms": round((time.perf_counter() - start) * 1000, 1), **detail}


def _database() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"engine": connection.vendor}


def _broker() -> dict[str, Any]:
    from igny8_core.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=3)
        transport = conn.transport_cls if isinstance(conn.transport_cls, str) else conn.transport_cls.__name__
    if str(settings.CELERY_BROKER_URL).startswith("filesystem://"):
        probe = settings.BROKER_DIR / "queue" / f".health-{uuid.uuid4().hex}"
        probe.write_text("ok")
        probe.unlink()
    return {"transport": str(transport)}


def _storage() -> dict[str, Any]:
    settings.STORAGE_DIR.mkdir(parents=True, exist_ok=True)
    probe = settings.STORAGE_DIR / f".health-{uuid.uuid4().hex}"
    probe.write_text("ok")
    probe.unlink()
    usage = shutil.disk_usage(settings.STORAGE_DIR)
    return {"free_bytes": usage.free}


def health_report() -> dict[str, Any]:
    checks = {"database": _timed(_database), "broker": _timed(_broker), "storage": _timed(_storage)}
    return {"status": "ok" if all(c["ok"] for c in checks.values()) else "degraded", "checks": checks}
