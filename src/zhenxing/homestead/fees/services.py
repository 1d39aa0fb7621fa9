"""有偿使用: the yearly bills for 超占, 一户多宅 and 非本集体成员使用, their payments and reductions (减免).

Who is billed follows the 资格权 flags exactly as the registers define them (selectors.multiple_households,
over_cap_households, non_local_parcel), so a household in a flag's list is the household billed:
- 超占: the household's parcels add up to more than the cap; billed on the area above it;
- 一户多宅: more than one residential parcel; billed on all but the largest (the one the household keeps);
- 非本集体成员使用: the parcels of the village used by another village's or a non-member household;
  billed on their area, by the village whose land it is.
A bill keeps its basis area, rate and amount as issued; issuing again skips the bills already there.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.utils import timezone

from zhenxing.core import audit, audit_labels
from zhenxing.core.numbering import next_code
from zhenxing.homestead.fees.models import FeeBill, FeePayment, FeeReduction
from zhenxing.homestead.parcels.models import Parcel
from zhenxing.homestead.parcels.selectors import (
    area_cap,
    multiple_households,
    non_local_parcel,
    over_cap_households,
)
from zhenxing.homestead.policies import rules
from zhenxing.homestead.values import CENTS, money
from zhenxing.orgs import access
from zhenxing.orgs.models import OrgUnit

audit_labels.declare({
    "homestead.fee.issue": "生成有偿使用费账单",
    "homestead.fee.pay": "登记缴费",
    "homestead.fee.reduce": "登记减免",
}, keys={"by_reason": "按收费原因", "amount_yuan": "金额（元）", "receipt_number": "收据号",
         "paid_on": "缴费日期", "skipped": "此前已开具的账单数"})

RATE_RULES = {
    "over_area": "fee_over_area_yuan_per_m2",
    "multiple": "fee_multiple_yuan_per_m2",
    "non_member": "fee_non_member_yuan_per_m2",
}


def _rate(reason: str, on: date) -> tuple[Decimal, str]:
    key = RATE_RULES[reason]
    source = rules.source(key, on)
    return Decimal(rules.value(key, on)), "" if source is None else str(source)[:200]


@dataclass(slots=True, eq=False)
class BillRow:
    """A bill as computed, before it is numbered and saved; attribute names are FeeBill's attnames (so
    the demo can insert thousands without building a model instance for each)."""

    household_id: int
    village_id: int
    path: str
    year: int
    reason: str
    basis_area_m2: Decimal
    rate_yuan_per_m2: Decimal
    amount_yuan: Decimal
    policy_source: str
    id: int | None = None
    code: str = ""
    paid_yuan: Decimal = Decimal("0")
    reduced_yuan: Decimal = Decimal("0")
    issued_at: datetime | None = None
    issued_by_id: int | None = None
    synthetic: bool = False

    def bill(self) -> FeeBill:
        return FeeBill(**{name: getattr(self, name) for name in self.__slots__})


def compute_bills(*, villages: list[OrgUnit], year: int, on: date | None = None) -> list[BillRow]:
    """The bills of `year` for the villages (not numbered, not saved), from the parcel records as they are."""
    on = on or min(timezone.localdate(), date(year, 12, 31))
    by_id = {v.pk: v for v in villages}
    ids = list(by_id)
    found: list[tuple[int, int, str, Decimal]] = []  # (household, billing village, reason, basis m²)

    over = (
        Parcel.objects.filter(household__village_id__in=ids, household__in=over_cap_households())
        .order_by()
        .values("household", "household__village")
        .annotate(s=Sum("area_m2"))
    )
    cap = area_cap()
    found += [(r["household"], r["household__village"], "over_area", r["s"] - cap) for r in over]

    extra = (
        Parcel.objects.filter(
            household__village_id__in=ids, household__in=multiple_households(), use="residential"
        )
        .order_by()
        .values("household", "household__village")
        .annotate(s=Sum("area_m2"), m=Max("area_m2"))
    )
    found += [(r["household"], r["household__village"], "multiple", r["s"] - r["m"]) for r in extra]

    used = (
        Parcel.objects.filter(village_id__in=ids)
        .filter(non_local_parcel())
        .order_by()
        .values("household", "village")
        .annotate(s=Sum("area_m2"))
    )
    found += [(r["household"], r["village"], "non_member", r["s"]) for r in used]

    rates = {reason: _rate(reason, on) for reason in RATE_RULES}
    bills = []
    for household, village, reason, basis in sorted(found, key=lambda f: (by_id[f[1]].path, f[0], f[2])):
        if basis <= 0:
            continue
        rate, source = rates[reason]
        basis = Decimal(basis).quantize(CENTS)
        bills.append(
            BillRow(
                household_id=household,
                village_id=village,
                path=by_id[village].path,
                year=year,
                reason=reason,
                basis_area_m2=basis,
                rate_yuan_per_m2=rate,
                policy_source=source,
                amount_yuan=(basis * rate).quantize(CENTS, rounding=ROUND_HALF_UP),
            )
        )
    return bills


def number_bills(bills: list[BillRow], year: int) -> None:
    first = next_code(FeeBill, "YC", year)
    start = int(first.rsplit("-", 1)[1])
    for i, bill in enumerate(bills):
        bill.code = f"YC-{year}-{start + i:06d}"


@transaction.atomic
def issue_bills(*, actor, village: OrgUnit, year: int) -> dict:
    """Issue the village's bills of `year` that are not issued yet; returns {"created", "skipped"}."""
    access.require(actor, access.MANAGE_HOMESTEAD, village.path)
    if village.level != "village":
        raise ValidationError({"village": "村/社区：请选择一个村（社区）开具账单"})
    this_year = timezone.localdate().year
    if not isinstance(year, int) or not 2000 <= year <= this_year:
        raise ValidationError({"year": f"年度应在 2000 至 {this_year} 之间"})
    # Issuing for one village twice at once would number the same bills twice: the village row is the lock.
    OrgUnit.objects.select_for_update().filter(pk=village.pk).first()
    # A lock on the latest bill of the year keeps two villages' issues from taking the same codes.
    FeeBill.objects.select_for_update().filter(year=year).order_by("-code")[:1].first()
    bills = compute_bills(villages=[village], year=year)
    issued = set(FeeBill.objects.filter(village=village, year=year).values_list("household_id", "reason"))
    new = [b for b in bills if (b.household_id, b.reason) not in issued]
    for bill in new:
        bill.issued_by_id = actor.user.pk
    _insert_numbered(new, year)
    reasons = dict(FeeBill.REASONS)
    by_reason = Counter(reasons[b.reason] for b in new)
    result = {"created": len(new), "skipped": len(bills) - len(new)}
    # One event per issue, as for an import: one per bill would serialise on the audit chain's head row.
    audit.record(
        actor=actor.user,
        action="homestead.fee.issue",
        obj=village,
        changes={
            "year": year,
            **result,
            "by_reason": dict(by_reason),
            "amount_yuan": sum((b.amount_yuan for b in new), Decimal("0")),
        },
    )
    return result


