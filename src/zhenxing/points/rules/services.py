"""Writes of the rule catalogues (积分细则): the default schemes, versions, and their items.

A version (RuleBook) is a draft until its `effective_from`; from that day it is published and locked, and
a change is a new version. A new version copies the items of the version it follows. The district keeps
the scheme's own book; a village keeps its own versions, whose items must each be based on an item of the
book in force above it, with points within that item's `min_points`..`max_points` and a cap no higher.
"""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from zhenxing.core import audit, audit_labels
from zhenxing.orgs import access
from zhenxing.orgs.access import Actor
from zhenxing.orgs.models import OrgUnit
from zhenxing.points.rules import defaults
from zhenxing.points.rules import selectors as sel
from zhenxing.points.rules.checks import (
    check_cap,
    check_district,
    check_village,
    clamp,
    clean_bases,
    clean_roles,
)
from zhenxing.points.rules.models import Category, RuleBook, RuleItem, Scheme

audit_labels.declare({
    "points.rules.defaults": "生成默认积分方案",
    "points.rules.version": "新建积分细则版本",
    "points.rules.book": "修改积分细则",
    "points.rules.delete": "删除积分细则草稿",
    "points.rules.item.add": "新增积分条目",
    "points.rules.item.change": "修改积分条目",
    "points.rules.item.remove": "删除积分条目",
    "points.rules.category": "保存积分类别",
}, keys={"scheme": "积分方案", "copied_from": "复制自", "bases": "基础分", "schemes": "新建方案数",
         "books": "新建细则数", "categories": "新建类别数", "colour": "颜色", "order": "排序"},
    values={"proposers": access.role_label, "approvers": access.role_label})

ITEM_FIELDS = ("code", "name", "category", "points", "min_points", "max_points", "unit", "cap", "cap_period",
               "evidence_required", "proposers", "approvers", "source")
# What a village may change on an item it adopts; the rest follows the district's item.
VILLAGE_FIELDS = ("points", "cap", "cap_period", "evidence_required", "proposers", "approvers")


def _models():
    return {"Scheme": Scheme, "Category": Category, "RuleBook": RuleBook, "RuleItem": RuleItem}


# --- Defaults ---------------------------------------------------------------------------------------------

@transaction.atomic
def ensure_default_schemes(county: OrgUnit, *, actor: Actor | None = None, audited: bool = True,
                           year: int | None = None) -> dict:
    """The two schemes of issue 5 at `county`, with categories and a first district version; only what is
    missing is created, so running it again changes nothing. Without an actor it runs as the system (the
    demo loader, `zhenxing manage points_defaults`). The demo loader passes audited=False: its one
    "demo.load" event records the whole load. The first district version is in force from 1 January of
    `year` (this year by default; the demo's records go back into last year)."""
    if actor is not None:
        access.require(actor, access.MANAGE_POINT_RULES, county.path)
    if county.level != "county":
        raise ValidationError({"unit": f"默认积分方案建在区县一级，“{county.name}”不是区县"})
    today = timezone.localdate()
    created = defaults.write(county, models=_models(), today=today.replace(year=year or today.year, day=1),
                             created_by=actor.user if actor else None)
    if audited and (created["schemes"] or created["books"] or created["categories"]):
        audit.record(actor=actor.user if actor else None, actor_name="" if actor else "system",
                     action="points.rules.defaults", obj=county, changes=created)
    return created


# --- Versions ---------------------------------------------------------------------------------------------

def _require_manage(actor: Actor, unit_path: str) -> None:
    access.require(actor, access.MANAGE_POINT_RULES, unit_path)


def _future(day: date | None, field: str = "effective_from") -> date:
    if day is None:
        raise ValidationError({field: "请填写生效日期"})
    if day <= timezone.localdate():
        raise ValidationError({field: "生效日期须晚于今天：生效前可修改条目，生效后即锁定"})
    return day


def _locked(book: RuleBook) -> None:
    if sel.is_published(book):
        raise ValidationError({"book": f"{book}已于{book.effective_from:%Y-%m-%d}生效，不能修改；请新建版本"})


