"""The demo district's points claims (积分申报) since 2021: household 七色积分 entries across the colours and
party member entries (their team missions and volunteer hours, meetings, dues, deductions), a little more
each year (demo.history) — mostly approved, the last month's some still waiting, some rejected, a few
corrected by a reversing entry.

The ledger is written in bulk but exactly as core.ledger would post it: entries in posting order, each
with the balance after it, a member's year opening with the base points of their classification, a
deduction beyond the balance taken only to the floor, a correction as a reversing entry. So every
account's balance equals the sum of its entries.

Each year has its own accounts (points.accounts), a member's opening with the year's base. No year is
closed (积分排名与公示 closes them), so a household's carrying balance has not been brought forward yet.
Rows are written through demo.tables, with the time each was posted.

The schemes and their items are the district's defaults (demo/points_rules.py loads them first).
"""

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Max
from django.utils import timezone

from zhenxing.core.models import LedgerAccount, LedgerEntry, WorkflowStep
from zhenxing.demo import history
from zhenxing.demo.tables import Table
from zhenxing.governance.teams.models import ActivityHours
from zhenxing.orgs.models import OrgUnit
from zhenxing.people.models import Household, PartyMember
from zhenxing.points import accounts
from zhenxing.points.claims.models import Claim
from zhenxing.points.claims.posting import posting
from zhenxing.points.claims.workflows import CLAIM
from zhenxing.points.rules.models import Scheme
from zhenxing.points.rules.selectors import base_of, items_at

HOUSEHOLD_RATE = 0.04  # household claims in 2023 per household (more each year, demo.history)
MEMBER_RATE = 0.3  # claims in 2023 per party member besides their team activities
VILLAGER_CLAIMS = 2  # a year for each village's demo villager (demo/accounts.py), four in the current one

REASONS = ["佐证材料不足", "与实际情况不符", "重复申报", "不属于本条目范围"]
CORRECTIONS = ["录入对象有误", "经复核情况不实", "重复记分"]


@dataclass(slots=True)
class _Account:
    pk: int
    book: str
    holder: str
    scope_path: str
    floor: int | None
    opened_at: datetime
    balance: int = 0


@dataclass(slots=True)
class _Entry:
    pk: int
    account_id: int
    amount: int
    kind: str
    balance_after: int
    category: str
    memo: str
    ref: str
    occurred_on: date
    key: str | None
    reverses_id: int | None
    created_at: datetime


@dataclass(slots=True)
class _Claim:
    pk: int
    scheme: object
    item: object
    quantity: Decimal
    points: int
    occurred_on: date
    description: str
    source_ref: str | None
    path: str
    created_at: datetime
    member_id: int | None
    household_id: int | None
    state: str = "proposed"
    state_since: datetime | None = None
    code: str = ""
    entry_id: int | None = None


