"""Writer and Thinker services: tasks, queueing ideas, human content edits with versions,
editorial status, restore, and one default profile / strategy per account and site."""

from __future__ import annotations

from typing import Any

import pytest

from igny8_core.core.auth.context import TenantContext
from igny8_core.core.auth.models import User
from igny8_core.core.auth.selectors import tenant_context_resolve
from igny8_core.domain.content.models import ContentVersion, Tasks
from igny8_core.domain.content.selectors import content_version_get, task_scoped
from igny8_core.domain.content.services import (
    content_create,
    content_restore,
    content_set_status,
    content_update,
    ideas_queue_to_writer,
    task_create,
    task_update,
)
from igny8_core.domain.content.versioning import content_version_diff, content_version_record
from igny8_core.domain.planning.selectors import idea_scoped
from igny8_core.domain.thinker.models import AuthorProfile, ContentStrategy
from igny8_core.domain.thinker.selectors import author_profile_for, strategy_for
from igny8_core.domain.thinker.services import (
    author_profile_create,
    author_profile_update,
    strategy_create,
    strategy_update,
)
from igny8_core.shared.exceptions import ConflictError, NotFoundError, ValidationFailed
from tests.conftest import Tenant
from tests.factories import ClusterFactory, ContentFactory, ContentIdeaFactory, SectorFactory, SiteFactory

pytestmark = pytest.mark.django_db

OUTLINE = [{"heading": "Why", "points": ["a", "b"]}, {"heading": "How", "points": []}]


def ctx(user: User) -> TenantContext:
    context = tenant_context_resolve(user=user)
    assert context is not None
    return context


# --- Tasks and queueing ---------------------------------------------------------------------------


def test_queue_to_writer_copies_the_idea_and_marks_it_queued(tenant: Tenant):
    cluster = ClusterFactory.create(sector=tenant.sector)
    idea = ContentIdeaFactory.create(
        sector=tenant.sector,
        cluster=cluster,
        title="Trail shoe guide",
        description="All about grip.",
        outline=OUTLINE,
        primary_keyword="trail shoes",
        secondary_keywords=["grip", "lugs"],
        content_type="page",
        content_structure="guide",
        target_word_count=2400,
    )
    context = ctx(tenant.owner)

    result = ideas_queue_to_writer(tenant=context, scoped=idea_scoped(tenant=context), ids=[idea.pk])

    task = Tasks.objects.get()
    assert result == {"queued": 1, "task_ids": [task.pk], "skipped": [], "not_found": 0}
    assert (
        task.account_id,
        task.site_id,
        task.sector_id,
        task.idea_id,
        task.cluster_id,
        task.title,
        task.description,
        task.outline,
        task.primary_keyword,
        task.secondary_keywords,
        task.content_type,
        task.content_structure,
        task.target_word_count,
        task.status,
    ) == (
        tenant.account.pk,
        tenant.site.pk,
        tenant.sector.pk,
        idea.pk,
        cluster.pk,
        "Trail shoe guide",
        "All about grip.",
        OUTLINE,
        "trail shoes",
        ["grip", "lugs"],
        "page",
        "guide",
        2400,
        "queued",
    )
    idea.refresh_from_db()
    assert idea.status == "queued"


def test_queue_to_writer_twice_never_makes_a_second_task(tenant: Tenant, stranger: Tenant):
    first = ContentIdeaFactory.create(sector=tenant.sector)
    second = ContentIdeaFactory.create(sector=tenant.sector)
    theirs = ContentIdeaFactory.create(sector=stranger.sector)
    context = ctx(tenant.owner)
    ideas_queue_to_writer(tenant=context, scoped=idea_scoped(tenant=context), ids=[first.pk])

    result = ideas_queue_to_writer(
        tenant=context, scoped=idea_scoped(tenant=context), ids=[first.pk, second.pk, theirs.pk, first.pk]
    )

    second_task = Tasks.objects.get(idea=second)
    assert result == {
        "queued": 1,
        "task_ids": [second_task.pk],
        "skipped": [{"id": first.pk, "reason": "Already queued to the writer."}],
        "not_found": 1,
    }
    assert Tasks.objects.filter(idea=first).count() == 1
    assert not Tasks.objects.filter(idea=theirs).exists()
    theirs.refresh_from_db()
    assert theirs.status == "new"


def test_queue_to_writer_with_a_profile_of_another_site_writes_nothing(tenant: Tenant):
    idea = ContentIdeaFactory.create(sector=tenant.sector)
    profile = AuthorProfile.objects.create(
        account=tenant.account, site=SiteFactory.create(account=tenant.account), name="Other site"
    )
    context = ctx(tenant.owner)

    with pytest.raises(ValidationFailed) as raised:
        ideas_queue_to_writer(tenant=context, scoped=idea_scoped(tenant=context), ids=[idea.pk], author_profile=profile)

    assert raised.value.errors == {"author_profile": ["The author profile belongs to another site."]}
    assert not Tasks.objects.exists()
    idea.refresh_from_db()
    assert idea.status == "new"


