"""Importing this package registers every AI function."""

from igny8_core.infrastructure.ai.functions import auto_cluster, generate_ideas

__all__ = ["auto_cluster", "generate_ideas"]
