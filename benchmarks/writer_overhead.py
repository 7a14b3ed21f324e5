"""The platform's own overhead per generated article, everything except the provider (issue 4:
goal ≤ 20 ms per article excluding image rendering). Runs generate_content and
generate_image_prompts jobs through the real engine on a scratch database with the offline
provider, timing the provider part (``run_offline``) separately and subtracting it.

    IGNY8_DATA_DIR=$(mktemp -d) .venv/bin/python benchmarks/writer_overhead.py --articles 100
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/igny8_bench IGNY8_DATA_DIR=$(mktemp -d) \\
        .venv/bin/python benchmarks/writer_overhead.py --articles 100      # after createdb igny8_bench
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "backend"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "igny8_core.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from igny8_core.core.auth.models import Account, AccountMembership, Plan, Role, Sector, Site, User  # noqa: E402
from igny8_core.core.seeding import reference_data_seed  # noqa: E402
from igny8_core.domain.content.models import Tasks  # noqa: E402
from igny8_core.domain.jobs.services import job_create  # noqa: E402
from igny8_core.infrastructure.ai.registry import get_function  # noqa: E402
from igny8_core.infrastructure.messaging.job_runner import job_execute  # noqa: E402

OUTLINE = [{"heading": f"Section {i}", "points": ["What it is", "Why it matters", "How to do it"]} for i in range(1, 7)]


def timed_offline(name: str, bucket: list[float]) -> None:
    fn: Any = get_function(name)
    original = fn.run_offline

    def wrapper(ctx: Any, data: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(ctx, data)
        finally:
            bucket.append(time.perf_counter() - start)

    fn.run_offline = wrapper


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=100)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    reference_data_seed()
    stamp = time.time_ns()
    user = User.objects.create_user(email=f"bench{stamp}@example.com", password="bench-password-1")
    account = Account.objects.create(
        name=f"Bench {stamp}", slug=f"bench-{stamp}", owner=user, plan=Plan.objects.get(slug="free"), credits=10_000_000
    )
    AccountMembership.objects.create(account=account, user=user, role=Role.OWNER)
    site = Site.objects.create(account=account, name="Bench", slug="bench")
    sector = Sector.objects.create(account=account, site=site, name="All", slug="all")
    tasks = Tasks.objects.bulk_create(
        [
            Tasks(
                account=account,
                site=site,
                sector=sector,
                title=f"How to Grow Tomatoes, Part {i}",
                primary_keyword=f"grow tomatoes {i}",
                secondary_keywords=["tomato care", "tomato soil"],
                outline=OUTLINE,
                content_structure="guide",
                target_word_count=1500,
            )
            for i in range(args.articles)
        ]
    )
    provider_time: dict[str, list[float]] = {"generate_content": [], "generate_image_prompts": []}
    for name, bucket in provider_time.items():
        timed_offline(name, bucket)
    totals: dict[str, float] = {}

    start = time.perf_counter()
    content_ids: list[int] = []
    for i in range(0, len(tasks), 10):
        job = job_create(
            account=account,
            kind="ai.generate_content",
            user=user,
            site=site,
            payload={"ids": [t.pk for t in tasks[i : i + 10]]},
        )
        assert job_execute(job_id=job.pk) == "succeeded"
        job.refresh_from_db()
        content_ids += job.result["content_ids"]
    totals["generate_content"] = time.perf_counter() - start

    start = time.perf_counter()
    for i in range(0, len(content_ids), 10):
        job = job_create(
            account=account,
            kind="ai.generate_image_prompts",
            user=user,
            site=site,
            payload={"ids": content_ids[i : i + 10], "in_article_count": 2},
        )
        assert job_execute(job_id=job.pk) == "succeeded", job.error
    totals["generate_image_prompts"] = time.perf_counter() - start

    n = args.articles
    report: dict[str, Any] = {"database": connection.vendor, "articles": n}
    for name, total in totals.items():
        provider = sum(provider_time[name])
        report[name] = {
            "total_ms_per_article": round(total * 1000 / n, 2),
            "provider_ms_per_article": round(provider * 1000 / n, 2),
            "platform_overhead_ms_per_article": round((total - provider) * 1000 / n, 2),
        }
    report["platform_overhead_ms_per_article_total"] = round(
        sum(v["platform_overhead_ms_per_article"] for k, v in report.items() if isinstance(v, dict)), 2
    )
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
