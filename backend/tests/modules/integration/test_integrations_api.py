"""/api/v1/integration/: CRUD with write-only credentials, roles (admins manage, viewers read), the
SSRF guard at save, test/ and sync/ actions, and tenant isolation on every endpoint (another account's
integration answers the same 404 as a missing one and nothing changes)."""

from __future__ import annotations

from typing import Any

import pytest

from igny8_core.core.auth.models import Role
from igny8_core.domain.jobs.models import Job
from igny8_core.domain.publishing.models import SiteIntegration
from igny8_core.shared.utils import crypto
from tests.conftest import Tenant
from tests.factories import SiteFactory
from tests.publishing_support import NOT_FOUND, make_integration, snapshot, without_request_id

pytestmark = pytest.mark.django_db

URL = "/api/v1/integration/"


def body(tenant: Tenant, **extra: Any) -> dict[str, Any]:
    return {
        "site": tenant.site.pk,
        "platform": "wordpress",
        "config_json": {"site_url": "http://127.0.0.1:8081"},
        "credentials": {"username": "admin", "application_password": "xxxx yyyy"},
        **extra,
    }


def test_admin_creates_and_credentials_are_never_returned(tenant: Tenant, allow_private: None):
    response = tenant.client.post(URL, body(tenant, name="Blog"), format="json")

    assert response.status_code == 201, response.content
    data = response.json()["data"]
    integration = SiteIntegration.objects.get()
    assert data == {
        "id": integration.pk,
        "site": tenant.site.pk,
        "platform": "wordpress",
        "platform_type": "cms",
        "name": "Blog",
        "config_json": {"site_url": "http://127.0.0.1:8081"},
        "has_credentials": True,
        "is_active": True,
        "sync_enabled": False,
        "last_sync_at": None,
        "sync_status": "never",
        "last_error": "",
        "connection_report": {},
        "created_at": data["created_at"],
        "updated_at": data["updated_at"],
    }
    assert crypto.decrypt_json(integration.credentials_encrypted)["application_password"] == "xxxx yyyy"
    for response in (tenant.client.get(URL), tenant.client.get(f"{URL}{integration.pk}/")):
        assert "xxxx" not in response.content.decode()
        assert "credentials" not in response.content.decode().replace("has_credentials", "")


def test_a_private_url_is_refused_unless_allowed(tenant: Tenant, monkeypatch: Any):
    monkeypatch.delenv("IGNY8_ALLOW_PRIVATE_INTEGRATION_HOSTS", raising=False)
    response = tenant.client.post(URL, body(tenant), format="json")

    assert response.status_code == 400
    assert without_request_id(response) == {
        "success": False,
        "error": "config_json: site_url: 127.0.0.1 resolves to a private or reserved address; integrations must "
        "use a public host.",
        "errors": {
            "config_json": [
                "site_url: 127.0.0.1 resolves to a private or reserved address; integrations must use a public host."
            ]
        },
    }
    assert SiteIntegration.objects.count() == 0


def test_validation_unknown_platform_and_another_accounts_site(tenant: Tenant, stranger: Tenant, allow_private: None):
    response = tenant.client.post(URL, body(tenant, platform="joomla"), format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"platform": ['"joomla" is not a valid choice.']}

    response = tenant.client.post(URL, body(tenant, site=stranger.site.pk), format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"site": [f'Invalid pk "{stranger.site.pk}" - object does not exist.']}
    assert SiteIntegration.objects.count() == 0


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER])
def test_editors_and_viewers_read_but_cannot_manage(tenant: Tenant, allow_private: None, role: str):
    integration = make_integration(tenant)
    _, client = tenant.member(role, sites=[tenant.site])
    before = snapshot()

    listed = client.get(URL)
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [integration.pk]
    refused = {"success": False, "error": f"Your role ({role}) cannot do this; it needs admin or higher.", "errors": {}}
    for response in (
        client.post(URL, body(tenant), format="json"),
        client.patch(f"{URL}{integration.pk}/", {"name": "x"}, format="json"),
        client.delete(f"{URL}{integration.pk}/"),
        client.post(f"{URL}{integration.pk}/test/"),
        client.post(f"{URL}{integration.pk}/sync/", {"mode": "full"}, format="json"),
    ):
        assert response.status_code == 403
        assert without_request_id(response) == refused
    assert snapshot() == before


