"""generate_images (being written; registers itself on import)."""
