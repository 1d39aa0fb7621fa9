"""积分制 figures as indicators, each with its drill-down: points issued and redeemed (ledger entries of
the points books, counted at their holder's path), participation of households and party members in the
current year, and points issued by colour category (a breakdown of one indicator, since the categories
are configuration)."""

from django.db.models import F, IntegerField, Q
from django.db.models.functions import Cast, Substr
from django.urls import reverse

from zhenxing.core import numbers, periods
from zhenxing.core.indicators import Column, Indicator, registry
from zhenxing.core.models import LedgerEntry
from zhenxing.orgs import access
from zhenxing.people.indicators import HOUSEHOLD_COLUMNS, MEMBER_COLUMNS
from zhenxing.people.models import Household, PartyMember
from zhenxing.points.rules.models import Category

GROUP = "积分制"
BOOKS = "points."

ENTRY_COLUMNS = (
    Column("日期", lambda e: e.occurred_on),
    Column("积分账户", lambda e: e.account.book),
    Column("持有人", lambda e: e.account.holder),
    Column("类别", lambda e: e.category),
    Column("分值", lambda e: e.amount),
    Column("摘要", lambda e: e.memo),
    Column("来源", lambda e: e.ref),
)


def _entry_url(e) -> str:
    kind, _, pk = e.account.holder.partition(":")
    return reverse("people:household", args=[int(pk)]) if kind == "household" and pk.isdigit() else ""


def _entries(**filters):
    """Entries of the points books (`points.<scheme>.<year>`, not the shops' `shop.stock`) that stand: a
    reversed award or a returned redemption counts neither as issued nor as redeemed."""
    return lambda: (LedgerEntry.objects.filter(account__book__startswith=BOOKS, reversed_by__isnull=True,
                                               **filters)
                    .select_related("account").order_by("-occurred_on", "-pk"))


def _issued():
    return _entries(kind="award", amount__gt=0)()


def _redeemed():
    return _entries(kind="redeem")().annotate(spent=-F("amount"))


def _earning(kind: str, period=None) -> Q:
    """Holders with at least one approved award in the period (this year if none; any points scheme) that
    stands. One uncorrelated subquery: the ids are cut from the accounts' holder keys ("household:123"); a
    subquery per holder row took minutes over a district's 50,000 households on SQLite."""
    period = period or periods.current()
    prefix = f"{kind}:"
    ids = (LedgerEntry.objects.filter(
        account__book__startswith=BOOKS, occurred_on__gte=period.start, occurred_on__lte=period.end,
        account__holder__startswith=prefix, kind="award", amount__gt=0, reversed_by__isnull=True)
        .annotate(holder_id=Cast(Substr("account__holder", len(prefix) + 1), IntegerField()))
        .values("holder_id"))
    return Q(pk__in=ids)


def _households_earning(period=None):
    return Household.objects.filter(_earning("household", period)).select_related("village", "head")


def _members_earning(period=None):
    return PartyMember.objects.filter(_earning("member", period)).select_related("person", "branch")


def _category_names() -> dict:
    names = {}
    categories = Category.objects.order_by("-scheme__subject", "scheme__code").values_list("code", "name")
    for code, name in categories:
        names.setdefault(code, name)
    return names


def _category_colours() -> dict:
    colours = {}
    categories = Category.objects.exclude(colour="").order_by("-scheme__subject", "scheme__code")
    for code, colour in categories.values_list("code", "colour"):
        colours.setdefault(code, colour)
    return colours


def _person_url(m) -> str:
    return reverse("people:person", args=[m.person_id])


def _indicator(key, name, unit, records, columns, order, **extra):
    return Indicator(f"points.{key}", name, unit, GROUP, records, columns, order=order,
                     drill_capability=access.VIEW_PEOPLE, **extra)


registry.register(
    _indicator("issued", "发放积分", "分", _issued, ENTRY_COLUMNS, 140, path_field="account__scope_path",
               sum_field="amount", detail_url=_entry_url, period_field="occurred_on",
               description="审核通过的加分记录合计（不含冲正、基础分）"),
    _indicator("redeemed", "兑换积分", "分", _redeemed, ENTRY_COLUMNS, 141, path_field="account__scope_path",
               sum_field="spent", detail_url=_entry_url, description="积分超市兑换消耗的积分",
               period_field="occurred_on"),
    _indicator("by_category", "按类别发放积分", "分", _issued, ENTRY_COLUMNS, 142,
               path_field="account__scope_path", sum_field="amount", detail_url=_entry_url,
               breakdown="category", breakdown_labels=_category_names, breakdown_colours=_category_colours,
               period_field="occurred_on",
               description="发放积分按积分类别（七色积分的颜色）分列，点类别查看记录"),
    _indicator("households_earning", "获得积分的农户", "户", _households_earning, HOUSEHOLD_COLUMNS, 143,
               at_period=_households_earning,
               detail_url=lambda h: reverse("people:household", args=[h.pk]),
               description="所选期间（默认本年）至少有一条审核通过的加分记录的农户"),
    _indicator("household_participation", "农户参与率", "", _households_earning, HOUSEHOLD_COLUMNS, 144,
               detail_url=lambda h: reverse("people:household", args=[h.pk]),
               ratio_of=("points.households_earning", "people.households"), kind=numbers.PERCENT,
               description="获得积分的农户 ÷ 户数"),
    _indicator("members_earning", "获得积分的党员", "人", _members_earning, MEMBER_COLUMNS, 145,
               at_period=_members_earning,
               detail_url=_person_url, description="所选期间（默认本年）至少有一条审核通过的加分记录的党员"),
    _indicator("member_participation", "党员参与率", "", _members_earning, MEMBER_COLUMNS, 146,
               detail_url=_person_url, ratio_of=("points.members_earning", "people.party_members"),
               kind=numbers.PERCENT,
               description="获得积分的党员 ÷ 党员数"),
)
