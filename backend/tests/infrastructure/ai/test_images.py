"""Images through the AI engine: the offline renderer (real WebP/PNG), image prompts placed after
H2s, generated files through FileStorageService with the site's quota, figures in the HTML, and
OpenAI Images / Runware at the HTTP boundary (a real local server). 2 credits per content for
prompts, 5 per image actually generated; a failed image is marked failed and never charged."""

from __future__ import annotations

import base64
import io
import json
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from django.test import TestCase
from PIL import Image

from igny8_core.core.auth.models import Account, Site
from igny8_core.core.auth.selectors import tenant_context_resolve
from igny8_core.domain.ai.models import AISettings
from igny8_core.domain.ai.services import ai_settings_update
from igny8_core.domain.billing.models import CreditTransaction, CreditUsageLog
from igny8_core.domain.content.models import Content, ContentVersion, Images
from igny8_core.domain.jobs.models import Job
from igny8_core.infrastructure.ai.functions.generate_image_prompts import h2_headings, spread_positions
from igny8_core.infrastructure.ai.offline.images import render_image, site_palette
from igny8_core.infrastructure.ai.providers import http as provider_http
from igny8_core.infrastructure.ai.providers import images as images_provider
from igny8_core.infrastructure.messaging.job_runner import job_execute
from igny8_core.infrastructure.storage.file_storage import FileStorageService
from igny8_core.shared.exceptions import StorageQuotaExceeded
from tests.conftest import Tenant
from tests.infrastructure.ai.conftest import FakeAIServer, Reply, openai_chat, openai_error, queue_ai_job

pytestmark = pytest.mark.django_db

OPENAI_KEY = "sk-live-images-0123456789abcdef"
RUNWARE_KEY = "rw-images-fedcba9876543210"
HTML = "<p>Intro</p><h2>Choosing tea</h2><p>a</p><h2>Water</h2><p>b</p><h2>Timing</h2><p>c</p><h2>Serving</h2><p>d</p>"


@pytest.fixture(autouse=True)
def storage_dir(settings: Any, tmp_path: Path) -> Path:
    settings.STORAGE_DIR = tmp_path / "storage"
    return Path(settings.STORAGE_DIR)


@pytest.fixture(autouse=True)
def image_retry_sleeps(retry_sleeps: list[float], monkeypatch: pytest.MonkeyPatch) -> list[float]:
    monkeypatch.setattr(images_provider, "post_json", partial(provider_http.post_json, sleep=retry_sleeps.append))
    return retry_sleeps


# --- helpers -----------------------------------------------------------------------------------------


def balance(account: Account) -> int:
    return Account.objects.values_list("credits", flat=True).get(pk=account.pk)


def make_content(tenant: Tenant, *, title: str = "How to Brew Green Tea", html: str = HTML) -> Content:
    return Content.objects.create(
        account=tenant.account,
        site=tenant.site,
        sector=tenant.sector,
        title=title,
        slug=title.lower().replace(" ", "-"),
        html=html,
        primary_keyword="how to brew green tea",
    )


def make_image(content: Content, *, image_type: str = "in_article", position: int = 1, **extra: Any) -> Images:
    return Images.objects.create(
        account=content.account,
        site=content.site,
        sector=content.sector,
        content=content,
        image_type=image_type,
        position=position,
        prompt=f"A teapot for section {position}",
        alt_text=f"Teapot {position}",
        **extra,
    )


def run(tenant: Tenant, function: str, payload: dict[str, Any]) -> Job:
    job = queue_ai_job(user=tenant.owner, account=tenant.account, function=function, payload=payload)
    with TestCase.captureOnCommitCallbacks(execute=True):  # as after a real commit (old files go)
        job_execute(job_id=job.pk)
    return Job.objects.get(pk=job.pk)


