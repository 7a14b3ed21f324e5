"""The team (users/): list, add, change role, remove, and the rules that guard owners."""

from __future__ import annotations

from typing import Any

import pytest

from igny8_core.core.auth.models import AccountMembership, AuditLog, Role, SiteUserAccess, User
from tests.conftest import Tenant, client_for
from tests.factories import PASSWORD, MembershipFactory, SiteFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/auth/users/"
NEW_PASSWORD = "plum-orchard-lantern-42"

NOT_FOUND = {"success": False, "error": "Not found.", "errors": {}}


def detail(pk: object) -> str:
    return f"{URL}{pk}/"


def without_request_id(response):
    body = response.json()
    assert body.pop("request_id") == response["X-Request-ID"]
    return body


def membership_of(tenant: Tenant, user: User) -> AccountMembership:
    return AccountMembership.objects.get(account=tenant.account, user=user)


def snapshot(membership: AccountMembership) -> dict[str, Any]:
    return dict(AccountMembership.objects.filter(pk=membership.pk).values().get())


def second_owner(tenant: Tenant) -> AccountMembership:
    user, _ = tenant.member(Role.OWNER)
    return membership_of(tenant, user)


def refused_role(role: str) -> dict:
    return {"success": False, "error": f"Your role ({role}) cannot do this; it needs admin or higher.", "errors": {}}


# --- List ----------------------------------------------------------------------------------


def test_owner_lists_the_team_in_the_page_envelope(tenant: Tenant, stranger: Tenant):
    editor, _ = tenant.member(Role.EDITOR, sites=[tenant.site])
    stranger.member(Role.ADMIN)

    response = tenant.client.get(URL)

    assert response.status_code == 200
    body = without_request_id(response)
    assert set(body) == {"success", "count", "next", "previous", "results"}
    assert body["success"] is True
    assert body["count"] == 2
    owner_row, editor_row = body["results"]
    assert owner_row["id"] == membership_of(tenant, tenant.owner).pk
    assert (owner_row["user"]["email"], owner_row["role"], owner_row["site_ids"]) == (
        tenant.owner.email,
        "owner",
        None,
    )
    assert (editor_row["user"]["email"], editor_row["role"], editor_row["site_ids"]) == (
        editor.email,
        "editor",
        [tenant.site.pk],
    )
    assert set(editor_row) == {"id", "user", "role", "site_ids", "created_at"}
    assert set(editor_row["user"]) == {"id", "email", "first_name", "last_name", "full_name", "date_joined"}


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER])
def test_editors_and_viewers_can_read_the_team(tenant: Tenant, role: str):
    _, client = tenant.member(role)

    response = client.get(URL)

    assert response.status_code == 200
    assert response.json()["count"] == 2


def test_role_filter(tenant: Tenant):
    editor, _ = tenant.member(Role.EDITOR)
    tenant.member(Role.VIEWER)

    body = tenant.client.get(URL, {"role": "editor"}).json()

    assert [m["user"]["email"] for m in body["results"]] == [editor.email]


# --- Add -----------------------------------------------------------------------------------


def test_owner_adds_a_new_user_with_password_and_sites(tenant: Tenant):
    response = tenant.client.post(
        URL,
        {
            "email": " New.Person@Example.COM ",
            "role": "editor",
            "password": NEW_PASSWORD,
            "first_name": "New",
            "last_name": "Person",
            "sites": [tenant.site.pk],
        },
        format="json",
    )

    assert response.status_code == 201
    body = without_request_id(response)
    assert body["success"] is True
    assert body["message"] == "Member added."
    user = User.objects.get(email="new.person@example.com")
    assert user.check_password(NEW_PASSWORD)
    membership = membership_of(tenant, user)
    assert membership.role == Role.EDITOR
    data = body["data"]
    assert data["id"] == membership.pk
    assert data["role"] == "editor"
    assert data["site_ids"] == [tenant.site.pk]
    assert (data["user"]["email"], data["user"]["full_name"]) == ("new.person@example.com", "New Person")
    assert list(SiteUserAccess.objects.filter(user=user).values_list("site_id", "account_id", "granted_by_id")) == [
        (tenant.site.pk, tenant.account.pk, tenant.owner.pk)
    ]
    audit = AuditLog.objects.get(action="member.added")
    assert (audit.account, audit.actor, audit.object_type, audit.object_id) == (
        tenant.account,
        tenant.owner,
        "AccountMembership",
        str(membership.pk),
    )
    assert audit.changes == {"email": "new.person@example.com", "role": "editor", "sites": [tenant.site.pk]}


