"""Thinker serializers: author profiles and content strategies."""

from __future__ import annotations

from rest_framework import serializers

from igny8_core.core.base.serializers import TenantSiteField
from igny8_core.domain.planning.models import ContentStructure
from igny8_core.domain.thinker.models import AuthorProfile, ContentStrategy, ReadingLevel


class AuthorProfileSerializer(serializers.ModelSerializer[AuthorProfile]):
    site = TenantSiteField(
        required=False, allow_null=True, help_text="A site this profile is the default for; empty = account-wide."
    )
    reading_level = serializers.ChoiceField(choices=ReadingLevel.choices, required=False)
    words_to_avoid = serializers.ListField(child=serializers.CharField(max_length=100), required=False, max_length=200)

    class Meta:
        model = AuthorProfile
        fields = [
            "id",
            "site",
            "name",
            "voice",
            "tone",
            "audience",
            "reading_level",
            "words_to_avoid",
            "is_default",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]


class ContentStrategySerializer(serializers.ModelSerializer[ContentStrategy]):
    site = TenantSiteField(required=False, allow_null=True)
    default_structure = serializers.ChoiceField(choices=ContentStructure.choices, required=False, allow_blank=True)
    cta_url = serializers.URLField(required=False, allow_blank=True, max_length=500)

    class Meta:
        model = ContentStrategy
        fields = [
            "id",
            "site",
            "name",
            "default_structure",
            "target_word_count",
            "image_count",
            "cta_text",
            "cta_url",
            "is_default",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]
        extra_kwargs = {
            "target_word_count": {"min_value": 100, "max_value": 20000},
            "image_count": {"min_value": 0, "max_value": 10},
        }
