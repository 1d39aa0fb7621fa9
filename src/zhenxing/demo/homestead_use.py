"""The demo's 流转, 有偿使用 and 自愿有偿退出 on the parcels demo.homestead laid out.

At full scale: about 900 contracts (the revitalised parcels leased to 民宿/文旅/康养 operators first, about
60 mortgages, some expiring within the reminder window and some expired), about 60 exits in every state
(40-odd recovered since 2021, which frees their parcels; the ones under way filed in the last months),
then every year's fee bills since 2021 computed from the parcels as they stand after the exits at the
rates in force that year (a few per cent fewer households billed each year back, demo.history), the
past years' nearly all paid, this year's with payments for most. Dates are drawn around the day of the
load, so the expiry reminders and the year's bills always have something to show; for a seed and a day
it is deterministic. Everything is bulk-inserted with given ids, like the rest of the demo.
"""

import random
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from zhenxing.core import personal, workflow
from zhenxing.core.idcard import make_id_number
from zhenxing.core.models import WorkflowStep
from zhenxing.demo import history, names, tables
from zhenxing.demo.population import insert_rows
from zhenxing.homestead.exits.models import ExitApplication
from zhenxing.homestead.exits.workflows import EXIT
from zhenxing.homestead.fees.models import FeeBill, FeePayment, FeeReduction
from zhenxing.homestead.fees.services import RATE_RULES, compute_bills, number_bills
from zhenxing.homestead.parcels.models import Parcel
from zhenxing.homestead.policies import rules
from zhenxing.homestead.transfers.models import TransferContract
from zhenxing.homestead.values import add_years, make_credit_code
from zhenxing.orgs.models import OrgUnit

PARCELS = 35_245  # demo.homestead's full-scale count: the figures below scale with it
CONTRACTS = 900
MORTGAGES = 60
EXITS = 60
EXIT_STATES = (
    ["recovered"] * 44
    + ["compensated"] * 4
    + ["approved"] * 4
    + ["reviewing"] * 4
    + ["draft"] * 2
    + ["rejected"] * 2
)
OPERATOR_WORDS = ["稻梦", "辉山", "七星", "石佛寺", "蒲河", "锡伯", "怪坡", "花海", "兴隆", "丁香"]
OPERATOR_KINDS = {
    "homestay": "民宿",
    "tourism": "文旅发展",
    "wellness": "康养",
    "farmstay": "农家乐",
    "storage": "仓储物流",
    "other": "农业发展",
}
CYCLES = ["yearly", "yearly", "yearly", "half_yearly", "quarterly", "lump_sum"]


def _next_id(model) -> int:
    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def _scaled(figure: int, parcels: int) -> int:
    return max(1, round(figure * parcels / PARCELS)) if parcels else 0


class _Parties:
    """Transferees: enterprises with valid credit codes, persons with valid (encrypted) ID numbers."""

    def __init__(self, rng: random.Random):
        self.rng, self.n = rng, 0

    def enterprise(self, purpose: str) -> tuple[str, str, str, str]:
        self.n += 1
        name = f"沈阳{self.rng.choice(OPERATOR_WORDS)}{OPERATOR_KINDS.get(purpose, '农业发展')}有限公司"
        return name, "enterprise", make_credit_code(names.REGION, 31_000_000 + self.n), ""

    def person(self) -> tuple[str, str, str, str]:
        self.n += 1
        gender = self.rng.choice("MF")
        birth = date(self.rng.randint(1960, 1995), self.rng.randint(1, 12), self.rng.randint(1, 28))
        number = make_id_number(names.REGION, birth, self.n, gender)
        return names.full_name(self.rng, gender, birth.year), "person", personal.mask(number), number


