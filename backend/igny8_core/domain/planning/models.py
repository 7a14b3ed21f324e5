"""Planner models (seed 3.1 ``domain/planning``): keywords, clusters, content ideas."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from igny8_core.core.base.models import SiteSectorBaseModel


class Intent(models.TextChoices):
    INFORMATIONAL = "informational", "Informational"
    COMMERCIAL = "commercial", "Commercial"
    TRANSACTIONAL = "transactional", "Transactional"
    NAVIGATIONAL = "navigational", "Navigational"


class KeywordStatus(models.TextChoices):
    NEW = "new", "New"
    CLUSTERED = "clustered", "Clustered"
    ARCHIVED = "archived", "Archived"


class KeywordSource(models.TextChoices):
    IMPORT = "import", "CSV import"
    MANUAL = "manual", "Added by hand"
    API = "api", "API"
    SYNC = "sync", "Synced from a site"


class Clusters(SiteSectorBaseModel):
    """A group of keywords one page (or a few) should target."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ARCHIVED = "archived", "Archived"

    sector = models.ForeignKey("igny8_auth.Sector", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    intent = models.CharField(max_length=20, choices=Intent.choices, default=Intent.INFORMATIONAL)
    keywords_count = models.PositiveIntegerField(default=0)
    volume = models.PositiveBigIntegerField(default=0, help_text="Total monthly search volume.")
    avg_difficulty = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("0"))
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    source = models.CharField(max_length=20, default="offline", help_text="offline, the provider name, or manual.")
    centroid = models.BinaryField(null=True, blank=True, editable=False)

    class Meta:
        db_table = "igny8_clusters"
        ordering = ["-volume", "id"]
        indexes = [models.Index(fields=["site", "sector", "status"]), models.Index(fields=["account", "site"])]

    def __str__(self) -> str:
        return self.name


class Keywords(SiteSectorBaseModel):
    sector = models.ForeignKey("igny8_auth.Sector", on_delete=models.CASCADE, related_name="+")
    keyword = models.CharField(max_length=500)
    normalized = models.CharField(max_length=500, editable=False)
    search_volume = models.PositiveIntegerField(default=0)
    difficulty = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(100)])
    cpc = models.DecimalField(
        max_digits=10, decimal_places=2, default=Decimal("0"), validators=[MinValueValidator(Decimal("0"))]
    )
    intent = models.CharField(max_length=20, choices=Intent.choices, default=Intent.INFORMATIONAL)
    intent_source = models.CharField(max_length=20, default="classified", help_text="given or classified (offline).")
    status = models.CharField(max_length=20, choices=KeywordStatus.choices, default=KeywordStatus.NEW)
    cluster = models.ForeignKey(Clusters, on_delete=models.SET_NULL, null=True, blank=True, related_name="keywords")
    source = models.CharField(max_length=20, choices=KeywordSource.choices, default=KeywordSource.MANUAL)

    class Meta:
        db_table = "igny8_keywords"
        ordering = ["-search_volume", "id"]
        constraints = [
            models.UniqueConstraint(fields=["site", "sector", "normalized"], name="unique_keyword_per_sector"),
            models.CheckConstraint(condition=models.Q(difficulty__lte=100), name="keyword_difficulty_0_100"),
        ]
        indexes = [
            models.Index(fields=["site", "sector", "status"]),
            models.Index(fields=["account", "site"]),
            models.Index(fields=["cluster"]),
        ]

    def __str__(self) -> str:
        return self.keyword


class KeywordEmbedding(models.Model):
    """Cached sentence embedding of a keyword, so a re-run embeds only new keywords."""

    keyword = models.OneToOneField(Keywords, on_delete=models.CASCADE, primary_key=True, related_name="embedding")
    model_name = models.CharField(max_length=100)
    text = models.CharField(max_length=500, help_text="The normalized text that was embedded.")
    vector = models.BinaryField()

    class Meta:
        db_table = "igny8_keyword_embeddings"

    def __str__(self) -> str:
        return f"{self.model_name}:{self.keyword_id}"


class ContentType(models.TextChoices):
    POST = "post", "Blog post"
    PAGE = "page", "Page"
    PRODUCT = "product", "Product"
    SERVICE = "service", "Service page"
    TAXONOMY = "taxonomy", "Category / taxonomy page"


class ContentStructure(models.TextChoices):
    ARTICLE = "article", "Article"
    GUIDE = "guide", "Guide"
    COMPARISON = "comparison", "Comparison"
    REVIEW = "review", "Review"
    LISTICLE = "listicle", "Listicle"
    HOW_TO = "how_to", "How-to"
    LANDING_PAGE = "landing_page", "Landing page"
    SERVICE_PAGE = "service_page", "Service page"
    PRODUCT_PAGE = "product_page", "Product page"
    CATEGORY_PAGE = "category_page", "Category page"


class ContentIdeas(SiteSectorBaseModel):
    class Status(models.TextChoices):
        NEW = "new", "New"
        QUEUED = "queued", "Queued to writer"
        COMPLETED = "completed", "Completed"
        ARCHIVED = "archived", "Archived"

    sector = models.ForeignKey("igny8_auth.Sector", on_delete=models.CASCADE, related_name="+")
    cluster = models.ForeignKey(Clusters, on_delete=models.SET_NULL, null=True, blank=True, related_name="ideas")
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    outline = models.JSONField(default=list, blank=True, help_text="Ordered H2 sections: [{heading, points: [...]}].")
    primary_keyword = models.CharField(max_length=500, blank=True)
    secondary_keywords = models.JSONField(default=list, blank=True)
    content_type = models.CharField(max_length=20, choices=ContentType.choices, default=ContentType.POST)
    content_structure = models.CharField(
        max_length=20, choices=ContentStructure.choices, default=ContentStructure.ARTICLE
    )
    target_word_count = models.PositiveIntegerField(default=1500)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    generated_by = models.CharField(max_length=255, blank=True, help_text="offline, or provider:model.")

    class Meta:
        db_table = "igny8_content_ideas"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["site", "sector", "status"]), models.Index(fields=["cluster"])]

    def __str__(self) -> str:
        return self.title
