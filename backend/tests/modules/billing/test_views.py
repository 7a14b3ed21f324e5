"""Billing endpoints: balance, transactions, usage, top-up, credit costs."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from django.utils import timezone

from igny8_core.core.auth.models import Account, AuditLog, Role
from igny8_core.domain.billing.models import CreditCostConfig, CreditTransaction, CreditUsageLog
from igny8_core.domain.billing.seed_data import CREDIT_COSTS
from igny8_core.domain.billing.services import credits_add, credits_deduct
from tests.conftest import Tenant, client_for
from tests.factories import AccountFactory, MembershipFactory, PlanFactory, SiteFactory, UserFactory

pytestmark = pytest.mark.django_db


def balance(account: Account) -> int:
    return Account.objects.values_list("credits", flat=True).get(pk=account.pk)


def deduct_at(when: datetime, **kwargs) -> CreditUsageLog:
    tx = credits_deduct(**kwargs)
    CreditUsageLog.objects.filter(transaction=tx).update(created_at=when)
    CreditTransaction.objects.filter(pk=tx.pk).update(created_at=when)
    return CreditUsageLog.objects.get(transaction=tx)


def noon(day) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


@pytest.fixture
def platform_admin(db):
    """An admin of the system account (not a superuser)."""
    system = AccountFactory.create(name="IGNY8", slug="igny8-system", is_system=True)
    user = UserFactory.create()
    MembershipFactory.create(account=system, user=user, role=Role.ADMIN)
    return user


# --- balance -----------------------------------------------------------------------------------


def test_balance_reports_plan_monthly_credits_and_usage_this_month(tenant: Tenant):
    credits_deduct(account=tenant.account, amount=30, operation_type="idea_generation", site=tenant.site)
    credits_deduct(account=tenant.account, amount=12, operation_type="clustering")
    month_start = timezone.now().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    deduct_at(month_start - timedelta(seconds=1), account=tenant.account, amount=100, operation_type="clustering")

    response = tenant.client.get("/api/v1/billing/balance/")

    assert response.status_code == 200
    assert response.json() == {
        "success": True,
        "data": {
            "balance": 858,
            "plan": {"id": tenant.account.plan.pk, "name": "Free", "slug": "free"},
            "monthly_credits": 1000,
            "used_this_month": 42,
            "low_credit": False,
        },
        "message": "",
        "request_id": response["X-Request-ID"],
    }


@pytest.mark.parametrize(
    ("credits", "low"),
    [(0, True), (1, True), (99, True), (100, False), (101, False), (1000, False)],
)
def test_low_credit_is_true_only_below_ten_percent_of_monthly_credits(make_tenant, credits, low):
    tenant = make_tenant(credits=credits)

    data = tenant.client.get("/api/v1/billing/balance/").json()["data"]

    assert data["balance"] == credits
    assert data["low_credit"] is low


def test_low_credit_is_false_on_a_plan_without_monthly_credits(make_tenant):
    tenant = make_tenant(credits=0, plan=PlanFactory.create(slug="payg", name="Pay as you go", monthly_credits=0))

    data = tenant.client.get("/api/v1/billing/balance/").json()["data"]

    assert (data["balance"], data["monthly_credits"], data["low_credit"]) == (0, 0, False)


def test_every_member_reads_the_balance_and_anonymous_is_401(tenant: Tenant, client):
    _, viewer = tenant.member(Role.VIEWER)

    assert viewer.get("/api/v1/billing/balance/").json()["data"]["balance"] == 1000
    response = client.get("/api/v1/billing/balance/")
    assert response.status_code == 401
    assert response.json()["success"] is False


# --- transactions ----------------------------------------------------------------------------


def test_owner_and_admin_list_only_their_accounts_transactions(tenant: Tenant, stranger: Tenant):
    first = credits_deduct(account=tenant.account, amount=10, operation_type="clustering")
    second = credits_add(account=tenant.account, amount=5, transaction_type="refund")
    credits_deduct(account=stranger.account, amount=50, operation_type="clustering")
    _, admin = tenant.member(Role.ADMIN)

    for client in (tenant.client, admin):
        response = client.get("/api/v1/billing/transactions/")

        assert response.status_code == 200
        body = response.json()
        assert body["success"] is True
        assert body["count"] == 2
        assert [row["id"] for row in body["results"]] == [second.pk, first.pk]
        assert [(r["transaction_type"], r["amount"], r["balance_after"]) for r in body["results"]] == [
            ("refund", 5, 995),
            ("deduction", -10, 990),
        ]


def test_transactions_filter_by_type(tenant: Tenant):
    credits_deduct(account=tenant.account, amount=10, operation_type="clustering")
    refund = credits_add(account=tenant.account, amount=5, transaction_type="refund")

    body = tenant.client.get("/api/v1/billing/transactions/", {"transaction_type": "refund"}).json()

    assert [row["id"] for row in body["results"]] == [refund.pk]


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER])
def test_editors_and_viewers_cannot_read_the_ledger(tenant: Tenant, role):
    tx = credits_deduct(account=tenant.account, amount=10, operation_type="clustering")
    _, member = tenant.member(role, sites=[tenant.site])

    listing = member.get("/api/v1/billing/transactions/")
    detail = member.get(f"/api/v1/billing/transactions/{tx.pk}/")

    for response in (listing, detail):
        assert response.status_code == 403
        assert response.json()["error"] == f"Your role ({role}) cannot do this; it needs admin or higher."


def test_a_strangers_transaction_is_404(tenant: Tenant, stranger: Tenant):
    theirs = credits_deduct(account=stranger.account, amount=10, operation_type="clustering")
    mine = credits_deduct(account=tenant.account, amount=10, operation_type="clustering")

    assert tenant.client.get(f"/api/v1/billing/transactions/{mine.pk}/").json()["data"]["id"] == mine.pk
    response = tenant.client.get(f"/api/v1/billing/transactions/{theirs.pk}/")

    assert response.status_code == 404
    assert response.json()["error"] == "Not found."


def test_the_ledger_is_read_only(tenant: Tenant):
    tx = credits_deduct(account=tenant.account, amount=10, operation_type="clustering")

    assert tenant.client.post("/api/v1/billing/transactions/", {"amount": 5}, format="json").status_code == 405
    assert tenant.client.delete(f"/api/v1/billing/transactions/{tx.pk}/").status_code == 405
    assert CreditTransaction.objects.get(pk=tx.pk).amount == -10
    assert balance(tenant.account) == 990


# --- usage -----------------------------------------------------------------------------------------


@pytest.fixture
def usage(tenant: Tenant, stranger: Tenant):
    """Usage across two sites, two users and three days (one outside the default 30-day range)."""
    today = timezone.now().date()
    other_site = SiteFactory.create(account=tenant.account, name="Other site")
    editor, editor_client = tenant.member(Role.EDITOR, sites=[tenant.site])
    deduct_at(
        noon(today), account=tenant.account, amount=10, operation_type="clustering", site=tenant.site, user=tenant.owner
    )
    deduct_at(
        noon(today),
        account=tenant.account,
        amount=30,
        operation_type="idea_generation",
        site=other_site,
        user=tenant.owner,
    )
    deduct_at(
        noon(today - timedelta(days=1)),
        account=tenant.account,
        amount=5,
        operation_type="image_generation",
        site=tenant.site,
        user=editor,
    )
    deduct_at(
        noon(today - timedelta(days=40)), account=tenant.account, amount=8, operation_type="linking", user=tenant.owner
    )
    deduct_at(
        noon(today),
        account=stranger.account,
        amount=500,
        operation_type="clustering",
        site=stranger.site,
        user=stranger.owner,
    )
    return {"today": today, "other_site": other_site, "editor": editor, "editor_client": editor_client}


def test_usage_totals_by_operation_site_user_and_day_for_the_last_30_days(tenant: Tenant, usage):
    today = usage["today"]

    response = tenant.client.get("/api/v1/billing/usage/")

    assert response.status_code == 200
    assert response.json()["data"] == {
        "start": (today - timedelta(days=29)).isoformat(),
        "end": today.isoformat(),
        "total_credits": 45,
        "operations": 3,
        "by_operation_type": [
            {"operation_type": "idea_generation", "credits": 30, "count": 1},
            {"operation_type": "clustering", "credits": 10, "count": 1},
            {"operation_type": "image_generation", "credits": 5, "count": 1},
        ],
        "by_site": [
            {"site_id": usage["other_site"].pk, "site_name": "Other site", "credits": 30, "count": 1},
            {"site_id": tenant.site.pk, "site_name": tenant.site.name, "credits": 15, "count": 2},
        ],
        "by_user": [
            {"user_id": tenant.owner.pk, "email": tenant.owner.email, "credits": 40, "count": 2},
            {"user_id": usage["editor"].pk, "email": usage["editor"].email, "credits": 5, "count": 1},
        ],
        "by_day": [
            {"date": (today - timedelta(days=1)).isoformat(), "credits": 5, "count": 1},
            {"date": today.isoformat(), "credits": 40, "count": 2},
        ],
    }


def test_usage_honours_start_and_end(tenant: Tenant, usage):
    day = (usage["today"] - timedelta(days=40)).isoformat()

    data = tenant.client.get("/api/v1/billing/usage/", {"start": day, "end": day}).json()["data"]

    assert (data["start"], data["end"], data["total_credits"], data["operations"]) == (day, day, 8, 1)
    assert data["by_operation_type"] == [{"operation_type": "linking", "credits": 8, "count": 1}]
    assert data["by_site"] == [{"site_id": None, "site_name": "", "credits": 8, "count": 1}]
    assert data["by_day"] == [{"date": day, "credits": 8, "count": 1}]


def test_usage_can_be_narrowed_to_a_site(tenant: Tenant, usage):
    data = tenant.client.get("/api/v1/billing/usage/", {"site_id": usage["other_site"].pk}).json()["data"]

    assert (data["total_credits"], data["operations"]) == (30, 1)


def test_an_editor_only_sees_usage_of_granted_sites(tenant: Tenant, usage):
    client = usage["editor_client"]

    data = client.get("/api/v1/billing/usage/").json()["data"]
    other = client.get("/api/v1/billing/usage/", {"site_id": usage["other_site"].pk}).json()["data"]

    assert (data["total_credits"], data["operations"]) == (15, 2)
    assert data["by_site"] == [{"site_id": tenant.site.pk, "site_name": tenant.site.name, "credits": 15, "count": 2}]
    assert data["by_operation_type"] == [
        {"operation_type": "clustering", "credits": 10, "count": 1},
        {"operation_type": "image_generation", "credits": 5, "count": 1},
    ]
    assert (other["total_credits"], other["operations"], other["by_site"]) == (0, 0, [])


def test_a_viewer_without_granted_sites_sees_no_usage(tenant: Tenant, usage):
    _, viewer = tenant.member(Role.VIEWER)

    data = viewer.get("/api/v1/billing/usage/").json()["data"]

    assert (data["total_credits"], data["operations"], data["by_day"]) == (0, 0, [])


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"start": "2026-13-40"}, "start"),
        ({"end": "yesterday"}, "end"),
        ({"site_id": "abc"}, "site_id"),
    ],
)
def test_usage_with_a_bad_parameter_is_400_naming_the_field(tenant: Tenant, params, field):
    response = tenant.client.get("/api/v1/billing/usage/", params)

    assert response.status_code == 400
    body = response.json()
    assert body["success"] is False
    assert list(body["errors"]) == [field]
    assert body["error"].startswith(f"Invalid input. {field}: ")


def test_usage_with_start_after_end_is_400(tenant: Tenant):
    response = tenant.client.get("/api/v1/billing/usage/", {"start": "2026-03-10", "end": "2026-03-09"})

    assert response.status_code == 400
    assert response.json()["error"] == "start must not be after end."
    assert response.json()["errors"] == {"start": ["Must not be after end."]}


def test_usage_range_longer_than_366_days_is_400(tenant: Tenant):
    response = tenant.client.get("/api/v1/billing/usage/", {"start": "2024-01-01", "end": "2025-06-01"})

    assert response.status_code == 400
    assert response.json()["errors"] == {"end": ["Range too long."]}


# --- top-up ------------------------------------------------------------------------------------------


def test_superuser_tops_up_any_account(tenant: Tenant):
    root = UserFactory.create(is_superuser=True, is_staff=True)

    response = client_for(root).post(
        "/api/v1/billing/topup/",
        {"account_id": tenant.account.pk, "amount": 250, "description": "Invoice 7"},
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    assert body["message"] == "Credits added."
    assert (body["data"]["transaction_type"], body["data"]["amount"], body["data"]["balance_after"]) == (
        "topup",
        250,
        1250,
    )
    assert body["data"]["description"] == "Invoice 7"
    assert body["data"]["created_by"] == root.pk
    assert balance(tenant.account) == 1250
    audit = AuditLog.objects.get(action="credits.topup")
    assert (audit.account_id, audit.actor_id, audit.changes) == (
        tenant.account.pk,
        root.pk,
        {"amount": 250, "balance_after": 1250},
    )


def test_system_account_admin_tops_up_any_account(tenant: Tenant, platform_admin):
    response = client_for(platform_admin).post(
        "/api/v1/billing/topup/", {"account_id": tenant.account.pk, "amount": 40}, format="json"
    )

    assert response.status_code == 201
    assert response.json()["data"]["description"] == "Top-up"
    assert balance(tenant.account) == 1040


def test_account_owner_cannot_top_up_even_their_own_account(tenant: Tenant):
    response = tenant.client.post(
        "/api/v1/billing/topup/", {"account_id": tenant.account.pk, "amount": 1000}, format="json"
    )

    assert response.status_code == 403
    assert response.json()["error"] == "Only platform administrators can do this."
    assert balance(tenant.account) == 1000
    assert CreditTransaction.objects.count() == 0
    assert AuditLog.objects.filter(action="credits.topup").count() == 0


def test_system_account_editor_cannot_top_up(tenant: Tenant):
    system = AccountFactory.create(is_system=True)
    editor = UserFactory.create()
    MembershipFactory.create(account=system, user=editor, role=Role.EDITOR)

    response = client_for(editor).post(
        "/api/v1/billing/topup/", {"account_id": tenant.account.pk, "amount": 1000}, format="json"
    )

    assert response.status_code == 403
    assert balance(tenant.account) == 1000
    assert CreditTransaction.objects.count() == 0


def test_top_up_of_an_unknown_account_is_404(platform_admin):
    response = client_for(platform_admin).post(
        "/api/v1/billing/topup/", {"account_id": 999999, "amount": 10}, format="json"
    )

    assert response.status_code == 404
    assert response.json()["error"] == "No such account."
    assert response.json()["errors"] == {"account_id": ["No such account."]}
    assert CreditTransaction.objects.count() == 0


@pytest.mark.parametrize(("amount", "field"), [(0, "amount"), (-5, "amount"), ("lots", "amount"), (None, "amount")])
def test_top_up_with_a_bad_amount_is_400_naming_it(tenant: Tenant, platform_admin, amount, field):
    response = client_for(platform_admin).post(
        "/api/v1/billing/topup/", {"account_id": tenant.account.pk, "amount": amount}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert balance(tenant.account) == 1000
    assert CreditTransaction.objects.count() == 0


# --- credit costs -----------------------------------------------------------------------------------


def test_every_member_reads_the_nine_seeded_credit_costs(reference_data, tenant: Tenant):
    _, viewer = tenant.member(Role.VIEWER)

    response = viewer.get("/api/v1/billing/credit-costs/")

    assert response.status_code == 200
    rows = response.json()["data"]
    assert len(rows) == 9
    assert [(r["operation_type"], r["display_name"], r["credits_cost"], r["unit"], r["description"]) for r in rows] == (
        sorted(CREDIT_COSTS)
    )
    assert all(row["is_active"] is True for row in rows)


def test_platform_admin_patches_a_credit_cost_and_it_is_audited(reference_data, platform_admin):
    config = CreditCostConfig.objects.get(operation_type="clustering")

    response = client_for(platform_admin).patch(
        f"/api/v1/billing/credit-costs/{config.pk}/",
        {"credits_cost": 12, "operation_type": "linking"},
        format="json",
    )

    assert response.status_code == 200
    data = response.json()["data"]
    assert (data["operation_type"], data["credits_cost"], data["unit"]) == ("clustering", 12, "per_request")
    config.refresh_from_db()
    assert (config.operation_type, config.credits_cost, config.updated_by_id) == ("clustering", 12, platform_admin.pk)
    audit = AuditLog.objects.get(action="credit_cost.updated")
    assert (audit.actor_id, audit.object_id, audit.changes) == (
        platform_admin.pk,
        str(config.pk),
        {"credits_cost": [10, 12]},
    )


def test_owner_cannot_patch_a_credit_cost(reference_data, tenant: Tenant):
    config = CreditCostConfig.objects.get(operation_type="clustering")

    response = tenant.client.patch(f"/api/v1/billing/credit-costs/{config.pk}/", {"credits_cost": 0}, format="json")

    assert response.status_code == 403
    assert response.json()["error"] == "Only platform administrators can change this."
    config.refresh_from_db()
    assert (config.credits_cost, config.updated_by_id) == (10, None)
    assert AuditLog.objects.filter(action="credit_cost.updated").count() == 0


def test_credit_cost_patch_with_a_bad_value_is_400_and_changes_nothing(reference_data, platform_admin):
    config = CreditCostConfig.objects.get(operation_type="clustering")

    response = client_for(platform_admin).patch(
        f"/api/v1/billing/credit-costs/{config.pk}/", {"credits_cost": -1, "unit": "per_moon"}, format="json"
    )

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"credits_cost", "unit"}
    config.refresh_from_db()
    assert (config.credits_cost, config.unit) == (10, "per_request")
