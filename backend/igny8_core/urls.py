from django.conf import settings
from django.contrib import admin
from django.http import FileResponse, HttpRequest, JsonResponse
from django.http.response import HttpResponseBase
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from igny8_core.shared.middleware.request_id import get_request_id

api_v1 = [
    path("auth/", include("igny8_core.core.auth.urls")),
    path("billing/", include("igny8_core.modules.billing.urls")),
    path("system/", include("igny8_core.modules.system.urls")),
    path("planner/", include("igny8_core.modules.planner.urls")),
    path("writer/", include("igny8_core.modules.writer.urls")),
    path("thinker/", include("igny8_core.modules.thinker.urls")),
    path("integration/", include("igny8_core.modules.integration.urls")),
    path("publisher/", include("igny8_core.modules.publisher.urls")),
    path("automation/", include("igny8_core.modules.automation.urls")),
]

urlpatterns = [
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("admin/", admin.site.urls),
]


def spa_index(request: HttpRequest) -> HttpResponseBase:
    """Every non-API path is a route of the web app: answer with its index.html (never cached)."""
    index = settings.FRONTEND_DIST / "index.html"
    if not index.is_file():
        return _json_error(404, "Not found.")  # the web app is not built (make run builds it)
    response = FileResponse(index.open("rb"), content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


urlpatterns.append(re_path(r"^(?!api/|admin/|static/|assets/).*$", spa_index, name="web-app"))


def _json_error(status: int, message: str) -> JsonResponse:
    body = {"success": False, "error": message, "errors": {}, "request_id": get_request_id()}
    return JsonResponse(body, status=status)


def handler404(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    return _json_error(404, "Not found.")


def handler500(request: HttpRequest) -> JsonResponse:
    return _json_error(500, "Something went wrong on our side. Quote the request id if you contact support.")
