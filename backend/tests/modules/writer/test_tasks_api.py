"""Writer tasks API (/api/v1/writer/tasks/) and queueing ideas (/api/v1/planner/ideas/queue_to_writer/):
CRUD, filters, roles and tenant isolation."""

from __future__ import annotations

from typing import Any

import pytest

from igny8_core.core.auth.models import Role
from igny8_core.domain.billing.models import CreditTransaction
from igny8_core.domain.content.models import Tasks
from igny8_core.domain.planning.models import ContentIdeas
from igny8_core.domain.thinker.models import AuthorProfile, ContentStrategy
from tests.conftest import Tenant, client_for
from tests.factories import (
    ClusterFactory,
    ContentFactory,
    ContentIdeaFactory,
    SectorFactory,
    SiteFactory,
    TaskFactory,
)
from tests.modules.planner.helpers import NOT_FOUND, ids, invalid_pk, refused, without_request_id

pytestmark = pytest.mark.django_db

URL = "/api/v1/writer/tasks/"
QUEUE_URL = "/api/v1/planner/ideas/queue_to_writer/"
OUTLINE = [{"heading": "Why", "points": ["Grip"]}, {"heading": "How", "points": []}]


def detail(pk: object) -> str:
    return f"{URL}{pk}/"


def rows() -> dict[str, list[Any]]:
    return {
        "tasks": list(Tasks.objects.order_by("pk").values()),
        "ideas": list(ContentIdeas.objects.order_by("pk").values()),
    }


# --- CRUD ----------------------------------------------------------------------------------------


def test_create_with_every_field(tenant: Tenant):
    cluster = ClusterFactory.create(sector=tenant.sector, name="Shoes")
    idea = ContentIdeaFactory.create(sector=tenant.sector)
    profile = AuthorProfile.objects.create(account=tenant.account, name="Coach")
    strategy = ContentStrategy.objects.create(account=tenant.account, site=tenant.site, name="Long")

    response = tenant.client.post(
        URL,
        {
            "site": tenant.site.pk,
            "sector": tenant.sector.pk,
            "idea": idea.pk,
            "cluster": cluster.pk,
            "title": "Trail shoe guide",
            "description": "Grip and fit.",
            "outline": OUTLINE,
            "primary_keyword": "trail shoes",
            "secondary_keywords": ["grip"],
            "content_type": "page",
            "content_structure": "guide",
            "target_word_count": 2000,
            "status": "queued",
            "error": "ignored",
            "author_profile": profile.pk,
            "strategy": strategy.pk,
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = without_request_id(response)
    data = body["data"]
    task = Tasks.objects.get()
    assert body == {
        "success": True,
        "message": "",
        "data": {
            "id": task.pk,
            "site": tenant.site.pk,
            "sector": tenant.sector.pk,
            "idea": idea.pk,
            "cluster": cluster.pk,
            "cluster_name": "Shoes",
            "title": "Trail shoe guide",
            "description": "Grip and fit.",
            "outline": OUTLINE,
            "primary_keyword": "trail shoes",
            "secondary_keywords": ["grip"],
            "content_type": "page",
            "content_structure": "guide",
            "target_word_count": 2000,
            "status": "queued",
            "error": "",
            "author_profile": profile.pk,
            "strategy": strategy.pk,
            "content_id": None,
            "created_at": data["created_at"],
            "updated_at": data["updated_at"],
        },
    }
    assert (task.account_id, task.idea_id, task.author_profile_id, task.strategy_id, task.error) == (
        tenant.account.pk,
        idea.pk,
        profile.pk,
        strategy.pk,
        "",
    )


def test_create_with_defaults(tenant: Tenant):
    response = tenant.client.post(
        URL, {"site": tenant.site.pk, "sector": tenant.sector.pk, "title": "T"}, format="json"
    )

    assert response.status_code == 201
    data = response.json()["data"]
    assert {k: data[k] for k in ("outline", "content_type", "content_structure", "target_word_count", "status")} == {
        "outline": [],
        "content_type": "post",
        "content_structure": "article",
        "target_word_count": 1500,
        "status": "queued",
    }


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"title": ""}, "title", "This field may not be blank."),
        ({"status": "done"}, "status", '"done" is not a valid choice.'),
        ({"content_type": "video"}, "content_type", '"video" is not a valid choice.'),
        ({"target_word_count": 99}, "target_word_count", "Ensure this value is greater than or equal to 100."),
        ({"idea": 99999999}, "idea", invalid_pk(99999999)),
        ({"author_profile": 99999999}, "author_profile", invalid_pk(99999999)),
        ({"strategy": "x"}, "strategy", "Incorrect type. Expected pk value, received str."),
    ],
)
def test_create_rejects_bad_input(tenant: Tenant, payload: dict, field: str, message: str):
    response = tenant.client.post(
        URL, {"site": tenant.site.pk, "sector": tenant.sector.pk, "title": "T", **payload}, format="json"
    )

    assert response.status_code == 400
    assert without_request_id(response) == {
        "success": False,
        "error": f"Invalid input. {field}: {message}",
        "errors": {field: [message]},
    }
    assert not Tasks.objects.exists()


