"""Encryption at rest for credentials (API keys, integration passwords).

Keys come from ``IGNY8_ENCRYPTION_KEYS`` (comma-separated Fernet keys; the first encrypts,
all decrypt, so a key can be rotated in without downtime: add the new key first, run
``manage.py rotate_encryption_keys``, then drop the old one). Without it, one key is
derived from SECRET_KEY with HKDF so an embedded install works out of the box.
"""

from __future__ import annotations

import base64
import json
import os
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


class DecryptionError(Exception):
    """The ciphertext was made with a key we no longer have (or was tampered with)."""


def _derived_key() -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"igny8-credentials", info=b"fernet-v1")
    return base64.urlsafe_b64encode(hkdf.derive(settings.SECRET_KEY.encode()))


@lru_cache(maxsize=1)
def _fernet() -> MultiFernet:
    raw = os.environ.get("IGNY8_ENCRYPTION_KEYS", "")
    keys = [k.strip().encode() for k in raw.split(",") if k.strip()] or [_derived_key()]
    return MultiFernet([Fernet(k) for k in keys])


def reset_key_cache() -> None:
    _fernet.cache_clear()


def encrypt_str(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt_str(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise DecryptionError("Stored credentials cannot be decrypted with the configured keys.") from None


def encrypt_json(value: dict[str, Any]) -> str:
    return encrypt_str(json.dumps(value, separators=(",", ":"), sort_keys=True)) if value else ""


def decrypt_json(token: str) -> dict[str, Any]:
    return json.loads(decrypt_str(token)) if token else {}


def rotate_token(token: str) -> str:
    return _fernet().rotate(token.encode()).decode() if token else token
