"""The account endpoint (account/): read the current account, rename it (owner/admin only, audited)."""

from __future__ import annotations

from typing import Any

import pytest

from igny8_core.core.auth.models import Account, AccountMembership, AuditLog, Role
from igny8_core.core.auth.selectors import tenant_context_resolve
from igny8_core.core.auth.services import account_update
from igny8_core.shared.exceptions import PermissionDeniedError, ValidationFailed
from tests.conftest import Tenant, client_for

pytestmark = pytest.mark.django_db

URL = "/api/v1/auth/account/"


def snapshot(account: Account) -> dict[str, Any]:
    return dict(Account.objects.filter(pk=account.pk).values().get())


def test_get_returns_the_current_account(tenant: Tenant):
    response = tenant.client.get(URL)

    assert response.status_code == 200
    data = response.json()["data"]
    assert set(data) == {"id", "name", "slug", "plan", "credits", "status", "is_system", "created_at"}
    assert (data["id"], data["name"], data["status"]) == (tenant.account.pk, "Acme", "active")
    assert data["plan"]["monthly_credits"] == tenant.account.plan.monthly_credits


@pytest.mark.parametrize("role", [Role.OWNER, Role.ADMIN])
def test_owner_and_admin_rename_the_account_with_an_audit_row(tenant: Tenant, role: str):
    if role == Role.OWNER:
        actor, client = tenant.owner, tenant.client
    else:
        actor, client = tenant.member(Role.ADMIN)
    slug = tenant.account.slug

    response = client.patch(URL, {"name": "  Acme Marketing  "}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert body["success"] is True
    assert body["message"] == "Account saved."
    assert body["data"]["name"] == "Acme Marketing"
    tenant.account.refresh_from_db()
    assert (tenant.account.name, tenant.account.slug) == ("Acme Marketing", slug)
    audit = AuditLog.objects.get(action="account.updated")
    assert (audit.account, audit.actor) == (tenant.account, actor)
    assert (audit.object_type, audit.object_id) == ("Account", str(tenant.account.pk))
    assert audit.changes == {"name": ["Acme", "Acme Marketing"]}


def test_renaming_to_the_same_name_writes_no_audit_row(tenant: Tenant):
    response = tenant.client.patch(URL, {"name": "Acme"}, format="json")

    assert response.status_code == 200
    assert not AuditLog.objects.filter(action="account.updated").exists()


def test_plan_credits_and_status_are_not_writable(tenant: Tenant):
    before = snapshot(tenant.account)

    response = tenant.client.patch(URL, {"credits": 999999, "status": "cancelled", "plan": 99}, format="json")

    assert response.status_code == 200
    assert snapshot(tenant.account) == before


@pytest.mark.parametrize("name", ["", "   "])
def test_blank_name_is_refused_naming_the_field(tenant: Tenant, name: str):
    before = snapshot(tenant.account)

    response = tenant.client.patch(URL, {"name": name}, format="json")

    assert response.status_code == 400
    body = response.json()
    assert body["success"] is False
    assert body["errors"] == {"name": ["This field may not be blank."]}
    assert snapshot(tenant.account) == before


def test_service_refuses_a_blank_name(tenant: Tenant):
    context = tenant_context_resolve(user=tenant.owner)
    assert context is not None

    with pytest.raises(ValidationFailed) as raised:
        account_update(tenant=context, data={"name": "  "})

    assert raised.value.errors == {"name": ["Give the account a name."]}
    assert Account.objects.get(pk=tenant.account.pk).name == "Acme"


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER])
def test_editor_and_viewer_are_denied_and_nothing_changes(tenant: Tenant, role: str):
    _, client = tenant.member(role)
    before = snapshot(tenant.account)

    response = client.patch(URL, {"name": "Hijacked"}, format="json")

    assert response.status_code == 403
    assert response.json()["error"] == f"Your role ({role}) cannot do this; it needs admin or higher."
    assert snapshot(tenant.account) == before
    assert not AuditLog.objects.filter(action="account.updated").exists()
    # They can still read it.
    assert client.get(URL).json()["data"]["name"] == "Acme"


def test_cross_tenant_x_account_id_is_refused_and_nothing_changes(tenant: Tenant, stranger: Tenant):
    before_mine, before_theirs = snapshot(tenant.account), snapshot(stranger.account)

    response = client_for(tenant.owner, account=stranger.account).patch(URL, {"name": "Taken over"}, format="json")

    assert response.status_code == 403
    assert response.json()["error"] == "You are not a member of the account named in X-Account-ID."
    assert snapshot(stranger.account) == before_theirs
    assert snapshot(tenant.account) == before_mine
    assert not AuditLog.objects.filter(action="account.updated").exists()


def test_x_account_id_renames_only_the_chosen_membership_account(tenant: Tenant, stranger: Tenant):
    AccountMembership.objects.create(account=stranger.account, user=tenant.owner, role=Role.ADMIN)
    before_mine = snapshot(tenant.account)

    response = client_for(tenant.owner, account=stranger.account).patch(URL, {"name": "Client B"}, format="json")

    assert response.status_code == 200
    assert response.json()["data"]["id"] == stranger.account.pk
    stranger.account.refresh_from_db()
    assert stranger.account.name == "Client B"
    assert snapshot(tenant.account) == before_mine


def test_service_refuses_a_viewer_directly(tenant: Tenant):
    viewer, _ = tenant.member(Role.VIEWER)
    context = tenant_context_resolve(user=viewer)
    assert context is not None
    before = snapshot(tenant.account)

    with pytest.raises(PermissionDeniedError, match=r"Your role \(viewer\) cannot change the account"):
        account_update(tenant=context, data={"name": "Nope"})

    assert snapshot(tenant.account) == before
    assert not AuditLog.objects.filter(action="account.updated").exists()
