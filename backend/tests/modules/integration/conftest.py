from tests.publishing_support import allow_private, storage_dir

__all__ = ["allow_private", "storage_dir"]