def _contract(rng, parties, cid, p, today, kind, purpose, ending) -> TransferContract:
    pk, village_id, path, household_id, area = p
    years = rng.choice([3, 5, 5, 10, 10, 15, 20]) if kind == "lease" else rng.choice([3, 5, 10, 30])
    if ending == "soon":
        ends = today + timedelta(rng.randint(0, 59))
    elif ending == "expired":
        ends = today - timedelta(rng.randint(1, 400))
    else:
        ends = today + timedelta(rng.randint(60, 365 * min(years, 12)))
    starts = max(add_years(ends, -years) + timedelta(1), date(2014, 1, 1))
    if starts >= ends:
        starts = ends - timedelta(365)
    enterprise = kind == "mortgage" or purpose in ("homestay", "tourism", "wellness") or rng.random() < 0.3
    if kind == "mortgage":
        name, pkind, shown, number = (
            "沈阳沈北农村商业银行股份有限公司",
            "enterprise",
            make_credit_code(names.REGION, 30_000_000 + rng.randint(0, 9)),
            "",
        )
    else:
        name, pkind, shown, number = parties.enterprise(purpose) if enterprise else parties.person()
    rent = Decimal("0") if kind == "mortgage" else Decimal(round(float(area) * rng.uniform(8, 30), -1))
    return TransferContract(
        id=cid,
        code="",
        parcel_id=pk,
        village_id=village_id,
        path=path,
        household_id=household_id,
        kind=kind,
        transferee_name=name,
        transferee_kind=pkind,
        transferee_id_shown=shown,
        transferee_id_enc=personal.encrypt(number) if number else "",
        transferee_id_hash=personal.lookup_hash(number) if number else "",
        transferee_member=pkind == "person" and rng.random() < 0.4,
        purpose=purpose,
        starts_on=starts,
        ends_on=ends,
        rent_yuan=rent.quantize(Decimal("0.01")),
        payment_cycle="lump_sum" if kind == "mortgage" else rng.choice(CYCLES),
        synthetic=True,
    )


