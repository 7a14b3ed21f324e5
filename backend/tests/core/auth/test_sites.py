"""Sites: CRUD, tenant isolation, roles, filters, validation and audit."""

from __future__ import annotations

from typing import Any

import pytest

from igny8_core.core.auth.models import AccountMembership, AuditLog, Role, Sector, Site, SiteUserAccess
from tests.conftest import Tenant, client_for
from tests.factories import IndustryFactory, IndustrySectorFactory, SectorFactory, SiteFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/auth/sites/"


def detail(pk: object) -> str:
    return f"{URL}{pk}/"


def without_request_id(response):
    body = response.json()
    assert body.pop("request_id") == response["X-Request-ID"]
    return body


def missing_site_id() -> int:
    return Site.objects.order_by("-pk").values_list("pk", flat=True)[0] + 1000


def snapshot(site: Site) -> dict[str, Any]:
    return dict(Site.objects.filter(pk=site.pk).values().get())


NOT_FOUND = {"success": False, "error": "Not found.", "errors": {}}


# --- Create --------------------------------------------------------------------------------


def test_owner_creates_site_with_normalized_domain_and_slug_and_an_audit_row(tenant: Tenant):
    response = tenant.client.post(
        URL,
        {
            "name": "  Acme Blog  ",
            "domain": "https://Example.com/path?x=1",
            "description": "Our blog.",
            "site_type": "new",
            "hosting_type": "igny8_sites",
        },
        format="json",
    )

    assert response.status_code == 201
    body = without_request_id(response)
    assert body["success"] is True
    assert body["message"] == ""
    data = body["data"]
    site = Site.objects.get(pk=data["id"])
    assert data == {
        "id": site.pk,
        "name": "Acme Blog",
        "slug": "acme-blog",
        "domain": "example.com",
        "description": "Our blog.",
        "industry": None,
        "site_type": "new",
        "hosting_type": "igny8_sites",
        "is_active": True,
        "sector_count": 0,
        "created_at": data["created_at"],
        "updated_at": data["updated_at"],
    }
    assert site.account == tenant.account
    assert (site.name, site.slug, site.domain) == ("Acme Blog", "acme-blog", "example.com")
    audit = AuditLog.objects.get(action="site.created")
    assert audit.account == tenant.account
    assert audit.actor == tenant.owner
    assert (audit.object_type, audit.object_id) == ("Site", str(site.pk))


@pytest.mark.parametrize(
    ("domain", "expected"),
    [
        ("https://Example.com/path", "example.com"),
        ("http://WWW.Shop.io/", "www.shop.io"),
        ("  Plain.Example.org  ", "plain.example.org"),
        ("", ""),
    ],
)
def test_domain_is_normalized_on_create(tenant: Tenant, domain: str, expected: str):
    response = tenant.client.post(URL, {"name": "Normalized", "domain": domain}, format="json")

    assert response.status_code == 201
    assert response.json()["data"]["domain"] == expected
    assert Site.objects.get(pk=response.json()["data"]["id"]).domain == expected


def test_create_defaults_and_industry(tenant: Tenant):
    industry = IndustryFactory.create(name="Retail", slug="retail")

    response = tenant.client.post(URL, {"name": "Shop", "industry": industry.pk}, format="json")

    assert response.status_code == 201
    data = response.json()["data"]
    assert data["industry"] == industry.pk
    assert (data["site_type"], data["hosting_type"], data["is_active"]) == ("existing", "wordpress", True)
    assert (data["domain"], data["description"]) == ("", "")


def test_create_with_industry_sectors_adds_them_in_one_request(tenant: Tenant):
    industry = IndustryFactory.create(name="Sports", slug="sports")
    running = IndustrySectorFactory.create(industry=industry, name="Running", slug="running")
    cycling = IndustrySectorFactory.create(industry=industry, name="Cycling", slug="cycling")
    IndustrySectorFactory.create(industry=industry, name="Swimming", slug="swimming")

    response = tenant.client.post(
        URL,
        {"name": "Acme Running", "industry": industry.pk, "industry_sectors": [running.pk, cycling.pk, running.pk]},
        format="json",
    )

    assert response.status_code == 201
    data = response.json()["data"]
    assert data["sector_count"] == 2
    assert "industry_sectors" not in data
    sectors = Sector.objects.filter(site_id=data["id"]).order_by("name")
    assert [(s.name, s.slug, s.industry_sector_id, s.account_id) for s in sectors] == [
        ("Cycling", "cycling", cycling.pk, tenant.account.pk),
        ("Running", "running", running.pk, tenant.account.pk),
    ]
    assert AuditLog.objects.filter(action="sector.created", account=tenant.account).count() == 2


