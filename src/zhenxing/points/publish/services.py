"""Writes of 公示, 申诉 and the year-end close.

- `publish`: an approver over the unit freezes the period's ranking into a publication, open to
  objections for the days the village chose (7 by default).
- `file_objection`: a villager for their own household (or a party member about themself), or village
  staff on someone's behalf, while the objection period runs.
- `resolve`: an approver upholds or dismisses it with a resolution; the correction itself is a claim or
  a reversal made through the claims pages, linked here when given.
- `close_year`: the district freezes the year's ranking per village with its awards, then opens every
  holder's next-year account with the carried balance or the base of the rule book in force on 1 January.
  Each account is opened under its own ledger key, in batches that commit one by one, so an interrupted
  close resumes where it stopped and a finished one is refused.
"""

import time
from collections import defaultdict
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from zhenxing.core import audit, audit_labels, ledger, notify
from zhenxing.core.feedback import whole_number
from zhenxing.core.models import LedgerAccount, LedgerEntry
from zhenxing.core.paths import under
from zhenxing.orgs import access
from zhenxing.orgs.models import OrgUnit
from zhenxing.people.models import Household, PartyMember
from zhenxing.points import accounts
from zhenxing.points.accounts import book
from zhenxing.points.publish import todo
from zhenxing.points.publish.models import Objection, Publication, YearClose, YearResult
from zhenxing.points.publish.selectors import (
    Period,
    RankUnit,
    earned_filter,
    own_holders,
    parse_period,
    snapshot,
)
from zhenxing.points.rules.models import RuleBook, Scheme
from zhenxing.points.rules.selectors import base_of

audit_labels.declare({
    "points.publication.publish": "发布积分公示",
    "points.objection.file": "提出积分申诉",
    "points.objection.resolve": "处理积分申诉",
    "points.year_close.start": "开始年度结算",
    "points.year_close.finish": "完成年度结算",
}, keys={"scheme": "积分方案", "period": "公示期间", "objection_days": "申诉期（天）",
         "publication": "积分公示", "holder": "积分账户", "on_behalf": "代为申诉", "entry": "积分流水",
         "top_n": "表彰名额", "accounts": "结算账户数", "carried": "结转账户数", "seconds": "用时（秒）"})

DEFAULT_DAYS = 7
MAX_DAYS = 30
BATCH = 1000
TITLES = {"household": "文明家庭", "member": "星级党员"}


# --- 公示 ------------------------------------------------------------------------------------------------

@transaction.atomic
def publish(*, actor, scheme: Scheme, unit: RankUnit, period: Period,
            objection_days=DEFAULT_DAYS) -> Publication:
    access.require(actor, access.APPROVE_POINTS, unit.path)
    try:
        days = int(objection_days)
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError({"objection_days": f"申诉期应为1-{MAX_DAYS}天"})
    if Publication.objects.filter(scheme=scheme, unit_key=unit.key, period=period.key).exists():
        raise ValidationError({"period": f"{unit.name}{period.label}的{scheme.name}排名已公示"})
    rows = snapshot(actor=actor, scheme=scheme, unit=unit, period=period)
    now = timezone.now()
    pub = Publication.objects.create(
        scheme=scheme, org_unit=unit.org_unit, party_org=unit.party_org, unit_key=unit.key,
        unit_name=unit.name, path=unit.path, period=period.key, period_label=period.label, published_at=now,
        objection_days=days, objection_until=now + timedelta(days=days), published_by=actor.user, rows=rows)
    audit.record(actor=actor.user, action="points.publication.publish", obj=pub,
                 changes={"scheme": scheme.code, "unit": unit.key, "period": period.key, "rows": len(rows),
                          "objection_days": days})
    return pub


# --- 申诉 ------------------------------------------------------------------------------------------------

def _holder(key: str):
    kind, _, pk = key.partition(":")
    model = {"household": Household, "member": PartyMember}.get(kind)
    found = model.objects.filter(pk=int(pk)).first() if model and pk.isdigit() else None
    if found is None:
        raise ValidationError({"holder": "请选择申诉对象"})
    return found


