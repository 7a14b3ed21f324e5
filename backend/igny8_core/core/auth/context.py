"""The tenant scope of one request, resolved once at the API boundary."""

from __future__ import annotations

from dataclasses import dataclass

from igny8_core.core.auth.models import Account, AccountMembership, Role, User


@dataclass(frozen=True)
class TenantContext:
    user: User
    account: Account
    membership: AccountMembership
    # None means "every site of the account" (owner/admin); otherwise the granted site ids.
    site_ids: frozenset[int] | None

    @property
    def role(self) -> str:
        return self.membership.role

    def has_role(self, minimum: str) -> bool:
        return self.membership.has_role(minimum)

    def can_access_site(self, site_id: int) -> bool:
        return self.site_ids is None or site_id in self.site_ids

    @property
    def is_admin(self) -> bool:
        return self.has_role(Role.ADMIN)
