"""FileStorageService: per-site folders, the plan's quota checked before every write (nothing
written when it would not fit), atomic writes, deletes, and no way out of the site's folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from igny8_core.core.auth.models import Plan
from igny8_core.infrastructure.storage.file_storage import GB, FileStorageService
from igny8_core.shared.exceptions import StorageQuotaExceeded, ValidationFailed
from tests.conftest import Tenant

pytestmark = pytest.mark.django_db


@pytest.fixture
def storage(settings: Any, tmp_path: Path) -> FileStorageService:
    settings.STORAGE_DIR = tmp_path / "storage"
    return FileStorageService()


def files_under(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_a_write_lands_in_the_sites_folder_atomically(storage: FileStorageService, tenant: Tenant):
    stored = storage.write(tenant.site, "images/7/1-2.webp", b"RIFF0000WEBP")

    assert (stored.relative_path, stored.size) == ("images/7/1-2.webp", 12)
    root = storage.root
    assert files_under(root) == [f"{tenant.site.pk}/images/7/1-2.webp"]  # no temporary file left behind
    assert (root / str(tenant.site.pk) / "images/7/1-2.webp").read_bytes() == b"RIFF0000WEBP"
    assert storage.get_site_storage_size(tenant.site.pk) == 12
    assert storage.exists(tenant.site.pk, "images/7/1-2.webp")


def test_the_quota_comes_from_the_plan_with_a_10_gb_default(storage: FileStorageService, tenant: Tenant):
    assert storage.get_site_quota(tenant.site) == Plan._meta.get_field("storage_quota_gb").default * GB == 10 * GB
    Plan.objects.filter(pk=tenant.account.plan_id).update(storage_quota_gb=3)
    tenant.site.account.plan.refresh_from_db()
    assert storage.get_site_quota(tenant.site) == 3 * GB


def test_a_write_that_would_pass_the_quota_writes_nothing(
    storage: FileStorageService, tenant: Tenant, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(storage, "get_site_quota", lambda site: 100)
    storage.write(tenant.site, "images/1/a.png", b"x" * 60)

    with pytest.raises(StorageQuotaExceeded) as info:
        storage.write(tenant.site, "images/1/b.png", b"y" * 41)

    assert info.value.status_code == 507
    assert (info.value.quota_bytes, info.value.used_bytes, info.value.needed_bytes) == (100, 60, 41)
    assert "storage is full" in info.value.message
    assert files_under(storage.root) == [f"{tenant.site.pk}/images/1/a.png"]
    storage.write(tenant.site, "images/1/b.png", b"y" * 40)  # exactly full is allowed
    # Replacing a file counts only the difference.
    storage.write(tenant.site, "images/1/b.png", b"z" * 40)
    assert storage.get_site_storage_size(tenant.site.pk) == 100


def test_sites_have_separate_folders_and_quotas(
    storage: FileStorageService, tenant: Tenant, stranger: Tenant, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(storage, "get_site_quota", lambda site: 10)
    storage.write(tenant.site, "images/a.png", b"1234567890")
    storage.write(stranger.site, "images/a.png", b"abcdefghij")  # the other site's usage is its own

    assert storage.get_site_storage_size(tenant.site.pk) == 10
    assert (storage.root / str(stranger.site.pk) / "images/a.png").read_bytes() == b"abcdefghij"
    assert storage.delete(tenant.site.pk, "images/a.png") is True
    assert storage.delete(tenant.site.pk, "images/a.png") is False
    assert files_under(storage.root) == [f"{stranger.site.pk}/images/a.png"]


@pytest.mark.parametrize(
    "path",
    ["../1/images/a.png", "images/../../a.png", "/etc/passwd", "images\\a.png", "", ".", "images/.hidden", "a\x00b"],
)
def test_paths_cannot_leave_the_sites_folder(storage: FileStorageService, tenant: Tenant, path: str):
    with pytest.raises(ValidationFailed):
        storage.write(tenant.site, path, b"x")
    with pytest.raises(ValidationFailed):
        storage.delete(tenant.site.pk, path)
    assert files_under(storage.root) == [] if storage.root.exists() else True


def test_a_symlink_out_of_the_site_folder_is_refused(storage: FileStorageService, tenant: Tenant, tmp_path: Path):
    outside = tmp_path / "outside"
    outside.mkdir()
    site_dir = storage.get_site_storage_path(tenant.site.pk)
    site_dir.mkdir(parents=True)
    (site_dir / "images").symlink_to(outside)

    with pytest.raises(ValidationFailed):
        storage.write(tenant.site, "images/a.png", b"x")
    assert list(outside.iterdir()) == []


def test_a_failed_write_leaves_no_temporary_file(
    storage: FileStorageService, tenant: Tenant, monkeypatch: pytest.MonkeyPatch
):
    import os

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk on fire")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk on fire"):
        storage.write(tenant.site, "images/a.png", b"data")
    assert files_under(storage.root) == []


def test_the_api_answers_a_full_quota_with_507_and_the_numbers():
    from igny8_core.core.api.exceptions import exception_handler

    response = exception_handler(StorageQuotaExceeded(quota_bytes=GB, used_bytes=GB - 1024, needed_bytes=2048), {})

    assert response.status_code == 507
    assert response.data == {
        "success": False,
        "error": "This site's storage is full: 1024.0 MB of 1.0 GB used, 2.0 KB more needed. "
        "Delete images or upgrade the plan for more storage.",
        "errors": {},
        "quota_bytes": GB,
        "used_bytes": GB - 1024,
        "needed_bytes": 2048,
    }
