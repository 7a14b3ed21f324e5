"""Writer models (seed 3.1 ``domain/content``, 3.2 extensions): tasks, content, versions, images."""

from __future__ import annotations

from django.db import models

from igny8_core.core.base.models import SiteSectorBaseModel
from igny8_core.domain.planning.models import ContentStructure, ContentType


class Tasks(SiteSectorBaseModel):
    """A piece to write, usually queued from an idea (its outline travels with it)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"
        FAILED = "failed", "Failed"

    sector = models.ForeignKey("igny8_auth.Sector", on_delete=models.CASCADE, related_name="+")
    idea = models.ForeignKey(
        "planning.ContentIdeas", on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks"
    )
    cluster = models.ForeignKey(
        "planning.Clusters", on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks"
    )
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    outline = models.JSONField(default=list, blank=True)
    primary_keyword = models.CharField(max_length=500, blank=True)
    secondary_keywords = models.JSONField(default=list, blank=True)
    content_type = models.CharField(max_length=20, choices=ContentType.choices, default=ContentType.POST)
    content_structure = models.CharField(
        max_length=20, choices=ContentStructure.choices, default=ContentStructure.ARTICLE
    )
    target_word_count = models.PositiveIntegerField(default=1500)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(blank=True)
    author_profile = models.ForeignKey(
        "thinker.AuthorProfile", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    strategy = models.ForeignKey(
        "thinker.ContentStrategy", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        db_table = "igny8_tasks"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["site", "sector", "status"]), models.Index(fields=["account", "status"])]

    def __str__(self) -> str:
        return self.title


class Content(SiteSectorBaseModel):
    """A written piece of any content type, with everything later stages (linking, optimizing,
    publishing, sync) fill in. Editorial status is separate from how it was generated."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"

    class Source(models.TextChoices):
        IGNY8 = "igny8", "Generated in IGNY8"
        MANUAL = "manual", "Written by hand"
        WORDPRESS = "wordpress", "Synced from WordPress"
        SHOPIFY = "shopify", "Synced from Shopify"
        IMPORT = "import", "Imported"

    sector = models.ForeignKey("igny8_auth.Sector", on_delete=models.CASCADE, related_name="+")
    task = models.OneToOneField(Tasks, on_delete=models.SET_NULL, null=True, blank=True, related_name="content")
    cluster = models.ForeignKey(
        "planning.Clusters", on_delete=models.SET_NULL, null=True, blank=True, related_name="contents"
    )
    title = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255, allow_unicode=True)
    meta_title = models.CharField(max_length=60, blank=True)
    meta_description = models.CharField(max_length=160, blank=True)
    html = models.TextField(blank=True, help_text="Sanitized HTML.")
    json_blocks = models.JSONField(default=list, blank=True, help_text="shared/schemas/blocks.py")
    structure_data = models.JSONField(default=dict, blank=True, help_text="Outline, FAQ, specs, schema.org data.")
    primary_keyword = models.CharField(max_length=500, blank=True)
    secondary_keywords = models.JSONField(default=list, blank=True)
    tags = models.JSONField(default=list, blank=True)
    categories = models.JSONField(default=list, blank=True)
    word_count = models.PositiveIntegerField(default=0)
    entity_type = models.CharField(max_length=20, choices=ContentType.choices, default=ContentType.POST)
    content_structure = models.CharField(
        max_length=20, choices=ContentStructure.choices, default=ContentStructure.ARTICLE
    )
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.IGNY8)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    generated_by = models.CharField(max_length=255, blank=True, help_text="offline, provider:model, or empty.")
    # Filled by later stages (linker, optimizer, publisher, sync).
    internal_links = models.JSONField(default=list, blank=True)
    linker_version = models.PositiveIntegerField(default=0)
    optimization_scores = models.JSONField(default=dict, blank=True)
    optimizer_version = models.PositiveIntegerField(default=0)
    published_to = models.JSONField(default=list, blank=True)
    external_ids = models.JSONField(default=dict, blank=True)
    external_id = models.CharField(max_length=255, blank=True)
    external_url = models.CharField(max_length=1000, blank=True)
    sync_status = models.CharField(max_length=20, blank=True)
    sync_metadata = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "igny8_content"
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["site", "sector", "status"]),
            models.Index(fields=["account", "status"]),
            models.Index(fields=["site", "slug"]),
        ]

    def __str__(self) -> str:
        return self.title


class ContentVersion(models.Model):
    """A snapshot after every AI or human change: who, when, what changed."""

    class Source(models.TextChoices):
        AI = "ai", "AI generation"
        HUMAN = "human", "Edited by a person"
        RESTORE = "restore", "Restored from a version"
        SYSTEM = "system", "System (linker, optimizer, sync)"

    content = models.ForeignKey(Content, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    source = models.CharField(max_length=20, choices=Source.choices)
    changed_by = models.ForeignKey(
        "igny8_auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_fields = models.JSONField(default=list, blank=True)
    summary = models.CharField(max_length=500, blank=True)
    snapshot = models.JSONField(help_text="Every editable field as it was after this change.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "igny8_content_versions"
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["content", "version"], name="unique_content_version")]

    def __str__(self) -> str:
        return f"{self.content_id} v{self.version}"


class Images(SiteSectorBaseModel):
    """A featured or in-article image: its prompt, where it goes, and the generated file."""

    class ImageType(models.TextChoices):
        FEATURED = "featured", "Featured"
        IN_ARTICLE = "in_article", "In article"

    class Status(models.TextChoices):
        PENDING = "pending", "Prompt ready"
        GENERATED = "generated", "Generated"
        FAILED = "failed", "Failed"

    sector = models.ForeignKey("igny8_auth.Sector", on_delete=models.CASCADE, related_name="+")
    content = models.ForeignKey(Content, on_delete=models.CASCADE, related_name="images")
    image_type = models.CharField(max_length=20, choices=ImageType.choices)
    position = models.PositiveSmallIntegerField(default=0, help_text="In-article: insert after this H2 (1-based).")
    prompt = models.TextField()
    alt_text = models.CharField(max_length=255, blank=True)
    caption = models.CharField(max_length=255, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    error = models.TextField(blank=True)
    file_path = models.CharField(max_length=500, blank=True, help_text="Relative to the site's storage folder.")
    url = models.CharField(max_length=1000, blank=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    file_format = models.CharField(max_length=10, blank=True)
    size_bytes = models.PositiveBigIntegerField(default=0)
    provider = models.CharField(max_length=50, blank=True)
    generated_by = models.CharField(max_length=255, blank=True)

    class Meta:
        db_table = "igny8_images"
        ordering = ["content_id", "image_type", "position", "id"]
        indexes = [models.Index(fields=["content", "image_type"]), models.Index(fields=["site", "status"])]

    def __str__(self) -> str:
        return f"{self.image_type} image of content {self.content_id}"
