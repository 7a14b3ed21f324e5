"""Small helpers for services (HackSoft's ``model_update``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db.models import Model

M = TypeVar("M", bound=Model)


def model_update(*, instance: M, fields: Iterable[str], data: dict[str, Any]) -> tuple[M, dict[str, Any]]:
    """Set the given fields from data where present; save only what changed.

    Returns the instance and {field: [old, new]} for the audit log.
    """
    changes: dict[str, Any] = {}
    for field in fields:
        if field not in data:
            continue
        old = getattr(instance, field)
        new = data[field]
        if old != new:
            setattr(instance, field, new)
            changes[field] = [_plain(old), _plain(new)]
    if changes:
        instance.full_clean(exclude=[f.name for f in instance._meta.fields if f.name not in changes])
        update_fields = [*changes.keys()]
        if any(f.name == "updated_at" for f in instance._meta.fields):
            update_fields.append("updated_at")
        instance.save(update_fields=update_fields)
    return instance, changes


def _plain(value: Any) -> Any:
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)
