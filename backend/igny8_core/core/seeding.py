"""Idempotent seeding of reference data and the demo login (``manage.py seed``)."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from igny8_core.core.auth.models import (
    Industry,
    IndustrySector,
    Plan,
    Sector,
    Site,
    User,
)
from igny8_core.core.auth.seed_data import INDUSTRIES, PLANS
from igny8_core.domain.billing.models import CreditCostConfig
from igny8_core.domain.billing.seed_data import CREDIT_COSTS


@transaction.atomic
def reference_data_seed() -> dict[str, int]:
    """Create plans, credit costs and industries that are missing; never overwrite admin edits."""
    created = {"plans": 0, "credit_costs": 0, "industries": 0, "industry_sectors": 0}
    for plan in PLANS:
        _, made = Plan.objects.get_or_create(slug=plan["slug"], defaults=plan)
        created["plans"] += made
    for op, name, cost, unit, description in CREDIT_COSTS:
        _, made = CreditCostConfig.objects.get_or_create(
            operation_type=op,
            defaults={"display_name": name, "credits_cost": cost, "unit": unit, "description": description},
        )
        created["credit_costs"] += made
    for industry_name, sectors in INDUSTRIES.items():
        industry, made = Industry.objects.get_or_create(slug=slugify(industry_name), defaults={"name": industry_name})
        created["industries"] += made
        for sector_name in sectors:
            _, made = IndustrySector.objects.get_or_create(
                industry=industry, slug=slugify(sector_name), defaults={"name": sector_name}
            )
            created["industry_sectors"] += made
    return created


def demo_password_path() -> Any:
    return settings.DATA_DIR / "demo_password"


def demo_account_seed() -> dict[str, str]:
    """The demo login: a user owning "Demo Agency" with one site and sector, on the free plan.

    The password is generated once and kept in the data dir (0600), so a public
    instance never ships with a known password; ``IGNY8_DEMO_PASSWORD`` overrides it.
    """
    import os

    from igny8_core.core.auth.services import account_register

    email = settings.IGNY8_DEMO_EMAIL
    path = demo_password_path()
    password = os.environ.get("IGNY8_DEMO_PASSWORD") or (path.read_text().strip() if path.exists() else "")
    if not password:
        password = f"demo-{secrets.token_urlsafe(9)}"
        path.write_text(password)
        path.chmod(0o600)
    user = User.objects.filter(email=email).first()
    if user is None:
        with transaction.atomic():
            user, account = account_register(
                email=email, password=password, account_name="Demo Agency", first_name="Demo", last_name="User"
            )
            industry = Industry.objects.filter(slug="home-garden").first()
            site = Site.objects.create(
                account=account,
                name="Green Thumb Blog",
                slug="green-thumb-blog",
                domain="greenthumb.example",
                industry=industry,
                site_type="existing",
                hosting_type="wordpress",
            )
            industry_sector = IndustrySector.objects.filter(industry=industry, slug="gardening").first()
            Sector.objects.create(
                site=site, account=account, name="Gardening", slug="gardening", industry_sector=industry_sector
            )
    elif not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
    return {"email": email, "password": password}
