"""/api/v1/writer/: tasks, content and images each keep their routes in their own module."""

from igny8_core.modules.writer import content_urls, image_urls, task_urls

urlpatterns = [*task_urls.urlpatterns, *content_urls.urlpatterns, *image_urls.urlpatterns]