def use_image_provider(tenant: Tenant, provider: str, base_url: str, model: str = "") -> None:
    ctx = tenant_context_resolve(user=tenant.owner, account_id=str(tenant.account.pk))
    assert ctx is not None
    ai_settings_update(tenant=ctx, data={}, api_keys={"openai": OPENAI_KEY, "runware": RUNWARE_KEY})
    conf = {"provider": provider, "base_url": base_url}
    if model:
        conf["model"] = model
    # The settings API does not accept base_url or runware yet; the row is what the engine reads.
    AISettings.objects.filter(account=tenant.account).update(function_settings={"generate_images": conf})


def png_bytes(width: int = 64, height: int = 48, colour: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def openai_image(data: bytes) -> dict[str, Any]:
    return {"created": 1735689600, "data": [{"b64_json": base64.b64encode(data).decode()}]}


def runware_image(data: bytes | None = None, url: str | None = None) -> dict[str, Any]:
    item: dict[str, Any] = {"taskType": "imageInference", "taskUUID": "t-1", "imageUUID": "i-1"}
    if data is not None:
        item["imageBase64Data"] = base64.b64encode(data).decode()
    if url is not None:
        item["imageURL"] = url
    return {"data": [item]}


def decoded(path: Path) -> tuple[str, tuple[int, int]]:
    with Image.open(path) as img:
        img.load()
        return str(img.format), img.size


def stored_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def assert_not_charged(tenant: Tenant, credits: int = 1000) -> None:
    assert CreditTransaction.objects.filter(account=tenant.account).count() == 0
    assert CreditUsageLog.objects.filter(account=tenant.account).count() == 0
    assert balance(tenant.account) == credits


# --- the offline renderer -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "file_format", "pil_format", "size"),
    [("featured", "webp", "WEBP", (1200, 630)), ("in_article", "png", "PNG", (1200, 800))],
)
def test_offline_renderer_makes_a_real_image_of_the_right_size(kind: Any, file_format: Any, pil_format, size):
    rendered = render_image(
        title="How to Brew Green Tea: a Complete Guide for Beginners and Experts Alike",
        keyword="how to brew green tea",
        site_seed="tea.example.com",
        kind=kind,
        file_format=file_format,
    )

    with Image.open(io.BytesIO(rendered.data)) as img:
        img.load()
        assert (img.format, img.size, img.mode) == (pil_format, size, "RGB")
        colours = img.getcolors(maxcolors=1_000_000)
    assert colours is not None
    assert len(colours) > 10
    assert (rendered.width, rendered.height, rendered.file_format) == (*size, file_format)
    assert rendered.mime_type == f"image/{file_format}"


def test_offline_design_is_deterministic_per_site():
    one = render_image(title="T", keyword="k", site_seed="tea.example.com")
    again = render_image(title="T", keyword="k", site_seed="tea.example.com")
    other = render_image(title="T", keyword="k", site_seed="coffee.example.com")

    assert one.data == again.data
    assert one.data != other.data
    assert site_palette("tea.example.com") == site_palette("TEA.example.com ")
    assert site_palette("tea.example.com") != site_palette("coffee.example.com")


def test_headings_and_positions():
    assert h2_headings(HTML) == ["Choosing tea", "Water", "Timing", "Serving"]
    assert h2_headings('<H2 class="x">A <em>b</em></H2>') == ["A b"]
    assert spread_positions(4, 2) == [2, 4]
    assert spread_positions(5, 3) == [1, 3, 5]
    assert spread_positions(1, 2) == [1]
    assert spread_positions(0, 2) == []


# --- generate_image_prompts ------------------------------------------------------------------------


