"""Industries: the shared, read-only reference list."""

from __future__ import annotations

import pytest
from django.utils.text import slugify

from igny8_core.core.auth.models import Industry, IndustrySector, Role
from igny8_core.core.auth.seed_data import INDUSTRIES
from tests.conftest import Tenant, client_for
from tests.factories import IndustryFactory, IndustrySectorFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/auth/industries/"


def detail(pk: object) -> str:
    return f"{URL}{pk}/"


def without_request_id(response):
    body = response.json()
    assert body.pop("request_id") == response["X-Request-ID"]
    return body


def test_lists_every_seeded_industry_with_its_sectors_unpaginated(reference_data, tenant: Tenant):
    response = tenant.client.get(URL)

    assert response.status_code == 200
    body = without_request_id(response)
    assert set(body) == {"success", "data", "message"}
    assert (body["success"], body["message"]) == (True, "")
    data = body["data"]
    assert isinstance(data, list)
    assert [i["name"] for i in data] == sorted(INDUSTRIES)
    assert [i["slug"] for i in data] == [slugify(name) for name in sorted(INDUSTRIES)]
    automotive = next(i for i in data if i["slug"] == "automotive")
    assert set(automotive) == {"id", "name", "slug", "description", "sectors"}
    assert sorted(s["name"] for s in automotive["sectors"]) == sorted(INDUSTRIES["Automotive"])
    assert {s["slug"] for s in automotive["sectors"]} == {slugify(n) for n in INDUSTRIES["Automotive"]}
    assert set(automotive["sectors"][0]) == {"id", "name", "slug", "description", "suggested_keywords"}


def test_retrieve_one_industry(tenant: Tenant):
    industry = IndustryFactory.create(name="Retail", slug="retail", description="Shops.")
    shoes = IndustrySectorFactory.create(industry=industry, name="Shoes", slug="shoes", suggested_keywords=["sneakers"])

    response = tenant.client.get(detail(industry.pk))

    assert response.status_code == 200
    assert without_request_id(response) == {
        "success": True,
        "message": "",
        "data": {
            "id": industry.pk,
            "name": "Retail",
            "slug": "retail",
            "description": "Shops.",
            "sectors": [
                {
                    "id": shoes.pk,
                    "name": "Shoes",
                    "slug": "shoes",
                    "description": "",
                    "suggested_keywords": ["sneakers"],
                }
            ],
        },
    }


def test_inactive_industries_are_hidden(tenant: Tenant):
    IndustryFactory.create(name="Active", slug="active")
    retired = IndustryFactory.create(name="Retired", slug="retired", is_active=False)

    listed = tenant.client.get(URL).json()["data"]
    assert [i["slug"] for i in listed] == ["active"]

    response = tenant.client.get(detail(retired.pk))
    assert response.status_code == 404
    assert without_request_id(response) == {"success": False, "error": "Not found.", "errors": {}}


def test_inactive_industry_sectors_are_hidden(tenant: Tenant):
    industry = IndustryFactory.create(name="Retail", slug="retail")
    IndustrySectorFactory.create(industry=industry, name="Shoes", slug="shoes")
    IndustrySectorFactory.create(industry=industry, name="Pagers", slug="pagers", is_active=False)

    listed = tenant.client.get(URL).json()["data"]
    one = tenant.client.get(detail(industry.pk)).json()["data"]

    assert [s["slug"] for s in listed[0]["sectors"]] == ["shoes"]
    assert [s["slug"] for s in one["sectors"]] == ["shoes"]


def test_every_account_and_role_sees_the_same_list(reference_data, tenant: Tenant, stranger: Tenant):
    _, viewer = tenant.member(Role.VIEWER)
    no_account = client_for(UserFactory.create())

    bodies = [c.get(URL).json()["data"] for c in (tenant.client, stranger.client, viewer, no_account)]

    assert bodies[0] == bodies[1] == bodies[2] == bodies[3]
    assert len(bodies[0]) == len(INDUSTRIES)


def test_unauthenticated_is_401(db):
    response = client_for(None).get(URL)

    assert response.status_code == 401
    assert without_request_id(response) == {
        "success": False,
        "error": "Authentication credentials were not provided.",
        "errors": {},
    }


def test_nonsense_id_is_404(tenant: Tenant):
    IndustryFactory.create()

    for pk in ("abc", "999999"):
        response = tenant.client.get(detail(pk))
        assert response.status_code == 404
        assert without_request_id(response) == {"success": False, "error": "Not found.", "errors": {}}


@pytest.mark.parametrize("role", [Role.OWNER, Role.ADMIN])
def test_nobody_in_an_account_can_write_industries(tenant: Tenant, role: str):
    industry = IndustryFactory.create(name="Retail", slug="retail")
    client = tenant.client if role == Role.OWNER else tenant.member(role)[1]
    before = list(Industry.objects.values())
    sectors = IndustrySector.objects.count()

    for method, url, payload in (
        ("post", URL, {"name": "Hacked", "slug": "hacked"}),
        ("patch", detail(industry.pk), {"name": "Hacked"}),
        ("put", detail(industry.pk), {"name": "Hacked", "slug": "hacked"}),
        ("delete", detail(industry.pk), None),
    ):
        response = getattr(client, method)(url, payload, format="json")
        assert response.status_code == 405
        assert without_request_id(response) == {
            "success": False,
            "error": f'Method "{method.upper()}" not allowed.',
            "errors": {},
        }
    assert list(Industry.objects.values()) == before
    assert IndustrySector.objects.count() == sectors