def test_industry_sectors_of_another_industry_create_nothing(tenant: Tenant):
    sports = IndustryFactory.create(name="Sports", slug="sports")
    food = IndustryFactory.create(name="Food", slug="food")
    running = IndustrySectorFactory.create(industry=sports, name="Running", slug="running")
    baking = IndustrySectorFactory.create(industry=food, name="Baking", slug="baking")
    before = (Site.objects.count(), Sector.objects.count(), AuditLog.objects.count())

    for payload, refused in (
        ({"name": "Mixed", "industry": sports.pk, "industry_sectors": [running.pk, baking.pk]}, "Baking"),
        ({"name": "Mixed", "industry_sectors": [running.pk]}, "Running"),
    ):
        response = tenant.client.post(URL, payload, format="json")

        assert response.status_code == 400
        assert response.json()["errors"] == {"industry_sectors": [f"Not a sector of the chosen industry: {refused}."]}
    assert (Site.objects.count(), Sector.objects.count(), AuditLog.objects.count()) == before


def test_a_failing_sector_rolls_the_site_back(tenant: Tenant):
    industry = IndustryFactory.create(name="Sports", slug="sports")
    first = IndustrySectorFactory.create(industry=industry, name="Trail Running", slug="trail-running")
    clash = IndustrySectorFactory.create(industry=industry, name="trail running", slug="trail-running-2")
    before = (Site.objects.count(), Sector.objects.count(), AuditLog.objects.count())

    response = tenant.client.post(
        URL, {"name": "Trails", "industry": industry.pk, "industry_sectors": [first.pk, clash.pk]}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["errors"] == {"name": ["This site already has a sector with this name."]}
    assert (Site.objects.count(), Sector.objects.count(), AuditLog.objects.count()) == before


def test_industry_sectors_are_refused_on_update_and_change_nothing(tenant: Tenant):
    industry = IndustryFactory.create(name="Sports", slug="sports")
    running = IndustrySectorFactory.create(industry=industry, name="Running", slug="running")
    site = SiteFactory.create(account=tenant.account, industry=industry)
    before = snapshot(site)

    response = tenant.client.patch(detail(site.pk), {"industry_sectors": [running.pk]}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "industry_sectors": ["Add sectors to an existing site through the sectors endpoint."]
    }
    assert snapshot(site) == before
    assert not Sector.objects.filter(site=site).exists()


def test_account_in_the_body_is_ignored(tenant: Tenant, stranger: Tenant):
    response = tenant.client.post(URL, {"name": "Planted", "account": stranger.account.pk}, format="json")

    assert response.status_code == 201
    site = Site.objects.get(pk=response.json()["data"]["id"])
    assert site.account == tenant.account
    assert not Site.objects.filter(account=stranger.account, slug="planted").exists()


def test_admin_creates_site(tenant: Tenant):
    _, admin = tenant.member(Role.ADMIN)

    response = admin.post(URL, {"name": "Admin Site"}, format="json")

    assert response.status_code == 201
    assert response.json()["data"]["slug"] == "admin-site"
    assert Site.objects.filter(account=tenant.account, slug="admin-site").count() == 1


def test_numeric_name_is_accepted_as_text(tenant: Tenant):
    response = tenant.client.post(URL, {"name": 123}, format="json")

    assert response.status_code == 201
    assert response.json()["data"]["name"] == "123"
    assert response.json()["data"]["slug"] == "123"


def test_duplicate_site_name_in_same_account_is_a_conflict(tenant: Tenant):
    assert tenant.client.post(URL, {"name": "Acme Blog"}, format="json").status_code == 201
    before = Site.objects.count()

    response = tenant.client.post(URL, {"name": "acme   BLOG"}, format="json")

    assert response.status_code == 409
    assert without_request_id(response) == {
        "success": False,
        "error": 'A site named "acme   BLOG" already exists in this account.',
        "errors": {"name": ["A site with this name already exists."]},
    }
    assert Site.objects.count() == before
    assert AuditLog.objects.filter(action="site.created").count() == 1


def test_same_site_name_in_another_account_is_fine(tenant: Tenant, stranger: Tenant):
    assert tenant.client.post(URL, {"name": "Acme Blog"}, format="json").status_code == 201

    response = stranger.client.post(URL, {"name": "Acme Blog"}, format="json")

    assert response.status_code == 201
    assert response.json()["data"]["slug"] == "acme-blog"
    assert Site.objects.filter(slug="acme-blog").count() == 2
    assert set(Site.objects.filter(slug="acme-blog").values_list("account_id", flat=True)) == {
        tenant.account.pk,
        stranger.account.pk,
    }


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"name": "Ok", "is_active": "maybe"}, "is_active", "Must be a valid boolean."),
        ({"name": "Ok", "site_type": "bogus"}, "site_type", '"bogus" is not a valid choice.'),
        ({"name": "Ok", "hosting_type": "ftp"}, "hosting_type", '"ftp" is not a valid choice.'),
        ({"name": ["a", "list"]}, "name", "Not a valid string."),
        ({"name": "   "}, "name", "This field may not be blank."),
        ({}, "name", "This field is required."),
        ({"name": "Ok", "industry": "x"}, "industry", "Incorrect type. Expected pk value, received str."),
        ({"name": "Ok", "industry": 999999}, "industry", 'Invalid pk "999999" - object does not exist.'),
        ({"name": "Ok", "domain": None}, "domain", "This field may not be null."),
        ({"name": "x" * 256}, "name", "Ensure this field has no more than 255 characters."),
    ],
)
def test_create_rejects_bad_input_naming_the_field(tenant: Tenant, payload: dict, field: str, message: str):
    before = Site.objects.count()

    response = tenant.client.post(URL, payload, format="json")

    assert response.status_code == 400
    body = without_request_id(response)
    assert body == {"success": False, "error": f"Invalid input. {field}: {message}", "errors": {field: [message]}}
    assert Site.objects.count() == before
    assert not AuditLog.objects.exists()


