"""Abstract bases every tenant-owned model inherits (seed 10.9).

``AccountBaseModel`` carries the owning account. ``SiteSectorBaseModel`` adds site and
sector; its account is always its site's account and its sector must belong to its site.
These are integrity invariants enforced on every save, not business rules.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models


class AccountBaseModel(models.Model):
    account = models.ForeignKey("igny8_auth.Account", on_delete=models.CASCADE, related_name="+", db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class SiteSectorBaseModel(AccountBaseModel):
    site = models.ForeignKey("igny8_auth.Site", on_delete=models.CASCADE, related_name="+", db_index=True)
    sector = models.ForeignKey(
        "igny8_auth.Sector", on_delete=models.CASCADE, related_name="+", null=True, blank=True, db_index=True
    )

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.enforce_tenant_invariants()
        super().save(*args, **kwargs)

    def enforce_tenant_invariants(self) -> None:
        self.account_id = self.site.account_id
        if (
            getattr(self, "sector_id", None) is not None
            and self.sector is not None
            and self.sector.site_id != self.site.pk
        ):
            raise ValidationError({"sector": ["This sector does not belong to the selected site."]})
