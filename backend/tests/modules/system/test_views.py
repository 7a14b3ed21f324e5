"""System endpoints: health, jobs (tenant- and site-scoped), plans."""

from __future__ import annotations

from decimal import Decimal

import pytest

from igny8_core.core.auth.models import Account, Plan, Role
from igny8_core.domain.jobs.models import Job
from igny8_core.domain.jobs.services import job_create, job_start, job_succeed
from tests.conftest import Tenant, client_for
from tests.factories import AccountFactory, MembershipFactory, SiteFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def platform_admin(db):
    """An admin of the system account (not a superuser)."""
    system = AccountFactory.create(name="IGNY8", slug="igny8-system", is_system=True)
    user = UserFactory.create()
    MembershipFactory.create(account=system, user=user, role=Role.ADMIN)
    return user


def fresh(job: Job) -> Job:
    return Job.objects.get(pk=job.pk)


# --- health ---------------------------------------------------------------------------------------


def test_health_needs_no_auth_and_reports_every_check_ok(client, is_postgres):
    response = client.get("/api/v1/system/health/")

    assert response.status_code == 200
    body = response.json()
    assert body["success"] is True
    assert body["message"] == "All systems operational."
    assert body["data"]["status"] == "ok"
    checks = body["data"]["checks"]
    assert set(checks) == {"database", "broker", "storage"}
    assert all(check["ok"] is True for check in checks.values())
    assert all(isinstance(check["latency_ms"], float) for check in checks.values())
    assert checks["database"]["engine"] == ("postgresql" if is_postgres else "sqlite")
    assert checks["storage"]["free_bytes"] > 0
    assert body["request_id"] == response["X-Request-ID"]


def test_health_ignores_a_garbage_token(db):
    client = client_for(None)
    client.credentials(HTTP_AUTHORIZATION="Bearer not.a.jwt")

    assert client.get("/api/v1/system/health/").status_code == 200


# --- jobs ------------------------------------------------------------------------------------------


