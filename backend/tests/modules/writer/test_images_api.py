"""/api/v1/writer/images/ and POST /api/v1/writer/content/generate_image_prompts/: jobs (202), list,
retrieve, delete (file and figure go), regenerate, file serving; tenant isolation on every endpoint
(another account's image is a 404 exactly like a missing one, never listed, never served) and roles
(a viewer reads but cannot generate or delete)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.test import TestCase
from PIL import Image

from igny8_core.core.auth.models import Account
from igny8_core.domain.billing.models import CreditTransaction
from igny8_core.domain.content.models import Content, ContentVersion, Images
from igny8_core.domain.jobs.models import Job
from igny8_core.infrastructure.messaging.job_runner import job_execute
from tests.conftest import Tenant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]

IMAGES = "/api/v1/writer/images/"
PROMPTS = "/api/v1/writer/content/generate_image_prompts/"
GENERATE = f"{IMAGES}generate_images/"
HTML = "<p>Intro</p><h2>One</h2><p>a</p><h2>Two</h2><p>b</p><h2>Three</h2><p>c</p><h2>Four</h2><p>d</p>"
NOT_FOUND = {"success": False, "error": "Not found.", "errors": {}}


@pytest.fixture(autouse=True)
def storage_dir(settings: Any, tmp_path: Path) -> Path:
    settings.STORAGE_DIR = tmp_path / "storage"
    return Path(settings.STORAGE_DIR)


def make_content(tenant: Tenant, title: str = "Green Tea Guide") -> Content:
    return Content.objects.create(
        account=tenant.account,
        site=tenant.site,
        sector=tenant.sector,
        title=title,
        slug=title.lower().replace(" ", "-"),
        html=HTML,
        primary_keyword="green tea",
    )


def make_image(content: Content, position: int = 1, image_type: str = "in_article") -> Images:
    return Images.objects.create(
        account=content.account,
        site=content.site,
        sector=content.sector,
        content=content,
        image_type=image_type,
        position=position,
        prompt=f"Tea scene {position}",
        alt_text=f"Tea {position}",
    )


def run_latest_job() -> Job:
    job = Job.objects.order_by("-pk").first()
    assert job is not None
    with TestCase.captureOnCommitCallbacks(execute=True):
        job_execute(job_id=job.pk)
    return Job.objects.get(pk=job.pk)


def generated(tenant: Tenant, *positions: int) -> tuple[Content, list[Images]]:
    """Content with generated offline images at ``positions`` (run through the real endpoint and job)."""
    content = make_content(tenant)
    images = [make_image(content, p) for p in positions]
    response = tenant.client.post(GENERATE, {"ids": [i.pk for i in images]}, format="json")
    assert response.status_code == 202, response.content
    assert run_latest_job().status == "succeeded"
    for image in images:
        image.refresh_from_db()
    content.refresh_from_db()
    return content, images


def snapshot() -> dict[str, list[Any]]:
    return {
        "images": list(Images.objects.order_by("pk").values()),
        "content": list(Content.objects.order_by("pk").values()),
        "versions": list(ContentVersion.objects.order_by("pk").values()),
        "jobs": list(Job.objects.order_by("pk").values()),
        "credits": list(Account.objects.order_by("pk").values_list("credits", flat=True)),
    }


def files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


# --- jobs ------------------------------------------------------------------------------------------


def test_generate_image_prompts_answers_202_and_the_job_creates_prompts_for_2_credits(tenant: Tenant):
    content = make_content(tenant)

    response = tenant.client.post(PROMPTS, {"ids": [content.pk], "in_article_count": 3}, format="json")

    assert response.status_code == 202, response.content
    job = Job.objects.get()
    assert response.json()["data"] == {"job_id": job.pk, "status": "queued"}
    assert (job.kind, job.payload, job.site_id) == (
        "ai.generate_image_prompts",
        {"ids": [content.pk], "in_article_count": 3},
        tenant.site.pk,
    )
    assert run_latest_job().status == "succeeded"
    assert list(Images.objects.values_list("image_type", "position")) == [
        ("featured", 0),
        ("in_article", 1),
        ("in_article", 3),
        ("in_article", 4),
    ]
    assert Account.objects.get(pk=tenant.account.pk).credits == 998


def test_generate_images_answers_202_and_charges_5_per_image(tenant: Tenant, storage_dir: Path):
    content, images = generated(tenant, 1, 3)

    job = Job.objects.get()
    assert (job.kind, job.payload, job.credits_used) == (
        "ai.generate_images",
        {"ids": [i.pk for i in images], "file_format": "webp"},
        10,
    )
    assert [i.status for i in images] == ["generated", "generated"]
    assert len(files(storage_dir)) == 2
    assert content.html.index(f'data-image-id="{images[0].pk}"') < content.html.index("<h2>Two</h2>")
    assert content.html.index(f'data-image-id="{images[1].pk}"') > content.html.index("<h2>Three</h2>")
    assert Account.objects.get(pk=tenant.account.pk).credits == 990


def test_more_than_6_images_per_request_is_400(tenant: Tenant):
    content = make_content(tenant)
    images = [make_image(content, p) for p in range(1, 8)]
    before = snapshot()

    response = tenant.client.post(GENERATE, {"ids": [i.pk for i in images]}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"ids": ["At most 6 images per request."]}
    assert snapshot() == before


def test_generate_requests_are_validated(tenant: Tenant):
    before = snapshot()
    answers = [
        tenant.client.post(GENERATE, {"ids": []}, format="json"),
        tenant.client.post(GENERATE, {"ids": ["x"]}, format="json"),
        tenant.client.post(GENERATE, {"ids": [1], "file_format": "gif"}, format="json"),
        tenant.client.post(PROMPTS, {"ids": []}, format="json"),
        tenant.client.post(PROMPTS, {"ids": [1], "in_article_count": 7}, format="json"),
    ]
    assert [a.status_code for a in answers] == [400] * 5
    assert snapshot() == before


def test_not_enough_credits_is_402_and_queues_nothing(tenant: Tenant):
    Account.objects.filter(pk=tenant.account.pk).update(credits=9)
    content = make_content(tenant)
    images = [make_image(content, p) for p in (1, 2)]

    response = tenant.client.post(GENERATE, {"ids": [i.pk for i in images]}, format="json")

    assert response.status_code == 402
    assert Job.objects.count() == 0


def test_regenerate_answers_202_with_a_job_for_that_image(tenant: Tenant, storage_dir: Path):
    _, [image] = generated(tenant, 2)

    response = tenant.client.post(f"{IMAGES}{image.pk}/regenerate/", {"file_format": "png"}, format="json")

    assert response.status_code == 202, response.content
    job = Job.objects.order_by("-pk").first()
    assert job is not None
    assert (job.kind, job.payload) == ("ai.generate_images", {"ids": [image.pk], "file_format": "png"})
    assert run_latest_job().credits_used == 5
    image.refresh_from_db()
    assert image.file_format == "png"
    assert files(storage_dir) == [f"{tenant.site.pk}/{image.file_path}"]  # the old file is gone


# --- list, retrieve, delete, file ------------------------------------------------------------------


def test_list_filters_by_content_and_retrieve_shows_the_file_url(tenant: Tenant):
    content, [image] = generated(tenant, 1)
    other = make_content(tenant, "Other")
    pending = make_image(other, 2)

    everything = tenant.client.get(IMAGES)
    only = tenant.client.get(IMAGES, {"content": content.pk})
    detail = tenant.client.get(f"{IMAGES}{pending.pk}/")

    assert [r["id"] for r in everything.json()["results"]] == [image.pk, pending.pk]
    assert [r["id"] for r in only.json()["results"]] == [image.pk]
    row = only.json()["results"][0]
    assert (row["status"], row["file_url"], row["width"], row["height"], row["file_format"]) == (
        "generated",
        f"/api/v1/writer/images/{image.pk}/file/",
        1200,
        800,
        "webp",
    )
    assert "file_path" not in row
    assert (detail.status_code, detail.json()["data"]["file_url"], detail.json()["data"]["status"]) == (
        200,
        None,
        "pending",
    )
    assert tenant.client.get(IMAGES, {"content": "x"}).status_code == 400


def test_the_file_is_served_to_members_who_can_see_it(tenant: Tenant, storage_dir: Path):
    _, [image] = generated(tenant, 1)
    _, viewer = tenant.member("viewer", sites=[tenant.site])

    response = viewer.get(f"{IMAGES}{image.pk}/file/")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    body = response.getvalue()
    assert body == (storage_dir / str(tenant.site.pk) / image.file_path).read_bytes()
    with Image.open(io.BytesIO(body)) as img:
        assert (img.format, img.size) == ("WEBP", (1200, 800))


def test_a_pending_image_or_a_lost_file_is_404(tenant: Tenant, storage_dir: Path):
    _, [image] = generated(tenant, 1)
    pending = make_image(make_content(tenant, "P"), 1)
    (storage_dir / str(tenant.site.pk) / image.file_path).unlink()

    assert tenant.client.get(f"{IMAGES}{pending.pk}/file/").status_code == 404
    assert tenant.client.get(f"{IMAGES}{image.pk}/file/").status_code == 404


def test_delete_removes_the_file_the_figure_and_records_a_version(tenant: Tenant, storage_dir: Path):
    content, [keep, gone] = generated(tenant, 1, 2)

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = tenant.client.delete(f"{IMAGES}{gone.pk}/")

    assert response.status_code == 200
    assert response.json()["message"] == "Image deleted."
    assert list(Images.objects.values_list("pk", flat=True)) == [keep.pk]
    assert files(storage_dir) == [f"{tenant.site.pk}/{keep.file_path}"]
    content.refresh_from_db()
    assert f'data-image-id="{gone.pk}"' not in content.html
    assert f'data-image-id="{keep.pk}"' in content.html
    latest = ContentVersion.objects.filter(content=content).order_by("-version").first()
    assert latest is not None
    assert (latest.source, latest.summary, latest.snapshot["html"]) == (
        "system",
        f"Image {gone.pk} removed",
        content.html,
    )


# --- another account -------------------------------------------------------------------------------


def test_another_accounts_images_are_404_like_missing_and_never_listed(
    tenant: Tenant, stranger: Tenant, storage_dir: Path
):
    _, [theirs] = generated(stranger, 1)
    missing = theirs.pk + 1000
    before = snapshot()
    stored = files(storage_dir)

    for pk in (theirs.pk, missing):
        for method, url in (
            ("get", f"{IMAGES}{pk}/"),
            ("get", f"{IMAGES}{pk}/file/"),
            ("delete", f"{IMAGES}{pk}/"),
            ("post", f"{IMAGES}{pk}/regenerate/"),
        ):
            with TestCase.captureOnCommitCallbacks(execute=True):
                response = getattr(tenant.client, method)(url, format="json")
            assert response.status_code == 404, (method, url)
            body = response.json()
            body.pop("request_id", None)
            assert body == NOT_FOUND, (method, url)
    assert tenant.client.get(IMAGES).json()["results"] == []
    assert tenant.client.get(IMAGES, {"content": theirs.content_id}).json()["results"] == []
    assert snapshot() == before
    assert files(storage_dir) == stored


def test_cannot_generate_for_another_accounts_content_or_images(tenant: Tenant, stranger: Tenant):
    their_content = make_content(stranger)
    their_image = make_image(their_content, 1)
    before = snapshot()

    prompts = tenant.client.post(PROMPTS, {"ids": [their_content.pk]}, format="json")
    images = tenant.client.post(GENERATE, {"ids": [their_image.pk]}, format="json")
    missing = tenant.client.post(GENERATE, {"ids": [their_image.pk + 1000]}, format="json")

    assert (prompts.status_code, prompts.json()["errors"]) == (400, {"ids": [f"No such content: {their_content.pk}."]})
    assert (images.status_code, images.json()["errors"]) == (400, {"ids": [f"No such image: {their_image.pk}."]})
    assert (missing.status_code, missing.json()["errors"]) == (
        400,
        {"ids": [f"No such image: {their_image.pk + 1000}."]},
    )
    assert snapshot() == before


def test_a_member_without_access_to_the_site_sees_nothing(tenant: Tenant):
    _, [image] = generated(tenant, 1)
    _, editor = tenant.member("editor", sites=[])

    assert editor.get(IMAGES).json()["results"] == []
    assert editor.get(f"{IMAGES}{image.pk}/").status_code == 404
    assert editor.get(f"{IMAGES}{image.pk}/file/").status_code == 404
    assert editor.post(GENERATE, {"ids": [image.pk]}, format="json").status_code == 400


# --- roles -----------------------------------------------------------------------------------------


def test_a_viewer_reads_but_cannot_generate_regenerate_or_delete(tenant: Tenant, storage_dir: Path):
    content, [image] = generated(tenant, 1)
    _, viewer = tenant.member("viewer", sites=[tenant.site])
    before = snapshot()
    stored = files(storage_dir)

    answers = [
        viewer.post(PROMPTS, {"ids": [content.pk]}, format="json"),
        viewer.post(GENERATE, {"ids": [image.pk]}, format="json"),
        viewer.post(f"{IMAGES}{image.pk}/regenerate/", {}, format="json"),
        viewer.delete(f"{IMAGES}{image.pk}/"),
    ]

    assert [a.status_code for a in answers] == [403] * 4
    assert answers[0].json()["error"] == "Your role (viewer) cannot do this; it needs editor or higher."
    assert viewer.get(f"{IMAGES}{image.pk}/").status_code == 200
    assert snapshot() == before
    assert files(storage_dir) == stored
    assert CreditTransaction.objects.filter(account=tenant.account).count() == 1  # the setup's generation


def test_anonymous_is_401(client: Any):
    assert client.get(IMAGES).status_code == 401
    assert client.post(PROMPTS, {"ids": [1]}, content_type="application/json").status_code == 401
