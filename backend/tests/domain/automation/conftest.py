from tests.automation_support import sent
from tests.publishing_support import allow_private, storage_dir

__all__ = ["allow_private", "sent", "storage_dir"]