def test_jobs_list_shows_only_the_accounts_jobs(tenant: Tenant, stranger: Tenant):
    first = job_create(account=tenant.account, kind="system.selftest", user=tenant.owner)
    second = job_create(account=tenant.account, kind="system.selftest", site=tenant.site)
    job_create(account=stranger.account, kind="system.selftest", user=stranger.owner)

    response = tenant.client.get("/api/v1/system/jobs/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [row["id"] for row in body["results"]] == [second.pk, first.pk]
    assert body["results"][1]["status"] == "queued"
    assert body["results"][1]["user"] == tenant.owner.pk


def test_jobs_filter_by_status(tenant: Tenant):
    queued = job_create(account=tenant.account, kind="system.selftest")
    done = job_create(account=tenant.account, kind="system.selftest")
    job_start(job_id=done.pk)
    job_succeed(job_id=done.pk)

    ids = [r["id"] for r in tenant.client.get("/api/v1/system/jobs/", {"status": "queued"}).json()["results"]]

    assert ids == [queued.pk]


def test_a_strangers_job_is_404_on_retrieve_and_cancel_and_stays_queued(tenant: Tenant, stranger: Tenant):
    theirs = job_create(account=stranger.account, kind="system.selftest")

    retrieve = tenant.client.get(f"/api/v1/system/jobs/{theirs.pk}/")
    cancel = tenant.client.post(f"/api/v1/system/jobs/{theirs.pk}/cancel/")

    for response in (retrieve, cancel):
        assert response.status_code == 404
        assert response.json()["error"] == "Not found."
    theirs = fresh(theirs)
    assert (theirs.status, theirs.cancel_requested, theirs.message) == ("queued", False, "Queued")


def test_owner_retrieves_and_cancels_a_queued_job(tenant: Tenant):
    job = job_create(account=tenant.account, kind="system.selftest", payload={"steps": 2})

    detail = tenant.client.get(f"/api/v1/system/jobs/{job.pk}/")
    assert detail.status_code == 200
    assert detail.json()["data"]["payload"] == {"steps": 2}

    response = tenant.client.post(f"/api/v1/system/jobs/{job.pk}/cancel/")

    assert response.status_code == 200
    body = response.json()
    assert body["message"] == "Cancelled"
    assert (body["data"]["status"], body["data"]["cancel_requested"]) == ("cancelled", True)
    assert fresh(job).status == "cancelled"


def test_cancelling_a_running_job_asks_it_to_stop(tenant: Tenant):
    job = job_create(account=tenant.account, kind="system.selftest")
    job_start(job_id=job.pk)
    _, editor = tenant.member(Role.EDITOR)

    response = editor.post(f"/api/v1/system/jobs/{job.pk}/cancel/")

    assert response.status_code == 200
    assert response.json()["message"] == "Cancelling…"
    job = fresh(job)
    assert (job.status, job.cancel_requested) == ("running", True)


def test_cancelling_a_finished_job_is_409_and_changes_nothing(tenant: Tenant):
    job = job_create(account=tenant.account, kind="system.selftest")
    job_start(job_id=job.pk)
    job_succeed(job_id=job.pk, result={"ok": True})
    before = fresh(job)

    response = tenant.client.post(f"/api/v1/system/jobs/{job.pk}/cancel/")

    assert response.status_code == 409
    assert response.json()["error"] == "This job has already finished (succeeded); it cannot be cancelled."
    after = fresh(job)
    assert (after.status, after.cancel_requested, after.updated_at) == ("succeeded", False, before.updated_at)


def test_a_viewer_cannot_cancel_and_the_job_is_unchanged(tenant: Tenant):
    job = job_create(account=tenant.account, kind="system.selftest")
    _, viewer = tenant.member(Role.VIEWER)

    assert viewer.get(f"/api/v1/system/jobs/{job.pk}/").status_code == 200
    response = viewer.post(f"/api/v1/system/jobs/{job.pk}/cancel/")

    assert response.status_code == 403
    assert response.json()["error"] == "Your role (viewer) cannot do this; it needs editor or higher."
    job = fresh(job)
    assert (job.status, job.cancel_requested, job.message, job.finished_at) == ("queued", False, "Queued", None)


def test_a_viewer_cannot_start_a_selftest(tenant: Tenant):
    _, viewer = tenant.member(Role.VIEWER)

    response = viewer.post("/api/v1/system/jobs/selftest/", {}, format="json")

    assert response.status_code == 403
    assert Job.objects.count() == 0


def test_jobs_on_a_site_are_only_visible_to_users_with_access_to_it(tenant: Tenant):
    other_site = SiteFactory.create(account=tenant.account)
    on_granted = job_create(account=tenant.account, kind="system.selftest", site=tenant.site)
    on_other = job_create(account=tenant.account, kind="system.selftest", site=other_site)
    account_wide = job_create(account=tenant.account, kind="system.selftest")
    _, editor = tenant.member(Role.EDITOR, sites=[tenant.site])
    _, admin = tenant.member(Role.ADMIN)

    editor_ids = [r["id"] for r in editor.get("/api/v1/system/jobs/").json()["results"]]
    admin_ids = [r["id"] for r in admin.get("/api/v1/system/jobs/").json()["results"]]

    assert editor_ids == [account_wide.pk, on_granted.pk]
    assert admin_ids == [account_wide.pk, on_other.pk, on_granted.pk]
    assert editor.get(f"/api/v1/system/jobs/{on_granted.pk}/").status_code == 200
    assert editor.get(f"/api/v1/system/jobs/{on_other.pk}/").status_code == 404
    cancel = editor.post(f"/api/v1/system/jobs/{on_other.pk}/cancel/")
    assert cancel.status_code == 404
    assert (fresh(on_other).status, fresh(on_other).cancel_requested) == ("queued", False)
    assert editor.post(f"/api/v1/system/jobs/{on_granted.pk}/cancel/").status_code == 200


def test_jobs_list_narrowed_by_site_id(tenant: Tenant):
    on_site = job_create(account=tenant.account, kind="system.selftest", site=tenant.site)
    job_create(account=tenant.account, kind="system.selftest")

    ids = [r["id"] for r in tenant.client.get("/api/v1/system/jobs/", {"site_id": tenant.site.pk}).json()["results"]]

    assert ids == [on_site.pk]


def test_jobs_need_authentication(client, tenant: Tenant):
    job = job_create(account=tenant.account, kind="system.selftest")

    assert client.get("/api/v1/system/jobs/").status_code == 401
    assert client.post(f"/api/v1/system/jobs/{job.pk}/cancel/").status_code == 401
    assert fresh(job).status == "queued"


# --- plans -----------------------------------------------------------------------------------------


def test_plans_are_readable_by_every_signed_in_user_inactive_ones_only_by_platform_admins(
    reference_data, tenant: Tenant, platform_admin
):
    Plan.objects.create(name="Legacy", slug="legacy", monthly_credits=10, is_active=False)
    _, viewer = tenant.member(Role.VIEWER)

    response = viewer.get("/api/v1/system/plans/")

    assert response.status_code == 200
    assert [p["slug"] for p in response.json()["data"]] == ["free", "starter", "growth", "agency"]
    assert [p["monthly_credits"] for p in response.json()["data"]] == [1000, 5000, 20000, 100000]
    admin_slugs = [p["slug"] for p in client_for(platform_admin).get("/api/v1/system/plans/").json()["data"]]
    assert admin_slugs == ["free", "legacy", "starter", "growth", "agency"]


def test_plans_need_authentication(reference_data, client):
    assert client.get("/api/v1/system/plans/").status_code == 401


def test_platform_admin_creates_and_updates_a_plan(reference_data, platform_admin):
    admin = client_for(platform_admin)

    created = admin.post(
        "/api/v1/system/plans/",
        {"name": "Enterprise", "slug": "enterprise", "monthly_credits": 500000, "price": "999.00"},
        format="json",
    )
    assert created.status_code == 201
    plan = Plan.objects.get(slug="enterprise")
    assert (plan.name, plan.monthly_credits, plan.price) == ("Enterprise", 500000, Decimal("999.00"))

    updated = admin.patch(f"/api/v1/system/plans/{plan.pk}/", {"monthly_credits": 600000}, format="json")
    assert updated.status_code == 200
    assert updated.json()["data"]["monthly_credits"] == 600000
    plan.refresh_from_db()
    assert plan.monthly_credits == 600000


def test_superuser_is_a_platform_admin_for_plans(reference_data):
    root = client_for(UserFactory.create(is_superuser=True, is_staff=True))
    plan = Plan.objects.get(slug="free")

    response = root.patch(f"/api/v1/system/plans/{plan.pk}/", {"name": "Free forever"}, format="json")

    assert response.status_code == 200
    assert Plan.objects.get(pk=plan.pk).name == "Free forever"


def test_account_owner_cannot_create_change_or_delete_plans(reference_data, tenant: Tenant):
    plan = Plan.objects.get(slug="starter")
    count = Plan.objects.count()

    created = tenant.client.post(
        "/api/v1/system/plans/", {"name": "Mine", "slug": "mine", "monthly_credits": 10**6}, format="json"
    )
    changed = tenant.client.patch(f"/api/v1/system/plans/{plan.pk}/", {"monthly_credits": 10**6}, format="json")
    deleted = tenant.client.delete(f"/api/v1/system/plans/{plan.pk}/")

    for response in (created, changed, deleted):
        assert response.status_code == 403
        assert response.json()["error"] == "Only platform administrators can change this."
    assert Plan.objects.count() == count
    assert Plan.objects.get(pk=plan.pk).monthly_credits == 5000


def test_deleting_a_plan_that_accounts_use_is_a_conflict_not_a_crash(reference_data, tenant: Tenant, platform_admin):
    plan = tenant.account.plan

    response = client_for(platform_admin).delete(f"/api/v1/system/plans/{plan.pk}/")

    assert response.status_code == 409
    assert response.json() == {
        "success": False,
        "error": "This cannot be deleted while other records still use it.",
        "errors": {},
        "request_id": response["X-Request-ID"],
    }
    assert Plan.objects.filter(pk=plan.pk).exists()
    assert Account.objects.get(pk=tenant.account.pk).plan_id == plan.pk


def test_platform_admin_deletes_an_unused_plan(reference_data, platform_admin):
    plan = Plan.objects.create(name="Trial", slug="trial", monthly_credits=50)

    response = client_for(platform_admin).delete(f"/api/v1/system/plans/{plan.pk}/")

    assert response.status_code == 204
    assert not Plan.objects.filter(pk=plan.pk).exists()
