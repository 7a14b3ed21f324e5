"""generate_image_prompts (being written; registers itself on import)."""
