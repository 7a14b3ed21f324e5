"""Importing this package registers every AI function."""

from igny8_core.infrastructure.ai.functions import (
    auto_cluster,
    generate_content,
    generate_ideas,
    generate_image_prompts,
    generate_images,
)

__all__ = ["auto_cluster", "generate_content", "generate_ideas", "generate_image_prompts", "generate_images"]
