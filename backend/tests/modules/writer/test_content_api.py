"""Writer content API (/api/v1/writer/content/): human edits (sanitized, versioned), editorial
status, versions list / diff / restore, filters, roles and tenant isolation."""

from __future__ import annotations

from typing import Any

import pytest

from igny8_core.core.auth.models import Role
from igny8_core.domain.content.models import Content, ContentVersion
from igny8_core.domain.content.versioning import content_version_record
from tests.conftest import Tenant, client_for
from tests.factories import ClusterFactory, ContentFactory, SectorFactory, SiteFactory, TaskFactory
from tests.modules.planner.helpers import NOT_FOUND, ids, invalid_pk, refused, without_request_id

pytestmark = pytest.mark.django_db

URL = "/api/v1/writer/content/"
NASTY = (
    '<h2 onmouseover="steal()">Intro</h2><p>Safe <b>bold</b> text '
    '<a href="javascript:alert(1)">click</a> <img src="x.png" onerror="alert(2)" alt="pic"></p>'
    "<script>alert(3)</script><iframe src='https://evil.example'></iframe>"
)
CLEAN = '<h2>Intro</h2><p>Safe <b>bold</b> text <a rel="noopener noreferrer">click</a> <img src="x.png" alt="pic"></p>'


def detail(pk: object, tail: str = "") -> str:
    return f"{URL}{pk}/{tail}"


def rows() -> dict[str, list[Any]]:
    return {
        "content": list(Content.objects.order_by("pk").values()),
        "versions": list(ContentVersion.objects.order_by("pk").values()),
    }


# --- Create and edit -----------------------------------------------------------------------------