def test_new_member_can_log_in_and_sees_granted_sites(tenant: Tenant):
    tenant.client.post(
        URL,
        {"email": "fresh@example.com", "role": "viewer", "password": NEW_PASSWORD, "sites": [tenant.site.pk]},
        format="json",
    )

    login = client_for(None).post(
        "/api/v1/auth/login/", {"email": "fresh@example.com", "password": NEW_PASSWORD}, format="json"
    )
    assert login.status_code == 200
    viewer = client_for(User.objects.get(email="fresh@example.com"))
    assert [s["id"] for s in viewer.get("/api/v1/auth/sites/").json()["results"]] == [tenant.site.pk]


def test_adds_an_existing_user_by_email_without_touching_their_password(tenant: Tenant, stranger: Tenant):
    response = tenant.client.post(
        URL, {"email": stranger.owner.email.upper(), "role": "viewer", "password": "ignored-1234"}, format="json"
    )

    assert response.status_code == 201
    assert response.json()["data"]["user"]["id"] == stranger.owner.pk
    assert membership_of(tenant, stranger.owner).role == Role.VIEWER
    stranger.owner.refresh_from_db()
    assert stranger.owner.check_password(PASSWORD)
    assert User.objects.filter(email__iexact=stranger.owner.email).count() == 1
    # Their own account is untouched.
    assert AccountMembership.objects.get(account=stranger.account, user=stranger.owner).role == Role.OWNER


def test_adding_an_existing_member_is_a_conflict(tenant: Tenant):
    editor, _ = tenant.member(Role.EDITOR)
    before = snapshot(membership_of(tenant, editor))

    response = tenant.client.post(URL, {"email": editor.email, "role": "admin"}, format="json")

    assert response.status_code == 409
    assert without_request_id(response) == {
        "success": False,
        "error": f"{editor.email} is already a member of this account.",
        "errors": {"email": ["Already a member of this account."]},
    }
    assert snapshot(membership_of(tenant, editor)) == before
    assert AccountMembership.objects.filter(account=tenant.account).count() == 2
    assert not AuditLog.objects.exists()


def test_new_user_without_password_is_400_naming_password(tenant: Tenant):
    users = User.objects.count()

    response = tenant.client.post(URL, {"email": "nobody@example.com", "role": "editor"}, format="json")

    assert response.status_code == 400
    assert without_request_id(response) == {
        "success": False,
        "error": "password: A password is required to create a new user.",
        "errors": {"password": ["A password is required to create a new user."]},
    }
    assert User.objects.count() == users
    assert not User.objects.filter(email="nobody@example.com").exists()


@pytest.mark.parametrize("password", ["short", "password123", "12345678901"])
def test_new_user_with_weak_password_is_400_naming_password(tenant: Tenant, password: str):
    users = User.objects.count()

    response = tenant.client.post(
        URL, {"email": "weak@example.com", "role": "viewer", "password": password}, format="json"
    )

    assert response.status_code == 400
    body = without_request_id(response)
    assert list(body["errors"]) == ["password"]
    assert body["error"].startswith("password: ")
    assert User.objects.count() == users


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"email": "not-an-email", "role": "viewer"}, "email", "Enter a valid email address."),
        ({"email": "a@example.com", "role": "boss"}, "role", '"boss" is not a valid choice.'),
        ({"email": "a@example.com"}, "role", "This field is required."),
        ({"role": "viewer"}, "email", "This field is required."),
        (
            {"email": "a@example.com", "role": "viewer", "sites": "x"},
            "sites",
            'Expected a list of items but got type "str".',
        ),
    ],
)
def test_add_rejects_bad_input_naming_the_field(tenant: Tenant, payload: dict, field: str, message: str):
    users = User.objects.count()
    memberships = AccountMembership.objects.count()

    response = tenant.client.post(URL, {"password": NEW_PASSWORD, **payload}, format="json")

    assert response.status_code == 400
    assert without_request_id(response) == {
        "success": False,
        "error": f"Invalid input. {field}: {message}",
        "errors": {field: [message]},
    }
    assert (User.objects.count(), AccountMembership.objects.count()) == (users, memberships)


def test_add_with_a_strangers_site_is_400_and_creates_nothing(tenant: Tenant, stranger: Tenant):
    users = User.objects.count()

    response = tenant.client.post(
        URL,
        {"email": "spy@example.com", "role": "editor", "password": NEW_PASSWORD, "sites": [stranger.site.pk]},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"sites.0": [f'Invalid pk "{stranger.site.pk}" - object does not exist.']}
    assert User.objects.count() == users
    assert not SiteUserAccess.objects.filter(site=stranger.site).exists()