def test_create_with_an_idea_or_profile_of_another_site_is_400(tenant: Tenant):
    other_site = SiteFactory.create(account=tenant.account)
    foreign_idea = ContentIdeaFactory.create(sector=SectorFactory.create(site=tenant.site))
    site_profile = AuthorProfile.objects.create(account=tenant.account, site=other_site, name="Elsewhere")
    base = {"site": tenant.site.pk, "sector": tenant.sector.pk, "title": "T"}

    idea = tenant.client.post(URL, {**base, "idea": foreign_idea.pk}, format="json")
    profile = tenant.client.post(URL, {**base, "author_profile": site_profile.pk}, format="json")

    assert idea.status_code == 400
    assert without_request_id(idea) == {
        "success": False,
        "error": "idea: The idea belongs to another site or sector.",
        "errors": {"idea": ["The idea belongs to another site or sector."]},
    }
    assert profile.status_code == 400
    assert profile.json()["errors"] == {"author_profile": ["The author profile belongs to another site."]}
    assert not Tasks.objects.exists()


def test_retrieve_shows_the_content_written_for_it(tenant: Tenant):
    task = TaskFactory.create(sector=tenant.sector, title="Written")
    content = ContentFactory.create(sector=tenant.sector, task=task)

    response = tenant.client.get(detail(task.pk))

    assert response.status_code == 200
    data = response.json()["data"]
    assert (data["id"], data["title"], data["content_id"]) == (task.pk, "Written", content.pk)


def test_patch_and_delete(tenant: Tenant):
    task = TaskFactory.create(sector=tenant.sector, title="Old")
    other_sector = SectorFactory.create(site=tenant.site)

    patched = tenant.client.patch(detail(task.pk), {"title": "New", "status": "failed"}, format="json")
    moved = tenant.client.patch(detail(task.pk), {"sector": other_sector.pk}, format="json")
    task.refresh_from_db()
    assert (patched.status_code, task.title, task.status, task.sector_id) == (200, "New", "failed", tenant.sector.pk)
    assert moved.status_code == 400
    assert moved.json()["errors"] == {"sector": ["A task cannot move to another sector."]}

    deleted = tenant.client.delete(detail(task.pk))

    assert deleted.status_code == 200
    assert without_request_id(deleted) == {"success": True, "data": None, "message": "Task deleted."}
    assert not Tasks.objects.exists()