def test_task_create_and_update_check_the_cluster_and_idea_belong_to_the_sector(tenant: Tenant):
    other_sector = SectorFactory.create(site=tenant.site)
    context = ctx(tenant.owner)
    data = {"site": tenant.site, "sector": tenant.sector, "title": "T"}

    with pytest.raises(ValidationFailed) as wrong_cluster:
        task_create(tenant=context, data={**data, "cluster": ClusterFactory.create(sector=other_sector)})
    with pytest.raises(ValidationFailed) as wrong_idea:
        task_create(tenant=context, data={**data, "idea": ContentIdeaFactory.create(sector=other_sector)})
    task = task_create(tenant=context, data=data)
    with pytest.raises(ValidationFailed) as moved:
        task_update(tenant=context, task=task, data={"sector": other_sector})

    assert wrong_cluster.value.errors == {"cluster": ["The cluster belongs to another site or sector."]}
    assert wrong_idea.value.errors == {"idea": ["The idea belongs to another site or sector."]}
    assert moved.value.errors == {"sector": ["A task cannot move to another sector."]}
    assert list(task_scoped(tenant=context)) == [task]


# --- Content edits and versions -------------------------------------------------------------------


def test_content_update_sanitizes_counts_words_and_records_who_changed_what(tenant: Tenant):
    content = ContentFactory.create(sector=tenant.sector, title="Old", html="<p>old words</p>", word_count=2)
    context = ctx(tenant.owner)

    content_update(
        tenant=context,
        content=content,
        data={
            "title": "  New title ",
            "html": '<p onclick="x()">One two <a href="javascript:alert(1)">three</a></p><script>alert(1)</script>',
        },
        user=tenant.owner,
    )

    content.refresh_from_db()
    assert content.title == "New title"
    assert content.html == '<p>One two <a rel="noopener noreferrer">three</a></p>'
    assert content.word_count == 3
    version = ContentVersion.objects.get(content=content)
    assert (version.version, version.source, version.changed_by_id, version.changed_fields) == (
        1,
        "human",
        tenant.owner.pk,
        ["html", "title", "word_count"],
    )
    assert version.snapshot["html"] == content.html


def test_content_update_without_a_change_makes_no_version(tenant: Tenant):
    content = ContentFactory.create(sector=tenant.sector, title="Same")

    content_update(tenant=ctx(tenant.owner), content=content, data={"title": "Same"}, user=tenant.owner)

    assert not ContentVersion.objects.exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"meta_title": "t" * 61}, "meta_title", "Keep the meta title to 60 characters or fewer."),
        ({"meta_description": "d" * 161}, "meta_description", "Keep the meta description to 160 characters or fewer."),
        ({"title": "   "}, "title", "The title cannot be empty."),
        ({"slug": "!!!"}, "slug", "The slug cannot be empty."),
    ],
)
def test_content_update_refuses_bad_meta_and_changes_nothing(tenant: Tenant, data: dict, field: str, message: str):
    content = ContentFactory.create(sector=tenant.sector, title="Keep")

    with pytest.raises(ValidationFailed) as raised:
        content_update(tenant=ctx(tenant.owner), content=content, data=data, user=tenant.owner)

    assert raised.value.errors == {field: [message]}
    content.refresh_from_db()
    assert (content.title, content.meta_title, content.meta_description) == ("Keep", "", "")
    assert not ContentVersion.objects.exists()


def test_content_create_is_manual_with_a_first_version(tenant: Tenant):
    content = content_create(
        tenant=ctx(tenant.owner),
        data={"site": tenant.site, "sector": tenant.sector, "title": "Grüne Schuhe", "html": "<p>a b c</p>"},
        user=tenant.owner,
    )

    assert (content.slug, content.source, content.status, content.word_count) == ("grüne-schuhe", "manual", "draft", 3)
    version = ContentVersion.objects.get(content=content)
    assert (version.version, version.source, version.changed_by_id, version.summary) == (
        1,
        "human",
        tenant.owner.pk,
        "Written by hand",
    )


def test_status_transitions_and_published_is_refused(tenant: Tenant):
    content = ContentFactory.create(sector=tenant.sector)
    context = ctx(tenant.owner)

    content_set_status(tenant=context, content=content, status="review", user=tenant.owner)
    content_set_status(tenant=context, content=content, status="review", user=tenant.owner)  # no-op
    content_set_status(tenant=context, content=content, status="approved", user=tenant.owner)
    with pytest.raises(ValidationFailed) as raised:
        content_set_status(tenant=context, content=content, status="published", user=tenant.owner)

    assert raised.value.errors == {
        "status": ["Content is marked published only by publishing it; choose draft, review or approved."]
    }
    content.refresh_from_db()
    assert content.status == "approved"
    assert list(ContentVersion.objects.order_by("version").values_list("version", "changed_fields", "summary")) == [
        (1, ["status"], "Status draft → review"),
        (2, ["status"], "Status review → approved"),
    ]