def test_malformed_json_is_400(tenant: Tenant):
    users = User.objects.count()

    response = tenant.client.post(URL, data="{bad", content_type="application/json")

    assert response.status_code == 400
    body = without_request_id(response)
    assert body["error"].startswith("Malformed request body: JSON parse error")
    assert list(body["errors"]) == ["body"]
    assert User.objects.count() == users


def test_admin_adds_admins_editors_and_viewers(tenant: Tenant):
    _, admin = tenant.member(Role.ADMIN)

    for n, role in enumerate(["admin", "editor", "viewer"]):
        response = admin.post(
            URL, {"email": f"team{n}@example.com", "role": role, "password": NEW_PASSWORD}, format="json"
        )
        assert response.status_code == 201
        assert response.json()["data"]["role"] == role


def test_admin_cannot_grant_owner(tenant: Tenant):
    _, admin = tenant.member(Role.ADMIN)
    users = User.objects.count()

    response = admin.post(
        URL, {"email": "wannabe@example.com", "role": "owner", "password": NEW_PASSWORD}, format="json"
    )

    assert response.status_code == 403
    assert without_request_id(response) == {
        "success": False,
        "error": "An admin cannot grant the owner role.",
        "errors": {},
    }
    assert User.objects.count() == users
    assert (
        not AccountMembership.objects.filter(account=tenant.account, role=Role.OWNER)
        .exclude(user=tenant.owner)
        .exists()
    )


def test_owner_can_add_another_owner(tenant: Tenant):
    response = tenant.client.post(
        URL, {"email": "co-owner@example.com", "role": "owner", "password": NEW_PASSWORD}, format="json"
    )

    assert response.status_code == 201
    assert response.json()["data"]["role"] == "owner"


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER])
def test_editors_and_viewers_cannot_add_members(tenant: Tenant, role: str):
    _, client = tenant.member(role)
    users = User.objects.count()

    response = client.post(URL, {"email": "x@example.com", "role": "viewer", "password": NEW_PASSWORD}, format="json")

    assert response.status_code == 403
    assert without_request_id(response) == refused_role(role)
    assert User.objects.count() == users


# --- Change role ---------------------------------------------------------------------------


def test_owner_changes_a_role_and_audits(tenant: Tenant):
    editor, _ = tenant.member(Role.EDITOR)
    membership = membership_of(tenant, editor)

    response = tenant.client.patch(detail(membership.pk), {"role": "viewer"}, format="json")

    assert response.status_code == 200
    body = without_request_id(response)
    assert body["success"] is True
    assert body["message"] == "Role updated."
    assert (body["data"]["id"], body["data"]["role"]) == (membership.pk, "viewer")
    membership.refresh_from_db()
    assert membership.role == Role.VIEWER
    audit = AuditLog.objects.get(action="member.role_changed")
    assert audit.changes == {"role": ["editor", "viewer"]}
    assert audit.object_id == str(membership.pk)


def test_setting_the_same_role_writes_no_audit(tenant: Tenant):
    editor, _ = tenant.member(Role.EDITOR)

    response = tenant.client.patch(detail(membership_of(tenant, editor).pk), {"role": "editor"}, format="json")

    assert response.status_code == 200
    assert not AuditLog.objects.exists()


def test_owner_promotes_to_owner_and_demotes_a_second_owner(tenant: Tenant):
    editor, _ = tenant.member(Role.EDITOR)
    membership = membership_of(tenant, editor)

    assert tenant.client.patch(detail(membership.pk), {"role": "owner"}, format="json").status_code == 200
    assert tenant.client.patch(detail(membership.pk), {"role": "admin"}, format="json").status_code == 200
    membership.refresh_from_db()
    assert membership.role == Role.ADMIN


@pytest.mark.parametrize("actor_role", [Role.OWNER, Role.ADMIN])
def test_primary_owner_cannot_be_demoted(tenant: Tenant, actor_role: str):
    _, client = tenant.member(actor_role)
    primary = membership_of(tenant, tenant.owner)
    before = snapshot(primary)

    for client_ in (client, tenant.client):
        response = client_.patch(detail(primary.pk), {"role": "admin"}, format="json")
        assert response.status_code == 409
        assert without_request_id(response) == {
            "success": False,
            "error": "The account's primary owner cannot be removed or demoted.",
            "errors": {},
        }
    assert snapshot(primary) == before
    assert not AuditLog.objects.exists()


