"""/api/v1/thinker/: author profiles, strategies, prompts."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
