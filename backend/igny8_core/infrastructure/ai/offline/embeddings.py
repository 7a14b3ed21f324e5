"""Sentence embeddings (draft)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np


def embed_keywords(
    keywords: list[Any], progress: Callable[[float], None] | None = None
) -> tuple[np.ndarray, dict[str, int]]:
    raise NotImplementedError