def test_inactive_industry_cannot_be_chosen(tenant: Tenant):
    industry = IndustryFactory.create(is_active=False)

    response = tenant.client.post(URL, {"name": "Ok", "industry": industry.pk}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"industry": [f'Invalid pk "{industry.pk}" - object does not exist.']}
    assert not Site.objects.filter(slug="ok").exists()


def test_malformed_json_is_400_with_errors_and_creates_nothing(tenant: Tenant):
    before = Site.objects.count()

    response = tenant.client.post(URL, data="{bad", content_type="application/json")

    assert response.status_code == 400
    body = without_request_id(response)
    assert body["success"] is False
    assert body["error"].startswith("Malformed request body: JSON parse error")
    assert list(body["errors"]) == ["body"]
    assert body["errors"]["body"][0].startswith("JSON parse error")
    assert Site.objects.count() == before


def test_malformed_json_on_update_is_400_and_changes_nothing(tenant: Tenant):
    before = snapshot(tenant.site)

    response = tenant.client.patch(detail(tenant.site.pk), data="{bad", content_type="application/json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["body"]
    assert snapshot(tenant.site) == before


def test_json_list_body_is_400_not_500(tenant: Tenant):
    response = tenant.client.post(URL, [1, 2], format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"non_field_errors": ["Invalid data. Expected a dictionary, but got list."]}


# --- Read ----------------------------------------------------------------------------------


def test_owner_lists_only_own_sites_in_the_page_envelope(tenant: Tenant, stranger: Tenant):
    second = SiteFactory.create(account=tenant.account, name="Second", slug="second")
    SectorFactory.create(site=second)
    SectorFactory.create(site=second)

    response = tenant.client.get(URL)

    assert response.status_code == 200
    body = without_request_id(response)
    assert set(body) == {"success", "count", "next", "previous", "results"}
    assert body["success"] is True
    assert body["count"] == 2
    assert (body["next"], body["previous"]) == (None, None)
    assert [(s["id"], s["name"], s["sector_count"]) for s in body["results"]] == [
        (tenant.site.pk, tenant.site.name, 1),
        (second.pk, "Second", 2),
    ]
    assert stranger.site.pk not in [s["id"] for s in body["results"]]


def test_retrieve_own_site(tenant: Tenant):
    response = tenant.client.get(detail(tenant.site.pk))

    assert response.status_code == 200
    body = without_request_id(response)
    assert body["success"] is True
    assert body["message"] == ""
    assert body["data"]["id"] == tenant.site.pk
    assert body["data"]["slug"] == tenant.site.slug
    assert body["data"]["domain"] == tenant.site.domain
    assert body["data"]["sector_count"] == 1


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER])
def test_editors_and_viewers_see_only_granted_sites(tenant: Tenant, stranger: Tenant, role: str):
    granted = SiteFactory.create(account=tenant.account, name="Granted", slug="granted")
    hidden = SiteFactory.create(account=tenant.account, name="Hidden", slug="hidden")
    _, client = tenant.member(role, sites=[granted])

    listed = client.get(URL)
    assert listed.status_code == 200
    assert listed.json()["count"] == 1
    assert [s["name"] for s in listed.json()["results"]] == ["Granted"]

    assert client.get(detail(granted.pk)).status_code == 200
    for site in (hidden, tenant.site, stranger.site):
        refused = client.get(detail(site.pk))
        assert refused.status_code == 404
        assert without_request_id(refused) == NOT_FOUND


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER])
def test_member_without_grants_sees_an_empty_list(tenant: Tenant, role: str):
    _, client = tenant.member(role)

    response = client.get(URL)

    assert response.status_code == 200
    body = without_request_id(response)
    assert body == {"success": True, "count": 0, "next": None, "previous": None, "results": []}


