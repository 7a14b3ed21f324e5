"""generate_content (being written; registers itself on import)."""