def _insert_numbered(bills: list, year: int) -> None:
    """The first bills of a year have no row to lock: two villages issuing at that moment would take the
    same codes. The unique code column refuses the second; it numbers again after the first."""
    for _ in range(5):
        number_bills(bills, year)
        try:
            with transaction.atomic():
                FeeBill.objects.bulk_create([b.bill() for b in bills])
            return
        except IntegrityError:
            continue
    raise ValidationError({"year": "账单编号分配冲突，请重试"})


def _locked(bill: FeeBill) -> FeeBill:
    return FeeBill.objects.select_for_update().get(pk=bill.pk)


def _not_after_today(day, field: str, label: str) -> date:
    if not isinstance(day, date):
        raise ValidationError({field: f"{label}：请填写日期（如 2024-05-01）"})
    if day > timezone.localdate():
        raise ValidationError({field: f"{label}不能晚于今天"})
    return day


@transaction.atomic
def record_payment(
    *, actor, bill: FeeBill, amount, paid_on: date | None, receipt_number: str, method: str
) -> FeePayment:
    access.require(actor, access.MANAGE_HOMESTEAD, bill.path)
    amount = money(amount, "amount_yuan", "缴费金额", positive=True)
    paid_on = _not_after_today(paid_on, "paid_on", "缴费日期")
    receipt = (receipt_number or "").strip()
    if not receipt:
        raise ValidationError({"receipt_number": "收据号：请填写"})
    if method not in dict(FeePayment.METHODS):
        raise ValidationError({"method": "请选择缴费方式"})
    # The row lock makes the outstanding amount read here the one the update below starts from.
    locked = _locked(bill)
    if amount > locked.outstanding_yuan:
        raise ValidationError(
            {"amount_yuan": f"缴费金额 {amount} 元超过未缴金额 {locked.outstanding_yuan} 元"}
        )
    if FeePayment.objects.filter(receipt_number=receipt).exists():
        raise ValidationError({"receipt_number": f"收据号 {receipt} 已登记过"})
    try:
        with transaction.atomic():
            payment = FeePayment.objects.create(
                bill=locked, amount_yuan=amount, paid_on=paid_on, receipt_number=receipt, method=method,
                recorded_by=actor.user,
            )
    except IntegrityError:  # the same receipt entered on another bill at the same moment
        raise ValidationError({"receipt_number": f"收据号 {receipt} 已登记过"}) from None
    before = locked.paid_yuan
    locked.paid_yuan = before + amount
    locked.save(update_fields=["paid_yuan"])
    audit.record(
        actor=actor.user,
        action="homestead.fee.pay",
        obj=locked,
        changes={
            "paid_yuan": [before, locked.paid_yuan],
            "receipt_number": receipt,
            "method": method,
            "paid_on": paid_on,
        },
    )
    return payment


@transaction.atomic
def reduce_bill(*, actor, bill: FeeBill, amount, reason: str, decided_on: date | None) -> FeeReduction:
    """减免: part or all of what is still owed is waived, with the reason."""
    access.require(actor, access.MANAGE_HOMESTEAD, bill.path)
    amount = money(amount, "reduce_amount_yuan", "减免金额", positive=True)
    decided_on = _not_after_today(decided_on, "decided_on", "减免日期")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "减免理由：请填写"})
    locked = _locked(bill)
    if amount > locked.outstanding_yuan:
        raise ValidationError(
            {"reduce_amount_yuan": f"减免金额 {amount} 元超过未缴金额 {locked.outstanding_yuan} 元"}
        )
    reduction = FeeReduction.objects.create(
        bill=locked, amount_yuan=amount, reason=reason[:200], decided_on=decided_on, recorded_by=actor.user
    )
    before = locked.reduced_yuan
    locked.reduced_yuan = before + amount
    locked.save(update_fields=["reduced_yuan"])
    audit.record(
        actor=actor.user,
        action="homestead.fee.reduce",
        obj=locked,
        changes={"reduced_yuan": [before, locked.reduced_yuan], "reason": reason},
    )
    return reduction