def test_grant_in_another_account_does_not_leak_into_this_one(tenant: Tenant, stranger: Tenant):
    user, client = tenant.member(Role.EDITOR)
    SiteUserAccess.objects.create(user=user, site=stranger.site, account=stranger.account)

    response = client.get(URL)

    assert response.json()["count"] == 0
    assert client.get(detail(stranger.site.pk)).status_code == 404


def test_admin_sees_all_account_sites(tenant: Tenant):
    SiteFactory.create(account=tenant.account, name="Other", slug="other")
    _, admin = tenant.member(Role.ADMIN)

    response = admin.get(URL)

    assert response.json()["count"] == 2


def test_site_id_filter(tenant: Tenant, stranger: Tenant):
    second = SiteFactory.create(account=tenant.account, name="Second", slug="second")

    only_second = tenant.client.get(URL, {"site_id": second.pk}).json()
    assert only_second["count"] == 1
    assert [s["id"] for s in only_second["results"]] == [second.pk]

    strangers = tenant.client.get(URL, {"site_id": stranger.site.pk}).json()
    assert strangers["count"] == 0
    assert strangers["results"] == []


def test_site_id_filter_cannot_widen_an_editors_view(tenant: Tenant):
    hidden = SiteFactory.create(account=tenant.account, name="Hidden", slug="hidden")
    _, client = tenant.member(Role.EDITOR, sites=[tenant.site])

    response = client.get(URL, {"site_id": hidden.pk})

    assert response.status_code == 200
    assert response.json()["count"] == 0


@pytest.mark.parametrize(
    ("params", "field", "error", "message"),
    [
        ({"site_id": "abc"}, "site_id", "site_id must be a whole number.", "Must be a whole number."),
        ({"site_id": "1.5"}, "site_id", "site_id must be a whole number.", "Must be a whole number."),
        ({"site_id": "0"}, "site_id", "site_id must be a positive id.", "Must be a positive id."),
        ({"site_id": "-3"}, "site_id", "site_id must be a positive id.", "Must be a positive id."),
        ({"sector_id": "abc"}, "sector_id", "sector_id must be a whole number.", "Must be a whole number."),
    ],
)
def test_bad_id_filters_are_400_naming_the_parameter(
    tenant: Tenant, params: dict, field: str, error: str, message: str
):
    response = tenant.client.get(URL, params)

    assert response.status_code == 400
    assert without_request_id(response) == {"success": False, "error": error, "errors": {field: [message]}}


def test_filters_and_search(tenant: Tenant):
    SiteFactory.create(account=tenant.account, name="Dormant", slug="dormant", is_active=False, domain="sleepy.example")

    inactive = tenant.client.get(URL, {"is_active": "false"}).json()
    assert [s["name"] for s in inactive["results"]] == ["Dormant"]
    searched = tenant.client.get(URL, {"search": "sleepy"}).json()
    assert [s["name"] for s in searched["results"]] == ["Dormant"]


