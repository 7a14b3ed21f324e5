"""POST /api/v1/writer/tasks/generate_article/: the full-article pipeline as one job."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from igny8_core.core.api.permissions import HasTenantRole
from igny8_core.core.api.response import accepted_job_response
from igny8_core.core.api.tenant import request_tenant
from igny8_core.core.auth.models import Role
from igny8_core.core.base.scoping import MAX_ID
from igny8_core.infrastructure.ai.pipeline import MAX_TASKS, pipeline_start
from igny8_core.modules.system.serializers import JobAcceptedSerializer


class GenerateArticleSerializer(serializers.Serializer[Any]):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), allow_empty=False, max_length=MAX_TASKS
    )
    in_article_count = serializers.IntegerField(min_value=0, max_value=5, default=2)


class GenerateArticleView(APIView):
    """Task → content → image prompts → images in one job (each step charged as it completes)."""

    permission_classes = [HasTenantRole]
    write_role = Role.EDITOR

    @extend_schema(request=GenerateArticleSerializer, responses={202: JobAcceptedSerializer}, tags=["writer"])
    def post(self, request: Request) -> Response:
        serializer = GenerateArticleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        tenant = request_tenant(request)
        assert tenant is not None
        job = pipeline_start(
            tenant=tenant,
            task_ids=serializer.validated_data["ids"],
            in_article_count=serializer.validated_data["in_article_count"],
        )
        return accepted_job_response(job, message="Full article queued.")
