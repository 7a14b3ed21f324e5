"""Key rotation: credentials saved under the old key are readable after rotation with only the new key."""

from __future__ import annotations

from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command

from igny8_core.domain.ai.models import AISettings
from igny8_core.shared.utils import crypto
from tests.conftest import Tenant

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_key_cache() -> Any:
    yield
    crypto.reset_key_cache()  # the env var is restored by monkeypatch; drop keys cached from it


def use_keys(monkeypatch: Any, *keys: bytes) -> None:
    monkeypatch.setenv("IGNY8_ENCRYPTION_KEYS", ",".join(k.decode() for k in keys))
    crypto.reset_key_cache()


def test_rotation_moves_credentials_to_the_new_key(tenant: Tenant, monkeypatch: Any):
    old, new = Fernet.generate_key(), Fernet.generate_key()
    use_keys(monkeypatch, old)
    row = AISettings.objects.create(
        account=tenant.account, credentials_encrypted=crypto.encrypt_json({"openai": "sk-1"})
    )

    use_keys(monkeypatch, new, old)
    call_command("rotate_encryption_keys")
    use_keys(monkeypatch, new)

    row.refresh_from_db()
    assert "sk-1" not in row.credentials_encrypted
    assert crypto.decrypt_json(row.credentials_encrypted) == {"openai": "sk-1"}


def test_without_the_key_decryption_fails_clearly(tenant: Tenant, monkeypatch: Any):
    use_keys(monkeypatch, Fernet.generate_key())
    token = crypto.encrypt_str("secret")
    use_keys(monkeypatch, Fernet.generate_key())

    with pytest.raises(crypto.DecryptionError, match="cannot be decrypted with the configured keys"):
        crypto.decrypt_str(token)
