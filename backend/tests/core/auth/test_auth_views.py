"""Register, login, refresh, logout, me."""

from __future__ import annotations

import pytest

from igny8_core.core.auth.models import Account, AccountMembership, Role, User
from igny8_core.domain.billing.models import CreditTransaction
from tests.conftest import Tenant, client_for
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def register(client, **overrides):
    body = {"email": "Jane@Example.com", "password": PASSWORD, "account_name": "Jane's Agency", **overrides}
    return client.post("/api/v1/auth/register/", body, format="json")


def test_register_creates_owner_account_on_default_plan_with_monthly_credits(reference_data, client):
    response = register(client)

    assert response.status_code == 201
    body = response.json()
    assert body["success"] is True
    assert body["message"] == "Welcome to IGNY8."
    assert set(body["data"]["tokens"]) == {"access", "refresh"}
    assert body["data"]["user"]["email"] == "jane@example.com"
    account = Account.objects.get(pk=body["data"]["account"]["id"])
    assert account.name == "Jane's Agency"
    assert account.slug == "janes-agency"
    assert account.plan.slug == "free"
    assert account.credits == 1000
    assert body["data"]["account"]["credits"] == 1000
    membership = AccountMembership.objects.get(account=account)
    assert membership.user.email == "jane@example.com"
    assert membership.role == Role.OWNER
    tx = CreditTransaction.objects.get(account=account)
    assert (tx.transaction_type, tx.amount, tx.balance_after) == ("subscription", 1000, 1000)
    assert body["request_id"] == response["X-Request-ID"]


def test_register_twice_with_same_email_is_a_conflict_and_creates_nothing(reference_data, client):
    assert register(client).status_code == 201
    response = register(client, email="JANE@example.com", account_name="Other")

    assert response.status_code == 409
    assert response.json()["errors"] == {"email": ["An account with this email already exists."]}
    assert User.objects.count() == 1
    assert Account.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"password": "short"}, "password"),
        ({"account_name": "  "}, "account_name"),
        ({"password": "password123"}, "password"),
    ],
)
def test_register_rejects_bad_input_naming_the_field(reference_data, client, overrides, field):
    response = register(client, **overrides)

    assert response.status_code == 400
    body = response.json()
    assert body["success"] is False
    assert field in body["errors"]
    assert field in body["error"]
    assert User.objects.count() == 0
    assert Account.objects.count() == 0


def test_login_with_any_email_case_returns_tokens_that_work(reference_data, client):
    register(client)
    response = client.post("/api/v1/auth/login/", {"email": "JANE@example.com", "password": PASSWORD}, format="json")

    assert response.status_code == 200
    tokens = response.json()["data"]
    me = client_for(None)
    me.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    body = me.get("/api/v1/auth/me/").json()
    assert body["data"]["user"]["email"] == "jane@example.com"
    assert body["data"]["role"] == "owner"
    assert body["data"]["site_ids"] is None
    assert body["data"]["is_platform_admin"] is False


@pytest.mark.parametrize(
    ("email", "password", "deactivate"),
    [
        ("jane@example.com", "nope-nope", False),  # wrong password
        ("nobody@example.com", PASSWORD, False),  # unknown email
        ("jane@example.com", PASSWORD, True),  # deactivated user
    ],
)
def test_failed_login_is_401_with_the_same_words_whatever_the_reason(
    reference_data, client, email: str, password: str, deactivate: bool
):
    register(client)
    if deactivate:
        User.objects.filter(email="jane@example.com").update(is_active=False)

    response = client.post("/api/v1/auth/login/", {"email": email, "password": password}, format="json")

    assert response.status_code == 401
    body = response.json()
    body.pop("request_id")
    assert body == {"success": False, "error": "Wrong email or password.", "errors": {}}


def test_refresh_rotates_and_logout_blacklists(reference_data, client):
    tokens = register(client).json()["data"]["tokens"]
    refreshed = client.post("/api/v1/auth/refresh/", {"refresh": tokens["refresh"]}, format="json")
    assert refreshed.status_code == 200
    new = refreshed.json()["data"]
    assert set(new) == {"access", "refresh"}

    # The old refresh token was rotated out.
    assert client.post("/api/v1/auth/refresh/", {"refresh": tokens["refresh"]}, format="json").status_code == 401

    assert client.post("/api/v1/auth/logout/", {"refresh": new["refresh"]}, format="json").status_code == 200
    assert client.post("/api/v1/auth/refresh/", {"refresh": new["refresh"]}, format="json").status_code == 401


def test_me_without_token_is_401_envelope(client):
    response = client.get("/api/v1/auth/me/")

    assert response.status_code == 401
    assert response.json() == {
        "success": False,
        "error": "Authentication credentials were not provided.",
        "errors": {},
        "request_id": response["X-Request-ID"],
    }


def test_me_with_garbage_token_is_401(db):
    client = client_for(None)
    client.credentials(HTTP_AUTHORIZATION="Bearer not.a.jwt")

    response = client.get("/api/v1/auth/me/")

    assert response.status_code == 401
    assert response.json()["success"] is False


def test_x_account_id_switches_between_memberships_and_refuses_strangers(tenant: Tenant, stranger: Tenant):
    AccountMembership.objects.create(account=stranger.account, user=tenant.owner, role=Role.VIEWER)

    default = client_for(tenant.owner).get("/api/v1/auth/me/").json()["data"]
    other = client_for(tenant.owner, account=stranger.account).get("/api/v1/auth/me/").json()["data"]
    assert default["account"]["id"] == tenant.account.pk
    assert other["account"]["id"] == stranger.account.pk
    assert other["role"] == "viewer"
    assert other["site_ids"] == []

    refused = client_for(stranger.owner, account=tenant.account).get("/api/v1/auth/me/")
    assert refused.status_code == 403
    assert refused.json()["error"] == "You are not a member of the account named in X-Account-ID."


def test_suspended_account_is_refused(tenant: Tenant):
    Account.objects.filter(pk=tenant.account.pk).update(status=Account.Status.SUSPENDED)

    response = tenant.client.get("/api/v1/auth/sites/")

    assert response.status_code == 403
    assert response.json()["error"] == "This account is suspended. Contact support to reactivate it."