@pytest.fixture
def tasks(tenant: Tenant, stranger: Tenant) -> dict[str, Any]:
    shoes = ClusterFactory.create(sector=tenant.sector)
    second_sector = SectorFactory.create(site=tenant.site)
    made = {
        "guide": TaskFactory.create(
            sector=tenant.sector, cluster=shoes, title="Shoe guide", content_structure="guide", primary_keyword="shoes"
        ),
        "failed": TaskFactory.create(sector=tenant.sector, title="Boot care", status="failed", content_type="page"),
        "done": TaskFactory.create(sector=second_sector, title="Sock list", status="completed"),
    }
    theirs = TaskFactory.create(sector=stranger.sector, title="Shoe guide")
    return {**made, "shoes": shoes, "second_sector": second_sector, "theirs": theirs}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["done", "failed", "guide"]),
        ({"status": "failed"}, ["failed"]),
        ({"content_type": "page"}, ["failed"]),
        ({"content_structure": "guide"}, ["guide"]),
        ({"cluster": "SHOES"}, ["guide"]),
        ({"cluster": "none"}, ["done", "failed"]),
        ({"search": "shoe"}, ["guide"]),
        ({"sector_id": "SECOND"}, ["done"]),
        ({"ordering": "title"}, ["failed", "guide", "done"]),
    ],
)
def test_list_filters_and_never_shows_a_strangers_task(tenant: Tenant, tasks: dict, params: dict, expected: list):
    names = {"SHOES": tasks["shoes"].pk, "SECOND": tasks["second_sector"].pk}
    params = {k: names.get(v, v) for k, v in params.items()}

    assert ids(tenant.client.get(URL, params)) == [tasks[name].pk for name in expected]


# --- Tenancy and roles ---------------------------------------------------------------------------


def test_a_strangers_task_answers_like_a_missing_one_on_every_endpoint(tenant: Tenant, stranger: Tenant):
    theirs = TaskFactory.create(sector=stranger.sector, title="Theirs")
    missing = theirs.pk + 1000
    before = rows()

    for pk in (theirs.pk, missing):
        for response in (
            tenant.client.get(detail(pk)),
            tenant.client.patch(detail(pk), {"title": "Mine"}, format="json"),
            tenant.client.put(
                detail(pk), {"site": tenant.site.pk, "sector": tenant.sector.pk, "title": "Mine"}, format="json"
            ),
            tenant.client.delete(detail(pk)),
        ):
            assert response.status_code == 404
            assert without_request_id(response) == NOT_FOUND
    assert rows() == before


def test_cannot_create_into_another_accounts_site_sector_idea_or_profile(tenant: Tenant, stranger: Tenant):
    idea = ContentIdeaFactory.create(sector=stranger.sector)
    cluster = ClusterFactory.create(sector=stranger.sector)
    profile = AuthorProfile.objects.create(account=stranger.account, name="Theirs")
    strategy = ContentStrategy.objects.create(account=stranger.account, name="Theirs")
    mine = {"site": tenant.site.pk, "sector": tenant.sector.pk, "title": "T"}

    for payload, field, pk in (
        ({**mine, "site": stranger.site.pk}, "site", stranger.site.pk),
        ({**mine, "sector": stranger.sector.pk}, "sector", stranger.sector.pk),
        ({**mine, "idea": idea.pk}, "idea", idea.pk),
        ({**mine, "cluster": cluster.pk}, "cluster", cluster.pk),
        ({**mine, "author_profile": profile.pk}, "author_profile", profile.pk),
        ({**mine, "strategy": strategy.pk}, "strategy", strategy.pk),
    ):
        response = tenant.client.post(URL, payload, format="json")
        assert response.status_code == 400
        assert response.json()["errors"] == {field: [invalid_pk(pk)]}
    assert not Tasks.objects.exists()


def test_viewer_reads_but_writes_are_403_and_change_nothing(tenant: Tenant):
    task = TaskFactory.create(sector=tenant.sector)
    idea = ContentIdeaFactory.create(sector=tenant.sector)
    _, viewer = tenant.member(Role.VIEWER, sites=[tenant.site])
    before = rows()

    assert ids(viewer.get(URL)) == [task.pk]
    for response in (
        viewer.post(URL, {"site": tenant.site.pk, "sector": tenant.sector.pk, "title": "T"}, format="json"),
        viewer.patch(detail(task.pk), {"title": "Mine"}, format="json"),
        viewer.delete(detail(task.pk)),
        viewer.post(QUEUE_URL, {"ids": [idea.pk]}, format="json"),
    ):
        assert response.status_code == 403
        assert without_request_id(response) == refused(Role.VIEWER)
    assert rows() == before


