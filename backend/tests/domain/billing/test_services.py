"""Credits: cost table, deduct (exact, atomic, idempotent, concurrent), add, top-up, monthly grant."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from django.db import connections

from igny8_core.core.auth.models import Account, AuditLog
from igny8_core.domain.billing.models import CreditCostConfig, CreditTransaction, CreditUsageLog
from igny8_core.domain.billing.services import (
    billing_period,
    credit_cost_calculate,
    credits_add,
    credits_check,
    credits_deduct,
    credits_replenish_monthly,
    credits_topup,
)
from igny8_core.shared.exceptions import InsufficientCreditsError, NotFoundError, ValidationFailed
from tests.conftest import Tenant
from tests.factories import AccountFactory, PlanFactory, UserFactory

pytestmark = pytest.mark.django_db


def balance(account: Account) -> int:
    return Account.objects.values_list("credits", flat=True).get(pk=account.pk)


# --- credit_cost_calculate ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("operation_type", "kwargs", "expected"),
    [
        # per_request: 10 per request, whatever the quantity or words.
        ("clustering", {}, 10),
        ("clustering", {"quantity": 7, "words": 900}, 10),
        ("site_structure_generation", {}, 50),
        # per_item: cost × quantity.
        ("idea_generation", {"quantity": 1}, 15),
        ("idea_generation", {"quantity": 3}, 45),
        ("image_generation", {"quantity": 4}, 20),
        ("site_page_generation", {"quantity": 2}, 40),
        ("idea_generation", {"quantity": 0}, 0),
        # per_100_words: rounded up, at least one unit.
        ("content_generation", {"words": 250}, 3),
        ("content_generation", {"words": 0}, 1),
        ("content_generation", {"words": 1}, 1),
        ("content_generation", {"words": 100}, 1),
        ("content_generation", {"words": 101}, 2),
        ("content_generation", {"words": 1000}, 10),
        ("content_generation", {"words": -50}, 1),
        # per_200_words: rounded up, at least one unit.
        ("optimization", {"words": 250}, 2),
        ("optimization", {"words": 0}, 1),
        ("optimization", {"words": 400}, 2),
        ("optimization", {"words": 401}, 3),
    ],
)
def test_credit_cost_calculate_for_every_unit(reference_data, operation_type, kwargs, expected):
    assert credit_cost_calculate(operation_type=operation_type, **kwargs) == expected


def test_credit_cost_calculate_multiplies_word_units_by_the_configured_cost(reference_data):
    CreditCostConfig.objects.filter(operation_type="content_generation").update(credits_cost=4)

    assert credit_cost_calculate(operation_type="content_generation", words=250) == 12
    assert credit_cost_calculate(operation_type="content_generation", words=0) == 4


def test_credit_cost_calculate_refuses_unknown_and_inactive_operations(reference_data):
    CreditCostConfig.objects.filter(operation_type="linking").update(is_active=False)

    with pytest.raises(NotFoundError) as unknown:
        credit_cost_calculate(operation_type="teleportation")
    with pytest.raises(NotFoundError) as inactive:
        credit_cost_calculate(operation_type="linking")

    assert unknown.value.message == "No credit cost is configured for teleportation."
    assert inactive.value.message == "No credit cost is configured for linking."


# --- credits_check / credits_deduct -----------------------------------------------------------


def test_credits_check_passes_at_exact_balance_and_refuses_one_more(tenant: Tenant):
    credits_check(account=tenant.account, amount=1000)

    with pytest.raises(InsufficientCreditsError) as exc:
        credits_check(account=tenant.account, amount=1001, operation_type="content_generation")

    assert (exc.value.required, exc.value.available) == (1001, 1000)
    assert exc.value.message == (
        "Not enough credits for content generation: 1001 needed, 1000 available. "
        "Top up or wait for your monthly credits."
    )
    assert balance(tenant.account) == 1000


def test_credits_deduct_writes_exact_transaction_and_usage_log(tenant: Tenant):
    tx = credits_deduct(
        account=tenant.account,
        amount=30,
        operation_type="idea_generation",
        description="Ideas for cluster 7",
        site=tenant.site,
        user=tenant.owner,
        related_object=tenant.sector,
        metadata={"model": "gpt-4o-mini", "tokens": 1234},
        reference="job:42",
    )

    assert balance(tenant.account) == 970
    assert tenant.account.credits == 970  # the caller's instance is kept in step
    tx.refresh_from_db()
    assert tx.account_id == tenant.account.pk
    assert tx.transaction_type == "deduction"
    assert tx.amount == -30
    assert tx.balance_after == 970
    assert tx.description == "Ideas for cluster 7"
    assert tx.reference == "job:42"
    assert tx.idempotency_key == ""
    assert tx.created_by_id == tenant.owner.pk
    assert tx.metadata == {"operation_type": "idea_generation"}
    log = CreditUsageLog.objects.get()
    assert log.transaction_id == tx.pk
    assert log.account_id == tenant.account.pk
    assert log.site_id == tenant.site.pk
    assert log.user_id == tenant.owner.pk
    assert log.operation_type == "idea_generation"
    assert log.credits_used == 30
    assert log.related_object_type == "Sector"
    assert log.related_object_id == str(tenant.sector.pk)
    assert log.metadata == {"model": "gpt-4o-mini", "tokens": 1234}


def test_credits_deduct_without_extras_uses_defaults(tenant: Tenant):
    tx = credits_deduct(account=tenant.account, amount=10, operation_type="site_page_generation")

    assert tx.description == "Site page generation"
    assert tx.created_by_id is None
    log = CreditUsageLog.objects.get(transaction=tx)
    assert (log.site_id, log.user_id, log.related_object_type, log.related_object_id, log.metadata) == (
        None,
        None,
        "",
        "",
        {},
    )


def test_credits_deduct_of_the_exact_balance_leaves_zero(tenant: Tenant):
    tx = credits_deduct(account=tenant.account, amount=1000, operation_type="clustering")

    assert balance(tenant.account) == 0
    assert (tx.amount, tx.balance_after) == (-1000, 0)


def test_credits_deduct_when_short_raises_and_changes_nothing(tenant: Tenant):
    credits_deduct(account=tenant.account, amount=995, operation_type="clustering")

    with pytest.raises(InsufficientCreditsError) as exc:
        credits_deduct(
            account=tenant.account,
            amount=6,
            operation_type="image_generation",
            site=tenant.site,
            user=tenant.owner,
        )

    assert (exc.value.required, exc.value.available) == (6, 5)
    assert exc.value.extra == {"required": 6, "available": 5}
    assert balance(tenant.account) == 5
    assert tenant.account.credits == 5
    assert CreditTransaction.objects.count() == 1
    assert CreditUsageLog.objects.count() == 1


def test_credits_deduct_never_goes_below_zero(tenant: Tenant):
    Account.objects.filter(pk=tenant.account.pk).update(credits=0)

    for amount in (1, 7, 1000):
        with pytest.raises(InsufficientCreditsError):
            credits_deduct(account=tenant.account, amount=amount, operation_type="clustering")

    assert balance(tenant.account) == 0
    assert CreditTransaction.objects.count() == 0
    assert CreditUsageLog.objects.count() == 0


@pytest.mark.parametrize("amount", [0, -5])
def test_credits_deduct_refuses_non_positive_amounts(tenant: Tenant, amount):
    with pytest.raises(ValidationFailed) as exc:
        credits_deduct(account=tenant.account, amount=amount, operation_type="clustering")

    assert exc.value.errors == {"amount": ["Must be > 0."]}
    assert balance(tenant.account) == 1000
    assert CreditTransaction.objects.count() == 0


def test_credits_deduct_with_idempotency_key_charges_once_and_returns_the_same_transaction(tenant: Tenant):
    first = credits_deduct(account=tenant.account, amount=40, operation_type="linking", idempotency_key="job:9:linking")
    second = credits_deduct(
        account=tenant.account, amount=40, operation_type="linking", idempotency_key="job:9:linking"
    )

    assert second.pk == first.pk
    assert (second.amount, second.balance_after) == (-40, 960)
    assert balance(tenant.account) == 960
    assert CreditTransaction.objects.count() == 1
    assert CreditUsageLog.objects.count() == 1


def test_idempotent_repeat_returns_the_first_transaction_even_when_the_balance_is_now_short(tenant: Tenant):
    first = credits_deduct(account=tenant.account, amount=600, operation_type="clustering", idempotency_key="k1")

    again = credits_deduct(account=tenant.account, amount=600, operation_type="clustering", idempotency_key="k1")

    assert again.pk == first.pk
    assert balance(tenant.account) == 400


def test_idempotency_keys_are_per_account(tenant: Tenant, stranger: Tenant):
    mine = credits_deduct(account=tenant.account, amount=5, operation_type="clustering", idempotency_key="same")
    theirs = credits_deduct(account=stranger.account, amount=5, operation_type="clustering", idempotency_key="same")

    assert mine.pk != theirs.pk
    assert balance(tenant.account) == 995
    assert balance(stranger.account) == 995


# --- credits_add / credits_topup ---------------------------------------------------------------


def test_credits_add_writes_signed_transaction_with_exact_balance(tenant: Tenant):
    tx = credits_add(
        account=tenant.account,
        amount=250,
        transaction_type="refund",
        description="Refund for failed job",
        user=tenant.owner,
        reference="job:3",
        metadata={"job_id": 3},
    )

    assert balance(tenant.account) == 1250
    assert tenant.account.credits == 1250
    tx.refresh_from_db()
    assert (tx.transaction_type, tx.amount, tx.balance_after) == ("refund", 250, 1250)
    assert (tx.description, tx.reference, tx.created_by_id, tx.metadata) == (
        "Refund for failed job",
        "job:3",
        tenant.owner.pk,
        {"job_id": 3},
    )
    assert CreditUsageLog.objects.count() == 0


def test_credits_add_defaults_the_description_to_the_type_label(tenant: Tenant):
    tx = credits_add(account=tenant.account, amount=1, transaction_type="adjustment")

    assert tx.description == "Adjustment"


def test_credits_add_refuses_deductions_and_non_positive_amounts(tenant: Tenant):
    with pytest.raises(ValidationFailed) as deduction:
        credits_add(account=tenant.account, amount=5, transaction_type="deduction")
    with pytest.raises(ValidationFailed) as zero:
        credits_add(account=tenant.account, amount=0, transaction_type="topup")

    assert deduction.value.message == "Use credits_deduct to spend credits."
    assert zero.value.errors == {"amount": ["Must be > 0."]}
    assert balance(tenant.account) == 1000
    assert CreditTransaction.objects.count() == 0


def test_credits_add_with_idempotency_key_adds_once(tenant: Tenant):
    first = credits_add(account=tenant.account, amount=100, transaction_type="adjustment", idempotency_key="fix-1")
    second = credits_add(account=tenant.account, amount=100, transaction_type="adjustment", idempotency_key="fix-1")

    assert second.pk == first.pk
    assert balance(tenant.account) == 1100
    assert CreditTransaction.objects.count() == 1


def test_credits_topup_adds_credits_and_writes_an_audit_row(tenant: Tenant):
    admin = UserFactory.create(is_superuser=True)

    tx = credits_topup(account_id=tenant.account.pk, amount=500, description="Invoice 1001", actor=admin)

    assert balance(tenant.account) == 1500
    assert (tx.transaction_type, tx.amount, tx.balance_after) == ("topup", 500, 1500)
    assert (tx.description, tx.created_by_id) == ("Invoice 1001", admin.pk)
    audit = AuditLog.objects.get(action="credits.topup")
    assert audit.account_id == tenant.account.pk
    assert audit.actor_id == admin.pk
    assert (audit.object_type, audit.object_id) == ("CreditTransaction", str(tx.pk))
    assert audit.changes == {"amount": 500, "balance_after": 1500}


def test_credits_topup_of_an_unknown_account_is_not_found_and_writes_nothing(tenant: Tenant):
    admin = UserFactory.create(is_superuser=True)

    with pytest.raises(NotFoundError) as exc:
        credits_topup(account_id=987654, amount=500, description="", actor=admin)

    assert exc.value.errors == {"account_id": ["No such account."]}
    assert CreditTransaction.objects.count() == 0
    assert AuditLog.objects.filter(action="credits.topup").count() == 0


# --- monthly replenishment ----------------------------------------------------------------------

MARCH = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)
APRIL = datetime(2026, 4, 1, 0, 0, tzinfo=UTC)


def test_billing_period_is_the_utc_month():
    assert billing_period(MARCH) == "2026-03"
    assert billing_period(datetime(2026, 3, 31, 23, 59, 59, tzinfo=UTC)) == "2026-03"
    assert billing_period(APRIL) == "2026-04"


def test_replenish_monthly_twice_in_a_month_adds_once_and_again_next_month(db):
    account = AccountFactory.create(credits=0)

    assert credits_replenish_monthly(now=MARCH) == {"granted": 1, "skipped": 0}
    assert credits_replenish_monthly(now=MARCH.replace(day=28)) == {"granted": 0, "skipped": 1}
    assert balance(account) == 1000
    march = CreditTransaction.objects.get(account=account)
    assert (march.transaction_type, march.amount, march.balance_after) == ("subscription", 1000, 1000)
    assert (march.idempotency_key, march.reference) == ("monthly:2026-03", "plan:free")
    assert march.description == "Free plan credits for 2026-03"

    assert credits_replenish_monthly(now=APRIL) == {"granted": 1, "skipped": 0}
    assert credits_replenish_monthly(now=APRIL) == {"granted": 0, "skipped": 1}
    assert balance(account) == 2000
    keys = list(
        CreditTransaction.objects.filter(account=account).order_by("id").values_list("idempotency_key", flat=True)
    )
    assert keys == ["monthly:2026-03", "monthly:2026-04"]


def test_replenish_monthly_skips_suspended_and_cancelled_accounts_and_zero_credit_plans(db):
    active = AccountFactory.create(credits=0)
    suspended = AccountFactory.create(credits=0, status=Account.Status.SUSPENDED)
    cancelled = AccountFactory.create(credits=0, status=Account.Status.CANCELLED)
    zero = AccountFactory.create(credits=0, plan=PlanFactory.create(slug="zero", name="Zero", monthly_credits=0))
    starter = AccountFactory.create(
        credits=3, plan=PlanFactory.create(slug="starter", name="Starter", monthly_credits=5000)
    )

    assert credits_replenish_monthly(now=MARCH) == {"granted": 2, "skipped": 0}

    assert balance(active) == 1000
    assert balance(starter) == 5003
    assert balance(suspended) == 0
    assert balance(cancelled) == 0
    assert balance(zero) == 0
    assert set(CreditTransaction.objects.values_list("account_id", flat=True)) == {active.pk, starter.pk}


# --- concurrency ------------------------------------------------------------------------------------


def _deduct_from_threads(account_id: int, *, threads: int, amount: int) -> tuple[list[CreditTransaction], list[int]]:
    """``threads`` threads, each with its own connection, deduct ``amount`` at the same moment.

    Returns the transactions that succeeded and the balances reported by refusals.
    """
    start = threading.Barrier(threads)
    lock = threading.Lock()
    succeeded: list[CreditTransaction] = []
    refused: list[int] = []
    unexpected: list[BaseException] = []

    def run() -> None:
        try:
            account = Account.objects.get(pk=account_id)  # opens this thread's own connection
            start.wait(timeout=30)
            try:
                tx = credits_deduct(account=account, amount=amount, operation_type="clustering")
            except InsufficientCreditsError as exc:
                with lock:
                    refused.append(exc.available)
            else:
                with lock:
                    succeeded.append(tx)
        except BaseException as exc:
            with lock:
                unexpected.append(exc)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert not any(worker.is_alive() for worker in workers)
    assert unexpected == []
    return succeeded, refused


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_deductions_are_all_applied_exactly():
    account = AccountFactory.create(credits=1000)

    succeeded, refused = _deduct_from_threads(account.pk, threads=50, amount=7)

    assert refused == []
    assert len(succeeded) == 50
    assert balance(account) == 1000 - 350
    transactions = CreditTransaction.objects.filter(account=account)
    assert transactions.count() == 50
    assert sorted(transactions.values_list("balance_after", flat=True)) == sorted(1000 - 7 * k for k in range(1, 51))
    assert set(transactions.values_list("amount", flat=True)) == {-7}
    assert CreditUsageLog.objects.filter(account=account).count() == 50
    assert sorted(tx.balance_after for tx in succeeded) == sorted(1000 - 7 * k for k in range(1, 51))


@pytest.mark.django_db(transaction=True)
def test_concurrent_deductions_beyond_the_balance_stop_at_what_it_covers():
    account = AccountFactory.create(credits=100)

    succeeded, refused = _deduct_from_threads(account.pk, threads=50, amount=7)

    assert len(succeeded) == 14
    assert len(refused) == 36
    assert set(refused) == {2}  # every refusal saw the final, committed balance
    assert balance(account) == 2
    transactions = CreditTransaction.objects.filter(account=account)
    assert sorted(transactions.values_list("balance_after", flat=True)) == sorted(100 - 7 * k for k in range(1, 15))
    assert min(transactions.values_list("balance_after", flat=True)) >= 0
    assert CreditUsageLog.objects.filter(account=account).count() == 14