@transaction.atomic
def file_objection(*, actor, publication: Publication, holder: str, text: str) -> Objection:
    pub = Publication.objects.select_for_update().get(pk=publication.pk)
    on_behalf = actor.can(access.PROPOSE_POINTS, pub.path) or actor.can(access.APPROVE_POINTS, pub.path)
    if not on_behalf and holder not in own_holders(actor=actor):
        raise ValidationError({"holder": "只能对本户或本人的积分提出申诉"})
    if not pub.objections_open():
        until = timezone.localtime(pub.objection_until).strftime("%Y-%m-%d %H:%M")
        raise ValidationError({"text": f"公示期已于{until}结束，不能再提出申诉"})
    row = next((r for r in pub.rows if r["holder"] == holder), None)
    if row is None:
        raise ValidationError({"holder": "申诉对象不在本次公示名单中"})
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "请填写申诉内容"})
    who = _holder(holder)
    objection = Objection.objects.create(
        publication=pub, household=who if isinstance(who, Household) else None,
        member=who if isinstance(who, PartyMember) else None, holder_name=row["name"], path=pub.path,
        text=text[:2000], filed_by=actor.user)
    audit.record(actor=actor.user, action="points.objection.file", obj=objection,
                 changes={"publication": pub.pk, "holder": holder, "on_behalf": on_behalf})
    notify.send(users=[u for u in todo.recipients(objection) if u.pk != actor.user.pk], event="objection",
                title=f"积分公示：{objection.holder_name}提出申诉",
                body=f"{objection.text[:80]}。请核实处理。",
                url=todo.url(objection), obj=objection, key=f"points.objection:{objection.pk}")
    return objection


@transaction.atomic
def resolve(*, actor, objection: Objection, outcome: str, resolution: str, entry: str = "") -> Objection:
    access.require(actor, access.APPROVE_POINTS, objection.path)
    obj = Objection.objects.select_for_update().select_related("publication__scheme").get(pk=objection.pk)
    errors = {}
    if obj.state != "filed":
        raise ValidationError({"outcome": f"该申诉已处理（{obj.get_state_display()}）"})
    if outcome not in ("upheld", "dismissed"):
        errors["outcome"] = "请选择处理结果"
    resolution = (resolution or "").strip()
    if not resolution:
        errors["resolution"] = ("申诉成立须在处理意见中写明更正内容" if outcome == "upheld"
                                else "请填写处理意见")
    linked = None
    entry = (entry or "").strip()
    if entry:
        holder = f"household:{obj.household_id}" if obj.household_id else f"member:{obj.member_id}"
        prefix = accounts.book_prefix(obj.publication.scheme)
        if whole_number(entry) is not None:
            linked = LedgerEntry.objects.filter(pk=whole_number(entry), account__holder=holder,
                                                account__book__startswith=prefix).first()
        if linked is None:
            errors["entry"] = "更正记账须是申诉对象在本方案中的积分记录编号"
    if errors:
        raise ValidationError(errors)
    obj.state, obj.resolution, obj.entry = outcome, resolution[:2000], linked
    obj.resolved_by, obj.resolved_at = actor.user, timezone.now()
    obj.save(update_fields=["state", "resolution", "entry", "resolved_by", "resolved_at"])
    audit.record(actor=actor.user, action="points.objection.resolve", obj=obj,
                 changes={"state": outcome, "entry": linked.pk if linked else None})
    return obj


# --- 年度结算 ----------------------------------------------------------------------------------------------

def _village_prefix(path: str) -> str:
    parts = path.split("/")
    return "/".join(parts[:5]) + "/" if len(parts) > 5 else path


def _freeze(close: YearClose) -> None:
    """The year's ranking per village, with the top N awarded: one grouped query, one bulk insert."""
    scheme, year = close.scheme, close.year
    earned = (LedgerAccount.objects.filter(under(close.path, "scope_path"), book=book(scheme, year))
              .annotate(points=Coalesce(Sum("entries__amount", filter=_earned_in(year)), 0))
              .values_list("pk", "holder", "scope_path", "balance", "points"))
    villages = dict(OrgUnit.objects.filter(under(close.path), level="village").values_list("path", "pk"))
    by_village = defaultdict(list)
    for row in earned:
        by_village[_village_prefix(row[2])].append(row)
    results = []
    for prefix, rows in by_village.items():
        rows.sort(key=lambda r: (-r[4], r[0]))
        rank, previous = 0, None
        for n, (pk, holder, path, balance, points) in enumerate(rows, start=1):
            if points != previous:
                rank, previous = n, points
            title = close.title if rank <= close.top_n and points > 0 else ""
            results.append(YearResult(close=close, account_id=pk, village_id=villages.get(prefix),
                                      holder=holder, path=path, points=points, balance=balance, rank=rank,
                                      title=title))
    YearResult.objects.bulk_create(results, batch_size=2000, ignore_conflicts=True)


def _earned_in(year: int):
    return earned_filter(parse_period(str(year)))


def _books_on(scheme: Scheme, on: date) -> list[RuleBook]:
    """The rule book in force on `on` for each unit (its latest version by then), deepest unit first.
    Read directly here: the rules part owns the catalogues; only the bases are needed."""
    latest: dict[str, RuleBook] = {}
    books = RuleBook.objects.filter(scheme=scheme, effective_from__lte=on)
    for rb in books.order_by("effective_from", "version"):
        latest[rb.path] = rb
    return sorted(latest.values(), key=lambda rb: -len(rb.path))