def test_admin_cannot_change_an_owner(tenant: Tenant):
    _, admin = tenant.member(Role.ADMIN)
    owner = second_owner(tenant)
    before = snapshot(owner)

    response = admin.patch(detail(owner.pk), {"role": "viewer"}, format="json")

    assert response.status_code == 403
    assert without_request_id(response) == {
        "success": False,
        "error": "An admin cannot change an owner.",
        "errors": {},
    }
    assert snapshot(owner) == before


def test_admin_cannot_promote_to_owner(tenant: Tenant):
    _, admin = tenant.member(Role.ADMIN)
    editor, _ = tenant.member(Role.EDITOR)
    membership = membership_of(tenant, editor)
    before = snapshot(membership)

    response = admin.patch(detail(membership.pk), {"role": "owner"}, format="json")

    assert response.status_code == 403
    assert response.json()["error"] == "An admin cannot grant the owner role."
    assert snapshot(membership) == before


def test_admin_changes_other_admins_and_editors(tenant: Tenant):
    _, admin = tenant.member(Role.ADMIN)
    other_admin, _ = tenant.member(Role.ADMIN)
    membership = membership_of(tenant, other_admin)

    response = admin.patch(detail(membership.pk), {"role": "editor"}, format="json")

    assert response.status_code == 200
    membership.refresh_from_db()
    assert membership.role == Role.EDITOR


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER])
def test_editors_and_viewers_cannot_change_roles(tenant: Tenant, role: str):
    user, client = tenant.member(role)
    target, _ = tenant.member(Role.VIEWER)
    before = snapshot(membership_of(tenant, target))

    for pk in (membership_of(tenant, target).pk, membership_of(tenant, user).pk):
        response = client.patch(detail(pk), {"role": "admin"}, format="json")
        assert response.status_code == 403
        assert without_request_id(response) == refused_role(role)
    assert snapshot(membership_of(tenant, target)) == before
    assert membership_of(tenant, user).role == role


@pytest.mark.parametrize(
    ("payload", "message"),
    [({"role": "boss"}, '"boss" is not a valid choice.'), ({}, "This field is required.")],
)
def test_patch_with_bad_role_is_400_naming_role(tenant: Tenant, payload: dict, message: str):
    editor, _ = tenant.member(Role.EDITOR)
    membership = membership_of(tenant, editor)
    before = snapshot(membership)

    response = tenant.client.patch(detail(membership.pk), payload, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"role": [message]}
    assert snapshot(membership) == before


def test_malformed_json_on_patch_changes_nothing(tenant: Tenant):
    editor, _ = tenant.member(Role.EDITOR)
    membership = membership_of(tenant, editor)
    before = snapshot(membership)

    response = tenant.client.patch(detail(membership.pk), data="{bad", content_type="application/json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["body"]
    assert snapshot(membership) == before


# --- Remove --------------------------------------------------------------------------------


def test_remove_deletes_membership_and_this_accounts_site_access_only(tenant: Tenant, stranger: Tenant):
    second_site = SiteFactory.create(account=tenant.account)
    editor, _ = tenant.member(Role.EDITOR, sites=[tenant.site, second_site])
    MembershipFactory.create(account=stranger.account, user=editor, role=Role.VIEWER)
    SiteUserAccess.objects.create(user=editor, site=stranger.site, account=stranger.account)
    membership = membership_of(tenant, editor)

    response = tenant.client.delete(detail(membership.pk))

    assert response.status_code == 200
    assert without_request_id(response) == {"success": True, "data": None, "message": "Removed from the account."}
    assert not AccountMembership.objects.filter(pk=membership.pk).exists()
    assert User.objects.filter(pk=editor.pk).exists()
    assert not SiteUserAccess.objects.filter(user=editor, account=tenant.account).exists()
    assert list(SiteUserAccess.objects.filter(user=editor).values_list("site_id", flat=True)) == [stranger.site.pk]
    assert AccountMembership.objects.filter(account=stranger.account, user=editor).exists()
    audit = AuditLog.objects.get(action="member.removed")
    assert (audit.account, audit.actor, audit.object_type, audit.object_id) == (
        tenant.account,
        tenant.owner,
        "AccountMembership",
        str(membership.pk),
    )
    assert audit.changes == {"user": editor.pk, "role": "editor"}


def test_removed_member_loses_access(tenant: Tenant):
    editor, client = tenant.member(Role.EDITOR, sites=[tenant.site])

    tenant.client.delete(detail(membership_of(tenant, editor).pk))

    response = client.get("/api/v1/auth/sites/")
    assert response.status_code == 403
    assert response.json()["error"] == "Your user does not belong to any account."


@pytest.mark.parametrize("actor_role", [Role.OWNER, Role.ADMIN])
def test_primary_owner_cannot_be_removed(tenant: Tenant, actor_role: str):
    _, client = tenant.member(actor_role)
    primary = membership_of(tenant, tenant.owner)

    response = client.delete(detail(primary.pk))

    assert response.status_code == 409
    assert without_request_id(response) == {
        "success": False,
        "error": "The account's primary owner cannot be removed or demoted.",
        "errors": {},
    }
    assert AccountMembership.objects.filter(pk=primary.pk).exists()
    assert not AuditLog.objects.exists()


def test_admin_cannot_remove_an_owner(tenant: Tenant):
    _, admin = tenant.member(Role.ADMIN)
    owner = second_owner(tenant)
    SiteUserAccess.objects.create(user=owner.user, site=tenant.site, account=tenant.account)

    response = admin.delete(detail(owner.pk))

    assert response.status_code == 403
    assert response.json()["error"] == "An admin cannot change an owner."
    assert AccountMembership.objects.filter(pk=owner.pk).exists()
    assert SiteUserAccess.objects.filter(user=owner.user, site=tenant.site).exists()


def test_owner_removes_a_second_owner(tenant: Tenant):
    owner = second_owner(tenant)

    assert tenant.client.delete(detail(owner.pk)).status_code == 200
    assert not AccountMembership.objects.filter(pk=owner.pk).exists()


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER])
def test_editors_and_viewers_cannot_remove_members(tenant: Tenant, role: str):
    _, client = tenant.member(role)
    target, _ = tenant.member(Role.VIEWER)
    count = AccountMembership.objects.count()

    response = client.delete(detail(membership_of(tenant, target).pk))

    assert response.status_code == 403
    assert without_request_id(response) == refused_role(role)
    assert AccountMembership.objects.count() == count


