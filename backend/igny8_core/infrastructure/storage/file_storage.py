"""Per-site file storage (seed 6.2, 7.3): ``STORAGE_DIR/<site_id>/images/…``.

Every write checks the site's quota first (the plan's ``storage_quota_gb``, default 10 GB) and
raises StorageQuotaExceeded, writing nothing, when the file would not fit. Writes are atomic
(a temporary file in the same folder, then a rename), so a reader never sees half a file. Paths
are relative to the site's folder; anything that would leave it (``..``, absolute paths, symlinks
pointing out) is refused.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings

from igny8_core.core.auth.models import Site
from igny8_core.shared.exceptions import StorageQuotaExceeded, ValidationFailed

GB = 1024 * 1024 * 1024
_SAFE_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


@dataclass(frozen=True)
class StoredFile:
    relative_path: str
    size: int


class FileStorageService:
    def __init__(self, root: Path | None = None) -> None:
        self._root = root

    @property
    def root(self) -> Path:
        return Path(self._root if self._root is not None else settings.STORAGE_DIR).resolve()

    def get_site_storage_path(self, site_id: int) -> Path:
        if not isinstance(site_id, int) or isinstance(site_id, bool) or site_id < 1:
            raise ValidationFailed("A site id is needed to store files.")
        return self.root / str(site_id)

    def resolve(self, site_id: int, relative_path: str) -> Path:
        """The absolute path of ``relative_path`` inside the site's folder; refuses anything else."""
        if not relative_path or "\\" in relative_path or "\x00" in relative_path:
            raise ValidationFailed("Invalid file path.")
        pure = PurePosixPath(relative_path)
        if pure.is_absolute() or not all(_SAFE_PART.match(part) for part in pure.parts):
            raise ValidationFailed("Invalid file path.")
        base = self.get_site_storage_path(site_id)
        target = (base / pure).resolve()
        if not target.is_relative_to(base.resolve()) or target == base.resolve():
            raise ValidationFailed("Invalid file path.")
        return target

    def get_site_quota(self, site: Site) -> int:
        """Bytes the site may store: its account's plan quota (the plan's default is 10 GB)."""
        return int(site.account.plan.storage_quota_gb) * GB

    def get_site_storage_size(self, site_id: int) -> int:
        base = self.get_site_storage_path(site_id)
        total = 0
        for folder, _dirs, files in os.walk(base):
            for name in files:
                try:
                    total += (Path(folder) / name).lstat().st_size
                except FileNotFoundError:  # deleted while walking
                    continue
        return total

    def check_quota(self, site: Site, file_size: int, *, replacing: int = 0) -> None:
        """Raise StorageQuotaExceeded unless ``file_size`` more bytes fit (``replacing``: bytes freed)."""
        quota = self.get_site_quota(site)
        used = self.get_site_storage_size(site.pk)
        if used - replacing + file_size > quota:
            raise StorageQuotaExceeded(quota_bytes=quota, used_bytes=used, needed_bytes=file_size)

    def write(self, site: Site, relative_path: str, data: bytes) -> StoredFile:
        target = self.resolve(site.pk, relative_path)
        replacing = target.stat().st_size if target.is_file() else 0
        self.check_quota(site, len(data), replacing=replacing)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return StoredFile(relative_path=relative_path, size=len(data))

    def delete(self, site_id: int, relative_path: str) -> bool:
        """Remove a file; False when it was not there."""
        target = self.resolve(site_id, relative_path)
        try:
            target.unlink()
        except FileNotFoundError:
            return False
        return True

    def exists(self, site_id: int, relative_path: str) -> bool:
        return self.resolve(site_id, relative_path).is_file()


file_storage = FileStorageService()