def test_editor_writes_and_anonymous_is_401(tenant: Tenant):
    _, editor = tenant.member(Role.EDITOR, sites=[tenant.site])

    created = editor.post(URL, {"site": tenant.site.pk, "sector": tenant.sector.pk, "title": "T"}, format="json")

    assert created.status_code == 201
    assert client_for(None).get(URL).status_code == 401


# --- Queue to writer -----------------------------------------------------------------------------


def test_queue_to_writer_makes_tasks_and_is_idempotent(tenant: Tenant, stranger: Tenant):
    cluster = ClusterFactory.create(sector=tenant.sector)
    first = ContentIdeaFactory.create(
        sector=tenant.sector, cluster=cluster, title="One", outline=OUTLINE, primary_keyword="k", target_word_count=900
    )
    second = ContentIdeaFactory.create(sector=tenant.sector, title="Two", content_structure="listicle")
    theirs = ContentIdeaFactory.create(sector=stranger.sector)

    credits_before = list(CreditTransaction.objects.values())

    response = tenant.client.post(QUEUE_URL, {"ids": [first.pk, second.pk, theirs.pk]}, format="json")

    assert response.status_code == 200
    one, two = Tasks.objects.get(idea=first), Tasks.objects.get(idea=second)
    assert without_request_id(response) == {
        "success": True,
        "data": {"queued": 2, "task_ids": [one.pk, two.pk], "skipped": [], "not_found": 1},
        "message": "Queued 2 ideas to the writer; 0 already queued.",
    }
    assert (one.title, one.outline, one.cluster_id, one.primary_keyword, one.target_word_count) == (
        "One",
        OUTLINE,
        cluster.pk,
        "k",
        900,
    )
    assert (two.title, two.content_structure, two.status) == ("Two", "listicle", "queued")
    assert list(ContentIdeas.objects.order_by("pk").values_list("status", flat=True)) == ["queued", "queued", "new"]

    again = tenant.client.post(QUEUE_URL, {"ids": [first.pk, second.pk]}, format="json")

    assert again.status_code == 200
    assert without_request_id(again) == {
        "success": True,
        "data": {
            "queued": 0,
            "task_ids": [],
            "skipped": [
                {"id": first.pk, "reason": "Already queued to the writer."},
                {"id": second.pk, "reason": "Already queued to the writer."},
            ],
            "not_found": 0,
        },
        "message": "Queued 0 ideas to the writer; 2 already queued.",
    }
    assert Tasks.objects.count() == 2
    assert list(CreditTransaction.objects.values()) == credits_before  # queueing is free


def test_queue_to_writer_applies_a_chosen_profile_and_strategy(tenant: Tenant, stranger: Tenant):
    idea = ContentIdeaFactory.create(sector=tenant.sector)
    profile = AuthorProfile.objects.create(account=tenant.account, name="Coach")
    strategy = ContentStrategy.objects.create(account=tenant.account, name="Short")
    their_profile = AuthorProfile.objects.create(account=stranger.account, name="Theirs")

    refused_profile = tenant.client.post(
        QUEUE_URL, {"ids": [idea.pk], "author_profile": their_profile.pk}, format="json"
    )
    assert refused_profile.status_code == 400
    assert refused_profile.json()["errors"] == {"author_profile": [invalid_pk(their_profile.pk)]}
    assert not Tasks.objects.exists()

    response = tenant.client.post(
        QUEUE_URL, {"ids": [idea.pk], "author_profile": profile.pk, "strategy": strategy.pk}, format="json"
    )

    assert response.status_code == 200
    task = Tasks.objects.get()
    assert (task.author_profile_id, task.strategy_id) == (profile.pk, strategy.pk)


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        ({}, {"ids": ["This field is required."]}),
        ({"ids": []}, {"ids": ["This list may not be empty."]}),
        ({"ids": ["x"]}, {"ids.0": ["A valid integer is required."]}),
        ({"ids": list(range(1, 502))}, {"ids": ["Ensure this field has no more than 500 elements."]}),
    ],
)
def test_queue_to_writer_rejects_bad_input(tenant: Tenant, payload: dict, errors: dict):
    response = tenant.client.post(QUEUE_URL, payload, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == errors
    assert not Tasks.objects.exists()
