"""/api/v1/writer/: tasks, content and images each keep their routes in their own module."""

from igny8_core.modules.writer import content_urls, image_urls, task_urls

# image_urls before content_urls: its explicit content/generate_image_prompts/ must win over the
# content router's content/<pk>/ pattern, which would otherwise take it for a pk.
urlpatterns = [*task_urls.urlpatterns, *image_urls.urlpatterns, *content_urls.urlpatterns]