def test_create_by_hand_is_sanitized_with_a_first_version(tenant: Tenant):
    cluster = ClusterFactory.create(sector=tenant.sector, name="Shoes")

    response = tenant.client.post(
        URL,
        {
            "site": tenant.site.pk,
            "sector": tenant.sector.pk,
            "cluster": cluster.pk,
            "title": "Trail Shoes 101",
            "meta_title": "Trail shoes",
            "meta_description": "All about trail shoes.",
            "html": NASTY,
            "primary_keyword": "trail shoes",
            "secondary_keywords": ["grip"],
            "tags": ["shoes"],
            "categories": ["Gear"],
            "entity_type": "page",
            "content_structure": "guide",
            "status": "published",
            "source": "wordpress",
            "word_count": 9999,
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = without_request_id(response)
    content = Content.objects.get()
    data = body["data"]
    assert body == {
        "success": True,
        "message": "",
        "data": {
            "id": content.pk,
            "site": tenant.site.pk,
            "sector": tenant.sector.pk,
            "task": None,
            "cluster": cluster.pk,
            "cluster_name": "Shoes",
            "title": "Trail Shoes 101",
            "slug": "trail-shoes-101",
            "meta_title": "Trail shoes",
            "meta_description": "All about trail shoes.",
            "html": CLEAN,
            "json_blocks": [],
            "structure_data": {},
            "primary_keyword": "trail shoes",
            "secondary_keywords": ["grip"],
            "tags": ["shoes"],
            "categories": ["Gear"],
            "word_count": 5,
            "entity_type": "page",
            "content_structure": "guide",
            "source": "manual",
            "status": "draft",
            "generated_by": "",
            "external_url": "",
            "created_at": data["created_at"],
            "updated_at": data["updated_at"],
        },
    }
    assert content.html == CLEAN
    version = ContentVersion.objects.get()
    assert (version.version, version.source, version.changed_by_id) == (1, "human", tenant.owner.pk)


def test_patch_sanitizes_recounts_and_records_one_version_naming_who_and_what(tenant: Tenant):
    content = ContentFactory.create(sector=tenant.sector, title="Old", html="<p>old</p>", word_count=1)
    editor, editor_client = tenant.member(Role.EDITOR, sites=[tenant.site])

    response = editor_client.patch(
        detail(content.pk), {"html": NASTY, "meta_title": "New meta", "status": "approved"}, format="json"
    )

    assert response.status_code == 200
    data = response.json()["data"]
    assert (data["html"], data["word_count"], data["meta_title"], data["status"]) == (CLEAN, 5, "New meta", "draft")
    content.refresh_from_db()
    assert (content.html, content.word_count, content.meta_title, content.status) == (CLEAN, 5, "New meta", "draft")
    for fragment in ("script", "onerror", "onmouseover", "javascript:", "iframe"):
        assert fragment not in content.html
    version = ContentVersion.objects.get(content=content)
    assert (version.version, version.source, version.changed_fields) == (
        1,
        "human",
        ["html", "meta_title", "word_count"],
    )
    assert version.changed_by_id == editor.pk
    assert version.snapshot["html"] == CLEAN


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"meta_title": "t" * 61}, "meta_title", "Ensure this field has no more than 60 characters."),
        ({"meta_description": "d" * 161}, "meta_description", "Ensure this field has no more than 160 characters."),
        ({"title": ""}, "title", "This field may not be blank."),
        ({"entity_type": "video"}, "entity_type", '"video" is not a valid choice.'),
        ({"tags": "a,b"}, "tags", 'Expected a list of items but got type "str".'),
        ({"slug": "***"}, "slug", "The slug cannot be empty."),
    ],
)
def test_patch_rejects_bad_input_and_changes_nothing(tenant: Tenant, payload: dict, field: str, message: str):
    content = ContentFactory.create(sector=tenant.sector)
    before = rows()

    response = tenant.client.patch(detail(content.pk), payload, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {field: [message]}
    assert rows() == before


def test_patch_refuses_to_move_content_or_take_a_cluster_of_another_sector(tenant: Tenant):
    content = ContentFactory.create(sector=tenant.sector)
    other_sector = SectorFactory.create(site=tenant.site)
    before = rows()

    moved = tenant.client.patch(detail(content.pk), {"sector": other_sector.pk}, format="json")
    cluster = tenant.client.patch(
        detail(content.pk), {"cluster": ClusterFactory.create(sector=other_sector).pk}, format="json"
    )

    assert moved.json()["errors"] == {"sector": ["Content cannot move to another sector."]}
    assert cluster.json()["errors"] == {"cluster": ["The cluster belongs to another site or sector."]}
    assert (moved.status_code, cluster.status_code) == (400, 400)
    assert rows() == before


def test_delete(tenant: Tenant):
    content = ContentFactory.create(sector=tenant.sector)
    content_version_record(content=content, source="ai")

    response = tenant.client.delete(detail(content.pk))

    assert response.status_code == 200
    assert without_request_id(response) == {"success": True, "data": None, "message": "Content deleted."}
    assert rows() == {"content": [], "versions": []}


# --- Editorial status ----------------------------------------------------------------------------


def test_status_moves_through_draft_review_approved_and_each_move_is_a_version(tenant: Tenant):
    content = ContentFactory.create(sector=tenant.sector)

    review = tenant.client.post(detail(content.pk, "status/"), {"status": "review"}, format="json")
    approved = tenant.client.post(detail(content.pk, "status/"), {"status": "approved"}, format="json")
    draft = tenant.client.post(detail(content.pk, "status/"), {"status": "draft"}, format="json")

    assert review.status_code == approved.status_code == draft.status_code == 200
    body = without_request_id(review)
    assert (body["success"], body["message"], body["data"]["status"]) == (True, "Status set to review.", "review")
    assert approved.json()["data"]["status"] == "approved"
    content.refresh_from_db()
    assert content.status == "draft"
    assert list(
        ContentVersion.objects.order_by("version").values_list("version", "source", "changed_by", "changed_fields")
    ) == [
        (1, "human", tenant.owner.pk, ["status"]),
        (2, "human", tenant.owner.pk, ["status"]),
        (3, "human", tenant.owner.pk, ["status"]),
    ]


@pytest.mark.parametrize(
    ("payload", "error", "errors"),
    [
        (
            {"status": "published"},
            "status: Content is marked published only by publishing it; choose draft, review or approved.",
            {"status": ["Content is marked published only by publishing it; choose draft, review or approved."]},
        ),
        (
            {"status": "live"},
            'Invalid input. status: "live" is not a valid choice.',
            {"status": ['"live" is not a valid choice.']},
        ),
        ({}, "Invalid input. status: This field is required.", {"status": ["This field is required."]}),
    ],
)
def test_status_refuses_published_and_unknown_values(tenant: Tenant, payload: dict, error: str, errors: dict):
    content = ContentFactory.create(sector=tenant.sector)
    before = rows()

    response = tenant.client.post(detail(content.pk, "status/"), payload, format="json")

    assert response.status_code == 400
    assert without_request_id(response) == {"success": False, "error": error, "errors": errors}
    assert rows() == before


# --- Versions ------------------------------------------------------------------------------------


@pytest.fixture
def edited(tenant: Tenant) -> Content:
    """v1 as the AI wrote it, v2 after a human edit."""
    content = ContentFactory.create(
        sector=tenant.sector,
        title="AI title",
        slug="ai-title",
        meta_title="AI meta",
        meta_description="AI description",
        html="<p>one two</p><p>three</p>",
        word_count=3,
        primary_keyword="shoes",
        secondary_keywords=["a"],
        tags=["t1"],
        categories=["c1"],
        structure_data={"faq": [{"q": "Why?", "a": "Because."}]},
    )
    content_version_record(content=content, source="ai", summary="Generated")
    response = tenant.client.patch(
        detail(content.pk),
        {
            "title": "Human title",
            "slug": "human-title",
            "meta_title": "Human meta",
            "meta_description": "Human description",
            "html": "<p>one two</p><p>four five</p>",
            "primary_keyword": "trail shoes",
            "secondary_keywords": ["b", "c"],
            "tags": [],
            "categories": ["c2"],
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    content.refresh_from_db()
    return content


def test_versions_list_newest_first_with_who_and_what(tenant: Tenant, edited: Content):
    response = tenant.client.get(detail(edited.pk, "versions/"))

    assert response.status_code == 200
    body = without_request_id(response)
    results = body["results"]
    assert (body["success"], body["count"], body["next"], body["previous"]) == (True, 2, None, None)
    assert results == [
        {
            "version": 2,
            "source": "human",
            "changed_by": tenant.owner.pk,
            "changed_by_email": tenant.owner.email,
            "changed_fields": [
                "categories",
                "html",
                "meta_description",
                "meta_title",
                "primary_keyword",
                "secondary_keywords",
                "slug",
                "tags",
                "title",
                "word_count",
            ],
            "summary": "Edited",
            "created_at": results[0]["created_at"],
        },
        {
            "version": 1,
            "source": "ai",
            "changed_by": None,
            "changed_by_email": None,
            "changed_fields": results[1]["changed_fields"],
            "summary": "Generated",
            "created_at": results[1]["created_at"],
        },
    ]


def test_diff_shows_the_changed_fields(tenant: Tenant, edited: Content):
    response = tenant.client.get(detail(edited.pk, "versions/diff/"), {"from": 1, "to": 2})

    assert response.status_code == 200
    data = without_request_id(response)["data"]
    assert (data["from_version"], data["to_version"]) == (1, 2)
    changes = data["changes"]
    assert sorted(changes) == [
        "categories",
        "html",
        "meta_description",
        "meta_title",
        "primary_keyword",
        "secondary_keywords",
        "slug",
        "tags",
        "title",
        "word_count",
    ]
    assert changes["title"]["before"] == "AI title"
    assert changes["title"]["after"] == "Human title"
    assert changes["html"]["diff"].splitlines()[2:] == [
        "@@ -1,2 +1,2 @@",
        " <p>one two</p>",
        "-<p>three</p>",
        "+<p>four five</p>",
    ]
    assert changes["word_count"] == {"before": 3, "after": 4}
    assert changes["tags"] == {"before": ["t1"], "after": []}


@pytest.mark.parametrize(
    ("params", "status", "errors"),
    [
        ({"from": 1}, 400, {"to": ["This field is required."]}),
        ({"from": "x", "to": 2}, 400, {"from": ["A valid integer is required."]}),
        ({"from": 0, "to": 2}, 400, {"from": ["Ensure this value is greater than or equal to 1."]}),
        ({"from": 1, "to": 9}, 404, {}),
    ],
)
def test_diff_validates_its_parameters(tenant: Tenant, edited: Content, params: dict, status: int, errors: dict):
    response = tenant.client.get(detail(edited.pk, "versions/diff/"), params)

    assert response.status_code == status
    assert response.json()["errors"] == errors


def test_restore_puts_back_exactly_the_old_values_and_is_itself_a_version(tenant: Tenant, edited: Content):
    response = tenant.client.post(detail(edited.pk, "versions/1/restore/"))

    assert response.status_code == 200
    body = without_request_id(response)
    assert (body["success"], body["message"]) == (True, "Restored version 1.")
    edited.refresh_from_db()
    assert edited.title == "AI title"
    assert edited.slug == "ai-title"
    assert edited.meta_title == "AI meta"
    assert edited.meta_description == "AI description"
    assert edited.html == "<p>one two</p><p>three</p>"
    assert edited.word_count == 3
    assert edited.primary_keyword == "shoes"
    assert edited.secondary_keywords == ["a"]
    assert edited.tags == ["t1"]
    assert edited.categories == ["c1"]
    assert edited.structure_data == {"faq": [{"q": "Why?", "a": "Because."}]}
    assert edited.status == "draft"
    assert body["data"]["title"] == "AI title"
    assert body["data"]["html"] == "<p>one two</p><p>three</p>"
    restore = ContentVersion.objects.get(content=edited, version=3)
    assert (restore.source, restore.changed_by_id, restore.summary) == (
        "restore",
        tenant.owner.pk,
        "Restored version 1",
    )
    assert restore.snapshot == ContentVersion.objects.get(content=edited, version=1).snapshot
    diff = tenant.client.get(detail(edited.pk, "versions/diff/"), {"from": 1, "to": 3})
    assert diff.json()["data"]["changes"] == {}


def test_restore_of_a_missing_version_is_404_and_changes_nothing(tenant: Tenant, edited: Content):
    before = rows()

    for version in (9, 0, 9999999999):
        response = tenant.client.post(detail(edited.pk, f"versions/{version}/restore/"))
        assert response.status_code == 404
    assert rows() == before


# --- Lists ---------------------------------------------------------------------------------------


@pytest.fixture
def pieces(tenant: Tenant, stranger: Tenant) -> dict[str, Any]:
    shoes = ClusterFactory.create(sector=tenant.sector)
    other_site = SiteFactory.create(account=tenant.account)
    made = {
        "guide": ContentFactory.create(
            sector=tenant.sector, cluster=shoes, title="Shoe guide", content_structure="guide", word_count=900
        ),
        "review": ContentFactory.create(sector=tenant.sector, title="Boot review", status="review", word_count=300),
        "page": ContentFactory.create(
            sector=SectorFactory.create(site=other_site), title="About", entity_type="page", source="manual"
        ),
    }
    theirs = ContentFactory.create(sector=stranger.sector, title="Shoe guide")
    return {**made, "shoes": shoes, "other_site": other_site, "theirs": theirs}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "review"}, ["review"]),
        ({"entity_type": "page"}, ["page"]),
        ({"content_structure": "guide"}, ["guide"]),
        ({"source": "manual"}, ["page"]),
        ({"cluster": "SHOES"}, ["guide"]),
        ({"search": "shoe"}, ["guide"]),
        ({"site_id": "OTHER_SITE"}, ["page"]),
        ({"ordering": "-word_count"}, ["guide", "review", "page"]),
        ({"ordering": "title"}, ["page", "review", "guide"]),
    ],
)
def test_filters_and_ordering(tenant: Tenant, pieces: dict, params: dict, expected: list):
    names = {"SHOES": pieces["shoes"].pk, "OTHER_SITE": pieces["other_site"].pk}
    params = {k: names.get(v, v) for k, v in params.items()}

    assert ids(tenant.client.get(URL, params)) == [pieces[name].pk for name in expected]


