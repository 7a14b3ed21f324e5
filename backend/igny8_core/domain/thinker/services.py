"""Thinker writes: author profiles and content strategies. One default per account and site."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import transaction

from igny8_core.core.auth.context import TenantContext
from igny8_core.domain.thinker.models import AuthorProfile, ContentStrategy
from igny8_core.shared.exceptions import ConflictError, ValidationFailed
from igny8_core.shared.utils.models import model_update

PROFILE_FIELDS = ("site", "name", "voice", "tone", "audience", "reading_level", "words_to_avoid", "is_default")
STRATEGY_FIELDS = (
    "site",
    "name",
    "default_structure",
    "target_word_count",
    "image_count",
    "cta_text",
    "cta_url",
    "is_default",
)


def _clean(model: type[AuthorProfile] | type[ContentStrategy], tenant: TenantContext, data: dict[str, Any]) -> None:
    site = data.get("site")
    if site is not None and site.account_id != tenant.account.pk:  # the serializer scopes sites; defence in depth
        raise ValidationFailed("site: Unknown site.", errors={"site": ["Unknown site."]})
    if "name" in data:
        data["name"] = data["name"].strip()
        if not data["name"]:
            raise ValidationFailed("name: The name cannot be empty.", errors={"name": ["The name cannot be empty."]})


def _check_name(
    model: type[AuthorProfile] | type[ContentStrategy], tenant: TenantContext, name: str, exclude: int | None
) -> None:
    clash = model.objects.filter(account=tenant.account, name__iexact=name)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        what = "an author profile" if model is AuthorProfile else "a strategy"
        raise ConflictError(
            f'The account already has {what} named "{name}".', errors={"name": ["This name is already used."]}
        )


def _unset_other_defaults(instance: AuthorProfile | ContentStrategy) -> None:
    """Only one default per account and site (site empty = the account-wide default)."""
    if instance.is_default:
        same_site = {"site": instance.site} if instance.site_id is not None else {"site__isnull": True}
        type(instance).objects.filter(account_id=instance.account_id, is_default=True, **same_site).exclude(
            pk=instance.pk
        ).update(is_default=False)


Setting = TypeVar("Setting", AuthorProfile, ContentStrategy)


def _setting_create(
    model: type[Setting], fields: tuple[str, ...], tenant: TenantContext, data: dict[str, Any]
) -> Setting:
    data = {k: v for k, v in data.items() if k in fields}
    _clean(model, tenant, data)
    _check_name(model, tenant, data["name"], None)
    row = model.objects.create(account=tenant.account, **data)
    _unset_other_defaults(row)
    return row


def _setting_update(row: Setting, fields: tuple[str, ...], tenant: TenantContext, data: dict[str, Any]) -> Setting:
    data = {k: v for k, v in data.items() if k in fields}
    _clean(type(row), tenant, data)
    if "name" in data:
        _check_name(type(row), tenant, data["name"], row.pk)
    row, _ = model_update(instance=row, fields=fields, data=data)
    _unset_other_defaults(row)
    return row


@transaction.atomic
def author_profile_create(*, tenant: TenantContext, data: dict[str, Any]) -> AuthorProfile:
    return _setting_create(AuthorProfile, PROFILE_FIELDS, tenant, data)


@transaction.atomic
def author_profile_update(*, tenant: TenantContext, profile: AuthorProfile, data: dict[str, Any]) -> AuthorProfile:
    return _setting_update(profile, PROFILE_FIELDS, tenant, data)


@transaction.atomic
def author_profile_delete(*, tenant: TenantContext, profile: AuthorProfile) -> None:
    profile.delete()  # tasks that chose it fall back to the defaults (SET_NULL)


@transaction.atomic
def strategy_create(*, tenant: TenantContext, data: dict[str, Any]) -> ContentStrategy:
    return _setting_create(ContentStrategy, STRATEGY_FIELDS, tenant, data)


@transaction.atomic
def strategy_update(*, tenant: TenantContext, strategy: ContentStrategy, data: dict[str, Any]) -> ContentStrategy:
    return _setting_update(strategy, STRATEGY_FIELDS, tenant, data)


@transaction.atomic
def strategy_delete(*, tenant: TenantContext, strategy: ContentStrategy) -> None:
    strategy.delete()