def test_restore_puts_back_every_field_and_is_itself_a_version(tenant: Tenant):
    content = ContentFactory.create(
        sector=tenant.sector, title="First", slug="first", meta_title="M1", html="<p>one</p>", word_count=1
    )
    context = ctx(tenant.owner)
    content_version_record(content=content, source="ai")
    content_update(
        tenant=context,
        content=content,
        data={"title": "Second", "slug": "second", "meta_title": "M2", "html": "<p>two words</p>", "tags": ["x"]},
        user=tenant.owner,
    )

    restored = content_restore(
        tenant=context, content=content, version=content_version_get(content=content, version=1), user=tenant.owner
    )

    restored.refresh_from_db()
    assert (restored.title, restored.slug, restored.meta_title, restored.html, restored.word_count, restored.tags) == (
        "First",
        "first",
        "M1",
        "<p>one</p>",
        1,
        [],
    )
    latest = ContentVersion.objects.get(content=content, version=3)
    assert (latest.source, latest.changed_by_id, latest.summary, latest.changed_fields) == (
        "restore",
        tenant.owner.pk,
        "Restored version 1",
        ["html", "meta_title", "slug", "tags", "title", "word_count"],
    )
    diff = content_version_diff(older=ContentVersion.objects.get(version=1), newer=latest)
    assert diff["changes"] == {}


def test_version_lookup_of_a_missing_version_is_not_found(tenant: Tenant):
    content = ContentFactory.create(sector=tenant.sector)

    for number in (1, 0, 2**40):
        with pytest.raises(NotFoundError):
            content_version_get(content=content, version=number)


# --- Thinker --------------------------------------------------------------------------------------


def test_one_default_profile_per_account_and_site(tenant: Tenant, stranger: Tenant):
    context = ctx(tenant.owner)
    other_site = SiteFactory.create(account=tenant.account)
    account_wide = author_profile_create(tenant=context, data={"name": "House", "is_default": True})
    site_first = author_profile_create(tenant=context, data={"name": "A", "site": tenant.site, "is_default": True})
    other = author_profile_create(tenant=context, data={"name": "B", "site": other_site, "is_default": True})
    theirs = author_profile_create(tenant=ctx(stranger.owner), data={"name": "A", "is_default": True})

    site_second = author_profile_create(tenant=context, data={"name": "C", "site": tenant.site, "is_default": True})

    defaults = set(AuthorProfile.objects.filter(is_default=True).values_list("pk", flat=True))
    assert defaults == {account_wide.pk, site_second.pk, other.pk, theirs.pk}
    assert author_profile_for(site=tenant.site) == site_second
    assert author_profile_for(site=SiteFactory.create(account=tenant.account)) == account_wide
    assert author_profile_for(site=tenant.site, chosen=site_first) == site_first

    site_first.refresh_from_db()
    assert site_first.is_default is False
    author_profile_update(tenant=context, profile=site_first, data={"is_default": True})

    defaults = set(AuthorProfile.objects.filter(is_default=True).values_list("pk", flat=True))
    assert defaults == {account_wide.pk, site_first.pk, other.pk, theirs.pk}


def test_names_are_unique_per_account_ignoring_case(tenant: Tenant, stranger: Tenant):
    context = ctx(tenant.owner)
    strategy_create(tenant=context, data={"name": "Long form"})
    strategy_create(tenant=ctx(stranger.owner), data={"name": "Long form"})
    short = strategy_create(tenant=context, data={"name": "Short"})

    with pytest.raises(ConflictError) as clash:
        strategy_create(tenant=context, data={"name": " long FORM "})
    with pytest.raises(ConflictError):
        strategy_update(tenant=context, strategy=short, data={"name": "LONG form"})

    assert clash.value.errors == {"name": ["This name is already used."]}
    assert ContentStrategy.objects.filter(account=tenant.account).count() == 2
    assert strategy_for(site=tenant.site) is None


def test_content_delete_removes_image_files_once_committed(tenant: Tenant, django_capture_on_commit_callbacks: Any):
    from igny8_core.domain.content.models import Images
    from igny8_core.domain.content.services import content_delete
    from igny8_core.infrastructure.storage.file_storage import file_storage

    content = ContentFactory.create(sector=tenant.sector)
    stored = file_storage.write(tenant.site, "images/featured-test.webp", b"RIFF0000WEBP")
    Images.objects.create(
        account=tenant.account,
        site=tenant.site,
        sector=tenant.sector,
        content=content,
        image_type="featured",
        prompt="p",
        file_path="images/featured-test.webp",
        status="generated",
        size_bytes=stored.size,
    )
    assert file_storage.exists(tenant.site.pk, "images/featured-test.webp")

    with django_capture_on_commit_callbacks(execute=True):
        content_delete(tenant=ctx(tenant.owner), content=content)

    assert not file_storage.exists(tenant.site.pk, "images/featured-test.webp")
    assert Images.objects.count() == 0