def test_offline_image_prompts_are_placed_after_h2s_and_charged_2_per_content(tenant: Tenant, reference_data):
    first = make_content(tenant)
    second = make_content(tenant, title="No Sections", html="<p>Only a paragraph.</p>")

    job = run(tenant, "generate_image_prompts", {"ids": [first.pk, second.pk]})

    assert (job.status, job.error, job.credits_used) == ("succeeded", "", 4)
    rows = list(Images.objects.filter(content=first).values_list("image_type", "position", "status"))
    assert rows == [("featured", 0, "pending"), ("in_article", 2, "pending"), ("in_article", 4, "pending")]
    texts = dict(Images.objects.filter(content=first, image_type="in_article").values_list("position", "alt_text"))
    assert texts == {2: "Water – how to brew green tea", 4: "Serving – how to brew green tea"}
    assert list(Images.objects.filter(content=second).values_list("image_type", flat=True)) == ["featured"]
    assert Images.objects.get(content=first, image_type="featured").alt_text == "How to Brew Green Tea"
    assert {(i.account_id, i.site_id, i.sector_id) for i in Images.objects.all()} == {
        (tenant.account.pk, tenant.site.pk, tenant.sector.pk)
    }
    [log] = CreditUsageLog.objects.filter(account=tenant.account)
    assert (log.operation_type, log.credits_used) == ("image_prompt_extraction", 4)
    assert balance(tenant.account) == 996


def test_rerunning_prompts_replaces_pending_ones_and_keeps_generated_images(tenant: Tenant, reference_data):
    content = make_content(tenant)
    run(tenant, "generate_image_prompts", {"ids": [content.pk]})
    generated = Images.objects.get(content=content, position=2)
    Images.objects.filter(pk=generated.pk).update(status="generated", file_path="images/x.webp", prompt="old")

    job = run(tenant, "generate_image_prompts", {"ids": [content.pk], "in_article_count": 2})

    assert job.status == "succeeded"
    rows = list(Images.objects.filter(content=content).values_list("image_type", "position", "status"))
    assert rows == [("featured", 0, "pending"), ("in_article", 2, "generated"), ("in_article", 4, "pending")]
    kept = Images.objects.get(pk=generated.pk)
    assert (kept.file_path, kept.prompt.startswith("Illustration of")) == ("images/x.webp", True)
    assert job.result["prompts_updated"] == 1


def test_llm_image_prompts_use_the_chat_provider_and_drop_unplaceable_positions(
    tenant: Tenant, reference_data, fake_ai: FakeAIServer
):
    ctx = tenant_context_resolve(user=tenant.owner, account_id=str(tenant.account.pk))
    assert ctx is not None
    ai_settings_update(
        tenant=ctx,
        data={"provider": "openai", "openai_base_url": fake_ai.url, "default_model": "gpt-4o-mini"},
        api_keys={"openai": OPENAI_KEY},
    )
    content = make_content(tenant)
    answer = {
        "featured": {"prompt": "A steaming cup of green tea on a wooden table", "alt_text": "Green tea cup"},
        "in_article": [
            {"position": 3, "prompt": "A timer next to a teapot, soft light", "alt_text": "Steeping timer"},
            {"position": 9, "prompt": "A section that does not exist at all", "alt_text": "Nowhere"},
            {"position": 1, "prompt": "Loose leaf tea varieties in bowls", "alt_text": "Tea varieties"},
        ],
    }
    fake_ai.reply(Reply(200, openai_chat(json.dumps(answer), prompt_tokens=300, completion_tokens=120)))

    job = run(tenant, "generate_image_prompts", {"ids": [content.pk]})

    assert (job.status, job.error, job.credits_used) == ("succeeded", "", 2)
    [request] = fake_ai.requests
    assert request.path == "/chat/completions"
    assert "1. Choosing tea\n2. Water\n3. Timing\n4. Serving" in request.body["messages"][1]["content"]
    assert request.body["response_format"]["json_schema"]["name"] == "generate_image_prompts"
    rows = list(Images.objects.filter(content=content).values_list("image_type", "position", "alt_text"))
    assert rows == [
        ("featured", 0, "Green tea cup"),
        ("in_article", 1, "Tea varieties"),
        ("in_article", 3, "Steeping timer"),
    ]
    assert set(Images.objects.values_list("generated_by", flat=True)) == {"openai:gpt-4o-mini"}
    [log] = CreditUsageLog.objects.filter(account=tenant.account)
    assert (log.metadata["calls"], log.metadata["tokens_in"]) == (1, 300)


# --- generate_images, offline ------------------------------------------------------------------------