def _contracts(rng, held, revitalised, today, parcels: int) -> list[TransferContract]:
    n = _scaled(CONTRACTS, parcels)
    mortgages = min(_scaled(MORTGAGES, parcels), n // 3)
    parties, cid = _Parties(rng), _next_id(TransferContract)
    pool = [p for p in held if p[0] not in revitalised]
    rng.shuffle(pool)
    # Every revitalised parcel still held by its household is leased to the operator that runs it.
    chosen = [(p, True) for p in held if p[0] in revitalised][: n - mortgages]
    chosen += [(p, False) for p in pool[: n - mortgages - len(chosen)]]
    out = []
    for p, busy in chosen:
        kind = "lease" if busy or rng.random() < 0.8 else rng.choice(["transfer", "share"])
        purpose = (
            rng.choices(["homestay", "tourism", "wellness", "farmstay"], [45, 30, 15, 10])[0]
            if busy
            else rng.choices(
                ["homestay", "farmstay", "tourism", "storage", "residence", "other"], [15, 15, 10, 20, 30, 10]
            )[0]
        )
        ending = rng.choices(["soon", "expired", "later"], [6, 9, 85])[0]
        out.append(_contract(rng, parties, cid, p, today, kind, purpose, ending))
        cid += 1
    for p in pool[len(chosen) : len(chosen) + mortgages]:
        out.append(
            _contract(
                rng,
                parties,
                cid,
                p,
                today,
                "mortgage",
                "other",
                rng.choices(["soon", "expired", "later"], [5, 5, 90])[0],
            )
        )
        cid += 1
    for c in out:  # a few ended early by agreement
        if c.ends_on >= today and c.starts_on < today - timedelta(30) and rng.random() < 0.03:
            c.terminated_on = today - timedelta(rng.randint(1, min(365, (today - c.starts_on).days - 1)))
            c.termination_reason = rng.choice(
                ["双方协商一致提前解除", "承租方经营调整退租", "流出方收回自住"]
            )
    seq: dict[int, int] = {}
    for c in sorted(out, key=lambda c: (c.starts_on, c.id)):
        seq[c.starts_on.year] = seq.get(c.starts_on.year, 0) + 1
        c.code = f"LZ-{c.starts_on.year}-{seq[c.starts_on.year]:06d}"
    return out


def _exits(rng, held, taken, today, parcels: int):
    """Exits of held parcels without contracts, with their step histories; recovered ones free the parcel."""
    n = _scaled(EXITS, parcels)
    states = [EXIT_STATES[i * len(EXIT_STATES) // n] for i in range(n)]
    candidates = [p for p in held if p[0] not in taken]
    picked = rng.sample(candidates, min(n, len(candidates)))
    eid, records, steps = _next_id(ExitApplication), [], []
    latest = timezone.now() - timedelta(hours=1)  # no step after the load
    path_of = {
        "draft": [],
        "reviewing": ["submit"],
        "approved": ["submit", "approve"],
        "rejected": ["submit", "reject"],
        "compensated": ["submit", "approve", "pay"],
        "recovered": ["submit", "approve", "pay", "recover"],
    }
    for i, ((pk, village_id, path, household_id, area), state) in enumerate(
        zip(picked, states, strict=False)
    ):
        keeps = rng.random() < 0.3
        values = {
            "house_value_yuan": Decimal(rng.randrange(20_000, 120_000, 100)),
            "land_value_yuan": (area * Decimal(rng.randint(40, 80))).quantize(Decimal("1")),
            "eligibility_value_yuan": Decimal(0 if keeps else rng.randrange(10_000, 30_000, 1000)),
            "reward_yuan": Decimal(rng.randrange(2000, 10_000, 500)),
        }
        total = sum(values.values(), Decimal("0"))
        if state == "draft":
            filed = today - timedelta(rng.randint(0, 20))
        elif state in ("reviewing", "approved", "compensated"):  # under way: filed in the last months
            filed = today - timedelta(rng.randint(30, 150))
        else:
            filed = history.days(rng, 1, today - timedelta(200))[0]
        moment = datetime.combine(filed, time(9, 30), tzinfo=timezone.get_current_timezone())
        record = ExitApplication(
            id=eid + i,
            code="",
            parcel_id=pk,
            household_id=household_id,
            village_id=village_id,
            path=path,
            area_m2=area,
            keeps_eligibility=keeps,
            total_yuan=total,
            reason=rng.choice(["进城落户", "随子女迁居", "已有其他住房", "外出务工多年"]),
            state=state,
            state_since=moment,
            synthetic=True,
            **values,
        )
        record.filed = filed
        before = "draft"
        for name in path_of[state]:
            moment = min(moment + timedelta(days=rng.randint(5, 40)), latest)
            step = EXIT.transition(name)
            data = {}
            if name == "pay":
                record.compensation_paid_yuan, record.compensation_paid_on = total, moment.date()
                data = {"amount": str(total), "paid_on": moment.date().isoformat()}
            if name == "recover":
                record.recovered_on = moment.date()
            steps.append(
                WorkflowStep(
                    workflow=EXIT.key,
                    object_type="homestead.exitapplication",
                    object_id=str(record.id),
                    scope_path=path,
                    transition=name,
                    from_state=before,
                    to_state=step.target,
                    comment="房屋评估价值与实际不符，请重新评估" if name == "reject" else "",
                    data=data,
                    created_at=moment,
                )
            )
            before, record.state_since = step.target, moment
        last = EXIT.transition(path_of[state][-1]) if path_of[state] else None
        record.due_at = workflow.due_after(record.state_since, last) if last else None
        records.append(record)
    seq: dict[int, int] = {}
    for record in sorted(records, key=lambda r: (r.filed, r.id)):
        year = record.filed.year
        seq[year] = seq.get(year, 0) + 1
        record.code = f"TC-{year}-{seq[year]:06d}"
    return records, steps


@dataclass(slots=True)
class _PaymentRow:
    """A FeePayment row for insert_rows (attribute names are its attnames)."""

    id: int
    bill_id: int
    amount_yuan: Decimal
    paid_on: date
    receipt_number: str
    method: str
    recorded_by_id: int | None
    created_at: datetime


def _bills(rng, villages, today):
    """Every year's bills since 2021: the parcels as they stand, at the rates in force that year (computed
    once for each set of rates), fewer households each year back; the past years' nearly all settled."""
    computed, bills, payments, reductions = {}, [], [], []
    bid, pid = _next_id(FeeBill), _next_id(FeePayment)
    now = timezone.now()
    for year in history.years(today):
        on = min(today, date(year, 12, 31))
        rates = tuple((rules.value(key, on), str(rules.source(key, on))) for key in RATE_RULES.values())
        if rates not in computed:
            computed[rates] = compute_bills(villages=villages, year=year, on=on)
        keep = (1 + history.GROWTH) ** (year - today.year)
        rows = [replace(b, year=year) for b in computed[rates] if year == today.year or rng.random() < keep]
        number_bills(rows, year)
        issued = min(history.local(date(year, 3, 1), 9), now)
        first = timezone.localtime(issued).date()
        for bill in rows:
            bill.id, bill.synthetic, bill.issued_at = bid, True, issued
            bid += 1
            draw = rng.random()
            paid_on = first + timedelta(rng.randint(0, max(0, (on - first).days)))
            reduced, full, part = (0.05, 0.73, 0.85) if year == today.year else (0.04, 0.94, 0.97)
            if draw < reduced:
                bill.reduced_yuan = bill.amount_yuan
                reductions.append(FeeReduction(
                    bill_id=bill.id, amount_yuan=bill.amount_yuan, decided_on=paid_on,
                    reason=rng.choice(["低保户，经村民代表会议同意减免", "五保户免缴"])))
            elif draw < part:
                amount = bill.amount_yuan if draw < full else (bill.amount_yuan / 2).quantize(Decimal("0.01"))
                bill.paid_yuan = amount
                payments.append(_PaymentRow(pid, bill.id, amount, paid_on, f"SB{year}{pid:07d}",
                                            rng.choice(["cash", "bank", "wechat"]), None,
                                            min(history.local(paid_on, 10), now)))
                pid += 1
        bills += rows
    return bills, payments, reductions


def load(*, seed: int, county: OrgUnit) -> dict:
    rng = random.Random(f"zhenxing-demo:{seed}:use-rights")
    today = timezone.localdate()
    rows = list(
        Parcel.objects.filter(path__startswith=county.path, household__isnull=False)
        .order_by("pk")
        .values_list("pk", "village_id", "path", "household_id", "area_m2", "use_status")
    )
    held = [r[:5] for r in rows]
    revitalised = {r[0] for r in rows if r[5] == "revitalised"}
    idle = {r[0] for r in rows if r[5] == "idle"}

    parcels = Parcel.objects.filter(path__startswith=county.path).count()
    contracts = _contracts(rng, held, revitalised, today, parcels)
    TransferContract.objects.bulk_create(contracts, batch_size=500)
    taken = {c.parcel_id for c in contracts}
    # Families that left (idle houses) are the ones who give their homestead back.
    leavers = [p for p in held if p[0] in idle] or held
    exits, steps = _exits(rng, leavers, taken, today, parcels)
    ExitApplication.objects.bulk_create(exits, batch_size=500)
    tables.update(ExitApplication, "created_at", {e.pk: history.local(e.filed, 9) for e in exits})
    WorkflowStep.objects.bulk_create(steps, batch_size=500)
    recovered = [e.parcel_id for e in exits if e.state == "recovered"]
    # Recovered: the collective holds the parcel; an idle house stays idle (see services_use.exits).
    Parcel.objects.filter(pk__in=recovered).update(household=None)

    villages = list(OrgUnit.objects.filter(level="village", path__startswith=county.path))
    bills, payments, reductions = _bills(rng, villages, today)
    # Thousands of bills and payments: one prepared statement, as for the people (population.insert_rows).
    insert_rows(FeeBill, bills)
    insert_rows(FeePayment, payments)
    FeeReduction.objects.bulk_create(reductions, batch_size=500)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(
            no_style(), [TransferContract, ExitApplication, FeeBill, FeePayment]
        ):
            cursor.execute(sql)
    return {
        "transfer_contracts": len(contracts),
        "mortgages": sum(c.kind == "mortgage" for c in contracts),
        "exits": len(exits),
        "exits_recovered": len(recovered),
        "fee_bills": len(bills),
        "fee_payments": len(payments),
    }
