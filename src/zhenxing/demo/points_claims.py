"""The demo district's points claims (积分申报): a year of household 七色积分 entries across the colours
and of party member entries (their team missions and volunteer hours, meetings, dues, deductions) — mostly
approved, some waiting, some rejected, a few corrected by a reversing entry.

The ledger is written in bulk but exactly as core.ledger would post it: entries in posting order, each
with the balance after it, a member's year opening with the base points of their classification, a
deduction beyond the balance taken only to the floor, a correction as a reversing entry. So every
account's balance equals the sum of its entries.

If no scheme is configured yet, a minimal pair is made here (the rules part ships the real defaults).
"""

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from zhenxing.core.models import LedgerAccount, LedgerEntry, WorkflowStep
from zhenxing.governance.models import ActivityHours
from zhenxing.orgs.models import OrgUnit
from zhenxing.people.models import Household, PartyMember
from zhenxing.points import accounts
from zhenxing.points.models import Category, Claim, RuleBook, RuleItem, Scheme
from zhenxing.points.services_claims import _items_in_force
from zhenxing.points.workflows_claims import CLAIM

HOUSEHOLD_RATE = 0.16  # household claims a year per household
MEMBER_RATE = 1.2  # claims a year per party member besides their team activities
DAYS = 330
BATCH = 2000

# (code, 名称, colour) of the seven colours, and each colour's items: (code, name, points, evidence, cap)
COLOURS = [
    ("red", "党建引领", "#d32f2f"), ("orange", "孝老爱亲", "#f57c00"), ("yellow", "产业致富", "#fbc02d"),
    ("green", "人居环境", "#388e3c"), ("cyan", "平安法治", "#0097a7"), ("blue", "志愿服务", "#1976d2"),
    ("purple", "乡风文明", "#7b1fa2"),
]
HOUSEHOLD_ITEMS = {
    "red": [("R01", "参加主题党日或政策宣讲", 2, False, None),
            ("R02", "带头参与村级公共事务", 3, False, None)],
    "orange": [("O01", "孝敬老人、家庭和睦", 5, True, None), ("O02", "邻里互帮互助", 2, False, None)],
    "yellow": [("Y01", "发展庭院经济或加入合作社", 5, True, None), ("Y02", "带动村民就业", 3, False, None)],
    "green": [("G01", "庭院整洁（月评）", 3, True, 3), ("G02", "垃圾分类投放", 1, False, None),
              ("G09", "乱堆乱放、乱倒垃圾", -3, True, None)],
    "cyan": [("C01", "参与治安巡逻", 2, False, None), ("C09", "违法违规受到处理", -10, False, None)],
    "blue": [("B01", "参加志愿服务", 2, False, None), ("B02", "捐款捐物", 3, True, None)],
    "purple": [("P01", "移风易俗、红白事简办", 5, False, None),
               ("P09", "大操大办、高价彩礼", -5, False, None)],
}
MEMBER_CATEGORIES = [("study", "学习教育", "#1565c0"), ("duty", "履职尽责", "#2e7d32"),
                     ("service", "服务群众", "#f9a825"), ("discipline", "遵规守纪", "#c62828")]
# (category, code, name, points, unit, source)
MEMBER_ITEMS = [
    ("study", "S01", "参加三会一课", 2, "time", "attendance"),
    ("study", "S02", "参加集中学习培训", 2, "time", ""),
    ("duty", "D01", "参加急难险重任务", 5, "time", "mission"),
    ("duty", "D02", "按时足额交纳党费", 1, "time", ""),
    ("service", "V01", "志愿服务（每小时）", 1, "hour", "volunteer"),
    ("service", "V02", "联系服务群众、结对帮扶", 2, "time", ""),
    ("discipline", "X01", "无故缺席组织生活", -5, "time", ""),
    ("discipline", "X02", "违反党纪受到处分", -20, "time", ""),
]
MEMBER_BASES = {"in_village": 60, "mobile": 50, "elderly_infirm": 70, "cadre": 60, "pioneer": 60, "": 60}
DESCRIPTIONS = {"R": "参加村党支部组织的主题党日", "O": "照顾生病的老人，邻里称赞",
                "Y": "种植大棚蔬菜带动增收", "G": "网格员入户检查", "C": "参加夜间治安巡逻",
                "B": "参加清扫村路志愿活动",
                "P": "红白事简办，节约开支", "S": "参加支部集中学习", "D": "按时交纳党费",
                "V": "入户走访困难群众", "X": "经支部会议认定"}
REASONS = ["佐证材料不足", "与实际情况不符", "重复申报", "不属于本条目范围"]
CORRECTIONS = ["录入对象有误", "经复核情况不实", "重复记分"]