def test_offline_images_are_stored_inserted_after_their_h2_and_charged_5_each(
    tenant: Tenant, reference_data, storage_dir: Path
):
    content = make_content(tenant)
    featured = make_image(content, image_type="featured", position=0)
    second = make_image(content, position=2)
    fourth = make_image(content, position=4)

    job = run(tenant, "generate_images", {"ids": [featured.pk, second.pk, fourth.pk]})

    assert (job.status, job.error, job.credits_used) == ("succeeded", "", 15)
    assert job.result["generated"] == 3
    assert job.result["failed"] == 0
    site_dir = storage_dir / str(tenant.site.pk)
    assert stored_files(storage_dir) == sorted(
        f"{tenant.site.pk}/images/{content.pk}/{i.pk}-{job.pk}.webp" for i in (featured, second, fourth)
    )
    for image, size in ((featured, (1200, 630)), (second, (1200, 800)), (fourth, (1200, 800))):
        image.refresh_from_db()
        assert (image.status, image.width, image.height, image.file_format, image.provider) == (
            "generated",
            *size,
            "webp",
            "offline",
        )
        assert decoded(site_dir / image.file_path) == ("WEBP", size)
        assert image.size_bytes == (site_dir / image.file_path).stat().st_size
        assert image.url == f"/api/v1/writer/images/{image.pk}/file/"

    content.refresh_from_db()
    html = content.html
    figure = (
        '<figure class="igny8-image"><img src="/api/v1/writer/images/{}/file/" alt="{}" width="1200" '
        'height="800" loading="lazy" data-image-id="{}"></figure>'
    )
    assert html == (
        "<p>Intro</p><h2>Choosing tea</h2><p>a</p><h2>Water</h2>"
        + figure.format(second.pk, "Teapot 2", second.pk)
        + "<p>b</p><h2>Timing</h2><p>c</p><h2>Serving</h2>"
        + figure.format(fourth.pk, "Teapot 4", fourth.pk)
        + "<p>d</p>"
    )
    assert f'data-image-id="{featured.pk}"' not in html  # the featured image is not part of the body
    [version] = ContentVersion.objects.filter(content=content)
    assert (version.source, version.changed_fields, version.snapshot["html"]) == ("system", ["html"], html)

    [tx] = CreditTransaction.objects.filter(account=tenant.account)
    assert tx.amount == -15
    [log] = CreditUsageLog.objects.filter(account=tenant.account)
    assert (log.operation_type, log.credits_used) == ("image_generation", 15)
    assert balance(tenant.account) == 985


def test_regenerating_replaces_the_figure_and_the_old_file(tenant: Tenant, reference_data, storage_dir: Path):
    content = make_content(tenant)
    image = make_image(content, position=1)
    first = run(tenant, "generate_images", {"ids": [image.pk]})
    Images.objects.filter(pk=image.pk).update(position=3, alt_text='Moved "tea" <b>')

    second = run(tenant, "generate_images", {"ids": [image.pk], "file_format": "png"})

    assert (first.credits_used, second.credits_used) == (5, 5)
    assert stored_files(storage_dir) == [f"{tenant.site.pk}/images/{content.pk}/{image.pk}-{second.pk}.png"]
    content.refresh_from_db()
    assert content.html.count(f'data-image-id="{image.pk}"') == 1
    assert content.html.index("data-image-id") > content.html.index("<h2>Timing</h2>")
    assert 'alt="Moved &quot;tea&quot; &lt;b&gt;"' in content.html
    assert ContentVersion.objects.filter(content=content).count() == 2
    assert balance(tenant.account) == 990


