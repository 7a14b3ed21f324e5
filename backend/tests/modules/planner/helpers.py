"""Assertion helpers shared by the planner API tests."""

from __future__ import annotations

from typing import Any

from igny8_core.domain.planning.models import Clusters, ContentIdeas, Keywords

NOT_FOUND = {"success": False, "error": "Not found.", "errors": {}}


def without_request_id(response: Any) -> dict[str, Any]:
    body = response.json()
    assert body.pop("request_id") == response["X-Request-ID"]
    return body


def snapshot() -> dict[str, list[Any]]:
    """Every planner row, to assert that a refused request changed nothing."""
    return {
        "keywords": list(Keywords.objects.order_by("pk").values()),
        "clusters": list(Clusters.objects.order_by("pk").values()),
        "ideas": list(ContentIdeas.objects.order_by("pk").values()),
    }


def ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def refused(role: str) -> dict[str, Any]:
    return {"success": False, "error": f"Your role ({role}) cannot do this; it needs editor or higher.", "errors": {}}


def invalid_pk(pk: int) -> str:
    return f'Invalid pk "{pk}" - object does not exist.'


def assert_reads_and_writes_are_404(tenant: Any, url: str, field: str) -> None:
    """GET, PATCH, PUT and DELETE of ``url`` all answer the plain 404 envelope and change nothing.

    Used with a stranger's object and with a missing id alike: both must look the same.
    """
    before = snapshot()
    client = tenant.client
    put_body = {"site": tenant.site.pk, "sector": tenant.sector.pk, field: "Pwned"}
    for response in (
        client.get(url),
        client.patch(url, {field: "Pwned"}, format="json"),
        client.put(url, put_body, format="json"),
        client.delete(url),
    ):
        assert response.status_code == 404
        assert without_request_id(response) == NOT_FOUND
    assert snapshot() == before
