"""Thinker API (/api/v1/thinker/): author profiles and content strategies (CRUD, one default per
account and site, roles, tenant isolation) and the account's prompts under thinker."""

from __future__ import annotations

from typing import Any

import pytest

from igny8_core.core.auth.models import Role
from igny8_core.domain.ai.models import AIPrompt
from igny8_core.domain.thinker.models import AuthorProfile, ContentStrategy
from tests.conftest import Tenant, client_for
from tests.factories import SectorFactory, SiteFactory
from tests.modules.planner.helpers import NOT_FOUND, ids, invalid_pk, refused, without_request_id

pytestmark = pytest.mark.django_db

PROFILES = "/api/v1/thinker/author-profiles/"
STRATEGIES = "/api/v1/thinker/strategies/"
PROMPTS = "/api/v1/thinker/prompts/"


def rows() -> dict[str, list[Any]]:
    return {
        "profiles": list(AuthorProfile.objects.order_by("pk").values()),
        "strategies": list(ContentStrategy.objects.order_by("pk").values()),
        "prompts": list(AIPrompt.objects.order_by("pk").values()),
    }


# --- Author profiles -----------------------------------------------------------------------------


def test_create_a_profile_with_every_field(tenant: Tenant):
    response = tenant.client.post(
        PROFILES,
        {
            "site": tenant.site.pk,
            "name": " Garden coach ",
            "voice": "a certified master gardener",
            "tone": "friendly, practical",
            "audience": "first-time gardeners",
            "reading_level": "simple",
            "words_to_avoid": ["delve", "unlock"],
            "is_default": True,
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = without_request_id(response)
    profile = AuthorProfile.objects.get()
    data = body["data"]
    assert body == {
        "success": True,
        "message": "",
        "data": {
            "id": profile.pk,
            "site": tenant.site.pk,
            "name": "Garden coach",
            "voice": "a certified master gardener",
            "tone": "friendly, practical",
            "audience": "first-time gardeners",
            "reading_level": "simple",
            "words_to_avoid": ["delve", "unlock"],
            "is_default": True,
            "created_at": data["created_at"],
            "updated_at": data["updated_at"],
        },
    }
    assert (profile.account_id, profile.site_id, profile.words_to_avoid) == (
        tenant.account.pk,
        tenant.site.pk,
        ["delve", "unlock"],
    )


def test_create_a_profile_with_defaults_is_account_wide(tenant: Tenant):
    response = tenant.client.post(PROFILES, {"name": "House voice"}, format="json")

    assert response.status_code == 201
    data = response.json()["data"]
    assert {k: data[k] for k in ("site", "reading_level", "words_to_avoid", "is_default", "voice")} == {
        "site": None,
        "reading_level": "standard",
        "words_to_avoid": [],
        "is_default": False,
        "voice": "",
    }


@pytest.mark.parametrize(
    ("payload", "status", "field", "message"),
    [
        ({}, 400, "name", "This field is required."),
        ({"name": ""}, 400, "name", "This field may not be blank."),
        ({"name": "P", "reading_level": "phd"}, 400, "reading_level", '"phd" is not a valid choice.'),
        (
            {"name": "P", "words_to_avoid": "a, b"},
            400,
            "words_to_avoid",
            'Expected a list of items but got type "str".',
        ),
        ({"name": "P", "site": 99999999}, 400, "site", invalid_pk(99999999)),
        ({"name": "taken"}, 409, "name", "This name is already used."),
    ],
)
def test_create_a_profile_rejects_bad_input(tenant: Tenant, payload: dict, status: int, field: str, message: str):
    AuthorProfile.objects.create(account=tenant.account, name="Taken")
    before = rows()

    response = tenant.client.post(PROFILES, payload, format="json")

    assert response.status_code == status
    assert response.json()["errors"] == {field: [message]}
    assert rows() == before


def test_setting_a_default_unsets_the_other_default_of_that_site_only(tenant: Tenant):
    other_site = SiteFactory.create(account=tenant.account)
    account_wide = AuthorProfile.objects.create(account=tenant.account, name="House", is_default=True)
    old = AuthorProfile.objects.create(account=tenant.account, site=tenant.site, name="Old", is_default=True)
    elsewhere = AuthorProfile.objects.create(account=tenant.account, site=other_site, name="Else", is_default=True)
    new = AuthorProfile.objects.create(account=tenant.account, site=tenant.site, name="New")

    response = tenant.client.patch(f"{PROFILES}{new.pk}/", {"is_default": True}, format="json")

    assert response.status_code == 200
    assert response.json()["data"]["is_default"] is True
    assert dict(AuthorProfile.objects.values_list("pk", "is_default")) == {
        account_wide.pk: True,
        old.pk: False,
        elsewhere.pk: True,
        new.pk: True,
    }


def test_profiles_list_filter_search_and_delete(tenant: Tenant, stranger: Tenant):
    house = AuthorProfile.objects.create(account=tenant.account, name="House", tone="warm", is_default=True)
    expert = AuthorProfile.objects.create(
        account=tenant.account, site=tenant.site, name="Expert", reading_level="expert"
    )
    AuthorProfile.objects.create(account=stranger.account, name="Theirs")

    assert ids(tenant.client.get(PROFILES)) == [expert.pk, house.pk]
    assert ids(tenant.client.get(PROFILES, {"reading_level": "expert"})) == [expert.pk]
    assert ids(tenant.client.get(PROFILES, {"is_default": "true"})) == [house.pk]
    assert ids(tenant.client.get(PROFILES, {"search": "warm"})) == [house.pk]
    assert ids(tenant.client.get(PROFILES, {"ordering": "-name"})) == [house.pk, expert.pk]

    deleted = tenant.client.delete(f"{PROFILES}{house.pk}/")

    assert deleted.status_code == 200
    assert without_request_id(deleted) == {"success": True, "data": None, "message": "Author profile deleted."}
    assert list(AuthorProfile.objects.filter(account=tenant.account)) == [expert]


def test_members_see_account_wide_profiles_and_those_of_their_sites(tenant: Tenant):
    hidden_site = SiteFactory.create(account=tenant.account)
    SectorFactory.create(site=hidden_site)
    house = AuthorProfile.objects.create(account=tenant.account, name="House")
    mine = AuthorProfile.objects.create(account=tenant.account, site=tenant.site, name="Mine")
    hidden = AuthorProfile.objects.create(account=tenant.account, site=hidden_site, name="Hidden")
    _, editor = tenant.member(Role.EDITOR, sites=[tenant.site])

    assert ids(editor.get(PROFILES)) == [house.pk, mine.pk]
    assert editor.get(f"{PROFILES}{hidden.pk}/").status_code == 404
    created = editor.post(PROFILES, {"name": "Sneaky", "site": hidden_site.pk}, format="json")
    assert created.status_code == 400
    assert created.json()["errors"] == {"site": [invalid_pk(hidden_site.pk)]}


# --- Strategies ----------------------------------------------------------------------------------


def test_create_and_update_a_strategy(tenant: Tenant):
    response = tenant.client.post(
        STRATEGIES,
        {
            "name": "Long guides",
            "default_structure": "guide",
            "target_word_count": 3000,
            "image_count": 4,
            "cta_text": "Book a call",
            "cta_url": "https://example.com/call",
            "is_default": True,
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    data = without_request_id(response)["data"]
    strategy = ContentStrategy.objects.get()
    assert data == {
        "id": strategy.pk,
        "site": None,
        "name": "Long guides",
        "default_structure": "guide",
        "target_word_count": 3000,
        "image_count": 4,
        "cta_text": "Book a call",
        "cta_url": "https://example.com/call",
        "is_default": True,
        "created_at": data["created_at"],
        "updated_at": data["updated_at"],
    }

    patched = tenant.client.patch(
        f"{STRATEGIES}{strategy.pk}/", {"default_structure": "", "target_word_count": None}, format="json"
    )

    assert patched.status_code == 200
    strategy.refresh_from_db()
    assert (strategy.default_structure, strategy.target_word_count, strategy.image_count) == ("", None, 4)


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"default_structure": "poem"}, "default_structure", '"poem" is not a valid choice.'),
        ({"image_count": 11}, "image_count", "Ensure this value is less than or equal to 10."),
        ({"target_word_count": 50}, "target_word_count", "Ensure this value is greater than or equal to 100."),
        ({"cta_url": "javascript:alert(1)"}, "cta_url", "Enter a valid URL."),
    ],
)
def test_create_a_strategy_rejects_bad_input(tenant: Tenant, payload: dict, field: str, message: str):
    response = tenant.client.post(STRATEGIES, {"name": "S", **payload}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {field: [message]}
    assert not ContentStrategy.objects.exists()


# --- Tenancy and roles ---------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "model"), [(PROFILES, AuthorProfile), (STRATEGIES, ContentStrategy)])
def test_a_strangers_row_answers_like_a_missing_one_and_is_never_listed(
    tenant: Tenant, stranger: Tenant, url: str, model: Any
):
    theirs = model.objects.create(account=stranger.account, name="Theirs")
    before = rows()

    assert ids(tenant.client.get(url)) == []
    for pk in (theirs.pk, theirs.pk + 1000):
        for response in (
            tenant.client.get(f"{url}{pk}/"),
            tenant.client.patch(f"{url}{pk}/", {"name": "Mine"}, format="json"),
            tenant.client.put(f"{url}{pk}/", {"name": "Mine"}, format="json"),
            tenant.client.delete(f"{url}{pk}/"),
        ):
            assert response.status_code == 404
            assert without_request_id(response) == NOT_FOUND
    assert rows() == before


@pytest.mark.parametrize("url", [PROFILES, STRATEGIES])
def test_cannot_create_into_another_accounts_site(tenant: Tenant, stranger: Tenant, url: str):
    response = tenant.client.post(url, {"name": "X", "site": stranger.site.pk}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"site": [invalid_pk(stranger.site.pk)]}
    assert rows() == {"profiles": [], "strategies": [], "prompts": []}


def test_the_same_name_in_another_account_is_fine(tenant: Tenant, stranger: Tenant):
    AuthorProfile.objects.create(account=stranger.account, name="House")

    assert tenant.client.post(PROFILES, {"name": "House"}, format="json").status_code == 201


@pytest.mark.parametrize(("url", "model"), [(PROFILES, AuthorProfile), (STRATEGIES, ContentStrategy)])
def test_viewer_reads_but_writes_are_403_and_change_nothing(tenant: Tenant, url: str, model: Any):
    row = model.objects.create(account=tenant.account, name="Row")
    _, viewer = tenant.member(Role.VIEWER, sites=[tenant.site])
    before = rows()

    assert ids(viewer.get(url)) == [row.pk]
    for response in (
        viewer.post(url, {"name": "Mine"}, format="json"),
        viewer.patch(f"{url}{row.pk}/", {"name": "Mine"}, format="json"),
        viewer.delete(f"{url}{row.pk}/"),
    ):
        assert response.status_code == 403
        assert without_request_id(response) == refused(Role.VIEWER)
    assert rows() == before


@pytest.mark.parametrize("url", [PROFILES, STRATEGIES])
def test_editors_manage_profiles_and_strategies(tenant: Tenant, url: str):
    _, editor = tenant.member(Role.EDITOR, sites=[tenant.site])

    created = editor.post(url, {"name": "Team", "site": tenant.site.pk}, format="json")
    assert created.status_code == 201
    pk = created.json()["data"]["id"]
    assert editor.patch(f"{url}{pk}/", {"name": "Team 2"}, format="json").json()["data"]["name"] == "Team 2"
    assert editor.delete(f"{url}{pk}/").status_code == 200
    assert client_for(None).get(url).status_code == 401


# --- Prompts -------------------------------------------------------------------------------------


def test_prompts_under_thinker_are_the_accounts_prompts(tenant: Tenant, stranger: Tenant):
    template = "Ideas for {cluster_name}."

    listed = tenant.client.get(PROMPTS)
    system = tenant.client.get("/api/v1/system/prompts/")
    saved = tenant.client.put(f"{PROMPTS}generate_ideas/", {"template": template}, format="json")

    assert listed.status_code == 200
    assert listed.json()["data"] == system.json()["data"]
    assert len(listed.json()["data"]) >= 2
    assert saved.status_code == 200
    assert (saved.json()["data"]["template"], saved.json()["data"]["is_customized"]) == (template, True)
    assert tenant.client.get("/api/v1/system/prompts/generate_ideas/").json()["data"]["template"] == template
    assert stranger.client.get(f"{PROMPTS}generate_ideas/").json()["data"]["is_customized"] is False
    assert tenant.client.get(f"{PROMPTS}write_poems/").status_code == 404

    reset = tenant.client.delete(f"{PROMPTS}generate_ideas/")

    assert (reset.status_code, reset.json()["data"]["is_customized"]) == (200, False)
    assert not AIPrompt.objects.exists()


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER])
def test_only_admins_change_prompts(tenant: Tenant, role: str):
    _, member = tenant.member(role, sites=[tenant.site])

    assert member.get(PROMPTS).status_code == 200
    response = member.put(f"{PROMPTS}generate_ideas/", {"template": "Mine {cluster_name}"}, format="json")
    assert response.status_code == 403
    assert response.json()["error"] == f"Your role ({role}) cannot do this; it needs admin or higher."
    assert not AIPrompt.objects.exists()