def test_an_editor_without_the_site_grant_sees_nothing(tenant: Tenant, allow_private: None):
    integration = make_integration(tenant)
    _, client = tenant.member(Role.EDITOR)
    assert client.get(URL).json()["results"] == []
    assert client.get(f"{URL}{integration.pk}/").status_code == 404


def test_update_replaces_credentials_and_refuses_moving_site(tenant: Tenant, allow_private: None):
    integration = make_integration(tenant, credentials={"secret": "one"})
    response = tenant.client.patch(
        f"{URL}{integration.pk}/", {"credentials": {"secret": "two"}, "sync_enabled": True}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["data"]["sync_enabled"] is True
    integration.refresh_from_db()
    assert crypto.decrypt_json(integration.credentials_encrypted) == {"secret": "two"}

    other = SiteFactory.create(account=tenant.account)
    response = tenant.client.patch(f"{URL}{integration.pk}/", {"site": other.pk}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"site": ["An integration cannot move to another site."]}


def test_delete(tenant: Tenant, allow_private: None):
    integration = make_integration(tenant)
    response = tenant.client.delete(f"{URL}{integration.pk}/")
    assert response.status_code == 200
    assert without_request_id(response) == {"success": True, "data": None, "message": "Integration deleted."}
    assert SiteIntegration.objects.count() == 0


def test_sync_answers_202_with_a_job(tenant: Tenant, allow_private: None):
    integration = make_integration(tenant)
    response = tenant.client.post(f"{URL}{integration.pk}/sync/", {"mode": "full"}, format="json")
    assert response.status_code == 202, response.content
    job = Job.objects.get()
    assert response.json()["data"] == {"job_id": job.pk, "status": "queued"}
    assert job.payload == {"integration_id": integration.pk, "mode": "full"}

    response = tenant.client.post(f"{URL}{integration.pk}/sync/", {"mode": "sideways"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"mode": ['"sideways" is not a valid choice.']}


def test_another_accounts_integration_is_a_404_everywhere_and_nothing_changes(
    tenant: Tenant, stranger: Tenant, allow_private: None
):
    theirs = make_integration(stranger)
    before = snapshot()
    jobs = Job.objects.count()
    for pk in (theirs.pk, 999999):
        url = f"{URL}{pk}/"
        for response in (
            tenant.client.get(url),
            tenant.client.patch(url, {"name": "Pwned", "credentials": {"secret": "x"}}, format="json"),
            tenant.client.put(url, body(tenant), format="json"),
            tenant.client.delete(url),
            tenant.client.post(f"{url}test/"),
            tenant.client.post(f"{url}sync/", {"mode": "full"}, format="json"),
            tenant.client.get(f"{url}terms/"),
        ):
            assert response.status_code == 404, response.content
            assert without_request_id(response) == NOT_FOUND
    assert tenant.client.get(URL).json()["results"] == []
    assert snapshot() == before
    assert Job.objects.count() == jobs


def test_platforms_lists_what_an_integration_can_use(tenant: Tenant):
    _, viewer = tenant.member(Role.VIEWER)
    response = viewer.get(f"{URL}platforms/")
    assert response.status_code == 200
    assert response.json()["data"] == [
        {
            "platform": "wordpress",
            "name": "WordPress",
            "platform_type": "cms",
            "config_keys": ["site_url", "author", "default_status", "import_sector"],
            "credential_keys": ["username", "application_password"],
        },
        {
            "platform": "shopify",
            "name": "Shopify",
            "platform_type": "ecommerce",
            "config_keys": ["shop_domain", "blog_id", "blog_handle", "import_sector"],
            "credential_keys": ["access_token"],
        },
        {
            "platform": "custom_api",
            "name": "Custom API (signed webhook)",
            "platform_type": "custom_api",
            "config_keys": ["endpoint_url"],
            "credential_keys": ["secret"],
        },
    ]
