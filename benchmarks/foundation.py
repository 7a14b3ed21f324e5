"""Foundation benchmarks: concurrent credit deductions and API list latency.

Run against a scratch database (it migrates and writes demo rows):
    IGNY8_DATA_DIR=$(mktemp -d) .venv/bin/python benchmarks/foundation.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/igny8_bench REDIS_URL=redis://127.0.0.1:6379/8 \
        IGNY8_DATA_DIR=$(mktemp -d) .venv/bin/python benchmarks/foundation.py
(createdb igny8_bench first for PostgreSQL: `createdb -h 127.0.0.1 -U postgres igny8_bench`.)
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "backend"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "igny8_core.settings")
os.environ.setdefault("IGNY8_THROTTLE_USER", "1000000/min")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402
from rest_framework_simplejwt.tokens import RefreshToken  # noqa: E402

from igny8_core.core.auth.models import Account, AccountMembership, Role, Site, User  # noqa: E402
from igny8_core.core.seeding import reference_data_seed  # noqa: E402
from igny8_core.domain.billing.services import credits_deduct  # noqa: E402


def setup_account(credits: int) -> Account:
    reference_data_seed()
    stamp = time.time_ns()
    user = User.objects.create_user(email=f"bench{stamp}@example.com", password="bench-password-1")
    from igny8_core.core.auth.models import Plan

    account = Account.objects.create(
        name=f"Bench {stamp}", slug=f"bench-{stamp}", owner=user, plan=Plan.objects.get(slug="free"), credits=credits
    )
    AccountMembership.objects.create(account=account, user=user, role=Role.OWNER)
    return account


def bench_deductions(threads: int = 8, per_thread: int = 100) -> dict[str, float]:
    total = threads * per_thread
    account = setup_account(credits=total * 3)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(per_thread):
                credits_deduct(account=Account.objects.get(pk=account.pk), amount=3, operation_type="clustering")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    start = time.perf_counter()
    pool = [threading.Thread(target=work) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - start
    account.refresh_from_db()
    assert not errors, errors[:3]
    assert account.credits == 0, account.credits
    return {
        "threads": threads,
        "deductions": total,
        "seconds": round(elapsed, 2),
        "deductions_per_s": round(total / elapsed, 1),
        "final_balance": account.credits,
    }


def bench_list_latency(sites: int = 200, requests: int = 300) -> dict[str, float]:
    account = setup_account(credits=0)
    Site.objects.bulk_create(
        [Site(account=account, name=f"Site {i}", slug=f"site-{i}", domain=f"s{i}.example") for i in range(sites)]
    )
    token = RefreshToken.for_user(account.owner).access_token
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get("/api/v1/auth/sites/?page_size=50")
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.content[:200]
    timings.sort()
    return {
        "requests": requests,
        "page_size": 50,
        "p50_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 2),
    }


def main() -> None:
    settings.ALLOWED_HOSTS.append("testserver")
    call_command("migrate", verbosity=0)
    result = {"database": connection.vendor, "deductions": bench_deductions(), "list_sites": bench_list_latency()}
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