def _minimal_schemes(county: OrgUnit, today: date) -> None:
    start = date(today.year - 1, 1, 1)
    household = Scheme.objects.create(code="QSJF", name="七色积分", subject="household", org_unit=county,
                                      path=county.path, floor=0, year_end="carry", spendable=True)
    member = Scheme.objects.create(code="DYJF", name="党员积分", subject="member", org_unit=county,
                                   path=county.path, floor=0, year_end="reset")
    book = RuleBook.objects.create(scheme=household, org_unit=county, path=county.path, version=1,
                                   title="沈北新区七色积分细则", effective_from=start, bases={"": 0},
                                   note="演示数据")
    for order, (code, name, colour) in enumerate(COLOURS):
        category = Category.objects.create(scheme=household, code=code, name=name, colour=colour, order=order)
        for item_code, item_name, points, evidence, cap in HOUSEHOLD_ITEMS[code]:
            low, high = (1, points * 2) if points > 0 else (points * 2, -1)
            RuleItem.objects.create(book=book, category=category, code=item_code, name=item_name,
                                    points=points, evidence_required=evidence, cap=cap,
                                    cap_period="month" if cap else "", min_points=low, max_points=high)
    book = RuleBook.objects.create(scheme=member, org_unit=county, path=county.path, version=1,
                                   title="沈北新区党员积分管理细则", effective_from=start, bases=MEMBER_BASES,
                                   note="演示数据")
    categories = {code: Category.objects.create(scheme=member, code=code, name=name, colour=colour, order=i)
                  for i, (code, name, colour) in enumerate(MEMBER_CATEGORIES)}
    for category, code, name, points, unit, source in MEMBER_ITEMS:
        RuleItem.objects.create(book=book, category=categories[category], code=code, name=name, points=points,
                                unit=unit, source=source)


