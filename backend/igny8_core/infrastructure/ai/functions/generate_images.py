"""generate_images: image prompts → image files, 5 credits per image actually generated.

At most 6 images per request and one provider call per image (seed 10.6). The provider is chosen
per account (``function_settings["generate_images"]["provider"]``: offline, openai or runware;
offline renders a real image with Pillow). An image whose provider call fails is marked failed
and not charged; the others go on. Files go through FileStorageService: the site's quota is
checked before every write, and a full quota fails the job with nothing written or charged.
In-article images are put into the content's HTML as ``<figure><img data-image-id=…></figure>``
right after their H2, and the change is recorded as a content version.
"""

from __future__ import annotations

import html as html_lib
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from PIL import Image, UnidentifiedImageError
from pydantic import BaseModel

from igny8_core.core.auth.context import TenantContext
from igny8_core.core.base.scoping import scope_queryset
from igny8_core.domain.ai.models import AISettings
from igny8_core.domain.content.models import Content, ContentVersion, Images
from igny8_core.domain.content.versioning import content_version_record
from igny8_core.infrastructure.ai.errors import AIError, ProviderError
from igny8_core.infrastructure.ai.offline.images import SIZES, render_image
from igny8_core.infrastructure.ai.providers.images import (
    DEFAULT_IMAGE_MODELS,
    IMAGE_PROVIDERS,
    ImageRequest,
    image_provider_build,
)
from igny8_core.infrastructure.ai.registry import (
    AIContext,
    AIFunction,
    CallUsage,
    PreparedRequest,
    register_function,
)
from igny8_core.infrastructure.storage.file_storage import FileStorageService, file_storage
from igny8_core.shared.exceptions import ValidationFailed
from igny8_core.shared.utils.html import sanitize_html

MAX_IMAGES = 6
FORMATS = ("webp", "png")
_H2_END = re.compile(r"</h2\s*>", re.IGNORECASE)
_PIL_FORMATS = {"WEBP": "webp", "PNG": "png", "JPEG": "jpg"}


def image_scoped(*, tenant: TenantContext) -> QuerySet[Images]:
    return scope_queryset(Images.objects.all(), tenant=tenant, site_field="site", sector_field="sector")


def image_file_url(image_id: int) -> str:
    return f"/api/v1/writer/images/{image_id}/file/"


# --- the content's HTML ----------------------------------------------------------------------------


def _figure_pattern(image_id: int) -> re.Pattern[str]:
    return re.compile(
        r"<figure\b[^>]*>(?:(?!</figure>).)*?data-image-id=\"" + str(image_id) + r"\"(?:(?!</figure>).)*?</figure>",
        re.IGNORECASE | re.DOTALL,
    )


def html_remove_image(html: str, image_id: int) -> str:
    return _figure_pattern(image_id).sub("", html or "")


def html_place_image(html: str, image: Images) -> str:
    """Put (or move) the image's figure right after its H2; after the last section when there is no such H2."""
    html = html_remove_image(html, image.pk)
    attrs = (
        f'src="{image_file_url(image.pk)}" alt="{html_lib.escape(image.alt_text)}" '
        f'width="{image.width}" height="{image.height}" loading="lazy" data-image-id="{image.pk}"'
    )
    caption = f"<figcaption>{html_lib.escape(image.caption)}</figcaption>" if image.caption else ""
    figure = f'<figure class="igny8-image"><img {attrs}>{caption}</figure>'
    ends = list(_H2_END.finditer(html))
    if image.position >= 1 and image.position <= len(ends):
        at = ends[image.position - 1].end()
        return html[:at] + figure + html[at:]
    return html + figure


# --- the function ----------------------------------------------------------------------------------


class ImageOut(BaseModel):
    image_id: int
    ok: bool
    error: str = ""
    data: bytes = b""
    file_format: str = ""
    width: int = 0
    height: int = 0
    provider: str = ""
    model: str = ""


class GenerateImagesOutput(BaseModel):
    images: list[ImageOut]
    generated_by: str


@dataclass
class ImagesData:
    images: list[Images]
    file_format: str


def _inspect(data: bytes) -> tuple[str, int, int]:
    """(format, width, height) of real image bytes; ProviderError when they are not an image."""
    try:
        with Image.open(io.BytesIO(data)) as img:
            img.verify()
        with Image.open(io.BytesIO(data)) as img:
            fmt, (width, height) = img.format or "", img.size
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise ProviderError("The provider's image could not be decoded") from None
    if fmt not in _PIL_FORMATS:
        raise ProviderError(f"The provider answered an unsupported image format ({fmt or 'unknown'})")
    return _PIL_FORMATS[fmt], width, height


def _mark_failed(image_id: int, error: str) -> None:
    """Committed at once (outside the engine's save): the failure stays visible even if the job fails."""
    Images.objects.filter(pk=image_id).update(status=Images.Status.FAILED, error=error[:2000])