def test_list_never_shows_a_strangers_content(tenant: Tenant, pieces: dict):
    listed = ids(tenant.client.get(URL, {"page_size": 200}))

    assert sorted(listed) == sorted(pieces[n].pk for n in ("guide", "review", "page"))
    assert pieces["theirs"].pk not in listed


# --- Tenancy and roles ---------------------------------------------------------------------------


def test_a_strangers_content_answers_like_a_missing_one_on_every_endpoint(tenant: Tenant, stranger: Tenant):
    theirs = ContentFactory.create(sector=stranger.sector, title="Theirs")
    content_version_record(content=theirs, source="ai")
    content_version_record(content=theirs, source="human")
    before = rows()

    for pk in (theirs.pk, theirs.pk + 1000):
        for response in (
            tenant.client.get(detail(pk)),
            tenant.client.patch(detail(pk), {"title": "Mine"}, format="json"),
            tenant.client.put(
                detail(pk), {"site": tenant.site.pk, "sector": tenant.sector.pk, "title": "Mine"}, format="json"
            ),
            tenant.client.delete(detail(pk)),
            tenant.client.post(detail(pk, "status/"), {"status": "review"}, format="json"),
            tenant.client.get(detail(pk, "versions/")),
            tenant.client.get(detail(pk, "versions/diff/"), {"from": 1, "to": 2}),
            tenant.client.post(detail(pk, "versions/1/restore/")),
        ):
            assert response.status_code == 404, response.request
            assert without_request_id(response) == NOT_FOUND
    assert rows() == before