def _is_village_book(book_or_unit) -> bool:
    unit = book_or_unit.org_unit if isinstance(book_or_unit, RuleBook) else book_or_unit
    return unit.level == "village"


@transaction.atomic
def create_version(*, actor: Actor, scheme: Scheme, unit: OrgUnit, effective_from: date | None,
                   title: str = "", note: str = "") -> RuleBook:
    """A new draft version of `unit`'s book, copying the version it follows: the unit's latest, or for a
    village's first version the book in force above it (each item then based on the district's item)."""
    _require_manage(actor, unit.path)
    if not (unit.pk == scheme.org_unit_id or (unit.level == "village" and unit.path.startswith(scheme.path))):
        raise ValidationError({"unit": f"{scheme.name}的细则由{scheme.org_unit.name}或其下属村（社区）制定"})
    effective_from = _future(effective_from)
    Scheme.objects.select_for_update().filter(pk=scheme.pk).first()  # one new version at a time per scheme
    own = RuleBook.objects.filter(scheme=scheme, org_unit=unit)
    draft = own.filter(effective_from__gt=timezone.localdate()).order_by("-version").first()
    if draft is not None:
        raise ValidationError({"effective_from": f"已有尚未生效的{draft}，请修改该版本，不必再建新版本"})
    previous = own.order_by("-version").first()
    parent = sel.parent_book(scheme, unit, effective_from) if _is_village_book(unit) else None
    if _is_village_book(unit) and parent is None:
        raise ValidationError(
            {"unit": f"{unit.name}上级尚无生效的{scheme.name}细则，村级细则须依据区级细则制定"})
    source = previous or parent
    number = (own.aggregate(n=Max("version"))["n"] or 0) + 1
    book = RuleBook.objects.create(
        scheme=scheme, org_unit=unit, path=unit.path, version=number,
        title=(title or "").strip()[:100] or (source.title if previous else f"{unit.name}{scheme.name}细则"),
        effective_from=effective_from, bases=dict((parent or source).bases) if source else {},
        note=(note or "").strip(), created_by=actor.user)
    if source is not None:
        if parent is not None:
            _copy_for_village(book, previous, parent)
        else:
            _copy(book, previous)
    audit.record(actor=actor.user, action="points.rules.version", obj=book,
                 changes={"scheme": scheme.code, "unit": unit.code, "version": number,
                          "effective_from": effective_from.isoformat(),
                          "copied_from": source.pk if source else None})
    return book


def _clone(item: RuleItem, book: RuleBook, **changes) -> RuleItem:
    values = {f: getattr(item, f) for f in ITEM_FIELDS if f != "category"}
    values.update(category_id=item.category_id, based_on_id=item.based_on_id)
    values.update(changes)
    return RuleItem(book=book, **values)


def _copy(book: RuleBook, source: RuleBook) -> None:
    RuleItem.objects.bulk_create([_clone(i, book) for i in source.items.all()])


def _copy_for_village(book: RuleBook, previous: RuleBook | None, parent: RuleBook) -> None:
    """A village's version: the parent book's items, each based on its district item, keeping the
    village's earlier adjustments where the district still allows them (clamped into range otherwise)."""
    earlier = {}
    if previous is not None:
        for item in previous.items.select_related("based_on"):
            earlier[item.based_on.code if item.based_on_id else item.code] = item
    items = []
    for district in parent.items.all():
        mine = earlier.get(district.code)
        if previous is not None and mine is None:
            continue  # the village had left this item out
        item = _clone(district, book, based_on_id=district.pk, min_points=None, max_points=None)
        if mine is not None:
            item.points = clamp(mine.points, district)
            if district.cap is None or (mine.cap is not None and mine.cap <= district.cap):
                item.cap, item.cap_period = mine.cap, mine.cap_period
            item.evidence_required = mine.evidence_required
            item.proposers, item.approvers = list(mine.proposers), list(mine.approvers)
        items.append(item)
    RuleItem.objects.bulk_create(items)


