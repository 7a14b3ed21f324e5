"""Re-encrypt every stored credential with the first key of IGNY8_ENCRYPTION_KEYS.

Rotation: put the new key first in IGNY8_ENCRYPTION_KEYS (keep the old one after it), restart,
run this command, then remove the old key.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from igny8_core.domain.ai.models import AISettings
from igny8_core.domain.publishing.models import SiteIntegration
from igny8_core.shared.utils.crypto import rotate_token


class Command(BaseCommand):
    help = "Re-encrypt stored credentials with the current primary encryption key."

    def handle(self, *args: Any, **options: Any) -> None:
        rotated = 0
        with transaction.atomic():
            for row in AISettings.objects.select_for_update().exclude(credentials_encrypted=""):
                row.credentials_encrypted = rotate_token(row.credentials_encrypted)
                row.save(update_fields=["credentials_encrypted"])
                rotated += 1
            for integration in SiteIntegration.objects.select_for_update().exclude(credentials_encrypted=""):
                integration.credentials_encrypted = rotate_token(integration.credentials_encrypted)
                integration.save(update_fields=["credentials_encrypted"])
                rotated += 1
        self.stdout.write(self.style.SUCCESS(f"Re-encrypted {rotated} credential record(s)."))
