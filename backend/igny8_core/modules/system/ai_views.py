"""AI settings and prompts of the account: /api/v1/system/ai-settings/ and /api/v1/system/prompts/."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from igny8_core.core.api.permissions import HasTenantRole
from igny8_core.core.api.response import success_response
from igny8_core.core.api.tenant import request_tenant
from igny8_core.core.auth.context import TenantContext
from igny8_core.core.auth.models import Role
from igny8_core.domain.ai import selectors, services
from igny8_core.infrastructure.ai.prompts import DEFAULT_PROMPTS, PROMPT_VARIABLES, prompt_validate
from igny8_core.modules.system.ai_serializers import AISettingsSerializer, PromptSerializer
from igny8_core.shared.exceptions import NotFoundError


def _tenant(request: Request) -> TenantContext:
    tenant = request_tenant(request)
    assert tenant is not None  # HasTenantRole refused earlier otherwise
    return tenant


class AISettingsView(APIView):
    """Provider, model per function, and write-only API keys. Admins change them; everyone reads."""

    permission_classes = [HasTenantRole]
    write_role = Role.ADMIN

    @extend_schema(responses={200: AISettingsSerializer}, tags=["ai"])
    def get(self, request: Request) -> Response:
        row = selectors.ai_settings_get(account=_tenant(request).account)
        return success_response(AISettingsSerializer(row).data)

    @extend_schema(request=AISettingsSerializer, responses={200: AISettingsSerializer}, tags=["ai"])
    def patch(self, request: Request) -> Response:
        tenant = _tenant(request)
        serializer = AISettingsSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        keys = {p: data.pop(f"{p}_api_key") for p in ("openai", "anthropic", "runware") if f"{p}_api_key" in data}
        row = services.ai_settings_update(tenant=tenant, data=data, api_keys=keys)
        return success_response(AISettingsSerializer(row).data, message="AI settings saved.")


class PromptViewSet(viewsets.ViewSet):
    """Default prompts with the account's overrides. PUT saves an override; DELETE resets to the default."""

    permission_classes = [HasTenantRole]
    write_role = Role.ADMIN
    lookup_field = "prompt_type"
    lookup_value_regex = "[a-z_]+"

    def _rows(self, request: Request) -> list[dict[str, object]]:
        return selectors.ai_prompt_list(
            account=_tenant(request).account, defaults=DEFAULT_PROMPTS, variables=PROMPT_VARIABLES
        )

    @extend_schema(responses={200: PromptSerializer(many=True)}, tags=["ai"])
    def list(self, request: Request) -> Response:
        return success_response(PromptSerializer(self._rows(request), many=True).data)

    @extend_schema(responses={200: PromptSerializer}, tags=["ai"])
    def retrieve(self, request: Request, prompt_type: str) -> Response:
        for row in self._rows(request):
            if row["prompt_type"] == prompt_type:
                return success_response(PromptSerializer(row).data)
        raise NotFoundError("No such prompt type.")

    @extend_schema(request=PromptSerializer, responses={200: PromptSerializer}, tags=["ai"])
    def update(self, request: Request, prompt_type: str) -> Response:
        if prompt_type not in DEFAULT_PROMPTS:
            raise NotFoundError("No such prompt type.")
        serializer = PromptSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        template = serializer.validated_data["template"]
        services.ai_prompt_save(
            tenant=_tenant(request),
            prompt_type=prompt_type,
            template=template,
            problems=prompt_validate(prompt_type=prompt_type, template=template),
        )
        return self.retrieve(request, prompt_type)

    @extend_schema(responses={200: PromptSerializer}, tags=["ai"])
    def destroy(self, request: Request, prompt_type: str) -> Response:
        if prompt_type not in DEFAULT_PROMPTS:
            raise NotFoundError("No such prompt type.")
        services.ai_prompt_reset(tenant=_tenant(request), prompt_type=prompt_type)
        return self.retrieve(request, prompt_type)
