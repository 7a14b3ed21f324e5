from __future__ import annotations

from collections.abc import Callable

from django.utils.text import slugify


def unique_slug(value: str, *, exists: Callable[[str], bool], max_length: int = 200) -> str:
    """slugify(value), suffixed -2, -3… until ``exists`` says it is free."""
    base = (slugify(value) or "item")[:max_length]
    candidate, n = base, 2
    while exists(candidate):
        suffix = f"-{n}"
        candidate = f"{base[: max_length - len(suffix)]}{suffix}"
        n += 1
    return candidate