@transaction.atomic
def update_book(*, actor: Actor, book: RuleBook, title: str, effective_from: date | None, note: str = "",
                bases: dict | None = None) -> RuleBook:
    """A draft's heading: title, effective date, note, and (district books of member schemes) the bases."""
    _require_manage(actor, book.path)
    book = RuleBook.objects.select_for_update().get(pk=book.pk)
    _locked(book)
    if not (title or "").strip():
        raise ValidationError({"title": "请填写细则名称"})
    effective_from = _future(effective_from)
    before = {"title": book.title, "effective_from": book.effective_from.isoformat(), "bases": book.bases}
    if bases is not None and not _is_village_book(book):
        book.bases = clean_bases(bases)
    elif bases is not None and clean_bases(bases) != book.bases:
        raise ValidationError({"bases": "村级细则的基础分沿用区级细则，不能修改"})
    book.title, book.effective_from, book.note = title.strip()[:100], effective_from, (note or "").strip()
    book.save(update_fields=["title", "effective_from", "note", "bases"])
    audit.record(actor=actor.user, action="points.rules.book", obj=book,
                 changes={"before": before, "after": {"title": book.title,
                                                      "effective_from": effective_from.isoformat(),
                                                      "bases": book.bases}})
    return book


@transaction.atomic
def delete_draft(*, actor: Actor, book: RuleBook) -> None:
    _require_manage(actor, book.path)
    book = RuleBook.objects.select_for_update().get(pk=book.pk)
    _locked(book)
    audit.record(actor=actor.user, action="points.rules.delete", obj=book,
                 changes={"version": book.version, "unit": book.org_unit.code})
    book.items.all().delete()
    book.delete()


# --- Items ------------------------------------------------------------------------------------------------

def _district_item_for(book: RuleBook, based_on) -> RuleItem:
    """The district item a village item adopts: an item of a book above the village, of the same scheme."""
    if not isinstance(based_on, RuleItem):
        raise ValidationError({"based_on": "请选择依据的区级条目"})
    parent = sel.parent_book(book.scheme, book.org_unit, book.effective_from)
    if parent is None or based_on.book_id != parent.pk:
        raise ValidationError({"based_on": f"“{based_on.code} {based_on.name}”不是上级现行细则中的条目"})
    return based_on


def _values(fields: dict, item: RuleItem | None) -> dict:
    base = {f: getattr(item, f) for f in ITEM_FIELDS} if item else {}
    base.update(fields)
    base.setdefault("unit", "time")
    base.setdefault("source", "")
    base.setdefault("cap_period", "")
    base.setdefault("evidence_required", False)
    return base


@transaction.atomic
def save_item(*, actor: Actor, book: RuleBook, item: RuleItem | None = None, fields: dict) -> RuleItem:
    """Add (item None) or change an item of a draft. District books: every field of ITEM_FIELDS. Village
    books: `based_on` (when adding) and VILLAGE_FIELDS; the rest follows the district's item."""
    _require_manage(actor, book.path)
    book = RuleBook.objects.select_for_update().select_related("org_unit").get(pk=book.pk)
    _locked(book)
    if item is not None and item.book_id != book.pk:
        raise ValidationError({"item": "条目不属于本版细则"})
    v = _values(fields, item)
    village = _is_village_book(book)
    if village:
        district = item.based_on if item is not None else _district_item_for(book, fields.get("based_on"))
        if item is None and book.items.filter(based_on__code=district.code).exists():
            raise ValidationError({"based_on": f"本版细则已采用“{district.code} {district.name}”"})
        base = item or district
        kept = {f: fields[f] if f in fields else getattr(base, f) for f in VILLAGE_FIELDS}
        v = {f: getattr(district, f) for f in ITEM_FIELDS}
        v.update(kept, min_points=None, max_points=None)
        errors = check_village(v, district) or check_cap(v)
    else:
        district = None
        errors = check_district(book, v, item)
        errors = errors or check_cap(v)
    if not errors:
        try:
            v["proposers"] = clean_roles(v.get("proposers"), "proposers", "可申报角色", access.PROPOSE_POINTS)
            v["approvers"] = clean_roles(v.get("approvers"), "approvers", "可审核角色", access.APPROVE_POINTS)
        except ValidationError as exc:
            errors = exc.error_dict
    if errors:
        raise ValidationError(errors)
    before = {f: _plain(getattr(item, f)) for f in ITEM_FIELDS} if item else None
    target = item or RuleItem(book=book, based_on=district)
    for f in ITEM_FIELDS:
        setattr(target, f, v.get(f))
    target.cap_period = v.get("cap_period") or ""
    target.evidence_required = bool(v.get("evidence_required"))
    target.save()
    after = {f: _plain(getattr(target, f)) for f in ITEM_FIELDS}
    changed = {f: [before[f], after[f]] for f in ITEM_FIELDS if before and before[f] != after[f]}
    audit.record(actor=actor.user, action="points.rules.item.change" if item else "points.rules.item.add",
                 obj=target, scope_path=book.path, changes=changed if item else after)
    return target