class _Ledger:
    """Accounts and entries built in memory exactly as core.ledger would post them, with given ids."""

    def __init__(self):
        self.accounts: dict[tuple[str, str], LedgerAccount] = {}
        self.by_id: dict[int, LedgerAccount] = {}
        self.entries: list[LedgerEntry] = []
        self.next_account = (LedgerAccount.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        self.next_entry = (LedgerEntry.objects.aggregate(m=Max("pk"))["m"] or 0) + 1

    def account(self, book: str, holder: str, path: str, floor) -> tuple[LedgerAccount, bool]:
        key = (book, holder)
        if key in self.accounts:
            return self.accounts[key], False
        a = LedgerAccount(pk=self.next_account, book=book, holder=holder, scope_path=path, floor=floor,
                          balance=0)
        self.next_account += 1
        self.accounts[key] = self.by_id[a.pk] = a
        return a, True

    def post(self, account: LedgerAccount, amount: int, kind: str, *, category="", memo="", ref="", on: date,
             key=None, reverses: int | None = None) -> LedgerEntry:
        account.balance += amount
        entry = LedgerEntry(pk=self.next_entry, account_id=account.pk, amount=amount, kind=kind,
                            balance_after=account.balance, category=category, memo=memo[:200], ref=ref,
                            occurred_on=on, key=key, reverses_id=reverses)
        self.next_entry += 1
        self.entries.append(entry)
        return entry


def load(*, seed: int, county: OrgUnit, scale: float = 1.0) -> dict:
    rng = random.Random(f"zhenxing-demo:{seed}:points-claims")
    now = timezone.now()
    today = timezone.localdate()
    if not Scheme.objects.exists():
        _minimal_schemes(county, today)
    household_scheme = Scheme.objects.filter(subject="household", active=True).order_by("code").first()
    member_scheme = Scheme.objects.filter(subject="member", active=True).order_by("code").first()
    plans = []  # (scheme, item, holder kind, holder pk, path, quantity, occurred_on, description, source_ref)
    if household_scheme is not None:
        items = [i for i in _items_in_force(household_scheme, county.path, today) if not i.source]
        homes = list(Household.objects.filter(path__startswith=county.path).order_by("pk")
                     .values_list("pk", "path"))
        weights = [0.35 if i.points < 0 else 1.0 for i in items]
        capped = set()
        for _ in range(round(len(homes) * HOUSEHOLD_RATE) if items else 0):
            pk, path = rng.choice(homes)
            item = rng.choices(items, weights)[0]
            on = today - timedelta(days=rng.randint(1, DAYS))
            if item.cap:  # one a period, as the cap allows
                if (pk, item.pk, on.year, on.month) in capped:
                    continue
                capped.add((pk, item.pk, on.year, on.month))
            plans.append((household_scheme, item, "household", pk, path, 1, on,
                          DESCRIPTIONS.get(item.code[:1], item.name), None))
    members_by_person = {}
    if member_scheme is not None:
        members = list(PartyMember.objects.filter(path__startswith=county.path).order_by("pk")
                       .values_list("pk", "path", "classification", "person_id"))
        members_by_person = {m[3]: m for m in members}
        items = _items_in_force(member_scheme, county.path, today)
        by_source = {i.source: i for i in items if i.source}
        manual = [i for i in items if not i.source]
        weights = [0.15 if i.points < 0 else 1.0 for i in manual]
        since = today - timedelta(days=DAYS)
        hours = ActivityHours.objects.filter(activity__held_on__gte=since, activity__held_on__lt=today,
                                             person_id__in=list(members_by_person)).order_by("pk")
        for h_pk, person_id, hours_value, kind, title, held_on in hours.values_list(
                "pk", "person_id", "hours", "activity__kind", "activity__title", "activity__held_on"):
            item = by_source.get(kind)
            if item is None:
                continue
            m = members_by_person[person_id]
            quantity = hours_value if item.unit == "hour" else 1
            plans.append((member_scheme, item, "member", m[0], m[1], quantity, held_on,
                          f"{title}（{hours_value} 小时）", f"governance.activityhours:{h_pk}"))
        for _ in range(round(len(members) * MEMBER_RATE) if manual else 0):
            m = rng.choice(members)
            item = rng.choices(manual, weights)[0]
            on = today - timedelta(days=rng.randint(1, DAYS))
            plans.append((member_scheme, item, "member", m[0], m[1], 1, on,
                          DESCRIPTIONS.get(item.code[:1], item.name), None))
    classification = {m[0]: m[2] for m in members_by_person.values()}
    return _write(rng, plans, classification, now, today)


def _at(day: date, hours: float, now: datetime) -> datetime:
    start = timezone.make_aware(datetime.combine(day, time(9, 0)))
    return min(start + timedelta(hours=hours), now - timedelta(minutes=5))


def _write(rng, plans, classification, now, today) -> dict:
    claims, events, steps = [], [], []
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
        c = Claim(pk=next_claim, scheme=scheme, item=item, quantity=q, points=points, occurred_on=on,
                  description=description, source_ref=source, path=path, created_at=created, state="proposed",
                  state_since=created, synthetic=True,
                  member_id=holder_pk if kind == "member" else None,
                  household_id=holder_pk if kind == "household" else None)
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
    for at, _, c, name, comment in sorted(events, key=lambda e: (e[0], e[1], e[2].pk)):
        t = CLAIM.transition(name)
        if name == "correct":
            original = entry_of[c.pk]
            account = book.by_id[original.account_id]
            if account.floor is not None and account.balance - original.amount < account.floor:
                continue  # spent already: the correction would be refused, so the claim stays approved
            book.post(account, -original.amount, "reversal", category=original.category,
                      memo=f"冲正 {c.code}：{comment}", ref=original.ref, on=timezone.localtime(at).date(),
                      key=f"reverse:{original.pk}", reverses=original.pk)
        elif name == "approve":
            entry_of[c.pk] = _approve(book, c, classification)
            c.entry_id = entry_of[c.pk].pk
        steps.append(WorkflowStep(workflow=CLAIM.key, object_type="points.claim", object_id=str(c.pk),
                                  scope_path=c.path, transition=name, from_state=c.state, to_state=t.target,
                                  comment=comment, data={}, attachment_ids=[], created_at=at))
        c.state, c.state_since = t.target, at
    accounts_list = list(book.accounts.values())
    LedgerAccount.objects.bulk_create(accounts_list, batch_size=BATCH)
    LedgerEntry.objects.bulk_create(book.entries, batch_size=BATCH)
    Claim.objects.bulk_create(claims, batch_size=BATCH)
    WorkflowStep.objects.bulk_create(steps, batch_size=BATCH)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [LedgerAccount, LedgerEntry, Claim]):
            cursor.execute(sql)
    states = defaultdict(int)
    for c in claims:
        states[c.state] += 1
    return {"points_claims": len(claims), "points_claims_approved": states["approved"],
            "points_claims_pending": states["proposed"], "points_claims_rejected": states["rejected"],
            "points_claims_corrected": states["reversed"], "points_accounts": len(accounts_list),
            "points_entries": len(book.entries)}


def _approve(book: _Ledger, c: Claim, classification: dict) -> LedgerEntry:
    scheme, year = c.scheme, c.occurred_on.year
    holder = f"member:{c.member_id}" if c.member_id else f"household:{c.household_id}"
    account, new = book.account(accounts.book(scheme, year), holder, c.path, scheme.floor)
    if new and c.member_id:
        bases = (c.item.book.bases or {})
        label = classification.get(c.member_id, "")
        base = int(bases.get(label, bases.get("", 0)) or 0)
        if base:
            book.post(account, base, "opening", memo=f"{year}年基础分", on=date(year, 1, 1),
                      key=f"opening:{account.pk}")
    amount, memo = c.points, f"{c.item.name}（{c.code}）"
    if amount < 0 and account.floor is not None and account.balance + amount < account.floor:
        clamped = min(0, account.floor - account.balance)
        memo += f"；应扣 {-amount} 分，余额 {account.balance} 分，按最低分 {account.floor} 实扣 {-clamped} 分"
        amount = clamped
    return book.post(account, amount, "award" if c.points > 0 else "deduct", category=c.item.category.code,
                     memo=memo, ref=f"points.claim:{c.pk}", on=c.occurred_on, key=f"claim:{c.pk}")
