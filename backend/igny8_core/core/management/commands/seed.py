from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from igny8_core.core.seeding import demo_account_seed, reference_data_seed


class Command(BaseCommand):
    help = "Seed plans, credit costs, industries and (unless IGNY8_SEED_DEMO=0) the demo login. Idempotent."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--no-demo", action="store_true", help="Skip the demo account.")

    def handle(self, *args: Any, **options: Any) -> None:
        created = reference_data_seed()
        self.stdout.write("Reference data: " + ", ".join(f"{k} +{v}" for k, v in created.items()))
        if settings.IGNY8_SEED_DEMO and not options["no_demo"]:
            demo = demo_account_seed()
            self.stdout.write(self.style.SUCCESS(f"Demo login: {demo['email']} / {demo['password']}"))