def _plain(value):
    return value.code if isinstance(value, Category) else value


@transaction.atomic
def remove_item(*, actor: Actor, item: RuleItem) -> None:
    book = item.book
    _require_manage(actor, book.path)
    book = RuleBook.objects.select_for_update().get(pk=book.pk)
    _locked(book)
    if item.claims.exists():
        raise ValidationError({"item": f"“{item}”已有积分申报，不能删除"})
    audit.record(actor=actor.user, action="points.rules.item.remove", obj=item, scope_path=book.path,
                 changes={"code": item.code, "name": item.name, "points": item.points})
    item.delete()


# --- Categories (names and colours are configuration) ----------------------------------------------------

COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
CODE = re.compile(r"^[a-z][a-z0-9_]{0,15}$")


@transaction.atomic
def save_category(*, actor: Actor, scheme: Scheme, category: Category | None = None, code: str = "",
                  name: str, colour: str = "", order: int | None = None) -> Category:
    """Add or rename/recolour a category of the scheme: the scheme's owner (the district) only. Its code,
    which ledger entries carry, does not change once set."""
    _require_manage(actor, scheme.path)
    if category is not None and category.scheme_id != scheme.pk:
        raise ValidationError({"category": "类别不属于本方案"})
    errors = {}
    code = category.code if category else (code or "").strip()
    if category is None:
        if not CODE.match(code):
            errors["code"] = "代码为小写英文字母开头的字母、数字或下划线，不超过 16 个字符"
        elif scheme.categories.filter(code=code).exists():
            errors["code"] = f"本方案已有代码为“{code}”的类别"
    name = (name or "").strip()
    if not name:
        errors["name"] = "请填写类别名称"
    elif len(name) > 50:
        errors["name"] = "类别名称不超过 50 个字"
    elif scheme.categories.filter(name=name).exclude(pk=category.pk if category else None).exists():
        errors["name"] = f"本方案已有名为“{name}”的类别"
    colour = (colour or "").strip()
    if colour and not COLOUR.match(colour):
        errors["colour"] = "颜色应为 #RRGGBB 形式的十六进制色值，如 #d7191c"
    if order is not None and not 0 <= order <= 999:
        errors["order"] = "顺序应在 0–999 之间"
    if errors:
        raise ValidationError(errors)
    before = {"name": category.name, "colour": category.colour, "order": category.order} if category else None
    target = category or Category(scheme=scheme, code=code)
    target.name, target.colour = name, colour.lower()
    if order is not None:
        target.order = order
    elif category is None:
        target.order = (scheme.categories.aggregate(n=Max("order"))["n"] or 0) + 1
    target.save()
    audit.record(actor=actor.user, action="points.rules.category", obj=target, scope_path=scheme.path,
                 changes={"before": before, "after": {"code": code, "name": name, "colour": target.colour,
                                                      "order": target.order}})
    return target
