"""Full-article pipeline: one job runs task → content → image prompts → images (offline, real files)."""

from __future__ import annotations

from typing import Any

import pytest

from igny8_core.core.auth.models import Account
from igny8_core.domain.billing.models import CreditUsageLog
from igny8_core.domain.content.models import Content, Images, Tasks
from igny8_core.domain.jobs.models import Job
from igny8_core.infrastructure.messaging.job_runner import job_execute
from igny8_core.infrastructure.storage.file_storage import file_storage
from tests.conftest import Tenant
from tests.factories import TaskFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]

URL = "/api/v1/writer/tasks/generate_article/"
OUTLINE = [
    {"heading": "What Is Organic Fertilizer?", "points": ["Definition"]},
    {"heading": "How to Apply It", "points": ["Timing", "Amounts"]},
    {"heading": "Common Mistakes", "points": ["Overfeeding"]},
]


def task_for(tenant: Tenant) -> Tasks:
    return TaskFactory.create(
        sector=tenant.sector,
        title="Organic Fertilizer: The Complete Guide",
        primary_keyword="organic fertilizer",
        secondary_keywords=["homemade organic fertilizer"],
        outline=OUTLINE,
        content_structure="guide",
        target_word_count=800,
    )


def test_one_job_writes_the_article_its_prompts_and_images_and_charges_each_step(
    tenant: Tenant, django_capture_on_commit_callbacks: Any
):
    task = task_for(tenant)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = tenant.client.post(URL, {"ids": [task.pk], "in_article_count": 2}, format="json")

    assert response.status_code == 202
    assert len(callbacks) == 1
    parent = Job.objects.get(pk=response.json()["data"]["job_id"])
    assert parent.kind == "writer.full_article"

    assert job_execute(job_id=parent.pk) == "succeeded", Job.objects.get(pk=parent.pk).error

    parent.refresh_from_db()
    content = Content.objects.get(task=task)
    images = list(Images.objects.filter(content=content).order_by("image_type", "position"))
    assert [i.image_type for i in images] == ["featured", "in_article", "in_article"]
    assert all(i.status == "generated" and file_storage.exists(tenant.site.pk, i.file_path) for i in images)
    assert content.html.count("data-image-id=") == 2  # in-article images placed in the HTML
    assert (parent.status, parent.progress) == ("succeeded", 100)
    assert parent.result["content_ids"] == [content.pk]
    assert parent.result["images_generated"] == 3
    children = Job.objects.filter(pk__in=parent.result["steps"].values())
    assert sorted(c.kind for c in children) == [
        "ai.generate_content",
        "ai.generate_image_prompts",
        "ai.generate_images",
    ]
    assert {c.status for c in children} == {"succeeded"}
    content_credits = -(-content.word_count // 100)
    expected = content_credits + 2 + 3 * 5
    assert parent.credits_used == expected
    assert Account.objects.get(pk=tenant.account.pk).credits == 1000 - expected
    assert sorted(CreditUsageLog.objects.values_list("operation_type", flat=True)) == [
        "content_generation",
        "image_generation",
        "image_prompt_extraction",
    ]


def test_a_redelivered_pipeline_does_not_redo_committed_steps(tenant: Tenant):
    task = task_for(tenant)
    response = tenant.client.post(URL, {"ids": [task.pk]}, format="json")
    parent_id = response.json()["data"]["job_id"]
    assert job_execute(job_id=parent_id) == "succeeded"
    spent = Account.objects.get(pk=tenant.account.pk).credits

    Job.objects.filter(pk=parent_id).update(status="running")  # as if the worker died before finishing
    assert job_execute(job_id=parent_id) == "succeeded"

    assert Account.objects.get(pk=tenant.account.pk).credits == spent
    assert Content.objects.count() == 1
    assert Images.objects.count() == 3


def test_not_enough_credits_for_the_whole_article_is_402_up_front(tenant: Tenant):
    task = task_for(tenant)
    Account.objects.filter(pk=tenant.account.pk).update(credits=20)

    response = tenant.client.post(URL, {"ids": [task.pk]}, format="json")

    assert response.status_code == 402
    assert Job.objects.count() == 0
    assert Account.objects.get(pk=tenant.account.pk).credits == 20


def test_a_strangers_task_is_refused_and_a_viewer_cannot_start(tenant: Tenant, stranger: Tenant):
    theirs = task_for(stranger)
    mine = TaskFactory.create(sector=tenant.sector)
    _, viewer = tenant.member("viewer", sites=[tenant.site])

    refused = tenant.client.post(URL, {"ids": [theirs.pk]}, format="json")
    forbidden = viewer.post(URL, {"ids": [mine.pk]}, format="json")

    assert refused.status_code == 400
    assert forbidden.status_code == 403
    assert Job.objects.count() == 0
    assert Content.objects.count() == 0