def test_cannot_create_into_another_accounts_site_sector_or_cluster(tenant: Tenant, stranger: Tenant):
    cluster = ClusterFactory.create(sector=stranger.sector)
    mine = {"site": tenant.site.pk, "sector": tenant.sector.pk, "title": "T"}

    for payload, field, pk in (
        ({**mine, "site": stranger.site.pk}, "site", stranger.site.pk),
        ({**mine, "sector": stranger.sector.pk}, "sector", stranger.sector.pk),
        ({**mine, "cluster": cluster.pk}, "cluster", cluster.pk),
    ):
        response = tenant.client.post(URL, payload, format="json")
        assert response.status_code == 400
        assert response.json()["errors"] == {field: [invalid_pk(pk)]}
    assert not Content.objects.exists()


def test_members_see_only_content_of_granted_sites(tenant: Tenant):
    hidden = ContentFactory.create(sector=SectorFactory.create(site=SiteFactory.create(account=tenant.account)))
    visible = ContentFactory.create(sector=tenant.sector)
    _, editor = tenant.member(Role.EDITOR, sites=[tenant.site])

    assert ids(editor.get(URL)) == [visible.pk]
    assert editor.get(detail(hidden.pk)).status_code == 404
    assert editor.post(detail(hidden.pk, "status/"), {"status": "review"}, format="json").status_code == 404


