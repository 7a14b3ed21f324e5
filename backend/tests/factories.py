"""factory_boy factories for tenancy objects."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import factory
from factory.django import DjangoModelFactory

from igny8_core.core.auth.models import (
    Account,
    AccountMembership,
    Industry,
    IndustrySector,
    Plan,
    Role,
    Sector,
    Site,
    SiteUserAccess,
    User,
)
from igny8_core.domain.content.models import Content, Tasks
from igny8_core.domain.planning.models import Clusters, ContentIdeas, Keywords
from igny8_core.domain.planning.text import normalize_keyword

PASSWORD = "correct-horse-battery-staple"


class PlanFactory(DjangoModelFactory[Plan]):
    class Meta:
        model = Plan
        django_get_or_create = ("slug",)

    name = "Free"
    slug = "free"
    monthly_credits = 1000
    price = Decimal("0")


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    first_name = "Test"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance: User, create: bool, results: Any = None) -> None:
        if create:
            instance.save()


class AccountFactory(DjangoModelFactory[Account]):
    """An account with its owner as an OWNER member."""

    class Meta:
        model = Account
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Account {n}")
    slug = factory.Sequence(lambda n: f"account-{n}")
    owner = factory.SubFactory(UserFactory)
    plan = factory.SubFactory(PlanFactory)
    credits = 1000

    @factory.post_generation
    def owner_membership(obj: Account, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            AccountMembership.objects.get_or_create(account=obj, user=obj.owner, defaults={"role": Role.OWNER})


class MembershipFactory(DjangoModelFactory[AccountMembership]):
    class Meta:
        model = AccountMembership

    account = factory.SubFactory(AccountFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.EDITOR


class IndustryFactory(DjangoModelFactory[Industry]):
    class Meta:
        model = Industry
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Industry {n}")
    slug = factory.Sequence(lambda n: f"industry-{n}")


class IndustrySectorFactory(DjangoModelFactory[IndustrySector]):
    class Meta:
        model = IndustrySector

    industry = factory.SubFactory(IndustryFactory)
    name = factory.Sequence(lambda n: f"Industry sector {n}")
    slug = factory.Sequence(lambda n: f"industry-sector-{n}")


class SiteFactory(DjangoModelFactory[Site]):
    class Meta:
        model = Site

    account = factory.SubFactory(AccountFactory)
    name = factory.Sequence(lambda n: f"Site {n}")
    slug = factory.Sequence(lambda n: f"site-{n}")
    domain = factory.Sequence(lambda n: f"site{n}.example.com")


class SectorFactory(DjangoModelFactory[Sector]):
    class Meta:
        model = Sector

    site = factory.SubFactory(SiteFactory)
    account = factory.SelfAttribute("site.account")
    name = factory.Sequence(lambda n: f"Sector {n}")
    slug = factory.Sequence(lambda n: f"sector-{n}")


class SiteUserAccessFactory(DjangoModelFactory[SiteUserAccess]):
    class Meta:
        model = SiteUserAccess

    site = factory.SubFactory(SiteFactory)
    account = factory.SelfAttribute("site.account")
    user = factory.SubFactory(UserFactory)


class ClusterFactory(DjangoModelFactory[Clusters]):
    """A cluster in a sector (site and account follow the sector)."""

    class Meta:
        model = Clusters

    sector = factory.SubFactory(SectorFactory)
    site = factory.SelfAttribute("sector.site")
    account = factory.SelfAttribute("sector.site.account")
    name = factory.Sequence(lambda n: f"Cluster {n}")
    source = "manual"


class KeywordFactory(DjangoModelFactory[Keywords]):
    """A keyword in a sector; ``normalized`` follows ``keyword``, ``status`` follows ``cluster``."""

    class Meta:
        model = Keywords

    sector = factory.SubFactory(SectorFactory)
    site = factory.SelfAttribute("sector.site")
    account = factory.SelfAttribute("sector.site.account")
    keyword = factory.Sequence(lambda n: f"keyword {n}")
    normalized = factory.LazyAttribute(lambda o: normalize_keyword(o.keyword))
    search_volume = 100
    difficulty = 10
    cpc = Decimal("0.50")
    intent = "informational"
    cluster = None
    status = factory.LazyAttribute(lambda o: "clustered" if o.cluster is not None else "new")


class ContentIdeaFactory(DjangoModelFactory[ContentIdeas]):
    class Meta:
        model = ContentIdeas

    sector = factory.SubFactory(SectorFactory)
    site = factory.SelfAttribute("sector.site")
    account = factory.SelfAttribute("sector.site.account")
    title = factory.Sequence(lambda n: f"Idea {n}")
    outline = factory.LazyFunction(lambda: [{"heading": "Intro", "points": ["Why it matters"]}])


class TaskFactory(DjangoModelFactory[Tasks]):
    class Meta:
        model = Tasks

    sector = factory.SubFactory(SectorFactory)
    site = factory.SelfAttribute("sector.site")
    account = factory.SelfAttribute("sector.site.account")
    title = factory.Sequence(lambda n: f"Task {n}")


class ContentFactory(DjangoModelFactory[Content]):
    class Meta:
        model = Content

    sector = factory.SubFactory(SectorFactory)
    site = factory.SelfAttribute("sector.site")
    account = factory.SelfAttribute("sector.site.account")
    title = factory.Sequence(lambda n: f"Content {n}")
    slug = factory.Sequence(lambda n: f"content-{n}")
    html = "<p>Hello world</p>"
    word_count = 2