def test_unauthenticated_is_401(db):
    response = client_for(None).get(URL)

    assert response.status_code == 401
    assert without_request_id(response) == {
        "success": False,
        "error": "Authentication credentials were not provided.",
        "errors": {},
    }


def test_user_without_an_account_is_403(db):
    response = client_for(UserFactory.create()).get(URL)

    assert response.status_code == 403
    assert without_request_id(response) == {
        "success": False,
        "error": "Your user does not belong to any account.",
        "errors": {},
    }


# --- Update --------------------------------------------------------------------------------


def test_patch_renames_reslugs_normalizes_domain_and_audits(tenant: Tenant):
    response = tenant.client.patch(
        detail(tenant.site.pk), {"name": " New Name ", "domain": "HTTPS://New.Example.com/x"}, format="json"
    )

    assert response.status_code == 200
    body = without_request_id(response)
    assert body["success"] is True
    assert (body["data"]["name"], body["data"]["slug"], body["data"]["domain"]) == (
        "New Name",
        "new-name",
        "new.example.com",
    )
    tenant.site.refresh_from_db()
    assert (tenant.site.name, tenant.site.slug, tenant.site.domain) == ("New Name", "new-name", "new.example.com")
    audit = AuditLog.objects.get(action="site.updated")
    assert audit.object_id == str(tenant.site.pk)
    assert audit.actor == tenant.owner


def test_put_replaces_the_site(tenant: Tenant):
    response = tenant.client.put(
        detail(tenant.site.pk),
        {"name": "Replaced", "domain": "replaced.example", "site_type": "hybrid", "hosting_type": "shopify"},
        format="json",
    )

    assert response.status_code == 200
    tenant.site.refresh_from_db()
    assert (tenant.site.name, tenant.site.slug, tenant.site.site_type, tenant.site.hosting_type) == (
        "Replaced",
        "replaced",
        "hybrid",
        "shopify",
    )


def test_patch_keeping_own_name_is_not_a_conflict(tenant: Tenant):
    response = tenant.client.patch(detail(tenant.site.pk), {"name": tenant.site.name}, format="json")

    assert response.status_code == 200
    assert not AuditLog.objects.filter(action="site.updated").exists()