class GenerateImages(AIFunction[ImagesData, GenerateImagesOutput]):
    name = "generate_images"
    operation_type = "image_generation"
    output_model = GenerateImagesOutput
    max_items_per_request = 1
    prompt_type = "generate_images"
    description = "Image generation"
    storage: FileStorageService = file_storage

    def validate_request(self, *, tenant: TenantContext, payload: dict[str, Any]) -> PreparedRequest:
        try:
            ids = list(dict.fromkeys(int(i) for i in payload.get("ids", [])))
        except (TypeError, ValueError):
            raise ValidationFailed("ids: Must be a list of ids.", errors={"ids": ["Must be a list of ids."]}) from None
        if not ids:
            raise ValidationFailed("ids: Select at least one image.", errors={"ids": ["Select at least one image."]})
        if len(ids) > MAX_IMAGES:
            raise ValidationFailed(
                f"ids: At most {MAX_IMAGES} images per request.",
                errors={"ids": [f"At most {MAX_IMAGES} images per request."]},
            )
        file_format = payload.get("file_format", "webp")
        if file_format not in FORMATS:
            raise ValidationFailed("file_format: webp or png.", errors={"file_format": ["webp or png."]})
        images = list(image_scoped(tenant=tenant).filter(pk__in=ids).select_related("site"))
        missing = sorted(set(ids) - {i.pk for i in images})
        if missing:
            raise ValidationFailed(
                f"ids: No such image: {', '.join(map(str, missing))}.",
                errors={"ids": [f"No such image: {', '.join(map(str, missing))}."]},
            )
        from igny8_core.domain.billing.services import credit_cost_calculate

        sites = {i.site_id for i in images}
        return PreparedRequest(
            payload={"ids": ids, "file_format": file_format},
            site=images[0].site if len(sites) == 1 else None,
            estimated_credits=credit_cost_calculate(operation_type=self.operation_type, quantity=len(images)),
            summary=f"{len(images)} image(s)",
        )

    def prepare(self, ctx: AIContext) -> ImagesData:
        images = list(
            Images.objects.filter(account=ctx.account, pk__in=ctx.job.payload["ids"])
            .select_related("site", "site__account__plan", "content")
            .order_by("pk")
        )
        if not images:
            raise ValidationFailed("The images were deleted before the job ran.")
        return ImagesData(images=images, file_format=str(ctx.job.payload.get("file_format", "webp")))

    def estimate_credits(self, data: ImagesData) -> int:
        from igny8_core.domain.billing.services import credit_cost_calculate

        return credit_cost_calculate(operation_type=self.operation_type, quantity=len(data.images))

    def provider_resolve(self, settings_row: AISettings) -> tuple[str, str] | None:
        """Never the account's chat provider: images default to offline unless chosen for this function."""
        conf = (settings_row.function_settings or {}).get(self.name) or {}
        provider = str(conf.get("provider") or "offline")
        if provider == "offline":
            return "offline", "offline"
        return provider, str(conf.get("model") or DEFAULT_IMAGE_MODELS.get(provider, ""))

    def _progress(self, ctx: AIContext, index: int, total: int, image: Images) -> None:
        ctx.progress(
            15 + int(70 * (index - 1) / max(1, total)),
            "ai_call",
            f"Generating the {image.get_image_type_display().lower()} image for {image.content.title} "
            f"({index} of {total})",
        )

    def run_offline(self, ctx: AIContext, data: ImagesData) -> GenerateImagesOutput:
        out = []
        for index, image in enumerate(data.images, start=1):
            self._progress(ctx, index, len(data.images), image)
            rendered = render_image(
                title=image.content.title,
                keyword=image.content.primary_keyword,
                site_seed=image.site.domain or image.site.name,
                kind="featured" if image.image_type == Images.ImageType.FEATURED else "in_article",
                file_format="png" if data.file_format == "png" else "webp",
            )
            out.append(
                ImageOut(
                    image_id=image.pk,
                    ok=True,
                    data=rendered.data,
                    file_format=rendered.file_format,
                    width=rendered.width,
                    height=rendered.height,
                    provider="offline",
                    model="offline",
                )
            )
        return GenerateImagesOutput(images=out, generated_by="offline")

    def run_provider(self, ctx: AIContext, data: ImagesData, usage: CallUsage) -> GenerateImagesOutput:
        from igny8_core.domain.ai.selectors import ai_credentials_get

        if ctx.provider not in IMAGE_PROVIDERS:
            raise ValidationFailed(f"Unknown image provider {ctx.provider!r}. Choose offline, openai or runware.")
        conf = (ctx.settings.function_settings or {}).get(self.name) or {}
        provider = image_provider_build(
            provider=ctx.provider,
            keys=ai_credentials_get(settings_row=ctx.settings),
            base_url=str(conf.get("base_url") or ""),
            timeout=float(ctx.settings.request_timeout),
        )
        out = []
        for index, image in enumerate(data.images, start=1):
            self._progress(ctx, index, len(data.images), image)
            width, height = SIZES["featured" if image.image_type == Images.ImageType.FEATURED else "in_article"]
            usage.calls += 1
            try:
                result = provider.generate(
                    ImageRequest(prompt=image.prompt, width=width, height=height, model=ctx.model)
                )
                fmt, real_width, real_height = _inspect(result.data)
            except ProviderError as exc:
                _mark_failed(image.pk, str(exc))
                out.append(ImageOut(image_id=image.pk, ok=False, error=str(exc), provider=ctx.provider))
                continue
            usage.model = result.model or usage.model
            out.append(
                ImageOut(
                    image_id=image.pk,
                    ok=True,
                    data=result.data,
                    file_format=fmt,
                    width=real_width,
                    height=real_height,
                    provider=ctx.provider,
                    model=result.model,
                )
            )
        return GenerateImagesOutput(images=out, generated_by="provider")

    def batches(self, data: ImagesData) -> Sequence[Images]:
        return data.images

    def prompt_variables(self, ctx: AIContext, data: ImagesData, batch: Images) -> dict[str, Any]:
        return {"prompt": batch.prompt}

    def merge(self, data: ImagesData, outputs: list[Any], batches: Sequence[Any]) -> GenerateImagesOutput:
        return GenerateImagesOutput(images=[i for o in outputs for i in o.images], generated_by="provider")

    def save(self, ctx: AIContext, data: ImagesData, output: GenerateImagesOutput) -> dict[str, Any]:
        by_id = {i.pk: i for i in data.images}
        done = [o for o in output.images if o.ok and o.image_id in by_id]
        failed = [o for o in output.images if not o.ok and o.image_id in by_id]
        if not done:
            first = failed[0].error if failed else "no image was generated"
            raise AIError(f"No image was generated: {first}")
        # The whole batch must fit before anything is written (each write checks again).
        per_site: dict[int, int] = {}
        for o in done:
            per_site[by_id[o.image_id].site_id] = per_site.get(by_id[o.image_id].site_id, 0) + len(o.data)
        sites = {i.site_id: i.site for i in data.images}
        for site_id, size in per_site.items():
            self.storage.check_quota(sites[site_id], size)

        written: list[tuple[int, str]] = []
        old_files: list[tuple[int, str]] = []
        touched: dict[int, Content] = {}
        saved: list[int] = []
        try:
            for o in done:
                image = Images.objects.select_for_update().filter(pk=o.image_id).first()
                if image is None:  # deleted while it was being generated: nothing to store, nothing to charge
                    continue
                relative = f"images/{image.content_id}/{image.pk}-{ctx.job.pk}.{o.file_format}"
                stored = self.storage.write(sites[image.site_id], relative, o.data)
                written.append((image.site_id, stored.relative_path))
                if image.file_path and image.file_path != stored.relative_path:
                    old_files.append((image.site_id, image.file_path))
                label = "offline" if o.provider == "offline" else f"{o.provider}:{o.model}"
                image.status = Images.Status.GENERATED
                image.error = ""
                image.file_path = stored.relative_path
                image.url = image_file_url(image.pk)
                image.width, image.height = o.width, o.height
                image.file_format = o.file_format
                image.size_bytes = stored.size
                image.provider = o.provider
                image.generated_by = label[: Images._meta.get_field("generated_by").max_length]
                image.save()
                saved.append(image.pk)
                if image.image_type == Images.ImageType.IN_ARTICLE:
                    content = touched.get(image.content_id) or Content.objects.select_for_update().get(
                        pk=image.content_id
                    )
                    content.html = html_place_image(content.html, image)
                    touched[content.pk] = content
            for content in touched.values():
                content.html = sanitize_html(content.html)
                content.save(update_fields=["html", "updated_at"])
                content_version_record(
                    content=content,
                    source=ContentVersion.Source.SYSTEM,
                    user=ctx.user,
                    changed_fields=["html"],
                    summary="Generated images inserted",
                )
        except BaseException:
            for site_id, relative in written:  # nothing half-written survives a failed save
                self.storage.delete(site_id, relative)
            raise

        def delete_old() -> None:
            for site_id, relative in old_files:
                self.storage.delete(site_id, relative)

        transaction.on_commit(delete_old)
        message = f"{len(saved)} image(s) generated"
        if failed:
            message += f"; {len(failed)} failed: {failed[0].error}"
        return {
            "generated": len(saved),
            "failed": len(failed),
            "image_ids": saved,
            "failed_ids": [o.image_id for o in failed],
            "errors": {str(o.image_id): o.error for o in failed},
            "contents_updated": sorted(touched),
            "message": message + ".",
        }

    def credits(self, data: ImagesData, output: GenerateImagesOutput, result: dict[str, Any]) -> int:
        from igny8_core.domain.billing.services import credit_cost_calculate

        return credit_cost_calculate(operation_type=self.operation_type, quantity=int(result["generated"]))


register_function(GenerateImages())
