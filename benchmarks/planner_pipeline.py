"""Planner end to end through the product's own services and job runner, on a scratch database:
import a 100,000-row keyword CSV (target < 30 s), then run the auto_cluster job on all of it
(embeddings, clustering, cache writes, cluster rows, credits) and report the time of each.

    IGNY8_DATA_DIR=$(mktemp -d) .venv/bin/python benchmarks/planner_pipeline.py --n 100000
    createdb -h 127.0.0.1 -U postgres igny8_bench   # once, for PostgreSQL
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/igny8_bench IGNY8_DATA_DIR=$(mktemp -d) \\
        .venv/bin/python benchmarks/planner_pipeline.py --n 100000
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "backend"))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "igny8_core.settings")

import django  # noqa: E402

django.setup()

from clustering import synthetic_keywords  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from igny8_core.core.auth.models import Account, AccountMembership, Plan, Role, Sector, Site, User  # noqa: E402
from igny8_core.core.auth.selectors import tenant_context_resolve  # noqa: E402
from igny8_core.core.seeding import reference_data_seed  # noqa: E402
from igny8_core.domain.jobs.models import Job  # noqa: E402
from igny8_core.domain.jobs.services import job_create  # noqa: E402
from igny8_core.domain.planning.models import Clusters  # noqa: E402
from igny8_core.domain.planning.services import keyword_import  # noqa: E402
from igny8_core.infrastructure.messaging.job_runner import job_execute  # noqa: E402


def csv_bytes(n: int) -> bytes:
    rng = random.Random(3)
    out = io.StringIO()
    out.write("Keyword,Search Volume,Keyword Difficulty,CPC,Intent\n")
    for text in synthetic_keywords(n):
        volume = rng.choice([10, 20, 30, 50, 70, 90, 110, 140, 170, 210, 260, 320, 390, 480, 590, 720, 880, 1300])
        out.write(f'"{text}","{volume:,}",{rng.randint(0, 100)},{rng.random() * 4:.2f},\n')
    return out.getvalue().encode("utf-8-sig")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    reference_data_seed()
    stamp = time.time_ns()
    user = User.objects.create_user(email=f"bench{stamp}@example.com", password="bench-password-1")
    account = Account.objects.create(
        name=f"Bench {stamp}", slug=f"bench-{stamp}", owner=user, plan=Plan.objects.get(slug="free"), credits=1000
    )
    AccountMembership.objects.create(account=account, user=user, role=Role.OWNER)
    site = Site.objects.create(account=account, name="Bench", slug="bench")
    sector = Sector.objects.create(account=account, site=site, name="All", slug="all")
    tenant = tenant_context_resolve(user=user)
    assert tenant is not None
    raw = csv_bytes(args.n)

    start = time.perf_counter()
    report = keyword_import(tenant=tenant, site=site, sector=sector, raw=raw)
    imported = time.perf_counter() - start

    job = job_create(
        account=account,
        kind="ai.auto_cluster",
        user=user,
        site=site,
        payload={"site_id": site.pk, "sector_id": sector.pk},
    )
    start = time.perf_counter()
    state = job_execute(job_id=job.pk)
    clustered = time.perf_counter() - start
    job = Job.objects.get(pk=job.pk)
    account.refresh_from_db()
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "rows": args.n,
                "csv_mb": round(len(raw) / 1e6, 1),
                "import_s": round(imported, 2),
                "import_report": {k: report[k] for k in ("created", "updated", "duplicates", "rejected_count")},
                "auto_cluster_job": state,
                "auto_cluster_job_s": round(clustered, 2),
                "clusters": Clusters.objects.filter(site=site).count(),
                "job_result": {k: job.result.get(k) for k in ("clusters_created", "keywords_clustered", "embedded")},
                "credits_charged": 1000 - account.credits,
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                "job_error": job.error,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
