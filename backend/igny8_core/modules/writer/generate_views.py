"""POST /api/v1/writer/tasks/generate_content/: write drafts for tasks in the background."""

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
from igny8_core.infrastructure.ai.functions.generate_content import MAX_TASKS
from igny8_core.infrastructure.ai.service import ai_run_async
from igny8_core.modules.system.serializers import JobAcceptedSerializer


class GenerateContentSerializer(serializers.Serializer[Any]):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), allow_empty=False, max_length=MAX_TASKS
    )


class GenerateContentView(APIView):
    """Drafts for the given tasks (1 credit per 100 words written). Answers 202 with a job to poll."""

    permission_classes = [HasTenantRole]
    write_role = Role.EDITOR

    @extend_schema(request=GenerateContentSerializer, responses={202: JobAcceptedSerializer}, tags=["writer"])
    def post(self, request: Request) -> Response:
        tenant = request_tenant(request)
        assert tenant is not None  # HasTenantRole refused earlier otherwise
        serializer = GenerateContentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        job = ai_run_async(tenant=tenant, function="generate_content", payload=serializer.validated_data)
        return accepted_job_response(job, message="Content generation queued.")