class _Ledger:
    """Accounts and entries built in memory exactly as core.ledger would post them, with given ids."""

    def __init__(self):
        self.accounts: dict[tuple[str, str], _Account] = {}
        self.by_id: dict[int, _Account] = {}
        self.entries: list[_Entry] = []
        self.next_account = (LedgerAccount.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        self.next_entry = (LedgerEntry.objects.aggregate(m=Max("pk"))["m"] or 0) + 1

    def account(self, book: str, holder: str, path: str, floor, at: datetime) -> tuple[_Account, bool]:
        key = (book, holder)
        if key in self.accounts:
            return self.accounts[key], False
        a = _Account(self.next_account, book, holder, path, floor, at)
        self.next_account += 1
        self.accounts[key] = self.by_id[a.pk] = a
        return a, True

    def post(self, account: _Account, amount: int, kind: str, *, category="", memo="", ref="", on: date,
             at: datetime, key=None, reverses: int | None = None) -> _Entry:
        account.balance += amount
        entry = _Entry(self.next_entry, account.pk, amount, kind, account.balance, category, memo[:200], ref,
                       on, key, reverses, at)
        self.next_entry += 1
        self.entries.append(entry)
        return entry

    def write(self) -> None:
        accounts, entries = Table(LedgerAccount), Table(LedgerEntry)
        for a in self.accounts.values():
            accounts.add(id=a.pk, book=a.book, holder=a.holder, scope_path=a.scope_path, floor=a.floor,
                         balance=a.balance, opened_at=a.opened_at)
        for e in self.entries:
            entries.add(id=e.pk, account_id=e.account_id, amount=e.amount, kind=e.kind,
                        balance_after=e.balance_after, category=e.category, memo=e.memo, ref=e.ref,
                        occurred_on=e.occurred_on, key=e.key, reverses_id=e.reverses_id,
                        created_at=e.created_at)
        accounts.write()
        entries.write()


def load(*, seed: int, county: OrgUnit, scale: float = 1.0) -> dict:
    rng = random.Random(f"zhenxing-demo:{seed}:points-claims")
    now = timezone.now()
    today = timezone.localdate()
    schemes = Scheme.objects.filter(org_unit=county, active=True).order_by("code")
    household_scheme = schemes.filter(subject="household").first()
    member_scheme = schemes.filter(subject="member").first()
    used = defaultdict(int)  # points per (holder, item, cap period): the demo stays within every cap

    def within_cap(holder, item, on: date, points) -> bool:
        if not item.cap or points <= 0:
            return True
        period = (holder, item.pk, *_cap_period(item, on))
        if used[period] + points > item.cap:
            return False
        used[period] += points
        return True

    plans = []  # (scheme, item, holder kind, holder pk, path, quantity, occurred_on, description, source_ref)
    yesterday = today - timedelta(days=1)
    if household_scheme is not None:
        items = [i for i in items_at(household_scheme, county.path, today) if not i.source]
        homes = list(Household.objects.filter(path__startswith=county.path).order_by("pk")
                     .values_list("pk", "path"))
        weights = [0.35 if i.points < 0 else 1.0 for i in items]
        for year, n in history.counts(len(homes) * HOUSEHOLD_RATE, yesterday, minimum=0).items():
            for _ in range(n if items else 0):
                pk, path = rng.choice(homes)
                item = rng.choices(items, weights)[0]
                on = history.day(rng, year, yesterday)
                if not within_cap(("household", pk), item, on, item.points):
                    continue
                plans.append((household_scheme, item, "household", pk, path, 1, on, item.name, None))
        # The first household of each village, whose head is the demo villager (demo/accounts.py), earns too.
        firsts = {}
        for pk, path, village_id in (Household.objects.filter(path__startswith=county.path)
                                     .order_by("number").values_list("pk", "path", "village_id")):
            firsts.setdefault(village_id, (pk, path))
        earning = [i for i in items if i.points > 0]
        for pk, path in firsts.values() if earning else ():
            for year in history.years(yesterday):
                for _ in range(VILLAGER_CLAIMS * (2 if year == today.year else 1)):
                    item, on = rng.choice(earning), history.day(rng, year, yesterday)
                    if within_cap(("household", pk), item, on, item.points):
                        plans.append((household_scheme, item, "household", pk, path, 1, on, item.name, None))
    members_by_person = {}
    if member_scheme is not None:
        members = list(PartyMember.objects.filter(path__startswith=county.path).order_by("pk")
                       .values_list("pk", "path", "classification", "person_id"))
        members_by_person = {m[3]: m for m in members}
        items = items_at(member_scheme, county.path, today)
        by_source = {i.source: i for i in items if i.source}
        manual = [i for i in items if not i.source]
        weights = [0.15 if i.points < 0 else 1.0 for i in manual]
        hours = ActivityHours.objects.filter(activity__held_on__lt=today,
                                             person_id__in=list(members_by_person)).order_by("pk")
        for h_pk, person_id, hours_value, kind, title, held_on in hours.values_list(
                "pk", "person_id", "hours", "activity__kind", "activity__title", "activity__held_on"):
            item = by_source.get(kind)
            if item is None:
                continue
            m = members_by_person[person_id]
            quantity = hours_value if item.unit == "hour" else 1
            if not within_cap(("member", m[0]), item, held_on, item.points * quantity):
                continue
            plans.append((member_scheme, item, "member", m[0], m[1], quantity, held_on,
                          f"{title}（{hours_value} 小时）", f"governance.activityhours:{h_pk}"))
        for year, n in history.counts(len(members) * MEMBER_RATE, yesterday, minimum=0).items():
            for _ in range(n if manual else 0):
                m = rng.choice(members)
                item = rng.choices(manual, weights)[0]
                on = history.day(rng, year, yesterday)
                if not within_cap(("member", m[0]), item, on, item.points):
                    continue
                plans.append((member_scheme, item, "member", m[0], m[1], 1, on, item.name, None))
    classification = {m[0]: m[2] for m in members_by_person.values()}
    return _write(rng, plans, classification, now, today)


def _cap_period(item, on: date) -> tuple:
    if item.cap_period == "month":
        return on.year, on.month
    if item.cap_period == "quarter":
        return on.year, (on.month - 1) // 3
    return (on.year,)


def _at(day: date, hours: float, now: datetime) -> datetime:
    start = timezone.make_aware(datetime.combine(day, time(9, 0)))
    return min(start + timedelta(hours=hours), now - timedelta(minutes=5))


def _write(rng, plans, classification, now, today) -> dict:
    claims, events = [], []
    next_claim = (Claim.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    # By day, then in the order planned (holders and activities by id): never by an id's digits.
    order = sorted(range(len(plans)), key=lambda i: (plans[i][6], i))
    for scheme, item, kind, holder_pk, path, quantity, on, description, source in (plans[i] for i in order):
        q = Decimal(str(quantity)).quantize(Decimal("0.1"))
        points = int((item.points * q).to_integral_value(rounding=ROUND_HALF_UP))
        if points == 0:
            continue
        created = _at(on, rng.uniform(1, 40), now)
        recent = (today - on).days <= 30
        r = rng.random()
        state = ("proposed" if recent and r < 0.35 else "rejected" if r < 0.08 else
                 "reversed" if r < 0.11 else "approved")
        c = _Claim(next_claim, scheme, item, q, points, on, description, source, path, created,
                   holder_pk if kind == "member" else None, holder_pk if kind == "household" else None,
                   state_since=created)
        next_claim += 1
        claims.append(c)
        if state == "proposed":
            continue
        decided = min(created + timedelta(hours=rng.uniform(4, 120)), now - timedelta(minutes=4))
        if state == "rejected":
            events.append((decided, 0, c, "reject", rng.choice(REASONS)))
            continue
        events.append((decided, 1, c, "approve", ""))
        if state == "reversed":
            corrected = min(decided + timedelta(days=rng.uniform(1, 20)), now - timedelta(minutes=3))
            events.append((corrected, 2, c, "correct", rng.choice(CORRECTIONS)))
    # Codes in order of proposal, per year, after any already issued.
    claims.sort(key=lambda c: (c.created_at, c.pk))
    counters = {}
    for c in claims:
        year = timezone.localtime(c.created_at).year
        if year not in counters:
            last = Claim.objects.filter(code__startswith=f"JF-{year}-").aggregate(m=Max("code"))["m"]
            counters[year] = int(last.rsplit("-", 1)[1]) if last else 0
        counters[year] += 1
        c.code = f"JF-{year}-{counters[year]:06d}"
    book = _Ledger()
    entry_of = {}
    steps = Table(WorkflowStep)
    for at, _, c, name, comment in sorted(events, key=lambda e: (e[0], e[1], e[2].pk)):
        t = CLAIM.transition(name)
        if name == "correct":
            original = entry_of[c.pk]
            account = book.by_id[original.account_id]
            if account.floor is not None and account.balance - original.amount < account.floor:
                continue  # spent already: the correction would be refused, so the claim stays approved
            book.post(account, -original.amount, "reversal", category=original.category,
                      memo=f"冲正 {c.code}：{comment}", ref=original.ref, on=timezone.localtime(at).date(),
                      at=at, key=f"reverse:{original.pk}", reverses=original.pk)
        elif name == "approve":
            entry_of[c.pk] = _approve(book, c, classification, at)
            c.entry_id = entry_of[c.pk].pk
        steps.add(workflow=CLAIM.key, object_type="points.claim", object_id=str(c.pk), scope_path=c.path,
                  transition=name, from_state=c.state, to_state=t.target, comment=comment, data={},
                  attachment_ids=[], created_at=at)
        c.state, c.state_since = t.target, at
    book.write()
    table = Table(Claim)
    for c in claims:
        table.add(id=c.pk, code=c.code, scheme_id=c.scheme.pk, item_id=c.item.pk, member_id=c.member_id,
                  household_id=c.household_id, quantity=c.quantity, points=c.points,
                  occurred_on=c.occurred_on, description=c.description, source_ref=c.source_ref,
                  entry_id=c.entry_id, path=c.path, created_at=c.created_at, state=c.state,
                  state_since=c.state_since, synthetic=True)
    table.write()
    steps.write()
    states = defaultdict(int)
    for c in claims:
        states[c.state] += 1
    return {"points_claims": len(claims), "points_claims_approved": states["approved"],
            "points_claims_pending": states["proposed"], "points_claims_rejected": states["rejected"],
            "points_claims_corrected": states["reversed"], "points_accounts": len(book.accounts),
            "points_entries": len(book.entries)}


def _approve(book: _Ledger, c: _Claim, classification: dict, at: datetime) -> _Entry:
    scheme, year = c.scheme, c.occurred_on.year
    holder = f"member:{c.member_id}" if c.member_id else f"household:{c.household_id}"
    account, new = book.account(accounts.book(scheme, year), holder, c.path, scheme.floor, at)
    if new and c.member_id:
        base = base_of(c.item.book, classification.get(c.member_id, ""))
        if base:
            book.post(account, base, "opening", memo=f"{year}年基础分", on=date(year, 1, 1), at=at,
                      key=f"opening:{account.pk}")
    amount, memo = posting(c, balance=account.balance, floor=account.floor)
    return book.post(account, amount, "award" if c.points > 0 else "deduct", category=c.item.category.code,
                     memo=memo, ref=f"points.claim:{c.pk}", on=c.occurred_on, at=at, key=f"claim:{c.pk}")
