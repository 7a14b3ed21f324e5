"""Thinker endpoints under /api/v1/thinker/: author profiles and content strategies.

Both are content settings, so editors manage them (like tasks and content); viewers read.
Prompts are the account's AI prompts (system/ai_views.PromptViewSet), admins edit them.
"""

from __future__ import annotations

from django.db.models import QuerySet

from igny8_core.core.base.viewsets import TenantModelViewSet
from igny8_core.domain.thinker import services
from igny8_core.domain.thinker.models import AuthorProfile, ContentStrategy
from igny8_core.modules.thinker.serializers import AuthorProfileSerializer, ContentStrategySerializer


class AuthorProfileViewSet(TenantModelViewSet[AuthorProfile]):
    queryset = AuthorProfile.objects.all()
    serializer_class = AuthorProfileSerializer
    site_field = "site"
    site_optional = True  # account-wide profiles are visible to every member
    filterset_fields = ["reading_level", "is_default"]
    search_fields = ["name", "voice", "tone", "audience"]
    ordering_fields = ["name", "created_at", "updated_at"]
    delete_message = "Author profile deleted."

    def base_queryset(self) -> QuerySet[AuthorProfile]:
        return AuthorProfile.objects.all()

    def perform_create(self, serializer: AuthorProfileSerializer) -> None:  # type: ignore[override]
        serializer.instance = services.author_profile_create(tenant=self.tenant, data=serializer.validated_data)

    def perform_update(self, serializer: AuthorProfileSerializer) -> None:  # type: ignore[override]
        assert serializer.instance is not None
        serializer.instance = services.author_profile_update(
            tenant=self.tenant, profile=serializer.instance, data=serializer.validated_data
        )

    def perform_destroy(self, instance: AuthorProfile) -> None:
        services.author_profile_delete(tenant=self.tenant, profile=instance)


class ContentStrategyViewSet(TenantModelViewSet[ContentStrategy]):
    queryset = ContentStrategy.objects.all()
    serializer_class = ContentStrategySerializer
    site_field = "site"
    site_optional = True
    filterset_fields = ["default_structure", "is_default"]
    search_fields = ["name", "cta_text"]
    ordering_fields = ["name", "created_at", "updated_at", "target_word_count", "image_count"]
    delete_message = "Strategy deleted."

    def perform_create(self, serializer: ContentStrategySerializer) -> None:  # type: ignore[override]
        serializer.instance = services.strategy_create(tenant=self.tenant, data=serializer.validated_data)

    def perform_update(self, serializer: ContentStrategySerializer) -> None:  # type: ignore[override]
        assert serializer.instance is not None
        serializer.instance = services.strategy_update(
            tenant=self.tenant, strategy=serializer.instance, data=serializer.validated_data
        )

    def perform_destroy(self, instance: ContentStrategy) -> None:
        services.strategy_delete(tenant=self.tenant, strategy=instance)
