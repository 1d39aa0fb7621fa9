"""The demo district's claims: a year across the colours and the members, mostly approved, some waiting,
rejected or corrected; the ledger written in bulk still sums to every balance; the same seed gives the
same claims; the activities the demo already turned into claims are not proposed again."""

import hashlib
import re
from collections import Counter

import pytest
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from zhenxing.core.models import LedgerAccount, LedgerEntry, WorkflowStep
from zhenxing.demo import generate
from zhenxing.orgs import access
from zhenxing.points.claims import services
from zhenxing.points.claims.models import Claim
from zhenxing.testing import factories

SCALE = 0.02
pytestmark = pytest.mark.django_db


def _digest() -> str:
    """What users see of the claims and the ledger, without database ids (PostgreSQL's sequences are not
    rolled back with a load, so ids differ between two loads of one seed)."""
    h = hashlib.sha256()
    claims = [(*row[:-1], (row[-1] or "").split(":")[0]) for row in Claim.objects.values_list(
        "code", "state", "points", "quantity", "occurred_on", "item__code", "household__number",
        "member__person__id_number_hash", "description", "source_ref")]
    entries = LedgerEntry.objects.values_list("account__book", "amount", "balance_after", "kind", "category",
                                              "memo", "occurred_on")
    entries = [(re.sub(r"^points\.\d+\.", "points.", row[0]), *row[1:]) for row in entries]  # no scheme id
    for rows in (claims, entries):
        for row in sorted(rows, key=repr):
            h.update(repr(row).encode())
    return h.hexdigest()


def _load_and_digest(seed: int) -> str:
    with transaction.atomic():
        generate.load_demo(seed=seed, scale=0.01)
        digest = _digest()
        transaction.set_rollback(True)
    return digest


def test_the_same_seed_gives_the_same_claims_and_another_does_not():
    # First in the module: the other tests share one district kept loaded until the module ends.
    first = _load_and_digest(21)
    assert _load_and_digest(21) == first
    assert _load_and_digest(22) != first


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield generate.load_demo(seed=7, scale=SCALE)
        transaction.set_rollback(True)


def test_a_year_of_claims_across_colours_members_and_states(demo):
    assert demo["points_claims"] == Claim.objects.count() > 1000
    states = Counter(Claim.objects.values_list("state", flat=True))
    assert states["approved"] > 0.75 * sum(states.values())
    assert min(states["proposed"], states["rejected"], states["reversed"]) > 0
    household = Claim.objects.filter(household__isnull=False)
    assert household.count() >= 100 and household.values("item__category__code").distinct().count() == 7
    generated = Claim.objects.filter(member__isnull=False, source_ref__startswith="governance.activityhours:")
    assert generated.exists()
    assert Claim.objects.filter(member__isnull=False, source_ref__isnull=True).exists()
    assert Claim.objects.filter(state__in=("approved", "reversed"), entry__isnull=True).count() == 0
    assert not Claim.objects.filter(state__in=("proposed", "rejected"), entry__isnull=False).exists()
    assert len(set(Claim.objects.values_list("code", flat=True))) == Claim.objects.count()
    steps = Counter(WorkflowStep.objects.filter(workflow="points.claim").values_list("transition", flat=True))
    assert steps["correct"] == states["reversed"] and steps["reject"] == states["rejected"]


def test_every_balance_is_the_sum_of_its_entries_and_never_below_the_floor(demo):
    sums = dict(LedgerEntry.objects.values_list("account").annotate(s=Sum("amount"))
                .values_list("account", "s"))
    accounts = list(LedgerAccount.objects.filter(book__startswith="points."))
    assert accounts and all(sums.get(a.pk, 0) == a.balance for a in accounts)
    assert all(a.floor is None or a.balance >= a.floor for a in accounts)
    # Running balances follow the posting order, and a member's year opens with the base.
    for account in accounts[:200]:
        running = 0
        for amount, after in LedgerEntry.objects.filter(account=account).order_by("pk").values_list(
                "amount", "balance_after"):
            running += amount
            assert after == running and after >= (account.floor or 0)
    member = next(a for a in accounts if a.holder.startswith("member:"))
    assert LedgerEntry.objects.filter(account=member).order_by("pk").first().kind == "opening"
    reversal = LedgerEntry.objects.filter(kind="reversal").select_related("reverses").first()
    assert reversal.amount == -reversal.reverses.amount


def test_the_activities_the_demo_turned_into_claims_are_not_proposed_again(demo):
    from datetime import timedelta

    from zhenxing.governance.teams.models import ActivityHours
    from zhenxing.orgs.models import OrgUnit

    county = OrgUnit.objects.get(code="210113000000")
    proposer = access.actor_for(factories.user("village_secretary", county))
    since = timezone.localdate() - timedelta(days=300)
    assert ActivityHours.objects.filter(activity__held_on__gte=since).exists()
    before = Claim.objects.count()
    result = services.propose_from_activities(actor=proposer, since=since)
    assert result.proposed == [] and Claim.objects.count() == before