def test_a_full_storage_quota_writes_nothing_and_charges_nothing(
    tenant: Tenant, reference_data, storage_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    content = make_content(tenant)
    images = [make_image(content, position=p) for p in (1, 2)]
    before = list(Images.objects.order_by("pk").values())
    monkeypatch.setattr(FileStorageService, "get_site_quota", lambda self, site: 20_000)  # < two images

    job = run(tenant, "generate_images", {"ids": [i.pk for i in images]})

    assert job.status == "failed"
    assert job.error.startswith("This site's storage is full: 0 bytes of 19.5 KB used, ")
    assert stored_files(storage_dir) == []
    assert list(Images.objects.order_by("pk").values()) == before
    content.refresh_from_db()
    assert content.html == HTML
    assert ContentVersion.objects.count() == 0
    assert_not_charged(tenant)
    assert (job.credits_used, job.committed_at) == (0, None)


def test_a_quota_full_on_the_second_write_leaves_no_file(
    tenant: Tenant, reference_data, storage_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    content = make_content(tenant)
    images = [make_image(content, position=p) for p in (1, 2)]
    real_check = FileStorageService.check_quota
    calls: list[int] = []

    def full(self: FileStorageService, site: Site, size: int, *, replacing: int = 0) -> None:
        calls.append(size)
        if len(calls) == 3:  # the batch check, the first write, then the second write finds it full
            raise StorageQuotaExceeded(quota_bytes=1, used_bytes=1, needed_bytes=size)
        real_check(self, site, size, replacing=replacing)

    monkeypatch.setattr(FileStorageService, "check_quota", full)

    job = run(tenant, "generate_images", {"ids": [i.pk for i in images]})

    assert (job.status, len(calls)) == ("failed", 3)
    assert stored_files(storage_dir) == []  # the first image's file was removed again
    assert set(Images.objects.values_list("status", flat=True)) == {"pending"}
    assert_not_charged(tenant)


# --- OpenAI Images --------------------------------------------------------------------------------


def test_openai_images_success(tenant: Tenant, reference_data, fake_ai: FakeAIServer, storage_dir: Path):
    use_image_provider(tenant, "openai", fake_ai.url)
    content = make_content(tenant)
    featured = make_image(content, image_type="featured", position=0)
    fake_ai.reply(Reply(200, openai_image(png_bytes(96, 64))))

    job = run(tenant, "generate_images", {"ids": [featured.pk]})

    assert (job.status, job.error, job.credits_used) == ("succeeded", "", 5)
    [request] = fake_ai.requests
    assert (request.method, request.path) == ("POST", "/images/generations")
    assert request.headers["authorization"] == f"Bearer {OPENAI_KEY}"
    assert request.body == {"model": "gpt-image-1", "prompt": "A teapot for section 0", "n": 1, "size": "1536x1024"}
    featured.refresh_from_db()
    assert (featured.status, featured.provider, featured.generated_by, featured.file_format) == (
        "generated",
        "openai",
        "openai:gpt-image-1",
        "png",
    )
    assert decoded(storage_dir / str(tenant.site.pk) / featured.file_path) == ("PNG", (96, 64))
    [log] = CreditUsageLog.objects.filter(account=tenant.account)
    assert (log.credits_used, log.metadata["provider"], log.metadata["calls"]) == (5, "openai", 1)


def test_openai_images_429_is_retried(
    tenant: Tenant, reference_data, fake_ai: FakeAIServer, image_retry_sleeps: list[float]
):
    use_image_provider(tenant, "openai", fake_ai.url, model="dall-e-3")
    content = make_content(tenant)
    image = make_image(content, position=1)
    fake_ai.reply(
        Reply(429, openai_error("Rate limit reached", "rate_limit_exceeded"), headers={"Retry-After": "3"}),
        Reply(200, openai_image(png_bytes())),
    )

    job = run(tenant, "generate_images", {"ids": [image.pk]})

    assert (job.status, job.credits_used) == ("succeeded", 5)
    assert image_retry_sleeps == [3.0]
    assert [r.path for r in fake_ai.requests] == ["/images/generations"] * 2
    assert fake_ai.requests[0].body["response_format"] == "b64_json"  # DALL·E answers URLs otherwise
    assert fake_ai.requests[0].body["size"] == "1536x1024"


def test_openai_images_500_marks_the_image_failed_and_charges_nothing(
    tenant: Tenant, reference_data, fake_ai: FakeAIServer, storage_dir: Path
):
    use_image_provider(tenant, "openai", fake_ai.url)
    content = make_content(tenant)
    image = make_image(content, position=1)
    fake_ai.reply(*[Reply(500, openai_error("The server had an error"))] * 4)

    job = run(tenant, "generate_images", {"ids": [image.pk]})

    assert job.status == "failed"
    assert job.error.startswith("No image was generated: OpenAI Images answered HTTP 500: The server had an error")
    image.refresh_from_db()
    assert (image.status, image.file_path) == ("failed", "")
    assert "gave up after 4 attempts" in image.error
    assert stored_files(storage_dir) == []
    content.refresh_from_db()
    assert content.html == HTML
    assert_not_charged(tenant)


def test_one_failed_image_does_not_fail_the_others_and_is_not_charged(
    tenant: Tenant, reference_data, fake_ai: FakeAIServer
):
    use_image_provider(tenant, "openai", fake_ai.url)
    content = make_content(tenant)
    bad, good = make_image(content, position=1), make_image(content, position=2)
    fake_ai.reply(
        Reply(400, openai_error("Your prompt was rejected by the safety system", "invalid_request_error")),
        Reply(200, openai_image(png_bytes())),
    )

    job = run(tenant, "generate_images", {"ids": [bad.pk, good.pk]})

    assert (job.status, job.credits_used) == ("succeeded", 5)
    assert (job.result["generated"], job.result["failed"], job.result["failed_ids"]) == (1, 1, [bad.pk])
    assert "safety system" in job.message
    statuses = dict(Images.objects.values_list("pk", "status"))
    assert statuses == {bad.pk: "failed", good.pk: "generated"}
    content.refresh_from_db()
    assert f'data-image-id="{good.pk}"' in content.html
    assert f'data-image-id="{bad.pk}"' not in content.html
    assert [t.amount for t in CreditTransaction.objects.filter(account=tenant.account)] == [-5]
    assert balance(tenant.account) == 995


def test_an_answer_that_is_not_an_image_fails_that_image(tenant: Tenant, reference_data, fake_ai: FakeAIServer):
    use_image_provider(tenant, "openai", fake_ai.url)
    image = make_image(make_content(tenant), position=1)
    fake_ai.reply(Reply(200, openai_image(b"definitely not an image")))

    job = run(tenant, "generate_images", {"ids": [image.pk]})

    assert job.status == "failed"
    image.refresh_from_db()
    assert (image.status, image.error) == ("failed", "The provider's image could not be decoded")
    assert_not_charged(tenant)


def test_a_missing_key_fails_the_job_before_any_call(tenant: Tenant, reference_data, fake_ai: FakeAIServer):
    use_image_provider(tenant, "openai", fake_ai.url)
    ctx = tenant_context_resolve(user=tenant.owner, account_id=str(tenant.account.pk))
    assert ctx is not None
    ai_settings_update(tenant=ctx, data={}, api_keys={"openai": None})
    image = make_image(make_content(tenant), position=1)

    job = run(tenant, "generate_images", {"ids": [image.pk]})

    assert (job.status, job.error) == (
        "failed",
        "OpenAI Images is selected but no OpenAI API key is saved in AI settings.",
    )
    assert fake_ai.requests == []
    assert Images.objects.get(pk=image.pk).status == "pending"
    assert_not_charged(tenant)


# --- Runware ---------------------------------------------------------------------------------------


def test_runware_success_with_base64(tenant: Tenant, reference_data, fake_ai: FakeAIServer, storage_dir: Path):
    use_image_provider(tenant, "runware", f"{fake_ai.url}/v1")
    image = make_image(make_content(tenant), position=1)
    webp = render_image(title="x", keyword="y", site_seed="z", kind="in_article").data
    fake_ai.reply(Reply(200, runware_image(webp)))

    job = run(tenant, "generate_images", {"ids": [image.pk]})

    assert (job.status, job.error, job.credits_used) == ("succeeded", "", 5)
    [request] = fake_ai.requests
    assert (request.method, request.path, request.headers["authorization"]) == ("POST", "/v1", f"Bearer {RUNWARE_KEY}")
    auth, task = request.body
    assert auth == {"taskType": "authentication", "apiKey": RUNWARE_KEY}
    assert {k: task[k] for k in ("taskType", "positivePrompt", "model", "width", "height", "numberResults")} == {
        "taskType": "imageInference",
        "positivePrompt": "A teapot for section 1",
        "model": "runware:100@1",
        "width": 1216,
        "height": 832,
        "numberResults": 1,
    }
    image.refresh_from_db()
    assert (image.status, image.provider, image.file_format, image.width, image.height) == (
        "generated",
        "runware",
        "webp",
        1200,
        800,
    )
    assert decoded(storage_dir / str(tenant.site.pk) / image.file_path) == ("WEBP", (1200, 800))


def test_runware_image_url_is_downloaded_and_429_retried(
    tenant: Tenant, reference_data, fake_ai: FakeAIServer, image_retry_sleeps: list[float]
):
    use_image_provider(tenant, "runware", f"{fake_ai.url}/v1")
    image = make_image(make_content(tenant), position=1)
    fake_ai.reply(
        Reply(429, {"errors": [{"code": "rateLimit", "message": "Too many requests"}]}),
        Reply(200, runware_image(url=f"{fake_ai.url}/files/image.webp")),
        Reply(200, png_bytes(32, 32)),
    )

    job = run(tenant, "generate_images", {"ids": [image.pk]})

    assert (job.status, job.credits_used) == ("succeeded", 5)
    assert [(r.method, r.path) for r in fake_ai.requests] == [
        ("POST", "/v1"),
        ("POST", "/v1"),
        ("GET", "/files/image.webp"),
    ]
    assert image_retry_sleeps == [0.5]
    image.refresh_from_db()
    assert (image.width, image.height, image.file_format) == (32, 32, "png")


def test_runware_500_marks_the_image_failed_and_charges_nothing(
    tenant: Tenant, reference_data, fake_ai: FakeAIServer, storage_dir: Path
):
    use_image_provider(tenant, "runware", f"{fake_ai.url}/v1")
    image = make_image(make_content(tenant), position=1)
    fake_ai.reply(*[Reply(500, {"errors": [{"message": "Internal error"}]})] * 4)

    job = run(tenant, "generate_images", {"ids": [image.pk]})

    assert job.status == "failed"
    image.refresh_from_db()
    assert image.status == "failed"
    assert image.error.startswith("Runware answered HTTP 500")
    assert stored_files(storage_dir) == []
    assert_not_charged(tenant)


def test_the_chat_provider_of_the_account_is_not_used_for_images(tenant: Tenant, reference_data, fake_ai):
    ctx = tenant_context_resolve(user=tenant.owner, account_id=str(tenant.account.pk))
    assert ctx is not None
    ai_settings_update(tenant=ctx, data={"provider": "openai", "openai_base_url": fake_ai.url}, api_keys={})
    image = make_image(make_content(tenant), position=1)

    job = run(tenant, "generate_images", {"ids": [image.pk]})

    assert (job.status, job.result["provider"]) == ("succeeded", "offline")
    assert fake_ai.requests == []


def test_an_image_deleted_while_generating_is_neither_stored_nor_charged(
    tenant: Tenant, reference_data, storage_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    from igny8_core.infrastructure.ai.functions.generate_images import GenerateImages

    content = make_content(tenant)
    kept, deleted = make_image(content, position=1), make_image(content, position=2)
    real_run = GenerateImages.run_offline

    def run_then_delete(self: GenerateImages, ctx: Any, data: Any) -> Any:
        output = real_run(self, ctx, data)
        Images.objects.filter(pk=deleted.pk).delete()  # the user deletes it meanwhile
        return output

    monkeypatch.setattr(GenerateImages, "run_offline", run_then_delete)

    job = run(tenant, "generate_images", {"ids": [kept.pk, deleted.pk]})

    assert (job.status, job.credits_used, job.result["image_ids"]) == ("succeeded", 5, [kept.pk])
    assert stored_files(storage_dir) == [f"{tenant.site.pk}/images/{content.pk}/{kept.pk}-{job.pk}.webp"]
    assert balance(tenant.account) == 995
