"""Writer images under /api/v1/writer/images/ (list, retrieve, delete, generate, regenerate, file) and
POST /api/v1/writer/content/generate_image_prompts/."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from igny8_core.core.api.permissions import HasTenantRole
from igny8_core.core.api.response import accepted_job_response
from igny8_core.core.api.tenant import request_tenant
from igny8_core.core.auth.context import TenantContext
from igny8_core.core.auth.models import Role
from igny8_core.core.base.scoping import MAX_ID, parse_id_param
from igny8_core.core.base.viewsets import DeleteWithEnvelopeMixin, TenantReadOnlyViewSet
from igny8_core.domain.content.models import Content, ContentVersion, Images
from igny8_core.domain.content.versioning import content_version_record
from igny8_core.infrastructure.ai.functions.generate_image_prompts import DEFAULT_IN_ARTICLE, MAX_IN_ARTICLE
from igny8_core.infrastructure.ai.functions.generate_images import MAX_IMAGES, html_remove_image
from igny8_core.infrastructure.ai.service import ai_run_async
from igny8_core.infrastructure.storage.file_storage import file_storage
from igny8_core.modules.system.serializers import JobAcceptedSerializer
from igny8_core.shared.exceptions import NotFoundError, ValidationFailed
from igny8_core.shared.utils.html import sanitize_html

MIME_TYPES = {"webp": "image/webp", "png": "image/png", "jpg": "image/jpeg"}


class ImageSerializer(serializers.ModelSerializer[Images]):
    file_url = serializers.SerializerMethodField()

    class Meta:
        model = Images
        fields = [
            "id",
            "site",
            "sector",
            "content",
            "image_type",
            "position",
            "prompt",
            "alt_text",
            "caption",
            "status",
            "error",
            "file_url",
            "width",
            "height",
            "file_format",
            "size_bytes",
            "provider",
            "generated_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_file_url(self, obj: Images) -> str | None:
        return obj.url if obj.status == Images.Status.GENERATED and obj.file_path else None


class GenerateImagesSerializer(serializers.Serializer[Any]):
    ids = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=MAX_ID), allow_empty=False)
    file_format = serializers.ChoiceField(choices=["webp", "png"], default="webp")

    def validate_ids(self, value: list[int]) -> list[int]:
        if len(set(value)) > MAX_IMAGES:
            raise serializers.ValidationError(f"At most {MAX_IMAGES} images per request.")
        return value


class RegenerateImageSerializer(serializers.Serializer[Any]):
    file_format = serializers.ChoiceField(choices=["webp", "png"], default="webp")


class GenerateImagePromptsSerializer(serializers.Serializer[Any]):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), allow_empty=False, max_length=100
    )
    in_article_count = serializers.IntegerField(min_value=0, max_value=MAX_IN_ARTICLE, default=DEFAULT_IN_ARTICLE)


@transaction.atomic
def image_delete(*, tenant: TenantContext, image: Images) -> None:
    """Delete the row, take its figure out of the content's HTML (a new version), and remove the file."""
    content = Content.objects.select_for_update().get(pk=image.content_id)
    html = sanitize_html(html_remove_image(content.html, image.pk))
    if html != content.html:
        content.html = html
        content.save(update_fields=["html", "updated_at"])
        content_version_record(
            content=content,
            source=ContentVersion.Source.SYSTEM,
            user=tenant.user,
            changed_fields=["html"],
            summary=f"Image {image.pk} removed",
        )
    site_id, file_path = image.site_id, image.file_path
    image.delete()
    if file_path:
        transaction.on_commit(lambda: file_storage.delete(site_id, file_path))


class ImageViewSet(DeleteWithEnvelopeMixin, mixins.DestroyModelMixin, TenantReadOnlyViewSet[Images]):
    queryset = Images.objects.all()
    serializer_class = ImageSerializer
    site_field = "site"
    sector_field = "sector"
    ordering_fields = ["created_at", "position", "status"]
    delete_message = "Image deleted."

    def base_queryset(self) -> QuerySet[Images]:
        queryset = Images.objects.select_related("content")
        params = self.request.query_params if self.request is not None else {}
        content_id = parse_id_param(params.get("content"), name="content")
        if content_id is not None:
            queryset = queryset.filter(content_id=content_id)
        for name in ("status", "image_type"):
            if params.get(name):
                queryset = queryset.filter(**{name: params[name]})
        return queryset.order_by("content_id", "image_type", "position", "id")

    @extend_schema(parameters=[OpenApiParameter("content", int, description="Only this content's images.")])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def perform_destroy(self, instance: Images) -> None:
        image_delete(tenant=self.tenant, image=instance)

    @extend_schema(request=GenerateImagesSerializer, responses={202: JobAcceptedSerializer})
    @action(detail=False, methods=["post"])
    def generate_images(self, request: Request) -> Response:
        """Generate up to 6 images from their prompts (5 credits per image generated). Answers 202 with a job."""
        serializer = GenerateImagesSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        job = ai_run_async(tenant=self.tenant, function="generate_images", payload=serializer.validated_data)
        return accepted_job_response(job, message="Image generation queued.")

    @extend_schema(request=RegenerateImageSerializer, responses={202: JobAcceptedSerializer})
    @action(detail=True, methods=["post"])
    def regenerate(self, request: Request, pk: str | None = None) -> Response:
        """Generate this image again from its prompt (5 credits). Answers 202 with a job."""
        image = self.get_object()
        serializer = RegenerateImageSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        job = ai_run_async(
            tenant=self.tenant,
            function="generate_images",
            payload={"ids": [image.pk], "file_format": serializer.validated_data["file_format"]},
        )
        return accepted_job_response(job, message="Image regeneration queued.")

    @extend_schema(responses={(200, "image/*"): OpenApiResponse(OpenApiTypes.BINARY)})
    @action(detail=True, methods=["get"])
    def file(self, request: Request, pk: str | None = None) -> FileResponse:
        """The image file, to members who can see the image."""
        image = self.get_object()
        if image.status != Images.Status.GENERATED or not image.file_path:
            raise NotFoundError("This image has no file yet.")
        try:
            path = file_storage.resolve(image.site_id, image.file_path)
            handle = path.open("rb")
        except (ValidationFailed, OSError):
            raise NotFoundError("The image file is missing.") from None
        response = FileResponse(handle, content_type=MIME_TYPES.get(image.file_format, "application/octet-stream"))
        response["Cache-Control"] = "private, max-age=3600"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class GenerateImagePromptsView(APIView):
    """POST /api/v1/writer/content/generate_image_prompts/: 2 credits per content piece; 202 with a job."""

    permission_classes: ClassVar[list[Any]] = [HasTenantRole]  # type: ignore[misc]
    read_role: ClassVar[str] = Role.VIEWER
    write_role: ClassVar[str] = Role.EDITOR

    @extend_schema(request=GenerateImagePromptsSerializer, responses={202: JobAcceptedSerializer})
    def post(self, request: Request) -> Response:
        tenant = request_tenant(request)
        if tenant is None:
            raise NotAuthenticated()
        serializer = GenerateImagePromptsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        job = ai_run_async(tenant=tenant, function="generate_image_prompts", payload=serializer.validated_data)
        return accepted_job_response(job, message="Image prompt generation queued.")
