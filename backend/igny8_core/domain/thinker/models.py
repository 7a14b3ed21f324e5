"""Thinker (seed 4.1): how an account wants its content to sound and be shaped."""

from __future__ import annotations

from django.db import models

from igny8_core.core.base.models import AccountBaseModel


class ReadingLevel(models.TextChoices):
    SIMPLE = "simple", "Simple (grade 6-8)"
    STANDARD = "standard", "Standard (grade 9-10)"
    ADVANCED = "advanced", "Advanced (grade 11+)"
    EXPERT = "expert", "Expert / professional"


class AuthorProfile(AccountBaseModel):
    """A voice: who is writing, for whom, and which words never to use."""

    site = models.ForeignKey(
        "igny8_auth.Site",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="Default profile for this site; empty = usable on every site of the account.",
    )
    name = models.CharField(max_length=150)
    voice = models.CharField(max_length=255, blank=True, help_text='e.g. "a certified master gardener"')
    tone = models.CharField(max_length=255, blank=True, help_text='e.g. "friendly, practical, no hype"')
    audience = models.CharField(max_length=255, blank=True, help_text='e.g. "first-time home gardeners"')
    reading_level = models.CharField(max_length=20, choices=ReadingLevel.choices, default=ReadingLevel.STANDARD)
    words_to_avoid = models.JSONField(default=list, blank=True)
    is_default = models.BooleanField(default=False)

    class Meta:
        db_table = "igny8_author_profiles"
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["account", "name"], name="unique_author_profile_name")]

    def __str__(self) -> str:
        return self.name


class ContentStrategy(AccountBaseModel):
    """How pieces are shaped by default: structure, length, images, call to action."""

    site = models.ForeignKey("igny8_auth.Site", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    name = models.CharField(max_length=150)
    default_structure = models.CharField(max_length=20, blank=True, help_text="A content_structure, or empty.")
    target_word_count = models.PositiveIntegerField(null=True, blank=True)
    image_count = models.PositiveSmallIntegerField(default=2, help_text="In-article images besides the featured one.")
    cta_text = models.CharField(max_length=500, blank=True)
    cta_url = models.CharField(max_length=500, blank=True)
    is_default = models.BooleanField(default=False)

    class Meta:
        db_table = "igny8_content_strategies"
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["account", "name"], name="unique_content_strategy_name")]

    def __str__(self) -> str:
        return self.name