# --- Cross-tenant --------------------------------------------------------------------------


def test_strangers_membership_is_indistinguishable_from_a_missing_one(tenant: Tenant, stranger: Tenant):
    stranger_editor, _ = stranger.member(Role.EDITOR, sites=[stranger.site])
    theirs = membership_of(stranger, stranger_editor)
    missing = AccountMembership.objects.order_by("-pk").values_list("pk", flat=True)[0] + 1000
    before = snapshot(theirs)
    access = SiteUserAccess.objects.count()

    for pk in (theirs.pk, missing, membership_of(stranger, stranger.owner).pk):
        for response in (
            tenant.client.get(detail(pk)),
            tenant.client.patch(detail(pk), {"role": "viewer"}, format="json"),
            tenant.client.patch(detail(pk), {"role": "bogus"}, format="json"),
            tenant.client.delete(detail(pk)),
        ):
            assert response.status_code == 404
            assert without_request_id(response) == NOT_FOUND

    assert snapshot(theirs) == before
    assert SiteUserAccess.objects.count() == access
    assert not AuditLog.objects.exists()


def test_put_is_not_offered_for_members_or_for_strangers(tenant: Tenant, stranger: Tenant):
    theirs = membership_of(stranger, stranger.owner)
    ours = membership_of(tenant, tenant.owner)
    before = (snapshot(theirs), snapshot(ours))

    bodies = []
    for pk in (theirs.pk, ours.pk):
        response = tenant.client.put(detail(pk), {"role": "viewer"}, format="json")
        assert response.status_code == 405
        bodies.append(without_request_id(response))

    assert bodies[0] == bodies[1] == {"success": False, "error": 'Method "PUT" not allowed.', "errors": {}}
    assert (snapshot(theirs), snapshot(ours)) == before


def test_strangers_members_never_appear_in_the_list(tenant: Tenant, stranger: Tenant):
    stranger_editor, _ = stranger.member(Role.EDITOR)

    body = tenant.client.get(URL).json()

    emails = [m["user"]["email"] for m in body["results"]]
    assert emails == [tenant.owner.email]
    assert stranger_editor.email not in emails
    assert stranger.owner.email not in emails


def test_adding_an_admin_with_sites_grants_nothing_because_admins_see_every_site(tenant: Tenant):
    response = tenant.client.post(
        "/api/v1/auth/users/",
        {"email": "boss@example.com", "role": "admin", "password": PASSWORD, "sites": [tenant.site.pk]},
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["data"]["site_ids"] is None
    assert SiteUserAccess.objects.filter(user__email="boss@example.com").count() == 0