def _base(books: list[RuleBook], path: str, classification: str) -> int:
    book = next((rb for rb in books if path.startswith(rb.path)), None)
    return base_of(book, classification)


def _open_batch(close: YearClose, accounts: list[LedgerAccount], books: list[RuleBook], actor) -> None:
    """Open next year's accounts for a batch, one keyed opening entry each (core.ledger.post_each): accounts
    whose key is posted already (an interrupted close run again) are skipped. The year's balances are read
    under the accounts' row locks, so a late entry to the closing year cannot slip between read and carry."""
    scheme, year = close.scheme, close.year
    accounts = list(LedgerAccount.objects.select_for_update().filter(pk__in=[a.pk for a in accounts])
                    .order_by("pk"))
    classes = {}
    if scheme.year_end == "reset" and scheme.subject == "member":
        ids = [int(a.holder.split(":")[1]) for a in accounts if a.holder.startswith("member:")]
        classes = {f"member:{pk}": c for pk, c in PartyMember.objects.filter(pk__in=ids)
                   .values_list("pk", "classification")}
    targets = ledger.open_accounts(book=book(scheme, year + 1),
                                   holders=[(a.holder, a.scope_path) for a in accounts], floor=scheme.floor)
    lines, keys = [], []
    for a in accounts:
        if scheme.year_end == "carry":
            amount, memo = a.balance, "上年结转"
        else:
            amount, memo = _base(books, a.scope_path, classes.get(a.holder, "")), "年度基础分"
        lines.append(ledger.Line(targets[a.holder].pk, amount, "opening", memo=memo,
                                 ref=f"points.yearclose:{close.pk}"))
        keys.append(f"opening:{targets[a.holder].pk}")  # the key of a first use's opening (claims.services)
    ledger.post_each(lines, keys, actor=actor.user, occurred_on=date(year + 1, 1, 1))


def close_errors(*, county: OrgUnit | None, year, top_n) -> tuple[dict, int, int]:
    """What is wrong with a close's county, year and award places (the form shows them all at once),
    with the year and places as numbers."""
    errors = {}
    if county is not None and county.level != "county":
        errors["county"] = "年度结算在区县一级进行"
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year < timezone.localdate().year:
        errors["year"] = "只能结算已经过去的年度（2000年至去年）"
    try:
        top_n = int(top_n)
    except (TypeError, ValueError):
        top_n = -1
    if not 0 <= top_n <= 1000:
        errors["top_n"] = "每村表彰名额应为0-1000"
    return errors, year, top_n


def close_year(*, actor, scheme: Scheme, county: OrgUnit, year, top_n=10, title: str = "",
               batch: int = BATCH) -> YearClose:
    """Close `year` of the scheme for the county. Not one transaction: the freeze is one, then each batch
    of accounts is one, so 50,000 households never hold one long lock; running it again after an
    interruption finishes the job."""
    access.require(actor, access.MANAGE_POINT_RULES, county.path)
    errors, year, top_n = close_errors(county=county, year=year, top_n=top_n)
    if errors:
        raise ValidationError(errors)
    title = (title or "").strip()[:30] or TITLES[scheme.subject]
    started = time.monotonic()
    with transaction.atomic():
        close, created = YearClose.objects.select_for_update().get_or_create(
            scheme=scheme, county=county, year=year,
            defaults={"path": county.path, "top_n": top_n, "title": title, "closed_by": actor.user})
        if close.state == "done":
            raise ValidationError({"year": f"{county.name}{year}年度{scheme.name}已结算，不能重复结算"})
        if created:
            _freeze(close)
            audit.record(actor=actor.user, action="points.year_close.start", obj=close,
                         changes={"scheme": scheme.code, "year": year, "top_n": top_n, "title": title})
    books = _books_on(scheme, date(year + 1, 1, 1))
    accounts = (LedgerAccount.objects.filter(under(county.path, "scope_path"), book=book(scheme, year))
                .order_by("pk"))
    last, count = 0, 0
    while True:
        chunk = list(accounts.filter(pk__gt=last)[:batch])
        if not chunk:
            break
        with transaction.atomic():
            _open_batch(close, chunk, books, actor)
        count += len(chunk)
        last = chunk[-1].pk
    with transaction.atomic():
        close = YearClose.objects.select_for_update().get(pk=close.pk)
        close.state, close.accounts, close.finished_at = "done", count, timezone.now()
        close.carried = LedgerEntry.objects.filter(ref=f"points.yearclose:{close.pk}").aggregate(
            s=Coalesce(Sum("amount"), 0))["s"]
        close.seconds = (close.seconds or 0) + time.monotonic() - started
        close.save(update_fields=["state", "accounts", "finished_at", "carried", "seconds"])
        audit.record(actor=actor.user, action="points.year_close.finish", obj=close,
                     changes={"accounts": count, "carried": close.carried,
                              "seconds": round(close.seconds, 1)})
    return close