def test_viewer_reads_but_every_write_is_403_and_changes_nothing(tenant: Tenant, edited: Content):
    _, viewer = tenant.member(Role.VIEWER, sites=[tenant.site])
    before = rows()

    assert ids(viewer.get(URL)) == [edited.pk]
    assert viewer.get(detail(edited.pk, "versions/")).status_code == 200
    assert viewer.get(detail(edited.pk, "versions/diff/"), {"from": 1, "to": 2}).status_code == 200
    for response in (
        viewer.post(URL, {"site": tenant.site.pk, "sector": tenant.sector.pk, "title": "Mine"}, format="json"),
        viewer.patch(detail(edited.pk), {"title": "Mine"}, format="json"),
        viewer.delete(detail(edited.pk)),
        viewer.post(detail(edited.pk, "status/"), {"status": "review"}, format="json"),
        viewer.post(detail(edited.pk, "versions/1/restore/")),
    ):
        assert response.status_code == 403
        assert without_request_id(response) == refused(Role.VIEWER)
    assert rows() == before


def test_anonymous_is_401(tenant: Tenant):
    content = ContentFactory.create(sector=tenant.sector, task=TaskFactory.create(sector=tenant.sector))

    for response in (client_for(None).get(URL), client_for(None).post(detail(content.pk, "versions/1/restore/"))):
        assert response.status_code == 401


def test_list_rows_leave_out_the_article_body_and_detail_keeps_it(tenant: Tenant, pieces: dict):
    guide = pieces["guide"]
    guide.html = "<p>" + "word " * 2000 + "</p>"
    guide.save(update_fields=["html"])

    row = next(r for r in tenant.client.get(URL).json()["results"] if r["id"] == guide.pk)
    detail = tenant.client.get(f"{URL}{guide.pk}/").json()["data"]

    assert {"html", "json_blocks", "structure_data"} & set(row) == set()
    assert (row["title"], row["cluster_name"], row["word_count"]) == ("Shoe guide", pieces["shoes"].name, 900)
    assert detail["html"] == guide.html
    assert set(detail) - set(row) == {"html", "json_blocks", "structure_data"}


def test_content_without_a_cluster_has_a_null_cluster_name(tenant: Tenant, pieces: dict):
    detail = tenant.client.get(f"{URL}{pieces['review'].pk}/").json()["data"]

    assert detail["cluster_name"] is None