def test_rename_onto_another_sites_name_is_a_conflict_and_changes_nothing(tenant: Tenant):
    SiteFactory.create(account=tenant.account, name="Taken", slug="taken")
    before = snapshot(tenant.site)

    response = tenant.client.patch(detail(tenant.site.pk), {"name": "TAKEN"}, format="json")

    assert response.status_code == 409
    assert without_request_id(response) == {
        "success": False,
        "error": 'A site named "TAKEN" already exists in this account.',
        "errors": {"name": ["A site with this name already exists."]},
    }
    assert snapshot(tenant.site) == before


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"is_active": "maybe"}, "is_active", "Must be a valid boolean."),
        ({"site_type": "bogus"}, "site_type", '"bogus" is not a valid choice.'),
        ({"name": ""}, "name", "This field may not be blank."),
        ({"name": None}, "name", "This field may not be null."),
    ],
)
def test_patch_rejects_bad_input_and_changes_nothing(tenant: Tenant, payload: dict, field: str, message: str):
    before = snapshot(tenant.site)

    response = tenant.client.patch(detail(tenant.site.pk), payload, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {field: [message]}
    assert snapshot(tenant.site) == before


def test_put_without_name_is_400_and_changes_nothing(tenant: Tenant):
    before = snapshot(tenant.site)

    response = tenant.client.put(detail(tenant.site.pk), {"domain": "x.example"}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"name": ["This field is required."]}
    assert snapshot(tenant.site) == before


def test_read_only_fields_are_ignored(tenant: Tenant):
    before_slug = tenant.site.slug

    response = tenant.client.patch(detail(tenant.site.pk), {"slug": "hacked", "id": 999999}, format="json")

    assert response.status_code == 200
    tenant.site.refresh_from_db()
    assert tenant.site.slug == before_slug
    assert Site.objects.filter(pk=999999).exists() is False


# --- Delete --------------------------------------------------------------------------------


def test_delete_answers_envelope_removes_sectors_and_audits(tenant: Tenant):
    site_id, name = tenant.site.pk, tenant.site.name

    response = tenant.client.delete(detail(site_id))

    assert response.status_code == 200
    assert without_request_id(response) == {
        "success": True,
        "data": None,
        "message": "Site deleted with everything under it.",
    }
    assert not Site.objects.filter(pk=site_id).exists()
    assert not Sector.objects.filter(site_id=site_id).exists()
    audit = AuditLog.objects.get(action="site.deleted")
    assert (audit.account, audit.actor, audit.object_type, audit.object_id) == (
        tenant.account,
        tenant.owner,
        "Site",
        str(site_id),
    )
    assert audit.changes == {"name": name}


def test_admin_deletes_site(tenant: Tenant):
    _, admin = tenant.member(Role.ADMIN)

    assert admin.delete(detail(tenant.site.pk)).status_code == 200
    assert not Site.objects.filter(pk=tenant.site.pk).exists()


# --- Roles ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER])
def test_editors_and_viewers_cannot_write_even_granted_sites(tenant: Tenant, role: str):
    _, client = tenant.member(role, sites=[tenant.site])
    before = snapshot(tenant.site)
    count = Site.objects.count()
    refused = {
        "success": False,
        "error": f"Your role ({role}) cannot do this; it needs admin or higher.",
        "errors": {},
    }

    responses = [
        client.post(URL, {"name": "Mine"}, format="json"),
        client.patch(detail(tenant.site.pk), {"name": "Mine"}, format="json"),
        client.put(detail(tenant.site.pk), {"name": "Mine"}, format="json"),
        client.delete(detail(tenant.site.pk)),
    ]

    for response in responses:
        assert response.status_code == 403
        assert without_request_id(response) == refused
    assert snapshot(tenant.site) == before
    assert Site.objects.count() == count
    assert not AuditLog.objects.exists()


# --- Cross-tenant --------------------------------------------------------------------------


def test_strangers_site_is_indistinguishable_from_a_missing_one(tenant: Tenant, stranger: Tenant):
    theirs = stranger.site.pk
    missing = missing_site_id()
    before = snapshot(stranger.site)
    count = Site.objects.count()

    for pk in (theirs, missing):
        responses = [
            tenant.client.get(detail(pk)),
            tenant.client.patch(detail(pk), {"name": "Pwned"}, format="json"),
            tenant.client.put(detail(pk), {"name": "Pwned"}, format="json"),
            tenant.client.delete(detail(pk)),
        ]
        for response in responses:
            assert response.status_code == 404
            assert without_request_id(response) == NOT_FOUND

    assert snapshot(stranger.site) == before
    assert Site.objects.count() == count
    assert Sector.objects.filter(site=stranger.site).count() == 1
    assert not AuditLog.objects.exists()


def test_strangers_site_never_appears_in_lists(tenant: Tenant, stranger: Tenant):
    for client, own, other in ((tenant.client, tenant, stranger), (stranger.client, stranger, tenant)):
        ids = [s["id"] for s in client.get(URL).json()["results"]]
        assert ids == [own.site.pk]
        assert other.site.pk not in ids


def test_x_account_id_scopes_to_the_chosen_membership(tenant: Tenant, stranger: Tenant):
    AccountMembership.objects.create(account=stranger.account, user=tenant.owner, role=Role.VIEWER)
    as_viewer = client_for(tenant.owner, account=stranger.account)

    assert as_viewer.get(URL).json()["count"] == 0
    assert as_viewer.get(detail(stranger.site.pk)).status_code == 404
    refused = as_viewer.delete(detail(tenant.site.pk))
    assert refused.status_code == 403
    assert Site.objects.filter(pk=tenant.site.pk).exists()


@pytest.mark.parametrize("pk", ["abc", "1.5", "99999999999999999999999"])
def test_nonsense_ids_are_404_not_500(tenant: Tenant, pk: str):
    before = snapshot(tenant.site)

    for response in (
        tenant.client.get(detail(pk)),
        tenant.client.patch(detail(pk), {"name": "x"}, format="json"),
        tenant.client.delete(detail(pk)),
    ):
        assert response.status_code == 404
        assert without_request_id(response) == NOT_FOUND
    assert snapshot(tenant.site) == before


def test_sites_with_non_latin_names_get_distinct_slugs(tenant: Tenant):
    first = tenant.client.post("/api/v1/auth/sites/", {"name": "Сад и огород"}, format="json")
    second = tenant.client.post("/api/v1/auth/sites/", {"name": "園芸ブログ"}, format="json")

    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["data"]["slug"] == "сад-и-огород"
    assert second.json()["data"]["slug"] == "園芸ブログ"
